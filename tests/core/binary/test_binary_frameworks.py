"""xentcore.binary.frameworks against scikit-learn, PyTorch and the xentcore functions it uses."""

import math

import numpy as np
import pytest
import scipy.special
import scipy.stats
import sklearn.metrics
from hypothesis import given, settings
from hypothesis import strategies as st

import xentcore
from xentcore import InputError
from xentcore.binary import (
    dataset_losses,
    log_zero_conventions,
    log_zero_curves,
    multilabel_vs_softmax,
)

torch = pytest.importorskip("torch")
F = torch.nn.functional

BASES = [(None, 1.0), (2, math.log(2)), (10, math.log(10))]
TEN_YS = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
TEN_PS = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]
inner = st.floats(1e-6, 1 - 1e-6, allow_nan=False)


def t64(x):
    return torch.tensor(x, dtype=torch.float64)


# ── log_zero_conventions ──────────────────────────────────────────────────────────
def test_the_famous_numbers_for_a_confident_mistake():
    for p, y in ((0.0, 1.0), (1.0, 0.0)):
        c = log_zero_conventions(p, y)
        assert c.exact == math.inf
        assert c.pytorch == 100.0
        assert c.keras == pytest.approx(16.118, abs=5e-4)
        assert c.sklearn == pytest.approx(36.04, abs=5e-3)
    # Keras clips p to [1e-7, 1 - 1e-7]: p = 0 with y = 1 costs -ln 1e-7 (TensorFlow backend).
    assert log_zero_conventions(0.0, 1.0).keras == pytest.approx(16.11809565095832, rel=1e-12)


@pytest.mark.parametrize("p", [0.0, 1e-300, 1e-20, 1e-9, 0.3, 0.7, 1 - 1e-12, 1.0])
@pytest.mark.parametrize("y", [0, 1])
def test_each_convention_matches_its_framework(p, y):
    c = log_zero_conventions(p, float(y))
    assert c.pytorch == pytest.approx(F.binary_cross_entropy(t64(p), t64(float(y))).item())
    assert c.pytorch == xentcore.binary_cross_entropy(p, float(y))
    assert c.keras == pytest.approx(float(xentcore.keras_binary_crossentropy([y], [p])), rel=1e-15)
    assert c.sklearn == pytest.approx(sklearn.metrics.log_loss([y], [p], labels=[0, 1]), rel=1e-12)
    assert c.sklearn == pytest.approx(xentcore.log_loss([y], [p], labels=[0, 1]), rel=1e-12)
    expected_exact = -math.log(p if y == 1 else 1 - p) if (p if y == 1 else 1 - p) > 0 else math.inf
    assert c.exact == pytest.approx(expected_exact, rel=1e-12)


def test_soft_targets_go_to_sklearn_as_weighted_hard_labels():
    p, t = 0.7, 0.3
    c = log_zero_conventions(p, t)
    expected = sklearn.metrics.log_loss([1, 0], [p, p], sample_weight=[t, 1 - t], normalize=False)
    assert c.sklearn == pytest.approx(expected, rel=1e-12)
    assert c.sklearn == pytest.approx(c.exact, rel=1e-12)  # no clipping in the middle
    assert c.pytorch == pytest.approx(c.exact, rel=1e-12)
    assert c.keras == pytest.approx(c.exact, rel=1e-9)


@pytest.mark.parametrize("base, div", BASES)
def test_log_zero_conventions_in_every_unit(base, div):
    nats, other = log_zero_conventions(0.0, 1.0), log_zero_conventions(0.0, 1.0, base=base)
    for a, b in zip(nats[1:], other[1:], strict=True):
        assert b == pytest.approx(a / div, rel=1e-14)


@pytest.mark.parametrize(
    "prob, target, message",
    [
        (-0.2, 1.0, "prob must be >= 0.0, got -0.2"),
        (1.3, 1.0, "prob must be <= 1.0, got 1.3"),
        (float("nan"), 1.0, "prob must be a finite number"),
        (0.5, 2.0, "target must be <= 1.0, got 2.0"),
    ],
)
def test_log_zero_conventions_errors(prob, target, message):
    with pytest.raises(InputError, match=message):
        log_zero_conventions(prob, target)


