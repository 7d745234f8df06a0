"""Everything at once: :func:`evaluate_predictions`, the whole story of one set of predictions.

The scores are checked and their log-probabilities computed once; every part (the
frameworks' reductions, per class, calibration, confusion, baselines, histogram, worst
samples) is then read from those shared arrays. Nothing loops over rows.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..losses import nll_loss
from .inputs import _checked, _Inputs, _log_probs, _pick, _row_argmax
from .reductions import Reductions, _reductions
from .summaries import (
    Baselines,
    Calibration,
    ClassSummary,
    baselines,
    calibration,
    class_summary,
    confusion_matrix,
)
from .units import LossHistogram, loss_histogram, worst_samples

__all__ = ["Evaluation", "evaluate_predictions"]


class Evaluation(NamedTuple):
    """The whole story of one set of predictions (losses in nats)."""

    n: int
    n_classes: int
    kind: str
    losses: np.ndarray  # (N,) -log p(y), no weights, no smoothing
    p_true: np.ndarray  # (N,) predicted probability of the true class
    predicted: np.ndarray  # (N,) argmax class
    confidence: np.ndarray  # (N,) probability of the predicted class
    mean_loss: float
    n_infinite: int  # samples whose true class got probability 0
    accuracy: float
    reductions: Reductions
    classes: ClassSummary
    calibration: Calibration
    confusion: np.ndarray  # (C, C)
    baselines: Baselines
    histogram: LossHistogram
    worst: np.ndarray  # indices of the largest losses, largest first


def evaluate_predictions(
    scores,
    labels,
    *,
    kind: str,
    class_weight=None,
    sample_weight=None,
    label_smoothing: float = 0.0,
    n_bins: int = 10,
    n_worst: int = 100,
    histogram_bins: int | None = None,
) -> Evaluation:
    r"""Evaluate predictions against labels: losses, reductions, calibration and more.

    The mean cross-entropy is :math:`\bar L = -\frac1N\sum_n \log \hat p_{n,y_n}`;
    its perplexity is :math:`e^{\bar L}`. See :func:`framework_reductions`,
    :func:`class_summary`, :func:`calibration`,
    :func:`confusion_matrix`, :func:`baselines`, :func:`loss_histogram` and
    :func:`worst_samples` for the parts. The log-probabilities are computed once and
    shared; nothing loops over rows.

    Parameters
    ----------
    scores : array_like, shape (N, C)
        Probabilities (rows summing to 1 within 1e-9) or logits.
    labels : array_like of int, shape (N,)
    kind : {'probabilities', 'logits'}
    class_weight : array_like, shape (C,), optional
    sample_weight : array_like, shape (N,), optional
    label_smoothing : float, default 0.0
        Logits only; changes the PyTorch and Keras reductions, not the mean.
    n_bins : int, default 10
        Reliability-diagram bins.
    n_worst : int, default 100
        How many of the worst samples to index.
    histogram_bins : int, optional
        Bins of the loss histogram; by default :math:`\lceil\sqrt N\rceil` clipped to
        [10, 40].

    Returns
    -------
    Evaluation

    Raises
    ------
    ValueError
        For invalid scores, labels, weights or settings; the message names the argument.

    Examples
    --------
    >>> from xentcore.predictions import perplexity_nats, source_example
    >>> y, p = source_example()
    >>> ev = evaluate_predictions(p, y, kind="probabilities")
    >>> round(ev.mean_loss, 3), ev.accuracy, round(perplexity_nats(ev.mean_loss), 3)
    (0.247, 1.0, 1.28)
    """
    a = _checked(scores, labels, kind, class_weight, sample_weight, label_smoothing)
    logp = _log_probs(a.x, kind)
    losses = nll_loss(logp, a.y, reduction="none")
    if histogram_bins is None:
        histogram_bins = int(np.clip(np.ceil(np.sqrt(a.x.shape[0])), 10, 40))
    return _evaluation(a, logp, losses, n_bins, n_worst, histogram_bins)


def _top_class(a: _Inputs, logp: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Predicted class, probability of the true class, probability of the predicted class."""
    if a.kind == "probabilities":
        predicted = _row_argmax(a.x)
        return predicted, _pick(a.x, a.y), _pick(a.x, predicted)
    predicted = _row_argmax(logp)
    return predicted, np.exp(_pick(logp, a.y)), np.exp(_pick(logp, predicted))


def _evaluation(
    a: _Inputs,
    logp: np.ndarray,
    losses: np.ndarray,
    n_bins: int,
    n_worst: int,
    histogram_bins: int,
) -> Evaluation:
    """:func:`evaluate_predictions` from checked inputs and their per-sample losses."""
    n, c = a.x.shape
    reductions = _reductions(a, logp, losses)
    predicted, p_true, confidence = _top_class(a, logp)
    correct = predicted == a.y
    return Evaluation(
        n=n,
        n_classes=c,
        kind=a.kind,
        losses=losses,
        p_true=p_true,
        predicted=predicted,
        confidence=confidence,
        mean_loss=reductions.mean,
        n_infinite=int(np.count_nonzero(np.isinf(losses))),
        accuracy=float(np.mean(correct)),
        reductions=reductions,
        classes=class_summary(a.y, predicted, losses, c),
        calibration=calibration(confidence, correct, n_bins),
        confusion=confusion_matrix(a.y, predicted, c),
        baselines=baselines(a.y, c),
        histogram=loss_histogram(losses, histogram_bins),
        worst=worst_samples(losses, n_worst),
    )
