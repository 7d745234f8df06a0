"""Beyond the mean loss: per class, calibration, confusion, and the baselines to beat.

Each function takes plain arrays (labels, predicted classes, per-sample losses or
confidences), so the page can also call one on its own.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import whole_number
from .._targets import class_indices
from .._validation import InputError, as_float_array, check_in_unit_interval, check_nonnegative
from ..information import cross_entropy, entropy, normalize
from .inputs import _NO_IGNORE, _labels_of

__all__ = [
    "Baselines",
    "Calibration",
    "ClassSummary",
    "baselines",
    "calibration",
    "class_summary",
    "confusion_matrix",
    "most_confused",
]


def _label_pairs(labels, predicted, n_classes: int) -> tuple[int, np.ndarray, np.ndarray]:
    """C, and the true and predicted class indices, checked alike."""
    c = whole_number(n_classes, "n_classes", 1)
    y = _labels_of(labels, c)
    pred = class_indices(np.asarray(predicted), y.shape[0], c, _NO_IGNORE, name="predicted")[0]
    return c, y, pred


class ClassSummary(NamedTuple):
    """Per class (by true label): how many samples, their mean loss and accuracy."""

    count: np.ndarray  # (C,) int
    mean_loss: np.ndarray  # (C,) nats; nan for a class with no samples
    accuracy: np.ndarray  # (C,) recall of the class; nan for a class with no samples


def class_summary(labels, predicted, losses, n_classes: int) -> ClassSummary:
    r"""Count, mean loss and accuracy of the samples of each true class.

    .. math:: \bar L_c = \frac{1}{n_c}\sum_{n: y_n = c} L_n, \qquad
              \text{acc}_c = \frac{1}{n_c}\,\#\{n : y_n = c,\ \hat y_n = c\}

    Parameters
    ----------
    labels, predicted : array_like of int, shape (N,)
        True and predicted class indices in [0, C).
    losses : array_like, shape (N,)
        Per-sample losses (``inf`` allowed).
    n_classes : int

    Returns
    -------
    ClassSummary

    Raises
    ------
    ValueError
        For indices outside [0, C), NaN or negative losses, or mismatched lengths.

    Examples
    --------
    >>> s = class_summary([0, 0, 1], [0, 1, 1], [0.1, 2.0, 0.3], 3)
    >>> s.count.tolist(), s.mean_loss.round(2).tolist()[:2], s.accuracy.tolist()[:2]
    ([2, 1, 0], [1.05, 0.3], [0.5, 1.0])
    """
    c, y, pred = _label_pairs(labels, predicted, n_classes)
    loss = as_float_array(losses, "losses", allow_empty=True)
    if loss.shape != y.shape:
        raise InputError(f"losses must have shape {y.shape}, one per label; got {loss.shape}")
    check_nonnegative(np.where(np.isposinf(loss), 0.0, loss), "losses")
    count = np.bincount(y, minlength=c)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(y, weights=loss, minlength=c) / count
        acc = np.bincount(y, weights=(pred == y).astype(np.float64), minlength=c) / count
    return ClassSummary(count=count, mean_loss=mean, accuracy=acc)


class Calibration(NamedTuple):
    """Reliability-diagram bins of the top-label confidence, and the ECE."""

    edges: np.ndarray  # (B + 1,) bin edges over [0, 1]
    count: np.ndarray  # (B,) samples per bin
    confidence: np.ndarray  # (B,) mean confidence per bin (nan if empty)
    accuracy: np.ndarray  # (B,) fraction correct per bin (nan if empty)
    ece: float  # expected calibration error


def calibration(confidence, correct, n_bins: int = 10) -> Calibration:
    r"""Reliability bins and the expected calibration error (Guo et al., 2017).

    Samples are binned by their confidence (the probability of the predicted class)
    into ``n_bins`` equal-width bins; a calibrated model is right as often as it is
    confident:

    .. math:: \text{ECE} = \sum_b \frac{n_b}{N}\,\big|\text{acc}_b - \text{conf}_b\big|

    Parameters
    ----------
    confidence : array_like, shape (N,)
        Values in [0, 1].
    correct : array_like of bool, shape (N,)
    n_bins : int, default 10
        From 1 to 1000.

    Returns
    -------
    Calibration

    Raises
    ------
    ValueError
        For confidences outside [0, 1], mismatched lengths or a bad bin count.

    Examples
    --------
    >>> cal = calibration([0.9, 0.9, 0.6, 0.6], [True, False, True, True], n_bins=2)
    >>> cal.count.tolist(), cal.accuracy.tolist(), round(cal.ece, 3)
    ([0, 4], [nan, 0.75], 0.0)
    """
    conf = as_float_array(confidence, "confidence")
    check_in_unit_interval(conf, "confidence")
    hit = np.asarray(correct)
    if hit.shape != conf.shape or conf.ndim != 1:
        raise InputError(f"correct must have the shape of confidence {conf.shape}, got {hit.shape}")
    b = whole_number(n_bins, "n_bins", 1)
    if b > 1000:
        raise InputError(f"n_bins must be at most 1000, got {b}")
    edges = np.linspace(0.0, 1.0, b + 1)
    # Bin k holds [k/B, (k+1)/B); confidence 1 goes in the last bin.
    idx = np.minimum((conf * b).astype(np.int64), b - 1)
    count = np.bincount(idx, minlength=b)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_conf = np.bincount(idx, weights=conf, minlength=b) / count
        acc = np.bincount(idx, weights=hit.astype(np.float64), minlength=b) / count
    gaps = np.where(count > 0, np.abs(acc - mean_conf), 0.0)
    ece = float(np.dot(count, gaps) / conf.size)
    return Calibration(edges=edges, count=count, confidence=mean_conf, accuracy=acc, ece=ece)


def confusion_matrix(labels, predicted, n_classes: int) -> np.ndarray:
    r"""Counts of (true class, predicted class) pairs: rows are true classes.

    .. math:: M_{ij} = \#\{n : y_n = i,\ \hat y_n = j\}

    Parameters
    ----------
    labels, predicted : array_like of int, shape (N,)
    n_classes : int

    Returns
    -------
    numpy.ndarray of int, shape (C, C)

    Raises
    ------
    ValueError
        For indices outside [0, C) or mismatched lengths.

    Examples
    --------
    >>> confusion_matrix([0, 1, 1], [0, 0, 1], 2).tolist()
    [[1, 0], [1, 1]]
    """
    c, y, pred = _label_pairs(labels, predicted, n_classes)
    return np.bincount(y * c + pred, minlength=c * c).reshape(c, c)


def most_confused(matrix, k: int = 20) -> list[tuple[int, int, int]]:
    r"""The ``k`` largest off-diagonal cells of a confusion matrix: (true, predicted, count).

    .. math:: \operatorname{top}_k \{ M_{ij} : i \ne j,\ M_{ij} > 0 \}

    Parameters
    ----------
    matrix : array_like of int, shape (C, C)
    k : int, default 20

    Returns
    -------
    list of (int, int, int)
        Largest count first; ties by true then predicted class.

    Raises
    ------
    ValueError
        For a matrix that is not square or has negative counts.

    Examples
    --------
    >>> most_confused([[5, 2, 0], [7, 1, 0], [0, 2, 9]], k=2)
    [(1, 0, 7), (0, 1, 2)]
    """
    m = as_float_array(matrix, "matrix")
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise InputError(f"matrix must be square (C, C), got shape {m.shape}")
    check_nonnegative(m, "matrix")
    kk = whole_number(k, "k", 1)
    off = m.copy()
    np.fill_diagonal(off, 0)
    flat = off.ravel()
    order = np.lexsort((np.arange(flat.size), -flat))[:kk]
    c = m.shape[0]
    return [(int(i // c), int(i % c), int(flat[i])) for i in order if flat[i] > 0]


class Baselines(NamedTuple):
    """Two losses any model should beat on these labels (nats)."""

    uniform: float  # ln C: predicting 1/C for every class
    base_rate: float  # H(label frequencies): always predicting the base rates
    frequencies: np.ndarray  # (C,) label frequencies


def baselines(labels, n_classes: int) -> Baselines:
    r"""The loss of a uniform guess and of always predicting the label frequencies.

    With label frequencies :math:`f` and the uniform prediction :math:`u = 1/C`:

    .. math:: H(f, u) = \ln C, \qquad H(f, f) = H(f) = -\sum_c f_c \ln f_c \le \ln C

    The second is the best any constant prediction can do on these labels.

    Parameters
    ----------
    labels : array_like of int, shape (N,)
    n_classes : int

    Returns
    -------
    Baselines

    Raises
    ------
    ValueError
        For labels outside [0, C).

    Examples
    --------
    >>> b = baselines([0, 0, 0, 1], 2)
    >>> round(b.uniform, 4), round(b.base_rate, 4)
    (0.6931, 0.5623)
    """
    c = whole_number(n_classes, "n_classes", 2)
    y = _labels_of(labels, c)
    if y.size == 0:
        raise InputError("labels is empty; give at least one label")
    freq = normalize(np.bincount(y, minlength=c).astype(np.float64))
    uniform = cross_entropy(freq, np.full(c, 1.0 / c))
    return Baselines(uniform=float(uniform), base_rate=float(entropy(freq)), frequencies=freq)
