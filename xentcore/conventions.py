"""Where the frameworks disagree: Keras' clipping, smoothing and reductions.

PyTorch semantics live in :mod:`xentcore.losses`, scikit-learn's ``log_loss`` in
:mod:`xentcore.metrics`. The functions here reproduce Keras 3 (TensorFlow backend)
in float64 so a page can put each framework's number side by side and say why they
differ. The constants name each convention's clip. A float32 ``y_pred`` (or ``losses``)
is computed in float32, as the ``keras.losses`` functions keep it: the clip bounds
``1e-7`` and ``1 - 1e-7`` then round to float32 (``1 - 2**-23``), as TensorFlow casts them.

Checked against Keras 3.15.1 on TensorFlow in float64 (``tests/core/test_keras_parity.py``
replays recorded values). The JAX backend's sparse loss differs where it clips: it does
not renormalise the clipped row (``keras/src/backend/jax/nn.py``): the row (0, 0, 1, 0)
scores a zero class 16.1180957 there and 16.1180959 on TensorFlow.
"""

from __future__ import annotations

import numpy as np

from ._precision import KEPT, exp_in, log1p_in, log_in, log_softmax_in
from ._targets import class_indices, split_ignored
from ._validation import (
    InputError,
    as_float_array,
    check_axis,
    check_finite,
    check_in_unit_interval,
    check_nonnegative,
    check_same_shape,
    check_scalar,
    log_base,
    refuse_complex,
)

__all__ = [
    "KERAS_EPSILON",
    "SKLEARN_EPSILON",
    "TEXTBOOK_EPSILON",
    "clipped_cross_entropy",
    "keras_binary_crossentropy",
    "keras_categorical_crossentropy",
    "keras_reduce",
    "keras_sparse_categorical_crossentropy",
]

#: ``keras.backend.epsilon()``: Keras clips probabilities to [1e-7, 1 - 1e-7].
KERAS_EPSILON = 1e-7
#: scikit-learn's ``log_loss`` clips at the dtype's machine epsilon (float64: 2.22e-16).
SKLEARN_EPSILON = float(np.finfo(np.float64).eps)
#: The tutorials' choice: clip (or add) 1e-15 so that log(0) never happens.
TEXTBOOK_EPSILON = 1e-15

KERAS_REDUCTIONS = ("sum_over_batch_size", "sum", "mean_with_sample_weight", "none")


def clipped_cross_entropy(p, q, *, eps: float, base: float | None = None, axis: int = -1):
    r"""Cross-entropy with ``q`` clipped to ``[eps, 1 - eps]``: finite where ``q = 0``.

    .. math:: H_\epsilon(P, Q) = -\sum_i p_i \log \operatorname{clip}(q_i, \epsilon, 1 - \epsilon)

    How frameworks avoid log(0): scikit-learn clips at machine epsilon, Keras at 1e-7,
    many tutorials at 1e-15. ``q`` must be a valid distribution; the clip alone
    decides what a zero costs (``-log eps``).

    Parameters
    ----------
    p, q : array_like
        True and predicted distributions of the same shape.
    eps : float
        The clip, in (0, 0.5).
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.
    axis : int, default -1
        The class axis.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        For an invalid distribution, mismatched shapes, or ``eps`` outside (0, 0.5).

    Examples
    --------
    >>> round(float(clipped_cross_entropy([0.0, 1.0], [1.0, 0.0], eps=KERAS_EPSILON)), 6)
    16.118096
    """
    from .information import _pair, _scalar_or_array

    e = check_scalar(eps, "eps", low=0.0, low_open=True, high=0.5)
    pa, qa, ax = _pair(p, q, axis)
    div = log_base(base)
    h = -(pa * np.log(np.clip(qa, e, 1.0 - e))).sum(axis=ax)
    return _scalar_or_array(h / div)


