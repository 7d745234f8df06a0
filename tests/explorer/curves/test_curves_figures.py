"""The Loss curves figures (explorer.curves.figures).

Figures are inspected through fig.data and fig.layout, and rebuilt with plotly's full
validation (they are built without it at run time, for speed).
"""

import math

import numpy as np
import plotly.graph_objects as go
import pytest
from figure_checks import validated

from explorer.curves.figures import (
    CURVE_STYLES,
    gradient_figure,
    loss_curves_figure,
    opposite_path_figure,
    reading_figure,
)
from explorer.curves.wording import CLIP_LABELS, ce_gradient_formula
from explorer.figures import COLORS, FONT_SIZE
from xentcore.curves import (
    CLIP_EPSILONS,
    cross_entropy_curve,
    exact_opposite_losses,
    focal_curve,
    logit_gradients,
    opposite_path_curve,
    probability_grid,
    smoothed_cross_entropy_curve,
    smoothed_minimum,
    squared_error_curve,
    uniform_guess_loss,
)

GRID = probability_grid(300)
NAMES = {"ce": "CE", "se": "SE", "focal": "focal", "smoothed": "smoothed"}


def strict(fig: go.Figure) -> go.Figure:
    """Validate ``fig`` fully (an invalid property raises) and return it unchanged.

    The rebuilt copy is not returned: plotly encodes its numpy arrays as base64 dicts.
    """
    validated(fig)
    return fig


def by_name(fig, name):
    matches = [t for t in fig.data if t.name == name]
    assert len(matches) == 1, [t.name for t in fig.data]
    return matches[0]


def curves_fig(pt=0.05, with_c=True, unit="bits", base=2):
    curves = {
        "ce": cross_entropy_curve(GRID, base=base),
        "se": squared_error_curve(GRID),
        "focal": focal_curve(GRID, gamma=2, base=base),
    }
    marked = {
        "ce": float(cross_entropy_curve(pt, base=base)),
        "se": float(squared_error_curve(pt)),
        "focal": float(focal_curve(pt, gamma=2, base=base)),
    }
    extra = {}
    if with_c:
        curves["smoothed"] = smoothed_cross_entropy_curve(
            GRID, smoothing=0.1, classes=10, base=base
        )
        marked["smoothed"] = float(
            smoothed_cross_entropy_curve(pt, smoothing=0.1, classes=10, base=base)
        )
        m = smoothed_minimum(0.1, 10, base=base)
        extra = {
            "uniform": uniform_guess_loss(10, base=base),
            "uniform_p": 0.1,
            "classes": 10,
            "minimum": (m.p, m.loss),
        }
    fig = loss_curves_figure(GRID, curves, NAMES, marked_p=pt, marked=marked, unit=unit, **extra)
    return fig, curves, marked


def test_loss_curves_draw_each_loss_in_its_style():
    fig, curves, _ = curves_fig()
    strict(fig)
    for key, values in curves.items():
        trace = by_name(fig, NAMES[key])
        color, dash = CURVE_STYLES[key]
        assert trace.line.color == color and trace.line.dash == dash
        np.testing.assert_allclose(trace.x, GRID)
        finite = np.isfinite(values)
        np.testing.assert_allclose(np.asarray(trace.y, dtype=float)[finite], values[finite])
    # the smoothed curve is ∞ at p = 1: drawn as a gap, not a number
    assert np.isnan(np.asarray(by_name(fig, "smoothed").y, dtype=float)[-1])
    assert fig.layout.font.size == FONT_SIZE


def test_loss_curves_mark_the_chosen_point_in_q_orange():
    fig, _, marked = curves_fig(pt=0.3)
    trace = by_name(fig, "marked p = 0.300")
    assert trace.marker.color == COLORS["Q"]
    assert list(trace.x) == [0.3] * 4
    np.testing.assert_allclose(trace.y, [marked[k] for k in ("ce", "se", "focal", "smoothed")])
    vlines = [s for s in fig.layout.shapes if s.type == "line" and s.x0 == 0.3]
    assert vlines and vlines[0].line.color == COLORS["Q"]


def test_guide_bands_shade_up_to_log_c_and_mark_the_smoothed_minimum():
    fig = curves_fig()[0]
    log_c = uniform_guess_loss(10, base=2)
    # the uniform guess is a dashed line shape (not a trace) at log C, named by its note
    (line,) = [s for s in fig.layout.shapes if s.type == "line" and s.line.dash == "dash"]
    assert line.y0 == line.y1 == log_c and line.yref == "y"
    assert line.line.color == COLORS["H"]
    bands = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(bands) == 1 and bands[0].y0 == 0 and bands[0].y1 == log_c
    texts = [a.text for a in fig.layout.annotations]
    assert "0: perfect" in texts
    (note,) = [t for t in texts if "below it beats guessing" in t]
    assert note.startswith("log C = 3.322 bits: a uniform guess over C = 10")
    star = by_name(fig, "smoothed minimum H(y′) = 0.722 bits")
    assert star.x[0] == pytest.approx(0.91)
    assert fig.layout.yaxis.range[1] > log_c  # the band is in view


def test_loss_curves_without_a_valid_c_have_no_bands():
    fig = strict(curves_fig(with_c=False)[0])
    assert not [s for s in fig.layout.shapes if s.type == "rect"]
    assert [t.name for t in fig.data] == ["CE", "SE", "focal", "marked p = 0.050"]


