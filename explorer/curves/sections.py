"""The Loss curves page, drawn: the preset line, then four lazy tabs of sections.

Each section takes the top inputs and the lazy :class:`~explorer.curves.compute.Results`,
reads the widgets of its own tab (:mod:`explorer.curves.inputs`), and draws numbers,
figures and the wording of :mod:`explorer.curves.wording`.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from explorer.curves import inputs, wording
from explorer.curves.compute import GRID, Results, live_marks, more_losses, opposite_loss
from explorer.curves.figures import gradient_figure, loss_curves_figure, reading_figure
from explorer.curves.inputs import Inputs
from explorer.page import OpenPage
from explorer.presets import active_preset, preset_digits
from explorer.text import format_value, markdown_table
from explorer.widgets import Metric, chart, csv_download, lazy_tabs, metric_row

__all__ = [
    "draw",
    "intro",
    "show_gradients",
    "show_losses",
    "show_opposite",
    "show_preset",
    "show_reading",
]

ERROR = ":material/error:"


def intro(page: OpenPage) -> None:
    """The paragraph under the title, then the worked example's button and line."""
    st.markdown(wording.intro(page.unit))
    show_preset(page)


def show_preset(page: OpenPage) -> None:
    """The preset button and, while it is active, worked example 12's number (computed)."""
    preset = active_preset(inputs.PAGE_PATH, {**page.state.values(), "unit": page.unit})
    col_line, col_button = st.columns([3, 1], vertical_alignment="center")
    col_button.button(
        "Worked example 12",
        key="preset_opposite",
        icon=":material/play_circle:",
        on_click=page.state.apply_preset,
        args=("opposite",),
        help=wording.PRESET_HELP,
        width="stretch",
    )
    if preset is None:
        col_line.caption(wording.PRESET_CAPTION)
        return
    value = opposite_loss(st.session_state["clip"], page.base)
    col_line.success(
        f"Worked example {preset.example}: {preset.quantity} = "
        f"{format_value(value, page.unit, digits=preset_digits(preset))}",
        icon=":material/check_circle:",
    )


def draw(values: Inputs, results: Results, page: OpenPage) -> None:
    """A bad C's message next to its box, then the four sections as lazy tabs."""
    if values.classes_problem is not None:
        message = wording.field_problem(
            "Number of classes C", values.classes_problem, wording.C_FIX
        )
        st.error(message, icon=ERROR)
    unit = page.unit
    lazy_tabs(
        {
            "Loss curves": lambda: show_losses(values, results, unit),
            "Gradients": lambda: show_gradients(values, results, unit),
            "Clipping": lambda: show_opposite(results, unit),
            "Reading a loss": lambda: show_reading(values, results, unit),
        },
        key="curves_section",
    )


def show_losses(values: Inputs, results: Results, unit: str) -> None:
    """The four curves, the values at p (with a CSV), the formulas and the guide bands."""
    losses = results.losses
    minimum = losses.minimum
    live = live_marks(losses, values.pt)
    st.markdown(wording.losses_heading(4 + len(more_losses())))
    chart(
        loss_curves_figure(
            GRID,
            losses.curves,
            {**wording.loss_names(values.gamma, values.alpha, values.eps), **_more_names()},
            marked_p=values.pt,
            marked=losses.marked,
            unit=unit,
            uniform=losses.uniform,
            uniform_p=losses.uniform_p,
            classes=values.classes,
            minimum=None if minimum is None else (minimum.p, minimum.loss),
            least_top=losses.least_top,
            live=live,
            live_titles=wording.live_titles(live.ps, live.values, _more_shorts(), unit),
        ),
        key="curves_chart",
    )
    col_table, col_math = st.columns([1, 1], gap="large")
    with col_table:
        _values_at_p(values, losses.marked, unit)
    col_math.latex(wording.LOSS_FORMULAS)
    col_math.caption(wording.LOSS_CAPTION)
    if minimum is not None:
        st.info(
            wording.smoothing_sentence(minimum.p, minimum.loss, values.eps, values.classes, unit),
            icon=":material/star:",
        )
    if losses.uniform is not None:
        st.markdown(wording.guide_band_sentence(losses.uniform, values.classes, unit))


def _more_shorts() -> dict[str, str]:
    """Short names of the registry's other losses, for the live chart's title."""
    return {entry.name: entry.short for entry in more_losses()}


def _more_names() -> dict[str, str]:
    """Legend entries of the registry's other losses (their labels, default settings)."""
    return {entry.name: entry.label for entry in more_losses()}


