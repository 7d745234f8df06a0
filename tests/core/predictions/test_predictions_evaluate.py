"""xentcore.predictions.evaluate: evaluate_predictions as a whole."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xentcore import predictions as P

# --- evaluate_predictions as a whole ---------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 40),
    c=st.integers(2, 7),
    seed=st.integers(0, 10_000),
    order=st.sampled_from("CF"),
    kind=st.sampled_from(["probabilities", "logits"]),
)
def test_evaluation_parts_agree_with_each_other(n, c, seed, order, kind, random_case):
    z, p, y, w, s = random_case(n=n, c=c, order=order, seed=seed)
    x = p if kind == "probabilities" else z
    ev = P.evaluate_predictions(x, y, kind=kind, class_weight=w, sample_weight=s, n_bins=5)
    probs = np.asarray(p)
    np.testing.assert_allclose(ev.p_true, probs[np.arange(n), y], rtol=1e-9)
    np.testing.assert_array_equal(ev.predicted, probs.argmax(axis=1))
    np.testing.assert_allclose(ev.confidence, probs.max(axis=1), rtol=1e-9)
    np.testing.assert_allclose(ev.losses, -np.log(probs[np.arange(n), y]), rtol=1e-9)
    assert ev.mean_loss == pytest.approx(ev.losses.mean(), rel=1e-12)
    assert ev.accuracy == pytest.approx((ev.predicted == y).mean())
    assert ev.confusion.sum() == n and np.trace(ev.confusion) == (ev.predicted == y).sum()
    assert ev.classes.count.sum() == n and ev.calibration.count.sum() == n
    assert ev.histogram.counts.sum() + ev.histogram.n_infinite == n
    assert P.label_formats(x, y, kind=kind).max_difference < 1e-9
    assert ev.baselines.base_rate <= ev.baselines.uniform + 1e-12
    assert ev.losses[ev.worst[0]] == ev.losses.max()


def test_memory_order_does_not_change_any_number(random_case):
    z, p, y, w, s = random_case(n=300, c=6, seed=21)
    a = P.evaluate_predictions(np.ascontiguousarray(p), y, kind="probabilities", class_weight=w)
    b = P.evaluate_predictions(np.asfortranarray(p), y, kind="probabilities", class_weight=w)
    assert a.reductions == b.reductions
    np.testing.assert_array_equal(a.predicted, b.predicted)
    np.testing.assert_array_equal(a.confusion, b.confusion)


SAMPLES = {
    "binary10": (P.source_example, {}),
    "calibrated": (lambda: P.synthetic_predictions("calibrated"), {}),
    "overconfident weighted": (
        lambda: P.synthetic_predictions("overconfident"),
        {"class_weight": [1.0, 2.0, 0.5], "sample_weight": np.linspace(0.0, 2.0, 600)},
    ),
}


@pytest.mark.parametrize("name", list(SAMPLES))
def test_evaluation_is_exactly_its_public_parts(name):
    # The shipped samples through evaluate_predictions and through each part on its own:
    # the same numbers to the last bit (rtol 0), so sharing the log-probabilities changes
    # nothing.
    make, weights = SAMPLES[name]
    y, p = make()
    ev = P.evaluate_predictions(p, y, kind="probabilities", **weights)
    losses = P.sample_losses(p, y, kind="probabilities")
    predicted, c = p.argmax(axis=1), p.shape[1]
    np.testing.assert_array_equal(ev.losses, losses)
    np.testing.assert_array_equal(ev.predicted, predicted)
    np.testing.assert_array_equal(ev.p_true, p[np.arange(y.size), y])
    np.testing.assert_array_equal(ev.confidence, p.max(axis=1))
    assert ev.reductions == P.framework_reductions(p, y, kind="probabilities", **weights)
    assert ev.mean_loss == ev.reductions.mean
    for got, want in (
        (ev.classes, P.class_summary(y, predicted, losses, c)),
        (ev.calibration, P.calibration(p.max(axis=1), predicted == y, 10)),
        (ev.baselines, P.baselines(y, c)),
        (ev.histogram, P.loss_histogram(losses, int(np.clip(np.ceil(np.sqrt(y.size)), 10, 40)))),
    ):
        for a, b in zip(got, want, strict=True):
            np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ev.confusion, P.confusion_matrix(y, predicted, c))
    np.testing.assert_array_equal(ev.worst, P.worst_samples(losses, 100))
