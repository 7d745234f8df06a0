"""The Softmax & logits page, section by section: its inputs, messages and drawing.

``pages/2_Softmax_and_logits.py`` wires these together: :func:`read_inputs` (the
widgets), :func:`compute` (``xentcore.comparison``), then one ``show_*`` per section.
The sections live here rather than in the page script because Streamlit re-parses the
page script on every run (its "magic" pass costs time in proportion to the script's
length and nesting), while an imported module is compiled once.

Lists of numbers (logits, soft target, class weights) live in
``st.session_state[param.key]`` as lists of floats: what the URL, presets and "Reset
this page" set. The text box the learner edits has its own key ``f"{param.key}_text"``:
a good text replaces the list; a bad one leaves the list as it was and yields a message
naming the field and the fix. When the list changes elsewhere (a preset, reset, a
gradient step, a link), the text box follows it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import streamlit as st

from explorer.figures_softmax import (
    gradient_figure,
    loss_history_figure,
    softmax_figure,
    temperature_entropy_figure,
)
from explorer.presets import PRESETS, active_preset, preset_digits
from explorer.state import MAX_PARAM_CHARS, PageState, Param, choice, integer, number, numbers
from explorer.text import format_value
from explorer.widgets import csv_download
from xentcore import entropy, normalize, softmax
from xentcore.comparison import (
    ExampleLoss,
    TemperatureSweep,
    framework_losses,
    gradient_descent_step,
    loss_and_gradient,
    losses_along_path,
    naive_vs_stable_softmax,
    shift_invariance,
    softmax_entropy_by_temperature,
)

__all__ = [
    "EXTRA_KEYS",
    "LOGIT_LIMIT",
    "LR_LIMIT",
    "PAGE_PATH",
    "PARAMS",
    "SECTIONS",
    "SHIFT_LIMIT",
    "ListInput",
    "SoftmaxInputs",
    "SoftmaxResults",
    "class_problem",
    "compute",
    "format_numbers",
    "lr_problem",
    "number_list_input",
    "parse_numbers",
    "read_inputs",
    "shift_problem",
    "show_frameworks",
    "show_gradient",
    "show_input_problems",
    "show_logsumexp",
    "show_metrics",
    "show_preset",
    "show_sections",
    "show_shift",
    "show_softmax",
    "show_step",
    "soft_target_problem",
    "weights_problem",
]

PAGE_PATH = "pages/2_Softmax_and_logits.py"
MAX_CLASSES = 20
#: Logits beyond ±1e6 teach nothing more and only risk overflow (z / 0.05 = 2e7 is fine).
LOGIT_LIMIT = 1e6
#: The learning rate box accepts (0, 1e6]: 1e6 still gives finite, showable numbers.
LR_LIMIT = 1e6
#: The "add a constant" box accepts ±1e6, so z + c keeps the logits' differences exact.
SHIFT_LIMIT = 1e6
#: At most this many logit vectors in the step history (the first one is the start).
MAX_PATH = 31
#: Session keys of the gradient-step history (logits after each step) and its last error.
PATH_KEY = "_softmax_step_path"
STEP_ERROR_KEY = "_softmax_step_error"

LOGITS = numbers(
    "logits", [2.0, 1.0, 0.1], min_len=2, max_len=MAX_CLASSES, lo=-LOGIT_LIMIT, hi=LOGIT_LIMIT
)
SOFT = numbers("soft", [0.7, 0.2, 0.1], min_len=2, max_len=MAX_CLASSES, lo=0.0, hi=1e6)
# Empty means "every class weight 1", so a preset with any number of classes works.
WEIGHTS = numbers("weights", [], min_len=2, max_len=MAX_CLASSES, lo=0.0, hi=1e6)
TARGETS = {"class": "a class", "soft": "a soft distribution"}
#: The page's deeper sections, one tab each; only the open one runs (lazy tabs).
SECTIONS = [
    "Softmax & temperature",
    "Loss & gradient",
    "Gradient step",
    "Adding a constant",
    "Log-sum-exp",
    "Frameworks",
]
SCALES = ["1", "10", "100", "1000"]
PARAMS: list[Param] = [
    LOGITS,
    number("temperature", 1.0, 0.05, 10.0),
    choice("target", "class", list(TARGETS)),
    integer("cls", 0, 0, MAX_CLASSES - 1),
    SOFT,
    number("eps", 0.0, 0.0, 1.0),
    WEIGHTS,
    number("lr", 1.0, 1e-6, LR_LIMIT),
    number("shift", 0.0, -SHIFT_LIMIT, SHIFT_LIMIT),
    choice("scale", "1000", SCALES),
    choice("section", SECTIONS[0], SECTIONS),
]


# --- lists of numbers typed as text -------------------------------------------------


class ListInput(NamedTuple):
    """The current list (always valid for its param) and the message of a rejected text."""

    values: list[float]
    error: str | None


def format_numbers(values: Sequence[float]) -> str:
    """Write a list for the text box: short, and exact enough to round-trip.

    >>> format_numbers([2.0, 1.0, 0.1, -3.5e-07])
    '2, 1, 0.1, -3.5e-07'
    """
    return ", ".join(f"{float(v):.12g}" for v in values)


def parse_numbers(param: Param, text: str, *, name: str, allow_empty: bool = False) -> list[float]:
    """Parse typed text by the param's own rules (as a URL value); commas or spaces separate.

    Raises ``ValueError`` with a message that names the field and says what to type.

    >>> p = numbers("logits", [0.0, 0.0], min_len=2)
    >>> parse_numbers(p, "2 1; 0.1", name="Logits")
    [2.0, 1.0, 0.1]
    >>> parse_numbers(p, "2, abc", name="Logits")
    Traceback (most recent call last):
    ...
    ValueError: Logits: value 2 ('abc') is not a number. Type 2 to 50 comma-separated numbers.
    """
    if len(text) > MAX_PARAM_CHARS:
        raise ValueError(
            f"{name}: the text is {len(text):,} characters long (at most "
            f"{MAX_PARAM_CHARS:,}). Type {param.expects}."
        )
    parts = [part for part in re.split(r"[\s,;]+", text.strip()) if part]
    if not parts:
        if allow_empty:
            return []
        raise ValueError(f"{name} is empty. Type {param.expects}.")
    try:
        return [float(v) for v in param.parse(",".join(parts))]
    except ValueError as err:
        raise ValueError(f"{name}: {err}. Type {param.expects}.") from None


def _list_keys(param: Param) -> list[str]:
    """Session keys the text box of ``param`` owns: text, list last shown, last error."""
    return [f"{param.key}_text", f"_{param.key}_shown", f"_{param.key}_error"]


#: Session keys "Reset this page" must clear besides the params.
EXTRA_KEYS = [
    *_list_keys(LOGITS),
    *_list_keys(SOFT),
    *_list_keys(WEIGHTS),
    PATH_KEY,
    STEP_ERROR_KEY,
]


def _text_changed(param: Param, name: str, allow_empty: bool) -> None:
    # on_change callback: runs before the script, so it may set the list.
    text_key, shown_key, error_key = _list_keys(param)
    try:
        text = st.session_state[text_key]
        values = parse_numbers(param, text, name=name, allow_empty=allow_empty)
    except ValueError as err:
        st.session_state[error_key] = str(err)
        return
    st.session_state[param.key] = values
    st.session_state[shown_key] = list(values)
    st.session_state.pop(error_key, None)


def number_list_input(
    param: Param,
    label: str,
    *,
    name: str,
    help: str,
    placeholder: str | None = None,
    allow_empty: bool = False,
) -> ListInput:
    """A text box bound to the list ``st.session_state[param.key]`` (see the module doc).

    ``label`` is the widget's label, ``name`` how messages call the field ("Logits").
    """
    text_key, shown_key, error_key = _list_keys(param)
    ss = st.session_state
    current = [float(v) for v in ss[param.key]]
    if text_key not in ss or ss.get(shown_key) != current:
        # The list changed elsewhere (or the page is new): show it, forget an old error.
        ss[text_key] = format_numbers(current)
        ss[shown_key] = current
        ss.pop(error_key, None)
    st.text_input(
        label,
        key=text_key,
        on_change=_text_changed,
        args=(param, name, allow_empty),
        help=help,
        placeholder=placeholder,
    )
    return ListInput(current, ss.get(error_key))


# --- messages: what is wrong, and how to fix it ---------------------------------------


def class_problem(cls: int, n_classes: int) -> str | None:
    """Say what is wrong with the target class.

    >>> class_problem(1, 3) is None
    True
    >>> class_problem(5, 3)
    'Target class 5 does not exist: with 3 logits the classes are 0 to 2. Pick a class from 0 to 2.'
    """
    if 0 <= cls < n_classes:
        return None
    return (
        f"Target class {cls} does not exist: with {n_classes} logits the classes are 0 to "
        f"{n_classes - 1}. Pick a class from 0 to {n_classes - 1}."
    )


def soft_target_problem(values: Sequence[float], n_classes: int) -> str | None:
    """Say what is wrong with a soft target.

    >>> soft_target_problem([0.7, 0.2, 0.1], 3) is None
    True
    >>> print(soft_target_problem([0.5, 0.4, 0.3], 3))
    Soft target sums to 1.2, not 1. Probabilities must add up to 1: edit them or press Renormalise.
    """
    if len(values) != n_classes:
        return (
            f"Soft target has {len(values)} probabilities but there are {n_classes} logits. "
            f"Type {n_classes} probabilities, or press Uniform."
        )
    if any(not math.isfinite(v) or v < 0 for v in values):
        return "Soft target has a negative or non-numeric entry. Type numbers from 0 to 1."
    total = math.fsum(values)
    if total == 0:
        return "Soft target is all zeros. Give at least one class a positive probability."
    if abs(total - 1.0) > 1e-9:
        return (
            f"Soft target sums to {total:.6g}, not 1. Probabilities must add up to 1: "
            "edit them or press Renormalise."
        )
    return None


def weights_problem(values: Sequence[float], n_classes: int) -> str | None:
    """Say what is wrong with the class weights (empty means every weight is 1).

    >>> weights_problem([], 5) is None
    True
    >>> weights_problem([1.0, 2.0], 3)
    'Class weights: 2 weights for 3 classes. Type 3 weights, or empty the box (every weight 1).'
    """
    if values and len(values) != n_classes:
        return (
            f"Class weights: {len(values)} weights for {n_classes} classes. Type {n_classes} "
            "weights, or empty the box (every weight 1)."
        )
    return None


def lr_problem(lr: float) -> str | None:
    """Say what is wrong with the learning rate.

    >>> lr_problem(0.5) is None
    True
    >>> lr_problem(0.0)
    'Learning rate must be above 0 (it is 0): a step of size 0 does not move the logits. Try 1.'
    """
    if not math.isfinite(lr):
        return "Learning rate is not a number. Type a number above 0, e.g. 1."
    if lr == 0:
        return (
            "Learning rate must be above 0 (it is 0): a step of size 0 does not move the "
            "logits. Try 1."
        )
    if lr < 0:
        return (
            f"Learning rate must be above 0 (it is {lr:g}): a negative step climbs the loss. Try 1."
        )
    if lr > LR_LIMIT:
        return f"Learning rate {lr:g} is above the limit {LR_LIMIT:g}. Type a smaller one, e.g. 1."
    return None


def shift_problem(shift: float) -> str | None:
    """Say what is wrong with the constant added to every logit.

    >>> shift_problem(1e9)
    'The constant 1e+09 is beyond ±1e+06. Type a number from -1e+06 to 1e+06.'
    """
    if not math.isfinite(shift) or abs(shift) > SHIFT_LIMIT:
        return (
            f"The constant {shift:g} is beyond ±{SHIFT_LIMIT:g}. Type a number from "
            f"{-SHIFT_LIMIT:g} to {SHIFT_LIMIT:g}."
        )
    return None


# --- button callbacks: they run before the widgets are drawn again -----------------


def _renormalise_soft() -> None:
    try:
        st.session_state["soft"] = [float(v) for v in normalize(st.session_state["soft"])]
    except ValueError:
        st.session_state["_soft_error"] = (
            "Renormalise needs a soft target with at least one positive entry; type one first."
        )


def _uniform_soft(n_classes: int) -> None:
    st.session_state["soft"] = [1.0 / n_classes] * n_classes


def _show_disagreement() -> None:
    # Logits whose target probability (≈4e-18) is below Keras' and scikit-learn's clips.
    st.session_state.update({"logits": [40.0, 20.0, 0.0], "target": "class", "cls": 2})


def _forget_steps() -> None:
    st.session_state.pop(PATH_KEY, None)


def _step_path(logits: Sequence[float]) -> list[list[float]]:
    """The logits before and after each step so far, ending at ``logits``.

    The history is forgotten as soon as the logits change any other way.
    """
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
        step = gradient_descent_step(logits, max_abs_logit=LOGIT_LIMIT, **kwargs)
    except ValueError as err:
        ss[STEP_ERROR_KEY] = f"The step was not taken: {err}."
        return
    after = [float(v) for v in step.after]
    path = _step_path(logits) or [logits]
    ss[PATH_KEY] = [*path, after][-MAX_PATH:]
    ss["logits"] = after
    ss.pop(STEP_ERROR_KEY, None)


def _probability(p: float) -> str:
    """Four decimals, or three significant digits when that would show 0.0000.

    >>> _probability(0.659), _probability(4.248e-18), _probability(0.0)
    ('0.6590', '4.25e-18', '0.0000')
    """
    return f"{p:.3g}" if 0 < p < 5e-5 else f"{p:.4f}"


# --- 1. read inputs -------------------------------------------------------------------


@dataclass(frozen=True)
class SoftmaxInputs:
    """The page's main inputs as drawn, with the valid target and weights (None if not)."""

    logits: list[float]
    temperature: float
    target_kind: str
    cls: int
    soft: list[float]
    eps: float
    weights: list[float]
    rejected: list[str]  # messages about rejected texts (the last valid list is used)
    problems: list[str]  # messages that stop the loss from being computed
    target: int | list[float] | None
    weight: list[float] | None

    @property
    def labels(self) -> list[str]:
        return [f"class {i}" for i in range(len(self.logits))]

    @property
    def loss_kwargs(self) -> dict[str, Any]:
        return {"weight": self.weight, "label_smoothing": self.eps, "temperature": self.temperature}


