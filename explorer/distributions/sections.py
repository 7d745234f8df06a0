"""The Distributions page's sections, drawn from the table as read and the core's results.

They live in a module rather than the page script because Streamlit compiles a page
script on every AppTest rerun (a module is imported once): as a long page script they
were a third of a rerun.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from explorer.distributions import compute, wording
from explorer.distributions.compute import Results
from explorer.distributions.figures import blend_figure
from explorer.distributions.inputs import (
    CLASS,
    CLASSES,
    MATH,
    QUIZ,
    QUIZ_KINDS,
    QUIZ_PREFIX,
    SECTIONS,
    Areas,
    Inputs,
    TableReading,
    renormalise_column,
)
from explorer.parsing import InputProblem
from explorer.presets import Preset, preset_digits
from explorer.quiz.sections import show_quiz
from explorer.text import format_value
from explorer.widgets import Metric, chart, csv_download, metric_row
from xentcore.decomposition import PairMeasures

__all__ = [
    "draw",
    "intro",
    "show_math_and_code",
    "show_measures",
    "show_per_class",
    "show_problems",
    "show_sections",
    "show_walk",
    "show_zeros",
]

#: Messages beyond this many are summarised in one line.
MAX_MESSAGES = 12
ERROR, INFO = ":material/error:", ":material/info:"


def intro() -> None:
    """What the page is for, under its title."""
    st.markdown(wording.INTRO)


def draw(
    values: Inputs, r: Results | InputProblem | None, areas: Areas, unit: str, base: float | None
) -> float:
    """Every section below the inputs, in reading order; returns the walk's t."""
    table = values.table
    with areas.left:
        show_problems(table)
    if isinstance(r, InputProblem):  # the core refused what read_table let through
        st.error(str(r), icon=ERROR)
        r = None
    show_results(table, r, values.preset, areas, unit)
    return show_sections(table, r, unit, base)


def show_problems(table: TableReading) -> None:
    """Every problem of the table, and a Renormalise button per fixable column."""
    for message in table.errors[:MAX_MESSAGES]:
        st.error(message, icon=ERROR)
    if len(table.errors) > MAX_MESSAGES:
        st.error(wording.MORE_PROBLEMS.format(count=len(table.errors) - MAX_MESSAGES))
    for message in table.sum_problems.values():
        st.error(message, icon=":material/functions:")
    for column in table.renormalisable:
        st.button(
            f"Renormalise {column}",
            key=f"renormalise_{column}",
            icon=":material/balance:",
            on_click=renormalise_column,
            args=(column, table.names, table.p, table.q),
            help=wording.RENORMALISE_HELP.format(column=column),
        )


def show_preset_line(where: Any, preset: Preset | None, m: PairMeasures, unit: str) -> None:
    """ "Worked example 1: H(P,Q) = 3.288 bits", the number computed from the table."""
    if preset is None:
        return
    value = format_value(getattr(m, QUANTITY[preset.quantity]), unit, preset_digits(preset))
    where.success(
        wording.preset_line(preset.example, preset.quantity, value, preset.title),
        icon=":material/school:",
    )


#: Which measure each preset's "quantity" is.
QUANTITY = {"H(P,Q)": "h_pq", "H(P)": "h_p", "KL(P‖Q)": "kl_pq"}


def show_measures(m: PairMeasures, unit: str) -> None:
    """The seven measures as metrics, and the "order matters" remark."""
    st.subheader("The measures", anchor=False)
    for row in wording.METRIC_ROWS:
        metric_row([_measure(m, name, unit) for name in row])
    st.markdown(wording.order_remark(m.h_pq, m.h_qp, unit))


def _measure(m: PairMeasures, name: str, unit: str) -> Metric:
    """The metric of one measure: its label, its value in ``unit``, its help."""
    label, help_text = wording.MEASURES[name]
    return Metric(label, format_value(getattr(m, name), unit), help_text)


def show_zeros(table: TableReading, r: Results, unit: str) -> None:
    """Name the classes that make a cross-entropy infinite; show each framework's clip."""
    directions = (
        (r.zeros_pq, r.clipped_pq, "Q", table.p),
        (r.zeros_qp, r.clipped_qp, "P", table.q),
    )
    for zeros, clipped, first, weights in directions:
        if not zeros:
            continue
        st.warning(
            wording.zeros_warning(table.names, zeros, weights, first),
            icon=":material/all_inclusive:",
        )
        metrics = []
        for value in clipped:
            conv = value.convention
            label, help_text = wording.clip_metric(first, conv.name, conv.eps, conv.source)
            metrics.append(Metric(label, format_value(value.value, unit), help_text))
        metric_row(metrics)


