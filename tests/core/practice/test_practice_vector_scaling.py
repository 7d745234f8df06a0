"""Vector scaling: NLL and gradient against references, the Newton fit against scipy's BFGS.

* The NLL is scipy's log-softmax NLL of w * z + b; at w = 1/T, b = 0 it is temperature
  scaling's objective.
* The gradient equals central differences of the NLL; the Hessian Newton uses equals
  central differences of the gradient.
* The fit reaches scipy.optimize.minimize's optimum (same NLL, same w, same centred b),
  keeps sum(b) = 0, and is deterministic; separable data stop unconverged at max_iter.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import minimize
from scipy.special import log_softmax as scipy_log_softmax

import xentcore as xc
from xentcore.practice import (
    fit_vector_scaling,
    temperature_objective,
    vector_scaling_grad,
    vector_scaling_nll,
)
from xentcore.practice.vector_scaling import _hessian


def test_nll_is_scipys_and_generalises_temperature(classifier):
    z, y = classifier(150, 4, seed=2)
    rng = np.random.default_rng(0)
    w, b = rng.uniform(0.3, 2.0, 4), rng.normal(0.0, 1.0, 4)
    expected = -np.mean(scipy_log_softmax(z * w + b, axis=1)[np.arange(y.size), y])
    assert vector_scaling_nll(z, y, w, b) == pytest.approx(expected, rel=1e-13)
    assert vector_scaling_nll(z, y, w, b, base=2) == pytest.approx(expected / math.log(2))
    t = 1.8
    at_t = temperature_objective(z, y, kind="logits", temperature=t).nll
    assert vector_scaling_nll(z, y, np.full(4, 1 / t), np.zeros(4)) == pytest.approx(
        at_t, rel=1e-13
    )


@pytest.mark.parametrize("seed", range(3))
def test_gradient_and_hessian_are_finite_differences(classifier, numeric_gradient, seed):
    z, y = classifier(40, 3, seed=seed)
    rng = np.random.default_rng(seed)
    theta = np.concatenate([rng.uniform(0.5, 1.5, 3), rng.normal(0.0, 0.5, 3)])
    grad = np.concatenate(vector_scaling_grad(z, y, theta[:3], theta[3:]))
    fd = numeric_gradient(lambda v: vector_scaling_nll(z, y, v[:3], v[3:]), theta)
    np.testing.assert_allclose(grad, fd, rtol=1e-6, atol=1e-9)
    p = xc.softmax(z * theta[:3] + theta[3:], axis=1)
    hess_fd = np.stack(
        [
            numeric_gradient(
                lambda v, i=i: np.concatenate(vector_scaling_grad(z, y, v[:3], v[3:]))[i], theta
            )
            for i in range(6)
        ]
    )
    np.testing.assert_allclose(_hessian(z, p), hess_fd, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("seed", range(3))
def test_fit_reaches_scipys_optimum(classifier, seed):
    z, y = classifier(600, 4, sharpness=2.5, seed=seed)
    fit = fit_vector_scaling(z, y)
    assert fit.converged and fit.iterations < 30
    assert abs(fit.b.sum()) < 1e-10
    res = minimize(
        lambda v: vector_scaling_nll(z, y, v[:4], v[4:]),
        np.concatenate([np.ones(4), np.zeros(4)]),
        jac=lambda v: np.concatenate(vector_scaling_grad(z, y, v[:4], v[4:])),
        method="BFGS",
        options={"gtol": 1e-11, "maxiter": 1000},
    )
    assert fit.nll_after == pytest.approx(res.fun, rel=1e-10)
    np.testing.assert_allclose(fit.w, res.x[:4], rtol=1e-5)
    np.testing.assert_allclose(fit.b, res.x[4:] - res.x[4:].mean(), atol=1e-5)
    assert fit.nll_before == pytest.approx(xc.softmax_cross_entropy(z, y), rel=1e-13)
    temperature = xc.fit_temperature(z, y, kind="logits")
    assert fit.nll_after <= temperature.nll_after  # more parameters, no worse
    again = fit_vector_scaling(z, y)
    assert np.array_equal(again.w, fit.w) and np.array_equal(again.b, fit.b)


def test_probabilities_go_through_their_log(classifier):
    # Not shift-invariant per row (each class has its own scale), so log p, not z.
    z, y = classifier(300, 3, seed=4)
    p = xc.softmax(z, axis=1)
    from_logs = fit_vector_scaling(np.log(p), y)
    from_probs = fit_vector_scaling(p, y, kind="probabilities", base=2)
    np.testing.assert_array_equal(from_probs.w, from_logs.w)
    assert from_probs.nll_after == pytest.approx(from_logs.nll_after / math.log(2), rel=1e-14)


def test_separable_data_stop_unconverged():
    z = np.array([[2.0, 0.0], [0.0, 2.0], [1.0, 0.0]])
    fit = fit_vector_scaling(z, [0, 1, 0], max_iter=15)
    assert not fit.converged and fit.iterations == 15
    assert fit.nll_after < 1e-3 < fit.nll_before


def test_apply_vector_scaling_is_scipys_softmax_and_matches_the_nll(classifier):
    from scipy.special import softmax as scipy_softmax

    from xentcore.practice import apply_vector_scaling

    z, y = classifier(120, 3, seed=6)
    fit = fit_vector_scaling(z, y)
    p = apply_vector_scaling(z, fit.w, fit.b)
    np.testing.assert_allclose(p, scipy_softmax(z * fit.w + fit.b, axis=1), rtol=1e-12)
    assert -np.mean(np.log(p[np.arange(y.size), y])) == pytest.approx(fit.nll_after, rel=1e-12)
    q = scipy_softmax(z, axis=1)
    np.testing.assert_allclose(
        apply_vector_scaling(q, [2.0, 1.0, 0.5], np.zeros(3), kind="probabilities"),
        scipy_softmax(np.log(q) * [2.0, 1.0, 0.5], axis=1),
        rtol=1e-12,
    )
    with pytest.raises(xc.InputError, match=r"w must hold one value per class, shape \(3,\)"):
        apply_vector_scaling(z, [1.0], np.zeros(3))
    with pytest.raises(xc.InputError, match="scores has probability 0 at row 0, column 1"):
        apply_vector_scaling([[1.0, 0.0]], [1.0, 1.0], [0.0, 0.0], kind="probabilities")