def read_inputs() -> SoftmaxInputs:
    """Draw the input panel and return what it holds, with the problems found."""
    with st.container(border=True):
        col_z, col_y, col_w = st.columns([1.2, 1, 1], gap="large")
    with col_z:
        logits_in = number_list_input(
            LOGITS,
            f"Logits z (2 to {MAX_CLASSES} numbers)",
            name="Logits",
            help="One score per class, separated by commas. Any real numbers: they need not "
            "be positive or sum to anything.",
            placeholder="2, 1, 0.1",
        )
        temperature = st.slider(
            "Temperature T",
            0.05,
            10.0,
            step=0.05,
            key="temperature",
            help="Softmax of z / T: T < 1 sharpens the probabilities, T > 1 flattens them.",
        )
    n_classes = len(logits_in.values)
    with col_y:
        target_kind = st.radio(
            "Target", list(TARGETS), format_func=TARGETS.get, key="target", horizontal=True
        )
        soft_mode = target_kind == "soft"
        cls = st.number_input(
            "Target class",
            step=1,
            key="cls",
            disabled=soft_mode,
            help=f"The true class, from 0 to {n_classes - 1}.",
        )
        soft_in = number_list_input(
            SOFT,
            "Soft target q (one probability per class)",
            name="Soft target",
            help="A distribution over the classes, e.g. from a teacher model or averaged labels.",
            placeholder="0.7, 0.2, 0.1",
        )
        buttons = st.container(horizontal=True)
        buttons.button(
            "Renormalise",
            key="soft_renormalise",
            on_click=_renormalise_soft,
            disabled=not soft_mode,
            help="Divide the soft target by its sum so that it adds up to 1.",
        )
        buttons.button(
            "Uniform",
            key="soft_uniform",
            on_click=_uniform_soft,
            args=(n_classes,),
            disabled=not soft_mode,
            help=f"Set the soft target to 1/{n_classes} for every class.",
        )
    with col_w:
        eps = st.slider(
            "Label smoothing ε",
            0.0,
            1.0,
            step=0.01,
            key="eps",
            help="Mixes the target with the uniform distribution: y′ = (1 − ε) y + ε / C.",
        )
        weights_in = number_list_input(
            WEIGHTS,
            "Class weights w (empty: every weight 1)",
            name="Class weights",
            help="One non-negative weight per class, e.g. to up-weight a rare class.",
            placeholder="every weight 1",
            allow_empty=True,
        )

    rejected = [
        f"{entry.error} Until then the page uses the last valid {what}: "
        f"{format_numbers(entry.values) or 'every weight 1'}."
        for what, entry in (
            ("logits", logits_in),
            ("soft target", soft_in),
            ("class weights", weights_in),
        )
        if entry.error
    ]
    if soft_mode:
        target_problem = soft_target_problem(soft_in.values, n_classes)
        target = None if target_problem else soft_in.values
    else:
        target_problem = class_problem(int(cls), n_classes)
        target = None if target_problem else int(cls)
    weight_problem = weights_problem(weights_in.values, n_classes)
    return SoftmaxInputs(
        logits=logits_in.values,
        temperature=float(temperature),
        target_kind=target_kind,
        cls=int(cls),
        soft=soft_in.values,
        eps=float(eps),
        weights=weights_in.values,
        rejected=rejected,
        problems=[p for p in (target_problem, weight_problem) if p],
        target=target,
        weight=(weights_in.values or None) if weight_problem is None else None,
    )


