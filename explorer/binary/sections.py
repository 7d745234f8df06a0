"""The Binary & multi-label page, drawn: the prediction's numbers, then five lazy tabs.

Each tab's section reads its own widgets (:mod:`explorer.binary.inputs`), calls the
core through :mod:`explorer.binary.compute`, and turns a refused input into a message
naming the field, never a traceback.
"""

from __future__ import annotations

import math

import streamlit as st

from explorer.binary import compute, inputs, wording
from explorer.binary.compute import PredictionResults
from explorer.binary.inputs import Prediction
from explorer.binary.wording import FIELDS, describe_error, format_loss
from explorer.page import OpenPage, show_notices
from explorer.presets import matching_presets, preset_digits
from explorer.text import format_value
from explorer.widgets import Metric, chart, csv_download, lazy_tabs, metric_row, number_list_row
from xentcore import binary as core

__all__ = ["draw", "intro"]

ERROR = ":material/error:"
#: Width of each metric in the rows of BCE numbers.
METRIC_WIDTH = 230


def intro(page: OpenPage):
    """The intro, the link's notices and the preset buttons; returns the slot for the
    worked example's line, filled last from this run's inputs."""
    st.markdown(wording.INTRO)
    show_notices(page.notices)
    inputs.preset_buttons(page.state)
    return st.container()


def draw(values: Prediction, results: PredictionResults, page: OpenPage, preset_slot) -> None:
    """BCE(p, t) and its parts, the five tabs, then the matching worked examples."""
    unit, base = page.unit, page.base
    _prediction(values, results, unit)
    prob, target, parts = values.prob, values.target, results.parts
    lazy_tabs(
        {
            "BCE(x, x)": lambda: _bce_of_itself(values, parts, unit, base),
            "From a logit": lambda: _from_logit(target, unit, base),
            "Dataset": lambda: _dataset(unit, base),
            "Multi-label": lambda: _multilabel(unit, base),
            "log(0)": lambda: _log_zero(prob, target, parts is not None, unit, base),
        },
        key="tab",
    )
    with preset_slot:
        _preset_lines(page, parts)


def _losses(result, rows, unit: str) -> list[Metric]:
    """One metric per ``(label, field, tooltip)``: the core's ``result.field`` as a loss."""
    return [
        Metric(label, format_loss(getattr(result, name), unit, 4), tip) for label, name, tip in rows
    ]


def _prediction(values: Prediction, results: PredictionResults, unit: str) -> None:
    parts = results.parts
    if parts is None:
        st.error(results.error, icon=ERROR)
        return
    losses = _losses(parts, wording.PREDICTION_LOSSES, unit)
    row = metric_row(losses, width=METRIC_WIDTH, gap="medium", vertical_alignment="center")
    row.latex(
        wording.bce_latex(values.prob, values.target, format_loss(parts.exact, unit, 4), unit)
    )
    if math.isinf(parts.exact):
        st.warning(
            wording.infinite_loss_warning(values.prob, values.target, format_loss(parts.bce, unit)),
            icon=":material/all_inclusive:",
        )


def _preset_lines(page: OpenPage, parts: core.BCEDecomposition | None) -> None:
    """The worked example's number, computed now, for every preset the inputs match."""
    values = {**page.state.values(), "unit": page.unit}
    for preset in matching_presets(inputs.PAGE_PATH, values):
        value = compute.preset_value(preset, values, parts, page.base)
        if value is not None:
            st.success(
                f"Worked example {preset.example}: {preset.quantity} = "
                f"{format_value(value, page.unit, digits=preset_digits(preset))}",
                icon=":material/school:",
            )


def _bce_of_itself(
    values: Prediction, parts: core.BCEDecomposition | None, unit: str, base: float | None
) -> None:
    target = values.target
    st.markdown(wording.BCE_SELF)
    try:
        h_t = core.bernoulli_entropy(target, base=base)
    except ValueError:
        st.info(wording.BCE_SELF_NEEDS_T)
        return
    fig = compute.bernoulli_chart(
        float(target),
        None if parts is None else float(values.prob),
        None if parts is None else parts.exact,
        unit,
        base,
    )
    chart(fig, key="bernoulli_chart")
    st.markdown(wording.floor_sentence(target, format_value(h_t, unit, 4)))
    st.button(
        "Set p = t",
        key="set_p_to_t",
        on_click=inputs.set_prob_to_target,
        icon=":material/vertical_align_bottom:",
        disabled=parts is None,
        help="Move the prediction onto the target: the loss drops to H(t).",
    )