# ── log_zero_curves ───────────────────────────────────────────────────────────────
@pytest.mark.parametrize("base, div", BASES)
def test_curves_agree_with_the_pointwise_conventions(base, div):
    c = log_zero_curves(base=base, points=61)
    assert c.p[0] == pytest.approx(1e-50) and c.p[-1] == 1.0
    for i in range(0, 61, 6):
        point = log_zero_conventions(float(c.p[i]), 1.0, base=base)
        assert c.exact[i] == pytest.approx(point.exact, rel=1e-12)
        assert c.pytorch[i] == pytest.approx(point.pytorch, rel=1e-12)
        assert c.keras[i] == pytest.approx(point.keras, rel=1e-12)
        assert c.sklearn[i] == pytest.approx(point.sklearn, rel=1e-12)
    # Each framework goes flat at its clip.
    assert c.pytorch.max() == pytest.approx(100 / div)
    assert c.sklearn.max() == pytest.approx(-math.log(xentcore.SKLEARN_EPSILON) / div)
    assert c.keras.max() == pytest.approx(-math.log(xentcore.KERAS_EPSILON) / div)
    assert c.exact.max() == pytest.approx(50 * math.log(10) / div)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"lowest": 0.0}, "lowest must be > 0.0"),
        ({"lowest": 1.0}, "lowest must be below 1"),
        ({"points": 1}, "points must be an integer >= 2"),
    ],
)
def test_log_zero_curves_errors(kwargs, message):
    with pytest.raises(InputError, match=message):
        log_zero_curves(**kwargs)


# ── dataset_losses ────────────────────────────────────────────────────────────────
def test_worked_example_6_mean_bce_is_log_loss():
    d = dataset_losses(TEN_YS, TEN_PS)
    assert f"{d.mean_bce:.3f}" == "0.247"
    assert d.mean_bce == pytest.approx(sklearn.metrics.log_loss(TEN_YS, TEN_PS), rel=1e-14)
    assert d.log_loss == pytest.approx(sklearn.metrics.log_loss(TEN_YS, TEN_PS), rel=1e-14)
    reference = F.binary_cross_entropy(
        t64(TEN_PS), t64([float(y) for y in TEN_YS]), reduction="none"
    )
    np.testing.assert_allclose(d.per_sample, reference.numpy(), rtol=1e-13)
    np.testing.assert_allclose(d.per_sample, -np.log(d.prob_of_label), rtol=1e-13)
    assert d.prob_of_label.tolist()[:6] == [0.8, 0.9, 0.9, 0.6, 0.8, 0.9]


@given(st.lists(st.tuples(st.integers(0, 1), inner), min_size=1, max_size=30))
@settings(max_examples=50)
def test_mean_bce_equals_sklearn_log_loss(rows):
    ys, ps = [r[0] for r in rows], [r[1] for r in rows]
    d = dataset_losses(ys, ps, base=2)
    expected = sklearn.metrics.log_loss(ys, ps, labels=[0, 1]) / math.log(2)
    assert d.mean_bce == pytest.approx(expected, rel=1e-10)
    assert d.log_loss == pytest.approx(expected, rel=1e-10)


def test_a_single_class_is_fine_and_clips_differ_only_at_the_ends():
    assert dataset_losses([1, 1], [0.5, 0.5]).log_loss == pytest.approx(math.log(2))
    d = dataset_losses([1, 0], [0.0, 0.5])
    assert d.mean_bce == pytest.approx((100 + math.log(2)) / 2)
    assert d.log_loss == pytest.approx(sklearn.metrics.log_loss([1, 0], [0.0, 0.5]), rel=1e-12)


