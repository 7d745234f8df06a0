"""The Language models page, section by section: texts in, cached model, drawing.

``pages/7_Language_models.py`` wires these together in reading order. The page lives in
a module because Streamlit re-parses a page script on every run, while a module is
compiled once (and its cached functions are decorated once).

* Texts in: the built-in corpora (all shipped with Python or this repository, nothing
  is downloaded), pasted text and uploaded files, decoded and cut to a size limit.
* Out: the surprisal strip renders the user's text as HTML in which EVERY character
  other than an ASCII letter or digit is a numeric character reference, so neither
  HTML (``<script>``, ``<b>``) nor Markdown (``*``, ``$``, backticks) in the text can
  ever take effect. Messages name characters through :func:`md_escape`.
* Model fitting and scoring are :mod:`xentcore.ngram`, cached by text hash and
  settings, so moving a control never refits.

The wording, escaping and parsing functions are pure and tested directly
(``tests/explorer/test_figures_language.py``); the ``show_*`` functions draw.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import html
import importlib
import inspect
import io
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import streamlit as st

from explorer.figures_language import compression_figure, order_curve_figure
from explorer.state import choice, integer, number
from explorer.text import format_value
from xentcore.ngram import (
    COMPRESSORS,
    MAX_ORDER,
    UNKNOWN,
    ContextCounts,
    NgramModel,
    char_entropy,
    compressor_bits_per_char,
    count_contexts,
    cross_entropy_by_order,
    fit_ngram,
    order0_cross_entropy,
    perplexity,
    sample_text,
    split_text,
    surprisal,
    tune_lambdas,
)

CORPUS_DIR = Path(__file__).resolve().parent.parent / "data" / "corpus"

#: Built-in corpora: id -> label. Each ships with Python or with this repository.
CORPORA = {
    "shakespeare": "Shakespeare: Coriolanus, Act I (32,000 characters)",
    "zen": "The Zen of Python (import this, 856 characters)",
    "docstrings": "Python docstrings (standard-library modules)",
}

#: Longer texts are cut to this many characters (a fit then takes well under a second).
MAX_CHARS = 100_000
#: The surprisal strip shows at most this many characters (the numbers use them all).
STRIP_CHARS = 1_000

#: ColorBrewer YlOrRd (8 classes): light = expected, dark = surprising; last = infinite.
STRIP_COLORS = [
    "#FFFFCC",
    "#FFEDA0",
    "#FED976",
    "#FEB24C",
    "#FD8D3C",
    "#FC4E2A",
    "#E31A1C",
    "#B10026",
    "#000000",
]
#: Upper edges of the colour bins, in bits (the last bin is "more", then "infinite").
STRIP_EDGES_BITS = (1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0)

#: Modules whose docstrings make the "Python docstrings" corpus (stable, pure-Python).
DOC_MODULES = (
    "textwrap",
    "string",
    "functools",
    "itertools",
    "collections",
    "heapq",
    "bisect",
    "fractions",
    "statistics",
    "random",
    "json",
    "csv",
    "contextlib",
    "dataclasses",
    "pathlib",
    "shutil",
)
DOCSTRINGS_LIMIT = 60_000


# ----------------------------------------------------------------------------- corpora
def _zen_of_python() -> str:
    # `import this` prints the Zen on first import; silence that, then decode this.s
    # (the module keeps the text ROT13-encoded).
    with contextlib.redirect_stdout(io.StringIO()):
        this = importlib.import_module("this")
    return codecs.decode(this.s, "rot13")


def _docstrings() -> str:
    parts: list[str] = []
    seen: set[str] = set()
    total = 0
    for name in DOC_MODULES:
        module = importlib.import_module(name)
        names = sorted(getattr(module, "__all__", []))
        objects = [module, *(getattr(module, n, None) for n in names)]
        for obj in objects:
            if obj is None or not (inspect.ismodule(obj) or inspect.isclass(obj) or callable(obj)):
                continue
            doc = inspect.getdoc(obj)
            if not doc or doc in seen:
                continue
            seen.add(doc)
            parts.append(doc.strip())
            total += len(parts[-1]) + 2
            if total >= DOCSTRINGS_LIMIT:
                return "\n\n".join(parts)[:DOCSTRINGS_LIMIT]
    return "\n\n".join(parts)


@lru_cache(maxsize=8)
def load_corpus(name: str) -> str:
    """The text of built-in corpus ``name`` (one of :data:`CORPORA`).

    >>> load_corpus("zen").splitlines()[0]
    'The Zen of Python, by Tim Peters'
    """
    if name == "shakespeare":
        return (CORPUS_DIR / "shakespeare_coriolanus.txt").read_text(encoding="utf-8")
    if name == "zen":
        return _zen_of_python()
    if name == "docstrings":
        return _docstrings()  # empty under `python -OO`; the page then says so
    raise ValueError(f"unknown corpus {name!r}; choose one of {', '.join(CORPORA)}")


def text_hash(text: str) -> str:
    """A short digest of ``text``, the cache key of everything computed from it."""
    data = text.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# ----------------------------------------------------------------------------- input
def decode_upload(data: bytes, field: str) -> tuple[str, list[str]]:
    """Decode an uploaded file as UTF-8; undecodable bytes become U+FFFD, with a notice.

    >>> decode_upload("héllo".encode(), "Training file")
    ('héllo', [])
    >>> text, notes = decode_upload(b"ab\\xff\\xfe", "Test file")
    >>> text, notes[0][:45]
    ('ab��', 'Test file is not UTF-8 text: 2 bytes could no')
    """
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return text, [
        f"{field} is not UTF-8 text: {bad:,} bytes could not be decoded and are read as "
        "the replacement character �. Upload a plain-text file (.txt) saved as UTF-8."
    ]


def limit_text(text: str, field: str, max_chars: int = MAX_CHARS) -> tuple[str, list[str]]:
    """Cut ``text`` to ``max_chars`` characters, and say so; note control characters.

    >>> limit_text("abc", "Training text", 2)[1][0][:52]
    'Training text has 3 characters; only the first 2 are'
    """
    notes = []
    if len(text) > max_chars:
        notes.append(
            f"{field} has {len(text):,} characters; only the first {max_chars:,} are used "
            "(the model's counts and the compressors need a bounded text to stay fast). "
            "Paste or upload a shorter text to use all of it."
        )
        text = text[:max_chars]
    controls = len(_CONTROLS.findall(text))
    if controls:
        notes.append(
            f"{field} contains {controls:,} control characters (such as NUL or ESC), as "
            "binary data would. They are modelled like any other character and shown as "
            "symbols such as ␀ in the strip; paste plain text for a meaningful model."
        )
    return text, notes


#: Unicode category Cc (C0 and C1 controls, DEL) except tab, line feed, carriage return.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Markdown and LaTeX syntax characters that Streamlit's markdown would act on.
_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$&:\"'")


def md_escape(text: str) -> str:
    """Escape ``text`` for st.markdown / st.warning: no Markdown, HTML or LaTeX takes effect.

    >>> md_escape("*a* <b> $x$")
    '\\\\*a\\\\* \\\\<b\\\\> \\\\$x\\\\$'
    """
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)


def _visible(ch: str) -> str:
    """A printable stand-in for characters that would be invisible or break the strip."""
    code = ord(ch)
    if ch == "\n":
        return "↵"
    if ch == "\t":
        return "⇥"
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ␁ ... : Unicode's control pictures
    if code == 0x7F:
        return "␡"
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return "\ufffd"
    return ch


def describe_characters(chars: Sequence[str], limit: int = 8) -> str:
    """Name characters for a message: printable form and code point, Markdown-escaped.

    >>> describe_characters(["é", "\\x00"])
    'é (U+00E9), ␀ (U+0000)'
    """
    shown = [f"{md_escape(_visible(ch))} (U+{ord(ch):04X})" for ch in list(chars)[:limit]]
    more = len(chars) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


# ----------------------------------------------------------------------------- the strip
def _ref(ch: str) -> str:
    """One character as HTML text: ASCII letters and digits as they are, all else &#N;."""
    if ch.isascii() and ch.isalnum():
        return ch
    return f"&#{ord(ch)};"