def _from_logit(target: float, unit: str, base: float | None) -> None:
    st.markdown(wording.FROM_LOGIT)
    logit, pos_weight = inputs.logit_inputs()
    result = _checked(core.bce_from_logit, logit, target, pos_weight=pos_weight, base=base)
    if result is None:
        return
    metric_row(
        [
            Metric("σ(x)", f"{result.prob:.6g}"),
            *_losses(result, wording.LOGIT_LOSSES, unit),
            Metric("∂L/∂x", format_loss(result.grad, "", 4), help=wording.gradient_help(unit)),
        ],
        width=METRIC_WIDTH,
        gap="medium",
    )
    if math.isinf(result.loss):
        st.warning(wording.OVERFLOW, icon=":material/warning:")
    st.markdown(
        wording.two_routes_sentence(
            format_loss(result.loss_from_probability, unit, 4),
            format_loss(result.loss_unweighted, unit, 4),
        )
    )


def _lists(first: str, second: str) -> list[list[float]] | None:
    """Two typed lists side by side; None (after their messages) while one is refused."""
    return number_list_row(
        lambda: inputs.list_input(first), lambda: inputs.list_input(second), icon=ERROR
    )


def _checked(call, *args, **kwargs):
    """``call(*args, **kwargs)``, or None after a message naming the field the core refused."""
    try:
        return call(*args, **kwargs)
    except ValueError as err:
        st.error(describe_error(err, FIELDS), icon=ERROR)
        return None


def _on_lists(intro: str, keys: tuple[str, str], call, base: float | None):
    """A tab's intro and its two typed lists, then ``((first, second), call(first, second))``.

    None (after the message) while a text or the core refuses them: nothing is computed.
    """
    st.markdown(intro)
    pair = _lists(*keys)
    result = None if pair is None else _checked(call, *pair, base=base)
    return None if result is None else (pair, result)


def _dataset(unit: str, base: float | None) -> None:
    found = _on_lists(wording.DATASET, ("ys", "ps"), core.dataset_losses, base)
    if found is None:
        return
    (ys, ps), data = found
    losses = _losses(data, wording.DATASET_LOSSES, unit)
    row = metric_row(losses, gap="medium", vertical_alignment="center")
    if math.isclose(data.mean_bce, data.log_loss, rel_tol=1e-9, abs_tol=1e-12):
        row.success(wording.same_number_sentence(len(ys)), icon=":material/check_circle:")
    else:
        row.info(wording.DATASET_DIFFERS, icon=":material/info:")
    samples = compute.dataset_table(ys, ps, data, unit)
    chart_col, table_col = st.columns(2, gap="large")
    chart(
        compute.dataset_chart(tuple(ys), tuple(ps), unit, base),
        key="dataset_chart",
        where=chart_col,
    )
    table_col.dataframe(samples, hide_index=True, height=380)
    csv_download(
        "Per-sample losses (CSV)", samples, "binary_cross_entropy_per_sample.csv", "dataset_csv"
    )


def _multilabel(unit: str, base: float | None) -> None:
    found = _on_lists(
        wording.MULTILABEL, ("scores", "multi_targets"), core.multilabel_vs_softmax, base
    )
    if found is None:
        return
    (scores, targets), multi = found
    metric_row(
        [
            Metric("Σ σ(z), sigmoids", f"{multi.sigmoid_sum:.4g}", help=wording.SIGMOID_SUM_HELP),
            Metric("Σ softmax(z)", f"{multi.softmax_sum:.4g}"),
            *_losses(multi, wording.MULTILABEL_LOSSES, unit),
        ],
        gap="medium",
    )
    if math.isnan(multi.softmax_loss):
        st.warning(wording.NO_TARGET, icon=":material/warning:")
    per_class = compute.multilabel_table(scores, targets, multi, unit)
    chart(compute.multilabel_chart(tuple(scores), tuple(targets)), key="multilabel_chart")
    st.dataframe(per_class, hide_index=True)
    csv_download("Per-class table (CSV)", per_class, "multilabel_vs_softmax.csv", "multi_csv")


def _log_zero(prob: float, target: float, valid: bool, unit: str, base: float | None) -> None:
    st.markdown(wording.LOG_ZERO)
    table, shown = compute.log_zero_tables(prob, target, valid, unit, base)
    st.dataframe(shown, hide_index=True)
    csv_download("This table (CSV)", table, "log_zero_conventions.csv", "log_zero_csv")
    st.caption(wording.log_zero_caption(unit))
    chart(compute.log_zero_chart(unit, base), key="log_zero_chart")
