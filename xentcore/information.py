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


#: Taylor coefficients of φ(d) = (1 + d) log1p(d) - d = Σ_{n>=2} (-1)^n d^n / (n (n - 1)),
#: highest power first (Horner); 17 terms reach float64 precision for |d| <= 0.1.
_PHI_COEFFS = [(-1.0) ** n / (n * (n - 1)) for n in range(18, 1, -1)]


def _phi(d: np.ndarray) -> np.ndarray:
    """(1 + d) log1p(d) - d >= 0, accurate near d = 0 where the two terms cancel."""
    series = np.zeros_like(d)
    for c in _PHI_COEFFS:
        series = series * d + c
    series *= d * d
    with np.errstate(invalid="ignore", over="ignore"):
        direct = (1.0 + d) * np.log1p(d) - d
    return np.where(np.abs(d) <= 0.1, series, direct)


def _log_ratio(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """log(p / q) for p, q > 0; the difference of logs where p / q over- or underflows."""
    with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
        ratio = p / q
        lr = np.log(ratio)
        bad = ~np.isfinite(lr) | (ratio == 0)
        if bad.any():
            lr[bad] = (np.log(p) - np.log(q))[bad]
    return lr


def _rel_entr(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """p log(p/q) per class, as ``scipy.special.rel_entr``: 0 where p = 0, ∞ where p > 0 = q.

    Accurate where q/p is near 1: there p - q is exact and log1p((p - q)/q) keeps the
    digits that log(p/q) would lose.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        d = (p - q) / q
        near = (d >= -0.5) & (d <= 1.0)
        log_pq = np.where(near, np.log1p(np.where(near, d, 0.0)), 0.0)
        far = ~near & (p > 0) & (q > 0)
        if far.any():
            log_pq[far] = _log_ratio(p[far], q[far])
        terms = p * log_pq
    terms = np.where(p > 0, terms, 0.0)
    return np.where((p > 0) & (q == 0), np.inf, terms)


def _kl_terms(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """p log(p/q) - p + q per class (``scipy.special.kl_div``): each term >= 0.

    Summed, the extra -p + q terms cancel for distributions, so the sum is KL(P‖Q);
    unlike the sum of :func:`_rel_entr`, it cannot come out negative when P ≈ Q and
    the sums of P and Q are 1 only up to rounding. For q/2 <= p <= 2q it is
    q φ((p - q)/q), elsewhere p log(p/q) - p + q has no cancellation to fear.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        d = (p - q) / q
        near = (d >= -0.5) & (d <= 1.0)  # q/2 <= p <= 2q: p - q is exact
        mid = np.where(near, q * _phi(np.where(near, d, 0.0)), 0.0)
        far = ~near & (p > 0) & (q > 0)
        if far.any():
            pf, qf = p[far], q[far]
            mid[far] = pf * _log_ratio(pf, qf) - pf + qf
    terms = np.where(p > 0, mid, q)  # p = 0: the term is q
    return np.where((p > 0) & (q == 0), np.inf, terms)


def _kl_sum(p: np.ndarray, q: np.ndarray, axis: int) -> np.ndarray:
    """KL(P‖Q) along ``axis``: the sum of :func:`_kl_terms`, so never negative."""
    return _kl_terms(p, q).sum(axis=axis)


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
    return _scalar_or_array(_entropy_nats(arr, ax) / log_base(base))


def _entropy_nats(p: np.ndarray, axis: int) -> np.ndarray:
    logp = np.log(p, out=np.zeros_like(p), where=p > 0)
    return -(p * logp).sum(axis=axis) + 0.0  # + 0.0: a certain outcome has entropy 0, not -0


def cross_entropy(p, q, *, base: float | None = None, axis: int = -1):
    r"""Cross-entropy of ``q`` relative to ``p``: the cost of coding ``P`` with a code for ``Q``.

    .. math:: H(P, Q) = -\sum_i p_i \log q_i = H(P) + D_{KL}(P \| Q)

    Terms with :math:`p_i = 0` are 0; :math:`q_i = 0` where :math:`p_i > 0` gives ``inf``
    (without a warning). Not symmetric: ``H(P, Q) != H(Q, P)`` in general. Never below
    :func:`entropy` (Gibbs' inequality): where rounding would put it a few ulps under
    H(P) for Q ≈ P, it is H(P).

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
    # Never below H(P): rounding must not make KL = H(P,Q) - H(P) negative when Q ≈ P.
    h = np.maximum(h, _entropy_nats(pa, ax))
    return _scalar_or_array(h / div)


def kl_divergence(p, q, *, base: float | None = None, axis: int = -1):
    r"""Kullback-Leibler divergence of ``q`` from ``p``.

    .. math:: D_{KL}(P \| Q) = \sum_i p_i \log \frac{p_i}{q_i} = H(P, Q) - H(P) \ge 0

    Summed as ``scipy.special.kl_div``, :math:`p_i \log(p_i/q_i) - p_i + q_i`, whose terms
    are each >= 0 (the extra terms cancel for distributions), computed as
    :math:`q_i \varphi(d_i)` with :math:`d_i = (p_i - q_i)/q_i` and
    :math:`\varphi(d) = (1+d)\log(1+d) - d` near :math:`q_i = p_i`: so it is never negative
    and keeps its digits when P ≈ Q. 0 where :math:`p_i = 0`, ``inf`` where
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
    >>> x, y = 0.7, 0.7000000000000279  # P ≈ Q: log(p/q) alone would give -1.9e-27
    >>> f"{float(kl_divergence([x, 1 - x], [y, 1 - y])):.4g}"
    '1.864e-27'
    """
    pa, qa, ax = _pair(p, q, axis)
    div = log_base(base)
    return _scalar_or_array(_kl_sum(pa, qa, ax) / div)


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
    js = (_kl_sum(pa, m, ax) + _kl_sum(qa, m, ax)) / 2.0
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
