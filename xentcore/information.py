"""Information measures: entropy, cross-entropy, KL and Jensen-Shannon divergence.

Rows along ``axis`` are distributions. They are *validated*, not silently
normalised (``scipy.stats.entropy`` normalises; here that is the caller's explicit
choice via :func:`normalize`). ``base=None`` gives nats, ``2`` bits, ``10`` hartleys.
"""

from __future__ import annotations

import numpy as np

from ._validation import (
    InputError,
    as_float_array,
    check_axis,
    check_distribution,
    check_nonnegative,
    check_same_shape,
    log_base,
)
from ._validation import scalar_or_array as _scalar_or_array

__all__ = ["normalize", "entropy", "cross_entropy", "kl_divergence", "js_divergence", "to_base"]


def _distribution(p, name: str, axis: int) -> tuple[np.ndarray, int]:
    arr = as_float_array(p, name)
    if arr.ndim == 0:
        raise InputError(f"{name} must be a distribution (a 1-D or larger array), got a scalar")
    ax = check_axis(axis, arr.ndim)
    check_distribution(arr, name, ax)
    return arr, ax


def _pair(p, q, axis: int) -> tuple[np.ndarray, np.ndarray, int]:
    pa = as_float_array(p, "p")
    qa = as_float_array(q, "q")
    check_same_shape(pa, qa, "p", "q")
    pa, ax = _distribution(pa, "p", axis)
    qa, _ = _distribution(qa, "q", axis)
    return pa, qa, ax


def _rel_entr_sum(p: np.ndarray, q: np.ndarray, axis: int) -> np.ndarray:
    """Σ p·log(p/q), with 0·log(0/q) = 0 and p·log(p/0) = ∞ (as scipy.special.rel_entr)."""
    pos = p > 0
    with np.errstate(divide="ignore", over="ignore"):
        ratio = np.divide(p, q, out=np.ones_like(p), where=pos)
        terms = p * np.log(ratio)
        # p/q overflows when q is tiny (q < p * 1e-308) though the term is finite:
        # there, use the difference of logs instead.
        over = np.isinf(ratio) & (q > 0)
        if over.any():
            terms[over] = p[over] * (np.log(p[over]) - np.log(q[over]))
    return terms.sum(axis=axis)


def normalize(x, *, axis: int = -1) -> np.ndarray:
    r"""Turn non-negative counts or weights into a distribution along ``axis``.

    .. math:: p_i = x_i / \sum_j x_j

    The explicit way to renormalise: the information measures refuse rows that do
    not sum to 1 rather than fixing them behind the caller's back.

    Parameters
    ----------
    x : array_like
        Non-negative, finite counts or weights.
    axis : int, default -1
        The axis along which each row is normalised.

    Returns
    -------
    numpy.ndarray
        ``x`` divided by its row sums.

    Raises
    ------
    ValueError
        If ``x`` is empty, has negative or non-finite entries, or a row sums to 0.

    Examples
    --------
    >>> normalize([26, 4]).round(4).tolist()
    [0.8667, 0.1333]
    """
    arr = as_float_array(x, "x")
    if arr.ndim == 0:
        raise InputError("x must be a 1-D or larger array of counts, got a scalar")
    ax = check_axis(axis, arr.ndim)
    check_nonnegative(arr, "x")
    sums = arr.sum(axis=ax, keepdims=True)
    if np.any(sums <= 0):
        idx = np.unravel_index(int(np.argmax(sums <= 0)), sums.shape)
        raise InputError(
            f"x has a row of zeros at {tuple(int(i) for i in idx)}; it cannot be normalised"
        )
    return arr / sums


def entropy(p, *, base: float | None = None, axis: int = -1):
    r"""Shannon entropy of each distribution along ``axis``.

    .. math:: H(P) = -\sum_i p_i \log p_i, \qquad 0 \log 0 = 0

    Parameters
    ----------
    p : array_like
        Distribution(s): non-negative, finite, each row summing to 1 (within 1e-9).
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.
    axis : int, default -1
        The class axis.

    Returns
    -------
    float or numpy.ndarray
        The entropy, with ``axis`` reduced.

    Raises
    ------
    ValueError
        If ``p`` is empty, has negative or non-finite entries, or a row does not sum to 1.

    Examples
    --------
    >>> float(entropy([0.5, 0.5], base=2))
    1.0
    >>> round(float(entropy([0.10, 0.40, 0.50], base=2)), 3)
    1.361
    """
    arr, ax = _distribution(p, "p", axis)
    div = log_base(base)
    logp = np.log(arr, out=np.zeros_like(arr), where=arr > 0)
    h = -(arr * logp).sum(axis=ax) + 0.0  # + 0.0: a certain outcome has entropy 0, not -0
    return _scalar_or_array(h / div)


