"""What a prediction file must hold, checked: scores of one kind, labels, weights.

Scores are probabilities (rows summing to 1) or logits, one row per sample and one
column per class; labels are class indices. Here are the checks every other module of
the package runs first (:func:`_checked`), the per-sample losses and log-probabilities,
the fast row picks the evaluation uses, and the row-sum check of probability rows.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._targets import class_indices
from .._targets import class_weight as _class_weight
from .._validation import (
    SUM_TOLERANCE,
    InputError,
    as_float_array,
    check_distribution,
    check_finite,
    check_in_unit_interval,
    check_nonnegative,
    check_scalar,
)
from ..information import normalize
from ..losses import nll_loss, softmax_cross_entropy
from ..softmax import log_softmax

__all__ = [
    "KINDS",
    "ROW_SUM_TOLERANCE",
    "RowSums",
    "log_probabilities",
    "renormalize_rows",
    "row_sums",
    "sample_losses",
]

#: What a prediction column holds.
KINDS = ("probabilities", "logits")
#: A probability row may miss 1 by this much, as everywhere in xentcore.
ROW_SUM_TOLERANCE = SUM_TOLERANCE

#: No label can equal this, so class_indices never ignores a row.
_NO_IGNORE = int(np.iinfo(np.int64).min)


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise InputError(f"kind must be 'probabilities' or 'logits', got {kind!r}")
    return kind


def _scores(scores, kind: str, *, check_sums: bool = True) -> np.ndarray:
    """(N, C) float scores, validated for their kind (memory layout kept)."""
    _check_kind(kind)
    x = as_float_array(scores, "scores")
    if x.ndim != 2:
        raise InputError(
            f"scores must have shape (N, C): one row per sample, one column per class; "
            f"got shape {x.shape}"
        )
    if x.shape[1] < 2:
        raise InputError(
            f"scores has {x.shape[1]} class column(s); give at least 2 "
            "(a binary P(y=1) column p becomes the two columns 1 - p and p)"
        )
    if kind == "logits":
        check_finite(x, "scores")
    else:
        check_in_unit_interval(x, "scores")
        if check_sums:
            check_distribution(x, "scores", 1)
    return x


def _labels(labels, n: int, c: int) -> np.ndarray:
    y = np.asarray(labels)
    if y.ndim != 1:
        raise InputError(f"labels must be a 1-D array of class indices, got shape {y.shape}")
    idx, _ = class_indices(y, n, c, _NO_IGNORE, name="labels")
    return idx


def _labels_of(labels, c: int) -> np.ndarray:
    """Class indices in [0, c), however many there are."""
    y = np.asarray(labels)
    return _labels(y, y.shape[0] if y.ndim == 1 else -1, c)


def _sample_weight(sample_weight, n: int) -> np.ndarray | None:
    if sample_weight is None:
        return None
    s = as_float_array(sample_weight, "sample_weight")
    if s.shape != (n,):
        raise InputError(f"sample_weight must have shape ({n},), one per row; got {s.shape}")
    check_nonnegative(s, "sample_weight")
    return s


class _Inputs(NamedTuple):
    """Checked scores, labels, weights and smoothing of one evaluation."""

    x: np.ndarray  # (N, C) scores
    y: np.ndarray  # (N,) class indices
    kind: str
    w: np.ndarray | None  # (C,) class weights
    s: np.ndarray | None  # (N,) sample weights
    eps: float  # label smoothing


def _checked(
    scores, labels, kind: str, class_weight=None, sample_weight=None, label_smoothing=0.0
) -> _Inputs:
    """Every argument checked, in this order: scores, labels, weights, smoothing."""
    x = _scores(scores, kind)
    n, c = x.shape
    y = _labels(labels, n, c)
    w = _class_weight(class_weight, c, "class_weight")
    s = _sample_weight(sample_weight, n)
    return _Inputs(x, y, kind, w, s, _smoothing(label_smoothing, kind))


def _one_hot(y: np.ndarray, c: int, order: str = "C") -> np.ndarray:
    # Same memory order as the scores: mixing C- and F-ordered operands is several times slower.
    out = np.zeros((y.shape[0], c), order=order)
    out.ravel(order="K")[_flat_index(y, out)] = 1.0
    return out


def _order(x: np.ndarray) -> str:
    return "F" if x.flags.f_contiguous and not x.flags.c_contiguous else "C"


def _flat_index(cols: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Positions of ``x[n, cols[n]]`` in ``x.ravel(order='K')`` (x contiguous)."""
    n, c = x.shape
    rows = np.arange(n)
    return cols * n + rows if _order(x) == "F" else rows * c + cols