def strip_bins(unit_per_bit: float) -> list[tuple[str, str, str]]:
    """The legend: (label, background, text colour) per bin, edges in the display unit.

    ``unit_per_bit`` converts bits to the unit (1 for bits, ln 2 for nats).

    >>> strip_bins(1.0)[0]
    ('0–1', '#FFFFCC', '#31333F')
    """
    edges = [e * unit_per_bit for e in STRIP_EDGES_BITS]
    labels = [f"{_num(lo)}–{_num(hi)}" for lo, hi in zip([0.0, *edges[:-1]], edges, strict=True)]
    labels += [f"> {_num(edges[-1])}", "∞"]
    return [
        (label, color, "#FFFFFF" if i >= 5 else "#31333F")
        for i, (label, color) in enumerate(zip(labels, STRIP_COLORS, strict=True))
    ]


def _num(x: float) -> str:
    return f"{x:.3g}"


STRIP_STYLE = (
    "<style>"
    ".lm-strip{font-family:'Source Code Pro',monospace;font-size:1rem;line-height:1.9;"
    "white-space:pre-wrap;word-break:break-all;padding:.6rem .8rem;border:1px solid #D5DCE6;"
    "border-radius:.5rem;max-height:26rem;overflow-y:auto;background:#FFFFFF}"
    ".lm-strip span{padding:.1rem 0}"
    ".lm-note{font-size:.875rem;color:rgba(49,51,63,.6);margin-top:.4rem}"
    + "".join(
        f".lm-s{i}{{background:{bg};color:{fg}}}"
        for i, (bg, fg) in enumerate(
            zip(STRIP_COLORS, ["#31333F"] * 5 + ["#FFFFFF"] * 4, strict=True)
        )
    )
    + ".lm-key{display:inline-block;padding:.1rem .5rem;margin:0 .25rem .25rem 0;"
    "border-radius:.25rem;font-size:.95rem}"
    "</style>"
)


