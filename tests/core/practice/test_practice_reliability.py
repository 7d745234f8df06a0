"""ECE, MCE, the Brier score and per-class reliability against references.

* ECE and MCE equal a plain loop over equal-width bins of the top-label confidence, and
  ECE is xentcore.calibration's (the bins are shared, not recomputed).
* The Brier score is sklearn.metrics.brier_score_loss: binary from a 1-D column, and the
  multi-class sum (scale_by_half=False) from C columns.
* Per class, the bins are calibration() of each class's probability against "label is c".
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import brier_score_loss

import xentcore as xc
from xentcore.practice import brier_score, calibration_errors, class_reliability


def loop_ece_mce(conf: np.ndarray, correct: np.ndarray, n_bins: int) -> tuple[float, float]:
    """Written out: bin b holds b/B <= conf < (b+1)/B (conf = 1 in the last bin)."""
    ece, mce = 0.0, 0.0
    for b in range(n_bins):
        upper = conf < (b + 1) / n_bins if b < n_bins - 1 else conf <= 1.0
        inside = (conf >= b / n_bins) & upper
        if inside.any():
            gap = abs(correct[inside].mean() - conf[inside].mean())
            ece += inside.sum() / conf.size * gap
            mce = max(mce, gap)
    return ece, mce


@pytest.mark.parametrize("n_bins", [1, 5, 15])
@pytest.mark.parametrize("seed", range(3))
def test_ece_and_mce_are_the_loop_over_bins(classifier, seed, n_bins):
    z, y = classifier(500, 4, sharpness=2.0, seed=seed)
    p = xc.softmax(z, axis=1)
    got = calibration_errors(p, y, n_bins=n_bins)
    ece, mce = loop_ece_mce(p.max(axis=1), p.argmax(axis=1) == y, n_bins)
    assert got.ece == pytest.approx(ece, rel=1e-12)
    assert got.mce == pytest.approx(mce, rel=1e-12)
    assert got.ece == xc.calibration(p.max(axis=1), p.argmax(axis=1) == y, n_bins).ece
    assert got.ece <= got.mce
    from_logits = calibration_errors(z, y, kind="logits", n_bins=n_bins)
    assert from_logits.ece == pytest.approx(got.ece, rel=1e-9)
    assert from_logits.brier == pytest.approx(got.brier, rel=1e-12)


def test_a_calibrated_model_has_a_small_ece():
    y, good = xc.synthetic_predictions("calibrated", n_samples=50_000, seed=2)
    _, bold = xc.synthetic_predictions("overconfident", n_samples=50_000, seed=2)
    assert calibration_errors(good, y).ece < 0.01 < calibration_errors(bold, y).ece


def test_brier_is_sklearns(classifier):
    z, y = classifier(300, 5, seed=6)
    p = xc.softmax(z, axis=1)
    expected = brier_score_loss(y, p, labels=list(range(5)), scale_by_half=False)
    assert brier_score(p, y) == pytest.approx(expected, rel=1e-12)
    assert calibration_errors(p, y).brier == pytest.approx(expected, rel=1e-12)
    yb = (y > 2).astype(int)
    p1 = p[:, 3:].sum(axis=1)
    assert brier_score(p1, yb) == pytest.approx(brier_score_loss(yb, p1), rel=1e-12)
    two = np.column_stack([1 - p1, p1])
    assert brier_score(two, yb) == pytest.approx(2 * brier_score_loss(yb, p1), rel=1e-12)


def test_brier_of_a_file_of_one_class():
    # One class only: sklearn needs pos_label to know which; ours takes 1 as positive.
    p1 = np.array([0.9, 0.7, 0.8])
    assert brier_score(p1, [1, 1, 1]) == pytest.approx(
        brier_score_loss([1, 1, 1], p1, pos_label=1), rel=1e-14
    )


def test_class_reliability_is_calibration_of_each_class(classifier):
    z, y = classifier(400, 3, seed=8)
    p = xc.softmax(z, axis=1)
    r = class_reliability(p, y, n_bins=8)
    assert r.count.shape == (3, 8) and r.edges.shape == (9,)
    np.testing.assert_array_equal(r.count.sum(axis=1), [400, 400, 400])
    for c in range(3):
        cal = xc.calibration(p[:, c], y == c, 8)
        np.testing.assert_array_equal(r.count[c], cal.count)
        np.testing.assert_array_equal(r.frequency[c], cal.accuracy)
        assert r.ece[c] == cal.ece
        held = r.count[c] > 0
        assert np.nansum(r.frequency[c][held] * r.count[c][held]) == pytest.approx((y == c).sum())
    from_logits = class_reliability(z, y, kind="logits", n_bins=8)
    np.testing.assert_allclose(from_logits.confidence, r.confidence, rtol=1e-10)
