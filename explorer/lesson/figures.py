"""The lesson's charts: pure plotly builders, each with its own slider.

The slider's positions were computed by xentcore (explorer/lesson/compute.py); each one
is a plotly ``update`` of the moving traces and the title, so dragging it redraws the
chart in the browser with no server round trip (``layout.sliders`` work inside
``st.plotly_chart``). Until the learner has answered the step's question, the title
keeps its number hidden: "predict, then reveal".
"""

from __future__ import annotations

from collections.abc import Sequence

from explorer.figures import PALETTE, Figure, figure, live_slider
from explorer.lesson.compute import StepData, Trace
from explorer.lesson.steps import Chart

__all__ = ["live_figure", "slider_label"]

HEIGHT = 430
HIDDEN = "?"


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


def _moving_values(trace: Trace, chart: Chart, revealed: bool) -> dict:
    values = trace.x if chart.kind == "stack" else trace.y
    labels = [f"{v:.2f}" for v in values] if (revealed or chart.kind == "bars") else [""]
    return {"x": _category(trace.x, chart), "y": list(trace.y), "text": labels}


def _moving(trace: Trace, i: int, chart: Chart, revealed: bool, color: str) -> dict:
    values = _moving_values(trace, chart, revealed)
    if chart.kind in ("bars", "stack"):
        spec = {"type": "bar", "name": trace.name, "marker": {"color": color},
                "textposition": "outside" if chart.kind == "bars" else "inside"}  # fmt: skip
        if chart.kind == "stack":
            spec["orientation"] = "h"
        return {**spec, **values}
    marker = {"color": color, "size": 16, "line": {"color": "white", "width": 2}}
    return {"type": "scatter", "mode": "markers+text", "name": trace.name, **values,
            "textposition": "top right", "showlegend": False, "marker": marker}  # fmt: skip


def live_figure(
    chart: Chart,
    data: StepData,
    titles: Sequence[str],
    *,
    slider_prefix: str,
    revealed: bool,
) -> Figure:
    """The step's chart at the widget's position, with a slider over ``data.grid``.

    ``titles[i]`` is the title at ``data.grid[i]`` (the step's number, or "?" before the
    reveal). Moving traces take the colours after the static ones, except on curves,
    where a marker shares its curve's colour.
    """
    static = [_static(t, i, chart) for i, t in enumerate(data.static)]
    first_moving = 0 if chart.kind == "curve" else len(static)
    colors = [PALETTE[(first_moving + j) % len(PALETTE)] for j in range(len(data.frames[0]))]
    start = data.frames[data.active]
    moving = [_moving(t, j, chart, revealed, colors[j]) for j, t in enumerate(start)]
    indices = list(range(len(static), len(static) + len(moving)))
    updates = []
    for frame in data.frames:
        moved = [_moving_values(t, chart, revealed) for t in frame]
        updates.append({k: [u[k] for u in moved] for k in ("x", "y", "text")})
    labels = [slider_label(v, chart) for v in data.grid]
    slider = live_slider(labels, updates, titles, traces=indices, active=data.active,
                         prefix=slider_prefix, pad_top=80 if chart.x_title else 40)  # fmt: skip
    axis_x = {"title": {"text": chart.x_title}}
    if chart.log_x:
        axis_x["type"] = "log"
    layout = {
        "title": {"text": titles[data.active], "x": 0, "xref": "paper", "y": 0.98,
                  "yanchor": "top"},
        "xaxis": axis_x,
        "yaxis": {"title": {"text": chart.y_title}, "showticklabels": chart.kind != "stack"},
        "sliders": [slider],
        "barmode": "stack" if chart.kind == "stack" else "group",
    }  # fmt: skip
    return figure([*static, *moving], height=HEIGHT, top=110, **layout)
