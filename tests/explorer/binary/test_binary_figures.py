"""Figures of the Binary & multi-label page (explorer.binary.figures), validated strictly."""

import math

import numpy as np
import plotly.graph_objects as go
import pytest
from figure_checks import validated

from explorer.binary.figures import (
    bernoulli_figure,
    dataset_figure,
    log_zero_figure,
    multilabel_figure,
)
from explorer.figures import COLORS
from xentcore import binary

TEN_YS = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
TEN_PS = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]


def strict(fig: go.Figure) -> go.Figure:
    """Validate ``fig`` fully (raises on an invalid property) and return it unchanged.

    The rebuilt copy would hold NumPy arrays as base64 dicts, so tests read the original.
    """
    validated(fig)
    return fig


def bernoulli(target=0.4, prob=0.7, unit="nats", base=None):
    c = binary.bernoulli_curves(target, base=base)
    return bernoulli_figure(
        c.x,
        c.bce,
        c.entropy,
        target=target,
        entropy_at_target=binary.bernoulli_entropy(target, base=base),
        prob=prob,
        bce_at_prob=None if prob is None else float(c.bce[round(prob * 400)]),
        unit=unit,
    )


# ── figures ───────────────────────────────────────────────────────────────────────
def test_bernoulli_figure_marks_the_minimum_at_p_equals_t():
    fig = strict(bernoulli(0.4, 0.7))
    names = [t.name for t in fig.data]
    assert names[0] == "H(x): Bernoulli entropy = BCE(x, x)"
    assert names[2] == "minimum at p = t: H(t) = 0.6730 nats"
    assert (fig.data[2].x[0], round(fig.data[2].y[0], 4)) == (0.4, 0.6730)
    assert fig.data[0].line.color == COLORS["H"] and fig.data[1].line.color == COLORS["Q"]
    assert fig.data[3].line.color == COLORS["KL"]  # the KL gap at the current p
    assert list(fig.data[3].y) == pytest.approx(
        [binary.bernoulli_entropy(0.4), binary.bce_decomposition(0.7, 0.4).exact]
    )
    assert fig.layout.shapes[0].y0 == pytest.approx(0.6730116670092565)


def test_bernoulli_figure_leaves_gaps_for_infinity_and_pins_huge_losses():
    fig = strict(bernoulli(1.0, 0.0, unit="bits", base=2))
    bce = np.asarray(fig.data[1].y, dtype=float)
    assert np.isnan(bce[0]) and np.isfinite(bce[1:]).all()
    top = fig.layout.yaxis.range[1]
    assert top == pytest.approx(2.5)  # 2.5 × H(0.5) = 2.5 bits
    assert fig.data[4].y[0] == top  # the ∞ loss sits on the top edge ...
    assert fig.data[4].text[0] == "∞ bits"  # ... and says what it is


def test_bernoulli_figure_without_a_valid_prediction():
    fig = strict(bernoulli(0.4, None))
    assert len(fig.data) == 3


def test_multilabel_figure_groups_target_sigmoids_and_softmax():
    r = binary.multilabel_vs_softmax([2.0, -1.0, 0.5], [1, 0, 1])
    fig = strict(multilabel_figure(["a", "b", "c"], [1, 0, 1], r.sigmoid_probs, r.softmax_probs))
    assert fig.layout.barmode == "group"
    assert [t.name.split(":")[0] for t in fig.data] == [
        "target y (multi-hot)",
        "σ(z)",
        "softmax(z)",
    ]
    assert list(fig.data[0].y) == [1.0, 0.0, 1.0]
    assert list(fig.data[1].text) == ["0.88", "0.27", "0.62"]
    assert sum(fig.data[2].y) == pytest.approx(1.0)
    assert fig.data[0].marker.color == COLORS["P"] and fig.data[2].marker.color == COLORS["Q"]


def test_dataset_figure_splits_by_label_and_draws_the_mean():
    d = binary.dataset_losses(TEN_YS, TEN_PS)
    fig = strict(dataset_figure(TEN_YS, TEN_PS, d.per_sample, d.mean_bce, "nats"))
    assert list(fig.data[0].x) == ["1", "2", "3", "4", "5"]
    assert list(fig.data[1].x) == ["6", "7", "8", "9", "10"]
    assert fig.data[0].y[0] == pytest.approx(-math.log(0.8))
    assert fig.data[2].name == "mean = log loss = 0.247 nats"
    assert list(fig.data[2].y) == pytest.approx([d.mean_bce] * 10)
    assert list(fig.data[2].x) == [str(i) for i in range(1, 11)]


def test_log_zero_figure_shows_each_plateau():
    z = binary.log_zero_curves()
    worst = binary.log_zero_conventions(0.0, 1.0)
    curves = {"exact": z.exact, "pytorch": z.pytorch, "keras": z.keras, "sklearn": z.sklearn}
    plateaus = {"pytorch": worst.pytorch, "sklearn": worst.sklearn, "keras": worst.keras}
    fig = strict(log_zero_figure(z.p, curves, plateaus, "nats"))
    assert fig.layout.xaxis.type == "log"
    assert [a.text for a in fig.layout.annotations] == ["100.00 nats", "36.04 nats", "16.118 nats"]
    assert max(fig.data[1].y) == 100.0
    assert [t.name.split(":")[0] for t in fig.data] == [
        "exact −log p (→ ∞)",
        "PyTorch",
        "scikit-learn",
        "Keras",
    ]
