"""The Your predictions page's drawing: the file as read, then the result sections.

The sections are lazy tabs: only the open one is drawn on a rerun. The numbers come from
:mod:`explorer.predictions.compute`; the prose from :mod:`explorer.predictions.wording`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explorer.page import OpenPage
from explorer.parsing import InputProblem
from explorer.predictions import compute, inputs, wording
from explorer.predictions.compute import Loaded, Results
from explorer.predictions.figures import (
    confusion_figure,
    loss_histogram_figure,
    reliability_figure,
)
from explorer.predictions.inputs import VIEWS, Settings
from explorer.predictions.practice import calibrate, versus
from explorer.predictions.progress import Progress
from explorer.predictions.samples import SAMPLES, SYNTHETIC
from explorer.predictions.uploads.export import per_sample_frame, per_sample_markdown, safe_csv
from explorer.predictions.uploads.extract import PredictionData, RowSumProblem
from explorer.predictions.uploads.mapping import LAYOUTS, Mapping
from explorer.text import format_value, md_user_text
from explorer.widgets import Metric, chart, csv_download, metric_row
from xentcore.predictions import Evaluation, in_unit, most_confused, perplexity_nats

__all__ = ["Progress", "draw", "intro", "load", "show_problem"]

#: Worst samples listed in the table (every sample is in the per-sample download).
N_WORST = 10
#: Above this many classes the confusion matrix is listed, not drawn.
MAX_HEATMAP_CLASSES = 30


def intro() -> None:
    st.markdown(wording.INTRO)


def show_problem(problem: InputProblem) -> None:
    st.error(problem.markdown(), icon=":material/error:")


# --- the file ---------------------------------------------------------------------------


def _sample_caption(source: str, data: bytes) -> None:
    sample = SAMPLES[source]
    with st.container(horizontal=True, vertical_alignment="center", wrap=False):
        st.caption(sample.description)
        csv_download(
            "This sample as CSV",
            data,
            sample.file_name,
            "pred_sample_download",
            on_click="ignore",
        )


def load(source: str) -> tuple[Loaded, Progress | None]:
    """Read, map and check the chosen file (all cached), drawing what was found."""
    loaded = Loaded(source)
    chosen = inputs.uploaded_file() if source == "upload" else compute.sample_file(source)
    if chosen is None:
        st.info(
            "Upload a file above, or pick a built-in sample on the left.",
            icon=":material/upload_file:",
        )
        return loaded, None
    loaded.content, loaded.file = chosen
    if source != "upload":
        _sample_caption(source, loaded.content.data)
    size = f"{len(loaded.content.data) / 1e6:.1f} MB"
    shown = md_user_text(loaded.file.name, 60)  # a file name is user text; labels are Markdown
    progress = Progress(source == "upload", f"Reading {shown} ({size})…")
    info, problem = compute.file_info(loaded.file)
    if problem is not None:
        progress.update(f"{shown}: this file cannot be used", state="error")
        show_problem(problem)
        return loaded, progress
    for note in info.notes:
        st.warning(note, icon=":material/info:")
    progress.update(f"Checking {info.n_rows:,} rows × {len(info.columns)} columns…")
    if source == "upload":
        with st.expander("Column mapping: detected automatically, change it if it is wrong"):
            mapping = inputs.mapping_inputs(info, loaded.file.digest[:16])
    else:
        mapping = info.auto  # the samples are read exactly as detected
    renormalise = bool(st.session_state["pred_renorm"])
    loaded.reading = compute.Reading(loaded.file, mapping.key(), renormalise)
    loaded.data, problem = compute.checked(loaded.reading)
    if problem is not None:
        progress.update(f"{shown}: a problem to fix", state="error")
        show_problem(problem)
        if isinstance(problem, RowSumProblem):
            inputs.renormalise_button()
    else:
        progress.update(f"Evaluating {len(loaded.data.labels):,} samples…")
    return loaded, progress


# --- the results ------------------------------------------------------------------------


def draw(
    loaded: Loaded, settings: Settings, results: Results, progress: Progress | None, page: OpenPage
) -> None:
    """How the evaluation went, then the results (nothing without a usable file)."""
    if loaded.file is None or loaded.data is None:
        return
    shown = md_user_text(loaded.file.name, 60)
    if results.problem is not None:
        progress.update(f"{shown}: a problem to fix", state="error")
        show_problem(results.problem)
        return
    ev = results.evaluation
    progress.update(
        f"{shown}: {ev.n:,} samples × {ev.n_classes} classes read and evaluated",
        state="complete",
    )
    _results(loaded, results.data, ev, settings, page.unit, page.base)


def _results(
    loaded: Loaded, data: PredictionData, ev: Evaluation, settings: Settings, unit: str, base
) -> None:
    """The headline numbers, then the sections as lazy tabs (only the open one runs)."""
    names = data.class_names
    loss = in_unit(ev.mean_loss, base)
    st.header("Results", anchor=False)
    kind_text = "probabilities" if data.kind == "probabilities" else "logits"
    st.caption(
        f"{ev.n:,} samples, {ev.n_classes} classes, predictions read as {kind_text} "
        f"({LAYOUTS[data.layout].lower()}). " + " ".join(data.notes)
    )
    _headline(ev, loss, unit)
    _baselines(ev, loss, unit, base)
    _model_comparison(loaded.source, settings.bins, unit, base)
    sections = {
        "Costly samples": lambda: _costly(data, ev, loss, unit, base),
        "Frameworks & weights": lambda: _reductions(loaded, data, ev, settings, unit, base),
        "Per class": lambda: _per_class(ev, names, settings, unit, base),
        "Calibration": lambda: _calibration(ev),
        "Calibrate": lambda: calibrate.draw(loaded, settings.bins, unit, base),
        "Model A vs B": lambda: versus.draw(loaded, unit, base),
    }
    tabs = st.tabs(VIEWS, key="pred_view", on_change="rerun")
    for name, tab in zip(VIEWS, tabs, strict=True):
        if tab.open:
            with tab:
                sections[name]()


def _headline(ev: Evaluation, loss: float, unit: str) -> None:
    values = {
        "Mean cross-entropy": format_value(loss, unit),
        "Perplexity": format_value(perplexity_nats(ev.mean_loss), digits=3),
        "Accuracy": f"{ev.accuracy:.1%}",
        "Calibration error (ECE)": f"{ev.calibration.ece:.3f}",
    }
    metric_row([Metric(k, v, wording.HEADLINE_HELP[k]) for k, v in values.items()])
    if ev.n_infinite:
        st.warning(wording.infinite_warning(ev.n_infinite), icon=":material/all_inclusive:")


def _baselines(ev: Evaluation, loss: float, unit: str, base) -> None:
    b = ev.baselines
    text = wording.baselines_text(
        ev.n_classes,
        format_value(in_unit(b.uniform, base), unit),
        format_value(in_unit(b.base_rate, base), unit),
        format_value(loss, unit),
        beats_base=ev.mean_loss < b.base_rate,
        beats_uniform=ev.mean_loss < b.uniform,
    )
    st.info(text, icon=":material/straighten:")


def _download(label: str, table, file_name: str, key: str, **options) -> None:
    """A CSV download of one of the page's tables, its text cells neutralised."""
    csv_download(label, table, file_name, key, write=safe_csv, on_click="ignore", **options)


