"""xentcore.training.loop: gradient descent, its history, snapshots and divergence.

Gradient descent on cross-entropy lowers the loss at every step at a small learning
rate on separable blobs; continuing a run equals training from 0; a learning rate far
too large stops with the step where the loss became inf/nan, and nothing non-finite.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import softmax as sp_softmax

import xentcore
from xentcore.training import (
    MAX_SNAPSHOTS,
    LossSpec,
    ModelSpec,
    balanced_class_weights,
    focal_loss,
    init_params,
    loss_and_gradients,
    make_dataset,
    model_logits,
    snapshot_schedule,
    train,
)

#: Softmax regression and the tanh hidden layer (the first two of ``conftest.MODELS``).
TWO_MODELS = [
    ModelSpec("softmax_regression"),
    ModelSpec("hidden_layer", hidden=5, activation="tanh"),
]


@pytest.mark.parametrize("model", TWO_MODELS, ids=lambda m: m.kind)
def test_cross_entropy_falls_at_every_step_on_separable_blobs(model):
    data = make_dataset("blobs", n_points=150, n_classes=3, noise=0.1, seed=0)
    run = train(data, model, LossSpec(), learning_rate=0.1, steps=300)
    assert np.all(np.diff(run.objective) < 0)
    assert run.rises == 0 and run.diverged_at is None
    assert run.objective[-1] < 0.5 * run.objective[0]
    np.testing.assert_array_equal(run.objective, run.cross_entropy)


def test_recorded_history_matches_the_snapshots():
    data = make_dataset("moons", n_points=80, n_classes=2, noise=0.2, seed=3)
    model = ModelSpec("hidden_layer", hidden=6)
    run = train(data, model, LossSpec("focal", gamma=1.0), learning_rate=1.0, steps=40)
    for step in (0, 8, 40):
        z = model_logits(run.snapshot(step), data.X, model)
        p = sp_softmax(z, axis=1)
        assert run.accuracy[step] == np.mean(np.argmax(z, axis=1) == data.y)
        assert run.confidence[step] == pytest.approx(p.max(axis=1).mean(), rel=1e-13)
        assert run.cross_entropy[step] == pytest.approx(xentcore.softmax_cross_entropy(z, data.y))
        assert run.objective[step] == pytest.approx(focal_loss(z, data.y, gamma=1.0))
    np.testing.assert_array_equal(run.params["W1"], run.snapshot(40)["W1"])


def test_one_step_is_the_gradient_step():
    data = make_dataset("blobs", n_points=30, n_classes=3, seed=1)
    model, spec = ModelSpec(), LossSpec("squared_error")
    _, grads = loss_and_gradients(init_params(model, 3), data, model, spec)
    run = train(data, model, spec, learning_rate=0.7, steps=1)
    np.testing.assert_allclose(run.params["W"], -0.7 * grads["W"], rtol=1e-15)
    np.testing.assert_allclose(run.params["b"], -0.7 * grads["b"], rtol=1e-15)


@pytest.mark.parametrize("name", ["cross_entropy", "label_smoothing"])
def test_continuing_a_run_equals_training_from_zero(name, specs):
    data = make_dataset("spirals", n_points=90, n_classes=3, noise=0.1, seed=4)
    model, spec = ModelSpec("hidden_layer", hidden=8), specs[name]
    short = train(data, model, spec, learning_rate=0.8, steps=37, seed=4)
    resumed = train(data, model, spec, learning_rate=0.8, steps=300, seed=4, start=short)
    fresh = train(data, model, spec, learning_rate=0.8, steps=300, seed=4)
    for field in ("objective", "cross_entropy", "accuracy", "confidence", "snapshot_steps"):
        np.testing.assert_array_equal(getattr(resumed, field), getattr(fresh, field))
    assert resumed.snapshots.keys() == fresh.snapshots.keys()
    for n, stack in resumed.snapshots.items():
        np.testing.assert_array_equal(stack, fresh.snapshots[n])
    assert resumed.rises == fresh.rises


def test_a_huge_learning_rate_stops_at_the_step_where_the_loss_broke():
    data = make_dataset("moons", n_points=100, n_classes=2, seed=0)
    model = ModelSpec("hidden_layer", hidden=8, activation="relu")
    run = train(data, model, LossSpec(), learning_rate=1e300, steps=50)
    assert run.diverged_at is not None and 1 <= run.diverged_at <= 50
    assert run.steps_done == run.diverged_at - 1
    for values in (run.objective, run.cross_entropy, run.accuracy, run.confidence):
        assert values.size == run.diverged_at and np.all(np.isfinite(values))
    assert all(np.all(np.isfinite(a)) for a in run.params.values())
    assert run.snapshot_steps[-1] == run.steps_done
    again = train(data, model, LossSpec(), learning_rate=1e300, steps=60, start=run)
    assert again.diverged_at == run.diverged_at and again.requested_steps == 60


def test_a_learning_rate_of_a_million_overshoots_without_garbage():
    data = make_dataset("moons", n_points=100, n_classes=2, noise=0.2, seed=0)
    model = ModelSpec("hidden_layer", hidden=8, activation="tanh")
    run = train(data, model, LossSpec(), learning_rate=1e6, steps=100)
    for values in (run.objective, run.cross_entropy, run.accuracy, run.confidence):
        assert values.size == 101 and np.all(np.isfinite(values))
    assert run.rises > 25 and run.cross_entropy[-1] > 100 * run.cross_entropy[0]


def test_a_learning_rate_of_a_million_on_separable_blobs_just_works():
    # One giant step separates well-separated blobs: the loss drops to 0 and stays there.
    data = make_dataset("blobs", n_points=100, n_classes=3, noise=0.3, seed=0)
    run = train(data, ModelSpec(), LossSpec(), learning_rate=1e6, steps=20)
    assert run.objective[-1] < 1e-12 and run.rises == 0 and run.accuracy[-1] == 1.0


def test_class_without_points_trains():
    data = make_dataset("blobs", n_points=60, n_classes=3, imbalance=1.0, seed=0)
    w = tuple(balanced_class_weights(data.y, 3))
    run = train(data, ModelSpec(), LossSpec("weighted_cross_entropy", w), steps=50)
    assert np.all(np.isfinite(run.objective)) and run.accuracy[-1] > 0.9


@pytest.mark.parametrize("steps", [0, 1, 5, 126, 127, 200, 5000, 49_000])
def test_snapshot_schedule_is_bounded_and_nested(steps):
    s = snapshot_schedule(steps)
    assert len(s) <= MAX_SNAPSHOTS and s[0] == 0 and s[-1] == steps
    assert np.all(np.diff(s) > 0)
    longer = snapshot_schedule(steps * 2 + 3)
    stride = longer[1] - longer[0]
    assert set(longer[longer <= steps].tolist()) <= set(s.tolist()) | {steps + 1}
    assert set(s[s % stride == 0].tolist()) <= set(longer.tolist())


def test_snapshot_step_at():
    run = train(make_dataset(n_points=30), ModelSpec(), LossSpec(), steps=300)
    assert run.snapshot_step_at(5) == 4 and run.snapshot_step_at(300) == 300
    assert run.snapshot_step_at(10**6) == 300 and run.snapshot_step_at(-3) == 0


def test_training_errors():
    data = make_dataset(n_points=30)
    with pytest.raises(ValueError, match="learning_rate must be > 0.0"):
        train(data, ModelSpec(), LossSpec(), learning_rate=0.0)
    with pytest.raises(ValueError, match="learning_rate must be a finite number"):
        train(data, ModelSpec(), LossSpec(), learning_rate=float("nan"))
    with pytest.raises(ValueError, match="steps must be a whole number from 0 to"):
        train(data, ModelSpec(), LossSpec(), steps=-1)
    with pytest.raises(ValueError, match="model kind must be one of"):
        train(data, ModelSpec("forest"), LossSpec())
    with pytest.raises(ValueError, match="hidden must be a whole number from 1 to 1024"):
        train(data, ModelSpec("hidden_layer", hidden=0), LossSpec())
    with pytest.raises(ValueError, match="activation must be one of 'tanh', 'relu'"):
        train(data, ModelSpec("hidden_layer", activation="sigmoid"), LossSpec())
    with pytest.raises(ValueError, match="loss must be one of"):
        train(data, ModelSpec(), LossSpec("hinge"))
    with pytest.raises(ValueError, match="class_weights has 2 values but there are 3 classes"):
        train(data, ModelSpec(), LossSpec("weighted_cross_entropy", (1.0, 1.0)))
    with pytest.raises(ValueError, match="class_weights must be non-negative"):
        train(data, ModelSpec(), LossSpec("weighted_cross_entropy", (1.0, -1.0, 1.0)))
    with pytest.raises(ValueError, match="class_weights give weight 0 to every point"):
        train(data, ModelSpec(), LossSpec("weighted_cross_entropy", (0.0, 0.0, 0.0)))
    with pytest.raises(ValueError, match="class_weights are needed"):
        train(data, ModelSpec(), LossSpec("weighted_cross_entropy"))
    with pytest.raises(ValueError, match="smoothing must be <= 1.0"):
        train(data, ModelSpec(), LossSpec("label_smoothing", smoothing=1.5))
    with pytest.raises(ValueError, match="gamma must be >= 0.0"):
        train(data, ModelSpec(), LossSpec("focal", gamma=-1.0))
    short = train(data, ModelSpec(), LossSpec(), steps=5)
    with pytest.raises(ValueError, match="start is a run of another model"):
        train(data, ModelSpec(), LossSpec(), learning_rate=0.1, steps=9, start=short)
    with pytest.raises(ValueError, match="start has 5 steps, more than steps=3"):
        train(data, ModelSpec(), LossSpec(), steps=3, start=short)
    with pytest.raises(ValueError, match="step 3 has no snapshot"):
        train(data, ModelSpec(), LossSpec(), steps=300).snapshot(3)
