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

from explorer.figures import COLORS, PALETTE, axis, figure

__all__ = [
    "class_reliability_figure",
    "confusion_figure",
    "difference_histogram_figure",
    "loss_histogram_figure",
    "reliability_figure",
    "temperature_curve_figure",
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


def _mean_note(mean: float, unit: str, color: str) -> dict:
    """The label of a mean's line: "mean 0.750 bits", just right of it, at the top."""
    return {
        "x": mean,
        "xref": "x",
        "y": 1,
        "yref": "paper",
        "text": f"mean {mean:.3f} {unit}",
        "showarrow": False,
        "xanchor": "left",
        "yanchor": "top",
        "xshift": 6,
        "font": {"color": color},
    }


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
        annotations.append(_mean_note(mean, unit, COLORS["P"]))
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


# --- Calibrate and Model A vs B ---------------------------------------------------------


def _vline(x: float, color: str, dash: str = "dash") -> dict:
    return {
        "type": "line",
        "x0": x,
        "x1": x,
        "xref": "x",
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "line": {"color": color, "width": 2, "dash": dash},
    }


def temperature_curve_figure(
    temperatures: Sequence[float],
    nll: Sequence[float],
    fitted: float,
    fitted_nll: float,
    nll_at_1: float,
    unit: str,
) -> go.Figure:
    """The validation NLL against the temperature T (log axis), the fitted T marked.

    NLL values are already in ``unit``; T = 1 (the model as given) is marked too.
    """
    curve = {
        "type": "scatter",
        "mode": "lines",
        "name": "mean NLL on the validation rows",
        "x": np.asarray(temperatures, dtype=np.float64),
        "y": np.asarray(nll, dtype=np.float64),
        "line": {"color": COLORS["P"], "width": 3},
        "hovertemplate": "T = %{x:.3g}: %{y:.4f} " + unit + "<extra></extra>",
    }
    marks = {
        "type": "scatter",
        "mode": "markers+text",
        "name": "as given and fitted",
        "x": [1.0, float(fitted)],
        "y": [float(nll_at_1), float(fitted_nll)],
        "text": ["T = 1", f"fitted T = {fitted:.3f}"],
        "textposition": ["top center", "top right"],
        "marker": {"color": [GREY, COLORS["Q"]], "size": [11, 15], "symbol": "diamond"},
        "hovertemplate": "T = %{x:.4g}: %{y:.4f} " + unit + "<extra></extra>",
        "showlegend": False,
    }
    t = np.asarray(temperatures, dtype=np.float64)
    powers = range(math.floor(math.log2(t.min())), math.ceil(math.log2(t.max())) + 1)
    ticks = [2.0**k for k in powers]
    labels = [f"{v:g}" for v in ticks]
    return figure(
        [curve, marks],
        height=380,
        top=50,
        title={"text": f"NLL against the temperature: minimum at T = {fitted:.3f}", "x": 0},
        xaxis=axis("temperature T (log scale)", type="log", tickvals=ticks, ticktext=labels),
        yaxis=axis(f"mean NLL ({unit})"),
        shapes=[_vline(float(fitted), COLORS["Q"])],
        showlegend=False,
    )


def class_reliability_figure(
    class_names: Sequence[str],
    series: Sequence[tuple[str, np.ndarray, np.ndarray]],
    *,
    columns: int = 3,
) -> go.Figure:
    """Small multiples, one panel per class: its binned probability against its frequency.

    ``series`` holds ``(name, confidence, frequency)`` with arrays of shape (K, B) for the
    K classes of ``class_names`` (e.g. before and after a calibration); empty bins are
    NaN and left out. Each panel has the diagonal of a calibrated class.
    """
    k = len(class_names)
    cols = max(1, min(columns, k))
    rows = math.ceil(k / cols)
    panel_px, gap_px = 240, 110  # a row of panels, and room for its axis and the next titles
    plot_px = rows * panel_px + (rows - 1) * gap_px
    gap_x, gap_y = 0.06, gap_px / plot_px
    width = (1 - gap_x * (cols - 1)) / cols
    height = panel_px / plot_px
    layout_axes, shapes, annotations, traces = {}, [], [], []
    for i, name in enumerate(class_names):
        r, c = divmod(i, cols)
        x0, y1 = c * (width + gap_x), 1 - r * (height + gap_y)
        suffix = "" if i == 0 else str(i + 1)
        bottom, left = r == rows - 1 or i + cols >= k, c == 0
        layout_axes[f"xaxis{suffix}"] = {
            "domain": [x0, x0 + width],
            "anchor": f"y{suffix}",
            "range": [0, 1],
            "title": {"text": "predicted probability" if bottom else ""},
            "gridcolor": "#EBF0F8",
            "automargin": True,
        }
        layout_axes[f"yaxis{suffix}"] = {
            "domain": [y1 - height, y1],
            "anchor": f"x{suffix}",
            "range": [0, 1.02],
            "title": {"text": "frequency" if left else ""},
            "gridcolor": "#EBF0F8",
            "automargin": True,
        }
        shapes.append(
            {
                "type": "line",
                "x0": 0,
                "y0": 0,
                "x1": 1,
                "y1": 1,
                "xref": f"x{suffix}",
                "yref": f"y{suffix}",
                "line": {"color": GREY, "width": 1.5, "dash": "dot"},
            }
        )
        annotations.append(
            {
                "text": f"<b>{plot_text(name)}</b>",
                "x": x0 + width / 2,
                "y": y1,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
            }
        )
        for j, (label, conf, freq) in enumerate(series):
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": label,
                    "legendgroup": label,
                    "showlegend": i == 0,
                    "x": _finite_or_none(conf[i]),
                    "y": _finite_or_none(freq[i]),
                    "connectgaps": True,
                    "xaxis": f"x{suffix}",
                    "yaxis": f"y{suffix}",
                    "line": {"color": PALETTE[(j + 1) % len(PALETTE)], "width": 2},
                    "marker": {"size": 7},
                    "hovertemplate": label + ": p %{x:.3f}, frequency %{y:.3f}<extra></extra>",
                }
            )
    return figure(
        traces,
        height=plot_px + 150,
        top=80,
        shapes=shapes,
        annotations=annotations,
        legend={"y": 1.0, "yanchor": "top", "yref": "container"},
        **layout_axes,
    )


