"""The Calibrate and Model A vs B tabs' inputs: URL-bound settings and model B's source.

The tabs are lazy (only the open one is drawn), so their widgets keep their values with
``persist_state="session"`` while another tab is open. A file uploader cannot: model B's
upload is copied into the session when it arrives (:data:`B_UPLOAD`), so it survives the
tab being closed, and is forgotten when the user removes it from the uploader.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import streamlit as st

from explorer.predictions.compute import Content, FileRef
from explorer.predictions.practice import wording
from explorer.predictions.samples import SAMPLES, SYNTHETIC
from explorer.state import choice, integer

__all__ = [
    "BOOT_RANGE",
    "B_SOURCES",
    "B_UPLOAD",
    "DERIVED",
    "PARAMS",
    "SHARE_RANGE",
    "CalibrateSettings",
    "VersusSettings",
    "b_upload",
    "calibrate_inputs",
    "versus_inputs",
]

#: Model B made from model A: its source key -> the temperature (None: noise instead).
DERIVED: dict[str, float | None] = {"noisy": None, "sharper": 0.5, "flatter": 2.0}
#: Where model B comes from, as the radio shows it.
B_SOURCES = {
    "noisy": "Model A with noise on its logits (a model that disagrees on some samples)",
    "sharper": "Model A made over-confident (temperature 0.5)",
    "flatter": "Model A made under-confident (temperature 2)",
    **{key: f"Sample: {SAMPLES[key].title}" for key in SYNTHETIC},
    "upload": "A second file (upload it below)",
}
#: The validation share, in percent of the rows, and the bootstrap's resample count.
SHARE_RANGE = (10, 90)
BOOT_RANGE = (100, 10_000)
SEED_MAX = 999_999

#: The tabs' URL-bound inputs (added to the page's PARAMS).
PARAMS = [
    integer("pred_cal_val", 50, *SHARE_RANGE),
    integer("pred_cal_seed", 0, 0, SEED_MAX),
    choice("pred_b_source", "noisy", list(B_SOURCES)),
    integer("pred_boot", 1000, *BOOT_RANGE),
    integer("pred_boot_seed", 0, 0, SEED_MAX),
]
#: Session key of model B's upload: (its content, name, digest).
B_UPLOAD = "_pred_b_upload"


@dataclass(frozen=True)
class CalibrateSettings:
    percent: int  # of the rows used to fit (the validation part)
    seed: int


@dataclass(frozen=True)
class VersusSettings:
    source: str  # a key of B_SOURCES
    resamples: int
    seed: int


def _seed_input(where, label: str, key: str, help_text: str) -> int:
    """A whole number from 0 to SEED_MAX, kept while its tab is closed."""
    return where.number_input(
        label,
        min_value=0,
        max_value=SEED_MAX,
        step=1,
        key=key,
        persist_state="session",
        help=help_text,
    )


def calibrate_inputs() -> CalibrateSettings:
    """The validation share and the split's seed."""
    c_share, c_seed, _ = st.columns([3, 2, 3], gap="large")
    percent = c_share.slider(
        "Validation share (% of the rows T is fitted on)",
        *SHARE_RANGE,
        step=5,
        key="pred_cal_val",
        persist_state="session",
        help=wording.SHARE_HELP,
    )
    seed = _seed_input(c_seed, "Split seed", "pred_cal_seed", wording.SEED_HELP)
    return CalibrateSettings(int(percent), int(seed))


def _keep_b_upload() -> None:
    """on_change of model B's uploader: keep the file in the session, or forget it."""
    uploaded = st.session_state.get("pred_file_b")
    if uploaded is None:  # the user removed it
        st.session_state.pop(B_UPLOAD, None)
        return
    data = uploaded.getvalue()
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    st.session_state[B_UPLOAD] = (Content(data), uploaded.name, digest)
    st.session_state["pred_b_source"] = "upload"  # a fresh upload becomes model B


def versus_inputs() -> VersusSettings:
    """Model B's source and uploader, the resample count and the bootstrap's seed."""
    c_source, c_upload = st.columns([2, 3], gap="large")
    source = c_source.radio(
        "Model B",
        list(B_SOURCES),
        format_func=B_SOURCES.get,
        key="pred_b_source",
        persist_state="session",
    )
    c_upload.file_uploader(
        "Model B's predictions (CSV or Parquet): the same rows and labels as model A",
        key="pred_file_b",
        on_change=_keep_b_upload,
        help=wording.B_UPLOAD_HELP,
    )
    kept = st.session_state.get(B_UPLOAD)
    if kept is not None:
        c_upload.caption(wording.kept_upload_caption(kept[1]))
    c_boot, c_seed, _ = st.columns([3, 2, 3], gap="large")
    resamples = c_boot.number_input(
        f"Bootstrap resamples ({BOOT_RANGE[0]:,} to {BOOT_RANGE[1]:,})",
        min_value=BOOT_RANGE[0],
        max_value=BOOT_RANGE[1],
        step=100,
        key="pred_boot",
        persist_state="session",
        help=wording.BOOT_HELP,
    )
    seed = _seed_input(c_seed, "Bootstrap seed", "pred_boot_seed", wording.BOOT_SEED_HELP)
    return VersusSettings(str(source), int(resamples), int(seed))


def b_upload() -> tuple[Content, FileRef] | None:
    """Model B's uploaded file, kept in the session, or None before one is uploaded."""
    kept = st.session_state.get(B_UPLOAD)
    if kept is None:
        return None
    content, name, digest = kept
    return content, FileRef.of(digest, name, content)
