"""xentcore.predictions.data: the sources' example and the synthetic sets."""

from __future__ import annotations

import numpy as np
import pytest
import sklearn.metrics

from xentcore import predictions as P

# --- the sources' example and the synthetic sets ----------------------------------


def test_source_example_is_0_247_nats_and_sklearn_agrees():
    y, p = P.source_example()
    assert p.shape == (10, 2)
    mean = P.sample_losses(p, y, kind="probabilities").mean()
    assert round(float(mean), 3) == 0.247
    assert mean == pytest.approx(sklearn.metrics.log_loss(y, p[:, 1]), rel=1e-12)
    ev = P.evaluate_predictions(p, y, kind="probabilities")
    assert ev.mean_loss == pytest.approx(0.2469198908044648, rel=1e-12)
    assert ev.accuracy == 1.0


def test_synthetic_sets_are_deterministic_and_differ_as_documented():
    y1, good = P.synthetic_predictions("calibrated")
    y2, bold = P.synthetic_predictions("overconfident")
    y3, again = P.synthetic_predictions("calibrated")
    np.testing.assert_array_equal(y1, y2)
    np.testing.assert_array_equal(y1, y3)
    np.testing.assert_array_equal(good, again)
    assert good.shape == (600, 3)
    np.testing.assert_allclose(good.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_array_equal(good.argmax(1), bold.argmax(1))  # same accuracy
    e_good = P.evaluate_predictions(good, y1, kind="probabilities")
    e_bold = P.evaluate_predictions(bold, y1, kind="probabilities")
    assert e_good.accuracy == e_bold.accuracy == pytest.approx(0.695)
    # Pinned values: the page and its tests quote them.
    assert round(e_good.mean_loss, 4) == 0.7278
    assert round(e_bold.mean_loss, 4) == 1.1038
    assert e_good.calibration.ece < 0.05 < 0.15 < e_bold.calibration.ece
    assert set(np.unique(y1)) == {0, 1, 2}


def test_synthetic_labels_follow_the_calibrated_probabilities():
    y, p = P.synthetic_predictions("calibrated", n_samples=20000, seed=3)
    # Mean predicted probability of each class ≈ its frequency (calibration in the large).
    freq = np.bincount(y, minlength=3) / y.size
    np.testing.assert_allclose(p.mean(axis=0), freq, atol=0.01)
