"""The Calibrate tab: fit a temperature (and, for logits, vector scaling) on a split.

The numbers come from :mod:`explorer.predictions.practice.compute` (cached by the
file's reading and the settings), the prose from its wording module.
"""

from __future__ import annotations

import streamlit as st

from explorer.parsing import InputProblem
from explorer.predictions import wording as page_wording
from explorer.predictions.compute import Loaded
from explorer.predictions.figures import class_reliability_figure, temperature_curve_figure
from explorer.predictions.practice import compute, inputs, wording
from explorer.predictions.practice.compute import TemperatureResult, VectorResult
from explorer.predictions.progress import Progress
from explorer.predictions.uploads.export import safe_csv
from explorer.text import format_value, markdown_table, md_user_text
from explorer.widgets import Metric, chart, csv_download, metric_row
from xentcore.predictions import in_unit

__all__ = ["MAX_PANELS", "draw"]

#: Classes drawn as reliability panels (the per-class table lists every class).
MAX_PANELS = 6


def _problem(problem: InputProblem, progress: Progress, shown: str) -> None:
    progress.update(f"{shown}: a problem to fix before calibrating", state="error")
    st.error(problem.markdown(), icon=":material/error:")


def draw(loaded: Loaded, bins: int, unit: str, base) -> None:
    """The tab: its settings, then the fits (with progress for an upload)."""
    st.markdown(wording.CALIBRATE_INTRO)
    settings = inputs.calibrate_inputs()
    how, n = loaded.reading, len(loaded.data.labels)
    shown = md_user_text(loaded.file.name, 60)
    progress = Progress(loaded.source == "upload", f"Fitting a temperature on {shown}…")
    temp, problem = compute.temperature_result(how, settings.percent, settings.seed, bins)
    if problem is not None:
        _problem(problem, progress, shown)
        return
    vector = None
    if loaded.data.kind == "logits":
        progress.update(f"Fitting vector scaling on {temp.n_validation:,} rows…")
        vector, problem = compute.vector_result(how, settings.percent, settings.seed, bins)
        if problem is not None:
            _problem(problem, progress, shown)
            return
    progress.update("Tracing the NLL against T…")
    curve = compute.temperature_curve(how, settings.percent, settings.seed, temp.fit.temperature)
    progress.update(f"{shown}: {n:,} rows calibrated", state="complete")
    st.caption(
        wording.split_caption(temp.n_validation, temp.n_held_out, settings.percent, settings.seed)
    )
    names = loaded.data.class_names
    _headline(temp, len(names), unit, base)
    if temp.fit.at_bound:
        st.warning(wording.bound_warning(temp.fit.temperature), icon=":material/warning:")
    st.markdown(_scores_table(temp, vector, len(names), unit, base))
    if vector is None:
        st.caption(wording.VECTOR_NEEDS_LOGITS)
    else:
        st.caption(wording.vector_note(vector.fit.converged, vector.fit.iterations))
    st.markdown(_class_table(names, temp, vector))
    _figures(names, temp, vector, curve, unit, base)
    csv_download(
        "Calibrated probabilities as CSV",
        lambda: compute.calibrated_frame(
            how,
            settings.percent,
            settings.seed,
            temp.fit.temperature,
            None if vector is None else vector.fit,
        ),
        "calibrated_probabilities.csv",
        "pred_calibrated_csv",
        write=safe_csv,
        on_click="ignore",
        type="primary",
        help=page_wording.DOWNLOAD_SAFETY,
    )


