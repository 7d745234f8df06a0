"""The Your predictions page's Streamlit parts: inputs, cached steps and result panels.

The page script (``pages/5_Your_predictions.py``) only wires these together. They live
in a module because Streamlit recompiles a page script on every rerun under AppTest,
while an imported module is compiled once.

Reading, checking and evaluating a file are cached by the file's digest (and the
settings that matter), so changing a weight never re-reads the file. Problems are
returned, not raised, so that a bad file is not re-read on every rerun either.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from explorer import uploads
from explorer.figures_predictions import (
    confusion_figure,
    loss_histogram_figure,
    reliability_figure,
)
from explorer.samples import SAMPLES, sample_csv
from explorer.state import BadParam, Param, choice, flag, integer, number
from explorer.text import format_value
from explorer.widgets import csv_download
from xentcore.predictions import (
    KINDS,
    Evaluation,
    evaluate_predictions,
    in_unit,
    label_formats,
    most_confused,
    perplexity,
)
from xentcore.training import balanced_class_weights

__all__ = [
    "PARAMS",
    "SOURCES",
    "VIEWS",
    "Loaded",
    "Settings",
    "evaluate_loaded",
    "intro",
    "load",
    "settings_inputs",
    "show_results",
    "source_inputs",
]

SOURCES = {**{key: sample.title for key, sample in SAMPLES.items()}, "upload": "Your file"}
#: Worst samples listed in the table (every sample is in the per-sample download).
N_WORST = 10
#: Above this many classes the confusion matrix is listed, not drawn.
MAX_HEATMAP_CLASSES = 30
SYNTHETIC = ("calibrated", "overconfident")
#: The result sections, as lazy tabs: only the open one is drawn on a rerun.
VIEWS = ["Costly samples", "Frameworks & weights", "Per class", "Calibration"]


def _weights_text(text: str) -> str:
    """URL value of the Class weights box: comma-separated non-negative numbers, or empty."""
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            value = float(part)
        except ValueError:
            raise BadParam(f"{part[:20]!r} is not a number") from None
        if not np.isfinite(value) or value < 0:
            raise BadParam(f"{part[:20]!r} is not a non-negative number")
    return text


#: The page's URL-bound inputs (the uploaded file itself cannot be in a URL).
PARAMS = [
    choice("pred_source", "binary10", list(SOURCES)),
    Param("pred_cw", "", _weights_text, "comma-separated non-negative class weights", str),
    integer("pred_bins", 10, 2, 50),
    number("pred_smooth", 0.0, 0.0, 1.0),
    flag("pred_renorm", False),
    choice("pred_view", VIEWS[0], VIEWS),
]


# --- cached steps -------------------------------------------------------------------
# `_data` is not hashed (leading underscore): the digest stands for the file's content.


# Few entries and a TTL: a 50 MB upload is a large DataFrame, and Community Cloud gives
# an app about 1 GB.
@st.cache_data(max_entries=2, ttl=3600, show_spinner=False)
def read_file(digest: str, _data: bytes, name: str):
    try:
        return uploads.read_table(_data, name), None
    except uploads.UploadProblem as problem:
        return None, problem


@st.cache_data(max_entries=8, ttl=3600, show_spinner=False)
def file_info(digest: str, _data: bytes, name: str):
    table, problem = read_file(digest, _data, name)
    return (None, problem) if table is None else (uploads.describe(table), None)


@st.cache_data(max_entries=2, ttl=3600, show_spinner=False)
def extract(digest: str, _data: bytes, name: str, mapping: tuple, renormalise: bool):
    table, problem = read_file(digest, _data, name)
    if table is None:
        return None, problem
    try:
        chosen = uploads.Mapping(*mapping)
        return uploads.extract(table.frame, chosen, renormalise=renormalise), None
    except uploads.UploadProblem as problem:
        return None, problem


@st.cache_data(max_entries=8, ttl=3600, show_spinner=False)
def checked(digest: str, _data: bytes, name: str, mapping: tuple, renormalise: bool):
    """:func:`extract` without the (N, C) scores: what the settings need, cheap to reload."""
    data, problem = extract(digest, _data, name, mapping, renormalise)
    if data is not None:
        data.scores = np.empty((0, 0))
    return data, problem


@st.cache_data(max_entries=6, ttl=3600, show_spinner=False)
def evaluate(digest, _data, name, mapping, renormalise, class_weight, smoothing, bins):
    data, problem = extract(digest, _data, name, mapping, renormalise)
    if data is None:
        return None, None, problem
    try:
        ev = evaluate_predictions(
            data.scores,
            data.labels,
            kind=data.kind,
            class_weight=None if class_weight is None else np.array(class_weight),
            sample_weight=data.weights,
            label_smoothing=smoothing if data.kind == "logits" else 0.0,
            n_bins=bins,
        )
    except ValueError as err:  # xentcore's message names the argument
        fix = "Check the column mapping and the settings above."
        return None, None, uploads.UploadProblem(f"The evaluation refused the data: {err}", "", fix)
    data.scores = np.empty((0, 0))  # not needed after this: keep the cached copy small
    return data, ev, None


@st.cache_data(max_entries=6, ttl=3600, show_spinner=False)
def one_hot_check(digest, _data, name, mapping, renormalise):
    """The mean loss from one-hot and from index labels (run when its tab is opened)."""
    data, problem = extract(digest, _data, name, mapping, renormalise)
    if data is None:
        return None
    return label_formats(data.scores, data.labels, kind=data.kind)


@st.cache_data(max_entries=4, show_spinner=False)
def sample_bytes(name: str) -> bytes:
    return sample_csv(name)


def file_digest(file) -> str:
    """Hash an upload once (by its upload id), not on every rerun."""
    seen = st.session_state.setdefault("_pred_digests", {})
    if file.file_id not in seen:
        seen.clear()  # one upload at a time: forget the previous file's hash
        seen[file.file_id] = hashlib.blake2b(file.getvalue(), digest_size=16).hexdigest()
    return seen[file.file_id]


# --- callbacks: they run before the widgets are drawn ---------------------------------


def _use_upload() -> None:
    if st.session_state.get("pred_file") is not None:
        st.session_state["pred_source"] = "upload"  # a fresh upload becomes the source


def _set_weights(text: str) -> None:
    st.session_state["pred_cw"] = text


def _turn_on_renormalise() -> None:
    st.session_state["pred_renorm"] = True


def show_problem(problem: uploads.UploadProblem) -> None:
    st.error(str(problem), icon=":material/error:")


class Progress:
    """st.status while an upload is read and evaluated; nothing for the small samples."""

    def __init__(self, show: bool, label: str):
        self.box = st.status(label, expanded=False) if show else None

    def update(self, label: str, state: str = "running") -> None:
        if self.box is not None:
            self.box.update(label=label, state=state)


# --- 1. inputs ------------------------------------------------------------------------


def intro() -> None:
    st.title("Your predictions")
    st.markdown(
        "Drop in a model's predictions and see what its log loss means: which samples cost "
        "the most, how the frameworks would report it with your weights, and whether the "
        "model is as sure as it should be. Or start with a built-in sample."
    )


def source_inputs() -> str:
    """The source radio and the uploader; returns the chosen source."""
    col_source, col_upload = st.columns([2, 3], gap="large")
    with col_source:
        source = st.radio(
            "Predictions to evaluate", list(SOURCES), format_func=SOURCES.get, key="pred_source"
        )
    with col_upload:
        st.file_uploader(
            "Upload a CSV or Parquet file",
            key="pred_file",
            on_change=_use_upload,
            help="Layouts read automatically: a label column plus one probability or logit "
            "column per class (labels as indices 0..C-1 or as class names); a binary label "
            "plus one P(y=1) or logit column; or one-hot target columns plus prediction "
            "columns. An optional sample_weight column weights the rows.",
        )
        st.caption(
            "Column names such as label, p_cat, p_dog (probabilities), logit_0, logit_1 "
            "(logits), y_cat / p_cat pairs (one-hot) and sample_weight are recognised; "
            "anything else can be mapped by hand below.\n\n"
            f"Limits: a file of at most **{st.get_option('server.maxUploadSize')} MB** (the "
            f"server's upload limit), **{uploads.MAX_ROWS:,} rows**, "
            f"**{uploads.MAX_CLASSES:,} classes** and **{uploads.MAX_CELLS:,}** prediction "
            "cells (rows × classes). Rows are counted from 1 below the header; data row 1 is "
            "line 2 of a CSV."
        )
    return source


@dataclass
class Loaded:
    """The chosen file, how it is mapped, and its checked arrays (None if not usable)."""

    data_bytes: bytes | None = None
    name: str = ""
    digest: str = ""
    mapping: uploads.Mapping | None = None
    data: uploads.PredictionData | None = None
    progress: Progress | None = None


def mapping_inputs(info: uploads.FileInfo, fid: str) -> uploads.Mapping:
    """The column mapping, pre-filled with what was detected; every field can be changed."""
    cols = info.columns
    layouts = list(uploads.LAYOUTS)
    layout = st.selectbox(
        "Layout",
        layouts,
        index=layouts.index(info.auto.layout),
        format_func=uploads.LAYOUTS.get,
        key=f"pred_layout_{fid}",
    )
    guess = info.per_layout[layout]
    c1, c2 = st.columns(2)
    kind = c1.radio(
        "Predictions are",
        KINDS,
        index=KINDS.index(guess.kind),
        key=f"pred_kind_{fid}_{layout}",
        horizontal=True,
        help="Probabilities lie in [0, 1] and each row sums to 1; logits are raw scores "
        "that a softmax turns into probabilities.",
    )
    label, targets = None, ()
    if layout == "one_hot":
        targets = c2.multiselect(
            "One-hot target columns, in class order",
            cols,
            default=list(guess.targets),
            key=f"pred_targets_{fid}",
        )
    else:
        label = c2.selectbox(
            "Label column (the true class)",
            cols,
            index=cols.index(guess.label) if guess.label in cols else None,
            placeholder="Choose the column with the true class",
            key=f"pred_label_{fid}_{layout}",
        )
    what = " (P(y = 1) or its logit)" if layout == "binary" else "s, one per class, in order"
    preds = st.multiselect(
        "Prediction column" + what,
        cols,
        default=list(guess.predictions),
        max_selections=1 if layout == "binary" else None,
        key=f"pred_preds_{fid}_{layout}",
    )
    weight_options = ["(none)", *cols]
    weight = st.selectbox(
        "Sample-weight column (optional)",
        weight_options,
        index=weight_options.index(guess.weight) if guess.weight in cols else 0,
        key=f"pred_weight_{fid}",
    )
    return uploads.Mapping(
        layout, kind, label, tuple(preds), tuple(targets), None if weight == "(none)" else weight
    )


def load(source: str) -> Loaded:
    """Read, map and check the chosen file (all cached), drawing any problem found."""
    out = Loaded()
    if source == "upload":
        uploaded = st.session_state.get("pred_file")
        if uploaded is None:
            st.info(
                "Upload a file above, or pick a built-in sample on the left.",
                icon=":material/upload_file:",
            )
            return out
        out.data_bytes, out.name = uploaded.getvalue(), uploaded.name
        out.digest = file_digest(uploaded)
    else:
        sample = SAMPLES[source]
        out.data_bytes, out.name = sample_bytes(source), sample.file_name
        out.digest = f"sample:{source}"
        with st.container(horizontal=True, vertical_alignment="center", wrap=False):
            st.caption(sample.description)
            st.download_button(
                "This sample as CSV",
                data=out.data_bytes,
                file_name=sample.file_name,
                mime="text/csv",
                key="pred_sample_download",
                icon=":material/download:",
                on_click="ignore",
            )
    size = f"{len(out.data_bytes) / 1e6:.1f} MB"
    shown = uploads.md_escape(out.name, 60)  # a file name is user text; labels are Markdown
    out.progress = Progress(source == "upload", f"Reading {shown} ({size})…")
    info, problem = file_info(out.digest, out.data_bytes, out.name)
    if problem is not None:
        out.progress.update(f"{shown}: this file cannot be used", state="error")
        show_problem(problem)
        return out
    for note in info.notes:
        st.warning(note, icon=":material/info:")
    out.progress.update(f"Checking {info.n_rows:,} rows × {len(info.columns)} columns…")
    if source == "upload":
        with st.expander("Column mapping: detected automatically, change it if it is wrong"):
            out.mapping = mapping_inputs(info, out.digest[:16])
    else:
        out.mapping = info.auto  # the samples are read exactly as detected
    renormalise = st.session_state["pred_renorm"]
    out.data, problem = checked(
        out.digest, out.data_bytes, out.name, out.mapping.key(), renormalise
    )
    if problem is not None:
        out.progress.update(f"{shown}: a problem to fix", state="error")
        show_problem(problem)
        if isinstance(problem, uploads.RowSumProblem):
            st.button(
                "Renormalise the rows",
                key="pred_renorm_button",
                on_click=_turn_on_renormalise,
                icon=":material/balance:",
                type="primary",
            )
    return out


@dataclass
class Settings:
    class_weight: np.ndarray | None
    bins: int
    smoothing: float  # 0 unless the predictions are logits


def settings_inputs(loaded: Loaded) -> Settings:
    """Class weights, reliability bins, label smoothing and renormalisation."""
    data = loaded.data
    st.subheader("Weights and settings", anchor=False)
    c_weights, c_bins, c_smooth = st.columns([3, 2, 2], gap="large")
    with c_weights:
        cw_text = st.text_input(
            "Class weights (one per class, comma-separated; empty = 1 each)",
            key="pred_cw",
            placeholder="e.g. 1, 1, 2",
            help="As the weight argument of torch.nn.functional.cross_entropy, class_weight "
            "in Keras' fit and sample_weight = w[y] in scikit-learn.",
        )
    with c_bins:
        bins = st.slider("Reliability-diagram bins", 2, 50, key="pred_bins")
    with c_smooth:
        is_logits = data is not None and data.kind == "logits"
        smoothing = st.slider(
            "Label smoothing ε (logits only)",
            0.0,
            1.0,
            step=0.01,
            key="pred_smooth",
            disabled=not is_logits,
            help="As label_smoothing in torch.nn.functional.cross_entropy and Keras: the "
            "target becomes (1 − ε)·one-hot + ε/C. It changes the PyTorch and Keras numbers, "
            "not the mean cross-entropy of the predictions.",
        )
    st.toggle(
        "Renormalise probability rows that do not sum to 1",
        key="pred_renorm",
        help="Divide each probability row by its sum. Only needed when rows miss 1.",
    )
    weights = None
    if data is not None:
        try:
            weights = uploads.parse_class_weights(cw_text, data.class_names)
        except uploads.UploadProblem as problem:
            show_problem(problem)
            st.caption("The results below use weight 1 for every class until the box is fixed.")
        balanced = balanced_class_weights(data.labels, len(data.class_names))
        st.button(
            "Balanced class weights (N / (C · count of the class))",
            key="pred_balanced",
            on_click=_set_weights,
            args=(uploads.format_weights(balanced),),
            help="scikit-learn's class_weight='balanced': rare classes weigh more.",
        )
    return Settings(weights, int(bins), float(smoothing) if is_logits else 0.0)


# --- 2. compute -------------------------------------------------------------------------


def evaluate_loaded(loaded: Loaded, settings: Settings):
    """The cached evaluation of the loaded file: ``(data, evaluation)`` or ``(None, None)``."""
    if loaded.data is None:
        return None, None
    loaded.progress.update(f"Evaluating {len(loaded.data.labels):,} samples…")
    weights = settings.class_weight
    data, ev, problem = evaluate(
        loaded.digest,
        loaded.data_bytes,
        loaded.name,
        loaded.mapping.key(),
        st.session_state["pred_renorm"],
        None if weights is None else tuple(float(w) for w in weights),
        settings.smoothing,
        settings.bins,
    )
    if problem is not None:
        loaded.progress.update(
            f"{uploads.md_escape(loaded.name, 60)}: a problem to fix", state="error"
        )
        show_problem(problem)
        return None, None
    loaded.progress.update(
        f"{uploads.md_escape(loaded.name, 60)}: {ev.n:,} samples × {ev.n_classes} classes "
        "read and evaluated",
        state="complete",
    )
    return data, ev


# --- 3. draw ----------------------------------------------------------------------------


def show_results(
    loaded: Loaded,
    data: uploads.PredictionData,
    ev: Evaluation,
    settings: Settings,
    unit: str,
    base,
    source: str = "upload",
) -> None:
    """The headline numbers, then the sections as lazy tabs (only the open one runs)."""
    names = data.class_names
    loss = in_unit(ev.mean_loss, base)
    st.header("Results", anchor=False)
    kind_text = "probabilities" if data.kind == "probabilities" else "logits"
    st.caption(
        f"{ev.n:,} samples, {ev.n_classes} classes, predictions read as {kind_text} "
        f"({uploads.LAYOUTS[data.layout].lower()}). " + " ".join(data.notes)
    )
    _headline(ev, loss, unit)
    _baselines(ev, loss, unit, base)
    _model_comparison(source, settings.bins, unit, base)
    sections = {
        "Costly samples": lambda: _costly(data, ev, loss, unit, base),
        "Frameworks & weights": lambda: _reductions(loaded, data, ev, settings, unit, base),
        "Per class": lambda: _per_class(ev, names, settings, unit, base),
        "Calibration": lambda: _calibration(ev),
    }
    tabs = st.tabs(VIEWS, key="pred_view", on_change="rerun")
    for name, tab in zip(VIEWS, tabs, strict=True):
        if tab.open:
            with tab:
                sections[name]()


def _headline(ev: Evaluation, loss: float, unit: str) -> None:
    row = st.container(horizontal=True)  # one flex row: fewer elements than columns
    row.metric(
        "Mean cross-entropy",
        format_value(loss, unit),
        help="The average of −log p(true class) over the samples: the log loss. "
        "No weights and no smoothing: see Frameworks & weights for those.",
        border=True,
    )
    row.metric(
        "Perplexity",
        format_value(perplexity(ev.mean_loss), digits=3),
        help="e to the mean loss in nats (2 to the mean in bits): the model is as unsure "
        "as a uniform guess among this many classes.",
        border=True,
    )
    row.metric(
        "Accuracy",
        f"{ev.accuracy:.1%}",
        help="Share of samples whose most probable class is the true one.",
        border=True,
    )
    row.metric(
        "Calibration error (ECE)",
        f"{ev.calibration.ece:.3f}",
        help="Average gap between confidence and accuracy over the reliability bins: 0 "
        "for a calibrated model.",
        border=True,
    )
    if ev.n_infinite:
        st.warning(
            f"{ev.n_infinite:,} sample(s) gave their true class probability 0, so their loss "
            "is ∞ and so is the mean. Frameworks keep it finite by clipping: scikit-learn at "
            "2.2e-16 (36.04 nats), Keras at 1e-7 (16.12 nats); see their numbers below.",
            icon=":material/all_inclusive:",
        )


def _baselines(ev: Evaluation, loss: float, unit: str, base) -> None:
    b = ev.baselines
    if ev.mean_loss < b.base_rate:
        verdict = "beats both: it knows more than the label frequencies."
    elif ev.mean_loss < b.uniform:
        verdict = (
            "beats the uniform guess but not the base rates: always predicting the label "
            "frequencies would score better."
        )
    else:
        verdict = "does not even beat a uniform guess."
    st.info(
        f"**Baselines.** A uniform guess over the {ev.n_classes} classes costs ln C = "
        f"{format_value(in_unit(b.uniform, base), unit)}; always predicting the label "
        f"frequencies costs their entropy, {format_value(in_unit(b.base_rate, base), unit)}. "
        f"At {format_value(loss, unit)} this model {verdict}",
        icon=":material/straighten:",
    )


def _reductions(loaded: Loaded, data, ev: Evaluation, settings: Settings, unit: str, base) -> None:
    r = ev.reductions
    torch_call = "F.cross_entropy(z, y)" if data.kind == "logits" else "F.nll_loss(log p, y)"
    # Keras' fit() refuses class_weight and sample_weight together (checked against Keras
    # 3.15, tests/core/test_keras_parity.py): with both, the weights are folded by hand.
    both = settings.class_weight is not None and data.weights is not None
    keras_weights = "sample_weight = s · w[y]" if both else "class_weight = w or sample_weight = s"
    rows = [
        ("Plain mean of −log p(true class)", "none", "N", r.mean),
        (f"PyTorch {torch_call}, reduction='mean'", "weight = w", "Σ w[y]", r.torch_mean),
        ("PyTorch reduction='none', then (loss * s).mean()", "w, then s", "N", r.torch_none_mean),
        ("Keras CategoricalCrossentropy, fit()", keras_weights, "N", r.keras),
        ("scikit-learn log_loss", "sample_weight = s · w[y]", "Σ s · w[y]", r.sklearn),
    ]
    if r.torch_binary is not None:
        call = (
            "binary_cross_entropy_with_logits" if data.kind == "logits" else "binary_cross_entropy"
        )
        rows.append((f"PyTorch F.{call}", "weight = s · w[y]", "N", r.torch_binary))
    table = pd.DataFrame(
        {
            "Reported by": [row[0] for row in rows],
            "Weights it takes": [row[1] for row in rows],
            "Divides by": [row[2] for row in rows],
            f"Loss ({unit})": np.round(in_unit(np.array([row[3] for row in rows]), base), 6),
        }
    )
    st.caption(
        "w: the class weights above; s: the file's sample-weight column (1 if none). "
        "Label smoothing, if set, applies to the PyTorch and Keras rows."
    )
    st.dataframe(table, hide_index=True, width="stretch", key="pred_reductions_table")
    csv_download(
        "Reductions as CSV",
        table,
        "reductions.csv",
        "pred_reductions_csv",
        write=uploads.safe_csv,
        on_click="ignore",
    )
    weighted = settings.class_weight is not None or data.weights is not None
    smoothed = settings.smoothing > 0
    divisors = (
        "the frameworks divide the same weighted sum by different things: PyTorch by the "
        "sum of the target-class weights Σ w[y], Keras by the batch size N, scikit-learn by "
        "the sum of the sample weights. PyTorch's 'mean' also ignores sample weights "
        "(F.cross_entropy has no per-sample weight), and reduction='none' followed by "
        ".mean() is not reduction='mean' once class weights are set."
    )
    clips = (
        "they agree up to how they avoid log 0: PyTorch takes log p as it is, Keras clips p "
        "to [1e-7, 1 − 1e-7], scikit-learn to [2.2e-16, 1 − 2.2e-16]."
    )
    if weighted or smoothed:
        why = f"**Why they differ.** With these weights, {divisors} Without weights, {clips}"
    else:
        why = (
            f"**Why they agree here.** Without weights, {clips} Set class weights above (or "
            f"map a sample-weight column) and they part: {divisors}"
        )
    if both:
        why += (
            " Keras' fit() will not take class_weight and sample_weight together (\"You "
            'cannot `class_weight` and `sample_weight` at the same time"): its row is '
            "fit(sample_weight=s · w[y]), the class weight of each sample's label times its "
            "sample weight."
        )
    if smoothed:
        why += (
            f" Label smoothing ε = {settings.smoothing:g} changes the PyTorch and Keras numbers "
            "(they score the smoothed targets (1 − ε)·one-hot + ε/C); scikit-learn's log_loss "
            "has no smoothing."
        )
    st.markdown(why)
    st.latex(
        r"\text{PyTorch} = \frac{\sum_n w_{y_n} l_n}{\sum_n w_{y_n}},\quad"
        r"\text{Keras} = \frac{\sum_n s_n w_{y_n} l_n}{N},\quad"
        r"\text{scikit-learn} = \frac{\sum_n s_n w_{y_n} l_n}{\sum_n s_n w_{y_n}}"
    )
    renormalise = st.session_state["pred_renorm"]
    key = (loaded.digest, loaded.data_bytes, loaded.name, loaded.mapping.key(), renormalise)
    f = one_hot_check(*key)
    if f is None:
        return
    categorical = format_value(in_unit(f.categorical, base), unit, 4)
    sparse = format_value(in_unit(f.sparse, base), unit, 4)
    st.markdown(
        f"**One-hot or class index: the same loss.** With one-hot targets (categorical "
        f"cross-entropy, −Σ t·log p) the mean is {categorical}; with class indices (sparse "
        f"categorical, −log p[y]) it is {sparse}. The largest difference on any sample is "
        f"{f.max_difference:.1e} nats: only the label format differs."
    )


def _per_class(ev: Evaluation, names, settings: Settings, unit: str, base) -> None:
    cls = ev.classes
    weights = settings.class_weight
    per_class = pd.DataFrame(
        {
            "class": names,
            "samples": cls.count,
            f"mean loss ({unit})": np.round(in_unit(cls.mean_loss, base), 4),
            "accuracy": np.round(cls.accuracy, 4),
            "weight": np.ones(len(names)) if weights is None else weights,
        }
    )
    st.dataframe(per_class, hide_index=True, width="stretch", key="pred_class_table")
    csv_download(
        "Per-class table as CSV",
        per_class,
        "per_class.csv",
        "pred_class_csv",
        write=uploads.safe_csv,
        on_click="ignore",
    )
    st.subheader("Confusion matrix", anchor=False)
    if ev.n_classes <= MAX_HEATMAP_CLASSES:
        st.plotly_chart(
            confusion_figure(ev.confusion, names),
            width="stretch",
            theme=None,
            key="pred_confusion_chart",
        )
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
    csv_download(
        "Confusion matrix as CSV",
        confusion,
        "confusion_matrix.csv",
        "pred_confusion_csv",
        write=uploads.safe_csv,
        on_click="ignore",
    )


def _costly(data, ev: Evaluation, loss: float, unit: str, base) -> None:
    h = ev.histogram
    st.plotly_chart(
        loss_histogram_figure(in_unit(h.edges, base), h.counts, unit, loss, h.n_infinite),
        width="stretch",
        theme=None,
        key="pred_hist_chart",
    )
    worst = ev.worst[:N_WORST]
    # A Markdown table: ten rows need no pandas frame and Arrow table on every rerun.
    st.markdown(
        f"### The {len(worst)} samples that cost the most\n\n"
        + uploads.per_sample_markdown(ev, data, unit, base, rows=worst)
    )
    safe = (
        "Row numbers count data rows from 1 below the header. Text cells that a spreadsheet "
        "would run as a formula (starting with =, +, −, @) are prefixed with ' in every "
        "download; numbers stay numbers."
    )
    with st.container(horizontal=True):
        csv_download(
            "Worst samples as CSV",
            lambda: uploads.per_sample_frame(ev, data, unit, base, rows=worst),
            "worst_samples.csv",
            "pred_worst_csv",
            write=uploads.safe_csv,
            help=safe,
            on_click="ignore",
        )
        csv_download(
            f"All {ev.n:,} per-sample results as CSV",
            # Built only when clicked: a large file's CSV is not made on every rerun.
            lambda: uploads.per_sample_frame(ev, data, unit, base),
            "per_sample_results.csv",
            "pred_per_sample_csv",
            write=uploads.safe_csv,
            type="primary",
            help=safe,
            on_click="ignore",
        )


def _calibration(ev: Evaluation) -> None:
    cal = ev.calibration
    st.plotly_chart(
        reliability_figure(cal.edges, cal.count, cal.confidence, cal.accuracy, cal.ece),
        width="stretch",
        theme=None,
        key="pred_reliability_chart",
    )
    st.caption(
        "Samples grouped by their confidence (the probability of the predicted class); the "
        "number of bins is set above. Blue bars below the orange diamonds mean the model is "
        "right less often than it claims: over-confident. Above them: under-confident."
    )


def _model_comparison(source: str, bins: int, unit: str, base) -> None:
    """For the synthetic samples: both models on the same labels, side by side."""
    if source not in SYNTHETIC:
        return
    rows = []
    mapping = uploads.Mapping("label", "probabilities", "label", ("p_cat", "p_dog", "p_bird"))
    for key in SYNTHETIC:
        sample = SAMPLES[key]
        args = (f"sample:{key}", sample_bytes(key), sample.file_name, mapping.key())
        _, ev, problem = evaluate(*args, False, None, 0.0, bins)
        if problem is None:
            rows.append(
                {
                    "model": sample.title,
                    f"mean cross-entropy ({unit})": round(float(in_unit(ev.mean_loss, base)), 4),
                    "accuracy": round(ev.accuracy, 4),
                    "expected calibration error": round(ev.calibration.ece, 4),
                }
            )
    st.markdown("**Same labels, two models.**")
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="pred_models_table")
    st.caption(
        "Both models rank the classes alike, so their accuracy is identical; the "
        "over-confident one pays for its certainty in cross-entropy and calibration."
    )
