"""Binary labels: their likelihood under p, and under every constant prediction θ.

* ``binary_likelihood`` is the product of p for the 1s and 1 - p for the 0s, its mean
  NLL scikit-learn's log_loss (the sources' ten labels: 0.247 nats).
* ``bernoulli_likelihood_curve`` is the sum of scipy.stats.bernoulli.logpmf; it peaks at
  the labels' frequency, where minus it over N is the entropy of that frequency.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import bernoulli, entropy
from sklearn.metrics import log_loss

from xentcore import InputError
from xentcore.practice import bernoulli_likelihood_curve, binary_likelihood

YS = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
PS = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]


@pytest.mark.parametrize("base", [None, 2, 10])
def test_binary_likelihood_is_the_product_and_log_loss(base):
    lk = binary_likelihood(YS, PS, base=base)
    y, p = np.array(YS), np.array(PS)
    div = 1.0 if base is None else math.log(base)
    assert lk.likelihood == pytest.approx(math.prod(np.where(y == 1, p, 1 - p)), rel=1e-12)
    assert lk.log_likelihood == pytest.approx(bernoulli.logpmf(y, p).sum() / div, rel=1e-12)
    assert lk.mean_nll == pytest.approx(log_loss(y, p) / div, rel=1e-12)
    assert lk.cross_entropy == pytest.approx(lk.mean_nll, rel=1e-12)
    assert round(binary_likelihood(YS, PS).mean_nll, 3) == 0.247


def test_binary_likelihood_underflows_to_its_log():
    lk = binary_likelihood(np.tile(YS, 400), np.tile(PS, 400))
    assert lk.likelihood is None
    assert lk.log_likelihood == pytest.approx(400 * bernoulli.logpmf(YS, PS).sum(), rel=1e-12)
    zero = binary_likelihood([1, 0], [0.0, 0.5])
    assert zero.likelihood == 0.0 and zero.log_likelihood == -math.inf


@pytest.mark.parametrize(
    ("labels", "probs", "match"),
    [
        ([1, 0.5], [0.2, 0.3], "labels must be 0 or 1, but has 0.5 at index 1"),
        ([1, 0], [0.2], "probs has 1 values but labels has 2"),
        ([1, 0], [0.2, 1.3], "probs must be probabilities in"),
        ([1, 0], [0.2, math.nan], "probs has a non-finite value"),
        ([], [], "labels is empty"),
    ],
)
def test_binary_likelihood_names_the_bad_argument(labels, probs, match):
    with pytest.raises(InputError, match=match):
        binary_likelihood(labels, probs)


@pytest.mark.parametrize("base", [None, 2])
def test_the_curve_peaks_at_the_frequency_with_the_entropy(base):
    y = np.array([1, 0, 1, 1, 0, 1, 1, 1, 0, 1])
    theta = np.linspace(0.01, 0.99, 99)
    c = bernoulli_likelihood_curve(y, theta, base=base)
    div = 1.0 if base is None else math.log(base)
    expected = np.array([bernoulli.logpmf(y, t).sum() for t in theta]) / div
    np.testing.assert_allclose(c.log_likelihood, expected, rtol=1e-12)
    np.testing.assert_allclose(c.cross_entropy, -expected / y.size, rtol=1e-12)
    assert c.theta_hat == 0.7
    assert theta[np.argmax(c.log_likelihood)] == pytest.approx(0.7)
    assert c.min_cross_entropy == pytest.approx(entropy([0.3, 0.7], base=base), rel=1e-12)
    assert c.max_log_likelihood == pytest.approx(-10 * c.min_cross_entropy, rel=1e-12)
    assert np.all(c.log_likelihood <= c.max_log_likelihood + 1e-12)


def test_the_curve_at_the_ends():
    c = bernoulli_likelihood_curve([1, 1], [0.0, 1.0])
    assert c.log_likelihood.tolist() == [-math.inf, 0.0]
    assert c.min_cross_entropy == 0.0 and c.theta_hat == 1.0
    with pytest.raises(InputError, match="theta must be probabilities"):
        bernoulli_likelihood_curve([1, 0], [1.5])
