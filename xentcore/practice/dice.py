r"""Soft Dice and soft-F1 losses: overlap scores that weigh every class alike, however rare.

With probabilities :math:`p_{nk}` and one-hot targets :math:`t_{nk}`, the soft counts of
column :math:`k` over the whole batch are :math:`\mathrm{TP}_k = \sum_n p_{nk} t_{nk}`,
:math:`\mathrm{FP}_k = \sum_n p_{nk}(1 - t_{nk})`, :math:`\mathrm{FN}_k = \sum_n (1 -
p_{nk}) t_{nk}`, and with smoothing :math:`s \ge 0`

.. math:: D_k = \frac{2\,\mathrm{TP}_k + s}{2\,\mathrm{TP}_k + \mathrm{FP}_k + \mathrm{FN}_k + s}
    = \frac{2 \sum_n p_{nk} t_{nk} + s}{\sum_n p_{nk} + \sum_n t_{nk} + s}

(:math:`D_k = 1` when the denominator is 0: nothing predicted, nothing there). The loss
is :math:`1 - \frac1K \sum_k D_k`. A rare class is one of the K terms, as heavy as a
common one, where cross-entropy weighs classes by how many samples they have.

The soft Dice of a binary column counts the positive class only (the segmentation
convention); the soft-F1 of a binary column averages the F1 of both classes. For C
columns the two are the same number (:math:`2\mathrm{TP} + \mathrm{FP} + \mathrm{FN} =
\sum p + \sum t`). :data:`xentcore.LOSS_REGISTRY` holds the multi-class Dice of a
softmax as ``'dice'``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import as_float_array, check_in_unit_interval, check_scalar, check_whole
from .._validation import scalar_or_array as _scalar_or_array
from ..predictions.inputs import _one_hot
from ._inputs import binary_labels, scores_and_labels

__all__ = [
    "SoftF1",
    "dice_curve",
    "soft_dice_loss",
    "soft_dice_loss_grad",
    "soft_f1_loss",
    "soft_f1_loss_grad",
]


def _parts(p: np.ndarray, t: np.ndarray, smooth: float):
    """Per column: soft TP, Σp + Σt, and D (1 where the denominator is 0)."""
    tp = np.einsum("nk,nk->k", p, t)
    total = p.sum(axis=0) + t.sum(axis=0)
    den = total + smooth
    score = np.divide(2.0 * tp + smooth, den, out=np.ones_like(den), where=den > 0)
    return tp, total, score


def dice_loss_of(p: np.ndarray, t: np.ndarray, smooth: float) -> float:
    """``1 - mean_k D_k`` of checked (N, K) probabilities and one-hot targets."""
    return float(1.0 - np.mean(_parts(p, t, smooth)[2]))


def dice_grad_of(p: np.ndarray, t: np.ndarray, smooth: float) -> np.ndarray:
    r"""Its gradient in p: :math:`-\frac1K \frac{2 t_{nk} (\Sigma_k + s) - (2\mathrm{TP}_k + s)}
    {(\Sigma_k + s)^2}`, 0 in a column whose denominator is 0."""
    tp, total, _ = _parts(p, t, smooth)
    den = total + smooth
    safe = np.where(den > 0, den, 1.0)
    g = (2.0 * t * safe - (2.0 * tp + smooth)) / safe**2
    return np.where(den > 0, -g / p.shape[1], 0.0)


def _columns(probabilities, target, name: str = "probabilities"):
    """(p, t, binary): (N, K) probabilities and one-hot targets; a 1-D P(y=1) gives K = 1."""
    arr = as_float_array(probabilities, name)
    if arr.ndim == 1:
        check_in_unit_interval(arr, name)
        y = binary_labels(target, arr.size)
        return arr[:, None], y[:, None].astype(np.float64), True
    x, y = scores_and_labels(arr, target, "probabilities", name=name, labels_name="target")
    return x, _one_hot(y, x.shape[1]), False


def _smooth(smooth) -> float:
    return check_scalar(smooth, "smooth", low=0.0)


def soft_dice_loss(probabilities, target, *, smooth: float = 1.0) -> float:
    r"""Soft Dice loss: one minus the mean over classes of the batch's soft Dice score.

    .. math:: L = 1 - \frac1K \sum_k \frac{2 \sum_n p_{nk} t_{nk} + s}
        {\sum_n p_{nk} + \sum_n t_{nk} + s}

    Parameters
    ----------
    probabilities : array_like, shape (N,) or (N, C)
        P(y = 1) per sample (binary: the positive class only, K = 1), or probability
        rows summing to 1 (K = C).
    target : array_like of int, shape (N,)
        0 or 1, or class indices in [0, C).
    smooth : float, default 1.0
        s >= 0, added to numerator and denominator.

    Returns
    -------
    float
        In [0, 1]; unitless.

    Raises
    ------
    InputError
        For invalid probabilities or targets, or a negative smoothing.

    Examples
    --------
    >>> round(soft_dice_loss([0.9, 0.8, 0.1], [1, 1, 0], smooth=0.0), 4)
    0.1053
    >>> round(soft_dice_loss([[0.7, 0.3], [0.2, 0.8]], [0, 1], smooth=0.0), 4)
    0.2506
    """
    p, t, _ = _columns(probabilities, target)
    return dice_loss_of(p, t, _smooth(smooth))


def soft_dice_loss_grad(probabilities, target, *, smooth: float = 1.0) -> np.ndarray:
    r"""Gradient of :func:`soft_dice_loss` with respect to the probabilities.

    .. math:: \frac{\partial L}{\partial p_{nk}} = -\frac1K\,
        \frac{2 t_{nk} (P_k + T_k + s) - (2 I_k + s)}{(P_k + T_k + s)^2}

    with :math:`I_k = \sum_n p_{nk} t_{nk}`, :math:`P_k = \sum_n p_{nk}`,
    :math:`T_k = \sum_n t_{nk}`. Each probability is treated as free (not constrained
    to its row's sum); the registry's ``'dice'`` chains it through a softmax.

    Parameters
    ----------
    probabilities : array_like, shape (N,) or (N, C)
    target : array_like of int, shape (N,)
    smooth : float, default 1.0

    Returns
    -------
    numpy.ndarray
        The shape of ``probabilities``.

    Raises
    ------
    InputError
        As :func:`soft_dice_loss`.

    Examples
    --------
    >>> soft_dice_loss_grad([0.5, 0.5], [1, 0], smooth=0.0).round(4).tolist()
    [-0.75, 0.25]
    """
    p, t, binary = _columns(probabilities, target)
    g = dice_grad_of(p, t, _smooth(smooth))
    return g[:, 0] if binary else g


class SoftF1(NamedTuple):
    """The soft-F1 loss and, per class, its soft F1 and soft confusion counts."""

    loss: float  # 1 - mean of f1
    f1: np.ndarray  # (K,) smoothed soft F1 per class (K = 2 for a binary column)
    tp: np.ndarray  # (K,) soft true positives Σ p t
    fp: np.ndarray  # (K,) soft false positives Σ p (1 - t)
    fn: np.ndarray  # (K,) soft false negatives Σ (1 - p) t


def _f1_columns(probabilities, target):
    p, t, binary = _columns(probabilities, target)
    if binary:  # both classes of a binary column: [1 - p, p] against [1 - y, y]
        p, t = np.hstack([1.0 - p, p]), np.hstack([1.0 - t, t])
    return p, t, binary


def soft_f1_loss(probabilities, target, *, smooth: float = 1.0) -> SoftF1:
    r"""Soft-F1 loss: one minus the macro-averaged F1 of soft confusion counts.

    .. math:: F_k = \frac{2\,\mathrm{TP}_k + s}{2\,\mathrm{TP}_k + \mathrm{FP}_k
        + \mathrm{FN}_k + s}, \qquad L = 1 - \frac1K \sum_k F_k

    A binary column :math:`p = P(y = 1)` counts both classes (K = 2, so true negatives
    count too); C probability columns give K = C, the same value as
    :func:`soft_dice_loss`.

    Parameters
    ----------
    probabilities : array_like, shape (N,) or (N, C)
        P(y = 1) per sample, or probability rows summing to 1.
    target : array_like of int, shape (N,)
        0 or 1, or class indices in [0, C).
    smooth : float, default 1.0
        s >= 0.

    Returns
    -------
    SoftF1

    Raises
    ------
    InputError
        For invalid probabilities or targets, or a negative smoothing.

    Examples
    --------
    >>> f = soft_f1_loss([0.9, 0.8, 0.1], [1, 1, 0], smooth=0.0)
    >>> round(f.loss, 4), f.tp.round(2).tolist(), f.fn.round(2).tolist()
    (0.1435, [0.9, 1.7], [0.1, 0.3])
    """
    p, t, _ = _f1_columns(probabilities, target)
    tp, _, score = _parts(p, t, _smooth(smooth))
    return SoftF1(float(1.0 - score.mean()), score, tp, p.sum(axis=0) - tp, t.sum(axis=0) - tp)


def soft_f1_loss_grad(probabilities, target, *, smooth: float = 1.0) -> np.ndarray:
    r"""Gradient of :func:`soft_f1_loss`'s loss with respect to the probabilities.

    For C columns it is :func:`soft_dice_loss_grad`; a binary column :math:`p` enters
    both classes, :math:`[1 - p, p]`, so

    .. math:: \frac{\partial L}{\partial p_n} = \frac{\partial L}{\partial p_{n1}}
        - \frac{\partial L}{\partial p_{n0}}

    Parameters
    ----------
    probabilities : array_like, shape (N,) or (N, C)
    target : array_like of int, shape (N,)
    smooth : float, default 1.0

    Returns
    -------
    numpy.ndarray
        The shape of ``probabilities``.

    Raises
    ------
    InputError
        As :func:`soft_f1_loss`.

    Examples
    --------
    >>> soft_f1_loss_grad([0.5, 0.5], [1, 0], smooth=0.0).round(4).tolist()
    [-0.5, 0.5]
    """
    p, t, binary = _f1_columns(probabilities, target)
    g = dice_grad_of(p, t, _smooth(smooth))
    return g[:, 1] - g[:, 0] if binary else g


def dice_curve_of(p: np.ndarray, classes: int, smooth: float) -> np.ndarray:
    """The multi-class Dice loss of one sample whose true class gets p (checked inputs)."""
    q = (1.0 - p) / (classes - 1.0)  # each other class: no target, so TP = 0
    true = (2.0 * p + smooth) / (p + 1.0 + smooth)
    den = q + smooth
    other = np.divide(smooth, den, out=np.ones_like(den), where=den > 0)
    return 1.0 - (true + (classes - 1.0) * other) / classes


def dice_curve(p, *, classes: int = 2, smooth: float = 1.0):
    r"""The multi-class soft Dice loss of one sample whose true class gets probability p.

    The other :math:`C - 1` classes share :math:`1 - p`; they have no target, so each
    scores :math:`s / (q + s)` with :math:`q = (1 - p)/(C - 1)`:

    .. math:: L(p) = 1 - \frac1C\Big(\frac{2p + s}{p + 1 + s} + (C - 1)\frac{s}{q + s}\Big)

    Bounded (at most 1) and nearly straight where cross-entropy's :math:`-\log p`
    shoots up: a confident mistake pulls no harder than a mild one. This is the
    registry's ``'dice'`` curve (:meth:`xentcore.LossEntry.curve`).

    Parameters
    ----------
    p : float or array_like
        Probabilities of the true class in [0, 1].
    classes : int, default 2
        C >= 2.
    smooth : float, default 1.0
        s >= 0.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    InputError
        For p outside [0, 1], fewer than 2 classes or a negative smoothing.

    Examples
    --------
    >>> dice_curve([0.0, 0.5, 1.0], classes=2, smooth=1.0).round(4).tolist()
    [0.5, 0.2667, 0.0]
    """
    arr = as_float_array(p, "p")
    check_in_unit_interval(arr, "p")
    c = check_whole(classes, "classes", 2)
    return _scalar_or_array(dice_curve_of(arr, c, _smooth(smooth)))
