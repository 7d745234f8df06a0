"""The lesson's charts: pure plotly builders, each with its own slider.

The slider's positions were computed by xentcore (explorer/lesson/compute.py); each one
is a plotly ``update`` of the moving traces and the title, so dragging it redraws the
chart in the browser with no server round trip (``layout.sliders`` work inside
``st.plotly_chart``). Until the learner has answered the step's question, the title
keeps its number hidden: "predict, then reveal".
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from explorer.figures import FONT_SIZE, PALETTE, Figure, figure, live_slider
from explorer.lesson.compute import StepData, Trace
from explorer.lesson.steps import Chart

__all__ = ["live_figure", "slider_label"]

#: The plot area's height in px, and what the axis and the slider below it take (at
#: font scale 1, with and without an x-axis title): the chart grows with its title.
PLOT_HEIGHT = 210
BELOW, BELOW_TITLED = 125, 160
HIDDEN = "?"
#: The chart title's size, a little larger than the rest (presenter view scales it too).
TITLE_SIZE = FONT_SIZE + 2
#: plotly.js's line spacing in a multi-line text (svg_text_utils LINE_SPACING).
LINE_SPACING = 1.3
#: A line of text above and below its baseline, and a legend row and its padding, in em.
ASCENT, DESCENT = 0.95, 0.3
LEGEND_ROW, LEGEND_PAD = 1.4, 0.5
GAP = 8


def slider_label(value: float, chart: Chart) -> str:
    """A slider position as its label: ``1e-3`` for the clipping step, else 3 digits.

    >>> slider_label(-3.0, Chart("curve", exponent=True)), slider_label(0.25, Chart("bars"))
    ('1e-3', '0.25')
    """
    return f"1e{value:g}" if chart.exponent else f"{value:.3g}"


def _category(x: Sequence, chart: Chart) -> list:
    if chart.kind == "bars" and chart.categories:
        return [chart.categories[int(i)] for i in x]
    return list(x)


def _static(trace: Trace, i: int, chart: Chart) -> dict:
    color = PALETTE[i % len(PALETTE)]
    if chart.kind == "bars":
        return {"type": "bar", "name": trace.name, "x": _category(trace.x, chart),
                "y": list(trace.y), "marker": {"color": color}, "opacity": 0.55}  # fmt: skip
    if chart.kind == "stack":
        return {"type": "bar", "orientation": "h", "name": trace.name, "x": list(trace.x),
                "y": list(trace.y), "marker": {"color": color}}  # fmt: skip
    dash = "dash" if i else "solid"
    return {"type": "scatter", "mode": "lines", "name": trace.name, "x": list(trace.x),
            "y": list(trace.y), "line": {"color": color, "width": 3, "dash": dash}}  # fmt: skip


def _moving_values(trace: Trace, chart: Chart, revealed: bool, span=None) -> dict:
    values = trace.x if chart.kind == "stack" else trace.y
    labels = [f"{v:.2f}" for v in values] if (revealed or chart.kind == "bars") else [""]
    out = {"x": _category(trace.x, chart), "y": list(trace.y), "text": labels}
    if chart.kind == "curve" and span is not None:
        out["textposition"] = _text_side(trace.x[0], trace.y[0], span, chart)
    return out


def _fraction(v: float, lo: float, hi: float, log: bool = False) -> float:
    if log:
        v, lo, hi = (math.log10(max(w, 1e-300)) for w in (v, lo, hi))
    return (v - lo) / (hi - lo) if hi > lo else 0.0


def _text_side(x: float, y: float, span, chart: Chart) -> str:
    """Where a marker's label goes so it stays inside the plot: left of the marker in
    the right third of the x axis, below it in the top fifth of the y axis.

    >>> span = ((0.0, 1.0), (0.0, 1.0))
    >>> _text_side(0.2, 0.5, span, Chart("curve")), _text_side(0.9, 0.95, span, Chart("curve"))
    ('top right', 'bottom left')
    >>> _text_side(1e-3, 0.5, ((1e-16, 1.0), (0.0, 1.0)), Chart("curve", log_x=True))
    'top left'
    """
    (x_lo, x_hi), (y_lo, y_hi) = span
    vertical = "bottom" if _fraction(y, y_lo, y_hi) > 0.8 else "top"
    horizontal = "left" if _fraction(x, x_lo, x_hi, chart.log_x) > 2 / 3 else "right"
    return f"{vertical} {horizontal}"


def _span(data: StepData):
    """The x and y ranges of a curve chart's traces, static and moving."""
    traces = [*data.static, *(t for frame in data.frames for t in frame)]
    xs = [float(v) for t in traces for v in t.x]
    ys = [float(v) for t in traces for v in t.y]
    return ((min(xs), max(xs)), (min(ys), max(ys))) if xs and ys else None


def _moving(trace: Trace, chart: Chart, revealed: bool, color: str, span) -> dict:
    values = _moving_values(trace, chart, revealed, span)
    if chart.kind in ("bars", "stack"):
        spec = {"type": "bar", "name": trace.name, "marker": {"color": color},
                "textposition": "outside" if chart.kind == "bars" else "inside"}  # fmt: skip
        if chart.kind == "stack":
            spec["orientation"] = "h"
        return {**spec, **values}
    marker = {"color": color, "size": 16, "line": {"color": "white", "width": 2}}
    return {"type": "scatter", "mode": "markers+text", "name": trace.name,
            "textposition": "top right", **values, "showlegend": False,
            "marker": marker}  # fmt: skip