def _values_at_p(values: Inputs, marked: dict[str, float], unit: str) -> None:
    """Each loss at the marked p as a small Markdown table, and the same as a CSV."""
    gamma, alpha, eps = values.gamma, values.alpha, values.eps
    rows = [
        ("cross-entropy", marked["ce"], unit),
        ("squared error", marked["se"], "(no unit)"),
        (f"focal (γ = {gamma:g}, α = {alpha:g})", marked["focal"], unit),
    ]
    if "smoothed" in marked:
        rows.append((f"smoothed CE (ε = {eps:g}, C = {values.classes})", marked["smoothed"], unit))
    for entry in more_losses():  # the registry's other losses, default settings
        rows.append((entry.short, marked[entry.name], unit if entry.has_unit else "(no unit)"))
    # A Markdown table: a few rows of our own text, one light element per rerun.
    shown = [(name, format_value(value, digits=4), u) for name, value, u in rows]
    st.markdown(
        f"**At p = {values.pt:.3f}**\n\n" + markdown_table(["loss", "value", "unit"], shown)
    )
    csv_download(
        "Download these values (CSV)",
        lambda: pd.DataFrame(rows, columns=["loss", "value", "unit"]),
        f"losses_at_p_{values.pt:.3f}.csv",
        "download_values",
    )


def show_gradients(values: Inputs, results: Results, unit: str) -> None:
    """∂L/∂z of cross-entropy and squared error under a sigmoid: why CE trains faster."""
    st.markdown(wording.GRADIENTS_HEADING)
    st.latex(wording.GRADIENT_FORMULAS)
    gx = inputs.gradient_axis()
    g = results.gradients(gx)
    formula = wording.ce_gradient_formula(unit)
    metric_row(
        [
            Metric(f"Cross-entropy ∂L/∂z = {formula}", f"{g.ce:.4f}"),
            Metric("Squared error ∂L/∂z = −2p(1 − p)²", f"{g.se:.4f}"),
            Metric(
                "Cross-entropy pulls harder by", "—" if math.isnan(g.ratio) else f"{g.ratio:.3g}×"
            ),
        ]
    )
    chart(
        gradient_figure(
            g.x,
            g.curve.cross_entropy,
            g.curve.squared_error,
            x_kind=gx,
            marked_x=g.z if gx == "logit" else values.pt,
            marked_ce=g.ce,
            marked_se=g.se,
            unit=unit,
            ce_formula=formula,
        ),
        key="gradient_chart",
    )
    st.info(
        wording.gradient_sentence(values.pt, g.z, g.ce, g.se, g.ratio, unit),
        icon=":material/speed:",
    )


def show_opposite(results: Results, unit: str) -> None:
    """The sources' plot with the chosen clip, and each framework's loss at the opposite."""
    st.markdown(wording.OPPOSITE_HEADING)
    clip, log_x = inputs.clip_inputs()
    view = results.opposite(clip, unit, log_x)
    value = view.opposites[clip]
    st.metric(
        f"Loss at the exact opposite, clip {wording.CLIP_LABELS[clip]}",
        format_value(value, unit, digits=4),
        border=True,
    )
    st.markdown(wording.opposite_sentence(clip, value, unit))
    chart(view.figure, key="opposite_chart")
    st.dataframe(view.shown, hide_index=True, width="stretch", key="conventions_table")
    csv_download(
        "Download the conventions (CSV)",
        view.table,
        "loss_at_exact_opposite.csv",
        "download_conventions",
    )


def show_reading(values: Inputs, results: Results, unit: str) -> None:
    """Read an average log loss against 0 (perfect) and log C (a uniform guess)."""
    st.markdown("## How to read an average log loss")
    col_in, col_read = st.columns([1, 3], gap="large")
    avg = inputs.average_loss_input(unit, where=col_in)
    with col_read:
        _reading(avg, values.classes, results, unit)
    st.markdown(wording.READING_NOTES)


def _reading(avg: float, classes: int | None, results: Results, unit: str) -> None:
    if results.uniform is None:
        st.warning(wording.READING_NEEDS_C, icon=ERROR)
        return
    try:
        reading = results.reading(avg)
    except ValueError as err:
        st.error(
            wording.field_problem("Your model's average loss", err, wording.READING_FIX), icon=ERROR
        )
        return
    level, text = wording.reading_message(
        reading.loss, reading.uniform, reading.probability, reading.perplexity, classes, unit
    )
    (st.success if level == "success" else st.warning)(text)
    chart(reading_figure(reading.loss, reading.uniform, classes, unit), key="reading_chart")