def show_input_problems(inputs: SoftmaxInputs) -> None:
    for message in [*inputs.rejected, *inputs.problems]:
        st.error(message, icon=":material/error:")


# --- 2. compute -------------------------------------------------------------------------


@dataclass(frozen=True)
class SoftmaxResults:
    """What xentcore says about the inputs; ``example`` is None while an input is invalid."""

    example: ExampleLoss | None
    probs: np.ndarray
    entropy: float
    sweep: TemperatureSweep
    error: str | None


def compute(inputs: SoftmaxInputs, base: float | None) -> SoftmaxResults:
    """Softmax and its entropy always; the loss and gradient when the target is valid."""
    example, error = None, None
    if not inputs.problems:
        try:
            example = loss_and_gradient(
                inputs.logits, inputs.target, base=base, **inputs.loss_kwargs
            )
        except ValueError as err:
            error = f"{err}. Change the input it names."
    probs = softmax(inputs.logits, temperature=inputs.temperature)
    return SoftmaxResults(
        example=example,
        probs=probs,
        entropy=float(entropy(probs, base=base)),
        sweep=softmax_entropy_by_temperature(inputs.logits, base=base),
        error=error,
    )


# --- 3. draw ----------------------------------------------------------------------------


def show_preset(slot, state: PageState, results: SoftmaxResults, unit: str) -> None:
    """The active worked example's number (computed live) and the preset buttons."""
    with slot:
        preset = active_preset(PAGE_PATH, {**state.values(), "unit": unit})
        if preset is not None and results.example is not None:
            st.info(
                f"Worked example {preset.example}: {preset.quantity} = "
                f"{format_value(results.example.loss, unit, digits=preset_digits(preset))}",
                icon=":material/school:",
            )
        for p in PRESETS:
            if p.page == PAGE_PATH:
                st.button(
                    f"Example {p.example}: {p.title}",
                    key=f"preset_{p.id}",
                    icon=":material/play_circle:",
                    on_click=state.apply_preset,
                    args=(p.id,),
                )


