"""Two Gaussians: closed forms against scipy, and the histogram estimate converging to them.

* h(P), H(P, Q) and D(P || Q) equal scipy.integrate.quad of -p log p, -p log q and
  p log(p / q) (norm.pdf and norm.logpdf), and h(P) is scipy.stats.norm.entropy.
* On fine bins with each Gaussian's exact bin masses, scipy.stats.entropy(p_k, q_k) is the
  closed-form KL and -Σ p_k log(q_k / Δ) the closed-form cross-entropy.
* The estimate from samples is the discrete cross-entropy of its bins plus log Δ (its
  KL is scipy.stats.entropy of the bins), is seeded, and converges as samples grow.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats
from scipy.stats import norm

from xentcore.practice import (
    gaussian_cross_entropy,
    gaussian_entropy,
    gaussian_kl_divergence,
    histogram_estimate,
)
from xentcore.practice.continuous import _bin_masses

PAIRS = [(0.0, 1.0, 1.0, 1.0), (0.5, 0.3, -1.0, 2.0), (2.0, 3.0, 0.0, 0.7), (0.0, 1.0, 0.0, 1.0)]


def integral(f, mp, sp) -> float:
    return integrate.quad(f, mp - 14 * sp, mp + 14 * sp, epsabs=1e-13, epsrel=1e-12, limit=400)[0]


@pytest.mark.parametrize(("mp", "sp", "mq", "sq"), PAIRS)
def test_closed_forms_are_the_integrals(mp, sp, mq, sq):
    cross = integral(lambda x: -norm.pdf(x, mp, sp) * norm.logpdf(x, mq, sq), mp, sp)
    h = integral(lambda x: -norm.pdf(x, mp, sp) * norm.logpdf(x, mp, sp), mp, sp)
    kl = integral(
        lambda x: norm.pdf(x, mp, sp) * (norm.logpdf(x, mp, sp) - norm.logpdf(x, mq, sq)), mp, sp
    )
    assert float(gaussian_cross_entropy(mp, sp, mq, sq)) == pytest.approx(cross, rel=1e-9)
    assert float(gaussian_entropy(sp)) == pytest.approx(h, rel=1e-9, abs=1e-12)
    assert float(gaussian_entropy(sp)) == pytest.approx(norm(mp, sp).entropy(), rel=1e-14)
    assert float(gaussian_kl_divergence(mp, sp, mq, sq)) == pytest.approx(kl, abs=1e-10)
    assert float(gaussian_kl_divergence(mp, sp, mq, sq)) == pytest.approx(
        float(gaussian_cross_entropy(mp, sp, mq, sq) - gaussian_entropy(sp)), abs=1e-14
    )
    bits = gaussian_cross_entropy(mp, sp, mq, sq, base=2)
    assert float(bits) == pytest.approx(cross / math.log(2), rel=1e-9)


def test_closed_forms_broadcast():
    mq = np.linspace(-2.0, 2.0, 5)
    kl = gaussian_kl_divergence(0.0, 1.0, mq, 1.0)
    np.testing.assert_allclose(kl, mq**2 / 2, rtol=1e-14)
    assert gaussian_cross_entropy([0.0, 1.0], [1.0, 2.0], 0.0, 1.0).shape == (2,)


@pytest.mark.parametrize(("mp", "sp", "mq", "sq"), PAIRS[:3])
def test_fine_histograms_of_exact_bin_masses_give_the_closed_forms(mp, sp, mq, sq):
    edges = np.linspace(-25.0, 25.0, 200_001)
    width = edges[1] - edges[0]
    pk, qk = _bin_masses(edges, mp, sp), _bin_masses(edges, mq, sq)
    assert pk.sum() == pytest.approx(1.0, abs=1e-12) and qk.sum() == pytest.approx(1.0, abs=1e-12)
    closed_kl = float(gaussian_kl_divergence(mp, sp, mq, sq))
    assert stats.entropy(pk, qk) == pytest.approx(closed_kl, rel=1e-6, abs=1e-9)
    held = pk > 0
    cross = -np.dot(pk[held], np.log(qk[held] / width))
    assert cross == pytest.approx(float(gaussian_cross_entropy(mp, sp, mq, sq)), rel=1e-6)


def test_the_estimate_is_the_discrete_one_plus_log_width():
    est = histogram_estimate(0.0, 1.0, 0.5, 1.5, n_samples=5_000, n_bins=40, seed=3)
    width = est.edges[1] - est.edges[0]
    assert est.p_hat.sum() == pytest.approx(1.0) and est.p_hat.size == 40
    held = est.p_hat > 0
    cross = -np.dot(est.p_hat[held], np.log(est.q_bins[held]))
    assert est.cross_entropy == pytest.approx(cross + math.log(width), rel=1e-13)
    assert est.entropy_p == pytest.approx(stats.entropy(est.p_hat) + math.log(width), rel=1e-13)
    # scipy.stats.entropy renormalises q (Q's mass beyond the samples is left out here).
    scipy_kl = stats.entropy(est.p_hat, est.q_bins) - math.log(est.q_bins.sum())
    assert est.kl_divergence == pytest.approx(scipy_kl, rel=1e-10)
    bits = histogram_estimate(0.0, 1.0, 0.5, 1.5, n_samples=5_000, n_bins=40, seed=3, base=2)
    assert bits.cross_entropy == pytest.approx(est.cross_entropy / math.log(2), rel=1e-13)
    again = histogram_estimate(0.0, 1.0, 0.5, 1.5, n_samples=5_000, n_bins=40, seed=3)
    np.testing.assert_array_equal(again.p_hat, est.p_hat)


@pytest.mark.parametrize(
    ("mp", "sp", "mq", "sq", "tolerance"),
    [
        (0.5, 0.3, -1.0, 2.0, 0.005),
        (2.0, 1.5, 0.0, 1.0, 0.01),
        (2.0, 3.0, 0.0, 0.7, 0.1),  # Q far narrower than P: its log changes a lot in a bin
    ],
)
def test_the_estimate_converges_to_the_closed_forms(mp, sp, mq, sq, tolerance):
    closed = (
        float(gaussian_cross_entropy(mp, sp, mq, sq)),
        float(gaussian_entropy(sp)),
        float(gaussian_kl_divergence(mp, sp, mq, sq)),
    )

    def error(n):
        est = histogram_estimate(mp, sp, mq, sq, n_samples=n, seed=1)
        return np.abs(np.array([est.cross_entropy, est.entropy_p, est.kl_divergence]) - closed)

    errors = [error(n).max() for n in (1_000, 30_000, 1_000_000)]
    assert errors[-1] < tolerance and errors[-1] < errors[0]


def test_far_apart_gaussians_give_an_infinite_estimate():
    est = histogram_estimate(0.0, 1.0, 60.0, 0.5, n_samples=1_000)
    assert math.isinf(est.cross_entropy) and math.isinf(est.kl_divergence)
    assert math.isfinite(est.entropy_p)
