"""Figures of the Softmax & logits page: pure builders, numbers in, ``go.Figure`` out.

Built from plain trace dicts through :func:`explorer.figures.figure` (fast, validated
strictly in tests/explorer/softmax/test_softmax_figures.py). Colours follow the app: the target
is P (blue), the softmax prediction Q (orange), entropy H (green).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from explorer.figures import COLORS, PALETTE, figure, live_slider, live_title
from explorer.text import format_value

__all__ = [
    "GRADIENT_COLOR",
    "LOSS_COLOR",
    "gradient_figure",
    "loss_history_figure",
    "softmax_figure",
    "temperature_entropy_figure",
]

#: Reddish purple (Okabe-Ito): the gradient is none of P, Q, H or KL.
GRADIENT_COLOR = PALETTE[4]
#: Black: the loss along the gradient steps.
LOSS_COLOR = PALETTE[7]
#: Labelled temperatures on the log axis (plotly would also label its minor ticks).
T_TICKS = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10]
#: Bars carry their value as text up to this many classes (beyond, it would overlap).
MAX_BAR_TEXT = 10


def _finite(values: Sequence[float]) -> list[float]:
    return [float(v) for v in values if math.isfinite(float(v))]


def _bar_text(text: list[str]) -> dict:
    return {"text": text, "textposition": "outside", "cliponaxis": False}


def softmax_figure(
    labels: Sequence[str],
    probs: Sequence[float],
    target: Sequence[float] | None = None,
    live: LiveBars | None = None,
) -> go.Figure:
    """Grouped bars: the (smoothed) target y′ next to the softmax probabilities.

    Without a valid ``target`` only the softmax bars are drawn. With ``live``, the chart
    gets its own slider whose positions move the softmax bars and the title (the
    numbers of each position computed beforehand by xentcore).
    """
    series = []
    if target is not None:
        series.append(("target y′", target, COLORS["P"]))
    series.append(("softmax p", probs, COLORS["Q"]))
    show_text = len(labels) <= MAX_BAR_TEXT
    bars = [
        {
            "type": "bar",
            "name": name,
            "x": list(labels),
            "y": np.asarray(values, dtype=float),
            "marker": {"color": color},
            "hovertemplate": "%{x}: %{y:.4f}<extra>" + name + "</extra>",
            **(_bar_text([f"{float(v):.2f}" for v in values]) if show_text else {}),
        }
        for name, values, color in series
    ]
    extra = {} if live is None else _live_layout(live, len(bars) - 1, show_text)
    return figure(
        bars,
        height=360 if live is None else 500,
        barmode="group",
        bargap=0.25,
        yaxis={"title": {"text": "probability"}, "range": [0, 1.15]},
        **extra,
    )


@dataclass(frozen=True)
class LiveBars:
    """A chart slider over bar heights: its labels, the bars and title at each position."""

    labels: Sequence[str]
    values: Sequence[Sequence[float]]
    titles: Sequence[str]
    active: int
    prefix: str


def _live_layout(live: LiveBars, trace: int, show_text: bool) -> dict:
    updates = []
    for values in live.values:
        update = {"y": [list(values)]}
        if show_text:
            update["text"] = [[f"{float(v):.2f}" for v in values]]
        updates.append(update)
    slider = live_slider(live.labels, updates, live.titles, traces=[trace],
                         active=live.active, prefix=live.prefix)  # fmt: skip
    return {
        "sliders": [slider],
        "title": live_title(live.titles[live.active]),
        "margin": {"t": 100, "b": 10, "l": 10, "r": 10},
    }


def temperature_entropy_figure(
    temperatures: Sequence[float],
    entropies: Sequence[float],
    current_t: float,
    current_h: float,
    max_entropy: float,
    unit: str,
) -> go.Figure:
    """Entropy of softmax(z/T) against T (log axis), a marker at the current T.

    A dashed line marks log C, the entropy of the uniform distribution that a very
    high temperature approaches.
    """
    # NumPy arrays, not lists: plotly deep-copies its input, and a list is copied item by item.
    t = np.asarray(temperatures, dtype=float)
    traces = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "H(softmax(z/T))",
            "x": t,
            "y": np.asarray(entropies, dtype=float),
            "line": {"color": COLORS["H"], "width": 3},
            "hovertemplate": "T = %{x:.3g}<br>H = %{y:.4f} " + unit + "<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": f"log C = {format_value(max_entropy, unit)} (uniform)",
            "x": [float(t[0]), float(t[-1])],
            "y": [max_entropy, max_entropy],
            "line": {"color": "#7F7F7F", "width": 2, "dash": "dash"},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": f"T = {current_t:g}: H = {format_value(current_h, unit)}",
            "x": [float(current_t)],
            "y": [float(current_h)],
            "marker": {"color": COLORS["KL"], "size": 14, "line": {"color": "white", "width": 2}},
            "hovertemplate": "T = %{x:.3g}<br>H = %{y:.4f} " + unit + "<extra></extra>",
        },
    ]
    return figure(
        traces,
        height=360,
        top=90,
        xaxis={
            "type": "log",
            "title": {"text": "temperature T (log scale)"},
            "tickvals": T_TICKS,
            "ticktext": [f"{v:g}" for v in T_TICKS],
        },
        yaxis={
            "title": {"text": f"entropy ({unit})"},
            "range": [0, max(max_entropy, 1e-9) * 1.08],
        },
    )


def gradient_figure(labels: Sequence[str], grad: Sequence[float]) -> go.Figure:
    """Bars of ∂L/∂z per class: negative bars are logits a gradient step raises."""
    values = np.asarray(grad, dtype=float)
    finite = _finite(values)
    span = max([abs(v) for v in finite] + [1e-12])
    bar = {
        "type": "bar",
        "name": "∂L/∂z",
        "x": list(labels),
        "y": values,
        "marker": {"color": GRADIENT_COLOR},
        "hovertemplate": "%{x}: ∂L/∂z = %{y:.4g}<extra></extra>",
        **(_bar_text([f"{v:+.3g}" for v in values]) if len(labels) <= MAX_BAR_TEXT else {}),
    }
    return figure(
        [bar],
        height=320,
        showlegend=False,
        yaxis={
            "title": {"text": "∂L/∂z"},
            "range": [-span * 1.3, span * 1.3],
            "zeroline": True,
            "zerolinewidth": 2,
        },
    )


def loss_history_figure(losses: Sequence[float], unit: str) -> go.Figure:
    """The loss after each gradient step (step 0 is the start)."""
    values = np.asarray(losses, dtype=float)
    line = {
        "type": "scatter",
        "mode": "lines+markers",
        "name": "loss",
        "x": np.arange(len(values)),
        "y": values,
        "line": {"color": LOSS_COLOR, "width": 3},
        "marker": {"size": 10},
        "hovertemplate": "step %{x}: %{y:.4f} " + unit + "<extra></extra>",
    }
    top = max(_finite(values) + [1e-9])
    return figure(
        [line],
        height=300,
        showlegend=False,
        xaxis={"title": {"text": "gradient step"}, **({"dtick": 1} if len(values) <= 12 else {})},
        yaxis={"title": {"text": f"loss ({unit})"}, "range": [0, top * 1.1]},
    )