def surprisal_strip_html(
    text: str, surprisal_bits: Sequence[float], *, unit: str, unit_per_bit: float
) -> str:
    """The text as one coloured span per character, darker = more surprising.

    Every character is a numeric reference (``<`` is ``&#60;``), so the user's text is
    shown, never interpreted. Newlines are shown as ↵ and break the line. The hover
    title gives the character's surprisal in ``unit``.

    >>> html_ = surprisal_strip_html("<b>", [1.5, 0.2, 9.0], unit="bits", unit_per_bit=1.0)
    >>> "<b>" in html_, "&#60;" in html_
    (False, True)
    """
    values = np.asarray(surprisal_bits, dtype=np.float64)
    if len(text) != values.size:
        raise ValueError(f"text has {len(text)} characters but {values.size} surprisal values")
    bins = np.searchsorted(np.asarray(STRIP_EDGES_BITS), values, side="right")
    bins = np.where(np.isinf(values), len(STRIP_COLORS) - 1, bins)
    shown = values * unit_per_bit
    spans = []
    for ch, b, s in zip(text, bins.tolist(), shown.tolist(), strict=True):
        vis = _visible(ch)
        amount = "∞" if math.isinf(s) else f"{s:.2f}"
        body = "".join(_ref(c) for c in vis)
        # Short spans keep the page light: ~40 bytes a character (the title is our text).
        spans.append(f'<span class="lm-s{b}" title="{amount} {unit}">{body}</span>')
        if ch == "\n":
            spans.append("<br>")
    return '<div class="lm-strip">' + "".join(spans) + "</div>"


def strip_legend_html(unit: str, unit_per_bit: float) -> str:
    """A colour key for the strip, in the display unit (one line of HTML, no user text).

    Show it and the strip after :data:`STRIP_STYLE`, in one ``st.markdown`` call.
    """
    keys = "".join(
        f'<span class="lm-key lm-s{i}">{html.escape(label)}</span>'
        for i, (label, _, _) in enumerate(strip_bins(unit_per_bit))
    )
    return f"<div>Surprisal in {html.escape(unit)}: {keys}</div>"


# ----------------------------------------------------------------------------- inputs
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
TEXT_KEYS = (*PASTE_KEYS, *PASTE_KEYS.values(), "lm_train_file", "lm_test_file")
SAMPLE_CHARS = 300
#: Above this many characters the first fit shows a progress bar and a note.
LONG_TEXT = 40_000


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
class Texts:
    train: str
    test: str
    warnings: tuple[str, ...] = ()
    infos: tuple[str, ...] = ()


def _pasted_text(label: str, key: str, placeholder: str) -> str:
    """A text area whose text outlives switching to another source and back."""
    kept = PASTE_KEYS[key]
    if key not in st.session_state and kept in st.session_state:
        st.session_state[key] = st.session_state[kept]
    text = st.text_area(label, key=key, height=120, placeholder=placeholder) or ""
    st.session_state[kept] = text
    return text


def show_inputs() -> Inputs:
    """1. Read inputs: the texts (left) and the model (right); values come from the state.

    Only the controls in use are drawn (a paste box only while "paste" is chosen): every
    element costs time on every rerun.
    """
    col_texts, col_model = st.columns(2, gap="large")
    with col_texts:
        st.subheader("1. Texts", anchor=False)
        corpus = st.selectbox(
            "Training text",
            options=list(SOURCES),
            format_func=SOURCES.get,
            key="lm_corpus",
            help="The built-in texts ship with Python or this app: nothing is downloaded.",
        )
        pasted_train, upload_train = "", None
        if corpus == "paste":
            pasted_train = _pasted_text(
                "Your training text", "lm_train_text", "Paste a training text here."
            )
        elif corpus == "upload":
            upload_train = st.file_uploader("Your training file (.txt)", key="lm_train_file")
        test_source = st.selectbox(
            "Test text",
            options=list(TEST_SOURCES),
            format_func=TEST_SOURCES.get,
            key="lm_test",
            help="Text the model has not seen. By default the end of the training text is "
            "held out.",
        )
        pasted_test, upload_test = "", None
        if test_source == "paste":
            pasted_test = _pasted_text("Your test text", "lm_test_text", "Paste a test text here.")
        elif test_source == "upload":
            upload_test = st.file_uploader("Your test file (.txt)", key="lm_test_file")
        share = st.slider(
            "Held-out share (%)",
            5,
            50,
            step=1,
            key="lm_heldout",
            disabled=test_source != "heldout",
            help="The last part of the training text, kept back to test the model on.",
        )
    with col_model:
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
    return Inputs(
        corpus=corpus,
        test_source=test_source,
        share=int(share),
        pasted_train=pasted_train,
        pasted_test=pasted_test,
        upload_train=None if upload_train is None else upload_train.getvalue(),
        upload_test=None if upload_test is None else upload_test.getvalue(),
        order=int(order),
        smoothing=smoothing,
        k=float("nan") if k is None else float(k),
        lam=float(lam),
        tune=choice_ == "tuned",
    )