def _legend_entries(chart: Chart, data: StepData) -> int:
    """How many entries the legend shows: the static traces, and moving bars."""
    moving = 0 if chart.kind == "curve" else len(data.frames[0])
    return len(data.static) + moving


def live_figure(
    chart: Chart,
    data: StepData,
    titles: Sequence[str],
    *,
    slider_prefix: str,
    revealed: bool,
    scale: float = 1.0,
    max_height: int | None = None,
) -> Figure:
    """The step's chart at the widget's position, with a slider over ``data.grid``.

    ``titles[i]`` is the title at ``data.grid[i]`` (the step's number, or "?" before the
    reveal), its lines separated by ``<br>``. Moving traces take the colours after the
    static ones, except on curves, where a marker shares its curve's colour.

    ``scale`` is the factor the chart's fonts will be drawn at (presenter view): the
    title, the legend under it (two entries a row) and the slider below the axis get
    room for text of that size, so nothing overlaps and the plot area keeps its height;
    the x-axis title is left out there (the slider's label names the same parameter).
    ``max_height`` caps the chart's height (the plot area gives way), so a chart with a
    long title still fits the screen.
    """
    span = _span(data) if chart.kind == "curve" else None
    static = [_static(t, i, chart) for i, t in enumerate(data.static)]
    first_moving = 0 if chart.kind == "curve" else len(static)
    colors = [PALETTE[(first_moving + j) % len(PALETTE)] for j in range(len(data.frames[0]))]
    start = data.frames[data.active]
    moving = [_moving(t, chart, revealed, colors[j], span) for j, t in enumerate(start)]
    indices = list(range(len(static), len(static) + len(moving)))
    keys = ("x", "y", "text", "textposition") if span is not None else ("x", "y", "text")
    updates = []
    for frame in data.frames:
        moved = [_moving_values(t, chart, revealed, span) for t in frame]
        updates.append({k: [u[k] for u in moved] for k in keys})
    # Above the plot, in px at the drawn font size: the title's lines, then the legend's
    # rows (two entries a row), each after a gap.
    lines = max(t.count("<br>") + 1 for t in titles)
    em = scale * TITLE_SIZE
    # plotly.js puts a one-line title's baseline 0.7em below the pad, a longer title's
    # first baseline on the pad itself: either way its top lands one gap down.
    title_pad = GAP + ASCENT * em - (0.7 * em if lines == 1 else 0.0)
    title_bottom = GAP + em * (ASCENT + LINE_SPACING * (lines - 1) + DESCENT)
    entries = _legend_entries(chart, data)
    rows = math.ceil(entries / 2) if entries > 1 else 0
    font = scale * FONT_SIZE
    legend_px = (rows * LEGEND_ROW + LEGEND_PAD) * font if rows else 0.0
    top = round(title_bottom + GAP + legend_px + (GAP if rows else 0))
    # In presenter view the slider's label under the axis names the axis (the x title
    # says the same in fewer words), and its room goes to the plot.
    x_title = chart.x_title if scale == 1 else ""
    # Category labels of more than one line push the slider down by their extra lines.
    tick_lines = max((c.count("<br>") + 1 for c in chart.categories), default=1)
    extra = (tick_lines - 1) * scale * FONT_SIZE * LINE_SPACING
    height = top + PLOT_HEIGHT + round(scale * (BELOW_TITLED if x_title else BELOW) + extra)
    if max_height is not None:
        height = min(height, max_height)
    # Room above the slider for the x-axis title, and for its last label on the right.
    slider = live_slider(
        [slider_label(v, chart) for v in data.grid], updates, titles, traces=indices,
        active=data.active, prefix=slider_prefix,
        pad_top=round(scale * (80 if x_title else 30) + extra), pad_right=round(scale * 20),
    )  # fmt: skip
    axis_x = {"title": {"text": x_title}}
    if chart.kind == "bars":
        axis_x["tickangle"] = 0  # category labels stay level (the slider is below them)
    if chart.log_x:
        axis_x.update(type="log", exponentformat="power")  # 10⁻¹⁵, not "1f"
    layout = {
        "title": {"text": titles[data.active], "x": 0, "xref": "paper", "y": 1,
                  "yref": "container", "yanchor": "top", "pad": {"t": round(title_pad)},
                  "font": {"size": TITLE_SIZE}},
        "legend": {"yref": "container", "y": 1 - (title_bottom + GAP) / height,
                   "yanchor": "top", "entrywidth": 0.5, "entrywidthmode": "fraction"},
        "showlegend": rows > 0,
        "xaxis": axis_x,
        "yaxis": {"title": {"text": chart.y_title}, "showticklabels": chart.kind != "stack"},
        "sliders": [slider],
        "barmode": "stack" if chart.kind == "stack" else "group",
    }  # fmt: skip
    return figure([*static, *moving], height=height, top=top, **layout)
