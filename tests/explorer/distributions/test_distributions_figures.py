"""The Distributions page's figures (explorer.distributions.figures): inspect fig.data."""

import math

import numpy as np
import plotly.graph_objects as go
import pytest
from figure_checks import validated

from explorer.distributions.figures import (
    blend_figure,
    class_contribution_figure,
    pair_decomposition_figure,
    pq_figure,
)
from explorer.figures import COLORS, FONT_SIZE
from xentcore import cross_entropy, entropy
from xentcore.decomposition import blend_path, class_terms, pair_measures

NAMES = ["red", "green", "blue"]
P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]


def strict(fig: go.Figure) -> go.Figure:
    """Rebuild with plotly's full validation (the builders skip it for speed)."""
    return validated(fig)


@pytest.mark.parametrize("q", [Q, [0.9, 0.1, 0.0], P], ids=["example1", "zero", "same"])
@pytest.mark.parametrize("unit", ["bits", "nats"])
def test_every_builder_gives_valid_plotly(q, unit):
    base = 2 if unit == "bits" else None
    m = pair_measures(P, q, base=base)
    terms = class_terms(P, q, base=base)
    path = blend_path(P, q, base=base)
    figures = [
        pq_figure(NAMES, P, q),
        pair_decomposition_figure(m.h_p, m.kl_pq, m.h_q, m.kl_qp, unit),
        class_contribution_figure(NAMES, terms, unit),
        blend_figure(path.t, path.cross_entropy, m.h_p, 0.3, path.cross_entropy[30], unit),
        pq_figure([f"c{i}" for i in range(50)], [0.02] * 50, [0.02] * 50),
    ]
    for fig in figures:
        rebuilt = strict(fig)
        assert len(rebuilt.data) == len(fig.data)
        assert rebuilt.layout.font.size == FONT_SIZE


def test_pq_figure_groups_p_and_q_in_the_palette():
    fig = pq_figure(NAMES, P, Q)
    p_bar, q_bar = fig.data
    assert fig.layout.barmode == "group"
    assert p_bar.x == tuple(NAMES) and p_bar.y == tuple(P) and q_bar.y == tuple(Q)
    assert p_bar.marker.color == COLORS["P"] and q_bar.marker.color == COLORS["Q"]
    assert p_bar.text == ("0.1", "0.4", "0.5")
    assert fig.layout.font.size == FONT_SIZE


def test_pq_figure_escapes_html_and_drops_numbers_for_many_classes():
    fig = pq_figure(['<a href="x">y</a>', "b"], [0.5, 0.5], [0.5, 0.5])
    assert fig.data[0].x[0] == "&lt;a href=&quot;x&quot;&gt;y&lt;/a&gt;"
    many = pq_figure([f"c{i}" for i in range(30)], [1 / 30] * 30, [1 / 30] * 30)
    assert many.data[0].text is None
    assert many.layout.xaxis.tickangle == -45


def test_pair_decomposition_stacks_both_directions():
    m = pair_measures(P, Q, base=2)
    fig = pair_decomposition_figure(m.h_p, m.kl_pq, m.h_q, m.kl_qp, "bits")
    h_bars, kl_bars = fig.data
    assert fig.layout.barmode == "stack"
    assert h_bars.y == ("H(P,Q)", "H(Q,P)")
    assert h_bars.x == pytest.approx((m.h_p, m.h_q))
    assert kl_bars.x == pytest.approx((m.kl_pq, m.kl_qp))
    assert h_bars.marker.color == COLORS["H"] and kl_bars.marker.color == COLORS["KL"]
    assert h_bars.x[0] + kl_bars.x[0] == pytest.approx(cross_entropy(P, Q, base=2))
    assert h_bars.x[1] + kl_bars.x[1] == pytest.approx(cross_entropy(Q, P, base=2))
    notes = [a.text for a in fig.layout.annotations]
    assert notes == ["H(P,Q) = 3.288 bits", "H(Q,P) = 2.906 bits"]
    assert "KL(P‖Q) = 1.927 bits" in kl_bars.text[0]


def test_pair_decomposition_with_an_infinite_kl_says_so():
    fig = pair_decomposition_figure(1.0, math.inf, 0.5, 0.3, "nats")
    assert fig.data[1].x == (None, 0.3)
    notes = [a.text for a in fig.layout.annotations]
    assert notes[0] == "+ KL(P‖Q) = ∞, so H(P,Q) = ∞"
    assert notes[1] == "H(Q,P) = 0.800 nats"
    assert fig.layout.annotations[0].x == 1.0  # at the end of the H(P) bar


def test_class_contribution_figure_adds_entropy_and_kl_parts():
    terms = class_terms(P, Q, base=2)
    fig = class_contribution_figure(NAMES, terms, "bits")
    h_part, kl_part, total = fig.data
    assert fig.layout.barmode == "relative"
    assert h_part.marker.color == COLORS["H"] and kl_part.marker.color == COLORS["KL"]
    np.testing.assert_allclose(np.add(h_part.y, kl_part.y), total.y, rtol=1e-12)
    assert sum(total.y) == pytest.approx(cross_entropy(P, Q, base=2))
    assert kl_part.y[0] < 0 < fig.layout.yaxis.range[1]
    assert fig.layout.yaxis.range[0] < kl_part.y[0]  # the negative KL term is visible


def test_class_contribution_marks_an_infinite_class():
    terms = class_terms([0.5, 0.5], [1.0, 0.0])
    fig = class_contribution_figure(["a", "b"], terms, "nats")
    assert fig.data[2].y == (0.0, None)  # a: -0.5 log 1 = 0; b: q = 0 < p, infinite
    assert fig.data[1].y[1] is None  # the infinite KL part is not drawn as a bar
    assert [a.text for a in fig.layout.annotations] == ["∞"]
    assert fig.layout.annotations[0].x == "b"


def test_blend_figure_draws_the_path_the_floor_and_the_marker():
    path = blend_path(P, Q, base=2, num=11)
    h_p = entropy(P, base=2)
    fig = blend_figure(path.t, path.cross_entropy, h_p, 0.5, path.cross_entropy[5], "bits")
    floor, curve, marker = fig.data
    assert floor.x == (0.0, 1.0) and floor.y == pytest.approx((h_p, h_p))
    assert floor.line.color == COLORS["H"]
    assert curve.y == pytest.approx(tuple(path.cross_entropy))
    assert curve.fill == "tonexty"
    assert marker.x == (0.5,) and marker.y == pytest.approx((path.cross_entropy[5],))
    assert curve.y[-1] == pytest.approx(h_p)  # Q_1 = P: the floor


def test_blend_figure_leaves_out_infinite_points():
    path = blend_path([0.5, 0.5], [1.0, 0.0], num=5)
    fig = blend_figure(path.t, path.cross_entropy, math.log(2), 0.0, math.inf, "nats")
    assert fig.data[1].y[0] is None and fig.data[2].y == (None,)
    assert all(v is not None for v in fig.data[1].y[1:])