def _own_text(source: str, pasted: str, upload: bytes | None, what: str):
    """The user's pasted or uploaded text and notes, or (None, [why not])."""
    if source == "paste":
        if not pasted:
            return None, [
                f"The {what} is empty: paste some text into “Your {what}” above, or pick a "
                "built-in text."
            ]
        return pasted, []
    if upload is None:
        return None, [
            f"No {what} file uploaded yet: upload a .txt file in the box above, or pick a "
            "built-in text."
        ]
    text, notes = decode_upload(upload, f"The uploaded {what} file")
    if not text:
        return None, [f"The uploaded {what} file is empty: upload a file with some text in it."]
    return text, notes


def resolve_texts(inputs: Inputs) -> Texts | str:
    """The training and test texts the inputs describe, or the message saying why not.

    Pure (no Streamlit), so every refusal is tested directly.
    """
    warnings: list[str] = []
    if inputs.corpus in CORPORA:
        full = load_corpus(inputs.corpus)
    else:
        full, notes = _own_text(
            inputs.corpus, inputs.pasted_train, inputs.upload_train, "training text"
        )
        if full is None:
            return notes[0]
        warnings += notes
    full, notes = limit_text(full, "The training text")
    warnings += notes
    if not full:
        return (
            "The training text is empty (an empty corpus has nothing to count): paste or "
            "upload some text, or pick another built-in text."
        )
    if inputs.test_source == "heldout":
        train, test = split_text(full, inputs.share / 100)
        if not train or not test:
            return (
                f"The training text has only {len(full):,} characters, too few to hold "
                f"{inputs.share}% of it out: paste a longer text, or choose a test text of "
                "your own."
            )
    else:
        train = full
        test, notes = _own_text(
            inputs.test_source, inputs.pasted_test, inputs.upload_test, "test text"
        )
        if test is None:
            return notes[0]
        warnings += notes
        test, notes = limit_text(test, "The test text")
        warnings += notes
    infos = []
    if max(len(train), len(test)) > LONG_TEXT:
        infos.append(
            f"Long text: {len(train):,} training and {len(test):,} test characters (at most "
            f"{MAX_CHARS:,} of each are used). The first fit takes a moment; every later "
            "change reuses the cached counts."
        )
    return Texts(train, test, tuple(warnings), tuple(infos))


def read_texts(inputs: Inputs) -> Texts | None:
    """:func:`resolve_texts`, with its refusal or notes shown."""
    texts = resolve_texts(inputs)
    if isinstance(texts, str):
        st.error(texts, icon=":material/error:")
        return None
    for message in texts.warnings:
        st.warning(message, icon=":material/warning:")
    for message in texts.infos:
        st.info(message, icon=":material/hourglass_top:")
    return texts


# ----------------------------------------------------------------------------- wording
def fix_for(err: ValueError) -> str:
    """A core error (it names the argument) plus how to fix it on this page.

    >>> fix_for(ValueError("k must be >= 0, got -1.0"))
    'k must be >= 0, got -1.0. Type a k of 0 or more (0 = maximum likelihood, 1 = Laplace).'
    """
    text = str(err)
    if text.startswith("k "):
        return f"{text}. Type a k of 0 or more (0 = maximum likelihood, 1 = Laplace)."
    if text.startswith("lam "):
        return f"{text}. Choose a λ from 0 to 1 with the slider."
    return f"{text}."


def pp_text(pp: float) -> str:
    """Perplexity as shown: ``6.84``, ``1,234.50``, ``3.2e+07`` or ``∞``.

    >>> pp_text(6.8412), pp_text(float("inf"))
    ('6.84', '∞')
    """
    if math.isinf(pp):
        return "∞"
    return f"{pp:,.2f}" if pp < 1e6 else f"{pp:.3g}"


def _tex(x: float) -> str:
    return r"\infty" if math.isinf(x) else f"{x:.3f}"


def perplexity_latex(h: float, pp: float, unit: str, order: int) -> str:
    r"""The statement "Perplexity = 2^H" with the page's numbers (e^H, 10^H in other units).

    >>> perplexity_latex(2.774, 6.84, "bits", 3).split(r"\qquad")[0]
    '\\mathrm{PP} = 2^{H(L, M)} = 2^{2.774} = 6.84'
    """
    b = {"bits": "2", "nats": "e", "hartleys": "10"}[unit]
    pp_tex = r"\infty" if math.isinf(pp) else pp_text(pp).replace(",", "{,}")
    return (
        rf"\mathrm{{PP}} = {b}^{{H(L, M)}} = {b}^{{{_tex(h)}}} = {pp_tex}"
        rf"\qquad (\text{{order }} {order},\ \text{{{unit} per character}})"
    )


