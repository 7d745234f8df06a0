"""The softmax family, stable for any finite input.

Every body is max-shifted (the log-sum-exp trick): ``exp(z - max z)`` never
overflows, so logits of ±1e4 (or ±1e300) are as safe as ±1.
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import InputError, as_float_array, check_axis, check_finite, check_scalar
from ._validation import scalar_or_array as _scalar_or_array

__all__ = ["softmax", "log_softmax", "logsumexp", "sigmoid", "log_sigmoid"]


def _scaled_logits(z, name: str, axis: int, temperature: float) -> tuple[np.ndarray, int]:
    arr = as_float_array(z, name)
    if arr.ndim == 0:
        raise InputError(f"{name} must be a 1-D or larger array of logits, got a scalar")
    ax = check_axis(axis, arr.ndim)
    check_finite(arr, name)
    t = check_scalar(temperature, "temperature", low=0, low_open=True)
    if t != 1.0:
        arr = divide_by_temperature(arr, t, name)
    return arr, ax


def divide_by_temperature(x: np.ndarray, t: float, name: str, fix: str = "") -> np.ndarray:
    """``x / t`` for a checked temperature ``t > 0``, refusing a result that overflows.

    The message names ``name`` and the largest logit, then ``fix`` (e.g.
    ``"; raise the temperature"``).
    """
    with np.errstate(over="ignore"):
        scaled = x / t
    if not np.all(np.isfinite(scaled)):
        raise InputError(
            f"{name} / temperature overflows float64 (temperature={t:g} is too small "
            f"for logits as large as {np.max(np.abs(x)):.3g}){fix}"
        )
    return scaled


def _shifted(x: np.ndarray, ax: int) -> np.ndarray:
    # Subtracting the row maximum leaves softmax unchanged and keeps exp() <= 1.
    with np.errstate(over="ignore"):
        return x - x.max(axis=ax, keepdims=True)


def softmax(z, *, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    r"""Softmax of the logits ``z / temperature`` along ``axis``.

    .. math:: \sigma(z)_i = \frac{e^{z_i/T}}{\sum_j e^{z_j/T}}

    Invariant to adding a constant to every logit; computed with the maximum
    subtracted so it never overflows. ``T > 1`` flattens, ``T < 1`` sharpens.

    Parameters
    ----------
    z : array_like
        Finite logits.
    axis : int, default -1
        The class axis.
    temperature : float, default 1.0
        A positive temperature ``T``.

    Returns
    -------
    numpy.ndarray
        Probabilities, same shape as ``z``.

    Raises
    ------
    ValueError
        For empty or non-finite logits, or a temperature that is not positive.

    Examples
    --------
    >>> softmax([1.0, 2.0, 3.0]).round(4).tolist()
    [0.09, 0.2447, 0.6652]
    >>> softmax([1000.0, 1001.0, 1002.0]).round(4).tolist()
    [0.09, 0.2447, 0.6652]
    """
    x, ax = _scaled_logits(z, "z", axis, temperature)
    e = np.exp(_shifted(x, ax))
    return e / e.sum(axis=ax, keepdims=True)


def log_softmax(z, *, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    r"""Logarithm of :func:`softmax`, computed without ever taking ``log`` of 0.

    .. math:: \log \sigma(z)_i = z_i/T - \operatorname{logsumexp}_j(z_j/T)

    Parameters
    ----------
    z : array_like
        Finite logits.
    axis : int, default -1
        The class axis.
    temperature : float, default 1.0
        A positive temperature ``T``.

    Returns
    -------
    numpy.ndarray
        Log-probabilities (all <= 0), same shape as ``z``.

    Raises
    ------
    ValueError
        For empty or non-finite logits, or a temperature that is not positive.

    Examples
    --------
    >>> log_softmax([0.0, 0.0]).round(6).tolist()
    [-0.693147, -0.693147]
    >>> log_softmax([1000.0, -1000.0]).tolist()
    [0.0, -2000.0]
    """
    x, ax = _scaled_logits(z, "z", axis, temperature)
    s = _shifted(x, ax)
    return s - np.log(np.exp(s).sum(axis=ax, keepdims=True))


def logsumexp(
    x,
    *,
    axis: int | tuple[int, ...] | None = -1,
    keepdims: bool = False,
    b=None,
    return_sign: bool = False,
):
    r"""``log(sum(b * exp(x)))`` along ``axis``, without overflow: ``scipy.special.logsumexp``.

    .. math::
        \operatorname{logsumexp}(x) = m + \log\Big(b_k + \sum_{i \ne k} b_i e^{x_i - m}\Big),
        \quad m = x_k = \max_{i:\, b_i \ne 0} x_i

    The largest term is taken out of the sum, so ``log1p`` keeps the digits of the small
    ones (``logsumexp([0, -40])`` is 4.25e-18, not 0). With weights ``b`` (broadcast
    with ``x``; they may be negative or 0) the sum may be negative: its sign is returned
    with ``return_sign=True``, and without it a negative sum gives ``nan``, as SciPy.
    An empty sum is 0, so ``logsumexp([])`` is ``-inf`` (sign 0).

    Parameters
    ----------
    x : array_like
        Finite values.
    axis : int, tuple of int or None, default -1
        The axis or axes to reduce; ``None`` reduces them all (SciPy's default).
    keepdims : bool, default False
        Keep the reduced axes, with size 1.
    b : array_like, optional
        Finite weights of the exponentials, broadcastable with ``x``.
    return_sign : bool, default False
        Also return the sign of the sum (1, -1, or 0 where it is 0).

    Returns
    -------
    float or numpy.ndarray, or a tuple of two of them
        ``log|Σ b e^x|`` (and its sign with ``return_sign``).

    Raises
    ------
    ValueError
        For non-finite or complex input, ``b`` that does not broadcast, or a bad axis.

    Examples
    --------
    >>> float(logsumexp([1000.0, 1000.0]))  # naive exp(1000) overflows
    1000.6931471805599
    >>> float(logsumexp([0.0, -40.0])), float(logsumexp([]))
    (4.248354255291589e-18, -inf)
    >>> [float(v) for v in logsumexp([1.0, 2.0], b=[1.0, -1.0], return_sign=True)]
    [1.5413248546129181, -1.0]
    """
    arr, weights, axes = _logsumexp_args(x, b, axis)
    kept = [i for i in range(arr.ndim) if i not in axes]
    shape = tuple(arr.shape[i] for i in kept)
    rows, width = math.prod(shape), math.prod(arr.shape[i] for i in axes)

    def as_rows(a: np.ndarray) -> np.ndarray:
        return np.transpose(a, kept + list(axes)).reshape(rows, width)

    value, sign = _logsumexp_rows(as_rows(arr), None if weights is None else as_rows(weights))
    if not return_sign:
        value = np.where(sign < 0, np.nan, value)
    out_shape = tuple(1 if i in axes else n for i, n in enumerate(arr.shape)) if keepdims else shape
    value, sign = value.reshape(out_shape), sign.reshape(out_shape)
    if return_sign:
        return _scalar_or_array(value), _scalar_or_array(sign)
    return _scalar_or_array(value)


def _logsumexp_args(x, b, axis) -> tuple[np.ndarray, np.ndarray | None, tuple[int, ...]]:
    """x and b (broadcast together) as float64, and the reduced axes as a sorted tuple."""
    arr = as_float_array(x, "x", allow_empty=True)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    check_finite(arr, "x")
    weights = None
    if b is not None:
        weights = as_float_array(b, "b", allow_empty=True)
        check_finite(weights, "b")
        try:
            arr, weights = np.broadcast_arrays(arr, weights)
        except ValueError:
            raise InputError(
                f"b of shape {weights.shape} does not broadcast with x of shape {arr.shape}"
            ) from None
    if axis is None:
        return arr, weights, tuple(range(arr.ndim))
    axes = axis if isinstance(axis, tuple) else (axis,)
    normalised = tuple(sorted({check_axis(a, arr.ndim) for a in axes}))
    if len(normalised) != len(axes):
        raise InputError(f"axis {axis!r} names an axis more than once")
    return arr, weights, normalised


def _logsumexp_rows(a: np.ndarray, b: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """log|Σ b e^a| and its sign for each row of a (R, K) array, the largest term apart."""
    r, k = a.shape
    if k == 0:
        return np.full(r, -np.inf), np.zeros(r)
    live = a if b is None else np.where(b != 0, a, -np.inf)
    top = np.argmax(live, axis=1)
    at = np.arange(r)
    m = live[at, top]
    shift = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(live - shift[:, None])
        b_top = np.ones(r) if b is None else b[at, top]
        if b is not None:
            e *= b
        e[at, top] = 0.0
        u = e.sum(axis=1) / b_top  # the sum is b_top (1 + u)
        one_plus = np.where(u > -0.5, np.log1p(u), np.log(np.abs(1.0 + u)))
        value = shift + np.log(np.abs(b_top)) + one_plus
        sign = np.sign(b_top) * np.sign(1.0 + u)
    empty = ~np.isfinite(m)  # every weight 0: the sum is 0
    return np.where(empty, -np.inf, value), np.where(empty, 0.0, sign)


def sigmoid(x):
    r"""The logistic function, stable at both ends.

    .. math:: \sigma(x) = \frac{1}{1 + e^{-x}}

    Parameters
    ----------
    x : array_like
        Finite values.

    Returns
    -------
    float or numpy.ndarray
        Values in [0, 1], same shape as ``x``.

    Raises
    ------
    ValueError
        For empty or non-finite input.

    Examples
    --------
    >>> float(sigmoid(0.0)), float(sigmoid(-1000.0)), float(sigmoid(1000.0))
    (0.5, 0.0, 1.0)
    """
    arr = as_float_array(x, "x")
    check_finite(arr, "x")
    e = np.exp(-np.abs(arr))  # in (0, 1]: never overflows
    out = np.where(arr >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return _scalar_or_array(out)


def log_sigmoid(x):
    r"""``log(sigmoid(x))``, exact for large negative ``x`` (as ``torch.nn.functional.logsigmoid``).

    .. math:: \log \sigma(x) = \min(x, 0) - \log(1 + e^{-|x|})

    Parameters
    ----------
    x : array_like
        Finite values.

    Returns
    -------
    float or numpy.ndarray
        Values <= 0, same shape as ``x``.

    Raises
    ------
    ValueError
        For empty or non-finite input.

    Examples
    --------
    >>> float(log_sigmoid(-1000.0))
    -1000.0
    """
    arr = as_float_array(x, "x")
    check_finite(arr, "x")
    return _scalar_or_array(np.minimum(arr, 0.0) - np.log1p(np.exp(-np.abs(arr))))
