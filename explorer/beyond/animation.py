"""The CEM run as an animated figure: plotly frames, played in the browser.

Every iteration is computed beforehand (:func:`xentcore.practice.cem_run`), so the ▶
button and the slider under the chart step through the frames with no round trip to the
server. A pure builder, like those of :mod:`explorer.beyond.figures`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from explorer.figures import COLORS, FONT_SIZE, axis, figure

__all__ = ["FRAME_MS", "MOVING", "cem_figure"]

#: How long each iteration stays on screen while playing.
FRAME_MS = 600
#: The traces each frame replaces: samples, elites, the Gaussian sampled, its refit, and
#: the line above the plot that says where the run is (a text trace: a frame that changes
#: only traces needs no full redraw, so the contours are not drawn again).
MOVING = [2, 3, 4, 5, 6]


def _f32(values) -> np.ndarray:
    """Half the bytes of float64 on the wire, ample for points on a chart."""
    return np.ascontiguousarray(values, dtype=np.float32)


def _moving(samples, elites, ellipse, refit, title: str, corner: tuple[float, float]) -> list:
    """The five traces that change from one iteration to the next."""
    return [
        {"type": "scatter", "x": _f32(samples[:, 0]), "y": _f32(samples[:, 1]),
         "mode": "markers", "name": "samples", "marker": {"color": "#555555", "size": 6,
         "opacity": 0.6}},
        {"type": "scatter", "x": _f32(elites[:, 0]), "y": _f32(elites[:, 1]), "mode": "markers",
         "name": "elites (kept)", "marker": {"color": COLORS["Q"], "size": 9,
         "line": {"color": "black", "width": 1}}},
        {"type": "scatter", "x": _f32(ellipse[:, 0]), "y": _f32(ellipse[:, 1]), "mode": "lines",
         "name": "Gaussian sampled (2σ)", "line": {"color": COLORS["P"], "width": 3}},
        {"type": "scatter", "x": _f32(refit[:, 0]), "y": _f32(refit[:, 1]), "mode": "lines",
         "name": "refit to the elites (2σ)",
         "line": {"color": COLORS["KL"], "width": 3, "dash": "dash"}},
        {"type": "scatter", "x": [corner[0]], "y": [corner[1]], "mode": "text", "text": [title],
         "textposition": "top right", "textfont": {"size": FONT_SIZE}, "cliponaxis": False,
         "showlegend": False, "hoverinfo": "skip"},
    ]  # fmt: skip


def _controls(names: Sequence[str]) -> tuple[list[dict], list[dict]]:
    """The play/pause buttons and the iteration slider, both driving plotly's animate."""
    still = {"frame": {"duration": 0, "redraw": True}, "mode": "immediate",
             "transition": {"duration": 0}}  # fmt: skip
    play = {"frame": {"duration": FRAME_MS, "redraw": True}, "fromcurrent": True,
            "mode": "immediate", "transition": {"duration": 0}}  # fmt: skip
    buttons = [
        {"type": "buttons", "direction": "left", "showactive": False, "x": 0, "y": -0.1,
         "xanchor": "left", "yanchor": "top", "pad": {"r": 10, "t": 10},
         "buttons": [
             {"label": "▶ Play", "method": "animate", "args": [None, play]},
             {"label": "❚❚ Pause", "method": "animate", "args": [[None], still]},
         ]},
    ]  # fmt: skip
    slider = {
        "active": 0,
        "x": 0.2,
        "len": 0.8,
        "y": -0.1,
        "yanchor": "top",
        "pad": {"t": 10, "b": 0},
        "currentvalue": {"prefix": "Iteration ", "xanchor": "right", "font": {"size": FONT_SIZE}},
        "transition": {"duration": 0},
        "steps": [{"method": "animate", "label": name, "args": [[name], still]} for name in names],
    }
    return buttons, [slider]


def cem_figure(
    grid: np.ndarray,
    values: np.ndarray,
    samples: np.ndarray,
    elites: np.ndarray,
    ellipses: np.ndarray,
    minima: Sequence[Sequence[float]],
    titles: Sequence[str],
):
    """The objective's contours with each iteration's samples, elites and Gaussians.

    ``values`` is the objective on ``grid`` × ``grid`` (drawn as log10(1 + f), so deep
    valleys show); ``samples`` (I, n, 2), ``elites`` (I, k, 2) and ``ellipses``
    (I + 1, P, 2): iteration i samples Gaussian i and refits Gaussian i + 1.
    """
    names = [str(i) for i in range(1, len(samples) + 1)]
    box = [float(grid[0]), float(grid[-1])]
    corner = (box[0], box[1])  # the top left corner: the text sits just above the plot
    frames = [
        {"name": name, "traces": MOVING,
         "data": _moving(samples[i], elites[i], ellipses[i], ellipses[i + 1], titles[i], corner)}
        for i, name in enumerate(names)
    ]  # fmt: skip
    mins = np.asarray(minima, dtype=float)
    static = [
        {"type": "contour", "x": grid, "y": grid, "z": np.log10(1.0 + values),
         "colorscale": "Viridis", "reversescale": True, "ncontours": 25, "opacity": 0.85,
         "contours": {"coloring": "heatmap"}, "showlegend": False, "showscale": False,
         "hovertemplate": "(%{x:.2f}, %{y:.2f})<br>log₁₀(1 + f) = %{z:.3f}<extra></extra>"},
        {"type": "scatter", "x": mins[:, 0], "y": mins[:, 1], "mode": "markers",
         "name": "true minima", "marker": {"symbol": "x", "size": 14, "color": "white",
         "line": {"color": "black", "width": 1}}},
    ]  # fmt: skip
    buttons, sliders = _controls(names)
    return figure(
        [*static, *frames[0]["data"]],
        height=720,
        top=60,
        frames=frames,
        legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"},
        xaxis=axis("x", range=box, constrain="domain"),
        yaxis=axis("y", range=box, scaleanchor="x", constrain="domain"),
        updatemenus=buttons,
        sliders=sliders,
        margin={"l": 10, "r": 10, "t": 60, "b": 150},
    )
