"""The Training page's drawing: messages, each run's numbers, and the sections as lazy tabs.

Below the headline numbers the sections are tabs (curves, decision regions with the
replay scrubber, the logistic-regression gradient): only the open one is drawn.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from explorer.training.compute import Report, Results, curves_figures, regions_figure
from explorer.training.inputs import REPLAY, REPLAY_END, Controls
from explorer.training.logistic_text import (
    gradient_columns,
    gradient_text,
    logistic_latex,
    number_table,
    table_csv,
)
from explorer.training.wording import (
    SECTIONS,
    format_metric,
    intro,
    parse_beta,
    points_note,
    run_label,
)
from explorer.widgets import chart, csv_download
from xentcore.registry import loss_entry
from xentcore.training import (
    Dataset,
    TrainingRun,
    logistic_example,
    logistic_regression_gradient,
)

__all__ = [
    "draw",
    "progress_bar",
    "show_curves",
    "show_intro",
    "show_logistic",
    "show_problems",
    "show_replay",
    "show_results",
]

Runs = list[tuple[str, TrainingRun, tuple]]


def show_intro(unit: str) -> None:
    st.markdown(intro(unit))


def show_problems(controls: Controls) -> None:
    """What is wrong with the controls: errors (nothing is trained), then warnings."""
    for message in controls.errors:
        st.error(message, icon=":material/error:")
    for message in controls.warnings:
        st.warning(message, icon=":material/warning:")


#: Seconds between two redraws of the training progress bar.
PROGRESS_EVERY = 0.1


@contextmanager
def progress_bar() -> Iterator[Report]:
    """A progress bar, drawn only if a run has to be trained, and gone afterwards.

    Redrawn at most every ``PROGRESS_EVERY`` seconds: each redraw is a message to the
    browser, and a 70 ms run reporting 50 steps spent a sixth of its time drawing them.
    """
    slot = None
    drawn = -math.inf

    def report(value: float, text: str) -> None:
        nonlocal slot, drawn
        now = time.monotonic()
        if slot is not None and now - drawn < PROGRESS_EVERY:
            return
        if slot is None:
            slot = st.empty()
        slot.progress(value, text=text)
        drawn = now

    try:
        yield report
    finally:
        if slot is not None:
            slot.empty()


def draw(results: Results, unit: str, base: int | None) -> None:
    """The notes about the data and the runs, each run's numbers, then the tabs."""
    for note in results.notes:
        getattr(st, note.level)(note.text, icon=note.icon)
    show_results(results.data, results.runs, unit, base)


def _run_metrics(which: str, run: TrainingRun, color: str, unit: str, base) -> None:
    st.markdown(f":{color}[**{run_label(which, run.loss.name)}**] after {run.steps_done:,} steps")
    cols = st.container(horizontal=True, gap="small")  # unbordered, unlike metric_row
    cols.metric(
        f"Run {which} cross-entropy",
        format_metric(float(run.cross_entropy_in(base)[-1]), unit),
        help="The plain cross-entropy of the predictions, whatever loss the run minimises: "
        "the same yardstick for both runs.",
    )
    cols.metric(f"Run {which} accuracy", f"{float(run.accuracy[-1]):.1%}")
    cols.metric(
        f"Run {which} mean confidence",
        f"{float(run.confidence[-1]):.3f}",
        help="The average over the points of the largest predicted probability.",
    )
    # Squared error is a squared difference of probabilities: it has no unit.
    objective_unit = "nats" if loss_entry(run.loss.name).has_unit else ""
    cols.metric(
        f"Run {which} training loss",
        format_metric(float(run.objective[-1]), objective_unit),
        help="The loss this run minimises, the quantity gradient descent sees: in nats "
        "(natural log) for the cross-entropy family; squared error has no unit.",
    )


def _replay_step(options: list[int], claim: bool = True) -> int:
    """Keep the scrubber's step valid; follow the newest step if it was at the end.

    ``claim=False`` only reads it (the Curves tab marks the replayed step without
    drawing the scrubber).
    """
    ss = st.session_state
    current = ss.get(REPLAY)
    if current not in options or current == ss.get(REPLAY_END):
        current = options[-1]
    if claim:
        ss[REPLAY] = current
        ss[REPLAY_END] = options[-1]
    return current


