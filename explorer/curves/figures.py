"""Figures of the Loss curves page: pure plotly builders, numbers in, ``go.Figure`` out.

Built in one shot with :func:`explorer.figures.figure` from plain dicts (shapes and
annotations included), because ``add_hline``/``add_vrect`` cost milliseconds each and
the page redraws four figures on every slider move. Colours: the four losses take the
Okabe-Ito colours that ``COLORS`` leaves free (black, reddish purple, sky blue), and
blue for the smoothed curve (label smoothing changes the *true* distribution P). The
marked prediction is orange, Q's colour: p is the predicted probability of the true
class. Entropy landmarks (log C, the smoothed minimum H(y')) are green, H's colour.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from explorer.figures import COLORS, FONT_SIZE, axis, figure, live_slider, live_title
from explorer.text import format_value

if TYPE_CHECKING:  # only for the annotation: compute imports this module
    from explorer.curves.compute import LiveMarks

__all__ = [
    "CURVE_STYLES",
    "gradient_figure",
    "loss_curves_figure",
    "opposite_path_figure",
    "reading_figure",
]

#: key -> (colour, dash) of each loss curve, the same on every figure of the page.
CURVE_STYLES: dict[str, tuple[str, str]] = {
    "ce": ("#000000", "solid"),
    "se": ("#CC79A7", "dash"),
    "focal": ("#56B4E9", "dashdot"),
    "smoothed": (COLORS["P"], "dot"),
}
#: Curves of the registry's other losses (explorer/curves/compute.more_losses) take these.
_MORE_STYLES = [("#D55E00", "longdash"), ("#009E73", "longdashdot"), ("#E69F00", "dot")]
GREY = "#7F7F7F"


def curve_styles(keys) -> dict[str, tuple[str, str]]:
    """The colour and dash of each curve; keys not in CURVE_STYLES take the next free ones.

    >>> curve_styles(["ce", "dice"])
    {'ce': ('#000000', 'solid'), 'dice': ('#D55E00', 'longdash')}
    """
    more = iter(_MORE_STYLES * 4)
    return {k: CURVE_STYLES.get(k) or next(more) for k in keys}


MARKER_LINE = {"color": "#000000", "width": 1}


def _plottable(values) -> np.ndarray:
    """A float array with ∞ turned into NaN, which plotly draws as a gap.

    Arrays, not lists: plotly sends them as compact binary and copies them in one go,
    where a list of 300 floats is deep-copied element by element on every rerun.
    """
    arr = np.array(values, dtype=float)
    arr[~np.isfinite(arr)] = np.nan
    return arr


def _vline(x: float, color: str, width: int = 2) -> dict:
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": {"color": color, "dash": "dot", "width": width},
    }


def _hline(y: float, color: str) -> dict:
    return {
        "type": "line",
        "xref": "paper",
        "yref": "y",
        "x0": 0,
        "x1": 1,
        "y0": y,
        "y1": y,
        "line": {"color": color, "dash": "dot", "width": 2},
    }


def _note(x: float, y: float, text: str, color: str, **where) -> dict:
    return {
        "x": x,
        "y": y,
        "text": text,
        "showarrow": False,
        "font": {"color": color, "size": FONT_SIZE - 2},
        **where,
    }


def _rect(color: str, opacity: float, *, x=(0, 1), y=(0, 1), xref="paper", yref="paper") -> dict:
    """A shaded band below the traces (what ``add_hrect``/``add_vrect`` make, cheaply)."""
    return {
        "type": "rect",
        "xref": xref,
        "yref": yref,
        "x0": x[0],
        "x1": x[1],
        "y0": y[0],
        "y1": y[1],
        "fillcolor": color,
        "opacity": opacity,
        "line": {"width": 0},
        "layer": "below",
    }


def _guide_band(uniform: float, classes: int | None, unit: str) -> tuple[list[dict], dict]:
    """The band from 0 to log C ("better than guessing"), its dashed edge and its note."""
    # The uniform-guess line is a shape, not a trace: one trace fewer on every rerun.
    edge = {
        **_hline(uniform, COLORS["H"]),
        "line": {"color": COLORS["H"], "dash": "dash", "width": 2},
    }
    note = _note(
        1.0,
        uniform,
        f"log C = {format_value(uniform, unit)}: a uniform guess over C = {classes}; "
        "below it beats guessing",
        COLORS["H"],
        xref="paper",
        xanchor="right",
        yanchor="bottom",
    )
    return [_rect(COLORS["H"], 0.08, y=(0, uniform), yref="y"), edge], note


def _landmarks(
    minimum: tuple[float, float] | None, uniform: float | None, uniform_p: float | None, unit: str
) -> list[dict]:
    """The smoothed minimum (★) and where cross-entropy crosses log C (○), when known."""
    marks = []
    if minimum is not None:
        marks.append(
            {
                "type": "scatter",
                "name": f"smoothed minimum H(y′) = {format_value(minimum[1], unit)}",
                "x": [minimum[0]],
                "y": [minimum[1]],
                "mode": "markers",
                "marker": {"symbol": "star", "size": 18, "color": COLORS["H"], "line": MARKER_LINE},
                "hovertemplate": "p* = %{x:.4f}<br>H(y′) = %{y:.4f}<extra></extra>",
            }
        )
    if uniform is not None and uniform_p is not None:
        marks.append(
            {
                "type": "scatter",
                "name": "p = 1/C",
                "x": [uniform_p],
                "y": [uniform],
                "mode": "markers",
                "marker": {
                    "symbol": "circle-open",
                    "size": 14,
                    "color": COLORS["H"],
                    "line": {"width": 3},
                },
                "showlegend": False,
                "hovertemplate": "p = 1/C = %{x:.4g}<extra>uniform guess</extra>",
            }
        )
    return marks


def loss_curves_figure(
    p: Sequence[float],
    curves: Mapping[str, Sequence[float]],
    names: Mapping[str, str],
    *,
    marked_p: float,
    marked: Mapping[str, float],
    unit: str,
    uniform: float | None = None,
    uniform_p: float | None = None,
    classes: int | None = None,
    minimum: tuple[float, float] | None = None,
    least_top: float = 3.0,
    live: LiveMarks | None = None,
    live_titles: Sequence[str] = (),
) -> go.Figure:
    """Each loss against the probability of the true class, with the guide bands.

    ``curves`` and ``marked`` are keyed like :data:`CURVE_STYLES`; ``names`` gives each
    legend entry. With ``uniform`` (log C in ``unit``) the band from 0 to log C is shaded
    "better than guessing", and the cross-entropy curve crosses it at ``uniform_p`` = 1/C.
    ``minimum`` = (p*, H(y')) marks where the smoothed curve bottoms out. The loss axis
    reaches at least ``least_top`` (in ``unit``: the page passes 3 nats converted by the
    core, so every unit shows the same stretch of −log p) and 25% above log C. With
    ``live`` (and one title per position) the chart gets its own slider over p that moves
    the marked points and the p line, with no round trip.
    """
    xs = np.asarray(p, dtype=float)
    shapes: list[dict] = []
    notes = [_note(0.01, 0, "0: perfect", COLORS["H"], xanchor="left", yanchor="bottom")]
    if uniform is not None:
        band, note = _guide_band(uniform, classes, unit)
        shapes += band
        notes.append(note)
    styles = curve_styles(curves)
    data = [
        {
            "type": "scatter",
            "name": names[key],
            "x": xs,
            "y": _plottable(values),
            "mode": "lines",
            "line": {"color": styles[key][0], "dash": styles[key][1], "width": 3},
            "hovertemplate": "p = %{x:.4f}<br>%{y:.4f}<extra>" + names[key] + "</extra>",
        }
        for key, values in curves.items()
    ]
    data += _landmarks(minimum, uniform, uniform_p, unit)
    keys = [k for k in curves if k in marked and math.isfinite(marked[k])]
    shapes.append(_vline(marked_p, COLORS["Q"]))
    data.append(
        {
            "type": "scatter",
            "name": f"marked p = {marked_p:.3f}",
            "x": [marked_p] * len(keys),
            "y": [float(marked[k]) for k in keys],
            "mode": "markers",
            "marker": {"size": 13, "color": COLORS["Q"], "line": MARKER_LINE},
            "customdata": [names[k] for k in keys],
            "hovertemplate": "%{customdata}<br>p = %{x:.3f}: %{y:.4f}<extra></extra>",
        }
    )
    top = 1.25 * max(uniform or 0.0, least_top)
    extra = {}
    if live is not None:
        extra = _marks_slider(live, keys, len(data) - 1, len(shapes) - 1, live_titles)
    return figure(
        data,
        height=520 if live is None else 620,
        top=30 if live is None else 60,
        **extra,
        # Seven entries: a column on the right leaves the plot its full height.
        legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"},
        xaxis=axis("predicted probability of the true class, p", range=[0, 1]),
        yaxis=axis(f"loss ({unit}); squared error: no unit", range=[0, top]),
        shapes=shapes,
        annotations=notes,
        hovermode="closest",
    )


def gradient_figure(
    x: Sequence[float],
    ce_grad: Sequence[float],
    se_grad: Sequence[float],
    *,
    x_kind: str,
    marked_x: float,
    marked_ce: float,
    marked_se: float,
    unit: str,
    ce_formula: str = "p − 1",
) -> go.Figure:
    """|∂L/∂z| of cross-entropy and squared error under a sigmoid, against p or the logit z.

    ``ce_formula`` names the cross-entropy gradient in ``unit`` ("(p − 1)/ln 2" in bits).
    """
    x_title = {
        "p": "predicted probability of the true class, p = σ(z)",
        "logit": "logit z, with p = σ(z) and target 1",
    }[x_kind]
    xs = np.asarray(x, dtype=float)
    data = []
    for key, name, values in (
        ("ce", f"cross-entropy |{ce_formula}|", ce_grad),
        ("se", "squared error |−2p(1 − p)²|", se_grad),
    ):
        color, dash = CURVE_STYLES[key]
        data.append(
            {
                "type": "scatter",
                "name": name,
                "x": xs,
                "y": _plottable(np.abs(np.asarray(values, dtype=float))),
                "mode": "lines",
                "line": {"color": color, "dash": dash, "width": 3},
                "hovertemplate": "%{x:.4f}: |∂L/∂z| = %{y:.4f}<extra>" + name + "</extra>",
            }
        )
    shapes = []
    if math.isfinite(marked_x):
        shapes.append(_vline(marked_x, COLORS["Q"]))
        data.append(
            {
                "type": "scatter",
                "name": "marked point",
                "x": [marked_x, marked_x],
                "y": [abs(marked_ce), abs(marked_se)],
                "mode": "markers",
                "marker": {"size": 13, "color": COLORS["Q"], "line": MARKER_LINE},
                "hovertemplate": "|∂L/∂z| = %{y:.4f}<extra></extra>",
            }
        )
    return figure(
        data,
        height=440,
        top=90,
        xaxis=axis(x_title),
        yaxis=axis(f"|∂L/∂z| (cross-entropy in {unit})", rangemode="tozero"),
        shapes=shapes,
    )


def _clip_marks(
    ceiling: float, eps: float | None, unit: str, log_x: bool
) -> tuple[list[dict], list[dict], list[dict]]:
    """Shapes, notes and traces that show the clip: the −log ε ceiling and t = ε."""
    shapes, notes, marks = [], [], []
    if math.isfinite(ceiling):
        shapes.append(_hline(ceiling, COLORS["KL"]))
        notes.append(
            _note(
                1,
                ceiling,
                f"−log ε = {format_value(ceiling, unit)}",
                COLORS["KL"],
                xref="paper",
                xanchor="right",
                yanchor="bottom",
            )
        )
        if not log_x:
            marks.append(
                {
                    "type": "scatter",
                    "name": "exact opposite [1, 0]",
                    "x": [0.0],
                    "y": [ceiling],
                    "mode": "markers",
                    "marker": {"size": 13, "color": COLORS["KL"], "line": MARKER_LINE},
                    "hovertemplate": "t = 0: %{y:.4f}<extra>exact opposite</extra>",
                }
            )
    if eps is not None and log_x:
        shapes.append(_vline(eps, COLORS["KL"], width=1))
        # Annotations on a log axis take log10 of the position (shapes take the value).
        notes.append(
            _note(
                math.log10(eps),
                0,
                f" t = ε = {eps:.3g}",
                COLORS["KL"],
                xanchor="left",
                yanchor="bottom",
            )
        )
    return shapes, notes, marks


def opposite_path_figure(
    t: Sequence[float],
    loss: Sequence[float],
    unclipped: Sequence[float] | None,
    *,
    clip_label: str,
    ceiling: float,
    eps: float | None,
    unit: str,
    log_x: bool,
) -> go.Figure:
    """The sources' plot: target [0, 1], prediction [1 − t, t] from the opposite to perfect.

    ``loss`` is the curve under the chosen clip; ``unclipped`` (−log t, dashed) shows
    where the clip takes over. ``ceiling`` is the loss at the exact opposite (−log ε,
    or ∞ without a clip): a horizontal line at −log ε, and on a linear axis a marker at t = 0
    (a log axis cannot show t = 0; the page states the value).
    """
    ts = np.asarray(t, dtype=float)
    keep = ts > 0 if log_x else np.ones(ts.shape, dtype=bool)
    x = ts[keep]
    data = []
    if unclipped is not None:
        data.append(
            {
                "type": "scatter",
                "name": "no clip: −log t",
                "x": x,
                "y": _plottable(np.asarray(unclipped, dtype=float)[keep]),
                "mode": "lines",
                "line": {"color": GREY, "dash": "dash", "width": 2},
                "hovertemplate": "t = %{x:.3g}: %{y:.4f}<extra>no clip</extra>",
            }
        )
    data.append(
        {
            "type": "scatter",
            "name": f"clip {clip_label}",
            "x": x,
            "y": _plottable(np.asarray(loss, dtype=float)[keep]),
            "mode": "lines",
            "line": {"color": CURVE_STYLES["ce"][0], "width": 3},
            "hovertemplate": "t = %{x:.3g}: %{y:.4f}<extra>" + clip_label + "</extra>",
        }
    )
    shapes, notes, marks = _clip_marks(ceiling, eps, unit, log_x)
    data += marks
    return figure(
        data,
        height=460,
        top=60,
        xaxis=axis(
            "t: the prediction [1 − t, t] for the target [0, 1]",
            type="log" if log_x else "linear",
            exponentformat="power",
        ),
        yaxis=axis(f"cross-entropy ({unit})", rangemode="tozero"),
        shapes=shapes,
        annotations=notes,
    )


def reading_figure(loss: float, uniform: float, classes: int, unit: str) -> go.Figure:
    """Where an average loss sits between 0 (perfect) and log C (a uniform guess).

    A loss beyond the drawn range (at most 3 log C) sits at the right edge as a
    right-pointing triangle, its value written next to it.
    """
    right = min(max(1.6 * uniform, 1.1 * loss), 3.0 * uniform)
    shapes = [
        _rect(COLORS["H"], 0.15, x=(0, uniform), xref="x"),
        _rect(COLORS["KL"], 0.12, x=(uniform, right), xref="x"),
    ]
    notes = [
        _note(0, 1, "0: perfect", "#31333F", yref="paper", xanchor="left", yanchor="bottom"),
        _note(
            uniform,
            1,
            f"log C = {format_value(uniform, unit)}: uniform guess (C = {classes})",
            "#31333F",
            yref="paper",
            xanchor="right",
            yanchor="bottom",
        ),
    ]
    beyond = loss > right
    data = [
        {
            "type": "scatter",
            "name": "your average loss",
            "x": [min(loss, right)],
            "y": [0.5],
            "mode": "markers+text",
            "marker": {
                "symbol": "triangle-right" if beyond else "diamond",
                "size": 20,
                "color": "#000000",
            },
            "text": [format_value(loss, unit) if loss < 1e6 else f"{loss:.3g} {unit}"],
            "textposition": "middle left" if beyond else "bottom center",
            "hovertemplate": "%{x:.4f}<extra>your loss</extra>",
        }
    ]
    return figure(
        data,
        height=200,
        top=40,
        xaxis=axis(f"average loss ({unit})", range=[0, right]),
        yaxis={"visible": False, "range": [0, 1]},
        shapes=shapes,
        annotations=notes,
        showlegend=False,
    )


def _marks_slider(live, keys, trace: int, shape: int, titles: Sequence[str]) -> dict:
    """The loss chart's own slider: the marked points (``trace``) and the p line (``shape``)."""
    updates, layouts = [], []
    for i, p in enumerate(live.ps):
        ys = [live.values[k][i] for k in keys]
        updates.append(
            {"x": [[p] * len(keys)], "y": [[y if math.isfinite(y) else None for y in ys]]}
        )
        layouts.append({f"shapes[{shape}].x0": p, f"shapes[{shape}].x1": p})
    slider = live_slider([f"{p:.3g}" for p in live.ps], updates, titles, traces=[trace],
                         active=live.active, prefix="p (drag: the chart follows)",
                         pad_top=95, layouts=layouts)  # fmt: skip
    return {"sliders": [slider], "title": live_title(titles[live.active])}
