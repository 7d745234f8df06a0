"""Figures of the Your predictions page: pure builders, numbers in, ``go.Figure`` out.

Built in one constructor call from plain dict traces (see :func:`explorer.figures.figure`);
``tests/explorer/predictions/test_predictions_figures.py`` validates each one strictly.
Class names come from the user's file, so they are escaped: plotly renders a little HTML
in text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from explorer.figures import COLORS, figure

__all__ = [
    "confusion_figure",
    "loss_histogram_figure",
    "reliability_figure",
]

GREY = "#7F7F7F"


def plot_text(name: object, limit: int = 24) -> str:
    """A class name safe for plotly text: shortened, with < > & escaped.

    >>> plot_text("<b>cat</b>")
    '&lt;b&gt;cat&lt;/b&gt;'
    """
    s = str(name)
    s = s if len(s) <= limit else s[: limit - 1] + "…"
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _finite_or_none(values) -> list:
    return [float(v) if math.isfinite(float(v)) else None for v in values]


def loss_histogram_figure(
    edges: Sequence[float],
    counts: Sequence[int],
    unit: str,
    mean: float,
    n_infinite: int = 0,
) -> go.Figure:
    """Bars of how many samples have each per-sample loss, with the mean marked.

    ``edges`` are bin edges already in ``unit``; infinite losses are counted in the title.
    """
    e = np.asarray(edges, dtype=np.float64)
    centers = (e[:-1] + e[1:]) / 2
    width = float(e[1] - e[0]) if e.size > 1 else 1.0
    bars = {
        "type": "bar",
        "name": "samples",
        "x": centers.tolist(),
        "y": [int(c) for c in counts],
        "width": width,
        "marker": {"color": COLORS["KL"], "line": {"width": 0}},
        "hovertemplate": "loss %{x:.3f} " + unit + ": %{y} samples<extra></extra>",
        "showlegend": False,
    }
    shapes, annotations = [], []
    if math.isfinite(mean):
        shapes.append(
            {
                "type": "line",
                "x0": mean,
                "x1": mean,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": COLORS["P"], "width": 3, "dash": "dash"},
            }
        )
        annotations.append(
            {
                "x": mean,
                "xref": "x",
                "y": 1,
                "yref": "paper",
                "text": f"mean {mean:.3f} {unit}",
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "top",
                "xshift": 6,
                "font": {"color": COLORS["P"]},
            }
        )
    title = "How much each sample costs"
    if n_infinite:
        title += f" ({n_infinite:,} infinite, not drawn)"
    return figure(
        [bars],
        height=360,
        top=50,
        title={"text": title, "x": 0, "xref": "paper"},
        xaxis={"title": {"text": f"per-sample loss −log p(true class) ({unit})"}},
        yaxis={"title": {"text": "samples"}},
        bargap=0.05,
        shapes=shapes,
        annotations=annotations,
    )


def reliability_figure(
    edges: Sequence[float],
    count: Sequence[int],
    confidence: Sequence[float],
    accuracy: Sequence[float],
    ece: float,
) -> go.Figure:
    """Reliability diagram: accuracy per confidence bin against the diagonal.

    Bars below the diagonal mean over-confidence (right less often than claimed).
    """
    e = np.asarray(edges, dtype=np.float64)
    centers = ((e[:-1] + e[1:]) / 2).tolist()
    width = float(e[1] - e[0])
    n = [int(c) for c in count]
    acc = _finite_or_none(accuracy)
    conf = _finite_or_none(confidence)
    traces = [
        {
            "type": "bar",
            "name": "accuracy in the bin",
            "x": centers,
            "y": acc,
            "width": width * 0.92,
            "marker": {"color": COLORS["P"]},
            "customdata": n,
            "hovertemplate": "confidence bin %{x:.2f}: accuracy %{y:.3f}, %{customdata} samples"
            "<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": "mean confidence in the bin",
            "x": centers,
            "y": conf,
            "marker": {"color": COLORS["Q"], "size": 11, "symbol": "diamond"},
            "hovertemplate": "mean confidence %{y:.3f}<extra></extra>",
        },
    ]
    diagonal = {
        "type": "line",
        "x0": 0,
        "y0": 0,
        "x1": 1,
        "y1": 1,
        "xref": "x",
        "yref": "y",
        "line": {"color": GREY, "width": 2, "dash": "dot"},
    }
    return figure(
        traces,
        height=400,
        top=90,
        title={
            "text": f"Reliability: expected calibration error {ece:.3f}",
            "x": 0,
            "xref": "paper",
            "y": 0.98,
            "yanchor": "top",
        },
        legend={"y": 1.0, "yanchor": "bottom"},
        xaxis={
            "title": {"text": "confidence (probability of the predicted class)"},
            "range": [0, 1],
        },
        yaxis={"title": {"text": "fraction correct"}, "range": [0, 1.02]},
        shapes=[diagonal],
        bargap=0,
    )


def confusion_figure(matrix, class_names: Sequence[str]) -> go.Figure:
    """Heatmap of (true class, predicted class) counts; the diagonal is correct."""
    m = np.asarray(matrix)
    names = [plot_text(c) for c in class_names]
    c = len(names)
    show_text = c <= 15
    heat = {
        "type": "heatmap",
        "z": m.tolist(),
        "x": names,
        "y": names,
        # White for no samples up to the app's blue for the most (plotly's own "Blues"
        # runs the other way: dark for few).
        "colorscale": [[0.0, "#FFFFFF"], [1.0, COLORS["P"]]],
        "showscale": True,
        "colorbar": {"title": {"text": "samples"}},
        "hovertemplate": "true %{y}, predicted %{x}: %{z} samples<extra></extra>",
        "xgap": 1,
        "ygap": 1,
    }
    if show_text:
        heat["text"] = m.tolist()
        heat["texttemplate"] = "%{text}"
        heat["textfont"] = {"size": 16}
    side = max(320, min(700, 60 + 40 * c))
    return figure(
        [heat],
        height=side,
        top=40,
        xaxis={"title": {"text": "predicted class"}, "type": "category", "gridcolor": "white"},
        yaxis={
            "title": {"text": "true class"},
            "type": "category",
            "autorange": "reversed",
            "gridcolor": "white",
        },
    )
