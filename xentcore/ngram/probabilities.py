"""From counts to probabilities: add-k and interpolated smoothing, surprisal, cross-entropy.

Smoothing is applied when a text is scored, to the counts :func:`count_contexts`
looked up, so changing the order, ``k`` or ``λ`` never refits. :func:`tune_lambdas`
picks the interpolation weight of each order on held-out training text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .._validation import InputError, as_float_array, log_base
from .model import (
    MAX_ORDER,
    ContextCounts,
    _check_counts,
    _check_order,
    _check_smoothing,
    _code_points,
    count_contexts,
    fit_ngram,
    split_text,
)

__all__ = [
    "LAMBDA_GRID",
    "char_probabilities",
    "cross_entropy_by_order",
    "surprisal",
    "text_cross_entropy",
    "tune_lambdas",
]

#: The λ values :func:`tune_lambdas` tries.
LAMBDA_GRID = tuple(round(0.05 * i, 2) for i in range(1, 20))  # 0.05, 0.10, ..., 0.95


def _add_k(ctx: np.ndarray, pair: np.ndarray, k: float, v: int) -> np.ndarray:
    seen = ctx > 0
    if k > 1:  # divide through by k so that a huge k cannot overflow k·V
        num, den = pair / k + 1.0, ctx / k + v
    else:
        num, den = pair + k, ctx + k * v
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(seen, num / np.where(seen, den, 1.0), 1.0 / v)


def _interpolated_steps(counts: ContextCounts, order: int, lams: Sequence[float]):
    """Yield M_0, M_1, ..., M_order for every character (Jelinek-Mercer recursion)."""
    p = np.full(counts.n_chars, 1.0 / counts.vocab_size)
    for j in range(order + 1):
        ctx, pair = counts.context[j], counts.pair[j]
        seen = ctx > 0
        ml = pair / np.where(seen, ctx, 1.0)
        lam = lams[j]
        p = np.where(seen, lam * ml + (1.0 - lam) * p, p)
        yield p


def char_probabilities(
    counts: ContextCounts,
    order: int,
    *,
    smoothing: str = "interpolated",
    k: float = 1.0,
    lam: float = 0.5,
) -> np.ndarray:
    r"""The model's probability :math:`M(x_t \mid h_t)` of each character of the scored text.

    .. math::
       \text{add-k: } \frac{c(h, x) + k}{c(h) + kV} \qquad
       \text{interpolated: } \lambda \frac{c(h_n, x)}{c(h_n)} + (1 - \lambda) M_{n-1}(x \mid h)

    Parameters
    ----------
    counts : ContextCounts
        From :func:`count_contexts`.
    order : int
        Context length, 0 to ``counts.max_order``.
    smoothing : {"interpolated", "add-k"}
    k : float, default 1.0
        Added to every count (add-k only); 0 gives maximum likelihood.
    lam : float, default 0.5
        Weight of each order's own estimate (interpolated only), in [0, 1].

    Returns
    -------
    numpy.ndarray
        One probability per character; 0 only for maximum likelihood (``k = 0`` or
        ``lam = 1``) and a character never seen after its context.

    Examples
    --------
    >>> counts = count_contexts(fit_ngram("abab", max_order=1), "ab")
    >>> char_probabilities(counts, 0, smoothing="add-k", k=0).tolist()
    [0.5, 0.5]
    >>> char_probabilities(counts, 1, smoothing="add-k", k=1).tolist()
    [0.5, 0.6]
    """
    _check_counts(counts)
    order = _check_order(order, "order", counts.max_order)
    smoothing, k, lam = _check_smoothing(smoothing, k, lam)
    if smoothing == "add-k":
        return _add_k(counts.context[order], counts.pair[order], k, counts.vocab_size)
    *_, p = _interpolated_steps(counts, order, [lam] * (order + 1))
    return p


def _to_units(p: np.ndarray, base) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return -np.log(p) / log_base(base)


def surprisal(
    counts: ContextCounts,
    order: int,
    *,
    smoothing: str = "interpolated",
    k: float = 1.0,
    lam: float = 0.5,
    base: float | None = 2,
) -> np.ndarray:
    r"""The surprisal of each character, :math:`-\log_b M(x_t \mid h_t)` (bits by default).

    A zero probability gives ``inf``.

    Parameters
    ----------
    counts : ContextCounts
        From :func:`count_contexts`.
    order : int
        Context length, 0 to ``counts.max_order``.
    smoothing : {"interpolated", "add-k"}, default "interpolated"
        How counts become probabilities (see the module docstring).
    k : float, default 1.0
        Added to every count (add-k only); 0 gives maximum likelihood.
    lam : float, default 0.5
        Weight of each order's own estimate (interpolated only), in [0, 1].
    base : float or None, default 2
        Logarithm base: 2 gives bits, ``None`` nats, 10 hartleys.

    Returns
    -------
    numpy.ndarray
        One surprisal per character of the scored text.

    Examples
    --------
    >>> counts = count_contexts(fit_ngram("aab", max_order=0), "ab")
    >>> surprisal(counts, 0, smoothing="add-k", k=0).round(3).tolist()
    [0.585, 1.585]
    """
    return _to_units(char_probabilities(counts, order, smoothing=smoothing, k=k, lam=lam), base)


def text_cross_entropy(
    counts: ContextCounts,
    order: int,
    *,
    smoothing: str = "interpolated",
    k: float = 1.0,
    lam: float = 0.5,
    base: float | None = 2,
) -> float:
    r"""Cross-entropy of the scored text under the model, per character.

    .. math:: H(L, M) \approx -\frac{1}{T} \sum_{t=1}^{T} \log_b M(x_t \mid h_t)

    Parameters
    ----------
    counts : ContextCounts
        From :func:`count_contexts`.
    order : int
        Context length, 0 to ``counts.max_order``.
    smoothing : {"interpolated", "add-k"}, default "interpolated"
        How counts become probabilities (see the module docstring).
    k : float, default 1.0
        Added to every count (add-k only); 0 gives maximum likelihood.
    lam : float, default 0.5
        Weight of each order's own estimate (interpolated only), in [0, 1].
    base : float or None, default 2
        Logarithm base: 2 gives bits, ``None`` nats, 10 hartleys.

    Returns
    -------
    float
        The mean surprisal; ``inf`` if some character has probability 0.

    Examples
    --------
    >>> counts = count_contexts(fit_ngram("aab", max_order=0), "aab")
    >>> round(text_cross_entropy(counts, 0, smoothing="add-k", k=0), 4)
    0.9183
    """
    return float(np.mean(surprisal(counts, order, smoothing=smoothing, k=k, lam=lam, base=base)))


def cross_entropy_by_order(
    counts: ContextCounts,
    *,
    smoothing: str = "interpolated",
    k: float = 1.0,
    lam: float | Sequence[float] = 0.5,
    base: float | None = 2,
) -> np.ndarray:
    r"""Cross-entropy per character of the scored text for every order 0..``max_order``.

    .. math:: H_n = -\frac{1}{T} \sum_t \log_b M_n(x_t \mid h_t), \quad n = 0, \dots, N

    Scored on the training text itself, :math:`H_n` keeps falling as the order rises
    (longer contexts fit it better); on held-out text it stops falling and rises again
    once the contexts are too rare to estimate: overfitting.

    Parameters
    ----------
    lam : float or sequence of float
        One λ for every order, or one per order (e.g. from :func:`tune_lambdas`): the
        order-n model then uses its own :math:`\lambda_n` at every level.

    Examples
    --------
    >>> counts = count_contexts(fit_ngram("abababab", max_order=2), "abababab")
    >>> cross_entropy_by_order(counts, smoothing="add-k", k=0).round(3).tolist()
    [1.0, 0.0, 0.0]
    """
    _check_counts(counts)
    top = counts.max_order
    if np.ndim(lam) == 0:
        lams = [lam] * (top + 1)
    else:
        lams = as_float_array(lam, "lam").tolist()
        if len(lams) != top + 1:
            raise InputError(f"lam has {len(lams)} values; give one per order 0..{top}")
    checked = [_check_smoothing(smoothing, k, one)[2] for one in lams]
    smoothing, k, _ = _check_smoothing(smoothing, k, checked[0])
    if smoothing == "add-k":
        steps = (
            _add_k(counts.context[j], counts.pair[j], k, counts.vocab_size) for j in range(top + 1)
        )
    elif len(set(checked)) == 1:  # one λ: every order falls out of one recursion
        steps = _interpolated_steps(counts, top, checked)
    else:  # the order-n model uses its own λ_n at every level
        steps = (
            _last(_interpolated_steps(counts, n, [checked[n]] * (n + 1))) for n in range(top + 1)
        )
    return np.array([float(np.mean(_to_units(p, base))) for p in steps])


def _last(iterator):
    *_, last = iterator
    return last


def tune_lambdas(
    text: str,
    max_order: int = MAX_ORDER,
    *,
    grid: Sequence[float] = LAMBDA_GRID,
    held_out_fraction: float = 0.1,
) -> np.ndarray:
    r"""The interpolation weight λ of each order that best predicts held-out training text.

    The model is counted on the first part of ``text`` and every λ of ``grid`` is
    scored on the rest (the last ``held_out_fraction``); for each order the λ with
    the lowest cross-entropy wins:

    .. math:: \lambda_n = \arg\min_{\lambda} H\big(\text{held-out}, M_n^{\lambda}\big)

    Parameters
    ----------
    text : str
        The training text (at least 2 characters).
    max_order : int, default 5
        The highest order tuned, 0 to 5.
    grid : sequence of float, default LAMBDA_GRID
        The λ values tried, each in [0, 1].
    held_out_fraction : float, default 0.1
        The share of ``text``, taken from its end, that the λ are scored on, in (0, 1).

    Returns
    -------
    numpy.ndarray
        λ for orders 0..``max_order``.

    Raises
    ------
    ValueError
        If ``text`` has fewer than 2 characters (nothing to hold out), or ``grid``
        has a value outside [0, 1].

    Examples
    --------
    >>> tune_lambdas("the cat sat on the mat; the cat sat on the hat", 2).tolist()
    [0.95, 0.35, 0.25]
    """
    codes = _code_points(text, "text")
    max_order = _check_order(max_order, "max_order", MAX_ORDER)
    grid_arr = as_float_array(grid, "grid")
    if (
        grid_arr.ndim != 1
        or np.any(~np.isfinite(grid_arr))
        or grid_arr.min() < 0
        or grid_arr.max() > 1
    ):
        raise InputError("grid must be a list of λ values in [0, 1]")
    if codes.size < 2:
        raise InputError(
            f"text has {codes.size} character(s); tuning λ needs at least 2 "
            "(one to count, one to hold out)"
        )
    train, held_out = split_text(text, held_out_fraction)
    counts = count_contexts(fit_ngram(train, max_order), held_out)
    table = np.array(
        [cross_entropy_by_order(counts, lam=float(g), base=None) for g in grid_arr]
    )  # (grid, order)
    return grid_arr[np.argmin(table, axis=0)]
