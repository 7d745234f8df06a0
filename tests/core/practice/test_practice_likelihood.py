"""Maximum likelihood = minimum cross-entropy, and squared error = a Gaussian's NLL.

* The likelihood is the product of the true classes' probabilities while it is a
  normal float, its log the sum of their logs always; the mean NLL equals the mean
  cross-entropy to the one-hot labels and sklearn's log_loss.
* Over a grid of Bernoulli models, the likelihood's maximiser is the cross-entropy's
  minimiser: the labels' frequency.
* The Gaussian NLL is -scipy.stats.norm.logpdf and splits as SE / (2σ²) + ½ log(2πσ²).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import norm
from sklearn.metrics import log_loss

import xentcore as xc
from xentcore.practice import gaussian_nll, sample_likelihood


@pytest.mark.parametrize("base", [None, 2, 10])
def test_likelihood_its_log_and_the_cross_entropy(classifier, base):
    z, y = classifier(60, 3, seed=1)
    p = xc.softmax(z / 2.0, axis=1)
    lk = sample_likelihood(p, y, base=base)
    div = 1.0 if base is None else math.log(base)
    p_true = p[np.arange(y.size), y]
    assert lk.n == 60
    assert lk.likelihood == pytest.approx(float(np.prod(p_true)), rel=1e-12)
    assert lk.log_likelihood == pytest.approx(float(np.sum(np.log(p_true))) / div, rel=1e-12)
    assert math.log(lk.likelihood) / div == pytest.approx(lk.log_likelihood, rel=1e-12)
    assert lk.mean_nll == pytest.approx(-lk.log_likelihood / 60, rel=1e-14)
    assert lk.cross_entropy == pytest.approx(lk.mean_nll, rel=1e-12)
    assert lk.mean_nll * div == pytest.approx(log_loss(y, p, labels=[0, 1, 2]), rel=1e-12)
    from_logits = sample_likelihood(z / 2.0, y, kind="logits", base=base)
    assert from_logits.log_likelihood == pytest.approx(lk.log_likelihood, rel=1e-12)


def test_the_product_underflows_but_its_log_does_not(classifier):
    z, y = classifier(5_000, 4, seed=2)
    lk = sample_likelihood(z, y, kind="logits")
    p = xc.softmax(z, axis=1)
    assert float(np.prod(p[np.arange(y.size), y])) == 0.0  # what the product alone gives
    assert lk.likelihood is None and math.isfinite(lk.log_likelihood) and lk.log_likelihood < -745
    zero = sample_likelihood([[1.0, 0.0], [0.5, 0.5]], [1, 0])
    assert zero.likelihood == 0.0 and zero.log_likelihood == -math.inf


def test_maximum_likelihood_is_minimum_cross_entropy():
    y = np.array([1, 0, 1, 1, 0, 1, 1, 1, 0, 1])  # 7 of 10 are 1
    thetas = np.linspace(0.05, 0.95, 91)
    log_lik, ce = [], []
    for theta in thetas:
        lk = sample_likelihood(np.tile([1 - theta, theta], (10, 1)), y)
        log_lik.append(lk.log_likelihood)
        ce.append(float(xc.cross_entropy([0.3, 0.7], [1 - theta, theta])))
    np.testing.assert_allclose(-np.array(log_lik) / 10, ce, rtol=1e-12)
    assert thetas[int(np.argmax(log_lik))] == pytest.approx(0.7)
    assert thetas[int(np.argmin(ce))] == pytest.approx(0.7)


@pytest.mark.parametrize("sigma", [0.1, 1.0, 3.0])
@pytest.mark.parametrize("base", [None, 2])
def test_gaussian_nll_is_scipys_and_is_scaled_squared_error(sigma, base):
    rng = np.random.default_rng(0)
    y, mu = rng.normal(0.0, 2.0, 50), rng.normal(0.0, 2.0, 50)
    g = gaussian_nll(y, mu, sigma=sigma, base=base)
    div = 1.0 if base is None else math.log(base)
    np.testing.assert_allclose(g.nll, -norm.logpdf(y, mu, sigma) / div, rtol=1e-12)
    np.testing.assert_allclose(g.squared_error, (y - mu) ** 2, rtol=1e-15)
    np.testing.assert_allclose(g.nll, g.squared_error * g.scale + g.offset, rtol=1e-14)
    assert g.scale == pytest.approx(1.0 / (2.0 * sigma**2) / div)
    assert g.offset == pytest.approx(0.5 * math.log(2.0 * math.pi * sigma**2) / div)
    assert (g.offset < 0) == (sigma < 1.0 / math.sqrt(2.0 * math.pi))  # a density can exceed 1


def test_the_mean_minimises_both_the_squared_error_and_the_gaussian_nll():
    y = np.array([1.0, 2.0, 4.0, 7.0])
    grid = np.linspace(0.0, 8.0, 801)
    mse = [float(np.mean((y - m) ** 2)) for m in grid]
    nll = [float(np.mean(gaussian_nll(y, m, sigma=0.7).nll)) for m in grid]
    assert grid[int(np.argmin(mse))] == grid[int(np.argmin(nll))] == pytest.approx(y.mean())
    assert float(gaussian_nll(3.0, 1.0).nll) == pytest.approx(-norm.logpdf(3.0, 1.0, 1.0))
