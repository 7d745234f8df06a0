"""Figures of the Bits & codes page: code lengths as areas, and bits per symbol over a message.

Pure builders (numbers in, ``go.Figure`` out), each made in one :func:`explorer.figures.figure`
call. Symbol names come from the user, so every label is HTML-escaped before plotly,
which would otherwise read tags such as ``<b>`` or ``<a href>`` in trace text.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import plotly.graph_objects as go

from explorer.figures import AXIS, COLORS, FONT_SIZE, figure
from explorer.text import format_value

__all__ = ["SHANNON_COLOR", "code_area_figure", "convergence_figure", "plotly_text"]

#: The Shannon code's colour (the palette's reddish purple); Huffman uses P's blue.
SHANNON_COLOR = "#CC79A7"
#: Fill colours: translucent versions of P's blue and Q's orange.
P_FILL = "rgba(0, 114, 178, 0.55)"
Q_FILL = "rgba(230, 159, 0, 0.22)"


def plotly_text(text: str) -> str:
    """User text made safe for plotly labels: tags and entities shown as typed.

    >>> plotly_text("<b>dog</b> & cat")
    '&lt;b&gt;dog&lt;/b&gt; &amp; cat'
    """
    return html.escape(str(text), quote=True)


def _bits(value: float) -> str:
    return format_value(value, "bits")


def code_area_figure(
    names: Sequence[str],
    p: Sequence[float],
    q: Sequence[float],
    lengths: Sequence[float],
    *,
    codewords: Sequence[str | None] | None = None,
    length_name: str = "codeword length",
    area_p: float,
    area_q: float,
) -> go.Figure:
    """Each symbol a bar: width = its probability, height = its code length.

    Two panels share the code (the heights) and its y-axis: on the left the bars are as
    wide as Q's probabilities (the messages the code was built for, orange), on the right
    as wide as P's (the messages actually sent, blue). Bars sit side by side from 0 to 1,
    so each panel's total area is an expected length: Σ q·ℓ on the left, Σ p·ℓ on the
    right. A symbol without a codeword (length ``inf``) is drawn in vermillion up to the
    top of the axis and marked ``∞``.

    Parameters
    ----------
    names : sequence of str
        Symbol names (escaped here).
    p, q : sequence of float
        The distributions (bar widths).
    lengths : sequence of float
        Code length of each symbol in bits (bar heights); ``inf`` for no codeword.
    codewords : sequence of str or None, optional
        Printed in the bars under the names; without them the length is printed.
    length_name : str
        What the heights are, for the axis title.
    area_p, area_q : float
        The two areas (expected lengths), computed by the caller with the core.
    """
    lengths = np.asarray(lengths, dtype=float)
    finite = lengths[np.isfinite(lengths)]
    top_finite = max(float(finite.max()) if finite.size else 0.0, 1.0)
    infinite = ~np.isfinite(lengths)
    cap = top_finite + 1.0  # where an infinite bar is cut off
    labels, hover = _symbol_texts(names, lengths, codewords)
    shared = _Panels(
        np.where(infinite, cap, lengths), infinite, labels, hover, 2.0 if len(names) <= 10 else 1.0
    )
    y_top = cap * 1.05 if infinite.any() else top_finite * 1.08
    axis_y = {"range": [0, y_top], "dtick": 1 if y_top <= 12 else None}
    return figure(
        [
            _panel_bars("Q's symbols", q, Q_FILL, COLORS["Q"], "1", shared),
            _panel_bars("P's symbols", p, P_FILL, COLORS["P"], "2", shared),
        ],
        height=430,
        top=80,
        showlegend=False,
        xaxis={"domain": [0, 0.47], "range": [0, 1], "title": {"text": "q (bar width)"}},
        xaxis2={
            **AXIS,
            "domain": [0.53, 1],
            "range": [0, 1],
            "title": {"text": "p (bar width)"},
        },
        yaxis={**axis_y, "title": {"text": f"{length_name} (bits)"}},
        yaxis2={**AXIS, **axis_y, "anchor": "x2", "matches": "y", "showticklabels": False},
        annotations=[
            _panel_title(
                0, f"<b>Q's symbols</b>, the code's design<br>area Σ q·ℓ = {_bits(area_q)}", "Q"
            ),
            _panel_title(
                0.53, f"<b>P's symbols</b>, the messages sent<br>area Σ p·ℓ = {_bits(area_p)}", "P"
            ),
        ],
        uniformtext={"minsize": FONT_SIZE - 6, "mode": "hide"},
    )


class _Panels(NamedTuple):
    """What the bars of both panels share: the code (heights) and each symbol's texts."""

    heights: np.ndarray  # code lengths, an infinite one cut off at the top
    infinite: np.ndarray  # which symbols have no codeword
    labels: list[str]  # printed inside the bars
    hover: list[tuple[str, str, str]]  # (escaped name, codeword or length, length)
    edge: float  # outline width


