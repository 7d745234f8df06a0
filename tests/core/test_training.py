"""xentcore.training: toy data, models, losses, gradient descent and the logistic identity.

* Datasets are deterministic (same seed, same points) and have the promised class counts.
* Every loss matches an independent formula (SciPy's softmax); every gradient used in
  training matches central finite differences, for every loss and both models.
* Gradient descent on cross-entropy lowers the loss at every step at a small learning
  rate on separable blobs; continuing a run equals training from 0; a learning rate far
  too large stops with the step where the loss became inf/nan, and nothing non-finite.
* The logistic-regression gradient is Xᵀ(ŷ − y)/N, checked three ways.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import expit, log_softmax
from scipy.special import softmax as sp_softmax
from sklearn.utils.class_weight import compute_class_weight

import xentcore
from xentcore.training import (
    LOSSES,
    MAX_SNAPSHOTS,
    Dataset,
    LossSpec,
    ModelSpec,
    balanced_class_weights,
    class_counts,
    decision_grid,
    focal_loss,
    focal_loss_grad,
    init_params,
    logistic_example,
    logistic_regression_gradient,
    loss_and_gradients,
    make_dataset,
    model_logits,
    objective,
    objective_grad,
    snapshot_schedule,
    squared_error_grad,
    squared_error_loss,
    train,
)

MODELS = [
    ModelSpec("softmax_regression"),
    ModelSpec("hidden_layer", hidden=5, activation="tanh"),
    ModelSpec("hidden_layer", hidden=5, activation="relu"),
]
SPECS = {
    "cross_entropy": LossSpec("cross_entropy"),
    "squared_error": LossSpec("squared_error"),
    "weighted_cross_entropy": LossSpec("weighted_cross_entropy", class_weights=(0.5, 2.0, 1.5)),
    "label_smoothing": LossSpec("label_smoothing", smoothing=0.2),
    "focal": LossSpec("focal", gamma=2.0),
}
H = 1e-6


def central_difference(f, x: np.ndarray) -> np.ndarray:
    grad = np.empty_like(x)
    for k in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[k] += H
        xm[k] -= H
        grad[k] = (f(xp) - f(xm)) / (xp[k] - xm[k])
    return grad


def random_params(model: ModelSpec, k: int, seed: int) -> dict:
    """Parameters away from the zero start (so every gradient is non-trivial)."""
    rng = np.random.default_rng(seed)
    return {n: rng.normal(0.0, 0.8, a.shape) for n, a in init_params(model, k, seed).items()}


# --------------------------------------------------------------------------- datasets


@pytest.mark.parametrize("kind,k", [("blobs", 4), ("moons", 2), ("spirals", 3)])
def test_datasets_are_deterministic(kind, k):
    a = make_dataset(kind, n_points=250, n_classes=k, noise=0.3, imbalance=0.4, seed=7)
    b = make_dataset(kind, n_points=250, n_classes=k, noise=0.3, imbalance=0.4, seed=7)
    c = make_dataset(kind, n_points=250, n_classes=k, noise=0.3, imbalance=0.4, seed=8)
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.X, c.X)
    assert a.X.shape == (250, 2) and a.y.shape == (250,) and a.n_classes == k
    np.testing.assert_array_equal(a.counts, class_counts(250, k, 0.4))


def test_dataset_rows_are_shuffled():
    data = make_dataset("blobs", n_points=60, n_classes=3, seed=0)
    assert len(set(data.y[:6].tolist())) > 1  # the first rows mix the classes


def test_blobs_without_noise_sit_on_their_centres():
    data = make_dataset("blobs", n_points=40, n_classes=4, noise=0.0, seed=3)
    angle = 2 * np.pi * data.y / 4
    np.testing.assert_allclose(data.X, np.stack([np.cos(angle), np.sin(angle)], axis=1))


def test_moons_without_noise_lie_on_the_half_circles():
    data = make_dataset("moons", n_points=200, n_classes=2, noise=0.0, seed=1)
    shifted = data.X + [0.5, 0.25]
    upper = shifted[data.y == 0]
    lower = shifted[data.y == 1] - [1.0, 0.5]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    np.testing.assert_allclose(np.hypot(*lower.T), 1.0)
    assert upper[:, 1].min() >= -1e-12 and lower[:, 1].max() <= 1e-12


def test_spirals_without_noise_stay_inside_the_unit_disc():
    data = make_dataset("spirals", n_points=300, n_classes=3, noise=0.0, seed=2)
    assert np.hypot(*data.X.T).max() <= 1.0


@pytest.mark.parametrize(
    "n,k,r,expected",
    [(10, 3, 0.0, [4, 3, 3]), (100, 2, 0.8, [83, 17]), (9, 3, 1.0, [6, 3, 0]), (1, 4, 0.0, None)],
)
def test_class_counts(n, k, r, expected):
    counts = class_counts(n, k, r)
    assert counts.sum() == n
    if expected is not None:
        assert counts.tolist() == expected
    share = 1 - r * np.arange(k) / (k - 1)
    assert np.all(np.abs(counts - n * share / share.sum()) < 1)  # largest remainder


def test_full_imbalance_leaves_the_last_class_empty():
    data = make_dataset("blobs", n_points=100, n_classes=3, imbalance=1.0, seed=0)
    assert data.counts[-1] == 0 and data.counts.sum() == 100


def test_balanced_weights_match_scikit_learn():
    y = make_dataset("blobs", n_points=300, n_classes=4, imbalance=0.7, seed=0).y
    ours = balanced_class_weights(y, 4)
    ref = compute_class_weight("balanced", classes=np.arange(4), y=y)
    np.testing.assert_allclose(ours, ref, rtol=1e-15)


def test_balanced_weights_give_an_empty_class_weight_one():
    y = np.array([0, 0, 0, 1])
    ref = compute_class_weight("balanced", classes=np.array([0, 1]), y=y)
    np.testing.assert_allclose(balanced_class_weights(y, 3), [*ref, 1.0])


# --------------------------------------------------------------------------- losses


def _logits(n=7, k=3, seed=0, scale=2.0):
    rng = np.random.default_rng(seed)
    return rng.normal(0, scale, (n, k)), rng.integers(0, k, n)


@pytest.mark.parametrize("seed", range(3))
def test_squared_error_matches_the_formula(seed):
    z, y = _logits(seed=seed)
    expected = np.mean(np.sum((sp_softmax(z, axis=1) - np.eye(3)[y]) ** 2, axis=1))
    assert squared_error_loss(z, y) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("gamma", [0.0, 0.5, 1.0, 2.0, 5.0])
def test_focal_loss_matches_the_formula(gamma):
    z, y = _logits(seed=int(gamma * 10))
    logp = log_softmax(z, axis=1)[np.arange(len(y)), y]
    expected = np.mean(-((1 - np.exp(logp)) ** gamma) * logp)
    assert focal_loss(z, y, gamma=gamma) == pytest.approx(expected, rel=1e-13)


def test_focal_with_gamma_zero_is_cross_entropy():
    z, y = _logits(seed=4)
    assert focal_loss(z, y, gamma=0.0) == pytest.approx(xentcore.softmax_cross_entropy(z, y))
    np.testing.assert_allclose(
        focal_loss_grad(z, y, gamma=0.0), xentcore.softmax_cross_entropy_grad(z, y), rtol=1e-13
    )


@pytest.mark.parametrize("name", ["cross_entropy", "weighted_cross_entropy", "label_smoothing"])
def test_cross_entropy_family_is_xentcore(name):
    z, y = _logits(seed=5)
    spec = SPECS[name]
    kwargs = {
        "weighted_cross_entropy": {"weight": spec.class_weights},
        "label_smoothing": {"label_smoothing": spec.smoothing},
    }.get(name, {})
    assert objective(z, y, spec) == xentcore.softmax_cross_entropy(z, y, **kwargs)
    np.testing.assert_array_equal(
        objective_grad(z, y, spec), xentcore.softmax_cross_entropy_grad(z, y, **kwargs)
    )


@pytest.mark.parametrize("name", LOSSES)
@pytest.mark.parametrize("seed", range(3))
def test_logit_gradients_match_finite_differences(name, seed):
    z, y = _logits(seed=seed)
    spec = SPECS[name]
    fd = central_difference(lambda v: objective(v, y, spec), z)
    np.testing.assert_allclose(objective_grad(z, y, spec), fd, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("gamma", [0.3, 1.0, 3.0])
def test_focal_gradient_matches_finite_differences(gamma):
    z, y = _logits(seed=9, scale=3.0)
    fd = central_difference(lambda v: focal_loss(v, y, gamma=gamma), z)
    np.testing.assert_allclose(focal_loss_grad(z, y, gamma=gamma), fd, rtol=1e-6, atol=1e-8)


def test_squared_error_gradient_matches_finite_differences():
    z, y = _logits(seed=10, scale=3.0)
    fd = central_difference(lambda v: squared_error_loss(v, y), z)
    np.testing.assert_allclose(squared_error_grad(z, y), fd, rtol=1e-6, atol=1e-9)


def test_focal_gradient_is_finite_when_the_prediction_is_certain():
    grad = focal_loss_grad([[800.0, 0.0]], [0], gamma=0.5)
    assert np.all(np.isfinite(grad)) and np.all(grad == 0)


def test_saturated_wrong_prediction_squared_error_gradient_vanishes():
    # Why cross-entropy trains faster: at a confident mistake, squared error barely pulls.
    z, y = np.array([[0.0, 12.0]]), np.array([0])
    se = np.abs(squared_error_grad(z, y)).max()
    ce = np.abs(xentcore.softmax_cross_entropy_grad(z, y)).max()
    assert se < 1e-4 < 0.99 < ce


# --------------------------------------------------------------------------- models


@pytest.mark.parametrize("model", MODELS, ids=lambda m: f"{m.kind}-{m.activation}")
@pytest.mark.parametrize("name", LOSSES)
def test_parameter_gradients_match_finite_differences(model, name):
    data = make_dataset("blobs", n_points=12, n_classes=3, noise=0.5, seed=1)
    spec = SPECS[name]
    params = random_params(model, 3, seed=2)
    _, grads = loss_and_gradients(params, data, model, spec)
    for pname, value in params.items():

        def f(v, pname=pname):
            return loss_and_gradients({**params, pname: v}, data, model, spec)[0]

        fd = central_difference(f, value)
        np.testing.assert_allclose(grads[pname], fd, rtol=1e-5, atol=1e-8, err_msg=pname)


def test_model_logits_by_hand():
    p = {"W1": [[1.0, -1.0]], "b1": [0.0, 0.5], "W2": [[2.0], [1.0]], "b2": [0.25]}
    z = model_logits(p, [[0.3]], ModelSpec("hidden_layer", hidden=2, activation="relu"))
    assert z.tolist() == [[2.0 * 0.3 + 1.0 * 0.2 + 0.25]]
    z = model_logits(p, [[0.3]], ModelSpec("hidden_layer", hidden=2, activation="tanh"))
    assert z[0, 0] == pytest.approx(2 * math.tanh(0.3) + math.tanh(0.2) + 0.25)


def test_every_model_starts_at_the_uniform_prediction():
    data = make_dataset("spirals", n_points=50, n_classes=5, seed=0)
    for model in MODELS:
        run = train(data, model, LossSpec(), steps=0)
        assert run.cross_entropy[0] == pytest.approx(math.log(5), rel=1e-15)
        assert run.confidence[0] == pytest.approx(0.2)


# --------------------------------------------------------------------------- training


@pytest.mark.parametrize("model", MODELS[:2], ids=lambda m: m.kind)
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
def test_continuing_a_run_equals_training_from_zero(name):
    data = make_dataset("spirals", n_points=90, n_classes=3, noise=0.1, seed=4)
    model, spec = ModelSpec("hidden_layer", hidden=8), SPECS[name]
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


def test_decision_grid_is_the_models_argmax():
    data = make_dataset("spirals", n_points=60, n_classes=4, seed=1)
    model = ModelSpec("hidden_layer", hidden=6)
    params = random_params(model, 4, seed=0)
    g = decision_grid(params, model, data.X, resolution=17)
    assert g.predicted.shape == g.confidence.shape == (17, 17)
    i, j = 5, 11
    z = model_logits(params, [[g.x[j], g.y[i]]], model)
    assert g.predicted[i, j] == int(np.argmax(z))
    assert g.confidence[i, j] == pytest.approx(sp_softmax(z).max())
    assert g.x[0] == pytest.approx(data.X[:, 0].min() - 0.25)


# --------------------------------------------------------------------------- logistic regression


def test_logistic_gradient_three_ways():
    rng = np.random.default_rng(0)
    X, y, beta = rng.normal(size=(6, 2)), rng.integers(0, 2, 6).astype(float), rng.normal(size=3)
    g = logistic_regression_gradient(X, y, beta)
    design = np.hstack([np.ones((6, 1)), X])
    y_hat = expit(design @ beta)
    np.testing.assert_allclose(g.probability, y_hat, rtol=1e-15)
    np.testing.assert_allclose(g.gradient, design.T @ (y_hat - y) / 6, rtol=1e-14)
    np.testing.assert_allclose(g.chain_rule, g.gradient, rtol=1e-13, atol=1e-16)

    def loss(b):
        return xentcore.binary_cross_entropy_with_logits(design @ b, y)

    np.testing.assert_allclose(g.gradient, central_difference(loss, beta), rtol=1e-6, atol=1e-9)
    assert g.loss == pytest.approx(loss(beta))


def test_logistic_example_labels_class_one():
    data = Dataset(np.arange(8.0).reshape(4, 2), np.array([2, 1, 0, 1]), 3, "blobs")
    X, y = logistic_example(data, n_rows=3)
    assert X.tolist() == [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]] and y.tolist() == [0.0, 1.0, 0.0]


def test_softmax_regression_on_two_classes_is_logistic_regression():
    # With K = 2 the softmax of (z0, z1) is σ(z1 - z0): the page's logistic panel is
    # the two-class case of the models it trains.
    data = make_dataset("moons", n_points=40, n_classes=2, seed=0)
    params = random_params(ModelSpec(), 2, seed=1)
    _, grads = loss_and_gradients(params, data, ModelSpec(), LossSpec())
    beta = np.r_[params["b"][1] - params["b"][0], params["W"][:, 1] - params["W"][:, 0]]
    g = logistic_regression_gradient(data.X, (data.y == 1).astype(float), beta)
    np.testing.assert_allclose(g.gradient[1:], grads["W"][:, 1], rtol=1e-12)
    np.testing.assert_allclose(g.gradient[0], grads["b"][1], rtol=1e-12)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"kind": "circles"}, "kind must be one of 'blobs', 'moons', 'spirals'"),
        ({"n_points": 0}, "n_points must be a whole number from 1 to"),
        ({"n_points": 2.5}, "n_points must be a whole number"),
        ({"n_points": float("nan")}, "n_points must be a finite number"),
        ({"n_classes": 1}, "n_classes must be a whole number from 2 to 10"),
        ({"kind": "moons", "n_classes": 3}, "n_classes must be 2 for moons"),
        ({"noise": -0.1}, "noise must be >= 0.0"),
        ({"noise": float("inf")}, "noise must be a finite number"),
        ({"imbalance": 1.5}, "imbalance must be <= 1.0"),
        ({"seed": -1}, "seed must be a whole number from 0"),
        ({"seed": True}, "seed must be a whole number"),
    ],
)
def test_make_dataset_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_dataset(**kwargs)


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


def test_loss_and_model_input_errors():
    with pytest.raises(ValueError, match="logits must have shape \\(N, C\\)"):
        squared_error_loss([0.0, 1.0], [0])
    with pytest.raises(ValueError, match="logits has a non-finite value nan"):
        focal_loss([[0.0, float("nan")]], [0])
    with pytest.raises(ValueError, match="target has class index 2 at row 0, outside \\[0, 2\\)"):
        squared_error_grad([[0.0, 1.0]], [2])
    with pytest.raises(ValueError, match="target has 2 class indices for 1 rows"):
        focal_loss_grad([[0.0, 1.0]], [0, 1])
    with pytest.raises(ValueError, match="target must be integer class indices"):
        objective([[0.0, 1.0]], [0.5], LossSpec())
    with pytest.raises(ValueError, match="params has no W1, b1, W2, b2"):
        model_logits({"W": [[1.0]], "b": [0.0]}, [[1.0]], ModelSpec("hidden_layer"))
    with pytest.raises(ValueError, match="X has 3 features but the model takes 2"):
        model_logits(init_params(ModelSpec(), 2), [[1.0, 2.0, 3.0]], ModelSpec())
    with pytest.raises(ValueError, match="resolution must be a whole number from 2 to 400"):
        decision_grid(init_params(ModelSpec(), 2), ModelSpec(), [[0.0, 0.0]], resolution=1)
    with pytest.raises(ValueError, match="beta must hold a bias and 2 coefficient"):
        logistic_regression_gradient([[1.0, 2.0]], [1.0], [0.0, 1.0])
    with pytest.raises(ValueError, match="y must hold one label per row of X"):
        logistic_regression_gradient([[1.0, 2.0]], [1.0, 0.0], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="y is empty"):
        balanced_class_weights([], 2)
