"""xentcore.predictions.summaries: per class, calibration, confusion and baselines against
pandas, scikit-learn, SciPy and plain loops."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
import sklearn.metrics
from sklearn.utils.class_weight import compute_class_weight

import xentcore.training
from xentcore import predictions as P

# --- per class, calibration, confusion, baselines -------------------------------


def test_class_summary_matches_a_groupby():
    import pandas as pd

    rng = np.random.default_rng(15)
    y = rng.integers(0, 4, 200)
    pred = rng.integers(0, 4, 200)
    loss = rng.exponential(size=200)
    s = P.class_summary(y, pred, loss, 5)
    frame = pd.DataFrame({"y": y, "ok": y == pred, "loss": loss}).groupby("y")
    np.testing.assert_array_equal(s.count[:4], frame.size().to_numpy())
    np.testing.assert_allclose(s.mean_loss[:4], frame["loss"].mean().to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(s.accuracy[:4], frame["ok"].mean().to_numpy(), rtol=1e-12)
    assert s.count[4] == 0 and math.isnan(s.mean_loss[4]) and math.isnan(s.accuracy[4])


def test_calibration_against_a_loop():
    rng = np.random.default_rng(16)
    conf = rng.uniform(0, 1, 500)
    conf[:3] = [0.0, 1.0, 0.5]
    correct = rng.random(500) < conf
    cal = P.calibration(conf, correct, n_bins=7)
    ece = 0.0
    for b in range(7):
        lo, hi = b / 7, (b + 1) / 7
        inside = (conf >= lo) & ((conf < hi) if b < 6 else (conf <= hi))
        assert cal.count[b] == inside.sum()
        if inside.any():
            assert cal.confidence[b] == pytest.approx(conf[inside].mean())
            assert cal.accuracy[b] == pytest.approx(correct[inside].mean())
            ece += inside.mean() * abs(correct[inside].mean() - conf[inside].mean())
    assert cal.ece == pytest.approx(ece, rel=1e-12)
    np.testing.assert_allclose(cal.edges, np.linspace(0, 1, 8))


def test_a_calibrated_model_has_a_small_ece():
    rng = np.random.default_rng(17)
    conf = rng.uniform(0.5, 1, 100_000)
    cal = P.calibration(conf, rng.random(100_000) < conf, n_bins=10)
    assert cal.ece < 0.01


def test_confusion_matrix_matches_sklearn():
    rng = np.random.default_rng(18)
    y, pred = rng.integers(0, 5, 300), rng.integers(0, 5, 300)
    np.testing.assert_array_equal(
        P.confusion_matrix(y, pred, 5), sklearn.metrics.confusion_matrix(y, pred, labels=range(5))
    )


def test_most_confused_lists_off_diagonal_cells():
    m = np.array([[9, 3, 1], [4, 8, 0], [0, 3, 7]])
    assert P.most_confused(m, k=3) == [(1, 0, 4), (0, 1, 3), (2, 1, 3)]
    assert P.most_confused(np.eye(3, dtype=int)) == []


def test_baselines_are_ln_c_and_the_entropy_of_the_frequencies():
    y = np.array([0, 0, 0, 1, 2, 2])
    b = P.baselines(y, 4)
    assert b.uniform == pytest.approx(math.log(4), rel=1e-12)
    assert b.base_rate == pytest.approx(scipy.stats.entropy([3, 1, 2, 0]), rel=1e-12)
    np.testing.assert_allclose(b.frequencies, [0.5, 1 / 6, 1 / 3, 0])
    # Predicting the frequencies on every row really costs their entropy.
    freq_rows = np.tile(b.frequencies, (6, 1))
    assert P.sample_losses(freq_rows, y, kind="probabilities").mean() == pytest.approx(b.base_rate)


def test_uniform_logits_cost_ln_c():
    ev = P.evaluate_predictions(np.zeros((5, 10)), [0, 3, 9, 2, 2], kind="logits")
    assert ev.mean_loss == pytest.approx(math.log(10))
    assert P.perplexity_nats(ev.mean_loss) == pytest.approx(10.0)


def test_balanced_weights_match_sklearn():
    y = np.array([0, 0, 0, 1, 2, 2, 2, 2])
    ref = compute_class_weight("balanced", classes=np.arange(3), y=y)
    np.testing.assert_allclose(xentcore.training.balanced_class_weights(y, 3), ref)
    assert xentcore.training.balanced_class_weights(y, 4)[3] == 1.0  # absent class: neutral weight
