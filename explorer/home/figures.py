"""Home's two plotly builders: the example's P and Q, and H(P) + KL(P‖Q) as one bar.

Pure: numbers in, a :class:`explorer.figures.Figure` out, no Streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go

from explorer.figures import COLORS, FONT_SIZE, figure
from explorer.text import format_value

__all__ = ["decomposition_figure", "distribution_figure"]


def decomposition_figure(h_p: float, kl: float, unit: str) -> go.Figure:
    """One stacked bar showing H(P) + KL(P‖Q) = H(P,Q).

    An infinite KL (Q gives probability 0 to an event P says can happen) cannot be
    drawn as a bar, so the figure shows H(P) alone and says why in its title.
    """
    cross = h_p + kl
    label = f"H(P,Q) = {format_value(cross, unit)}"
    parts = [("H(P): entropy of the truth", "H(P)", h_p, COLORS["H"])]
    if math.isfinite(kl):
        parts.append(("KL(P‖Q): extra cost of predicting Q", "KL(P‖Q)", kl, COLORS["KL"]))
    else:
        label += ": Q gives probability 0 to an event that P says can happen"
    bars = [
        {
            "type": "bar",
            "name": name,
            "y": ["H(P,Q)"],
            "x": [value],
            "orientation": "h",
            "marker": {"color": color},
            "text": [format_value(value, unit)],
            "textposition": "inside",
            "insidetextanchor": "middle",
            "hovertemplate": short + " = %{x:.3f} " + unit + "<extra></extra>",
        }
        for name, short, value, color in parts
    ]
    return figure(
        bars,
        height=300,
        top=110,
        barmode="stack",
        showlegend=True,  # also with the single H(P) bar of the infinite case
        title={"text": label, "x": 0, "xref": "paper", "y": 0.97, "yanchor": "top"},
        xaxis={"title": {"text": unit}},
        yaxis={"showticklabels": False},
        uniformtext={"minsize": FONT_SIZE - 2, "mode": "hide"},
    )


def distribution_figure(labels: Sequence[str], p: Sequence[float], q: Sequence[float]) -> go.Figure:
    """Grouped bars comparing the true distribution P with the prediction Q."""
    bars = [
        {
            "type": "bar",
            "name": name,
            "x": list(labels),
            "y": list(values),
            "marker": {"color": color},
            "text": [f"{v:.2f}" for v in values],
            "textposition": "outside",
            "hovertemplate": "%{x}: %{y:.3f}<extra>" + name + "</extra>",
        }
        for name, values, color in (("P (true)", p, COLORS["P"]), ("Q (predicted)", q, COLORS["Q"]))
    ]
    top = max([1.0, *(float(v) for v in (*p, *q) if math.isfinite(v))])
    return figure(
        bars,
        height=340,
        barmode="group",
        yaxis={"title": {"text": "probability"}, "range": [0, top * 1.15]},
        bargap=0.25,
    )
