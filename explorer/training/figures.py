"""Figures of the Training page: curves of two runs overlaid, and decision regions.

Pure builders (numbers in, ``go.Figure`` out) in the one-call style of
:func:`explorer.figures.figure`: plain dict traces, no run-time validation (the tests
validate every builder's output strictly). Curves are thinned to at most
:data:`MAX_CURVE_POINTS` points, so a 5,000-step run costs no more to draw than a short one.

Data arrays are handed to plotly already packed as plotly.js typed arrays
(``{"dtype", "bdata", "shape"}``, see :func:`typed_array`): plotly.py would otherwise
inspect and convert every array on each redraw, about a millisecond apiece.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from explorer.figures import FONT_SIZE, PALETTE, figure

__all__ = [
    "MAX_CURVE_POINTS",
    "CLASS_COLORS",
    "RUN_COLORS",
    "Series",
    "class_color",
    "decision_regions_figure",
    "thin_indices",
    "training_curves_figure",
    "typed_array",
]

#: At most this many points per curve (the whole run is still spanned, last step included).
MAX_CURVE_POINTS = 300
#: Run A in the palette's blue (like P), the comparison run B in orange (like Q).
RUN_COLORS = ("#0072B2", "#E69F00")


def typed_array(values, dtype: str = "f8") -> dict:
    """``values`` as a plotly.js typed array: little-endian bytes in base64, and a shape.

    ``dtype`` is a plotly.js code: ``'f8'``, ``'f4'``, ``'i4'``, ``'u1'``, ... NaN stays
    NaN (a gap in a line).

    >>> typed_array([1.0, 2.5], "f4")
    {'dtype': 'f4', 'bdata': 'AACAPwAAIEA=', 'shape': '2'}
    """
    arr = np.ascontiguousarray(values, dtype=np.dtype(dtype).newbyteorder("<"))
    return {
        "dtype": dtype,
        "bdata": base64.b64encode(arr.tobytes()).decode("ascii"),
        "shape": ", ".join(str(n) for n in arr.shape),
    }


@dataclass(frozen=True)
class Series:
    """One curve: ``values[t]`` is the value after ``t`` steps."""

    name: str
    values: np.ndarray
    color: str
    dash: str = "solid"


def thin_indices(n: int, max_points: int = MAX_CURVE_POINTS) -> np.ndarray:
    """Evenly spread indices into ``range(n)``, first and last included, at most ``max_points``.

    >>> thin_indices(5, 400).tolist()
    [0, 1, 2, 3, 4]
    >>> idx = thin_indices(5001, 400)
    >>> len(idx) <= 400, int(idx[0]), int(idx[-1])
    (True, 0, 5000)
    """
    if n <= max_points:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, max_points).round().astype(np.int64))


def _finite_range(series: Sequence[Series]) -> tuple[float, float] | None:
    values = [s.values[np.isfinite(s.values)] for s in series if len(s.values)]
    values = [v for v in values if v.size]
    if not values:
        return None
    return float(min(v.min() for v in values)), float(max(v.max() for v in values))


def training_curves_figure(
    series: Sequence[Series],
    *,
    y_title: str,
    title: str = "",
    marker_step: int | None = None,
    y_range: tuple[float, float] | None = None,
    height: int = 420,
) -> go.Figure:
    """Curves against the step, one trace per series, with an optional "you are here" line.

    Non-finite values are never drawn (they become gaps): a diverged run's history is
    finite anyway, this is a second guard. ``marker_step`` draws a dotted vertical line
    (the replay scrubber's step).
    """
    traces = []
    for s in series:
        values = np.asarray(s.values, dtype=float)
        idx = thin_indices(values.size)
        y = values[idx]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": s.name,
                "x": typed_array(idx, "i4"),
                "y": typed_array(np.where(np.isfinite(y), y, np.nan)),  # NaN: a gap, never a point
                "line": {"color": s.color, "width": 3, "dash": s.dash},
                "hovertemplate": "step %{x}: %{y:.4g}<extra>" + s.name + "</extra>",
            }
        )
    shapes = []
    if marker_step is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": marker_step,
                "x1": marker_step,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#555555", "width": 1.5, "dash": "dot"},
            }
        )
    yaxis: dict = {"title": {"text": y_title}}
    if y_range is not None:
        yaxis["range"] = list(y_range)
    elif (span := _finite_range(series)) is not None and span[0] == span[1]:
        # A flat curve (0 steps, or a stuck run): give the axis some height.
        yaxis["range"] = [span[0] - 0.5, span[1] + 0.5]
    return figure(
        traces,
        height=height,
        top=50 if title else 20,
        margin={"b": 75 + 26 * ((len(traces) + 1) // 2)},
        # The legend at the bottom of the figure, under the axis title, two entries a
        # row, so it fits a narrow column.
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 0,
            "yref": "container",
            "x": 0,
            "entrywidth": 0.5,
            "entrywidthmode": "fraction",
            "font": {"size": FONT_SIZE - 3},
        },
        xaxis={"title": {"text": "step"}, "rangemode": "tozero"},
        yaxis=yaxis,
        shapes=shapes,
        showlegend=True,
        **_title(title),
    )


#: Classes get the palette in another order than the runs, so that class 0 is not
#: mistaken for run A (blue) nor class 1 for run B (orange).
CLASS_COLORS = [PALETTE[i] for i in (2, 4, 5, 3, 6, 7, 0, 1)]


def class_color(c: int) -> str:
    """The colour of class ``c`` (cycling through the palette).

    >>> class_color(0), class_color(8)
    ('#009E73', '#009E73')
    """
    return CLASS_COLORS[c % len(CLASS_COLORS)]


def _tint(color: str, white: float) -> str:
    """``color`` mixed with ``white`` parts of white (0 = the colour, 1 = white)."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(v + (255 - v) * white) for v in (r, g, b)]
    return f"rgb({mix[0]},{mix[1]},{mix[2]})"


def _region_colorscale(n_classes: int) -> list:
    """Band c of [0, 1] runs from a pale to a stronger tint of class c's colour."""
    scale = []
    for c in range(n_classes):
        lo, hi = c / n_classes, (c + 1) / n_classes
        scale.append([lo, _tint(class_color(c), 0.92)])
        scale.append([hi - 1e-9 if c < n_classes - 1 else hi, _tint(class_color(c), 0.45)])
    return scale


def _title(title: str) -> dict:
    """A chart's title at its top left, as ``figure`` keywords (none for no title)."""
    if not title:
        return {}
    return {"title": {"text": title, "x": 0, "xref": "paper", "y": 0.98, "yanchor": "top"}}


def _class_points(points: np.ndarray, labels: np.ndarray, k: int, names: Sequence[str]) -> list:
    """One marker trace per class (of ``k``) that has points, in the class's colour."""
    pts = np.asarray(points, dtype=float)
    lab = np.asarray(labels)
    traces = []
    for c in range(k):
        name = names[c]
        mask = lab == c
        if not mask.any():
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": name,
                "x": typed_array(pts[mask, 0], "f4"),
                "y": typed_array(pts[mask, 1], "f4"),
                "marker": {
                    "color": class_color(c),
                    "size": 7,
                    "line": {"color": "white", "width": 1},
                },
                "hovertemplate": "(%{x:.2f}, %{y:.2f})<extra>" + name + "</extra>",
            }
        )
    return traces


