"""Model A against model B, and the paired bootstrap interval.

* Per-sample losses are xentcore.sample_losses (in the unit asked); flips, fixes and
  breaks are the predicted classes compared row by row.
* The bootstrap's resamples are exactly a plain loop of rng.integers(0, N, N) per
  resample (so blocking changes nothing); its percentile interval agrees with
  scipy.stats.bootstrap(paired=True, method='percentile') within Monte Carlo error.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

import xentcore as xc
from xentcore.practice import compare_models, paired_bootstrap


def two_models(classifier, n=300, c=4, seed=0):
    z, y = classifier(n, c, sharpness=3.0, seed=seed)
    return xc.softmax(z, axis=1), z / 3.0, y  # an over-confident model and a calibrated one


@pytest.mark.parametrize("base", [None, 2])
def test_losses_are_sample_losses_and_the_flips_are_the_predictions(classifier, base):
    p_a, z_b, y = two_models(classifier)
    cmp = compare_models(p_a, z_b, y, kind="probabilities", kind_b="logits", base=base)
    div = 1.0 if base is None else math.log(base)
    np.testing.assert_allclose(cmp.loss_a, xc.sample_losses(p_a, y, kind="probabilities") / div)
    np.testing.assert_allclose(cmp.loss_b, xc.sample_losses(z_b, y, kind="logits") / div)
    np.testing.assert_allclose(cmp.difference, cmp.loss_a - cmp.loss_b, rtol=1e-14)
    assert cmp.mean_difference == pytest.approx(cmp.mean_loss_a - cmp.mean_loss_b)
    assert cmp.mean_loss_b < cmp.mean_loss_a  # the calibrated model has the lower loss
    a, b = p_a.argmax(axis=1), z_b.argmax(axis=1)
    np.testing.assert_array_equal(cmp.flipped, np.flatnonzero(a != b))
    np.testing.assert_array_equal(cmp.fixed, np.flatnonzero((a != y) & (b == y)))
    np.testing.assert_array_equal(cmp.broken, np.flatnonzero((a == y) & (b != y)))
    assert cmp.accuracy_a == np.mean(a == y) and cmp.accuracy_b == np.mean(b == y)
    assert cmp.accuracy_b - cmp.accuracy_a == pytest.approx(
        (cmp.fixed.size - cmp.broken.size) / y.size
    )


def test_a_rescaled_model_flips_nothing_and_labels_b_may_be_given(classifier):
    p_a, z_b, y = two_models(classifier, seed=1)
    cmp = compare_models(p_a, z_b, y, kind="probabilities", kind_b="logits", labels_b=y.copy())
    assert cmp.flipped.size == 0 and cmp.accuracy_a == cmp.accuracy_b


def test_a_label_given_probability_zero_has_infinite_loss():
    cmp = compare_models([[1.0, 0.0], [0.5, 0.5]], [[0.9, 0.1], [0.5, 0.5]], [1, 0])
    assert np.isinf(cmp.loss_a[0]) and math.isinf(cmp.mean_difference)


def reference_means(d: np.ndarray, n_resamples: int, seed: int) -> np.ndarray:
    """One resample at a time: N indices with replacement, the mean of their differences."""
    rng = np.random.default_rng(seed)
    return np.array([d[rng.integers(0, d.size, size=d.size)].mean() for _ in range(n_resamples)])


@pytest.mark.parametrize("n", [7, 1000, 300_000])
def test_resamples_are_a_plain_loop_however_they_are_blocked(n):
    rng = np.random.default_rng(11)
    a, b = rng.gamma(2.0, 0.5, n), rng.gamma(2.0, 0.45, n)
    r = 40 if n > 10_000 else 500
    iv = paired_bootstrap(a, b, n_resamples=r, seed=3)
    np.testing.assert_allclose(iv.means, reference_means(a - b, r, 3), rtol=1e-12)
    low, high = np.quantile(iv.means, [0.025, 0.975])
    assert (iv.low, iv.high) == (pytest.approx(low, rel=1e-12), pytest.approx(high, rel=1e-12))
    assert (iv.n_resamples, iv.confidence) == (r, 0.95)
    assert iv.mean_difference == pytest.approx(float(np.mean(a - b)), rel=1e-12)


def test_interval_agrees_with_scipys_paired_bootstrap(classifier):
    p_a, z_b, y = two_models(classifier, n=400, seed=2)
    cmp = compare_models(p_a, z_b, y, kind_b="logits")
    iv = paired_bootstrap(cmp.loss_a, cmp.loss_b, n_resamples=20_000, confidence=0.9, seed=0)
    ref = stats.bootstrap(
        (cmp.loss_a, cmp.loss_b),
        lambda a, b, axis: np.mean(a - b, axis=axis),
        paired=True,
        vectorized=True,
        n_resamples=20_000,
        confidence_level=0.9,
        method="percentile",
        rng=np.random.default_rng(1),
    ).confidence_interval
    width = ref.high - ref.low
    assert iv.low == pytest.approx(ref.low, abs=0.03 * width)
    assert iv.high == pytest.approx(ref.high, abs=0.03 * width)
    assert 0 < iv.low < iv.mean_difference < iv.high  # B is better beyond resampling noise


def test_bootstrap_is_seeded_and_identical_models_give_zero():
    a = np.linspace(0.1, 2.0, 50)
    assert paired_bootstrap(a, a[::-1], seed=4).low == paired_bootstrap(a, a[::-1], seed=4).low
    assert paired_bootstrap(a, a[::-1], seed=4).low != paired_bootstrap(a, a[::-1], seed=5).low
    same = paired_bootstrap(a, a, n_resamples=10)
    assert (same.low, same.high, same.mean_difference) == (0.0, 0.0, 0.0)
    full = paired_bootstrap(a, a[::-1], n_resamples=50, confidence=1.0)
    assert (full.low, full.high) == (full.means.min(), full.means.max())


# --- added for the Your predictions page: progress, the difference histogram, a noisy model


def test_progress_reports_every_block_and_changes_nothing():
    rng = np.random.default_rng(5)
    a, b = rng.gamma(2.0, 0.5, 100_000), rng.gamma(2.0, 0.45, 100_000)
    seen = []
    iv = paired_bootstrap(
        a, b, n_resamples=7, seed=2, progress=lambda done, total: seen.append((done, total))
    )
    np.testing.assert_array_equal(iv.means, paired_bootstrap(a, b, n_resamples=7, seed=2).means)
    assert seen[-1] == (7, 7) and [d for d, _ in seen] == sorted({d for d, _ in seen})


def test_difference_histogram_is_numpys_over_a_symmetric_range():
    d = np.random.default_rng(1).normal(0.2, 1.0, 500)
    h = xc.practice.difference_histogram(d, n_bins=30)
    m = np.abs(d).max()
    counts, edges = np.histogram(d, bins=30, range=(-m, m))
    np.testing.assert_array_equal(h.counts, counts)
    np.testing.assert_allclose(h.edges, edges)
    assert h.counts.sum() == 500 and h.edges[15] == pytest.approx(0.0, abs=1e-12)
    zero = xc.practice.difference_histogram(np.zeros(4), n_bins=2)
    assert zero.edges.tolist() == [-1.0, 0.0, 1.0] and zero.counts.tolist() == [0, 4]
    with pytest.raises(xc.InputError, match="difference has a non-finite value"):
        xc.practice.difference_histogram([0.1, np.inf])
    with pytest.raises(xc.InputError, match="n_bins must be a whole number from 1 to 1000"):
        xc.practice.difference_histogram([0.1], n_bins=0)


def test_perturbed_predictions_are_scipys_softmax_of_noisy_logits(classifier):
    from scipy.special import softmax as scipy_softmax

    z, y = classifier(200, 3, seed=4)
    eps = np.random.default_rng(9).standard_normal(z.shape)
    got = xc.practice.perturbed_predictions(z, kind="logits", noise=0.7, seed=9)
    np.testing.assert_allclose(got, scipy_softmax(z + 0.7 * eps, axis=1), rtol=1e-12)
    p = scipy_softmax(z, axis=1)
    via_log = xc.practice.perturbed_predictions(p, kind="probabilities", noise=0.7, seed=9)
    np.testing.assert_allclose(via_log, got, rtol=1e-9)
    assert (got.argmax(axis=1) != z.argmax(axis=1)).any()  # some predictions flip
    np.testing.assert_allclose(
        xc.practice.perturbed_predictions(p, kind="probabilities", noise=0.0), p, rtol=1e-12
    )
    zero = xc.practice.perturbed_predictions([[1.0, 0.0], [0.5, 0.5]], kind="probabilities")
    assert zero[0, 1] == 0.0 and zero[0, 0] == 1.0
    with pytest.raises(xc.InputError, match="noise must be >= 0.0"):
        xc.practice.perturbed_predictions(p, kind="probabilities", noise=-1)
