"""Plotly builders of the Distributions page: numbers in, ``go.Figure`` out, no Streamlit.

Colours follow :data:`explorer.figures.COLORS` (P blue, Q orange, entropy green,
KL vermillion). Class names are user text: they are HTML-escaped because plotly
renders a subset of HTML (``<a href>``, ``<b>``) in labels.

Speed: each figure is made by one :func:`explorer.figures.figure` call from plain trace
dicts (no run-time validation; the tests validate every builder's output strictly).
Building them with ``add_trace``/``update_layout`` took ten times longer, most of a
rerun of this four-chart page.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from explorer.figures import COLORS, FONT_SIZE, TEXT_COLOR, figure, live_slider, live_title, nearest
from explorer.text import format_value

__all__ = [
    "CROSS_ENTROPY_COLOR",
    "blend_figure",
    "class_contribution_figure",
    "pair_decomposition_figure",
    "pq_figure",
]

#: The cross-entropy itself (the sum of an H part and a KL part) is drawn in the text colour.
CROSS_ENTROPY_COLOR = TEXT_COLOR
#: Above this many classes the bars carry no printed numbers (hover still shows them).
MAX_LABELLED_CLASSES = 12


def _axis(title: str | None = None, **settings) -> dict:
    """Axis settings (merged by :func:`explorer.figures.figure` with the shared AXIS)."""
    if title is not None:
        settings["title"] = {"text": title, "standoff": 10}
    return settings


def _labels(names: Sequence[str]) -> list[str]:
    return [html.escape(str(n)) for n in names]


def _finite_or_none(values: Sequence[float]) -> list[float | None]:
    return [float(v) if math.isfinite(v) else None for v in values]


def _tick_angle(labels: Sequence[str]) -> int:
    return 0 if len(labels) <= 8 else -45


def pq_figure(names: Sequence[str], p: Sequence[float], q: Sequence[float]) -> go.Figure:
    """P and Q per class, as grouped bars (numbers printed for up to 12 classes)."""
    labels = _labels(names)
    show_text = len(labels) <= MAX_LABELLED_CLASSES
    data = []
    for name, values, color in (("P (true)", p, COLORS["P"]), ("Q (predicted)", q, COLORS["Q"])):
        finite = _finite_or_none(values)
        data.append(
            {
                "type": "bar",
                "name": name,
                "x": labels,
                "y": finite,
                "marker": {"color": color},
                "text": [f"{v:.3g}" if v is not None else "" for v in finite]
                if show_text
                else None,
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": "%{x}: %{y:.4g}<extra>" + name + "</extra>",
            }
        )
    top = max([1.0, *(v for v in (*p, *q) if math.isfinite(v))])
    return figure(
        data,
        height=380,
        barmode="group",
        bargap=0.25,
        xaxis=_axis(type="category", tickangle=_tick_angle(labels)),
        yaxis=_axis("probability", range=[0, top * 1.15]),
    )


def pair_decomposition_figure(
    h_p: float, kl_pq: float, h_q: float, kl_qp: float, unit: str
) -> go.Figure:
    """Two stacked bars: H(P,Q) = H(P) + KL(P‖Q) above H(Q,P) = H(Q) + KL(Q‖P).

    An infinite KL cannot be drawn: its bar is left out and an "∞" note is placed at
    the end of the entropy bar instead.
    """
    rows = ["H(P,Q)", "H(Q,P)"]
    entropies, kls = [h_p, h_q], [kl_pq, kl_qp]
    entropy_names, kl_names = ["H(P)", "H(Q)"], ["KL(P‖Q)", "KL(Q‖P)"]

    def bars(name: str, values: list[float], parts: list[str], color: str) -> dict:
        return {
            "type": "bar",
            "name": name,
            "y": rows,
            "x": _finite_or_none(values),
            "orientation": "h",
            "marker": {"color": color},
            "text": [f"{n} = {format_value(v, unit)}" for n, v in zip(parts, values, strict=True)],
            "textposition": "inside",
            "insidetextanchor": "middle",
            "customdata": parts,
            "hovertemplate": "%{customdata} = %{x:.4f} " + unit + "<extra></extra>",
        }

    annotations = []
    for row, e, k, n in zip(rows, entropies, kls, kl_names, strict=True):
        if math.isfinite(k):
            text, x = f"{row} = {format_value(e + k, unit)}", e + k
        else:
            text, x = f"+ {n} = ∞, so {row} = ∞", e
        annotations.append(
            {
                "x": x,
                "y": row,
                "text": text,
                "showarrow": False,
                "xanchor": "left",
                "xshift": 8,
                "font": {"size": FONT_SIZE, "color": TEXT_COLOR},
            }
        )
    finite_totals = [e + k for e, k in zip(entropies, kls, strict=True) if math.isfinite(k)]
    right = max([*finite_totals, *entropies, 1e-9])
    return figure(
        [
            bars(
                "entropy of the first argument: H(P), then H(Q)",
                entropies,
                entropy_names,
                COLORS["H"],
            ),
            bars("KL divergence: the extra cost", kls, kl_names, COLORS["KL"]),
        ],
        height=330,
        top=70,
        barmode="stack",
        annotations=annotations,
        xaxis=_axis(unit, range=[0, right * 1.35]),
        yaxis=_axis(autorange="reversed", tickfont={"size": FONT_SIZE + 2}),
        uniformtext={"minsize": FONT_SIZE - 4, "mode": "hide"},
    )


def class_contribution_figure(names: Sequence[str], terms, unit: str) -> go.Figure:
    """Per class: −p·log p (green) + p·log(p/q) (vermillion) = −p·log q (diamond).

    ``terms`` is :class:`xentcore.decomposition.ClassTerms`. A KL term can be negative
    (where q > p), so the bars are drawn relative to 0; an infinite term is marked "∞".
    """
    labels = _labels(names)

    def bars(name: str, values, color: str, formula: str) -> dict:
        return {
            "type": "bar",
            "name": name,
            "x": labels,
            "y": _finite_or_none(values),
            "marker": {"color": color},
            "hovertemplate": "%{x}: " + formula + " = %{y:.4f} " + unit + "<extra></extra>",
        }

    total = {
        "type": "scatter",
        "name": "−p·log q (their sum)",
        "x": labels,
        "y": _finite_or_none(terms.cross_entropy),
        "mode": "markers",
        "marker": {
            "symbol": "diamond",
            "size": 14,
            "color": CROSS_ENTROPY_COLOR,
            "line": {"color": "white", "width": 1.5},
        },
        "hovertemplate": "%{x}: −p·log q = %{y:.4f} " + unit + "<extra></extra>",
    }
    finite = [
        float(v)
        for arr in (terms.entropy, terms.kl, terms.cross_entropy)
        for v in arr
        if math.isfinite(v)
    ]
    top = max([*finite, 0.1])
    bottom = min([*finite, 0.0])
    annotations = [
        {
            "x": label,
            "y": top * 1.1,
            "text": "∞",
            "showarrow": False,
            "font": {"size": FONT_SIZE + 6, "color": COLORS["KL"]},
        }
        for label, value in zip(labels, terms.cross_entropy, strict=True)
        if not math.isfinite(value)
    ]
    pad = 0.2 * (top - bottom)
    return figure(
        [
            bars("−p·log p (entropy part)", terms.entropy, COLORS["H"], "−p·log p"),
            bars("p·log(p/q) (KL part)", terms.kl, COLORS["KL"], "p·log(p/q)"),
            total,
        ],
        height=380,
        barmode="relative",
        bargap=0.3,
        annotations=annotations,
        xaxis=_axis(type="category", tickangle=_tick_angle(labels)),
        yaxis=_axis(
            unit,
            range=[bottom - (pad if bottom < 0 else 0), top + pad],
            zerolinecolor=TEXT_COLOR,  # the line the negative KL parts hang from
            zerolinewidth=1,
        ),
    )


def blend_figure(
    t: Sequence[float],
    cross_entropy: Sequence[float],
    h_p: float,
    current_t: float,
    current_value: float,
    unit: str,
    titles: Sequence[str] | None = None,
) -> go.Figure:
    """H(P, Q_t) along Q_t = (1 − t)Q + tP, above the floor H(P); the gap is KL(P‖Q_t).

    With ``titles`` (one per point of ``t``) the chart gets its own slider over ``t`` that
    moves the marker along the curve and rewrites the title, with no round trip.
    """
    ts = np.asarray(t, dtype=float)
    values = np.asarray(cross_entropy, dtype=float)
    # A NumPy array, when every point is finite: plotly copies (and Streamlit encodes) an
    # array in one step, a list of floats element by element (most of this chart's cost).
    ce = values if np.isfinite(values).all() else _finite_or_none(values)
    floor = {  # a straight line: its two ends are enough (the fill below still follows)
        "type": "scatter",
        "name": "H(P): the floor",
        "x": [float(ts[0]), float(ts[-1])],
        "y": [h_p, h_p],
        "mode": "lines",
        "line": {"color": COLORS["H"], "width": 3, "dash": "dash"},
        "hovertemplate": "H(P) = %{y:.4f} " + unit + "<extra></extra>",
    }
    curve = {
        "type": "scatter",
        "name": "H(P, Qₜ); the shaded gap is KL(P‖Qₜ)",
        "x": ts,
        "y": ce,
        "mode": "lines",
        "line": {"color": CROSS_ENTROPY_COLOR, "width": 3},
        "fill": "tonexty",
        "fillcolor": "rgba(213, 94, 0, 0.25)",  # COLORS["KL"], translucent
        "hovertemplate": "t = %{x:.2f}: H(P, Qₜ) = %{y:.4f} " + unit + "<extra></extra>",
    }
    marker = {
        "type": "scatter",
        "name": f"t = {current_t:.2f}",
        "x": [float(current_t)],
        "y": [current_value if math.isfinite(current_value) else None],
        "mode": "markers",
        "marker": {"size": 16, "color": COLORS["Q"], "line": {"color": TEXT_COLOR, "width": 2}},
        "hovertemplate": "t = %{x:.2f}: %{y:.4f} " + unit + "<extra></extra>",
    }
    top = max([*(float(v) for v in values if math.isfinite(v)), h_p, 0.1])
    extra = {} if titles is None else _walk_slider(ts, ce, current_t, titles)
    return figure(
        [floor, curve, marker],
        height=360 if titles is None else 480,
        xaxis=_axis("t  (0 = your Q,  1 = Q equals P)", range=[-0.02, 1.02]),
        yaxis=_axis(unit, range=[0, top * 1.1]),
        **extra,
    )


def _walk_slider(ts: np.ndarray, ce, current_t: float, titles: Sequence[str]) -> dict:
    """The walk chart's own slider: the marker (trace 2) at each point of the curve."""
    ys = [None if v is None or not math.isfinite(v) else float(v) for v in ce]
    updates = [
        {"x": [[float(x)]], "y": [[y]], "name": [f"t = {x:.2f}"]}
        for x, y in zip(ts, ys, strict=True)
    ]
    active = nearest(ts, current_t)
    slider = live_slider([f"{x:.2f}" for x in ts], updates, titles, traces=[2], active=active,
                         prefix="t (drag: the chart follows)", pad_top=60)  # fmt: skip
    return {"sliders": [slider], "title": live_title(titles[active]),
            "margin": {"t": 95, "b": 10, "l": 10, "r": 10}}  # fmt: skip
