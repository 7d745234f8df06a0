"""Figures of the Softmax & logits page: fig.data holds the numbers, and plotly accepts them."""

import math

import plotly.graph_objects as go
import pytest
from figure_checks import validated

from explorer.figures import COLORS, FONT_SIZE
from explorer.softmax.figures import (
    GRADIENT_COLOR,
    MAX_BAR_TEXT,
    T_TICKS,
    gradient_figure,
    loss_history_figure,
    softmax_figure,
    temperature_entropy_figure,
)
from xentcore.comparison import loss_and_gradient, softmax_entropy_by_temperature

LABELS = ["class 0", "class 1", "class 2"]


def strict(fig: go.Figure) -> go.Figure:
    """Validate with plotly's full checks (a misspelt property raises ValueError).

    Returns the figure itself: the rebuilt copy holds NumPy arrays base64-encoded.
    """
    validated(fig)
    return fig


def test_softmax_figure_puts_target_in_p_blue_and_softmax_in_q_orange():
    r = loss_and_gradient([2.0, 1.0, 0.1], 0, label_smoothing=0.1)
    fig = strict(softmax_figure(LABELS, r.probs, r.smoothed_target))
    target, probs = fig.data
    assert target.name == "target y′" and probs.name == "softmax p"
    assert target.marker.color == COLORS["P"] and probs.marker.color == COLORS["Q"]
    assert list(probs.y) == pytest.approx(r.probs.tolist())
    assert list(target.y) == pytest.approx([0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3])
    assert list(probs.text) == ["0.66", "0.24", "0.10"]
    assert fig.layout.barmode == "group"
    assert fig.layout.font.size == FONT_SIZE


def test_softmax_figure_without_target_and_with_many_classes():
    fig = strict(softmax_figure(LABELS, [0.2, 0.3, 0.5]))
    assert [t.name for t in fig.data] == ["softmax p"]
    many = [f"class {i}" for i in range(MAX_BAR_TEXT + 1)]
    fig = strict(softmax_figure(many, [1 / len(many)] * len(many), [1 / len(many)] * len(many)))
    assert all(t.text is None for t in fig.data)  # no overlapping labels


def test_temperature_figure_marks_the_current_temperature_on_a_log_axis():
    sweep = softmax_entropy_by_temperature([2.0, 1.0, 0.1], base=2)
    fig = strict(
        temperature_entropy_figure(
            sweep.temperatures, sweep.entropies, 1.0, 1.2216, sweep.max_entropy, "bits"
        )
    )
    curve, uniform, marker = fig.data
    assert curve.line.color == COLORS["H"]
    assert list(curve.x) == pytest.approx(sweep.temperatures.tolist())
    assert list(curve.y) == pytest.approx(sweep.entropies.tolist())
    assert list(uniform.y) == [pytest.approx(math.log2(3))] * 2
    assert "1.585 bits" in uniform.name
    assert marker.x == (1.0,) and marker.y == (1.2216,)
    assert marker.name == "T = 1: H = 1.222 bits"
    assert fig.layout.xaxis.type == "log"
    assert list(fig.layout.xaxis.tickvals) == T_TICKS
    assert fig.layout.yaxis.title.text == "entropy (bits)"


def test_gradient_figure_shows_each_class_with_its_sign():
    r = loss_and_gradient([2.0, 1.0, 0.1], 0)
    fig = strict(gradient_figure(LABELS, r.grad))
    (bars,) = fig.data
    assert list(bars.y) == pytest.approx(r.grad.tolist())
    assert bars.text[0].startswith("-0.34") and bars.text[1] == "+0.242"
    assert bars.marker.color == GRADIENT_COLOR
    lo, hi = fig.layout.yaxis.range
    assert lo < min(r.grad) and hi > max(r.grad)


def test_gradient_figure_with_huge_values_keeps_them():
    fig = strict(gradient_figure(LABELS, [-3e5, 1e5, 2e5]))
    assert list(fig.data[0].y) == [-3e5, 1e5, 2e5]
    assert fig.layout.yaxis.range[1] == pytest.approx(3.9e5)


def test_loss_history_figure_counts_steps_from_zero():
    fig = strict(loss_history_figure([2.3026, 1.4612, 1.0], "nats"))
    (line,) = fig.data
    assert list(line.x) == [0, 1, 2]
    assert list(line.y) == [2.3026, 1.4612, 1.0]
    assert fig.layout.yaxis.title.text == "loss (nats)"
    assert fig.layout.xaxis.dtick == 1
    assert "step %{x}" in line.hovertemplate