def _symbol_texts(names, lengths: np.ndarray, codewords) -> tuple[list[str], list[tuple]]:
    """Each symbol's label inside its bar, and its (name, second line, length) for hover."""
    infinite = ~np.isfinite(lengths)
    safe = [plotly_text(n) for n in names]
    if codewords is not None:
        second = ["no codeword" if w is None else (w or "(empty)") for w in codewords]
    else:
        second = [f"{v:.3g} bits" for v in lengths]
    length_text = ["∞" if inf else f"{v:.4g}" for v, inf in zip(lengths, infinite, strict=True)]
    labels = [
        f"{n}<br>∞" if inf else f"{n}<br>{s}"
        for n, s, inf in zip(safe, second, infinite, strict=True)
    ]
    return labels, list(zip(safe, second, length_text, strict=True))


def _panel_bars(
    name: str, widths: Sequence[float], fill: str, line: str, axis: str, shared: _Panels
) -> dict:
    """One panel's bars, as wide as ``widths`` and side by side from 0 to 1."""
    w = np.asarray(widths, dtype=float)
    return {
        "type": "bar",
        "name": name,
        "xaxis": "x" if axis == "1" else "x2",
        "yaxis": "y" if axis == "1" else "y2",
        # Lists, not arrays: for a few dozen bars plotly serialises lists faster.
        "x": (np.cumsum(w) - w).tolist(),  # left edges: bars fill [0, 1] side by side
        "y": shared.heights.tolist(),
        "width": w.tolist(),
        "offset": 0,
        "marker": {
            "color": [COLORS["KL"] if inf else fill for inf in shared.infinite],
            # No outline for a zero-width bar (it would show as a stray vertical
            # line), and thinner ones when there are many bars.
            "line": {"color": line, "width": np.where(w > 0, shared.edge, 0.0).tolist()},
        },
        "text": shared.labels,
        "textposition": "inside",
        "insidetextanchor": "middle",
        "textangle": 0,
        "customdata": [
            [n, s, f"{wi:.4g}", lt] for (n, s, lt), wi in zip(shared.hover, w, strict=True)
        ],
        "hovertemplate": "<b>%{customdata[0]}</b>: probability %{customdata[2]}, "
        "%{customdata[3]} bits (%{customdata[1]})<extra>" + name + "</extra>",
    }


def _panel_title(x: float, text: str, which: str) -> dict:
    """A panel's heading above its top left, in the colour of P or Q."""
    return {
        "xref": "paper",
        "yref": "paper",
        "y": 1.0,
        "yanchor": "bottom",
        "showarrow": False,
        "align": "left",
        "xanchor": "left",
        "x": x,
        "text": text,
        "font": {"color": COLORS[which]},
    }


def convergence_figure(
    n: Sequence[int],
    huffman: Sequence[float],
    shannon: Sequence[float],
    *,
    entropy: float,
    cross_entropy: float,
    huffman_length: float,
    shannon_length: float,
) -> go.Figure:
    """Bits per symbol of the first n symbols, against n (log scale), with the limits.

    The two measured curves (Huffman and Shannon codes for Q, on one message from P)
    settle on their expected lengths; H(P) and H(P,Q) are drawn as references. Each
    horizontal line is a two-point trace, so the legend names it and its value.
    Non-finite values are left out (an infinite length has no place on the axis).
    """
    x = np.asarray(n, dtype=float)
    ends = [float(x[0]), float(x[-1])] if x.size else [1.0, 1.0]
    if ends[0] == ends[1]:
        ends[1] = ends[0] * 1.5

    def level(name: str, value: float, color: str, dash: str, width: float = 2.5) -> dict | None:
        if not math.isfinite(value):
            return None
        return {
            "type": "scatter",
            "mode": "lines",
            "name": f"{name} = {_bits(value)}",
            "x": ends,
            "y": [value, value],
            "line": {"color": color, "dash": dash, "width": width},
            "hovertemplate": f"{name} = %{{y:.4f}} bits<extra></extra>",
        }

    def measured(name: str, y: Sequence[float], color: str, width: float) -> dict:
        ya = np.asarray(y, dtype=float)
        keep = np.isfinite(ya)
        return {
            "type": "scatter",
            "mode": "lines",
            "name": name,
            # NumPy arrays, not lists: plotly sends them as typed arrays (no per-point copy).
            "x": x[keep],
            "y": ya[keep],
            "line": {"color": color, "width": width},
            "hovertemplate": "first %{x:,} symbols: %{y:.4f} bits per symbol"
            "<extra>" + name + "</extra>",
        }

    data = [
        level("H(P)", entropy, COLORS["H"], "dot"),
        level("H(P,Q)", cross_entropy, COLORS["Q"], "longdash"),
        level("Shannon expected", shannon_length, SHANNON_COLOR, "dash"),
        level("Huffman expected", huffman_length, COLORS["P"], "dash"),
        measured("Shannon code, measured", shannon, SHANNON_COLOR, 2.0),
        measured("Huffman code, measured", huffman, COLORS["P"], 3.0),
    ]
    return figure(
        [d for d in data if d is not None],
        height=460,
        top=100,
        showlegend=True,
        xaxis={"title": {"text": "symbols in the message so far (log scale)"}, "type": "log"},
        yaxis={"title": {"text": "bits per symbol"}},
    )
