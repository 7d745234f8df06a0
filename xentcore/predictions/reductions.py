"""What each framework reports for the same predictions and weights, and label formats.

PyTorch, Keras and scikit-learn divide a weighted sum of losses by different things;
:func:`framework_reductions` gives all of them from one set of per-sample losses.
:func:`label_formats` shows that class-index and one-hot labels give the same loss.
Every loss comes from the existing core (``nll_loss``, ``softmax_cross_entropy``,
``log_loss``, the ``keras_*`` conventions, ``cross_entropy``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import InputError
from ..conventions import keras_categorical_crossentropy, keras_reduce
from ..information import cross_entropy
from ..losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    nll_loss,
    softmax_cross_entropy,
)
from ..metrics import log_loss
from .inputs import _checked, _Inputs, _log_probs, _one_hot, _order, _pick

__all__ = ["LabelFormats", "Reductions", "framework_reductions", "label_formats"]


class Reductions(NamedTuple):
    """One data set's loss as each framework reduces it (nats)."""

    mean: float  # plain mean of -log p(y): no weights, no smoothing
    torch_mean: float  # F.cross_entropy(weight=w, label_smoothing=ε): Σ L_n / Σ w_{y_n}
    torch_none_mean: float  # (F.cross_entropy(..., reduction='none') * s).mean(): Σ s L_n / N
    keras: float  # Keras 'sum_over_batch_size' with sample_weight = s·w[y]: Σ v l / N
    sklearn: float  # log_loss(sample_weight=s·w[y]): Σ v l / Σ v, clipped at machine eps
    torch_binary: float | None  # 2 classes: F.binary_cross_entropy(weight=s·w[y]): Σ v l / N
    n: int  # N
    class_weight_sum: float  # Σ_n w_{y_n}: PyTorch's divisor
    weight_sum: float  # Σ_n s_n w_{y_n}: scikit-learn's divisor


def framework_reductions(
    scores,
    labels,
    *,
    kind: str,
    class_weight=None,
    sample_weight=None,
    label_smoothing: float = 0.0,
    log_probs: np.ndarray | None = None,
) -> Reductions:
    r"""The mean loss as PyTorch, Keras and scikit-learn report it with the same weights.

    With class weights :math:`w`, sample weights :math:`s`, per-sample losses
    :math:`l_n` and :math:`v_n = s_n w_{y_n}` (how class weights reach Keras' ``fit``
    and scikit-learn's ``sample_weight``):

    .. math::
        \text{PyTorch} = \frac{\sum_n w_{y_n} l_n}{\sum_n w_{y_n}}, \quad
        \text{Keras} = \frac{\sum_n v_n l_n}{N}, \quad
        \text{scikit-learn} = \frac{\sum_n v_n l_n}{\sum_n v_n}

    ``torch.nn.functional.cross_entropy`` has no per-sample weight; the usual idiom
    ``(loss_none * s).mean()`` divides by N. Keras clips probabilities at 1e-7 (and
    renormalises them in the sparse loss), scikit-learn at machine epsilon and has no
    label smoothing; PyTorch takes ``log p`` as it is. With no weights and no
    smoothing all of them agree, up to those clips.

    Parameters
    ----------
    scores : array_like, shape (N, C)
    labels : array_like of int, shape (N,)
    kind : {'probabilities', 'logits'}
    class_weight : array_like, shape (C,), optional
    sample_weight : array_like, shape (N,), optional
    label_smoothing : float, default 0.0
        Logits only; PyTorch and Keras apply it, scikit-learn cannot.
    log_probs : numpy.ndarray, optional
        :func:`log_probabilities` of ``scores``, if already computed.

    Returns
    -------
    Reductions

    Raises
    ------
    ValueError
        For invalid scores, labels or weights.

    Examples
    --------
    >>> r = framework_reductions([[0.9, 0.1], [0.4, 0.6]], [0, 1], kind="probabilities",
    ...                          class_weight=[1.0, 3.0])
    >>> round(r.torch_mean, 4), round(r.keras, 4), round(r.sklearn, 4)
    (0.4095, 0.8189, 0.4095)
    """
    a = _checked(scores, labels, kind, class_weight, sample_weight, label_smoothing)
    logp = _log_probs(a.x, kind) if log_probs is None else log_probs
    return _reductions(a, logp, nll_loss(logp, a.y, reduction="none"))


def _keras_rows(x, y, kind: str, eps: float) -> np.ndarray:
    """Per-sample ``keras.losses.CategoricalCrossentropy`` of one-hot labels.

    CategoricalCrossentropy takes label smoothing, which SparseCategoricalCrossentropy
    does not, and otherwise differs from it only in where it clips at 1e-7 (before or
    after renormalising the row). Without smoothing, a one-hot target sees only the
    true class's probability and the row's sum, so probabilities are passed as the two
    columns [p(true), sum - p(true)]: the same numbers (to one ulp of the sum, held to
    the full call by a test) at 2/C of the cost.
    """
    n, c = x.shape
    if kind == "logits" or eps > 0:
        return keras_categorical_crossentropy(
            _one_hot(y, c, _order(x)), x, from_logits=kind == "logits", label_smoothing=eps
        )
    p_true = _pick(x, y)
    rest = np.maximum(x.sum(axis=1) - p_true, 0.0)  # >= 0 despite rounding
    two = np.column_stack([p_true, rest])
    return keras_categorical_crossentropy(_one_hot(np.zeros(n, dtype=np.int64), 2), two)