def show_results(
    table: TableReading, r: Results | None, preset: Preset | None, areas: Areas, unit: str
) -> None:
    """P and Q, the measures, the zeros and the decomposition (always shown)."""
    with areas.right:
        if table.drawable:
            chart(compute.pq_chart(table), key="pq_chart")
        else:
            st.info(wording.NO_CHART)
    if r is None:
        st.info(wording.NO_RESULTS, icon=INFO)
        return
    m = r.measures
    show_preset_line(areas.preset_line, preset, m, unit)
    show_measures(m, unit)
    show_zeros(table, r, unit)
    st.subheader(wording.DECOMPOSITION_HEADING, anchor=False)
    fig = compute.decomposition_chart(m, unit)
    chart(fig, key="decomposition_chart")


def show_sections(table: TableReading, r: Results | None, unit: str, base: float | None) -> float:
    """The walk, the per-class view, the math and the code as lazy tabs; returns t.

    Only the open tab is drawn (and costs a rerun).

    The walk's slider keeps its value (and the link its ``walk``) while its tab is closed.
    """
    tabs = st.tabs(SECTIONS, key="dist_section", on_change="rerun")
    t = float(st.session_state.get("walk", 0.0))
    if tabs[0].open:
        with tabs[0]:
            t = show_walk(table, r, unit, base)
    for name, tab in zip(SECTIONS[1:], tabs[1:], strict=True):
        if tab.open:
            with tab:
                if name == QUIZ:  # the quiz brings its own numbers: any table will do
                    show_quiz(QUIZ_PREFIX, QUIZ_KINDS, unit, base)
                elif r is None:
                    st.info(wording.NO_SECTION, icon=INFO)
                elif name == CLASSES:
                    show_per_class(table, unit, base)
                else:
                    show_math_and_code(table, r, unit, name)
    return t


def show_per_class(table: TableReading, unit: str, base: float | None) -> None:
    """Each class's share of H(P,Q): a chart, and the table with its CSV download."""
    st.markdown(wording.PER_CLASS_INTRO)
    fig = compute.contribution_chart(table, base, unit)
    chart(fig, key="contribution_chart")
    frame = compute.per_class_table(table, base, unit)
    number_format = st.column_config.NumberColumn(format="%.4f")
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key="per_class_table",
        placeholder="—",
        column_config={c: number_format for c in frame.columns if c != CLASS},
    )
    csv_download(
        wording.DOWNLOAD_LABEL,
        frame,
        f"cross_entropy_per_class_{unit}.csv",
        "per_class_csv",
        write=compute.csv_bytes,
    )


def show_walk(table: TableReading, r: Results | None, unit: str, base: float | None) -> float:
    """The slider that moves Q toward P, H(P, Q_t) and KL(P‖Q_t); returns t.

    The slider is drawn even for a broken table (disabled), so it keeps its value.
    """
    if r is not None:
        st.markdown(wording.WALK_INTRO)
    # The slider and its two numbers in one row (so not a metric_row), aligned at the bottom.
    row = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
    with row:
        t = st.slider(
            wording.WALK_LABEL,
            min_value=0.0,
            max_value=1.0,
            step=0.05,
            key="walk",
            persist_state="session",  # keeps its value while the other tab is open
            disabled=r is None,
            help=wording.WALK_HELP,
        )
    if r is None:
        return t
    walk = compute.walk(table, t, base)
    row.metric(f"H(P, Qₜ) at t = {t:.2f}", format_value(walk.h_pq, unit), border=True)
    row.metric(f"KL(P‖Qₜ) at t = {t:.2f}", format_value(walk.kl_pq, unit), border=True)
    titles = wording.walk_titles(r.path.t, r.path.cross_entropy, r.path.kl, unit)
    fig = blend_figure(r.path.t, r.path.cross_entropy, r.measures.h_p, t, walk.h_pq, unit, titles)
    chart(fig, key="walk_chart")
    return t


def show_math_and_code(table: TableReading, r: Results, unit: str, which: str) -> None:
    """The "Show the math" (``which == MATH``) or "As code" tab, with the learner's numbers."""
    if which == MATH:
        st.markdown(wording.math_intro(unit))
        for line in wording.math_lines(table.p, table.q, r.terms, r.measures, unit):
            st.latex(line)
    else:
        st.markdown(wording.CODE_INTRO)
        code = wording.code_snippet(table.names, table.p, table.q, r.measures, unit)
        st.code(code, language="python")
