"""The Gradient step section: one step z ← z − η ∂L/∂z per press, and the loss along them.

The logits before and after each step are kept in ``st.session_state[PATH_KEY]``; the
history is forgotten as soon as the logits change any other way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from explorer.softmax import compute
from explorer.softmax.compute import SoftmaxResults
from explorer.softmax.figures import loss_history_figure
from explorer.softmax.inputs import PATH_KEY, STEP_ERROR_KEY, SoftmaxInputs
from explorer.softmax.limits import MAX_PATH
from explorer.softmax.tables import metric_stack, number_table
from explorer.softmax.wording import lr_problem
from explorer.text import format_value
from explorer.widgets import Metric, chart
from xentcore import softmax

__all__ = ["show_step"]


def _forget_steps() -> None:
    st.session_state.pop(PATH_KEY, None)


def _step_path(logits: Sequence[float]) -> list[list[float]]:
    """The logits before and after each step so far, ending at ``logits``."""
    path = st.session_state.get(PATH_KEY) or []
    if path and path[-1] == [float(v) for v in logits]:
        return path
    st.session_state.pop(PATH_KEY, None)
    return []


def _take_gradient_step(kwargs: dict[str, Any]) -> None:
    # z ← z − lr·∂L/∂z on the session's logits; a failed step leaves them alone and says why.
    ss = st.session_state
    logits = [float(v) for v in ss["logits"]]
    try:
        after = compute.step_after(logits, kwargs)
    except ValueError as err:
        ss[STEP_ERROR_KEY] = f"The step was not taken: {err}."
        return
    path = _step_path(logits) or [logits]
    ss[PATH_KEY] = [*path, after][-MAX_PATH:]
    ss["logits"] = after
    ss.pop(STEP_ERROR_KEY, None)


def _step_controls(inputs: SoftmaxInputs, results: SoftmaxResults) -> None:
    """The learning rate and the two buttons, with what stops a step."""
    s1, s2, s3 = st.columns(3, vertical_alignment="bottom")
    lr = s1.number_input(
        "Learning rate η",
        key="lr",
        format="%g",
        step=0.1,
        help="Try 0.1, 1, 10 and 1e6.",
        persist_state="session",
    )
    lr_message = lr_problem(lr)
    s2.button(
        "Take one gradient step",
        key="step",
        type="primary",
        icon=":material/arrow_downward:",
        on_click=_take_gradient_step,
        args=({"target": inputs.target, "lr": lr, **inputs.loss_kwargs},),
        disabled=results.example is None or lr_message is not None,
    )
    s3.button("Forget the steps", key="forget_steps", on_click=_forget_steps)
    if lr_message:
        st.error(lr_message, icon=":material/error:")
    if step_error := st.session_state.pop(STEP_ERROR_KEY, None):
        st.error(step_error, icon=":material/error:")


def _step_history(inputs: SoftmaxInputs, path: list[list[float]], unit: str, base) -> None:
    """The loss after the last step, the logits before and after it, the loss curve."""
    losses = compute.path_losses(path, inputs, base)
    h1, h2 = st.columns([1, 1.2], gap="large")
    change = f"{losses[-1] - losses[-2]:+.4g} {unit} (from {format_value(losses[-2], unit, 4)})"
    metric_stack(
        h1,
        [
            Metric(
                f"Loss after step {len(path) - 1}",
                format_value(losses[-1], unit, 4),
                delta=change,
                delta_color="inverse",
            )
        ],
    )
    table = pd.DataFrame(
        {
            "class": inputs.labels,
            "logit before": path[-2],
            "logit after": path[-1],
            "p before": softmax(path[-2], temperature=inputs.temperature),
            "p after": softmax(path[-1], temperature=inputs.temperature),
        }
    )
    number_table(
        h1,
        table,
        "step_table",
        ("Download the logits before and after (CSV)", "gradient_step.csv", "step_csv"),
        number_format="%.6g",
    )
    chart(loss_history_figure(losses, unit), key="history_chart", where=h2)
    h2.caption(
        f"The loss at the start and after each of the {len(path) - 1} steps so far (under "
        "the current settings). Changing the logits by hand starts a new history."
    )


def show_step(inputs: SoftmaxInputs, results: SoftmaxResults, unit: str, base) -> None:
    """The Gradient step tab."""
    st.subheader("Take one gradient step", anchor="step")
    st.markdown(
        "Gradient descent moves every logit against its gradient, "
        r"$z \leftarrow z - \eta\,\partial L/\partial z$: the loss falls if the learning rate "
        r"$\eta$ is not too large."
    )
    _step_controls(inputs, results)
    path = _step_path(inputs.logits)
    if results.example is None or len(path) < 2:
        st.caption(
            "Press the button: the logits above change, and the loss before → after shows here."
        )
        return
    _step_history(inputs, path, unit, base)