def _reductions(a: _Inputs, logp: np.ndarray, plain: np.ndarray) -> Reductions:
    """:func:`framework_reductions` on checked inputs (``plain`` = -log p[y])."""
    x, y, kind, w, s, eps = a
    n, c = x.shape
    wy = np.ones(n) if w is None else w[y]
    v = None if w is None and s is None else (wy if s is None else wy * s)

    # PyTorch: softmax -> log_softmax -> NLL is exactly F.cross_entropy on logits.
    if eps > 0:
        torch_rows = softmax_cross_entropy(x, y, weight=w, reduction="none", label_smoothing=eps)
        torch_mean = softmax_cross_entropy(x, y, weight=w, label_smoothing=eps)
    elif w is None:
        torch_rows, torch_mean = plain, np.mean(plain)  # no weights: 'mean' is the plain mean
    else:
        torch_rows = nll_loss(logp, y, weight=w, reduction="none")
        torch_mean = nll_loss(logp, y, weight=w)
    with np.errstate(invalid="ignore"):
        torch_none_mean = float(np.mean(torch_rows if s is None else torch_rows * s))

    # Keras: class_weight in fit() becomes sample weights; the default reduction divides by N.
    keras = keras_reduce(_keras_rows(x, y, kind, eps), sample_weight=v)

    # scikit-learn scores probabilities (no smoothing), clipped at machine epsilon.
    probs = x if kind == "probabilities" else np.exp(logp)
    try:
        sklearn = log_loss(y, probs, sample_weight=v, labels=np.arange(c))
    except InputError:
        sklearn = float("nan")  # every weight is 0: the weighted mean is undefined

    torch_binary = None
    if c == 2:
        t = y.astype(np.float64)
        if kind == "probabilities":
            torch_binary = binary_cross_entropy(x[:, 1], t, weight=v)
        else:
            # softmax over two logits is the sigmoid of their difference.
            torch_binary = binary_cross_entropy_with_logits(x[:, 1] - x[:, 0], t, weight=v)

    with np.errstate(invalid="ignore"):
        mean = float(np.mean(plain))
    return Reductions(
        mean=mean,
        torch_mean=float(torch_mean),
        torch_none_mean=torch_none_mean,
        keras=float(keras),
        sklearn=float(sklearn),
        torch_binary=None if torch_binary is None else float(torch_binary),
        n=n,
        class_weight_sum=float(wy.sum()),
        weight_sum=float(wy.sum() if v is None else v.sum()),
    )


class LabelFormats(NamedTuple):
    """Mean loss from class-index labels and from the same labels one-hot (nats)."""

    sparse: float  # -log p[y] with y a class index (sparse categorical)
    categorical: float  # -Σ_c t_c log p_c with t one-hot (categorical)
    max_difference: float  # largest per-sample |difference|


def label_formats(
    scores, labels, *, kind: str, log_probs: np.ndarray | None = None
) -> LabelFormats:
    r"""Sparse-categorical (index) and categorical (one-hot) labels give the same loss.

    .. math:: -\sum_c t_{nc} \log \hat p_{nc} = -\log \hat p_{n, y_n}
              \quad\text{when } t_n \text{ is one-hot at } y_n

    The index form is ``nll_loss``; the one-hot form is ``softmax_cross_entropy`` with
    one-hot probability targets (on the logits, or on log p for probabilities, whose
    softmax is p again), or :func:`~xentcore.cross_entropy` of the one-hot rows against
    probabilities that contain a 0.

    Parameters
    ----------
    scores : array_like, shape (N, C)
    labels : array_like of int, shape (N,)
    kind : {'probabilities', 'logits'}
    log_probs : numpy.ndarray, optional
        :func:`log_probabilities` of ``scores``, if already computed.

    Returns
    -------
    LabelFormats

    Raises
    ------
    ValueError
        For invalid scores or labels.

    Examples
    --------
    >>> f = label_formats([[0.2, 0.8], [0.6, 0.4]], [1, 0], kind="probabilities")
    >>> round(f.sparse, 6) == round(f.categorical, 6), f.max_difference < 1e-12
    (True, True)
    """
    x, y, *_ = _checked(scores, labels, kind)
    logp = _log_probs(x, kind) if log_probs is None else log_probs
    sparse = nll_loss(logp, y, reduction="none")
    return _formats(x, y, kind, logp, sparse, _one_hot(y, x.shape[1], _order(x)))


def _formats(x, y, kind, logp, sparse, onehot) -> LabelFormats:
    """:func:`label_formats` on validated arrays (``sparse`` = nll_loss rows)."""
    if kind == "logits":
        categorical = softmax_cross_entropy(x, onehot, reduction="none")
    elif x.min() > 0:
        # PyTorch's form: cross_entropy(log p, one-hot targets); softmax(log p) = p for rows
        # that sum to 1, and it runs in cache-sized blocks (cheaper than the full-size
        # temporaries of the textbook sum).
        categorical = softmax_cross_entropy(logp, onehot, reduction="none")
    else:
        categorical = cross_entropy(onehot, x, axis=1)  # log 0 has no softmax form
    same = sparse == categorical  # also inf == inf, which would give nan below
    with np.errstate(invalid="ignore"):
        diff = np.where(same, 0.0, np.abs(sparse - categorical))
        return LabelFormats(
            sparse=float(np.mean(sparse)),
            categorical=float(np.mean(categorical)),
            max_difference=float(diff.max()),
        )