def bound_latex(h: float, order: int, test_ce: Sequence[float]) -> str | None:
    r"""H(L) ≤ H(L, M) for the chosen order and for the best order, or None if all are ∞."""
    finite = [(v, n) for n, v in enumerate(test_ce) if math.isfinite(v)]
    if not finite:
        return None
    best_h, best_n = min(finite)
    return (
        rf"H(L) \;\le\; H(L, M_{{{order}}}) = {_tex(h)}"
        rf"\qquad H(L) \;\le\; \min_n H(L, M_n) = H(L, M_{{{best_n}}}) = {_tex(best_h)}"
    )


def gibbs_latex(h0: float, h0_cross: float) -> str:
    r"""H(P̂) ≤ H(P̂, M₀) with the gap KL(P̂‖M₀), on the test text's letter frequencies."""
    gap = h0_cross - h0 if math.isfinite(h0_cross) else math.inf
    return (
        rf"H(\hat P) = {_tex(h0)} \;\le\; H(\hat P, M_0) = {_tex(h0_cross)}"
        rf"\qquad D_{{\mathrm{{KL}}}}(\hat P \,\|\, M_0) = {_tex(gap)} \ge 0"
    )


def overfitting_story(
    train_ce: Sequence[float], test_ce: Sequence[float], test_name: str, per_char: str
) -> str:
    """What the order curves show, in words, with their numbers.

    >>> overfitting_story([4, 3, 2, 1, 0.8, 0.6], [4, 3, 2.8, 2.7, 3, 3.4], "held-out text",
    ...                   "bits/char").split(": ")[1][:60]
    'longer contexts fit the text the model was counted on ever b'
    """
    story = (
        f"On the training text the cross-entropy goes from {format_value(train_ce[0], per_char)} "
        f"at order 0 to {format_value(train_ce[-1], per_char)} at order {len(train_ce) - 1}: "
        "longer contexts fit the text the model was counted on ever better."
    )
    finite = [(v, n) for n, v in enumerate(test_ce) if math.isfinite(v)]
    if not finite:
        return story + f" On the {test_name} it is infinite at every order."
    best_h, best_n = min(finite)
    last = test_ce[-1]
    story += (
        f" On the {test_name} it is lowest at order {best_n} ({format_value(best_h, per_char)})"
    )
    if best_n < len(test_ce) - 1 and last > best_h:
        story += (
            f" and rises to {format_value(last, per_char)} at order {len(test_ce) - 1}: the "
            "longer contexts are memorised, not learnt (overfitting)."
        )
    return story + ("" if story.endswith(".") else ".")


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A small Markdown table of the page's own labels and numbers (no user text).

    >>> print(markdown_table(["a", "b"], [["1", "2"]]))
    | a | b |
    |---|---|
    | 1 | 2 |
    """
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def csv_text(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Comma-separated values with a header line (labels quoted).

    >>> csv_text(["order", "bits"], [[0, 4.5]])
    '"order","bits"\\n0,4.5\\n'
    """
    out = [",".join(f'"{h}"' for h in header)]
    for row in rows:
        out.append(",".join(f'"{v}"' if isinstance(v, str) else repr(v) for v in row))
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- cached work
# Fitted counts are NumPy tables that never change once built: cache_resource shares
# them without pickling a copy on every rerun (they are read-only arrays). Small results
# use cache_data. Keys are text hashes plus settings; the texts and tables themselves
# are passed as _underscored arguments, which Streamlit does not hash.
@st.cache_resource(max_entries=4, show_spinner=False)
def fitted_model(train_key: str, _train: str) -> NgramModel:
    return fit_ngram(_train, MAX_ORDER)


@st.cache_resource(max_entries=8, show_spinner=False)
def scored_counts(train_key: str, text_key: str, _model: NgramModel, _text: str) -> ContextCounts:
    return count_contexts(_model, _text)


@st.cache_data(max_entries=8, show_spinner=False)
def tuned_lambdas(train_key: str, _train: str) -> tuple[float, ...]:
    return tuple(tune_lambdas(_train, MAX_ORDER).tolist())


@st.cache_data(max_entries=16, show_spinner=False)
def compression_rates(
    test_key: str, train_key: str, base: float | None, _test: str, _train: str
) -> dict[str, dict[str, float]]:
    return {
        "alone": compressor_bits_per_char(_test, base=base),
        "given": compressor_bits_per_char(_test, given=_train, base=base),
    }


@st.cache_data(max_entries=64, show_spinner=False)
def order_curves(
    train_key: str,
    test_key: str,
    smoothing: str,
    k: float,
    lam: float | tuple[float, ...],
    base: float | None,
    _train_counts: ContextCounts,
    _test_counts: ContextCounts,
) -> tuple[list[float], list[float]]:
    settings = {"smoothing": smoothing, "k": k, "lam": lam, "base": base}
    return (
        cross_entropy_by_order(_train_counts, **settings).tolist(),
        cross_entropy_by_order(_test_counts, **settings).tolist(),
    )


