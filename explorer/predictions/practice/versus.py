"""The Model A vs B tab: the page's file against a second model of the same samples.

Model B is made from model A (noise or a temperature), is a built-in sample, or is a
second upload read exactly like the first. The numbers come from
:mod:`explorer.predictions.practice.compute`, the prose from its wording module.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explorer.predictions import compute as page_compute
from explorer.predictions import inputs as page_inputs
from explorer.predictions import wording as page_wording
from explorer.predictions.compute import Loaded, Reading
from explorer.predictions.figures import difference_histogram_figure
from explorer.predictions.practice import compute, inputs, wording
from explorer.predictions.practice.compute import ModelB, Versus
from explorer.predictions.practice.inputs import B_SOURCES, DERIVED
from explorer.predictions.progress import Progress
from explorer.predictions.samples import SAMPLES
from explorer.predictions.uploads.export import safe_csv
from explorer.predictions.uploads.extract import RowSumProblem
from explorer.text import format_value, markdown_table, md_user_text
from explorer.widgets import Metric, chart, csv_download, metric_row
from xentcore.practice import BootstrapInterval
from xentcore.predictions import in_unit

__all__ = ["BIG_WORK", "N_FLIPS", "draw"]

#: Flipped samples listed on screen (every one is in the download).
N_FLIPS = 20
#: Resampled indices (rows × resamples) above which the bootstrap shows a progress bar.
BIG_WORK = 20_000_000


def _error(problem) -> None:
    st.error(problem.markdown(), icon=":material/error:")
    if isinstance(problem, RowSumProblem):
        page_inputs.renormalise_button()


def _model_b(source: str, loaded: Loaded):
    """(content to hold for the run, ModelB), or (None, None) after a message."""
    if source in DERIVED:
        return None, ModelB(source, B_SOURCES[source])
    chosen = inputs.b_upload() if source == "upload" else page_compute.sample_file(source)
    if chosen is None:
        st.info(wording.B_UPLOAD_FIRST, icon=":material/upload_file:")
        return None, None
    content, file = chosen
    info, problem = page_compute.file_info(file)
    if problem is not None:
        _error(wording.b_file_problem(problem))
        return None, None
    if source == "upload":
        with st.expander("Model B's column mapping: detected automatically, change it if wrong"):
            mapping = page_inputs.mapping_inputs(info, "b" + file.digest[:15])
    else:
        mapping = info.auto  # the samples are read exactly as detected
    # Model B's rows are renormalised exactly when model A's are (one switch, read once).
    reading = Reading(file, mapping.key(), loaded.reading.renormalise)
    return content, ModelB(source, file.name, reading)


def draw(loaded: Loaded, unit: str, base) -> None:
    """The tab: model B's source and the settings, then the comparison."""
    st.markdown(wording.VERSUS_INTRO)
    settings = inputs.versus_inputs()
    _held, b = _model_b(settings.source, loaded)  # the content is held while it is read
    if b is None:
        return
    upload = "upload" in (loaded.source, settings.source)
    progress = Progress(upload, "Comparing the two models sample by sample…")
    versus, problem = compute.comparison(loaded.reading, b)
    if problem is not None:
        progress.update("Model B cannot be compared with model A", state="error")
        _error(problem)
        return
    for warning in versus.warnings:
        st.warning(warning, icon=":material/warning:")
    n = versus.cmp.loss_a.size
    progress.update(f"Resampling {n:,} samples {settings.resamples:,} times…")
    interval = _bootstrap(loaded.reading, b, settings, n)
    progress.update(f"{n:,} samples compared", state="complete")
    names = {"A": loaded.data.class_names, "B": versus.names_b}
    _headline(versus, interval, settings.seed, unit, base)
    titles = {k: sample.title for k, sample in SAMPLES.items()}
    titles.update({k: B_SOURCES[k] for k in DERIVED})  # an upload is named by its file
    a_name = wording.source_title(loaded.source, loaded.file.name, titles)
    b_name = wording.source_title(b.source, b.name, titles)
    st.caption(f"Model A: {a_name}. Model B: {b_name}.")
    h = versus.histogram
    chart(
        difference_histogram_figure(
            in_unit(h.edges, base),
            h.counts,
            in_unit(interval.mean_difference, base),
            in_unit(interval.low, base),
            in_unit(interval.high, base),
            unit,
        ),
        key="pred_difference_chart",
    )
    st.caption(wording.HISTOGRAM_CAPTION)
    _flips(versus, loaded.data.labels, names, unit, base)


