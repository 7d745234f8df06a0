"""Home's sections: the introduction, the example's numbers, the worked examples' links."""

from __future__ import annotations

from typing import Any

import streamlit as st

from explorer.home import wording
from explorer.home.compute import Measures
from explorer.home.figures import decomposition_figure, distribution_figure
from explorer.home.inputs import EVENTS, Inputs
from explorer.presets import PRESETS
from explorer.sidebar import ROOT
from explorer.text import format_value
from explorer.widgets import Metric, chart, metric_row

__all__ = ["draw", "intro", "show_examples", "show_measures"]


def intro() -> None:
    """What cross-entropy is, its formula, and the heading of the live example."""
    st.markdown(wording.INTRO)
    st.latex(wording.LATEX)
    st.header(wording.TRY_IT_HEADING)
    st.markdown(wording.TRY_IT_INTRO)


def draw(values: Inputs, results: Measures | list[str], chart_slot: Any, unit: str) -> None:
    """The chart of P and Q, the measures (or the problems), then the worked examples."""
    with chart_slot:
        fig = distribution_figure(EVENTS, values.p, values.q)
        chart(fig, key="dist_chart")
    for name, failed in (("P", values.p_renormalise_failed), ("Q", values.q_renormalise_failed)):
        if failed:
            st.warning(wording.RENORMALISE_FAILED.format(name=name))
    if isinstance(results, list):
        for message in results:
            st.error(message, icon=":material/error:")
    else:
        show_measures(values, results, unit)
    show_examples()


def show_measures(values: Inputs, m: Measures, unit: str) -> None:
    """The four measures, H(P) + KL(P‖Q) as one bar, and the order remark."""
    if (message := wording.describe_impossible_events(EVENTS, values.p, values.q)) is not None:
        st.warning(message, icon=":material/all_inclusive:")
    metric_row(
        [
            Metric(label, format_value(getattr(m, name), unit), help_text)
            for label, name, help_text in wording.METRICS
        ]
    )
    chart(decomposition_figure(m.h_p, m.kl, unit), key="decomposition_chart")
    st.caption(
        wording.CAPTION.format(h_pq=format_value(m.h_pq, unit), h_qp=format_value(m.h_qp, unit))
    )


def show_examples() -> None:
    """Every worked example of explorer/presets.toml as a link that opens it."""
    st.header(wording.EXAMPLES_HEADING)
    st.markdown(wording.EXAMPLES_INTRO)
    for preset in PRESETS:
        label = wording.example_label(
            preset.example, preset.title, preset.quantity, preset.expected
        )
        if (ROOT / preset.page).is_file():
            st.page_link(
                preset.page,
                label=label,
                query_params={"preset": preset.id},
                icon=":material/play_circle:",
            )
        else:
            st.markdown(f"- {label} *(page coming soon)*")
