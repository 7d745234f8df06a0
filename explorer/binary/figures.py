"""Figures of the Binary & multi-label page: numbers in, ``go.Figure`` out, no Streamlit.

Built in one constructor call from plain trace dicts (:func:`explorer.figures.figure`);
``tests/explorer/binary/test_binary_figures.py`` validates every builder strictly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from explorer.figures import COLORS, FONT_SIZE, axis, figure
from explorer.text import format_value

__all__ = [
    "EXTRA_COLORS",
    "bernoulli_figure",
    "dataset_figure",
    "log_zero_figure",
    "multilabel_figure",
]

#: More of the Okabe & Ito palette, for what P, Q, H and KL do not cover.
EXTRA_COLORS = {
    "sigmoid": "#CC79A7",  # reddish purple: K independent sigmoids
    "pytorch": "#CC79A7",
    "keras": "#56B4E9",  # sky blue
    "sklearn": "#000000",
    "exact": "#7F7F7F",
}


def _finite_or_gap(values) -> np.ndarray:
    # Plotly cannot draw ∞; NaN leaves a gap, which says "off the chart" better than a
    # clipped value. NumPy arrays also travel to the browser as compact typed arrays.
    arr = np.array(values, dtype=float)
    arr[~np.isfinite(arr)] = np.nan
    return arr


def _hline(y: float, color: str, dash: str, width: float = 1.5) -> dict:
    """A horizontal line across the plot (what ``add_hline`` makes, without its cost)."""
    return {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "y0": y,
        "y1": y,
        "line": {"color": color, "width": width, "dash": dash},
    }


def _prediction_marks(
    prob: float, bce_at_prob: float, floor: float, top: float, unit: str
) -> list[dict]:
    """The current prediction: its loss (pinned to ``top`` when off the chart) and the
    dotted KL gap down to the floor H(t)."""
    shown = bce_at_prob if math.isfinite(bce_at_prob) and bce_at_prob <= top else top
    return [
        {
            "type": "scatter",
            "x": [float(prob), float(prob)],
            "y": [float(floor), float(shown)],
            "mode": "lines",
            "name": "KL(t‖p): the part a better p removes",
            "line": {"color": COLORS["KL"], "width": 4, "dash": "dot"},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": [float(prob)],
            "y": [float(shown)],
            "mode": "markers+text",
            "name": f"your p = {prob:.3g}: BCE = {format_value(bce_at_prob, unit, 4)}",
            "marker": {
                "color": COLORS["Q"],
                "size": 14,
                "line": {"color": "white", "width": 2},
            },
            "text": [format_value(bce_at_prob, unit, 3)],
            "textposition": "top center"
            if 0.12 < prob < 0.88
            else "middle right"
            if prob <= 0.12
            else "middle left",
            "textfont": {"size": FONT_SIZE},
            "cliponaxis": False,
            "hovertemplate": "p = %{x:.3g}<extra></extra>",
        },
    ]


def bernoulli_figure(
    x: Sequence[float],
    bce_curve: Sequence[float],
    entropy_curve: Sequence[float],
    *,
    target: float,
    entropy_at_target: float,
    prob: float | None,
    bce_at_prob: float | None,
    unit: str,
) -> go.Figure:
    """BCE(p, t) against p, its floor H(t) at p = t, and the Bernoulli-entropy curve H(x).

    ``prob``/``bce_at_prob`` mark the current prediction (left out when None), with the
    gap above the floor drawn as the KL divergence. The y axis stops at a few times
    H(0.5) so the floor stays readable; a loss above it is pinned to the top edge.
    """
    h_max = float(np.nanmax(np.asarray(entropy_curve, dtype=float)))  # H(0.5): 1 bit
    top = 2.5 * h_max
    if bce_at_prob is not None and math.isfinite(bce_at_prob):
        top = min(max(top, 1.15 * bce_at_prob), 6.0 * h_max)
    floor_text = format_value(entropy_at_target, unit, 4)
    traces = [
        {
            "type": "scatter",
            "x": np.asarray(x, dtype=float),
            "y": _finite_or_gap(entropy_curve),
            "mode": "lines",
            "name": "H(x): Bernoulli entropy = BCE(x, x)",
            "line": {"color": COLORS["H"], "width": 3},
            "hovertemplate": "H(%{x:.2f}) = %{y:.4f} " + unit + "<extra></extra>",
        },
        {
            "type": "scatter",
            "x": np.asarray(x, dtype=float),
            "y": _finite_or_gap(bce_curve),
            "mode": "lines",
            "name": f"BCE(p, t = {target:.3g}) as p varies",
            "line": {"color": COLORS["Q"], "width": 3},
            "hovertemplate": "BCE(%{x:.2f}, t) = %{y:.4f} " + unit + "<extra></extra>",
        },
        {
            "type": "scatter",
            "x": [float(target)],
            "y": [float(entropy_at_target)],
            "mode": "markers",
            "name": f"minimum at p = t: H(t) = {floor_text}",
            "marker": {"color": COLORS["H"], "size": 16, "symbol": "diamond"},
            "hovertemplate": "p = t = %{x:.3g}: BCE = H(t) = %{y:.4f} " + unit + "<extra></extra>",
        },
    ]
    if prob is not None and bce_at_prob is not None:
        traces += _prediction_marks(prob, bce_at_prob, entropy_at_target, top, unit)
    return figure(
        traces,
        height=470,
        top=150,
        xaxis=axis("predicted probability p (and x)", range=[-0.01, 1.01]),
        yaxis=axis(unit, range=[0, top]),
        shapes=[_hline(entropy_at_target, COLORS["H"], "dash")],
    )


def multilabel_figure(
    labels: Sequence[str],
    targets: Sequence[float],
    sigmoid_probs: Sequence[float],
    softmax_probs: Sequence[float],
) -> go.Figure:
    """Grouped bars per class: the multi-hot target, K sigmoids and one softmax."""
    bars = [
        {
            "type": "bar",
            "name": name,
            "x": list(labels),
            "y": [float(v) for v in values],
            "marker": {"color": color},
            "text": [f"{float(v):.2f}" for v in values],
            "textposition": "outside",
            "textfont": {"size": FONT_SIZE - 2},
            "cliponaxis": False,
            "hovertemplate": "%{x}: %{y:.4f}<extra>" + name + "</extra>",
        }
        for name, values, color in (
            ("target y (multi-hot)", targets, COLORS["P"]),
            ("σ(z): K independent sigmoids", sigmoid_probs, EXTRA_COLORS["sigmoid"]),
            ("softmax(z): one distribution", softmax_probs, COLORS["Q"]),
        )
    ]
    return figure(
        bars,
        height=400,
        top=80,
        barmode="group",
        bargap=0.25,
        yaxis=axis("probability", range=[0, 1.18]),
    )


def dataset_figure(
    ys: Sequence[float], ps: Sequence[float], losses: Sequence[float], mean: float, unit: str
) -> go.Figure:
    """One bar per sample (its loss), coloured by label, and the mean (= log loss) as a line."""
    index = [str(i) for i in range(1, len(losses) + 1)]
    bars = []
    for label, color in ((1, COLORS["P"]), (0, COLORS["Q"])):
        keep = [i for i, y in enumerate(ys) if y == label]
        bars.append(
            {
                "type": "bar",
                "name": f"label y = {label}",
                "x": [index[i] for i in keep],
                "y": [float(losses[i]) for i in keep],
                "customdata": [float(ps[i]) for i in keep],
                "marker": {"color": color},
                "hovertemplate": "sample %{x}: p = %{customdata:.3g}, loss = %{y:.4f} "
                + unit
                + "<extra></extra>",
            }
        )
    bars.append(
        {
            "type": "scatter",
            "name": f"mean = log loss = {format_value(mean, unit)}",
            "x": index,
            "y": [float(mean)] * len(index),
            "mode": "lines",
            "line": {"color": "#000000", "width": 2, "dash": "dash"},
            "hovertemplate": "mean = %{y:.4f} " + unit + "<extra></extra>",
        }
    )
    return figure(
        bars,
        height=380,
        top=70,
        bargap=0.2,
        xaxis=axis("sample", type="category", categoryorder="array", categoryarray=index),
        yaxis=axis(f"loss ({unit})"),
    )


def log_zero_figure(
    p: Sequence[float],
    curves: Mapping[str, Sequence[float]],
    plateaus: Mapping[str, float],
    unit: str,
) -> go.Figure:
    """Loss for a true label 1 as p → 0 (log x axis): each framework flattens at its clip.

    ``curves`` maps "exact", "pytorch", "keras", "sklearn" to y values; ``plateaus``
    gives each framework's flat level, written at the left edge in its colour.
    """
    names = {
        "exact": "exact −log p (→ ∞)",
        "pytorch": "PyTorch: log clamped at −100",
        "sklearn": "scikit-learn: p clipped at 2.2e-16",
        "keras": "Keras: p clipped at 1e-7",
    }
    dashes = {"exact": "dot", "pytorch": "solid", "sklearn": "dashdot", "keras": "dash"}
    lines = [
        {
            "type": "scatter",
            "x": np.asarray(p, dtype=float),
            "y": _finite_or_gap(curves[key]),
            "mode": "lines",
            "name": names[key],
            "line": {"color": EXTRA_COLORS[key], "width": 3, "dash": dashes[key]},
            "hovertemplate": "p = %{x:.2e}: %{y:.4g} " + unit + "<extra>" + key + "</extra>",
        }
        for key in ("exact", "pytorch", "sklearn", "keras")
    ]
    labels = [
        {
            "xref": "paper",
            "x": 0.01,
            "xanchor": "left",
            "y": float(level),
            "yanchor": "bottom",
            "text": format_value(level, unit, 2 if abs(level) >= 20 else 3),
            "showarrow": False,
            "font": {"color": EXTRA_COLORS[key], "size": FONT_SIZE},
        }
        for key, level in plateaus.items()
    ]
    return figure(
        lines,
        height=460,
        top=110,
        xaxis=axis("predicted probability p of the true label", type="log", exponentformat="power"),
        yaxis=axis(f"loss ({unit})", rangemode="tozero"),
        annotations=labels,
    )
