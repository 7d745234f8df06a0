"""Figures of the Language models page: pure builders, numbers in, ``go.Figure`` out.

Built in one call with :func:`explorer.figures.figure` (plain dict traces, lines as
layout shapes); ``tests/explorer/language/test_language_figures.py`` validates them
strictly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go

from explorer.figures import COLORS, FONT_SIZE, figure

__all__ = [
    "MODEL_COLOR",
    "TEST_COLOR",
    "TRAIN_COLOR",
    "compression_figure",
    "order_curve_figure",
]

#: The training text is what the model was fitted to (blue, like P); held-out text
#: is what it has to predict (orange, like the prediction Q). The entropy line is H.
TRAIN_COLOR = COLORS["P"]
TEST_COLOR = COLORS["Q"]
MODEL_COLOR = COLORS["Q"]
COMPRESSOR_COLOR = "#56B4E9"  # sky blue (Okabe-Ito)
PRIMED_COLOR = "#CC79A7"  # reddish purple (Okabe-Ito)


def _finite(values: Sequence[float]) -> list[float | None]:
    """Plotly cannot draw ∞: leave a gap there (the hover text still says ∞)."""
    return [float(v) if math.isfinite(v) else None for v in values]


def _label(value: float) -> str:
    return "∞" if math.isinf(value) else f"{value:.2f}"


def _order_marks(order: int, frequency_entropy: float | None) -> tuple[list[dict], list[dict]]:
    """Shapes and labels: a dotted line at the order in use, a dashed one at the entropy."""
    shapes = [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": order,
            "x1": order,
            "y0": 0,
            "y1": 1,
            "line": {"color": "#7F7F7F", "width": 2, "dash": "dot"},
        }
    ]
    annotations = [
        {
            "x": order,
            "y": 1,
            "xref": "x",
            "yref": "paper",
            "text": f"order {order}",
            "showarrow": False,
            "yanchor": "bottom",
            "font": {"size": FONT_SIZE - 3, "color": "#7F7F7F"},
        }
    ]
    if frequency_entropy is not None and math.isfinite(frequency_entropy):
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": frequency_entropy,
                "y1": frequency_entropy,
                "line": {"color": COLORS["H"], "width": 2, "dash": "dash"},
            }
        )
        annotations.append(
            {
                "x": 1,
                "y": frequency_entropy,
                "xref": "paper",
                "yref": "y",
                "text": f"entropy of the training text's letter frequencies "
                f"{frequency_entropy:.2f}",
                "showarrow": False,
                "xanchor": "right",
                "yanchor": "bottom",
                "font": {"size": FONT_SIZE - 4, "color": COLORS["H"]},
            }
        )
    return shapes, annotations


def order_curve_figure(
    orders: Sequence[int],
    train_ce: Sequence[float],
    test_ce: Sequence[float],
    *,
    unit: str,
    order: int,
    frequency_entropy: float | None = None,
    test_name: str = "held-out text",
) -> go.Figure:
    """Cross-entropy against model order, on the training text and on the test text.

    Training cross-entropy falls as the context grows; held-out cross-entropy stops
    falling and rises again (overfitting). A dashed line marks the entropy of the
    training text's character frequencies (the order-0 maximum-likelihood value), a
    dotted one the order in use.
    """
    xs = [int(o) for o in orders]
    traces = [
        {
            "type": "scatter",
            "mode": "lines+markers+text",
            "name": name,
            "x": xs,
            "y": _finite(values),
            "text": [_label(v) for v in values],
            "textposition": position,
            "textfont": {"size": FONT_SIZE - 3, "color": color},
            "line": {"color": color, "width": 3},
            "marker": {"color": color, "size": 9, "symbol": symbol},
            "hovertemplate": f"order %{{x}}: %{{text}} {unit}/char<extra>{name}</extra>",
        }
        for name, values, color, symbol, position in (
            ("training text", train_ce, TRAIN_COLOR, "circle", "bottom center"),
            (test_name, test_ce, TEST_COLOR, "diamond", "top center"),
        )
    ]
    finite = [v for v in (*train_ce, *test_ce) if math.isfinite(v)]
    if frequency_entropy is not None and math.isfinite(frequency_entropy):
        finite.append(frequency_entropy)
    top = max(finite, default=1.0) * 1.18 or 1.0
    shapes, annotations = _order_marks(order, frequency_entropy)
    return figure(
        traces,
        height=420,
        top=70,
        shapes=shapes,
        annotations=annotations,
        xaxis={
            "title": {"text": "order n (characters of context)"},
            "tickmode": "array",
            "tickvals": xs,
            "range": [min(xs, default=0) - 0.3, max(xs, default=5) + 0.3],
        },
        yaxis={"title": {"text": f"cross-entropy ({unit}/char)"}, "range": [0, top]},
    )


def compression_figure(
    labels: Sequence[str],
    values: Sequence[float],
    kinds: Sequence[str],
    *,
    unit: str,
) -> go.Figure:
    """Bits (or nats) per character: the n-gram model next to zlib, bz2 and lzma.

    ``kinds`` says what each bar is: ``"model"``, ``"compressor"`` (the test text
    alone) or ``"given training"`` (the compressor has seen the training text first).
    """
    colors = {"model": MODEL_COLOR, "compressor": COMPRESSOR_COLOR, "given training": PRIMED_COLOR}
    unknown = set(kinds) - set(colors)
    if unknown:
        raise ValueError(f"unknown bar kind(s) {sorted(unknown)}; use one of {sorted(colors)}")
    if not len(labels) == len(values) == len(kinds):
        raise ValueError("labels, values and kinds must have the same length")
    finite = [v for v in values if math.isfinite(v)]
    top = max(finite, default=1.0) * 1.25 or 1.0
    bar = {
        "type": "bar",
        "orientation": "h",
        # Top to bottom in the given order.
        "y": list(labels)[::-1],
        "x": [v if math.isfinite(v) else top for v in values][::-1],
        "text": [f"{_label(v)} {unit}/char" for v in values][::-1],
        "textposition": "outside",
        "cliponaxis": False,
        "marker": {
            "color": [colors[k] for k in kinds][::-1],
            "pattern": {
                "shape": ["/" if not math.isfinite(v) else "" for v in values][::-1],
            },
        },
        "hovertemplate": "%{y}: %{text}<extra></extra>",
        "showlegend": False,
    }
    return figure(
        [bar],
        height=80 + 46 * len(labels),
        top=20,
        xaxis={"title": {"text": f"{unit} per character (lower is better)"}, "range": [0, top]},
        yaxis={"automargin": True},
        bargap=0.3,
    )