def _headline(temp: TemperatureResult, n_classes: int, unit: str, base) -> None:
    """T, then the held-out NLL, ECE and Brier score after temperature scaling (and the
    change from before); the table below has every measure."""
    before, after = temp.held_out
    nll_before, nll_after = in_unit(before.nll, base), in_unit(after.nll, base)
    rows = [Metric("Temperature T", f"{temp.fit.temperature:.3f}", wording.METRIC_HELP["T"])]
    rows.append(
        Metric(
            "NLL, held out",
            format_value(nll_after, unit, 4),
            wording.METRIC_HELP["NLL"],
            delta=f"{nll_after - nll_before:+.4f} {unit}",
            delta_color="inverse",
        )
    )
    helps = {**wording.METRIC_HELP, "Brier": wording.brier_help(n_classes)}
    for label, field, key in (
        ("ECE, held out", "ece", "ECE"),
        ("Brier score, held out", "brier", "Brier"),
    ):
        new, old = getattr(after, field), getattr(before, field)
        rows.append(
            Metric(
                label, f"{new:.4f}", helps[key], delta=f"{new - old:+.4f}", delta_color="inverse"
            )
        )
    metric_row(rows)
    st.markdown(wording.temperature_verdict(temp.fit.temperature))


def _scores_table(
    temp: TemperatureResult, vector: VectorResult | None, n_classes: int, unit: str, base
) -> str:
    """Every measure before and after, on both sides of the split, as a Markdown table."""
    columns = ["rows", "measure", "before (T = 1)", f"temperature (T = {temp.fit.temperature:.3f})"]
    if vector is not None:
        columns.append("vector scaling")
    table = []
    sides = (
        (f"validation ({temp.n_validation:,})", temp.validation, vector and vector.validation),
        (f"held out ({temp.n_held_out:,})", temp.held_out, vector and vector.held_out),
    )
    for side, (before, after), by_vector in sides:
        for label, value in _measures(n_classes, unit, base).items():
            row = [side, label, value(before), value(after)]
            if by_vector:
                row.append(value(by_vector))
            table.append(row)
    return markdown_table(columns, table)


def _measures(n_classes: int, unit: str, base) -> dict:
    """Each measure's name and how a :class:`Scores` shows it."""
    return {
        f"NLL ({unit})": lambda s: format_value(in_unit(s.nll, base), digits=4),
        "ECE": lambda s: f"{s.ece:.4f}",
        "MCE": lambda s: f"{s.mce:.4f}",
        wording.brier_label(n_classes): lambda s: f"{s.brier:.4f}",
    }


def _class_table(names: list[str], temp: TemperatureResult, vector: VectorResult | None) -> str:
    """Per class: the ECE of the class (one against the rest) before and after, w and b."""
    columns = ["class", "class ECE before", "class ECE after T"]
    ece = [temp.reliability[0].ece, temp.reliability[1].ece]
    if vector is not None:
        columns += ["class ECE after vector scaling", "scale w", "bias b"]
        ece += [vector.reliability.ece, vector.fit.w, vector.fit.b]
    rows = [
        [md_user_text(name), *(f"{float(values[i]):.4f}" for values in ece)]
        for i, name in enumerate(names)
    ]
    return "**Per class, on the held-out rows**\n\n" + markdown_table(columns, rows)


def _figures(names, temp: TemperatureResult, vector: VectorResult | None, curve, unit, base):
    grid, nll = curve
    fit = temp.fit
    at = {float(t): float(v) for t, v in zip(grid, nll, strict=True)}
    chart(
        temperature_curve_figure(
            grid,
            in_unit(nll, base),
            fit.temperature,
            in_unit(at[float(fit.temperature)], base),
            in_unit(at[1.0], base),
            unit,
        ),
        key="pred_temperature_chart",
    )
    st.caption(wording.CURVE_CAPTION)
    before, after = temp.reliability
    k = min(len(names), MAX_PANELS)
    series = [
        ("before", before.confidence[:k], before.frequency[:k]),
        ("after T", after.confidence[:k], after.frequency[:k]),
    ]
    if vector is not None:
        r = vector.reliability
        series.append(("after vector scaling", r.confidence[:k], r.frequency[:k]))
    st.markdown("**Reliability per class, before and after**")
    chart(class_reliability_figure(names[:k], series), key="pred_class_reliability_chart")
    more = f" The first {k} of {len(names)} classes are drawn." if len(names) > k else ""
    st.caption(wording.RELIABILITY_CAPTION + more)