def _pick(x: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``x[n, cols[n]]`` for every row: a 1-D take, faster than 2-D fancy indexing."""
    if not (x.flags.c_contiguous or x.flags.f_contiguous):
        x = np.ascontiguousarray(x)
    return x.ravel(order="K").take(_flat_index(cols, x))


def _row_argmax(x: np.ndarray) -> np.ndarray:
    """``x.argmax(axis=1)`` (first maximum on ties), fast for column-major arrays too."""
    n, c = x.shape
    if _order(x) != "F" or c > 64:
        return x.argmax(axis=1)
    # NumPy's argmax along the short, strided rows of a column-major array copies it
    # first; C passes down its contiguous columns do not.
    best = x[:, 0].copy()
    arg = np.zeros(n, dtype=np.int64)
    for j in range(1, c):
        col = x[:, j]
        better = col > best
        np.copyto(arg, j, where=better)
        np.copyto(best, col, where=better)
    return arg


def log_probabilities(scores, kind: str) -> np.ndarray:
    r"""Log-probabilities of every class: :math:`\log p` or :math:`\log\operatorname{softmax}(z)`.

    .. math:: \ell_{nc} = \log \hat p_{nc} \quad\text{or}\quad
              \ell_{nc} = z_{nc} - \log\textstyle\sum_k e^{z_{nk}}

    Parameters
    ----------
    scores : array_like, shape (N, C)
        Probabilities (rows summing to 1) or finite logits.
    kind : {'probabilities', 'logits'}

    Returns
    -------
    numpy.ndarray, shape (N, C)
        ``-inf`` where a probability is 0.

    Raises
    ------
    ValueError
        For scores that are not valid for their kind.

    Examples
    --------
    >>> log_probabilities([[0.5, 0.5]], "probabilities").round(4).tolist()
    [[-0.6931, -0.6931]]
    >>> log_probabilities([[0.0, 0.0]], "logits").round(4).tolist()
    [[-0.6931, -0.6931]]
    """
    return _log_probs(_scores(scores, kind), kind)


def _log_probs(x: np.ndarray, kind: str) -> np.ndarray:
    if kind == "logits":
        return log_softmax(x, axis=1)
    with np.errstate(divide="ignore"):
        return np.log(x)


def sample_losses(scores, labels, *, kind: str, label_smoothing: float = 0.0) -> np.ndarray:
    r"""Per-sample cross-entropy in nats, unweighted: ``reduction='none'``.

    .. math:: L_n = -\log \hat p_{n, y_n}

    From probabilities it is ``nll_loss(log p, y)``; from logits
    ``softmax_cross_entropy(z, y)``, which also takes label smoothing ε:
    :math:`L_n = (1-\varepsilon)(-\ell_{n,y_n}) + \frac{\varepsilon}{C}\sum_c (-\ell_{nc})`.

    Parameters
    ----------
    scores : array_like, shape (N, C)
    labels : array_like of int, shape (N,)
        Class indices in [0, C).
    kind : {'probabilities', 'logits'}
    label_smoothing : float, default 0.0
        ε in [0, 1]; logits only.

    Returns
    -------
    numpy.ndarray, shape (N,)
        ``inf`` where a probability of the true class is 0.

    Raises
    ------
    ValueError
        For invalid scores, labels outside [0, C), or smoothing with probabilities.

    Examples
    --------
    >>> sample_losses([[0.2, 0.8], [0.5, 0.5]], [1, 0], kind="probabilities").round(4).tolist()
    [0.2231, 0.6931]
    >>> float(sample_losses([[0.0, 0.0]], [1], kind="logits")[0]) == float(np.log(2))
    True
    """
    a = _checked(scores, labels, kind, label_smoothing=label_smoothing)
    if kind == "logits":
        return softmax_cross_entropy(a.x, a.y, reduction="none", label_smoothing=a.eps)
    return nll_loss(_log_probs(a.x, kind), a.y, reduction="none")


def _smoothing(label_smoothing, kind: str) -> float:
    eps = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
    if eps > 0 and kind != "logits":
        raise InputError(
            f"label_smoothing={eps:g} needs logits (as torch.nn.functional.cross_entropy); "
            "set it to 0 for probabilities"
        )
    return eps


# ---------------------------------------------------------------------------
# Probability rows
# ---------------------------------------------------------------------------


class RowSums(NamedTuple):
    """How many probability rows miss 1, and the worst one."""

    n_off: int  # rows with |sum - 1| > tolerance
    worst_row: int  # 0-based index of the largest |sum - 1|
    worst_sum: float  # that row's sum
    tolerance: float


def _rows(probabilities) -> np.ndarray:
    p = as_float_array(probabilities, "probabilities")
    if p.ndim != 2:
        raise InputError(f"probabilities must have shape (N, C), got {p.shape}")
    return p


def row_sums(probabilities, *, tolerance: float = ROW_SUM_TOLERANCE) -> RowSums:
    r"""Check that every row of probabilities sums to 1.

    .. math:: \text{off}_n = \Big[\,\big|\textstyle\sum_c p_{nc} - 1\big| > \tau\,\Big]

    Parameters
    ----------
    probabilities : array_like, shape (N, C)
        Finite values.
    tolerance : float, default 1e-9
        τ, as everywhere in xentcore.

    Returns
    -------
    RowSums

    Raises
    ------
    ValueError
        For non-finite values, a shape that is not (N, C), or a negative tolerance.

    Examples
    --------
    >>> row_sums([[0.5, 0.5], [0.3, 0.3], [0.6, 0.6]])
    RowSums(n_off=2, worst_row=1, worst_sum=0.6, tolerance=1e-09)
    """
    p = _rows(probabilities)
    check_finite(p, "probabilities")
    tol = check_scalar(tolerance, "tolerance", low=0.0)
    dev = np.abs(p.sum(axis=1) - 1.0)
    worst = int(np.argmax(dev))
    return RowSums(
        n_off=int(np.count_nonzero(dev > tol)),
        worst_row=worst,
        worst_sum=float(p[worst].sum()),
        tolerance=tol,
    )


def renormalize_rows(probabilities) -> np.ndarray:
    r"""Divide each row by its sum so that it sums to 1: :math:`p_{nc} / \sum_k p_{nk}`.

    Parameters
    ----------
    probabilities : array_like, shape (N, C)
        Non-negative, finite, each row with a positive sum.

    Returns
    -------
    numpy.ndarray, shape (N, C)

    Raises
    ------
    ValueError
        For negative or non-finite values, or a row of zeros (named by its index).

    Examples
    --------
    >>> renormalize_rows([[0.2, 0.2], [0.3, 0.6]]).round(4).tolist()
    [[0.5, 0.5], [0.3333, 0.6667]]
    """
    p = _rows(probabilities)
    check_nonnegative(p, "probabilities")
    zero = p.sum(axis=1) <= 0
    if zero.any():
        row = int(np.argmax(zero))
        raise InputError(
            f"probabilities row {row} is all zeros ({int(zero.sum())} such rows); "
            "a row of zeros cannot be renormalised"
        )
    return normalize(p, axis=1)