def _smooth(y: np.ndarray, eps: float, k: float) -> np.ndarray:
    """y(1 - ε) + ε/k in the dtype of ``y`` (Keras casts ε and k to the prediction's dtype)."""
    if eps == 0:
        return y
    e, kk = y.dtype.type(eps), y.dtype.type(k)
    return y * (1 - e) + e / kk


def _keras_pair(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    """y_pred as Keras computes with it (float32 stays float32, all else float64), and
    y_true cast to its dtype, as Keras casts it."""
    x = as_float_array(y_pred, "y_pred", keep=KEPT)
    y = as_float_array(y_true, "y_true").astype(x.dtype, copy=False)
    check_same_shape(y, x, "y_true", "y_pred")
    return y, x


def _clipped_log(p: np.ndarray) -> np.ndarray:
    """log clip(p, 1e-7, 1 - 1e-7) in the dtype of p: in float32 the bounds round, to
    1.0000000117e-7 and 1 - 1.19e-7 (Keras' Python floats cast to the tensor's dtype)."""
    return log_in(np.clip(p, KERAS_EPSILON, 1.0 - KERAS_EPSILON))


def keras_categorical_crossentropy(
    y_true, y_pred, *, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1
):
    r"""Per-sample ``keras.losses.categorical_crossentropy`` (Keras 3, TensorFlow backend).

    Targets are smoothed as :math:`y' = y(1-\varepsilon) + \varepsilon/C`. From logits:
    :math:`-\sum_c y'_c \log\operatorname{softmax}(z)_c`, no clipping. From probabilities:
    :math:`\hat p = \operatorname{clip}(p / \sum p,\ 10^{-7},\ 1 - 10^{-7})`, then
    :math:`-\sum_c y'_c \log \hat p_c`, so a zero probability costs 16.118, not ∞.

    Parameters
    ----------
    y_true : array_like
        One-hot or soft targets, same shape as ``y_pred``.
    y_pred : array_like
        Probabilities (non-negative, each row with a positive sum) or logits.
    from_logits : bool, default False
    label_smoothing : float, default 0.0
    axis : int, default -1

    Returns
    -------
    float or numpy.ndarray
        One loss per sample (``axis`` reduced).

    Raises
    ------
    ValueError
        For mismatched shapes, non-finite values or negative probabilities.

    Examples
    --------
    >>> round(float(keras_categorical_crossentropy([0.0, 1.0, 0.0], [1.0, 0.0, 0.0])), 4)
    16.1181
    """
    y, x = _keras_pair(y_true, y_pred)
    if x.ndim == 0:
        raise InputError("y_pred must have a class axis, got a scalar")
    ax = check_axis(axis, x.ndim)
    check_finite(y, "y_true")
    eps = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
    y = _smooth(y, eps, float(x.shape[ax]))
    if from_logits:
        check_finite(x, "y_pred")
        log_prob = log_softmax_in(x, axis=ax)
    else:
        check_nonnegative(x, "y_pred")
        sums = x.sum(axis=ax, keepdims=True)
        if np.any(sums <= 0):
            raise InputError("y_pred has a row of zeros; Keras would divide by 0 normalising it")
        log_prob = _clipped_log(x / sums)
    with np.errstate(invalid="ignore", over="ignore"):  # 0 · log 0 of a ±1e308 logit: nan
        out = -(y * log_prob).sum(axis=ax)
    return out[()] if out.ndim == 0 else out


def keras_sparse_categorical_crossentropy(
    y_true, y_pred, *, from_logits: bool = False, ignore_class: int | None = None
):
    r"""Per-sample ``keras.losses.sparse_categorical_crossentropy`` (TensorFlow backend).

    Class-index targets, no label smoothing. From probabilities Keras clips *first*
    (to [1e-7, 1 - 1e-7]) and then applies a softmax to ``log p̂``, so the clipped row
    is renormalised: :math:`-\log(\hat p_y / \sum_c \hat p_c)`. Samples whose target is
    ``ignore_class`` get 0 (and :func:`keras_reduce` leaves them out via ``mask``).

    Parameters
    ----------
    y_true : array_like of int, shape (N,)
    y_pred : array_like, shape (N, C)
        Probabilities or logits.
    from_logits : bool, default False
    ignore_class : int, optional

    Returns
    -------
    numpy.ndarray
        Shape (N,).

    Raises
    ------
    ValueError
        For bad class indices, mismatched shapes or invalid probabilities.

    Examples
    --------
    >>> keras_sparse_categorical_crossentropy([1], [[0.228, 0.619, 0.153]]).round(4).tolist()
    [0.4797]
    """
    x = as_float_array(y_pred, "y_pred", keep=KEPT)
    if x.ndim != 2:
        raise InputError(f"y_pred must have shape (N, C), got {x.shape}")
    n, c = x.shape
    ig = -(10**18) if ignore_class is None else int(ignore_class)
    idx, mask = split_ignored(*class_indices(y_true, n, c, ig, name="y_true"))
    if from_logits:
        check_finite(x, "y_pred")
        log_prob = log_softmax_in(x, axis=-1)
    else:
        check_in_unit_interval(x, "y_pred")
        log_prob = log_softmax_in(_clipped_log(x), axis=-1)
    loss = -log_prob[np.arange(n), idx]
    return np.where(mask, loss, x.dtype.type(0))


def keras_binary_crossentropy(
    y_true, y_pred, *, from_logits: bool = False, label_smoothing: float = 0.0
):
    r"""``keras.losses.binary_crossentropy``: element losses averaged over the last axis.

    Targets are smoothed as :math:`y' = y(1-\varepsilon) + \varepsilon/2`. From
    probabilities, :math:`p` is clipped to [1e-7, 1 - 1e-7]:
    :math:`-[y' \log p + (1-y') \log(1-p)]`, so p = 0 with y = 1 costs 16.118
    (PyTorch: 100, scikit-learn: 36.04). From logits it is exact
    (``tf.nn.sigmoid_cross_entropy_with_logits``).

    Parameters
    ----------
    y_true, y_pred : array_like
        Same shape; targets in [0, 1]; probabilities in [0, 1] or finite logits.
    from_logits : bool, default False
    label_smoothing : float, default 0.0

    Returns
    -------
    float or numpy.ndarray
        The last axis reduced by its mean (a scalar for 1-D input).

    Raises
    ------
    ValueError
        For mismatched shapes or values out of range.

    Examples
    --------
    >>> round(float(keras_binary_crossentropy([1.0], [0.0])), 8)
    16.11809565
    """
    y, x = _keras_pair(y_true, y_pred)
    check_in_unit_interval(y, "y_true")
    eps = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
    y = _smooth(y, eps, 2.0)
    if from_logits:
        check_finite(x, "y_pred")
        el = np.maximum(x, 0) - x * y + log1p_in(exp_in(-np.abs(x)))
    else:
        check_in_unit_interval(x, "y_pred")
        p = np.clip(x, KERAS_EPSILON, 1.0 - KERAS_EPSILON)
        el = -(y * log_in(p) + (1 - y) * log_in(1 - p))
    with np.errstate(over="ignore"):  # ±1e308 logits: a mean beyond 1.8e308 is inf
        out = el.mean(axis=-1) if el.ndim else el
    return out[()] if np.ndim(out) == 0 else out


def keras_reduce(losses, *, sample_weight=None, mask=None, reduction: str = "sum_over_batch_size"):
    r"""Reduce per-sample losses as a Keras 3 ``Loss`` object does.

    ``'sum_over_batch_size'`` (the default) is :math:`\sum_n w_n l_n / N`: sample
    weights are *not* in the divisor (PyTorch divides by the target weights,
    scikit-learn by :math:`\sum w`). ``'mean_with_sample_weight'`` divides by
    :math:`\sum w`. With a ``mask`` (as ``ignore_class`` sets), masked samples get
    weight 0 and the rest :math:`N/\text{valid}` (0 if none is valid), as Keras 3.15's
    ``apply_mask``: the mean over the valid samples. (Earlier Keras 3 releases divided by
    :math:`\text{valid} + 10^{-7}`.)

    Sample weights broadcast as Keras broadcasts them: a scalar weighs every loss (and
    ``'mean_with_sample_weight'`` then divides by that one scalar, as Keras does), and an
    (N, 1) weight meets (N,) losses by ``squeeze_or_expand_to_same_rank`` (the losses
    become (N, 1), so ``'none'`` returns (N, 1)). float32 losses are reduced in float32.

    Parameters
    ----------
    losses : array_like
        Per-sample losses.
    sample_weight : array_like, optional
        Non-negative weights: the shape of ``losses``, a scalar, or that shape with a
        trailing axis of size 1 added or removed.
    mask : array_like of bool, optional
        True where the sample counts; the shape of ``losses``.
    reduction : {'sum_over_batch_size', 'sum', 'mean_with_sample_weight', 'none'}

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        For an unknown reduction, or weights or mask of a shape Keras would not take.

    Examples
    --------
    >>> keras_reduce([1.0, 3.0], sample_weight=[1.0, 0.0])
    0.5
    >>> keras_reduce([1.0, 3.0], sample_weight=2.0), keras_reduce([1.0, 3.0], sample_weight=[[2.0], [0.0]])
    (4.0, 1.0)
    """  # noqa: E501
    if reduction not in KERAS_REDUCTIONS:
        raise InputError(
            f"reduction must be one of {', '.join(map(repr, KERAS_REDUCTIONS))}, got {reduction!r}"
        )
    values = as_float_array(losses, "losses", keep=KEPT)
    weight = None
    if sample_weight is not None:
        weight = as_float_array(sample_weight, "sample_weight").astype(values.dtype)
        check_nonnegative(weight, "sample_weight")
        _same_rank(values, weight, "sample_weight")
    if mask is not None:
        weight = _apply_mask(values, weight, mask, reduction)
    if weight is not None:
        values, weight = _same_rank(values, weight, "sample_weight")
        values = values * weight
    if reduction == "none":
        return values
    with np.errstate(over="ignore"):
        total = values.sum()
    if reduction == "sum":
        return float(total)
    divisor = (
        weight.sum() if reduction == "mean_with_sample_weight" and weight is not None else None
    )
    divisor = values.dtype.type(values.size if divisor is None else divisor)
    return float(total / divisor) if divisor != 0 else 0.0  # ops.divide_no_nan


def _same_rank(values: np.ndarray, weight: np.ndarray, name: str):
    """Keras' ``squeeze_or_expand_to_same_rank``: a trailing axis of size 1 is added to
    1-D losses or removed from the weights; a scalar weight broadcasts."""
    v, w = values, weight
    if v.ndim == w.ndim + 1 and v.shape[-1] == 1:
        v, w = (v, w[..., None]) if w.ndim == 1 else (v[..., 0], w)
    elif w.ndim == v.ndim + 1 and w.shape[-1] == 1:
        v, w = (v[..., None], w) if v.ndim == 1 else (v, w[..., 0])
    if w.ndim and v.shape != w.shape:
        raise InputError(
            f"losses has shape {values.shape} but {name} has shape {weight.shape}; they must "
            "match, or the weight be a scalar, or have a trailing axis of size 1 more or less"
        )
    return v, w


def _apply_mask(values, weight, mask, reduction) -> np.ndarray:
    """Keras' ``apply_mask``: masked samples weigh 0, the others N/valid for the mean."""
    m = np.asarray(mask)
    refuse_complex(m, "mask")
    m = m.astype(bool)
    check_same_shape(values, m, "losses", "mask")
    mf = m.astype(values.dtype)
    if reduction in ("sum_over_batch_size",):
        valid = mf.sum()  # Keras 3.15: ops.divide_no_nan(total, valid), 0 if none is valid
        mf = mf * (values.dtype.type(values.size) / valid if valid > 0 else 0)
    if weight is None:
        return mf
    mf, weight = _same_rank(mf, weight, "sample_weight")
    return weight * mf