@pytest.mark.parametrize(
    "ys, ps, message",
    [
        ([1, 2, 0], [0.5, 0.5, 0.5], "ys must be labels 0 or 1, but has 2.0 at index 1"),
        ([1, 0.5], [0.5, 0.5], "ys must be labels 0 or 1, but has 0.5 at index 1"),
        ([1, 0, 1], [0.5, 0.5], "ys has 3 labels but ps has 2 probabilities"),
        ([], [], "ys is empty"),
        ([1], [], "ps is empty"),
        ([1, 0], [-0.2, 0.5], r"ps must be probabilities in \[0, 1\], but has -0.2 at index 0"),
        ([1, 0], [0.5, float("nan")], "ps has a non-finite value nan at index 1"),
        ([1, float("nan")], [0.5, 0.5], "ys has a non-finite value nan at index 1"),
        ([[1, 0]], [[0.5, 0.5]], r"ys must be a flat list of labels, got shape \(1, 2\)"),
    ],
)
def test_dataset_losses_errors(ys, ps, message):
    with pytest.raises(InputError, match=message):
        dataset_losses(ys, ps)


# ── multilabel_vs_softmax ─────────────────────────────────────────────────────────
@pytest.mark.parametrize("base, div", BASES)
def test_multilabel_vs_softmax_matches_torch(base, div):
    z, y = [2.0, -1.0, 0.5], [1.0, 0.0, 1.0]
    r = multilabel_vs_softmax(z, y, base=base)
    np.testing.assert_allclose(r.sigmoid_probs, scipy.special.expit(z), rtol=1e-15)
    np.testing.assert_allclose(r.softmax_probs, scipy.special.softmax(z), rtol=1e-15)
    assert r.sigmoid_sum == pytest.approx(sum(scipy.special.expit(z)))
    assert r.softmax_sum == pytest.approx(1.0)
    bce = F.binary_cross_entropy_with_logits(t64(z), t64(y)).item()
    ce = F.cross_entropy(t64([z]), t64([[0.5, 0.0, 0.5]])).item()
    assert r.bce_mean == pytest.approx(bce / div, rel=1e-13)
    assert r.softmax_loss == pytest.approx(ce / div, rel=1e-13)
    per_class = F.binary_cross_entropy_with_logits(t64(z), t64(y), reduction="none").numpy()
    np.testing.assert_allclose(r.bce_per_class, per_class / div, rtol=1e-13)
    assert r.target_distribution.tolist() == [0.5, 0.0, 0.5]


def test_all_zero_target_leaves_the_softmax_loss_undefined():
    r = multilabel_vs_softmax([1.0, 2.0], [0, 0])
    assert math.isnan(r.softmax_loss)
    assert np.isnan(r.target_distribution).all()
    assert r.bce_mean == pytest.approx(
        xentcore.binary_cross_entropy_with_logits([1.0, 2.0], [0, 0])
    )


def test_huge_scores_are_exact():
    r = multilabel_vs_softmax([1e300, -1e300, 0.0], [0, 1, 1])
    assert r.bce_per_class.tolist() == [1e300, 1e300, math.log(2)]
    assert r.softmax_probs.tolist() == [1.0, 0.0, 0.0]
    assert r.softmax_loss == pytest.approx((2e300 + 1e300) / 2)


@pytest.mark.parametrize(
    "scores, targets, message",
    [
        ([1.0], [1.0], "scores has 1 class; give at least 2 classes"),
        ([1.0, 2.0], [1.0, 0.0, 1.0], "scores has 2 classes but targets has 3 values"),
        ([1.0, 2.0], [1.0, 2.0], r"targets must be probabilities in \[0, 1\], but has 2.0"),
        ([1.0, float("nan")], [1.0, 0.0], "scores has a non-finite value nan at index 1"),
        ([1.0, float("inf")], [1.0, 0.0], "scores has a non-finite value inf at index 1"),
        ([], [], "scores is empty"),
    ],
)
def test_multilabel_errors(scores, targets, message):
    with pytest.raises(InputError, match=message):
        multilabel_vs_softmax(scores, targets)
