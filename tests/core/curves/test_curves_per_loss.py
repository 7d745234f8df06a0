"""xentcore.curves.per_loss: every curve held against the losses, SciPy, scikit-learn and torch.

Each curve is the loss of one prediction as a function of p, the probability of the
true class. So each must equal, point by point, what xentcore's own losses (and the
frameworks they reproduce) give for that prediction.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import expit
from scipy.special import logit as scipy_logit
from sklearn.metrics import brier_score_loss
from sklearn.metrics import log_loss as sklearn_log_loss

import xentcore
from xentcore.curves import (
    cross_entropy_curve,
    focal_curve,
    logit,
    logit_gradients,
    probability_grid,
    smoothed_cross_entropy_curve,
    smoothed_minimum,
    squared_error_curve,
)

GRID = probability_grid(300)
INNER = GRID[GRID < 0.999]  # logit(p) finite and σ(logit(p)) accurate to a few ulps
BASES = [None, 2, 10]
SETTINGS = settings(max_examples=60, deadline=None)
NAN = float("nan")


def _ln(base):
    return 1.0 if base is None else math.log(base)


def test_grid_has_300_increasing_points_in_0_1():
    assert GRID.shape == (300,)
    assert np.all(np.diff(GRID) > 0)
    assert GRID[0] == 1e-4 and GRID[-1] == 1.0
    # log-spaced near 0: a third of the points below 0.05, at a constant ratio
    near = GRID[GRID < 0.05]
    assert len(near) == 100
    np.testing.assert_allclose(near[1:] / near[:-1], near[1] / near[0], rtol=1e-12)


def test_grid_down_to_the_exact_opposite():
    t = probability_grid(300, smallest=1e-20, include_zero=True)
    assert t.shape == (301,)
    assert t[0] == 0.0 and t[1] == 1e-20 and t[-1] == 1.0


@SETTINGS
@given(st.floats(-30, 12, allow_nan=False))
def test_logit_inverts_sigmoid(z):
    # Above z ≈ 12, σ(z) rounds to within an ulp of 1 and 1 − σ(z) loses digits.
    assert logit(xentcore.sigmoid(z)) == pytest.approx(z, rel=1e-9, abs=1e-9)


def test_logit_matches_scipy_and_its_ends():
    np.testing.assert_allclose(logit(INNER), scipy_logit(INNER), rtol=1e-12)
    assert logit(0.0) == -math.inf and logit(1.0) == math.inf
    assert logit(0.5) == 0.0


@pytest.mark.parametrize("base", BASES)
def test_cross_entropy_curve_is_minus_log_p_in_each_unit(base):
    np.testing.assert_allclose(
        cross_entropy_curve(GRID, base=base), -np.log(GRID) / _ln(base), rtol=1e-14
    )


def test_cross_entropy_curve_equals_xentcore_and_framework_losses():
    curve = cross_entropy_curve(GRID)
    one_hot = np.tile([0.0, 1.0], (GRID.size, 1))
    predictions = np.stack([1 - GRID, GRID], axis=1)
    np.testing.assert_allclose(curve, xentcore.cross_entropy(one_hot, predictions), rtol=1e-14)
    # torch.nn.functional.binary_cross_entropy(p, 1) and nll_loss(log q, 1)
    bce = xentcore.binary_cross_entropy(GRID, np.ones_like(GRID), reduction="none")
    np.testing.assert_allclose(curve, bce, rtol=1e-14)
    with np.errstate(divide="ignore"):  # log 0 for the other class at p = 1 (nll allows -inf)
        log_q = np.log(predictions)
    nll = xentcore.nll_loss(log_q, np.ones(GRID.size, dtype=int), reduction="none")
    np.testing.assert_allclose(curve, nll, rtol=1e-14)
    # scikit-learn's log loss of one positive example
    for p in (1e-4, 0.05, 0.5, 0.9):
        assert cross_entropy_curve(p) == pytest.approx(
            sklearn_log_loss([1], [[1 - p, p]], labels=[0, 1]), rel=1e-12
        )


def test_cross_entropy_curve_ends():
    assert cross_entropy_curve(1.0) == 0.0
    assert math.copysign(1.0, cross_entropy_curve(1.0)) == 1.0  # +0.0, not -0.0
    assert cross_entropy_curve(0.5, base=2) == 1.0
    assert np.all(np.diff(cross_entropy_curve(GRID)) < 0)  # strictly decreasing


def test_squared_error_curve_is_the_brier_score_of_a_positive():
    curve = squared_error_curve(GRID)
    np.testing.assert_allclose(curve, (1 - GRID) ** 2, rtol=0, atol=0)
    for p in (0.0, 0.05, 0.3, 1.0):
        assert squared_error_curve(p) == pytest.approx(brier_score_loss([1, 1], [p, p]))
    assert brier_score_loss(np.ones(GRID.size), GRID) == pytest.approx(curve.mean(), rel=1e-12)
    assert squared_error_curve(0.0) == 1.0  # bounded: at most 1 however wrong


@pytest.mark.parametrize("gamma", [0.0, 0.5, 2.0, 5.0])
def test_focal_curve_equals_sigmoid_focal_loss_without_alpha(gamma):
    ones = np.ones_like(INNER)
    ref = xentcore.sigmoid_focal_loss(logit(INNER), ones, alpha=-1, gamma=gamma)
    np.testing.assert_allclose(focal_curve(INNER, gamma=gamma), ref, rtol=1e-9)


@pytest.mark.parametrize("alpha", [0.0, 0.25, 1.0])
def test_focal_curve_with_alpha_equals_torchvision_semantics(alpha):
    ones = np.ones_like(INNER)
    ref = xentcore.sigmoid_focal_loss(logit(INNER), ones, alpha=alpha, gamma=2.0)
    np.testing.assert_allclose(focal_curve(INNER, gamma=2.0, alpha=alpha), ref, rtol=1e-9)


def test_focal_curve_reduces_to_cross_entropy_and_scales_with_the_unit():
    np.testing.assert_allclose(focal_curve(GRID, gamma=0.0), cross_entropy_curve(GRID))
    np.testing.assert_allclose(
        focal_curve(GRID, gamma=2.0, base=2), focal_curve(GRID, gamma=2.0) / math.log(2)
    )
    assert focal_curve(1.0, gamma=0.0) == 0.0  # 0 ** 0 = 1, times -log 1 = 0
    # focusing: the easier the example, the more the loss is cut
    ratio = focal_curve(GRID, gamma=2.0)[:-1] / cross_entropy_curve(GRID)[:-1]
    assert np.all(np.diff(ratio) < 0)


def _smoothed_reference(p, eps, c):
    """softmax_cross_entropy on logits log q, q = [p, (1-p)/(C-1), ...], class 0."""
    q = np.column_stack([p, np.repeat(((1 - p) / (c - 1))[:, None], c - 1, axis=1)])
    return xentcore.softmax_cross_entropy(
        np.log(q), np.zeros(len(p), dtype=int), label_smoothing=eps, reduction="none"
    )


@pytest.mark.parametrize("classes", [2, 3, 10, 1000])
@pytest.mark.parametrize("eps", [0.0, 0.1, 0.5, 1.0])
def test_smoothed_curve_equals_softmax_cross_entropy_with_label_smoothing(classes, eps):
    curve = smoothed_cross_entropy_curve(INNER, smoothing=eps, classes=classes)
    np.testing.assert_allclose(curve, _smoothed_reference(INNER, eps, classes), rtol=1e-11)


def test_smoothed_curve_equals_cross_entropy_of_the_smoothed_target_in_bits():
    c, eps = 5, 0.2
    target = np.full((INNER.size, c), eps / c)
    target[:, 0] += 1 - eps
    q = np.column_stack([INNER, np.repeat(((1 - INNER) / (c - 1))[:, None], c - 1, axis=1)])
    curve = smoothed_cross_entropy_curve(INNER, smoothing=eps, classes=c, base=2)
    np.testing.assert_allclose(curve, xentcore.cross_entropy(target, q, base=2), rtol=1e-12)
    keras = xentcore.keras_categorical_crossentropy(
        np.eye(c)[np.zeros(INNER.size, dtype=int)], q, label_smoothing=eps
    )
    keep = INNER > 1e-6  # Keras clips q at 1e-7
    np.testing.assert_allclose(curve[keep] * math.log(2), keras[keep], rtol=1e-9)


def test_smoothed_curve_matches_torch():
    torch = pytest.importorskip("torch")
    c, eps = 10, 0.1
    p = INNER
    q = np.column_stack([p, np.repeat(((1 - p) / (c - 1))[:, None], c - 1, axis=1)])
    ref = torch.nn.functional.cross_entropy(
        torch.tensor(np.log(q)),
        torch.zeros(len(p), dtype=torch.long),
        label_smoothing=eps,
        reduction="none",
    ).numpy()
    np.testing.assert_allclose(smoothed_cross_entropy_curve(p, smoothing=eps, classes=c), ref)


def test_smoothed_curve_is_infinite_at_certainty_and_plain_ce_without_smoothing():
    assert smoothed_cross_entropy_curve(1.0, smoothing=0.1, classes=10) == math.inf
    np.testing.assert_allclose(
        smoothed_cross_entropy_curve(GRID, smoothing=0.0, classes=7), cross_entropy_curve(GRID)
    )


@SETTINGS
@given(
    st.floats(0.01, 1.0, allow_nan=False),
    st.integers(2, 1000),
    st.floats(1e-4, 0.9999, allow_nan=False),
)
def test_smoothed_minimum_is_the_minimum_and_the_target_entropy(eps, classes, p):
    m = smoothed_minimum(eps, classes)
    assert m.p == pytest.approx(1 - eps + eps / classes)
    assert m.p < 1  # the point of label smoothing: not at certainty
    target = np.concatenate([[m.p], np.full(classes - 1, eps / classes)])
    assert m.loss == pytest.approx(float(xentcore.entropy(target)), rel=1e-9, abs=1e-12)
    # H(y', q) = H(y') + KL(y' || q) >= H(y')
    assert smoothed_cross_entropy_curve(p, smoothing=eps, classes=classes) >= m.loss - 1e-12


def test_smoothed_minimum_in_bits_and_with_full_smoothing():
    m = smoothed_minimum(0.1, 10, base=2)
    assert m.p == pytest.approx(0.91)
    assert m.loss == pytest.approx(smoothed_minimum(0.1, 10).loss / math.log(2))
    full = smoothed_minimum(1.0, 8, base=2)  # the target is uniform: best q is uniform
    assert full.p == pytest.approx(1 / 8)
    assert full.loss == pytest.approx(3.0)


def test_ce_gradient_equals_bce_with_logits_gradient():
    g = logit_gradients(INNER)
    ref = xentcore.binary_cross_entropy_with_logits_grad(
        logit(INNER), np.ones_like(INNER), reduction="none"
    )
    np.testing.assert_allclose(g.cross_entropy, ref, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(g.cross_entropy, INNER - 1, rtol=0, atol=0)


def test_se_gradient_equals_finite_differences_of_squared_error():
    z = np.linspace(-8, 8, 161)
    h = 1e-6
    fd = ((1 - expit(z + h)) ** 2 - (1 - expit(z - h)) ** 2) / (2 * h)
    g = logit_gradients(expit(z))
    np.testing.assert_allclose(g.squared_error, fd, rtol=1e-6, atol=1e-10)
    ce_fd = (cross_entropy_curve(expit(z + h)) - cross_entropy_curve(expit(z - h))) / (2 * h)
    np.testing.assert_allclose(g.cross_entropy, ce_fd, rtol=1e-6, atol=1e-9)


def test_gradients_match_torch_autograd():
    torch = pytest.importorskip("torch")
    z = torch.linspace(-8, 8, 81, dtype=torch.float64, requires_grad=True)
    p = torch.sigmoid(z)
    (-torch.log(p)).sum().backward()
    ce = z.grad.numpy().copy()
    z.grad = None
    ((1 - torch.sigmoid(z)) ** 2).sum().backward()
    se = z.grad.numpy()
    g = logit_gradients(p.detach().numpy())
    np.testing.assert_allclose(g.cross_entropy, ce, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(g.squared_error, se, rtol=1e-10, atol=1e-15)


def test_squared_error_gradient_vanishes_when_confidently_wrong():
    g = logit_gradients(np.array([1e-4, 0.05, 0.5]))
    assert abs(g.squared_error[0]) < 2.1e-4  # ≈ -2p: almost nothing to learn from
    assert g.cross_entropy[0] == pytest.approx(-0.9999)  # still pulls with full strength
    np.testing.assert_allclose(g.ratio, 1 / (2 * np.array([1e-4, 0.05, 0.5]) * [0.9999, 0.95, 0.5]))
    assert g.ratio[2] == pytest.approx(2.0)  # the two are closest at p = 1/2


def test_gradients_in_bits_and_at_certainty():
    g = logit_gradients(0.05, base=2)
    assert float(g.cross_entropy) == pytest.approx(-0.95 / math.log(2))
    assert float(g.squared_error) == pytest.approx(-2 * 0.05 * 0.95**2)  # no unit
    top = logit_gradients(1.0)
    assert float(top.cross_entropy) == 0.0 and float(top.squared_error) == 0.0
    assert math.isnan(float(top.ratio))


ERRORS = {
    "p zero": (
        lambda: cross_entropy_curve([0.5, 0.0]),
        r"p must be in \(0, 1\], but has 0 at index 1",
    ),
    "p negative": (lambda: cross_entropy_curve(-0.1), r"p must be probabilities in \[0, 1\]"),
    "p above 1": (lambda: focal_curve([1.5]), r"p must be probabilities in \[0, 1\], but has 1.5"),
    "p NaN": (lambda: logit_gradients([NAN]), r"p has a non-finite value nan"),
    "p text": (lambda: squared_error_curve("0.5"), r"p must be numbers, got the text"),
    "p empty": (lambda: cross_entropy_curve([]), r"p is empty"),
    "logit outside": (lambda: logit(2.0), r"p must be probabilities in \[0, 1\]"),
    "gamma negative": (lambda: focal_curve(0.5, gamma=-1), r"gamma must be >= 0.0, got -1"),
    "gamma NaN": (lambda: focal_curve(0.5, gamma=NAN), r"gamma must be a finite number"),
    "alpha above 1": (lambda: focal_curve(0.5, alpha=1.5), r"alpha must be <= 1.0, got 1.5"),
    "alpha negative": (lambda: focal_curve(0.5, alpha=-0.5), r"alpha must be >= 0.0"),
    "smoothing above 1": (
        lambda: smoothed_cross_entropy_curve(0.5, smoothing=1.5, classes=3),
        r"smoothing must be <= 1.0, got 1.5",
    ),
    "classes 1": (
        lambda: smoothed_cross_entropy_curve(0.5, smoothing=0.1, classes=1),
        r"classes must be >= 2, got 1",
    ),
    "classes bool": (lambda: smoothed_minimum(0.1, True), r"classes must be a whole number"),
    "base 1": (lambda: cross_entropy_curve(0.5, base=1), r"base must be a number > 0 other than 1"),
    "grid too small": (lambda: probability_grid(3), r"n must be >= 8"),
    "grid not whole": (lambda: probability_grid(10.5), r"n must be a whole number >= 8"),
    "grid smallest 0": (lambda: probability_grid(10, smallest=0), r"smallest must be > 0.0"),
    "grid smallest big": (lambda: probability_grid(10, smallest=0.1), r"smallest must be < 0.05"),
}


@pytest.mark.parametrize("case", ERRORS, ids=list(ERRORS))
def test_errors_name_the_argument(case):
    call, message = ERRORS[case]
    with pytest.raises(xentcore.InputError, match=message):
        call()


def test_errors_are_value_errors():
    with pytest.raises(ValueError):
        cross_entropy_curve(0.0)