def show_metrics(inputs: SoftmaxInputs, results: SoftmaxResults, unit: str, base) -> None:
    if results.error:
        st.error(results.error, icon=":material/error:")
    example = results.example
    row = st.container(horizontal=True)  # one flex row: fewer elements than columns
    row.metric(
        "Loss L",
        format_value(example.loss, unit, 4) if example else "—",
        help="−Σ w_c y′_c log p_c for this one example (PyTorch's reduction='sum').",
        border=True,
    )
    if inputs.target_kind == "class":
        row.metric(
            "p of the target class",
            _probability(results.probs[inputs.cls]) if example else "—",
            help="The probability softmax gives the true class; without weights or "
            "smoothing the loss is −log of it.",
            border=True,
        )
    else:
        row.metric(
            "Entropy of the target H(q)",
            format_value(entropy(inputs.soft, base=base), unit, 4) if example else "—",
            help="The lowest loss any prediction can reach for this soft target "
            "(all weights 1, ε = 0).",
            border=True,
        )
    row.metric(
        "Entropy of the softmax H(p)",
        format_value(results.entropy, unit, 4),
        help="How spread out the predicted probabilities are: 0 for a certain prediction, "
        f"log C = {format_value(results.sweep.max_entropy, unit)} for the uniform one.",
        border=True,
    )