def _reductions(
    loaded: Loaded, data: PredictionData, ev: Evaluation, settings: Settings, unit: str, base
) -> None:
    r = ev.reductions
    both = settings.class_weight is not None and data.weights is not None
    rows = wording.reduction_labels(data.kind, both, binary=r.torch_binary is not None)
    values = [r.mean, r.torch_mean, r.torch_none_mean, r.keras, r.sklearn, r.torch_binary]
    table = pd.DataFrame(
        {
            "Reported by": [row[0] for row in rows],
            "Weights it takes": [row[1] for row in rows],
            "Divides by": [row[2] for row in rows],
            f"Loss ({unit})": np.round(in_unit(np.array(values[: len(rows)]), base), 6),
        }
    )
    st.caption(wording.REDUCTIONS_CAPTION)
    st.dataframe(table, hide_index=True, width="stretch", key="pred_reductions_table")
    _download("Reductions as CSV", table, "reductions.csv", "pred_reductions_csv")
    weighted = settings.class_weight is not None or data.weights is not None
    st.markdown(wording.reductions_why(weighted=weighted, both=both, smoothing=settings.smoothing))
    st.latex(wording.REDUCTIONS_LATEX)
    f = compute.one_hot_check(loaded.reading)
    if f is None:
        return
    categorical = format_value(in_unit(f.categorical, base), unit, 4)
    sparse = format_value(in_unit(f.sparse, base), unit, 4)
    st.markdown(wording.one_hot_text(categorical, sparse, f.max_difference))