@st.cache_data(max_entries=16, show_spinner=False)
def text_facts(
    train_key: str, test_key: str, base: float | None, _train: str, _test: str, _unknown
) -> dict:
    """Letter-frequency entropies and the test characters the training text lacks."""
    positions = np.flatnonzero(_unknown)
    return {
        "train_entropy": char_entropy(_train, base=base),
        "test_entropy": char_entropy(_test, base=base),
        "unseen": sorted({_test[i] for i in positions[:20_000].tolist()}),
        "unseen_count": int(positions.size),
    }


@st.cache_data(max_entries=32, show_spinner=False)
def model_sample(
    train_key: str, order: int, smoothing: str, k: float, lam: float, _model: NgramModel
) -> str:
    return sample_text(_model, SAMPLE_CHARS, order, smoothing=smoothing, k=k, lam=lam, seed=0)


@st.cache_data(max_entries=64, show_spinner=False)
def analysis(
    train_key: str,
    test_key: str,
    order: int,
    smoothing: str,
    k: float,
    lam: float,
    tune: bool,
    unit: str,
    base: float | None,
    _train: str,
    _test: str,
) -> dict:
    """Every number and text the page shows, as plain values: ONE cache lookup per rerun.

    Built from the cached pieces above, so a change of order, k or λ reuses the counts,
    compressor rates and curves it does not affect. Raises the core's ValueError (which
    names the argument) for a bad k or λ.
    """
    model = fitted_model(train_key, _train)
    train_counts = scored_counts(train_key, train_key, model, _train)
    test_counts = scored_counts(train_key, test_key, model, _test)
    result: dict = {"lams": None, "tune_error": None, "lam": lam}
    curve_lam: float | tuple[float, ...] = lam
    if smoothing == "interpolated" and tune:
        try:
            lams = tuned_lambdas(train_key, _train)
        except ValueError as err:  # too short a training text to hold a tenth out
            result["tune_error"] = str(err)
        else:
            curve_lam, result["lams"], result["lam"] = lams, lams, lams[order]
    train_ce, test_ce = order_curves(
        train_key, test_key, smoothing, k, curve_lam, base, train_counts, test_counts
    )
    used = result["lam"]
    bits = surprisal(test_counts, order, smoothing=smoothing, k=k, lam=used, base=2)
    h0, h0_cross = order0_cross_entropy(model, _test, smoothing=smoothing, k=k, lam=used, base=base)
    shown = _test[:STRIP_CHARS]
    per_bit = unit_per_bit(base)
    h = test_ce[order]
    return {
        **result,
        **text_facts(train_key, test_key, base, _train, _test, test_counts.unknown),
        "vocab_size": model.vocab_size,
        "train_ce": train_ce,
        "test_ce": test_ce,
        "h": h,
        "pp": perplexity(h, base=base),
        "pp_by_order": [perplexity(v, base=base) for v in test_ce],
        "zero": int(np.isinf(bits).sum()),
        "h0": h0,
        "h0_cross": h0_cross,
        "strip": STRIP_STYLE
        + strip_legend_html(unit, per_bit)
        + surprisal_strip_html(shown, bits[: len(shown)], unit=unit, unit_per_bit=per_bit),
        "rates": compression_rates(test_key, train_key, base, _test, _train),
        "sample": model_sample(train_key, order, smoothing, k, used, model),
    }


def unit_per_bit(base: float | None) -> float:
    """How many display units one bit is (1 for bits, ln 2 for nats).

    >>> unit_per_bit(2), round(unit_per_bit(None), 4)
    (1.0, 0.6931)
    """
    return math.log(2) / (math.log(base) if base else 1.0)


# ----------------------------------------------------------------------------- drawing
def show_intro() -> None:
    st.markdown(
        "A language model reads text one character at a time and gives the next character a "
        "probability from the characters before it. Its **surprisal** is −log₂ of that "
        "probability; averaged over a text it is the **cross-entropy** H(L, M) in bits per "
        "character, and the **perplexity** 2^H is the number of equally likely characters "
        "the model is, on average, as unsure as. The model here is a character **n-gram** "
        "model: it counts which character followed each context of n characters in a "
        "training text.\n\n"
        r"$$H(L, M) \approx -\frac{1}{T}\sum_{t=1}^{T}\log_2 M(x_t \mid x_{t-n}\dots x_{t-1})"
        r"\qquad \mathrm{PP} = 2^{H(L, M)} \qquad H(L) \le H(L, M)$$"
    )


def _first_fit(train: str, test: str, train_key: str, test_key: str, base: float | None) -> None:
    """Fit a long text step by step under a progress bar, the first time it is seen.

    The steps fill the caches that :func:`analysis` then reads; later reruns skip this.
    """
    fitted = st.session_state.setdefault("_lm_fitted", set())
    if (train_key, test_key) in fitted or len(train) + len(test) <= LONG_TEXT:
        return
    progress = st.progress(0.05, text=f"Counting the contexts of {len(train):,} characters…")
    model = fitted_model(train_key, train)
    progress.progress(0.4, text="Scoring the training text…")
    scored_counts(train_key, train_key, model, train)
    progress.progress(0.6, text="Scoring the test text…")
    scored_counts(train_key, test_key, model, test)
    progress.progress(0.8, text="Compressing with zlib, bz2 and lzma…")
    compression_rates(test_key, train_key, base, test, train)
    progress.empty()
    fitted.add((train_key, test_key))


