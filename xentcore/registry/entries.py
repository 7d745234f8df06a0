r"""The losses themselves: one :class:`LossEntry` each, registered in the order pages list them.

To add a loss, write its loss and gradient on a :class:`LossBatch` (and, if it has one,
its curve against the true class's probability) below, then :func:`register_loss` an
entry with its :class:`LossParam` settings. Training (``LOSSES``, :class:`LossSpec`,
``train``) and every list of losses read :data:`LOSS_REGISTRY`, so nothing else changes.
``tests/core/registry/test_registry_entries.py`` checks every entry from its settings
alone (gradient against finite differences, curve against the loss at a one-hot
target); add a test of the new loss's own formula there.

All losses are in nats (natural log); :math:`p_{n,y_n}` is the softmax probability of
row :math:`n`'s true class.
"""

from __future__ import annotations

import numpy as np

from .._validation import log_base
from ..gradients import softmax_cross_entropy_grad
from ..information import cross_entropy
from ..losses import softmax_cross_entropy
from ..practice.dice import dice_curve_of, dice_grad_of, dice_loss_of
from .entry import LossBatch, LossEntry, LossParam
from .lookup import register_loss

__all__ = ["true_class_pair"]


def true_class_pair(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Target ``[0, 1]`` and prediction ``[1 - p, p]``: the true class (second) gets ``p``."""
    target = np.broadcast_to([0.0, 1.0], (*p.shape, 2))
    return target, np.stack([1.0 - p, p], axis=-1)


def _ce_curve(p: np.ndarray, *, classes: int, base: float | None, **_) -> np.ndarray:
    # H([0, 1], [1 - p, p]) = -log p; + 0.0 turns the -0.0 of p = 1 into 0.0.
    return np.asarray(cross_entropy(*true_class_pair(p), base=base)) + 0.0


# ---------------------------------------------------------------- cross-entropy


def _ce(batch: LossBatch, **kwargs) -> float:
    return float(softmax_cross_entropy(batch.z, batch.y, reduction=batch.reduction, **kwargs))


def _ce_grad(batch: LossBatch, **kwargs) -> np.ndarray:
    return softmax_cross_entropy_grad(batch.z, batch.y, reduction=batch.reduction, **kwargs)


register_loss(
    LossEntry(
        "cross_entropy",
        "Cross-entropy",
        "cross-entropy",
        (),
        _ce,
        _ce_grad,
        _ce_curve,
        summary="-log p of the true class, averaged over the points.",
    )
)


# ---------------------------------------------------------------- squared error


def _squared_error(batch: LossBatch) -> float:
    return float(np.sum((batch.p - batch.onehot) ** 2) / batch.divisor)


def _squared_error_grad(batch: LossBatch) -> np.ndarray:
    p = batch.p
    g = 2.0 * (p - batch.onehot) / batch.divisor  # dL/dp
    # Back through the softmax Jacobian diag(p) - p pᵀ, row by row.
    return p * (g - np.sum(g * p, axis=1, keepdims=True))


def _squared_error_curve(p: np.ndarray, *, classes: int, **_) -> np.ndarray:
    # (1 - p)² for the true class plus (C - 1) others at ((1 - p)/(C - 1))².
    return (1.0 - p) ** 2 * (classes / (classes - 1.0))


register_loss(
    LossEntry(
        "squared_error",
        "Squared error on softmax",
        "squared error",
        (),
        _squared_error,
        _squared_error_grad,
        _squared_error_curve,
        has_unit=False,
        summary="Σ_c (p_c - y_c)², averaged: bounded, so a confident mistake pulls weakly.",
    )
)


# ---------------------------------------------------------------- weighted cross-entropy


def _weighted(batch: LossBatch, *, class_weights) -> float:
    return _ce(batch, weight=np.asarray(class_weights, dtype=float))


def _weighted_grad(batch: LossBatch, *, class_weights) -> np.ndarray:
    return _ce_grad(batch, weight=np.asarray(class_weights, dtype=float))


_WEIGHTS = LossParam(
    "class_weights",
    "Class weights",
    kind="class_weights",
    needed="class_weights are needed for the weighted cross-entropy",
    help="One non-negative weight per class; the mean divides by the weights of the targets.",
)
# One example's mean divides by its own weight, so the curve is plain -log p.
register_loss(
    LossEntry(
        "weighted_cross_entropy",
        "Weighted cross-entropy",
        "weighted CE",
        (_WEIGHTS,),
        _weighted,
        _weighted_grad,
        _ce_curve,
        summary="Each point's -log p times its class's weight, over the summed weights.",
    )
)


# ---------------------------------------------------------------- label smoothing


def _smoothed(batch: LossBatch, *, smoothing: float) -> float:
    return _ce(batch, label_smoothing=float(smoothing))


def _smoothed_grad(batch: LossBatch, *, smoothing: float) -> np.ndarray:
    return _ce_grad(batch, label_smoothing=float(smoothing))


def _smoothed_curve(p: np.ndarray, *, classes: int, base: float | None, smoothing: float):
    r"""Label-smoothed cross-entropy of ``[p, (1-p)/(C-1), ...]``: the C-1 others grouped.

    .. math:: L_\varepsilon(p) = H([a, 1-a], [p, 1-p]) + (1 - a)\log(C - 1),
        \qquad a = 1 - \varepsilon + \varepsilon / C
    """
    a = 1.0 - smoothing + smoothing / classes  # the smoothed target's true-class share
    div = log_base(base)
    target = np.broadcast_to([a, 1.0 - a], (*p.shape, 2))
    prediction = np.stack([p, 1.0 - p], axis=-1)
    grouped = np.asarray(cross_entropy(target, prediction, base=base))
    return grouped + (1.0 - a) * np.log(classes - 1.0) / div + 0.0


_SMOOTHING = LossParam("smoothing", "Label smoothing ε", 0.1, 0.0, 1.0)
register_loss(
    LossEntry(
        "label_smoothing",
        "Label smoothing",
        "label smoothing",
        (_SMOOTHING,),
        _smoothed,
        _smoothed_grad,
        _smoothed_curve,
        summary="Cross-entropy against (1 - ε) y + ε / C: certainty stops paying.",
    )
)


# ---------------------------------------------------------------- focal loss


def _focal_parts(log_p_true: np.ndarray, gamma: float) -> tuple[np.ndarray, np.ndarray]:
    """Per-point focal loss and the factor F with ∂L_n/∂z_nk = F_n (p_nk - y_nk)."""
    ce = -log_p_true
    q = -np.expm1(log_p_true)  # 1 - p_y, accurate when p_y is near 1
    if gamma == 0.0:
        return ce, np.ones_like(ce)
    mod = q**gamma
    # γ p (1-p)^(γ-1) (-log p): written as γ p (1-p)^γ (-log p)/(1-p), which is 0 at p = 1.
    with np.errstate(divide="ignore", invalid="ignore"):
        extra = np.where(q > 0, gamma * (1.0 - q) * mod * ce / q, 0.0)
    return mod * ce, mod + extra


def _focal(batch: LossBatch, *, gamma: float) -> float:
    per_point, _ = _focal_parts(batch.log_p[batch.rows, batch.y], float(gamma))
    return float(per_point.sum() / batch.divisor)


def _focal_grad(batch: LossBatch, *, gamma: float) -> np.ndarray:
    logp = batch.log_p
    _, factor = _focal_parts(logp[batch.rows, batch.y], float(gamma))
    grad = np.exp(logp)
    grad[batch.rows, batch.y] -= 1.0  # p - y, scaled per point below
    return grad * (factor / batch.divisor)[:, None]


def _focal_curve(p: np.ndarray, *, classes: int, base: float | None, gamma: float, alpha=1.0):
    r"""Focal loss of the true class, :math:`\alpha (1 - p)^\gamma (-\log p)`, in ``base`` units."""
    return alpha * (1.0 - p) ** gamma * _ce_curve(p, classes=classes, base=base)


_GAMMA = LossParam("gamma", "Focal γ", 2.0, 0.0, 100.0)
register_loss(
    LossEntry(
        "focal",
        "Focal loss",
        "focal loss",
        (_GAMMA,),
        _focal,
        _focal_grad,
        _focal_curve,
        summary="(1 - p)^γ (-log p): points already predicted well count less.",
    )
)


# ---------------------------------------------------------------- soft Dice
# The formulas are xentcore.practice.dice's; here the probabilities are a softmax's.
# 'sum' is N times the batch's loss, as for every entry (Dice is not a sum over rows).


def _dice(batch: LossBatch, *, smooth: float) -> float:
    return batch.n / batch.divisor * dice_loss_of(batch.p, batch.onehot, float(smooth))


def _dice_grad(batch: LossBatch, *, smooth: float) -> np.ndarray:
    p = batch.p
    g = dice_grad_of(p, batch.onehot, float(smooth)) * (batch.n / batch.divisor)  # dL/dp
    return p * (g - np.sum(g * p, axis=1, keepdims=True))  # back through the softmax


def _dice_curve(p: np.ndarray, *, classes: int, smooth: float, **_) -> np.ndarray:
    return dice_curve_of(p, classes, float(smooth))


_DICE_SMOOTH = LossParam(
    "smooth",
    "Dice smoothing s",
    1.0,
    0.0,
    100.0,
    help="Added to the overlap and to the total of every class, so an absent class scores 1.",
)
register_loss(
    LossEntry(
        "dice",
        "Soft Dice loss",
        "soft Dice",
        (_DICE_SMOOTH,),
        _dice,
        _dice_grad,
        _dice_curve,
        has_unit=False,
        summary="1 - the mean over classes of 2·Σ p·y / (Σ p + Σ y): each class counts alike.",
    )
)
