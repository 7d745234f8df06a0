"""xentcore.training.objectives: every loss matches an independent formula and its gradient.

Every loss matches an independent formula (SciPy's softmax); every gradient used in
training matches central finite differences, for every loss.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import log_softmax
from scipy.special import softmax as sp_softmax

import xentcore
from xentcore.training import (
    LOSSES,
    focal_loss,
    focal_loss_grad,
    objective,
    objective_grad,
    squared_error_grad,
    squared_error_loss,
)


def _logits(n=7, k=3, seed=0, scale=2.0):
    rng = np.random.default_rng(seed)
    return rng.normal(0, scale, (n, k)), rng.integers(0, k, n)


@pytest.mark.parametrize("seed", range(3))
def test_squared_error_matches_the_formula(seed):
    z, y = _logits(seed=seed)
    expected = np.mean(np.sum((sp_softmax(z, axis=1) - np.eye(3)[y]) ** 2, axis=1))
    assert squared_error_loss(z, y) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("gamma", [0.0, 0.5, 1.0, 2.0, 5.0])
def test_focal_loss_matches_the_formula(gamma):
    z, y = _logits(seed=int(gamma * 10))
    logp = log_softmax(z, axis=1)[np.arange(len(y)), y]
    expected = np.mean(-((1 - np.exp(logp)) ** gamma) * logp)
    assert focal_loss(z, y, gamma=gamma) == pytest.approx(expected, rel=1e-13)


def test_focal_with_gamma_zero_is_cross_entropy():
    z, y = _logits(seed=4)
    assert focal_loss(z, y, gamma=0.0) == pytest.approx(xentcore.softmax_cross_entropy(z, y))
    np.testing.assert_allclose(
        focal_loss_grad(z, y, gamma=0.0), xentcore.softmax_cross_entropy_grad(z, y), rtol=1e-13
    )


@pytest.mark.parametrize("name", ["cross_entropy", "weighted_cross_entropy", "label_smoothing"])
def test_cross_entropy_family_is_xentcore(name, specs):
    z, y = _logits(seed=5)
    spec = specs[name]
    kwargs = {
        "weighted_cross_entropy": {"weight": spec.class_weights},
        "label_smoothing": {"label_smoothing": spec.smoothing},
    }.get(name, {})
    assert objective(z, y, spec) == xentcore.softmax_cross_entropy(z, y, **kwargs)
    np.testing.assert_array_equal(
        objective_grad(z, y, spec), xentcore.softmax_cross_entropy_grad(z, y, **kwargs)
    )


@pytest.mark.parametrize("name", LOSSES)
@pytest.mark.parametrize("seed", range(3))
def test_logit_gradients_match_finite_differences(name, seed, specs, central_difference):
    z, y = _logits(seed=seed)
    spec = specs[name]
    fd = central_difference(lambda v: objective(v, y, spec), z)
    np.testing.assert_allclose(objective_grad(z, y, spec), fd, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("gamma", [0.3, 1.0, 3.0])
def test_focal_gradient_matches_finite_differences(gamma, central_difference):
    z, y = _logits(seed=9, scale=3.0)
    fd = central_difference(lambda v: focal_loss(v, y, gamma=gamma), z)
    np.testing.assert_allclose(focal_loss_grad(z, y, gamma=gamma), fd, rtol=1e-6, atol=1e-8)


def test_squared_error_gradient_matches_finite_differences(central_difference):
    z, y = _logits(seed=10, scale=3.0)
    fd = central_difference(lambda v: squared_error_loss(v, y), z)
    np.testing.assert_allclose(squared_error_grad(z, y), fd, rtol=1e-6, atol=1e-9)


def test_focal_gradient_is_finite_when_the_prediction_is_certain():
    grad = focal_loss_grad([[800.0, 0.0]], [0], gamma=0.5)
    assert np.all(np.isfinite(grad)) and np.all(grad == 0)


def test_saturated_wrong_prediction_squared_error_gradient_vanishes():
    # Why cross-entropy trains faster: at a confident mistake, squared error barely pulls.
    z, y = np.array([[0.0, 12.0]]), np.array([0])
    se = np.abs(squared_error_grad(z, y)).max()
    ce = np.abs(xentcore.softmax_cross_entropy_grad(z, y)).max()
    assert se < 1e-4 < 0.99 < ce