def show_results(inputs: Inputs, texts: Texts, unit: str, base: float | None) -> None:
    """2. Compute with the core (one cached call) and 3. draw every result."""
    train, test, order = texts.train, texts.test, inputs.order
    smoothing, k = inputs.smoothing, inputs.k
    per_char = f"{unit}/char"
    train_key, test_key = text_hash(train), text_hash(test)
    _first_fit(train, test, train_key, test_key, base)
    try:
        r = analysis(
            train_key,
            test_key,
            order,
            smoothing,
            k,
            inputs.lam,
            inputs.tune,
            unit,
            base,
            train,
            test,
        )
    except ValueError as err:
        st.error(fix_for(err), icon=":material/error:")
        return
    lam, train_ce, test_ce, h, pp, rates = (
        r["lam"],
        r["train_ce"],
        r["test_ce"],
        r["h"],
        r["pp"],
        r["rates"],
    )
    if r["tune_error"]:
        st.warning(
            f"λ was not tuned: {r['tune_error']}. Using λ = {lam:g}.", icon=":material/tune:"
        )
    if r["lams"]:
        st.caption(
            "Tuned λ per order: "
            + ", ".join(f"order {n}: {v:.2f}" for n, v in enumerate(r["lams"]))
            + f". In use: λ = {lam:.2f}."
        )
    if r["unseen"]:
        st.info(
            f"{len(r['unseen'])} different characters of the test text never occur in the "
            f"training text ({r['unseen_count']:,} occurrences): "
            f"{describe_characters(r['unseen'])}. The model reads each as the unknown "
            f"symbol {UNKNOWN}, which smoothing gives a probability above 0, so the "
            "cross-entropy stays finite.",
            icon=":material/help:",
        )
    if r["zero"]:
        why = (
            "k = 0 is maximum likelihood: a character never seen after its context gets "
            "probability 0. Set k above 0"
            if smoothing == "add-k"
            else "λ = 1 trusts each context's own counts alone: a character never seen after "
            "its context gets probability 0. Set λ below 1"
        )
        st.warning(
            f"{r['zero']:,} test characters get probability 0, so their surprisal and the "
            f"cross-entropy are infinite (log 0 = −∞). {why}.",
            icon=":material/all_inclusive:",
        )
    if smoothing == "add-k" and k >= 100:
        st.info(
            f"k = {k:g} outweighs every count: the model is almost uniform, "
            f"1/V = 1/{r['vocab_size']} per character. Try a k between 0.01 and 1.",
            icon=":material/help:",
        )

    row = st.container(horizontal=True)  # one flex row: fewer elements than columns
    row.metric(
        "Cross-entropy H(L, M)",
        format_value(h, per_char),
        help="The average surprisal of the test characters under the model.",
        border=True,
    )
    row.metric(
        "Perplexity",
        pp_text(pp),
        help="2^H: the model is as unsure as a fair choice among this many characters.",
        border=True,
    )
    row.metric(
        "Letter-frequency entropy (test)",
        format_value(r["test_entropy"], per_char),
        help="The entropy of the test text's character frequencies: what the best "
        "context-free (order-0) model for this very text would achieve.",
        border=True,
    )
    st.caption(
        f"{len(train):,} training and {len(test):,} test characters. Alphabet: "
        f"{r['vocab_size'] - 1} characters seen in training, plus {UNKNOWN}. "
        f"Order {order}, "
        + (
            f"add-k smoothing, k = {k:g}."
            if smoothing == "add-k"
            else f"interpolated, λ = {lam:.2f}."
        )
    )

    best = min(rates["given"], key=rates["given"].get)
    st.markdown(
        "### Perplexity = 2^H and H(L) ≤ H(L, M), with these numbers\n\n"
        "The true entropy H(L) of the language this text comes from is unknown, but no model "
        "can beat it on average, so every cross-entropy on unseen text is an upper bound on "
        f"it ({unit} per character). A compressor is a model too: {best}, given the "
        f"training text, needs {format_value(rates['given'][best], per_char)}, another "
        "upper bound. The last line below is exact on this text (Gibbs' inequality): P̂ is "
        f"the test text's letter frequencies (characters unseen in training counted as "
        f"{UNKNOWN}) and M₀ the order-0 model, whose cross-entropy per character is H(P̂, M₀)."
    )
    lines = [perplexity_latex(h, pp, unit, order)]
    if (bound := bound_latex(h, order, test_ce)) is not None:
        lines.append(bound)
    lines.append(gibbs_latex(r["h0"], r["h0_cross"]))
    st.latex(r"\begin{gathered}" + r" \\[0.4em] ".join(lines) + r"\end{gathered}")

    more = (
        f" The first {STRIP_CHARS:,} of {len(test):,} characters are shown; the numbers use "
        "all of them."
        if len(test) > STRIP_CHARS
        else ""
    )
    note = (
        f"Order-{order} model. Light = expected, dark = surprising; hover over a character "
        f"for its surprisal. ↵ is a line break.{more}"
    )
    # The caption rides in the same element as the strip (one element less per rerun);
    # it is our own text, escaped all the same.
    st.markdown(
        "### Surprisal of each test character\n\n"
        + r["strip"]
        + f'<p class="lm-note">{html.escape(note)}</p>',
        unsafe_allow_html=True,
    )

    st.subheader("Cross-entropy against order: overfitting", anchor=False)
    test_name = "held-out text" if inputs.test_source == "heldout" else "your test text"
    st.plotly_chart(
        order_curve_figure(
            list(range(MAX_ORDER + 1)),
            train_ce,
            test_ce,
            unit=unit,
            order=order,
            frequency_entropy=r["train_entropy"],
            test_name=test_name,
        ),
        width="stretch",
        theme=None,
        key="lm_order_chart",
    )
    st.caption(overfitting_story(train_ce, test_ce, test_name, per_char))
    order_header = ["order", f"training ({per_char})", f"{test_name} ({per_char})", "perplexity"]
    order_rows = [
        [n, a, b, p]
        for n, (a, b, p) in enumerate(zip(train_ce, test_ce, r["pp_by_order"], strict=True))
    ]

    st.subheader("The model against real compressors", anchor=False)
    bars = [(f"{order}-gram model (order {order})", h, "model")]
    bars += [(name, rates["alone"][name], "compressor") for name in COMPRESSORS]
    bars += [
        (f"{name}, given the training text", rates["given"][name], "given training")
        for name in COMPRESSORS
    ]
    labels, values, kinds = zip(*bars, strict=True)
    st.plotly_chart(
        compression_figure(labels, values, kinds, unit=unit),
        width="stretch",
        theme=None,
        key="lm_compression_chart",
    )
    st.caption(
        "zlib, bz2 and lzma (Python's standard library) compress the UTF-8 test text; "
        f"{unit} per character = compressed size / number of characters. Alone, a compressor "
        "learns the text as it goes and pays for all it learns; “given the training text”, "
        "it reads the training text first and only the extra bytes count, like the model, "
        "which learnt from the training text for free."
    )
    method_header = ["method", per_char]
    method_rows = [[lab, v] for lab, v in zip(labels, values, strict=True)]
    with st.expander("The numbers behind both charts"):
        st.markdown(
            markdown_table(
                order_header,
                [[str(n), _num3(a), _num3(b), pp_text(p)] for n, a, b, p in order_rows],
            )
            + "\n\n"
            + markdown_table(method_header, [[lab, _num3(v)] for lab, v in method_rows])
        )
        st.download_button(
            "Download CSV: cross-entropy by order",
            data=lambda: csv_text(order_header, order_rows),  # built only when clicked
            file_name="cross_entropy_by_order.csv",
            mime="text/csv",
            key="lm_download_orders",
        )
        st.download_button(
            "Download CSV: model and compressors",
            data=lambda: csv_text(method_header, method_rows),
            file_name="model_vs_compressors.csv",
            mime="text/csv",
            key="lm_download_compressors",
        )

    st.markdown(
        f"### What the order-{order} model writes\n\n{SAMPLE_CHARS} characters drawn one at "
        "a time from the model (seed 0). Order 0 is letter soup; by order 5 whole phrases of "
        "the training text come back."
    )
    st.code(r["sample"], language=None, wrap_lines=True)