def test_gradient_figure_plots_magnitudes_against_p_or_z():
    g = logit_gradients(GRID, base=2)
    at = logit_gradients(0.05, base=2)
    fig = strict(
        gradient_figure(
            GRID,
            g.cross_entropy,
            g.squared_error,
            x_kind="p",
            marked_x=0.05,
            marked_ce=float(at.cross_entropy),
            marked_se=float(at.squared_error),
            unit="bits",
            ce_formula=ce_gradient_formula("bits"),
        )
    )
    ce = by_name(fig, "cross-entropy |(p − 1)/ln 2|")
    se = by_name(fig, "squared error |−2p(1 − p)²|")
    np.testing.assert_allclose(ce.y, np.abs(g.cross_entropy))
    np.testing.assert_allclose(se.y, np.abs(g.squared_error))
    assert min(se.y) >= 0 and ce.line.color == CURVE_STYLES["ce"][0]
    marked = by_name(fig, "marked point")
    np.testing.assert_allclose(marked.y, [0.95 / math.log(2), 2 * 0.05 * 0.95**2])
    assert "p = σ(z)" in fig.layout.xaxis.title.text


def test_gradient_figure_against_the_logit_skips_an_infinite_marker():
    z = np.linspace(-10, 10, 301)
    g = logit_gradients(1 / (1 + np.exp(-z)))
    fig = strict(
        gradient_figure(
            z,
            g.cross_entropy,
            g.squared_error,
            x_kind="logit",
            marked_x=math.inf,  # p = 1
            marked_ce=0.0,
            marked_se=0.0,
            unit="nats",
        )
    )
    assert "logit z" in fig.layout.xaxis.title.text
    assert [t.name for t in fig.data] == ["cross-entropy |p − 1|", "squared error |−2p(1 − p)²|"]


@pytest.mark.parametrize("clip", ["1e-15", "1e-7", "eps"])
def test_opposite_path_figure_shows_the_clip(clip):
    t = probability_grid(300, smallest=1e-20, include_zero=True)
    eps = CLIP_EPSILONS[clip]
    ceiling = exact_opposite_losses(base=2)[clip]
    fig = strict(
        opposite_path_figure(
            t,
            opposite_path_curve(t, eps=eps, base=2),
            opposite_path_curve(t, eps=None, base=2),
            clip_label=CLIP_LABELS[clip],
            ceiling=ceiling,
            eps=eps,
            unit="bits",
            log_x=True,
        )
    )
    clipped = by_name(fig, f"clip {CLIP_LABELS[clip]}")
    assert min(clipped.x) > 0  # a log axis cannot show t = 0
    assert max(clipped.y) == pytest.approx(ceiling)
    unclipped = by_name(fig, "no clip: −log t")
    assert max(unclipped.y) > ceiling  # the clip caps what −log t would be
    assert fig.layout.xaxis.type == "log"
    hlines = [s for s in fig.layout.shapes if s.y0 == ceiling]
    assert hlines and hlines[0].line.color == COLORS["KL"]
    assert any(s.x0 == eps for s in fig.layout.shapes)
    assert any(f"−log ε = {ceiling:.3f} bits" in a.text for a in fig.layout.annotations)


def test_opposite_path_figure_linear_axis_has_the_exact_opposite_point():
    t = probability_grid(300, smallest=1e-20, include_zero=True)
    fig = strict(
        opposite_path_figure(
            t,
            opposite_path_curve(t, eps=1e-15),
            None,
            clip_label="1e-15",
            ceiling=34.538776394910684,
            eps=1e-15,
            unit="nats",
            log_x=False,
        )
    )
    point = by_name(fig, "exact opposite [1, 0]")
    assert list(point.x) == [0.0] and point.y[0] == pytest.approx(34.5388, abs=1e-4)
    assert by_name(fig, "clip 1e-15").x[0] == 0.0
    assert fig.layout.xaxis.type == "linear"


def test_opposite_path_figure_without_a_clip_has_no_ceiling():
    t = probability_grid(300, smallest=1e-20, include_zero=True)
    fig = strict(
        opposite_path_figure(
            t,
            opposite_path_curve(t, eps=None),
            None,
            clip_label="no clip",
            ceiling=math.inf,
            eps=None,
            unit="nats",
            log_x=False,
        )
    )
    assert [tr.name for tr in fig.data] == ["clip no clip"]
    assert np.isnan(np.asarray(fig.data[0].y, dtype=float)[0])  # ∞ at t = 0: a gap
    assert not fig.layout.shapes


def test_reading_figure_places_the_loss_between_the_landmarks():
    fig = strict(reading_figure(1.0, 3.3219, 10, "bits"))
    marker = fig.data[0]
    assert list(marker.x) == [1.0] and marker.marker.symbol == "diamond"
    assert list(marker.text) == ["1.000 bits"]
    good, bad = [s for s in fig.layout.shapes if s.type == "rect"]
    assert (good.x0, good.x1, good.fillcolor) == (0, 3.3219, COLORS["H"])
    assert bad.x0 == 3.3219 and bad.fillcolor == COLORS["KL"]
    huge = strict(reading_figure(1e300, 3.3219, 10, "bits"))
    assert huge.data[0].marker.symbol == "triangle-right"
    assert huge.data[0].x[0] == pytest.approx(3 * 3.3219)  # pinned at the right edge
    assert list(huge.data[0].text) == ["1e+300 bits"]
