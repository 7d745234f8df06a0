"""Pure plotly figure builders: numbers in, ``go.Figure`` out, no Streamlit.

Tests inspect ``fig.data`` directly, because AppTest cannot look inside a chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go

from explorer.text import format_value

__all__ = ["COLORS", "FONT_SIZE", "base_layout", "decomposition_figure", "distribution_figure"]

#: One palette for the whole app: Okabe & Ito (2008), safe for colour-vision deficiencies.
COLORS = {
    "P": "#0072B2",  # blue: the true distribution
    "Q": "#E69F00",  # orange: the predicted distribution
    "H": "#009E73",  # bluish green: entropy H(P)
    "KL": "#D55E00",  # vermillion: the extra cost KL(P‖Q)
}

#: Large enough to read when projected in a classroom.
FONT_SIZE = 18
#: Streamlit's own typeface. Pages pass theme=None to st.plotly_chart, because
#: Streamlit's chart theme replaces the figure's font sizes with smaller ones.
FONT_FAMILY = '"Source Sans", "Source Sans Pro", sans-serif'
TEXT_COLOR = "#31333F"  # Streamlit's light-theme text colour


def base_layout(fig: go.Figure, *, height: int, top: int = 60) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        font={"size": FONT_SIZE, "family": FONT_FAMILY, "color": TEXT_COLOR},
        height=height,
        margin={"l": 10, "r": 10, "t": top, "b": 10},
        # Legend above the plot, in the order the traces were added.
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
    )
    return fig


def decomposition_figure(h_p: float, kl: float, unit: str) -> go.Figure:
    """One stacked bar showing H(P) + KL(P‖Q) = H(P,Q).

    An infinite KL (Q gives probability 0 to an event P says can happen) cannot be
    drawn as a bar, so the figure shows H(P) alone and says why in its title.
    """
    cross = h_p + kl
    label = f"H(P,Q) = {format_value(cross, unit)}"
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            name="H(P): entropy of the truth",
            y=["H(P,Q)"],
            x=[h_p],
            orientation="h",
            marker_color=COLORS["H"],
            text=[format_value(h_p, unit)],
            textposition="inside",
            insidetextanchor="middle",
            hovertemplate="H(P) = %{x:.3f} " + unit + "<extra></extra>",
        )
    )
    if math.isfinite(kl):
        fig.add_trace(
            go.Bar(
                name="KL(P‖Q): extra cost of predicting Q",
                y=["H(P,Q)"],
                x=[kl],
                orientation="h",
                marker_color=COLORS["KL"],
                text=[format_value(kl, unit)],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate="KL(P‖Q) = %{x:.3f} " + unit + "<extra></extra>",
            )
        )
    else:
        label += ": Q gives probability 0 to an event that P says can happen"
    fig.update_layout(
        barmode="stack",
        showlegend=True,  # also with the single H(P) bar of the infinite case
        title={"text": label, "x": 0, "xref": "paper", "y": 0.97, "yanchor": "top"},
        xaxis_title=unit,
        yaxis={"showticklabels": False},
        uniformtext={"minsize": FONT_SIZE - 2, "mode": "hide"},
    )
    return base_layout(fig, height=300, top=110)


def distribution_figure(labels: Sequence[str], p: Sequence[float], q: Sequence[float]) -> go.Figure:
    """Grouped bars comparing the true distribution P with the prediction Q."""
    fig = go.Figure()
    for name, values, color in (
        ("P (true)", p, COLORS["P"]),
        ("Q (predicted)", q, COLORS["Q"]),
    ):
        fig.add_trace(
            go.Bar(
                name=name,
                x=list(labels),
                y=list(values),
                marker_color=color,
                text=[f"{v:.2f}" for v in values],
                textposition="outside",
                hovertemplate="%{x}: %{y:.3f}<extra>" + name + "</extra>",
            )
        )
    top = max([1.0, *(float(v) for v in (*p, *q) if math.isfinite(v))])
    fig.update_layout(
        barmode="group",
        yaxis={"title": "probability", "range": [0, top * 1.15]},
        bargap=0.25,
    )
    return base_layout(fig, height=340)