def _num3(x: float) -> str:
    return "∞" if math.isinf(x) else f"{x:.3f}"


def show_method() -> None:
    with st.expander("How the model works"):
        st.markdown(
            "The alphabet is every character of the training text plus one unknown symbol "
            f"{UNKNOWN} for the characters it lacks; V is its size. c(h, x) counts how often "
            "character x followed the context h (the n characters before it) in the training "
            "text, and c(h) how often h occurred. The start of a text is padded with a "
            "boundary symbol.\n\n"
            r"$$\text{add-}k:\quad M(x \mid h) = \frac{c(h, x) + k}{c(h) + kV}"
            r"\qquad (1/V \text{ if } c(h) = 0)$$"
            "\n\n"
            r"$$\text{interpolated:}\quad M_n(x \mid h) = \lambda\,\frac{c(h_n, x)}{c(h_n)}"
            r" + (1 - \lambda)\, M_{n-1}(x \mid h), \qquad M_{-1}(x) = \frac{1}{V}$$"
            "\n\n"
            "With k > 0 or λ < 1 every character, even an unseen one, has a probability above "
            "0. With λ tuned, each order's λ is the one of 0.05, 0.10, …, 0.95 that best "
            "predicts the last tenth of the training text when the model is counted on the "
            "first nine tenths."
        )