def difference_histogram_figure(
    edges: Sequence[float],
    counts: Sequence[int],
    mean: float,
    low: float,
    high: float,
    unit: str,
) -> go.Figure:
    """Bars of the per-sample differences loss A − loss B, 0, the mean and its interval.

    ``edges``, ``mean``, ``low`` and ``high`` are already in ``unit``. Bars right of 0
    (B paid less) are blue, left of 0 (A paid less) orange.
    """
    e = np.asarray(edges, dtype=np.float64)
    centers = (e[:-1] + e[1:]) / 2
    n = np.asarray(counts, dtype=np.int64)
    width = float(e[1] - e[0]) if e.size > 1 else 1.0
    bars = [
        {
            "type": "bar",
            "name": name,
            "x": centers[side],
            "y": n[side],
            "width": width,
            "marker": {"color": color, "line": {"width": 0}},
            "hovertemplate": "Δ %{x:.3f} " + unit + ": %{y} samples<extra></extra>",
        }
        for name, side, color in (
            ("A paid less (Δ < 0)", centers < 0, COLORS["Q"]),
            ("B paid less (Δ > 0)", centers >= 0, COLORS["P"]),
        )
    ]
    band = {
        "type": "rect",
        "x0": float(low),
        "x1": float(high),
        "xref": "x",
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "fillcolor": COLORS["H"],
        "opacity": 0.25,
        "line": {"width": 0},
        "layer": "below",
    }
    return figure(
        bars,
        height=380,
        top=80,
        title={"text": "Per-sample difference of cross-entropy, loss A − loss B", "x": 0},
        legend={"y": 1.0, "yanchor": "bottom"},
        xaxis=axis(f"Δ = loss A − loss B ({unit})"),
        yaxis=axis("samples"),
        bargap=0.05,
        barmode="overlay",
        shapes=[band, _vline(0.0, GREY, "dot"), _vline(float(mean), COLORS["KL"])],
        annotations=[_mean_note(float(mean), unit, COLORS["KL"])],
    )