def show_softmax(inputs: SoftmaxInputs, results: SoftmaxResults, unit: str) -> None:
    st.subheader("Softmax: logits become probabilities", anchor="softmax")
    c1, c2 = st.columns(2, gap="large")
    target = results.example.smoothed_target if results.example else None
    c1.plotly_chart(
        softmax_figure(inputs.labels, results.probs, target),
        width="stretch",
        theme=None,
        key="softmax_chart",
    )
    sweep = results.sweep
    c2.plotly_chart(
        temperature_entropy_figure(
            sweep.temperatures,
            sweep.entropies,
            inputs.temperature,
            results.entropy,
            sweep.max_entropy,
            unit,
        ),
        width="stretch",
        theme=None,
        key="temperature_chart",
    )
    c2.caption(
        "Low T: softmax picks the largest logit (entropy → 0). High T: every class gets "
        "nearly the same probability (entropy → log C)."
    )


def show_gradient(inputs: SoftmaxInputs, results: SoftmaxResults, unit: str) -> None:
    st.subheader("The loss and its gradient", anchor="gradient")
    example = results.example
    if example is None:
        st.info("Fix the inputs named above to see the loss and its gradient.")
        return
    st.latex(
        r"\frac{\partial L}{\partial z_k} = \frac{1}{T}\Big(p_k \sum_c w_c y'_c - w_k y'_k\Big)"
        r"\qquad \text{which is } p_k - y'_k \text{ when } T = 1 \text{ and every } w_c = 1"
    )
    table = pd.DataFrame(
        {
            "class": inputs.labels,
            "logit z": inputs.logits,
            "softmax p": example.probs,
            "target y′": example.smoothed_target,
            "weight w": inputs.weight or [1.0] * len(inputs.logits),
            "∂L/∂z": example.grad,
        }
    )
    g1, g2 = st.columns([1.1, 1], gap="large")
    g1.dataframe(
        table,
        hide_index=True,
        key="gradient_table",
        column_config={c: st.column_config.NumberColumn(format="%.4g") for c in table.columns[1:]},
    )
    csv_download(
        "Download this table (CSV)", table, "softmax_gradient.csv", "gradient_csv", where=g1
    )
    g1.caption(
        f"Loss L = {format_value(example.loss, unit, 4)} ({example.loss_nats:.4f} nats). "
        "The gradient (of the loss in nats) always sums to 0: a step raises the logits of "
        "negative bars and lowers the others, never all together."
    )
    g2.plotly_chart(
        gradient_figure(inputs.labels, example.grad), width="stretch", theme=None, key="grad_chart"
    )


