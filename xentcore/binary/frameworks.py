"""Where the frameworks part ways on log(0), and binary losses over several predictions.

:func:`log_zero_conventions` and :func:`log_zero_curves` show PyTorch's clamp at -100
and the Keras and scikit-learn clips; :func:`dataset_losses` is a labelled data set's
mean BCE, which is its log loss; :func:`multilabel_vs_softmax` reads the same scores as
independent sigmoids and as one softmax.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import whole_number
from .._validation import (
    InputError,
    as_float_array,
    check_finite,
    check_in_unit_interval,
    check_scalar,
    log_base,
)
from ..conventions import SKLEARN_EPSILON, clipped_cross_entropy, keras_binary_crossentropy
from ..information import cross_entropy, normalize
from ..losses import binary_cross_entropy, binary_cross_entropy_with_logits, softmax_cross_entropy
from ..metrics import log_loss
from ..softmax import sigmoid, softmax
from .bce import _out, _pairs

__all__ = [
    "DatasetLosses",
    "LogZeroConventions",
    "LogZeroCurves",
    "MultilabelVsSoftmax",
    "dataset_losses",
    "log_zero_conventions",
    "log_zero_curves",
    "multilabel_vs_softmax",
]


def _one_each(a: np.ndarray, b: np.ndarray, a_is, b_is, fix: str) -> None:
    """Raise unless ``a`` and ``b`` are as long; ``a_is``/``b_is`` are (name, what it holds)."""
    if a.size != b.size:
        raise InputError(
            f"{a_is[0]} has {a.size} {a_is[1]} but {b_is[0]} has {b.size} {b_is[1]}; give one {fix}"
        )


class LogZeroConventions(NamedTuple):
    """One binary prediction's loss under each framework's answer to log(0)."""

    #: −[t log p + (1 − t) log(1 − p)] with log 0 = −∞.
    exact: float
    #: ``torch.nn.functional.binary_cross_entropy``: each log clamped at −100.
    pytorch: float
    #: ``keras.losses.binary_crossentropy``: p clipped to [1e-7, 1 − 1e-7].
    keras: float
    #: ``sklearn.metrics.log_loss``: p clipped to [ε, 1 − ε], ε = 2.2e-16.
    sklearn: float


def log_zero_conventions(prob, target, *, base: float | None = None) -> LogZeroConventions:
    r"""The loss of one prediction ``prob`` for target ``target``, as each framework reports it.

    .. math::
        \text{PyTorch: } -[t \max(\log p, -100) + (1-t)\max(\log(1-p), -100)], \quad
        \text{Keras / scikit-learn: } -[t \log \tilde p + (1-t) \log(1-\tilde p)],\
        \tilde p = \operatorname{clip}(p, \epsilon, 1 - \epsilon)

    with :math:`\epsilon = 10^{-7}` (Keras) or machine epsilon (scikit-learn). A
    confidently wrong prediction (p = 0 for t = 1) costs ∞, 100, 16.118 and 36.04 nats.
    scikit-learn's ``log_loss`` takes hard labels only; a soft target ``t`` is passed
    as the two labels 1 and 0 with sample weights t and 1 − t, the same expectation.

    Parameters
    ----------
    prob : float
        Predicted probability of the label 1, in [0, 1].
    target : float
        Target in [0, 1].
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    LogZeroConventions

    Raises
    ------
    ValueError
        For values outside [0, 1] or NaN.

    Examples
    --------
    >>> c = log_zero_conventions(0.0, 1.0)
    >>> c.exact, c.pytorch, round(c.keras, 3), round(c.sklearn, 2)
    (inf, 100.0, 16.118, 36.04)
    """
    p = check_scalar(prob, "prob", low=0.0, high=1.0)
    t = check_scalar(target, "target", low=0.0, high=1.0)
    div = log_base(base)
    sk = log_loss([1, 0], [p, p], sample_weight=[t, 1.0 - t], normalize=False, labels=[0, 1])
    return LogZeroConventions(
        exact=_out(cross_entropy(_pairs(np.float64(t)), _pairs(np.float64(p)), base=base)),
        pytorch=_out(binary_cross_entropy(p, t) / div),
        keras=_out(keras_binary_crossentropy([t], [p]) / div),
        sklearn=_out(sk / div),
    )


class LogZeroCurves(NamedTuple):
    """−log p for the label 1 as p → 0 (log-spaced), under each convention."""

    p: np.ndarray
    exact: np.ndarray
    pytorch: np.ndarray
    keras: np.ndarray
    sklearn: np.ndarray


def log_zero_curves(
    *, base: float | None = None, lowest: float = 1e-50, points: int = 301
) -> LogZeroCurves:
    r"""The loss of predicting p for a true label 1, for p from ``lowest`` to 1.

    .. math:: L(p) = -\log p \;\text{(exact)}, \quad \min(-\log p, 100)\;\text{(PyTorch)},
              \quad -\log \max(p, \epsilon)\;\text{(Keras, scikit-learn)}

    Each framework's curve follows the exact one and then goes flat at its clip.
    The scikit-learn curve is :func:`clipped_cross_entropy` at machine epsilon,
    which is what ``log_loss`` computes per sample.

    Parameters
    ----------
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.
    lowest : float, default 1e-50
        Smallest p, in (0, 1); PyTorch's clamp starts at e^-100 ≈ 3.7e-44.
    points : int, default 301
        Grid size (at least 2), log-spaced.

    Returns
    -------
    LogZeroCurves

    Raises
    ------
    ValueError
        For ``lowest`` outside (0, 1) or fewer than 2 points.

    Examples
    --------
    >>> c = log_zero_curves(points=3)
    >>> c.p.tolist()
    [1e-50, 1e-25, 1.0]
    >>> [round(float(v), 2) for v in (c.exact[0], c.pytorch[0], c.keras[0], c.sklearn[0])]
    [115.13, 100.0, 16.12, 36.04]
    """
    lo = check_scalar(lowest, "lowest", low=0.0, low_open=True, high=1.0)
    if lo >= 1.0:
        raise InputError(f"lowest must be below 1, got {lowest!r}")
    n = whole_number(points, "points", 2, what="an integer")
    div = log_base(base)
    p = np.logspace(np.log10(lo), 0.0, n)
    p[-1] = 1.0
    ones = np.ones_like(p)
    pairs, label_one = _pairs(p), _pairs(ones)
    return LogZeroCurves(
        p=p,
        exact=cross_entropy(label_one, pairs, base=base) + 0.0,
        pytorch=binary_cross_entropy(p, ones, reduction="none") / div + 0.0,
        keras=keras_binary_crossentropy(ones[:, None], p[:, None]) / div + 0.0,
        sklearn=clipped_cross_entropy(label_one, pairs, eps=SKLEARN_EPSILON, base=base) + 0.0,
    )


class DatasetLosses(NamedTuple):
    """Per-sample and mean binary cross-entropy of a small labelled dataset."""

    #: The probability each sample's own label got: p if y = 1, 1 − p if y = 0.
    prob_of_label: np.ndarray
    #: −[y log p + (1 − y) log(1 − p)] = −log(prob_of_label) per sample (PyTorch's clamp).
    per_sample: np.ndarray
    #: Their mean: ``torch.nn.functional.binary_cross_entropy``.
    mean_bce: float
    #: ``sklearn.metrics.log_loss`` of the same labels and probabilities.
    log_loss: float


def dataset_losses(ys, ps, *, base: float | None = None) -> DatasetLosses:
    r"""Binary cross-entropy of labels ``ys`` under predicted P(y = 1) ``ps``: log loss.

    .. math::
        \frac{1}{N}\sum_{n=1}^{N} -[\,y_n \log p_n + (1 - y_n) \log(1 - p_n)\,]

    Mean binary cross-entropy and scikit-learn's log loss are the same quantity; the
    two numbers differ only if some p is within 2.2e-16 of the wrong end (0 for a
    label 1, 1 for a label 0), where PyTorch clamps the log at −100 and scikit-learn
    clips p at machine epsilon.

    Parameters
    ----------
    ys : array_like, shape (N,)
        Labels, each 0 or 1.
    ps : array_like, shape (N,)
        Predicted probabilities of the label 1, in [0, 1].
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    DatasetLosses

    Raises
    ------
    ValueError
        For an empty list, a label that is not 0 or 1, a probability outside [0, 1],
        or lists of different lengths.

    Examples
    --------
    >>> ys = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    >>> ps = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]
    >>> d = dataset_losses(ys, ps)
    >>> round(d.mean_bce, 3), round(d.log_loss, 3)
    (0.247, 0.247)
    """
    y = as_float_array(ys, "ys")
    p = as_float_array(ps, "ps")
    for arr, name, what in ((y, "ys", "labels"), (p, "ps", "probabilities")):
        if arr.ndim != 1:
            raise InputError(f"{name} must be a flat list of {what}, got shape {arr.shape}")
    check_finite(y, "ys")
    not_binary = (y != 0) & (y != 1)
    if not_binary.any():
        i = int(np.argmax(not_binary))
        raise InputError(f"ys must be labels 0 or 1, but has {float(y[i])!r} at index {i}")
    check_in_unit_interval(p, "ps")
    _one_each(y, p, ("ys", "labels"), ("ps", "probabilities"), "probability per label")
    div = log_base(base)
    per_sample = binary_cross_entropy(p, y, reduction="none") / div
    return DatasetLosses(
        prob_of_label=np.where(y == 1, p, 1.0 - p),
        per_sample=per_sample + 0.0,
        mean_bce=_out(binary_cross_entropy(p, y) / div),
        log_loss=_out(log_loss(y, p, labels=[0, 1]) / div),
    )


class MultilabelVsSoftmax(NamedTuple):
    """The same scores read as K independent sigmoids and as one softmax."""

    #: σ(z_k): K independent probabilities, each in (0, 1); they need not sum to 1.
    sigmoid_probs: np.ndarray
    #: Σ_k σ(z_k).
    sigmoid_sum: float
    #: softmax(z): one distribution over K exclusive classes (sums to 1).
    softmax_probs: np.ndarray
    #: Σ_k softmax(z)_k: always 1.
    softmax_sum: float
    #: BCE with logits per class.
    bce_per_class: np.ndarray
    #: Their mean over classes (``BCEWithLogitsLoss``, reduction 'mean').
    bce_mean: float
    #: The multi-hot target divided by its sum (NaN if every target is 0).
    target_distribution: np.ndarray
    #: Softmax cross-entropy against that distribution (NaN if every target is 0).
    softmax_loss: float


def multilabel_vs_softmax(scores, targets, *, base: float | None = None) -> MultilabelVsSoftmax:
    r"""Multi-label (one sigmoid per class) against exclusive classes (one softmax).

    .. math::
        L_{\text{multi-label}} = \frac{1}{K}\sum_k \mathrm{BCE}(\sigma(z_k), y_k), \qquad
        L_{\text{softmax}} = -\sum_k \frac{y_k}{\sum_j y_j} \log \operatorname{softmax}(z)_k

    The sigmoid probabilities answer K yes/no questions, so several can be near 1;
    the softmax shares one unit of probability among the classes. The softmax loss
    needs the multi-hot target turned into a distribution, so it is undefined (NaN)
    when no class is positive.

    Parameters
    ----------
    scores : array_like, shape (K,)
        Finite logits, K >= 2.
    targets : array_like, shape (K,)
        Multi-hot targets in [0, 1] (soft values allowed).
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    MultilabelVsSoftmax

    Raises
    ------
    ValueError
        For fewer than 2 scores, non-finite scores, targets outside [0, 1], or
        lists of different lengths.

    Examples
    --------
    >>> r = multilabel_vs_softmax([2.0, -1.0, 0.5], [1, 0, 1])
    >>> r.sigmoid_probs.round(3).tolist(), round(r.sigmoid_sum, 3)
    ([0.881, 0.269, 0.622], 1.772)
    >>> r.softmax_probs.round(3).tolist()
    [0.786, 0.039, 0.175]
    >>> round(r.bce_mean, 4), round(r.softmax_loss, 4)
    (0.3048, 0.9913)
    """
    z = as_float_array(scores, "scores")
    y = as_float_array(targets, "targets")
    for arr, name in ((z, "scores"), (y, "targets")):
        if arr.ndim != 1:
            raise InputError(f"{name} must be a flat list with one value per class")
    if z.size < 2:
        raise InputError(f"scores has {z.size} class; give at least 2 classes")
    check_finite(z, "scores")
    check_in_unit_interval(y, "targets")
    _one_each(z, y, ("scores", "classes"), ("targets", "values"), "target per class")
    div = log_base(base)
    sig = np.asarray(sigmoid(z))
    soft = softmax(z)
    per_class = binary_cross_entropy_with_logits(z, y, reduction="none") / div
    if y.sum() > 0:
        target_dist = normalize(y)
        soft_loss = softmax_cross_entropy(z, target_dist) / div
    else:
        target_dist = np.full_like(y, np.nan)
        soft_loss = float("nan")
    return MultilabelVsSoftmax(
        sigmoid_probs=sig,
        sigmoid_sum=float(sig.sum()),
        softmax_probs=soft,
        softmax_sum=float(soft.sum()),
        bce_per_class=per_class + 0.0,
        bce_mean=_out(binary_cross_entropy_with_logits(z, y) / div),
        target_distribution=target_dist,
        softmax_loss=_out(soft_loss),
    )
