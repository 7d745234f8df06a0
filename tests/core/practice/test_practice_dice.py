"""Soft Dice and soft-F1: formulas written out, gradients by finite differences, the registry.

* The losses equal the formulas written class by class with a loop; soft-F1 of C
  columns is the soft Dice, of a binary column the mean F1 of both classes.
* Every gradient equals central differences of its loss.
* The registry's 'dice' is the soft Dice of softmax(z); 'sum' is N times 'mean'; its
  curve is dice_curve; training with it lowers it. (tests/core/registry checks its
  gradient and its curve as it checks every entry.)
"""

from __future__ import annotations

import numpy as np
import pytest

import xentcore as xc
from xentcore.practice import (
    dice_curve,
    soft_dice_loss,
    soft_dice_loss_grad,
    soft_f1_loss,
    soft_f1_loss_grad,
)
from xentcore.registry import loss_entry
from xentcore.training import LossSpec, ModelSpec, make_dataset, train


def loop_dice(p: np.ndarray, y: np.ndarray, s: float) -> float:
    """1 - mean over the columns k of (2 Σ p t + s) / (Σ p + Σ t + s), column by column."""
    scores = []
    for k in range(p.shape[1]):
        t = (y == k).astype(float)
        den = p[:, k].sum() + t.sum() + s
        scores.append(1.0 if den == 0 else (2 * (p[:, k] * t).sum() + s) / den)
    return 1.0 - float(np.mean(scores))


@pytest.mark.parametrize("smooth", [0.0, 1.0, 5.0])
def test_losses_are_the_formulas(classifier, smooth):
    z, y = classifier(80, 4, seed=3)
    p = xc.softmax(z / 2.0, axis=1)
    assert soft_dice_loss(p, y, smooth=smooth) == pytest.approx(loop_dice(p, y, smooth), rel=1e-13)
    f1 = soft_f1_loss(p, y, smooth=smooth)
    assert f1.loss == pytest.approx(soft_dice_loss(p, y, smooth=smooth), rel=1e-13)
    onehot = np.eye(4)[y]
    np.testing.assert_allclose(f1.tp, (p * onehot).sum(axis=0))
    np.testing.assert_allclose(f1.fp, (p * (1 - onehot)).sum(axis=0))
    np.testing.assert_allclose(f1.fn, ((1 - p) * onehot).sum(axis=0))
    np.testing.assert_allclose(f1.f1, (2 * f1.tp + smooth) / (2 * f1.tp + f1.fp + f1.fn + smooth))
    pos = p[:, 0]
    yb = (y == 0).astype(int)
    binary_dice = 1 - (2 * (pos * yb).sum() + smooth) / (pos.sum() + yb.sum() + smooth)
    assert soft_dice_loss(pos, yb, smooth=smooth) == pytest.approx(binary_dice, rel=1e-13)
    both = np.column_stack([1 - pos, pos])
    assert soft_f1_loss(pos, yb, smooth=smooth).loss == pytest.approx(loop_dice(both, yb, smooth))


def test_an_absent_class_scores_one_without_smoothing():
    p = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    assert soft_dice_loss(p, [0, 1], smooth=0.0) == 0.0  # class 2: nothing predicted, none there
    assert soft_dice_loss(p, [0, 1], smooth=0.0) == loop_dice(p, np.array([0, 1]), 0.0)
    np.testing.assert_array_equal(soft_dice_loss_grad(p, [0, 1], smooth=0.0)[:, 2], [0.0, 0.0])


def test_dice_weighs_a_rare_class_as_much_as_a_common_one():
    # 95 samples of class 0, 5 of class 1; a model that always says "class 0" at 0.9.
    y = np.array([0] * 95 + [1] * 5)
    p = np.tile([0.9, 0.1], (100, 1))
    ce = float(xc.sample_losses(p, y, kind="probabilities").mean())
    dice = soft_dice_loss(p, y, smooth=0.0)
    per_class = soft_f1_loss(p, y, smooth=0.0).f1
    assert per_class[1] < 0.2 < 0.9 < per_class[0]  # the rare class is half the loss
    assert dice == pytest.approx(1 - per_class.mean()) and dice > 0.4 > ce / 2


@pytest.mark.parametrize("smooth", [0.0, 0.5, 2.0])
def test_gradients_are_finite_differences(classifier, numeric_gradient, smooth):
    z, y = classifier(12, 3, seed=4)
    p = xc.softmax(z / 3.0, axis=1)
    # Each probability moves freely (rows need not stay summing to 1): check the formulas.
    from xentcore.practice.dice import dice_grad_of, dice_loss_of

    onehot = np.eye(3)[y]
    fd = numeric_gradient(lambda v: dice_loss_of(v, onehot, smooth), p)
    np.testing.assert_allclose(dice_grad_of(p, onehot, smooth), fd, rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(soft_dice_loss_grad(p, y, smooth=smooth), fd, rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(soft_f1_loss_grad(p, y, smooth=smooth), fd, rtol=1e-6, atol=1e-10)
    pos, yb = p[:, 1], (y == 1).astype(int)
    for loss, grad in (
        (lambda v: soft_dice_loss(v, yb, smooth=smooth), soft_dice_loss_grad),
        (lambda v: soft_f1_loss(v, yb, smooth=smooth).loss, soft_f1_loss_grad),
    ):
        fd = numeric_gradient(loss, pos)
        np.testing.assert_allclose(grad(pos, yb, smooth=smooth), fd, rtol=1e-6, atol=1e-10)


def test_the_registry_entry_is_the_soft_dice_of_a_softmax(classifier):
    entry = loss_entry("dice")
    assert not entry.has_unit and entry.param_names == ("smooth",)
    z, y = classifier(30, 4, seed=5)
    p = xc.softmax(z, axis=1)
    for s in (0.0, 1.0, 3.0):
        assert entry.loss(z, y, smooth=s) == pytest.approx(
            soft_dice_loss(p, y, smooth=s), rel=1e-13
        )
        assert entry.loss(z, y, smooth=s, reduction="sum") == pytest.approx(
            30 * entry.loss(z, y, smooth=s), rel=1e-13
        )
    grid = np.linspace(0.0, 1.0, 11)
    np.testing.assert_array_equal(
        entry.curve(grid, classes=5, smooth=2.0), dice_curve(grid, classes=5, smooth=2.0)
    )


@pytest.mark.parametrize("classes", [2, 3, 10])
def test_the_curve_is_bounded_and_falls_to_zero(classes):
    p = np.linspace(0.0, 1.0, 201)
    curve = dice_curve(p, classes=classes, smooth=1.0)
    assert curve[-1] == pytest.approx(0.0, abs=1e-15) and np.all(curve <= 1.0)
    assert np.all(np.diff(curve) < 0)
    single = [
        soft_dice_loss(np.array([[q, *[(1 - q) / (classes - 1)] * (classes - 1)]]), [0])
        for q in p[::20]
    ]
    np.testing.assert_allclose(curve[::20], single, rtol=1e-12, atol=1e-15)


def test_training_on_dice_lowers_it():
    data = make_dataset("blobs", n_points=120, n_classes=3, imbalance=0.6, seed=2)
    run = train(data, ModelSpec(), LossSpec.of("dice", smooth=1.0), learning_rate=2.0, steps=60)
    assert run.objective[-1] < run.objective[0] and run.loss.settings() == {"smooth": 1.0}