def show_results(data: Dataset | None, runs: Runs, unit: str, base) -> None:
    """The headline numbers of each run, then the sections as lazy tabs: the curves of
    both runs, the decision regions with the replay scrubber, and the
    logistic-regression gradient. Only the open tab is drawn."""
    colors = {"A": "blue", "B": "orange"}
    for which, run, _ in runs:
        _run_metrics(which, run, colors[which], unit, base)
    tabs = st.tabs(SECTIONS, key="train_section", on_change="rerun")
    for name, tab in zip(SECTIONS, tabs, strict=True):
        if not tab.open:
            continue
        with tab:
            if name == SECTIONS[2]:
                show_logistic(data)
            elif not runs:
                st.info("Fix the settings above to train the runs.", icon=":material/info:")
            elif name == SECTIONS[0]:
                show_curves(data, runs, unit)
            else:
                show_replay(data, runs, unit, base)


def show_curves(data: Dataset, runs: Runs, unit: str) -> None:
    """Cross-entropy, accuracy and mean confidence of both runs against the step."""
    step = _replay_step([int(s) for s in runs[0][1].snapshot_steps], claim=False)
    row = st.container(horizontal=True, gap="medium")
    figs = curves_figures(runs, unit, step)
    for fig, key in zip(figs, ("train_ce_chart", "train_acc_chart"), strict=True):
        chart(fig, key=key, where=row)
    st.caption(
        f"The dotted line marks step {step:,}, the step the Decision regions tab replays. "
        + points_note(data.counts)
    )


@st.fragment
def show_replay(data: Dataset, runs: Runs, unit: str, base) -> None:
    """The replay scrubber, the numbers at its step, and the decision regions of the runs.

    A fragment: moving the scrubber reruns only this function, and everything it needs
    is cached, so replaying never retrains.
    """
    options = [int(s) for s in runs[0][1].snapshot_steps]
    if len(options) > 1:
        _replay_step(options)
        step = st.select_slider(
            "Replay: step to show (the recorded steps)",
            options=options,
            key=REPLAY,
            persist_state="session",  # kept while another tab is open
            help=f"Up to {len(options)} snapshots of the weights are kept per run.",
        )
    else:
        step = options[0]
    summary = []
    for which, run, _ in runs:
        t = min(step, run.steps_done)
        summary.append(
            f"{run_label(which, run.loss.name)}: cross-entropy "
            f"{format_metric(float(run.cross_entropy_in(base)[t]), unit)}, "
            f"accuracy {float(run.accuracy[t]):.1%}, mean confidence {float(run.confidence[t]):.3f}"
        )
    st.markdown(f"**Step {step:,}** — " + "; ".join(summary) + ".")
    row = st.container(horizontal=True, gap="medium")
    for which, run, key in runs:
        chart(
            regions_figure(key, which, run.snapshot_step_at(step), run),
            key=f"train_regions_{which}",
            where=row,
        )
    st.caption(
        "Each region takes the colour of the class the model predicts there, stronger "
        "where it is more confident. " + points_note(data.counts)
    )


def show_logistic(data: Dataset | None) -> None:
    """The identity ∇β L = Xᵀ(ŷ − y)/N, next to the numbers it is made of."""
    st.subheader("Logistic regression: the gradient, with its numbers", anchor=False)
    st.markdown(
        "For two classes the softmax becomes the sigmoid, ŷ = σ(xβ), and the gradient of "
        "the mean binary cross-entropy is the features weighted by the errors ŷ − y. Here "
        "are the first 6 points of the data above, with y = 1 for class 1 and 0 otherwise, "
        "and a column of ones for the bias β₀."
    )
    st.latex(r"\nabla_\beta L = \frac{1}{N}\,X^\top(\hat y - y), \qquad \hat y = \sigma(X\beta)")
    left, right = st.columns([1.2, 1], gap="large")
    beta_text = left.text_input(
        "β = (β₀, β₁, β₂), the bias first",
        key="train_beta",
        persist_state="session",  # kept while another tab is open
        help="Three comma-separated numbers, e.g. 0.5, -1, 2.",
    )
    if data is None:
        left.info("Fix the data settings above to see this example.", icon=":material/info:")
        return
    beta, problem = parse_beta(beta_text)
    if problem is not None:
        left.error(problem, icon=":material/error:")
        return
    X, y = logistic_example(data, 6, positive_class=1)
    g = logistic_regression_gradient(X, y, beta)
    columns = gradient_columns(g)
    left.markdown(number_table(columns))
    csv_download(
        "Download the table (CSV)",
        lambda: table_csv(columns),
        "logistic_gradient.csv",
        "train_logistic_csv",
        where=left,
    )
    right.markdown(gradient_text(g))
    st.latex(logistic_latex(g.design, g.residual, g.gradient))
