"""xentcore.predictions.units: units, perplexity, the loss histogram and the worst samples."""

from __future__ import annotations

import math

import numpy as np
import pytest

from xentcore import predictions as P


def test_units_and_perplexity_agree_across_bases():
    h = 0.8
    assert P.in_unit(h, 2) == pytest.approx(h / math.log(2))
    assert P.in_unit(h, None) == h
    np.testing.assert_allclose(P.in_unit(np.array([h, 2 * h]), 10), [h, 2 * h] / np.log(10))
    assert P.perplexity_nats(P.in_unit(h, 2), base=2) == pytest.approx(math.exp(h))
    assert P.perplexity_nats(math.inf) == math.inf


def test_loss_histogram_matches_numpy_and_counts_infinities():
    loss = np.array([0.0, 0.1, 0.5, 0.5, 2.0, np.inf, np.inf])
    h = P.loss_histogram(loss, n_bins=4)
    counts, edges = np.histogram(loss[:5], bins=4, range=(0, 2.0))
    np.testing.assert_array_equal(h.counts, counts)
    np.testing.assert_allclose(h.edges, edges)
    assert h.n_infinite == 2
    assert P.loss_histogram([np.inf]).counts.sum() == 0
    assert P.loss_histogram([0.0, 0.0]).counts.sum() == 2


def test_worst_samples_order_and_ties():
    loss = np.array([0.3, 2.0, 0.1, 2.0, np.inf, 1.0])
    assert P.worst_samples(loss, 4).tolist() == [4, 1, 3, 5]
    assert P.worst_samples(loss, 100).tolist() == [4, 1, 3, 5, 0, 2]