def cross_entropy(p, q, *, base: float | None = None, axis: int = -1):
    r"""Cross-entropy of ``q`` relative to ``p``: the cost of coding ``P`` with a code for ``Q``.

    .. math:: H(P, Q) = -\sum_i p_i \log q_i = H(P) + D_{KL}(P \| Q)

    Terms with :math:`p_i = 0` are 0; :math:`q_i = 0` where :math:`p_i > 0` gives ``inf``
    (without a warning). Not symmetric: ``H(P, Q) != H(Q, P)`` in general.

    Parameters
    ----------
    p, q : array_like
        True and predicted distributions of the same shape.
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
        For shapes that differ, or either argument not a valid distribution.

    Examples
    --------
    >>> p, q = [0.10, 0.40, 0.50], [0.80, 0.15, 0.05]
    >>> round(float(cross_entropy(p, q, base=2)), 3), round(float(cross_entropy(q, p, base=2)), 3)
    (3.288, 2.906)
    >>> float(cross_entropy([0.5, 0.5], [1.0, 0.0]))
    inf
    """
    pa, qa, ax = _pair(p, q, axis)
    div = log_base(base)
    pos = pa > 0
    with np.errstate(divide="ignore"):
        logq = np.log(qa, out=np.zeros_like(qa), where=pos)
    h = -(pa * logq).sum(axis=ax)
    return _scalar_or_array(h / div)


def kl_divergence(p, q, *, base: float | None = None, axis: int = -1):
    r"""Kullback-Leibler divergence of ``q`` from ``p``.

    .. math:: D_{KL}(P \| Q) = \sum_i p_i \log \frac{p_i}{q_i} = H(P, Q) - H(P) \ge 0

    As ``scipy.special.rel_entr`` summed: 0 where :math:`p_i = 0`, ``inf`` where
    :math:`p_i > 0 = q_i`.

    Parameters
    ----------
    p, q : array_like
        True and predicted distributions of the same shape.
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
        For shapes that differ, or either argument not a valid distribution.

    Examples
    --------
    >>> p, q = [0.10, 0.40, 0.50], [0.80, 0.15, 0.05]
    >>> round(float(kl_divergence(p, q, base=2)), 3), round(float(kl_divergence(p, q)), 3)
    (1.927, 1.336)
    """
    pa, qa, ax = _pair(p, q, axis)
    div = log_base(base)
    return _scalar_or_array(_rel_entr_sum(pa, qa, ax) / div)


def js_divergence(p, q, *, base: float | None = None, axis: int = -1):
    r"""Jensen-Shannon divergence: symmetric, finite, bounded by ``log 2``.

    .. math::
        JS(P, Q) = \tfrac12 D_{KL}(P \| M) + \tfrac12 D_{KL}(Q \| M),
        \qquad M = \tfrac12 (P + Q)

    This is the divergence, the square of ``scipy.spatial.distance.jensenshannon``
    (which returns the distance).

    Parameters
    ----------
    p, q : array_like
        Distributions of the same shape.
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
        For shapes that differ, or either argument not a valid distribution.

    Examples
    --------
    >>> float(js_divergence([1.0, 0.0], [0.0, 1.0], base=2))
    1.0
    """
    pa, qa, ax = _pair(p, q, axis)
    div = log_base(base)
    m = 0.5 * (pa + qa)
    js = (_rel_entr_sum(pa, m, ax) + _rel_entr_sum(qa, m, ax)) / 2.0
    return _scalar_or_array(js / div)


def to_base(value, *, base: float | None = None, source_base: float | None = None):
    r"""An amount of information in ``source_base`` units, expressed in ``base`` units.

    .. math:: x_b = x_s \, rac{\ln s}{\ln b}

    Nats (``None``) to bits (2) divides by :math:`\ln 2`; bits to nats multiplies by it.
    The one conversion of units in the project: a page gives ``base`` and never divides
    by a logarithm itself.

    Parameters
    ----------
    value : float or array_like
        The amount, in ``source_base`` units.
    base : float, optional
        The unit wanted: ``None`` for nats, 2 for bits, 10 for hartleys.
    source_base : float, optional
        The unit ``value`` is in, ``None`` (nats) by default.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        For a base that is not a number > 0 other than 1, or a value that is not numbers.

    Examples
    --------
    >>> round(float(to_base(1.0, base=2)), 6)  # 1 nat in bits
    1.442695
    >>> float(to_base(1.0, source_base=2, base=2)), round(float(to_base(1.0, source_base=2)), 6)
    (1.0, 0.693147)
    """
    arr = as_float_array(value, "value")
    return _scalar_or_array(arr * log_base(source_base) / log_base(base))
