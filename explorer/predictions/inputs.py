"""The Your predictions page's inputs: the source, the uploader, the column mapping and
the settings, and the URL parameters that carry them (the file itself cannot be in a URL).
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, replace

import streamlit as st

from explorer.parsing import InputProblem, ListRules, parse_number_list
from explorer.predictions import wording
from explorer.predictions.compute import Content, FileRef
from explorer.predictions.practice import inputs as practice_inputs
from explorer.predictions.samples import SAMPLES
from explorer.predictions.uploads.export import format_weights, parse_class_weights
from explorer.predictions.uploads.extract import MAX_CELLS, PredictionData
from explorer.predictions.uploads.mapping import LAYOUTS, FileInfo, Mapping
from explorer.predictions.uploads.reading import MAX_CLASSES, MAX_ROWS
from explorer.state import URL_LIST_WORDING, BadParam, Param, choice, flag, integer, number
from xentcore.predictions import KINDS
from xentcore.training import balanced_class_weights

__all__ = [
    "EXTRA_KEYS",
    "PARAMS",
    "SOURCES",
    "VIEWS",
    "Settings",
    "mapping_inputs",
    "renormalise_button",
    "settings_inputs",
    "source_inputs",
    "uploaded_file",
]

SOURCES = {**{key: sample.title for key, sample in SAMPLES.items()}, "upload": "Your file"}
#: The result sections, as lazy tabs: only the open one is drawn on a rerun.
VIEWS = [
    "Costly samples",
    "Frameworks & weights",
    "Per class",
    "Calibration",
    "Calibrate",
    "Model A vs B",
]

#: The link's class weights: comma-separated numbers of at least 0 (or nothing).
_URL_WEIGHT_RULES = ListRules(
    max_len=sys.maxsize, lo=0.0, max_chars=sys.maxsize, separators=",", allow_empty=True
)
_URL_WEIGHT_WORDING = replace(URL_LIST_WORDING, **wording.URL_WEIGHT_MESSAGES)


def _weights_text(text: str) -> str:
    """URL value of the Class weights box: comma-separated non-negative numbers, or empty."""
    try:
        parse_number_list(text, _URL_WEIGHT_RULES, _URL_WEIGHT_WORDING)
    except InputProblem as err:
        raise BadParam(str(err)) from None
    return text


#: The page's URL-bound inputs.
PARAMS = [
    choice("pred_source", "binary10", list(SOURCES)),
    Param("pred_cw", "", _weights_text, "comma-separated non-negative class weights", str),
    integer("pred_bins", 10, 2, 50),
    number("pred_smooth", 0.0, 0.0, 1.0),
    flag("pred_renorm", False),
    choice("pred_view", VIEWS[0], VIEWS),
    *practice_inputs.PARAMS,  # the Calibrate and Model A vs B tabs
]
#: No other session keys for "Reset this page" to clear.
EXTRA_KEYS: tuple[str, ...] = ()


# --- callbacks: they run before the widgets are drawn ---------------------------------


def _use_upload() -> None:
    if st.session_state.get("pred_file") is not None:
        st.session_state["pred_source"] = "upload"  # a fresh upload becomes the source


def _set_weights(text: str) -> None:
    st.session_state["pred_cw"] = text


def _turn_on_renormalise() -> None:
    st.session_state["pred_renorm"] = True


# --- the file -------------------------------------------------------------------------


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
            help=wording.UPLOAD_HELP,
        )
        st.caption(
            wording.file_caption(
                st.get_option("server.maxUploadSize"), MAX_ROWS, MAX_CLASSES, MAX_CELLS
            )
        )
    return source


def _digest(file) -> str:
    """Hash an upload once (by its upload id), not on every rerun."""
    seen = st.session_state.setdefault("_pred_digests", {})
    if file.file_id not in seen:
        seen.clear()  # one upload at a time: forget the previous file's hash
        seen[file.file_id] = hashlib.blake2b(file.getvalue(), digest_size=16).hexdigest()
    return seen[file.file_id]


def uploaded_file() -> tuple[Content, FileRef] | None:
    """The uploaded file's content and its ref, or None before anything is uploaded."""
    uploaded = st.session_state.get("pred_file")
    if uploaded is None:
        return None
    content = Content(uploaded.getvalue())
    return content, FileRef.of(_digest(uploaded), uploaded.name, content)


def mapping_inputs(info: FileInfo, fid: str) -> Mapping:
    """The column mapping, pre-filled with what was detected; every field can be changed."""
    cols = info.columns
    layouts = list(LAYOUTS)
    layout = st.selectbox(
        "Layout",
        layouts,
        index=layouts.index(info.auto.layout),
        format_func=LAYOUTS.get,
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
        help=wording.KIND_HELP,
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
    return Mapping(
        layout, kind, label, tuple(preds), tuple(targets), None if weight == "(none)" else weight
    )


def renormalise_button() -> None:
    """Offered under the message about rows that do not sum to 1."""
    st.button(
        "Renormalise the rows",
        key="pred_renorm_button",
        on_click=_turn_on_renormalise,
        icon=":material/balance:",
        type="primary",
    )


# --- the settings ---------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    class_weight: tuple[float, ...] | None
    bins: int
    smoothing: float  # 0 unless the predictions are logits


def settings_inputs(data: PredictionData | None) -> Settings:
    """Class weights, reliability bins, label smoothing and renormalisation.

    ``data`` is the checked file (None when there is none): its classes say how many
    weights the box needs, and its kind whether smoothing applies.
    """
    st.subheader("Weights and settings", anchor=False)
    c_weights, c_bins, c_smooth = st.columns([3, 2, 2], gap="large")
    with c_weights:
        cw_text = st.text_input(
            "Class weights (one per class, comma-separated; empty = 1 each)",
            key="pred_cw",
            placeholder="e.g. 1, 1, 2",
            help=wording.CLASS_WEIGHTS_HELP,
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
            help=wording.SMOOTHING_HELP,
        )
    st.toggle(
        "Renormalise probability rows that do not sum to 1",
        key="pred_renorm",
        help=wording.RENORMALISE_HELP,
    )
    weights = None
    if data is not None:
        try:
            weights = parse_class_weights(cw_text, data.class_names)
        except InputProblem as problem:
            st.error(problem.markdown(), icon=":material/error:")
            st.caption(wording.WEIGHTS_FALLBACK)
        balanced = balanced_class_weights(data.labels, len(data.class_names))
        st.button(
            "Balanced class weights (N / (C · count of the class))",
            key="pred_balanced",
            on_click=_set_weights,
            args=(format_weights(balanced),),
            help=wording.BALANCED_HELP,
        )
    class_weight = None if weights is None else tuple(float(w) for w in weights)
    return Settings(class_weight, int(bins), float(smoothing) if is_logits else 0.0)
