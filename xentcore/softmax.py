"""The softmax family, stable for any finite input.

Every body is max-shifted (the log-sum-exp trick): ``exp(z - max z)`` never
overflows, so logits of ±1e4 (or ±1e300) are as safe as ±1.
"""

from __future__ import annotations

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


def logsumexp(x, *, axis: int = -1):
    r"""``log(sum(exp(x)))`` along ``axis``, without overflow.

    .. math:: \operatorname{logsumexp}(x) = m + \log \sum_i e^{x_i - m}, \quad m = \max_i x_i

    Parameters
    ----------
    x : array_like
        Finite values.
    axis : int, default -1
        The axis to reduce.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        For empty or non-finite input.

    Examples
    --------
    >>> float(logsumexp([1000.0, 1000.0]))  # naive exp(1000) overflows
    1000.6931471805599
    """
    arr = as_float_array(x, "x")
    if arr.ndim == 0:
        arr = arr.reshape(1)
    ax = check_axis(axis, arr.ndim)
    check_finite(arr, "x")
    m = arr.max(axis=ax, keepdims=True)
    with np.errstate(over="ignore"):
        out = np.log(np.exp(arr - m).sum(axis=ax, keepdims=True)) + m
    return _scalar_or_array(np.squeeze(out, axis=ax))


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