def show_step(inputs: SoftmaxInputs, results: SoftmaxResults, unit: str, base) -> None:
    st.subheader("Take one gradient step", anchor="step")
    st.markdown(
        "Gradient descent moves every logit against its gradient, "
        r"$z \leftarrow z - \eta\,\partial L/\partial z$: the loss falls if the learning rate "
        r"$\eta$ is not too large."
    )
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
    path = _step_path(inputs.logits)
    if results.example is None or len(path) < 2:
        st.caption(
            "Press the button: the logits above change, and the loss before → after shows here."
        )
        return
    losses = losses_along_path(path, inputs.target, base=base, **inputs.loss_kwargs)
    h1, h2 = st.columns([1, 1.2], gap="large")
    h1.metric(
        f"Loss after step {len(path) - 1}",
        format_value(losses[-1], unit, 4),
        delta=f"{losses[-1] - losses[-2]:+.4g} {unit} (from {format_value(losses[-2], unit, 4)})",
        delta_color="inverse",
        border=True,
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
    h1.dataframe(
        table,
        hide_index=True,
        key="step_table",
        column_config={c: st.column_config.NumberColumn(format="%.6g") for c in table.columns[1:]},
    )
    csv_download(
        "Download the logits before and after (CSV)",
        table,
        "gradient_step.csv",
        "step_csv",
        where=h1,
    )
    h2.plotly_chart(
        loss_history_figure(losses, unit), width="stretch", theme=None, key="history_chart"
    )
    h2.caption(
        f"The loss at the start and after each of the {len(path) - 1} steps so far (under "
        "the current settings). Changing the logits by hand starts a new history."
    )


def show_shift(inputs: SoftmaxInputs, results: SoftmaxResults, unit: str, base) -> None:
    st.subheader("Adding a constant to every logit changes nothing", anchor="shift")
    shift = st.columns(3)[0].number_input(
        "Constant c added to every logit",
        key="shift",
        step=1.0,
        format="%g",
        persist_state="session",
        help=f"Any number from {-SHIFT_LIMIT:g} to {SHIFT_LIMIT:g}.",
    )
    if message := shift_problem(shift):
        st.error(message, icon=":material/error:")
        return
    # The loss needs a valid target and weights; the probabilities never do.
    valid = results.example is not None
    check = shift_invariance(
        inputs.logits,
        shift,
        inputs.target if valid else None,
        base=base,
        **(inputs.loss_kwargs if valid else {"temperature": inputs.temperature}),
    )
    table = pd.DataFrame(
        {
            "class": inputs.labels,
            "z": inputs.logits,
            "z + c": check.shifted_logits,
            "softmax(z)": check.probs,
            "softmax(z + c)": check.shifted_probs,
        }
    )
    t1, t2 = st.columns([1.4, 1], gap="large")
    t1.dataframe(
        table,
        hide_index=True,
        key="shift_table",
        column_config={c: st.column_config.NumberColumn(format="%.6g") for c in table.columns[1:]},
    )
    csv_download("Download this table (CSV)", table, "softmax_shift.csv", "shift_csv", where=t1)
    if check.loss is not None:
        t2.metric("Loss of z", format_value(check.loss, unit, 4), border=True)
        t2.metric("Loss of z + c", format_value(check.shifted_loss, unit, 4), border=True)
    exact = " (exactly equal)." if check.max_prob_difference == 0 else " (float rounding)."
    t2.markdown(
        f"Largest change of a probability: **{check.max_prob_difference:.2g}**{exact} "
        "The factor e^c cancels between the numerator and the denominator of softmax."
    )


def show_logsumexp(inputs: SoftmaxInputs) -> None:
    st.subheader("Why log-sum-exp matters", anchor="logsumexp")
    st.latex(
        r"\log \sum_i e^{x_i} = m + \log \sum_i e^{x_i - m}, \qquad m = \max_i x_i"
        r"\qquad\Rightarrow\qquad "
        r"\operatorname{softmax}(x)_i = e^{x_i - m} \Big/ \sum_j e^{x_j - m}"
    )
    scale = st.radio(
        "Multiply the logits by",
        SCALES,
        format_func=lambda s: f"×{s}",
        key="scale",
        horizontal=True,
        persist_state="session",
        help="exp(x) overflows float64 for x above about 709.8.",
    )
    try:
        demo = naive_vs_stable_softmax(
            inputs.logits, scale=float(scale), temperature=inputs.temperature
        )
    except ValueError as err:
        st.error(f"{err}.", icon=":material/error:")
        return
    table = pd.DataFrame(
        {
            "class": inputs.labels,
            "x = z × scale / T": [f"{v:.6g}" for v in demo.logits],
            "naive exp(x)": [f"{v:.6g}" for v in demo.naive.exp],
            "naive exp(x) / Σ exp(x)": [f"{v:.6g}" for v in demo.naive.probs],
            "stable softmax": [f"{v:.6g}" for v in demo.stable],
        }
    )
    n1, n2 = st.columns([2.2, 1], gap="large")
    n1.dataframe(table, hide_index=True, key="naive_table")
    csv_download(
        "Download this table (CSV)", table, "naive_vs_stable_softmax.csv", "naive_csv", where=n1
    )
    n2.metric("Naive log Σ exp(x)", f"{demo.naive_logsumexp:.6g}", border=True)
    n2.metric("Stable log-sum-exp", f"{demo.logsumexp:.6g}", border=True)
    if demo.naive.overflow:
        big = ", ".join(inputs.labels[i] for i in demo.naive.overflowed)
        st.warning(
            f"Overflow: exp(x) exceeds float64's largest number (≈1.8e308) for {big}, so it "
            "becomes inf, and inf / inf = nan. The naive softmax is broken; the stable one, "
            "which subtracts the largest x first, is exact.",
            icon=":material/warning:",
        )
    elif demo.naive.underflow:
        st.warning(
            "Underflow: every exp(x) rounds to 0, so the naive softmax divides 0 by 0 = nan. "
            "The stable one subtracts the largest x first and is exact.",
            icon=":material/warning:",
        )
    else:
        st.success(
            "No overflow at this scale: the naive and the stable softmax agree. Try ×1000.",
            icon=":material/check_circle:",
        )


def show_frameworks(inputs: SoftmaxInputs, results: SoftmaxResults) -> None:
    st.subheader("What PyTorch, Keras and scikit-learn report", anchor="frameworks")
    st.markdown(
        "The same logits (divided by T) and target, given to each library. Libraries use the "
        "natural log, so these numbers are in **nats** whatever the unit in the sidebar."
    )
    st.button(
        "Show a disagreement: logits 40, 20, 0 with target class 2",
        key="demo_disagreement",
        on_click=_show_disagreement,
        help="The target's probability (≈4e-18) is below both Keras' clip (1e-7) and "
        "scikit-learn's (2.2e-16).",
    )
    if results.example is None:
        st.info("Fix the inputs named above to compare the frameworks.")
        return
    rows = framework_losses(inputs.logits, inputs.target, **inputs.loss_kwargs)
    table = pd.DataFrame(
        {
            "framework": [r["framework"] for r in rows],
            "call": [r["call"] for r in rows],
            "loss (nats)": ["—" if r["value"] is None else f"{r['value']:.6g}" for r in rows],
            "why": [r["why"] for r in rows],
        }
    ).set_index("framework")
    st.table(table)
    csv_download(
        "Download this table (CSV)", table, "framework_losses.csv", "frameworks_csv", index=True
    )
    st.caption(
        "Try weights such as 1, 2, 5 with ε = 0.1, or the disagreement button: the exact "
        "log-softmax (PyTorch, Keras from logits) stays exact, the clipped probabilities do not."
    )


def show_sections(inputs: SoftmaxInputs, results: SoftmaxResults, unit: str, base) -> None:
    """The deeper sections as tabs; only the open tab's section runs.

    Widgets inside a tab use ``persist_state="session"``, so their values (and the
    URL) survive while their tab is closed.
    """
    tabs = st.tabs(SECTIONS, key="section", on_change="rerun")
    shows = [
        lambda: show_softmax(inputs, results, unit),
        lambda: show_gradient(inputs, results, unit),
        lambda: show_step(inputs, results, unit, base),
        lambda: show_shift(inputs, results, unit, base),
        lambda: show_logsumexp(inputs),
        lambda: show_frameworks(inputs, results),
    ]
    for tab, show in zip(tabs, shows, strict=True):
        if tab.open:
            with tab:
                show()