def _plane_axis(text: str, grid: Sequence[float], **more) -> dict:
    """An axis of the plane, spanning the grid, without grid lines."""
    g = np.asarray(grid, dtype=float)
    return {
        "title": {"text": text},
        "range": [float(g[0]), float(g[-1])],
        "showgrid": False,
        "zeroline": False,
        **more,
    }


def decision_regions_figure(
    grid_x: Sequence[float],
    grid_y: Sequence[float],
    predicted: np.ndarray,
    confidence: np.ndarray,
    points: np.ndarray,
    labels: np.ndarray,
    n_classes: int,
    *,
    title: str = "",
    class_names: Sequence[str] | None = None,
    height: int = 460,
) -> go.Figure:
    """Decision regions as a heatmap, with the data points on top.

    Each grid cell takes its predicted class's colour, pale where the model is unsure
    (probability near 1/K) and stronger where it is confident: the cell's value is
    ``c + s`` with ``s`` in [0, 1) the confidence rescaled from [1/K, 1].
    """
    k = int(n_classes)
    pred = np.asarray(predicted, dtype=float)
    conf = np.asarray(confidence, dtype=float)
    strength = np.clip((conf - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 0.999)
    z = pred + strength
    names = list(class_names) if class_names is not None else [f"class {c}" for c in range(k)]
    traces: list[dict] = [
        {
            "type": "heatmap",
            "x": typed_array(grid_x, "f4"),
            "y": typed_array(grid_y, "f4"),
            "z": typed_array(z, "f4"),
            "zmin": 0,
            "zmax": k,
            "colorscale": _region_colorscale(k),
            "showscale": False,
            "hoverinfo": "skip",
            "zsmooth": False,
        }
    ]
    traces += _class_points(points, labels, k, names)
    return figure(
        traces,
        height=height,
        top=100 if title else 60,
        xaxis=_plane_axis("x₁", grid_x),
        yaxis=_plane_axis("x₂", grid_y, scaleanchor="x"),
        showlegend=True,
        **_title(title),
    )