def _bootstrap(how: Reading, b: ModelB, settings, n: int) -> BootstrapInterval:
    """The interval, with a progress bar while a large one is computed."""
    bar = st.progress(0.0, text="Resampling…") if n * settings.resamples >= BIG_WORK else None
    shown = [-1]

    def report(done: int, total: int) -> None:
        percent = 100 * done // total
        if bar is not None and percent != shown[0]:
            shown[0] = percent
            bar.progress(done / total, text=f"Resampling: {done:,} of {total:,} resamples")

    interval = compute.bootstrap(how, b, settings.resamples, settings.seed, report)
    if bar is not None:
        bar.empty()
    return interval


def _headline(versus: Versus, interval: BootstrapInterval, seed: int, unit: str, base) -> None:
    cmp = versus.cmp

    def loss(x: float) -> str:
        return format_value(in_unit(x, base), unit, 4)

    metric_row(
        [
            Metric("Accuracy, model A", f"{cmp.accuracy_a:.1%}"),
            Metric("Accuracy, model B", f"{cmp.accuracy_b:.1%}"),
            Metric("Mean loss, model A", loss(cmp.mean_loss_a), wording.MEAN_LOSS_HELP),
            Metric("Mean loss, model B", loss(cmp.mean_loss_b), wording.MEAN_LOSS_HELP),
        ]
    )
    verdict = 1 if interval.low > 0 else -1 if interval.high < 0 else 0
    row = metric_row(
        [Metric("Mean Δ = A − B", loss(cmp.mean_difference), wording.DELTA_HELP)],
        width=260,
        vertical_alignment="center",
    )
    row.markdown(
        wording.interval_text(
            loss(interval.low),
            loss(interval.high),
            loss(interval.mean_difference),
            interval.n_resamples,
            seed,
            verdict=verdict,
        )
    )


def _flip_rows(versus: Versus, labels: np.ndarray, names: dict, base) -> list[tuple]:
    """Every flipped sample, the largest |Δ| first: (row, outcome, true class, A's and B's
    predicted class, loss A, loss B, Δ) with the losses in the unit of ``base``."""
    cmp = versus.cmp
    rows = cmp.flipped[np.argsort(-np.abs(cmp.difference[cmp.flipped]), kind="stable")]
    outcome = np.where(
        np.isin(rows, cmp.fixed), "fixed", np.where(np.isin(rows, cmp.broken), "broken", "")
    )
    la, lb = in_unit(cmp.loss_a[rows], base), in_unit(cmp.loss_b[rows], base)
    return [
        (
            int(i) + 1,
            what or "wrong either way",
            names["A"][labels[i]],
            names["A"][cmp.predicted_a[i]],
            names["B"][cmp.predicted_b[i]],
            float(a),
            float(b),
            float(a - b),
        )
        for i, what, a, b in zip(rows, outcome, la, lb, strict=True)
    ]


FLIP_COLUMNS = ("row", "outcome", "true class", "A predicts", "B predicts")


def _flips(versus: Versus, labels: np.ndarray, names: dict, unit: str, base) -> None:
    cmp = versus.cmp
    n = cmp.loss_a.size
    st.markdown(wording.flips_text(cmp.flipped.size, cmp.fixed.size, cmp.broken.size, n))
    if cmp.flipped.size == 0:
        return
    rows = _flip_rows(versus, labels, names, base)
    losses = (f"loss A ({unit})", f"loss B ({unit})", f"Δ ({unit})")
    shown = [
        [str(r[0]), r[1], *(md_user_text(c) for c in r[2:5]), *(f"{v:.4f}" for v in r[5:])]
        for r in rows[:N_FLIPS]
    ]
    head = f"The {len(shown)} flipped samples with the largest |Δ|"
    st.markdown(f"**{head}**\n\n" + markdown_table([*FLIP_COLUMNS, *losses], shown))
    csv_download(
        f"All {len(rows):,} flipped samples as CSV",
        lambda: pd.DataFrame(rows, columns=[*FLIP_COLUMNS, *losses]),
        "flipped_samples.csv",
        "pred_flips_csv",
        write=safe_csv,
        on_click="ignore",
        help=page_wording.DOWNLOAD_SAFETY,
    )
