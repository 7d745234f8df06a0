"""xentcore.predictions.inputs: per-sample losses and the row-sum check of probability rows."""

from __future__ import annotations

import math

import numpy as np
import pytest

import xentcore as xc
import xentcore.training
from xentcore import predictions as P

# --- per-sample losses --------------------------------------------------------------


@pytest.mark.parametrize("order", ["C", "F"])
def test_sample_losses_match_the_definition(order, random_case):
    z, p, y, _, _ = random_case(order=order)
    expected = -np.log(p[np.arange(len(y)), y])
    np.testing.assert_allclose(P.sample_losses(p, y, kind="probabilities"), expected, rtol=1e-12)
    np.testing.assert_allclose(P.sample_losses(z, y, kind="logits"), expected, rtol=1e-9)


def test_sample_losses_with_smoothing_match_the_formula(random_case):
    z, _, y, _, _ = random_case(c=5)
    eps, c = 0.2, 5
    ls = xc.log_softmax(z, axis=1)
    expected = (1 - eps) * -ls[np.arange(len(y)), y] + eps / c * -ls.sum(axis=1)
    got = P.sample_losses(z, y, kind="logits", label_smoothing=eps)
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_a_zero_probability_of_the_true_class_costs_infinity():
    p = np.array([[1.0, 0.0], [0.5, 0.5]])
    losses = P.sample_losses(p, [1, 0], kind="probabilities")
    assert math.isinf(losses[0]) and losses[1] == pytest.approx(math.log(2))
    ev = P.evaluate_predictions(p, [1, 0], kind="probabilities")
    assert ev.n_infinite == 1 and math.isinf(ev.mean_loss)
    assert math.isfinite(ev.reductions.sklearn) and math.isfinite(ev.reductions.keras)
    formats = P.label_formats(p, [1, 0], kind="probabilities")
    assert formats.max_difference == 0.0  # inf == inf: same in both label formats
    assert math.isinf(formats.sparse) and math.isinf(formats.categorical)


# --- rows, units, histogram, worst ----------------------------------------------


def test_row_sums_reports_count_and_worst_row():
    p = np.array([[0.5, 0.5], [0.5, 0.5 + 1e-12], [0.2, 0.7], [0.6, 0.5]])
    r = P.row_sums(p)
    assert (r.n_off, r.worst_row, r.tolerance) == (2, 2, 1e-9)
    assert r.worst_sum == pytest.approx(0.9)
    assert P.row_sums(p, tolerance=0.2).n_off == 0


def test_renormalize_rows():
    out = P.renormalize_rows([[1.0, 3.0], [0.2, 0.2]])
    np.testing.assert_allclose(out, [[0.25, 0.75], [0.5, 0.5]])
    assert P.row_sums(out).n_off == 0