def _per_class(ev: Evaluation, names: list[str], settings: Settings, unit: str, base) -> None:
    cls = ev.classes
    weights = settings.class_weight
    per_class = pd.DataFrame(
        {
            "class": names,
            "samples": cls.count,
            f"mean loss ({unit})": np.round(in_unit(cls.mean_loss, base), 4),
            "accuracy": np.round(cls.accuracy, 4),
            "weight": np.ones(len(names)) if weights is None else np.array(weights),
        }
    )
    st.dataframe(per_class, hide_index=True, width="stretch", key="pred_class_table")
    _download("Per-class table as CSV", per_class, "per_class.csv", "pred_class_csv")
    st.subheader("Confusion matrix", anchor=False)
    if ev.n_classes <= MAX_HEATMAP_CLASSES:
        chart(confusion_figure(ev.confusion, names), key="pred_confusion_chart")
    else:
        pairs = most_confused(ev.confusion, 20)
        st.caption(f"{ev.n_classes} classes are too many to draw; the most frequent mix-ups:")
        st.dataframe(
            pd.DataFrame(
                {
                    "true class": [names[i] for i, _, _ in pairs],
                    "predicted class": [names[j] for _, j, _ in pairs],
                    "samples": [k for _, _, k in pairs],
                }
            ),
            hide_index=True,
            key="pred_confused_table",
        )
    confusion = pd.DataFrame(ev.confusion, columns=[f"predicted {n}" for n in names])
    confusion.insert(0, "true class", names)
    _download("Confusion matrix as CSV", confusion, "confusion_matrix.csv", "pred_confusion_csv")


def _costly(data: PredictionData, ev: Evaluation, loss: float, unit: str, base) -> None:
    h = ev.histogram
    chart(
        loss_histogram_figure(in_unit(h.edges, base), h.counts, unit, loss, h.n_infinite),
        key="pred_hist_chart",
    )
    worst = ev.worst[:N_WORST]
    # A Markdown table: ten rows need no pandas frame and Arrow table on every rerun.
    st.markdown(
        f"### The {len(worst)} samples that cost the most\n\n"
        + per_sample_markdown(ev, data, unit, base, rows=worst)
    )
    with st.container(horizontal=True):
        _download(
            "Worst samples as CSV",
            lambda: per_sample_frame(ev, data, unit, base, rows=worst),
            "worst_samples.csv",
            "pred_worst_csv",
            help=wording.DOWNLOAD_SAFETY,
        )
        _download(
            f"All {ev.n:,} per-sample results as CSV",
            # Built only when clicked: a large file's CSV is not made on every rerun.
            lambda: per_sample_frame(ev, data, unit, base),
            "per_sample_results.csv",
            "pred_per_sample_csv",
            type="primary",
            help=wording.DOWNLOAD_SAFETY,
        )


def _calibration(ev: Evaluation) -> None:
    cal = ev.calibration
    chart(
        reliability_figure(cal.edges, cal.count, cal.confidence, cal.accuracy, cal.ece),
        key="pred_reliability_chart",
    )
    st.caption(wording.CALIBRATION_CAPTION)


def _model_comparison(source: str, bins: int, unit: str, base) -> None:
    """For the synthetic samples: both models on the same labels, side by side."""
    if source not in SYNTHETIC:
        return
    rows = []
    mapping = Mapping("label", "probabilities", "label", ("p_cat", "p_dog", "p_bird"))
    for key in SYNTHETIC:
        content, file = compute.sample_file(key)  # the content is held while it is read
        how = compute.Reading(file, mapping.key(), False)
        _, ev, problem = compute.evaluate(how, None, 0.0, bins)
        if problem is None:
            rows.append(
                {
                    "model": SAMPLES[key].title,
                    f"mean cross-entropy ({unit})": round(float(in_unit(ev.mean_loss, base)), 4),
                    "accuracy": round(ev.accuracy, 4),
                    "expected calibration error": round(ev.calibration.ece, 4),
                }
            )
    st.markdown("**Same labels, two models.**")
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="pred_models_table")
    st.caption(wording.MODELS_CAPTION)
