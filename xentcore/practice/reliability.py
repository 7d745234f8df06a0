r"""Is the model as right as it is confident? ECE, MCE, the Brier score, per-class reliability.

The bins are those of :func:`xentcore.calibration` (equal-width bins of the top-label
confidence, with confidence 1 in the last bin): the expected calibration error is its
``ece``, the maximum calibration error the largest gap of a non-empty bin. Per class
(one class against the rest), each class's own probability is binned the same way.
These are unitless: no ``base``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import as_float_array, check_in_unit_interval
from ..predictions.inputs import _pick, _row_argmax
from ..predictions.summaries import Calibration, calibration
from ._inputs import binary_labels, probabilities_of, scores_and_labels

__all__ = [
    "CalibrationErrors",
    "ClassReliability",
    "brier_score",
    "calibration_errors",
    "class_reliability",
]


class CalibrationErrors(NamedTuple):
    """Top-label calibration: the ECE, the MCE, the Brier score and the bins they come from."""

    ece: float
    mce: float
    brier: float
    bins: Calibration


def calibration_errors(
    scores, labels, *, kind: str = "probabilities", n_bins: int = 10
) -> CalibrationErrors:
    r"""Expected and maximum calibration error of the top label, and the Brier score.

    With :math:`B` equal-width bins of the confidence :math:`\max_c \hat p_{nc}`, each
    holding :math:`n_b` samples of mean confidence :math:`\text{conf}_b` and accuracy
    :math:`\text{acc}_b`:

    .. math:: \text{ECE} = \sum_b \frac{n_b}{N}\,|\text{acc}_b - \text{conf}_b|, \qquad
        \text{MCE} = \max_{b:\, n_b > 0} |\text{acc}_b - \text{conf}_b|

    Parameters
    ----------
    scores : array_like, shape (N, C)
        Probabilities (rows summing to 1) or logits.
    labels : array_like of int, shape (N,)
    kind : {'probabilities', 'logits'}, default 'probabilities'
    n_bins : int, default 10
        From 1 to 1000.

    Returns
    -------
    CalibrationErrors
        ``bins`` is :func:`xentcore.calibration`'s result on the same confidences.

    Raises
    ------
    InputError
        For invalid scores or labels, or a bad bin count.

    Examples
    --------
    >>> p = [[0.9, 0.1], [0.9, 0.1], [0.4, 0.6], [0.4, 0.6]]
    >>> e = calibration_errors(p, [0, 1, 1, 0], n_bins=5)
    >>> round(e.ece, 3), round(e.mce, 3), round(e.brier, 3)
    (0.25, 0.4, 0.67)
    """
    x, y = scores_and_labels(scores, labels, kind)
    p = probabilities_of(x, kind)
    predicted = _row_argmax(p)
    bins = calibration(_pick(p, predicted), predicted == y, n_bins)
    gaps = np.abs(bins.accuracy - bins.confidence)[bins.count > 0]
    return CalibrationErrors(bins.ece, float(gaps.max()), _brier_rows(p, y), bins)


def _brier_rows(p: np.ndarray, y: np.ndarray) -> float:
    """Mean over rows of the squared distance between a row and its one-hot label."""
    sq = np.einsum("nc,nc->n", p, p)  # Σ_c p² - 2 p_y + 1 = Σ_c (p_c - onehot_c)²
    return float(np.mean(sq - 2.0 * _pick(p, y) + 1.0))


def brier_score(probabilities, labels) -> float:
    r"""The Brier score: mean squared error between predicted probabilities and outcomes.

    .. math:: \text{BS} = \frac1N \sum_n \sum_c (\hat p_{nc} - y_{nc})^2
        \quad\text{or, binary,}\quad \frac1N \sum_n (\hat p_n - y_n)^2

    A 1-D column is the binary case, :math:`\hat p_n = P(y_n = 1)`, as
    ``sklearn.metrics.brier_score_loss``; C columns give the multi-class sum (in [0, 2];
    for C = 2 columns that is twice the binary score, sklearn's ``scale_by_half=False``).

    Parameters
    ----------
    probabilities : array_like, shape (N,) or (N, C)
        P(y = 1) per sample, or probability rows summing to 1.
    labels : array_like of int, shape (N,)
        0 or 1 for a 1-D column, else class indices in [0, C).

    Returns
    -------
    float

    Raises
    ------
    InputError
        For probabilities outside [0, 1], rows not summing to 1, or bad labels.

    Examples
    --------
    >>> round(brier_score([0.9, 0.2, 0.6], [1, 0, 0]), 4)
    0.1367
    >>> round(brier_score([[0.1, 0.9], [0.8, 0.2], [0.4, 0.6]], [1, 0, 0]), 4)
    0.2733
    """
    p = as_float_array(probabilities, "probabilities")
    if p.ndim == 1:
        check_in_unit_interval(p, "probabilities")
        y = binary_labels(labels, p.size, "labels")
        return float(np.mean((p - y) ** 2))
    x, y = scores_and_labels(p, labels, "probabilities", name="probabilities")
    return _brier_rows(x, y)


class ClassReliability(NamedTuple):
    """Per class c (one against the rest): bins of the probability of c, and how often c."""

    edges: np.ndarray  # (B + 1,) over [0, 1]
    count: np.ndarray  # (C, B) samples whose probability of c falls in the bin
    confidence: np.ndarray  # (C, B) mean probability of c in the bin (nan if empty)
    frequency: np.ndarray  # (C, B) fraction of those samples whose label is c (nan if empty)
    ece: np.ndarray  # (C,) each class's calibration error, Σ_b n_b/N |freq_b - conf_b|


def class_reliability(
    scores, labels, *, kind: str = "probabilities", n_bins: int = 10
) -> ClassReliability:
    r"""Reliability data of every class: its probability binned, and how often it is the label.

    For class :math:`c`, the samples with :math:`\hat p_{nc}` in bin :math:`b` have mean
    probability :math:`\text{conf}_{cb}` and are of class :math:`c` a fraction
    :math:`\text{freq}_{cb}` of the time; calibrated means equal:

    .. math:: \text{ECE}_c = \sum_b \frac{n_{cb}}{N}\,|\text{freq}_{cb} - \text{conf}_{cb}|

    Parameters
    ----------
    scores : array_like, shape (N, C)
        Probabilities (rows summing to 1) or logits.
    labels : array_like of int, shape (N,)
    kind : {'probabilities', 'logits'}, default 'probabilities'
    n_bins : int, default 10

    Returns
    -------
    ClassReliability

    Raises
    ------
    InputError
        For invalid scores or labels, or a bad bin count.

    Examples
    --------
    >>> r = class_reliability([[0.8, 0.2], [0.8, 0.2], [0.3, 0.7]], [0, 1, 1], n_bins=2)
    >>> r.count.tolist(), r.frequency[0].round(2).tolist()
    ([[1, 2], [2, 1]], [0.0, 0.5])
    """
    x, y = scores_and_labels(scores, labels, kind)
    p = probabilities_of(x, kind)
    per_class = [calibration(p[:, c], y == c, n_bins) for c in range(p.shape[1])]
    stack = lambda field: np.stack([getattr(cal, field) for cal in per_class])  # noqa: E731
    return ClassReliability(
        edges=per_class[0].edges,
        count=stack("count"),
        confidence=stack("confidence"),
        frequency=stack("accuracy"),
        ece=np.array([cal.ece for cal in per_class]),
    )
