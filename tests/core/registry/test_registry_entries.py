"""xentcore.registry: every registered loss, checked from its entry alone.

* Each entry's gradient equals central finite differences of its loss ('mean' and 'sum').
* Each entry's curve equals its loss at a one-hot target whose true class gets p and
  the other C - 1 classes share 1 - p; in bits it is the nats curve over ln 2 (a loss
  without a unit ignores ``base``).
* The names listed are exactly what training accepts, and training's losses are the
  entries' losses, bit for bit.
* A loss registered at run time (with a setting of its own) is known to LossSpec,
  objective and train without touching them.

The settings each check uses come from the entry's own LossParams, so a new entry is
tested here as soon as it is registered.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import xentcore
from xentcore.curves import cross_entropy_curve, focal_curve, smoothed_cross_entropy_curve
from xentcore.registry import (
    LOSS_REGISTRY,
    LossEntry,
    LossParam,
    loss_entry,
    loss_names,
    register_loss,
)
from xentcore.training import (
    LOSSES,
    LossSpec,
    ModelSpec,
    make_dataset,
    objective,
    objective_grad,
    train,
)

NAMES = loss_names()
WITH_CURVE = [name for name in NAMES if loss_entry(name).curve_fn is not None]
STEP = 1e-6


def settings_for(entry: LossEntry, n_classes: int) -> dict:
    """A value for every setting: class weights that differ, else the default (or mid-range)."""
    out = {}
    for p in entry.params:
        if p.kind == "class_weights":
            out[p.name] = tuple(np.linspace(0.5, 2.0, n_classes).tolist())
        else:
            out[p.name] = p.default if p.default is not None else (p.low + p.high) / 2
    return out


def numeric_gradient(f, z: np.ndarray) -> np.ndarray:
    """(f(z + h e_i) - f(z - h e_i)) / 2h for every coordinate i."""
    basis = np.eye(z.size).reshape(z.size, *z.shape) * STEP
    return np.array([(f(z + e) - f(z - e)) / (2 * STEP) for e in basis]).reshape(z.shape)


def one_hot_logits(p: float, classes: int) -> np.ndarray:
    """Logits whose softmax gives class 0 p and each other class (1 - p)/(C - 1)."""
    return np.log([[p] + [(1 - p) / (classes - 1)] * (classes - 1)])


# ---------------------------------------------------------------- gradients


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("name", NAMES)
def test_gradient_matches_finite_differences(name, reduction):
    entry = loss_entry(name)
    rng = np.random.default_rng(3)
    z, y = rng.normal(0.0, 2.0, (6, 4)), rng.integers(0, 4, 6)
    s = settings_for(entry, 4)
    grad = entry.grad(z, y, reduction=reduction, **s)
    fd = numeric_gradient(lambda v: entry.loss(v, y, reduction=reduction, **s), z)
    assert grad.shape == z.shape
    np.testing.assert_allclose(grad, fd, rtol=1e-6, atol=1e-8)


# ---------------------------------------------------------------- curves


@pytest.mark.parametrize("classes", [2, 3, 7])
@pytest.mark.parametrize("name", WITH_CURVE)
def test_curve_is_the_loss_at_a_one_hot_target(name, classes):
    entry = loss_entry(name)
    s = settings_for(entry, classes)
    for p in (0.01, 0.2, 0.5, 0.9, 0.999):
        loss = entry.loss(one_hot_logits(p, classes), [0], **s)
        assert float(entry.curve(p, classes=classes, **s)) == pytest.approx(loss, rel=1e-11)


@pytest.mark.parametrize("name", WITH_CURVE)
def test_curve_in_bits(name):
    entry = loss_entry(name)
    s = settings_for(entry, 3)
    p = np.array([0.05, 0.5, 0.95])
    nats = entry.curve(p, classes=3, **s)
    scale = math.log(2) if entry.has_unit else 1.0
    np.testing.assert_allclose(entry.curve(p, classes=3, base=2, **s), nats / scale, rtol=1e-14)


def test_loss_curves_are_the_entries_curves():
    p = np.linspace(0.01, 1.0, 25)
    np.testing.assert_array_equal(
        cross_entropy_curve(p, base=2), loss_entry("cross_entropy").curve(p, base=2)
    )
    np.testing.assert_array_equal(
        focal_curve(p, gamma=1.5), loss_entry("focal").curve(p, gamma=1.5)
    )
    np.testing.assert_array_equal(
        smoothed_cross_entropy_curve(p, smoothing=0.2, classes=5),
        loss_entry("label_smoothing").curve(p, classes=5, smoothing=0.2),
    )


# ---------------------------------------------------------------- what lists losses


def test_training_accepts_exactly_the_registered_names():
    assert LOSSES == NAMES == tuple(LOSS_REGISTRY)
    with pytest.raises(ValueError, match="loss must be one of 'cross_entropy', 'squared_error'"):
        LossSpec("hinge").canonical()


@pytest.mark.parametrize("name", NAMES)
def test_training_losses_are_the_entries_losses(name):
    entry = loss_entry(name)
    rng = np.random.default_rng(5)
    z, y = rng.normal(0.0, 2.0, (5, 3)), rng.integers(0, 3, 5)
    s = settings_for(entry, 3)
    spec = LossSpec.of(name, **s)
    assert objective(z, y, spec) == entry.loss(z, y, **s)
    np.testing.assert_array_equal(objective_grad(z, y, spec), entry.grad(z, y, **s))
    assert spec.canonical().settings() == entry.check_params(s)


@pytest.mark.parametrize("name", NAMES)
def test_every_entry_is_described(name):
    entry = loss_entry(name)
    assert entry.label and entry.short and entry.summary
    for p in entry.params:
        assert p.label and p.kind in ("number", "class_weights")
        if p.kind == "number" and p.default is not None:
            assert p.low <= p.default <= p.high


def test_the_softmax_page_loss_is_the_weighted_entry_with_reduction_sum():
    # One example, as the Softmax & logits page computes it: sum, not mean, over the row.
    z, w = np.array([2.0, 1.0, 0.1]), (0.5, 2.0, 1.0)
    page = xentcore.loss_and_gradient(z, 1, weight=w)
    entry = loss_entry("weighted_cross_entropy")
    assert entry.loss(z[None], [1], reduction="sum", class_weights=w) == pytest.approx(
        page.loss_nats, rel=1e-15
    )
    np.testing.assert_allclose(
        entry.grad(z[None], [1], reduction="sum", class_weights=w)[0], page.grad, rtol=1e-15
    )


# ---------------------------------------------------------------- adding a loss


def _double_ce(batch, *, scale):
    return scale * loss_entry("cross_entropy").loss_fn(batch)


def _double_ce_grad(batch, *, scale):
    return scale * loss_entry("cross_entropy").grad_fn(batch)


@pytest.fixture
def scaled_loss():
    """A loss registered for the length of one test, with a setting LossSpec has no field for."""
    entry = register_loss(
        LossEntry(
            "scaled_cross_entropy",
            "Scaled cross-entropy",
            "scaled CE",
            (LossParam("scale", "Scale s", 2.0, 0.0, 10.0),),
            _double_ce,
            _double_ce_grad,
            summary="s times the cross-entropy.",
        )
    )
    yield entry
    del LOSS_REGISTRY[entry.name]


def test_a_registered_loss_is_known_to_training(scaled_loss):
    assert loss_names()[-1] == "scaled_cross_entropy"
    spec = LossSpec.of("scaled_cross_entropy", scale=3.0).canonical()
    assert spec.params == (("scale", 3.0),) and spec.gamma is None
    assert "params=(('scale', 3.0),)" in repr(spec)
    z, y = np.array([[0.0, 1.0, 2.0]]), [2]
    assert objective(z, y, spec) == 3.0 * xentcore.softmax_cross_entropy(z, y)
    data = make_dataset(n_points=30)
    run = train(data, ModelSpec(), LossSpec.of("scaled_cross_entropy"), steps=5)
    assert run.loss.settings() == {"scale": 2.0}
    np.testing.assert_allclose(run.objective, 2.0 * run.cross_entropy, rtol=1e-15)
    with pytest.raises(ValueError, match="has no curve"):
        scaled_loss.curve(0.5)


# ---------------------------------------------------------------- bad input


ERRORS = {
    "unknown setting": (
        lambda: loss_entry("focal").loss([[0.0, 1.0]], [0], margin=1.0),
        r"focal takes no setting 'margin'; its settings are \('gamma',\)",
    ),
    "missing weights": (
        lambda: loss_entry("weighted_cross_entropy").loss([[0.0, 1.0]], [0]),
        "class_weights are needed for the weighted cross-entropy",
    ),
    "weights per class": (
        lambda: loss_entry("weighted_cross_entropy").grad([[0.0, 1.0]], [0], class_weights=[1]),
        "class_weights has 1 values but there are 2 classes",
    ),
    "reduction": (
        lambda: loss_entry("cross_entropy").loss([[0.0, 1.0]], [0], reduction="none"),
        "reduction must be one of 'mean', 'sum', got 'none'",
    ),
    "gamma": (
        lambda: loss_entry("focal").grad([[0.0, 1.0]], [0], gamma=-1),
        "gamma must be >= 0.0",
    ),
    "curve p": (lambda: loss_entry("focal").curve(1.5), r"p must be probabilities in \[0, 1\]"),
    "curve classes": (
        lambda: loss_entry("label_smoothing").curve(0.5, classes=1),
        "classes must be >= 2, got 1",
    ),
    "name": (lambda: loss_entry("hinge"), "loss must be one of 'cross_entropy'"),
    "twice": (
        lambda: register_loss(loss_entry("focal")),
        "a loss called 'focal' is registered already",
    ),
    "param": (lambda: loss_entry("focal").param("eps"), "focal has no setting 'eps'"),
}


@pytest.mark.parametrize("case", ERRORS, ids=list(ERRORS))
def test_errors_name_the_problem(case):
    call, message = ERRORS[case]
    with pytest.raises(xentcore.InputError, match=message):
        call()
