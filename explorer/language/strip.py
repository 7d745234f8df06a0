"""The surprisal strip: the test text, one coloured character at a time.

This is the one place the page writes HTML (``unsafe_allow_html=True``), and it writes
the user's text so that nothing in it can take effect: EVERY character other than an
ASCII letter or digit becomes a numeric character reference (``<`` is ``&#60;``), so
neither HTML (``<script>``, ``<b>``) nor Markdown (``*``, ``$``, backticks) in the text
ever acts. The colour bins are fixed in bits; titles and the legend are in the unit.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import numpy as np
import streamlit as st

from explorer.language.wording import visible

__all__ = [
    "STRIP_CHARS",
    "STRIP_COLORS",
    "STRIP_EDGES_BITS",
    "STRIP_STYLE",
    "show_strip",
    "strip_bins",
    "strip_html",
    "strip_legend_html",
    "surprisal_strip_html",
]

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
#: Text colour on each bin: dark on the light bins, white on the dark ones.
_TEXT_COLORS = ["#31333F"] * 5 + ["#FFFFFF"] * 4

STRIP_STYLE = (
    "<style>"
    ".lm-strip{font-family:'Source Code Pro',monospace;font-size:1rem;line-height:1.9;"
    "white-space:pre-wrap;word-break:break-all;padding:.6rem .8rem;border:1px solid #D5DCE6;"
    "border-radius:.5rem;max-height:26rem;overflow-y:auto;background:#FFFFFF}"
    ".lm-strip span{padding:.1rem 0}"
    ".lm-note{font-size:.875rem;color:rgba(49,51,63,.6);margin-top:.4rem}"
    + "".join(
        f".lm-s{i}{{background:{bg};color:{fg}}}"
        for i, (bg, fg) in enumerate(zip(STRIP_COLORS, _TEXT_COLORS, strict=True))
    )
    + ".lm-key{display:inline-block;padding:.1rem .5rem;margin:0 .25rem .25rem 0;"
    "border-radius:.25rem;font-size:.95rem}"
    "</style>"
)


def _ref(ch: str) -> str:
    """One character as HTML text: ASCII letters and digits as they are, all else &#N;."""
    if ch.isascii() and ch.isalnum():
        return ch
    return f"&#{ord(ch)};"


def _num(x: float) -> str:
    return f"{x:.3g}"


def strip_bins(unit_per_bit: float) -> list[tuple[str, str, str]]:
    """The legend: (label, background, text colour) per bin, edges in the display unit.

    ``unit_per_bit`` is one bit in the unit (1 for bits, ln 2 for nats).

    >>> strip_bins(1.0)[0]
    ('0–1', '#FFFFCC', '#31333F')
    """
    edges = [e * unit_per_bit for e in STRIP_EDGES_BITS]
    labels = [f"{_num(lo)}–{_num(hi)}" for lo, hi in zip([0.0, *edges[:-1]], edges, strict=True)]
    labels += [f"> {_num(edges[-1])}", "∞"]
    return list(zip(labels, STRIP_COLORS, _TEXT_COLORS, strict=True))


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
        amount = "∞" if math.isinf(s) else f"{s:.2f}"
        body = "".join(_ref(c) for c in visible(ch))
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


def strip_html(
    text: str, surprisal_bits: Sequence[float], *, unit: str, unit_per_bit: float
) -> str:
    """Style, legend and strip of the first :data:`STRIP_CHARS` characters of ``text``."""
    shown = text[:STRIP_CHARS]
    return (
        STRIP_STYLE
        + strip_legend_html(unit, unit_per_bit)
        + surprisal_strip_html(
            shown, surprisal_bits[: len(shown)], unit=unit, unit_per_bit=unit_per_bit
        )
    )


def show_strip(strip: str, note: str) -> None:
    """Draw the strip (from :func:`strip_html`) under its heading, with its caption.

    The caption rides in the same element as the strip (one element less per rerun);
    it is our own text, escaped all the same.
    """
    st.markdown(
        "### Surprisal of each test character\n\n"
        + strip
        + f'<p class="lm-note">{html.escape(note)}</p>',
        unsafe_allow_html=True,
    )
