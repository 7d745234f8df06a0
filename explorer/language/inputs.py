"""The page's inputs: the URL-bound parameters, the widgets, and the plain values they give.

Only the controls in use are drawn (a paste box only while "paste" is chosen): every
element costs time on every rerun.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from explorer.language.corpora import CORPORA
from explorer.state import choice, integer, number
from xentcore.ngram import MAX_ORDER

__all__ = ["EXTRA_KEYS", "PARAMS", "Inputs", "read"]

SOURCES = {**CORPORA, "paste": "Paste your own text", "upload": "Upload a text file"}
TEST_SOURCES = {
    "heldout": "Held-out end of the training text",
    "paste": "Paste a test text",
    "upload": "Upload a test file",
}
#: The smoothing choices of the page: the core's two kinds, interpolation with λ fixed
#: by the slider or tuned per order (:func:`xentcore.ngram.tune_lambdas`).
SMOOTHING_CHOICES = {
    "interpolated": "Interpolated, λ from the slider",
    "tuned": "Interpolated, λ tuned on held-out training text",
    "add-k": "Add-k (k = 1 is Laplace)",
}
#: The URL-bound inputs (explorer.state); every key starts with lm_ (keys are global).
PARAMS = [
    choice("lm_corpus", "shakespeare", list(SOURCES)),
    choice("lm_test", "heldout", list(TEST_SOURCES)),
    integer("lm_heldout", 10, 5, 50),
    integer("lm_order", 3, 0, MAX_ORDER),
    choice("lm_smoothing", "interpolated", list(SMOOTHING_CHOICES)),
    number("lm_k", 0.1, 0.0, 1e6),
    number("lm_lambda", 0.8, 0.0, 1.0),
]
#: Pasted text and files never go into the URL (too long). A text area is drawn only
#: while "paste" is chosen; its text is kept under a second key meanwhile (Streamlit
#: forgets the state of a widget that is not drawn). "Reset this page" clears them all.
PASTE_KEYS = {"lm_train_text": "_lm_train_text_kept", "lm_test_text": "_lm_test_text_kept"}
EXTRA_KEYS = (*PASTE_KEYS, *PASTE_KEYS.values(), "lm_train_file", "lm_test_file")


@dataclass(frozen=True)
class Inputs:
    """Everything the user chose, read from the widgets in one place."""

    corpus: str
    test_source: str
    share: int
    pasted_train: str
    pasted_test: str
    upload_train: bytes | None
    upload_test: bytes | None
    order: int
    smoothing: str
    k: float
    lam: float
    tune: bool


@dataclass(frozen=True)
class _Source:
    """One text's widgets: the source box, and the paste box and uploader it may show."""

    label: str
    options: dict[str, str]
    key: str
    help: str
    paste_label: str
    paste_key: str
    placeholder: str
    upload_label: str
    upload_key: str


TRAIN_SOURCE = _Source(
    "Training text",
    SOURCES,
    "lm_corpus",
    "The built-in texts ship with Python or this app: nothing is downloaded.",
    "Your training text",
    "lm_train_text",
    "Paste a training text here.",
    "Your training file (.txt)",
    "lm_train_file",
)
TEST_SOURCE = _Source(
    "Test text",
    TEST_SOURCES,
    "lm_test",
    "Text the model has not seen. By default the end of the training text is held out.",
    "Your test text",
    "lm_test_text",
    "Paste a test text here.",
    "Your test file (.txt)",
    "lm_test_file",
)


def _pasted_text(label: str, key: str, placeholder: str) -> str:
    """A text area whose text outlives switching to another source and back."""
    kept = PASTE_KEYS[key]
    if key not in st.session_state and kept in st.session_state:
        st.session_state[key] = st.session_state[kept]
    text = st.text_area(label, key=key, height=120, placeholder=placeholder) or ""
    st.session_state[kept] = text
    return text


def _text_source(source: _Source) -> tuple[str, str, bytes | None]:
    """The chosen source of one text, its pasted text ("" if none) and uploaded bytes."""
    chosen = st.selectbox(
        source.label,
        options=list(source.options),
        format_func=source.options.get,
        key=source.key,
        help=source.help,
    )
    pasted, upload = "", None
    if chosen == "paste":
        pasted = _pasted_text(source.paste_label, source.paste_key, source.placeholder)
    elif chosen == "upload":
        upload = st.file_uploader(source.upload_label, key=source.upload_key)
    return chosen, pasted, None if upload is None else upload.getvalue()


def _texts_column() -> dict:
    st.subheader("1. Texts", anchor=False)
    corpus, pasted_train, upload_train = _text_source(TRAIN_SOURCE)
    test_source, pasted_test, upload_test = _text_source(TEST_SOURCE)
    share = st.slider(
        "Held-out share (%)",
        5,
        50,
        step=1,
        key="lm_heldout",
        disabled=test_source != "heldout",
        help="The last part of the training text, kept back to test the model on.",
    )
    return {
        "corpus": corpus,
        "test_source": test_source,
        "share": int(share),
        "pasted_train": pasted_train,
        "pasted_test": pasted_test,
        "upload_train": upload_train,
        "upload_test": upload_test,
    }


def _model_column() -> dict:
    st.subheader("2. Model", anchor=False)
    order = st.slider(
        "Order n (characters of context)",
        0,
        MAX_ORDER,
        key="lm_order",
        help="How many previous characters the model looks at; 0 = letter frequencies only.",
    )
    choice_ = st.radio(
        "Smoothing",
        options=list(SMOOTHING_CHOICES),
        format_func=SMOOTHING_CHOICES.get,
        key="lm_smoothing",
        help="How probability is kept for characters never seen after a context. Tuned: "
        "for each order, the λ with the lowest cross-entropy on the last tenth of the "
        "training text, counted from the first nine tenths.",
    )
    smoothing = "add-k" if choice_ == "add-k" else "interpolated"
    k = st.number_input(
        "k (add-k)",
        key="lm_k",
        step=0.05,
        format="%g",
        disabled=smoothing != "add-k",
        help="Added to every count. 0 = maximum likelihood (unseen → probability 0).",
    )
    lam = st.slider(
        "λ (interpolated)",
        0.0,
        1.0,
        step=0.01,
        key="lm_lambda",
        disabled=choice_ != "interpolated",
        help="Weight of each order's own counts; the rest goes to the next shorter context.",
    )
    return {
        "order": int(order),
        "smoothing": smoothing,
        "k": float("nan") if k is None else float(k),
        "lam": float(lam),
        "tune": choice_ == "tuned",
    }


def read() -> Inputs:
    """1. Read inputs: the texts (left) and the model (right); values come from the state."""
    col_texts, col_model = st.columns(2, gap="large")
    with col_texts:
        texts = _texts_column()
    with col_model:
        model = _model_column()
    return Inputs(**texts, **model)
