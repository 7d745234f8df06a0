"""Home's plotly builders (explorer.home.figures): inspect fig.data, not pixels."""

import math

import pytest

from explorer.figures import COLORS, FONT_SIZE
from explorer.home.figures import decomposition_figure, distribution_figure


def test_decomposition_stacks_entropy_and_kl_to_cross_entropy():
    fig = decomposition_figure(1.361, 1.927, "bits")
    h_bar, kl_bar = fig.data
    assert fig.layout.barmode == "stack"
    assert h_bar.x == (1.361,)
    assert kl_bar.x == (1.927,)
    assert h_bar.marker.color == COLORS["H"]
    assert kl_bar.marker.color == COLORS["KL"]
    assert h_bar.x[0] + kl_bar.x[0] == pytest.approx(3.288)
    assert "H(P,Q) = 3.288 bits" in fig.layout.title.text
    assert fig.layout.font.size >= 16


def test_decomposition_with_infinite_kl_draws_entropy_and_explains():
    fig = decomposition_figure(1.0, math.inf, "nats")
    assert [bar.x for bar in fig.data] == [(1.0,)]
    assert fig.layout.showlegend is True
    assert fig.layout.title.text.startswith("H(P,Q) = ∞ nats")
    assert "probability 0" in fig.layout.title.text


def test_distribution_figure_groups_p_and_q():
    fig = distribution_figure(["red", "green", "blue"], [0.1, 0.4, 0.5], [0.8, 0.15, 0.05])
    p_bar, q_bar = fig.data
    assert fig.layout.barmode == "group"
    assert p_bar.x == ("red", "green", "blue")
    assert p_bar.y == (0.1, 0.4, 0.5)
    assert q_bar.y == (0.8, 0.15, 0.05)
    assert (p_bar.marker.color, q_bar.marker.color) == (COLORS["P"], COLORS["Q"])
    assert fig.layout.font.size == FONT_SIZE
