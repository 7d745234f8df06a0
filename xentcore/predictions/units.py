"""Units and the per-sample view: nats to bits or hartleys, perplexity, histogram, worst rows.

Every loss of the package is in nats; :func:`in_unit` is the one place that converts
them to the unit of another logarithm base.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import whole_number
from .._units import perplexity_of
from .._validation import InputError, as_float_array, check_nonnegative, log_base

__all__ = ["LossHistogram", "in_unit", "loss_histogram", "perplexity_nats", "worst_samples"]


def in_unit(value, base: float | None = None):
    r"""Convert nats to the unit of logarithm ``base``: :math:`x / \ln b`.

    Parameters
    ----------
    value : float or array_like
        A loss in nats.
    base : float, optional
        ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> in_unit(float(np.log(2)), 2)
    1.0
    """
    div = log_base(base)
    if np.ndim(value) == 0:
        return float(value) / div
    return as_float_array(value, "value", allow_empty=True) / div


def perplexity_nats(mean_loss: float, *, base: float | None = None) -> float:
    r"""Perplexity of a mean cross-entropy: :math:`b^{H}` (:math:`e^{H}` for nats).

    The effective number of equally likely classes the model is choosing between:
    1 for a perfect model, C for a uniform guess over C classes. Nats by default, as
    every loss of this package; :func:`xentcore.perplexity_bits` is the same formula
    with bits by default, for a text's cross-entropy.

    Parameters
    ----------
    mean_loss : float
        The mean cross-entropy in the unit of ``base`` (``inf`` gives ``inf``).
    base : float, optional
        ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For a negative or NaN loss.

    Examples
    --------
    >>> perplexity_nats(1.0, base=2)
    2.0
    >>> round(perplexity_nats(float(np.log(10))), 6)
    10.0
    """
    try:
        h = float(mean_loss)
    except (TypeError, ValueError):
        raise InputError(f"mean_loss must be a number, got {mean_loss!r}") from None
    if np.isnan(h) or h < 0:
        raise InputError(f"mean_loss must be >= 0, got {mean_loss!r}")
    return perplexity_of(h, base)


class LossHistogram(NamedTuple):
    """Counts of the finite per-sample losses, and how many are infinite."""

    edges: np.ndarray  # (B + 1,) nats
    counts: np.ndarray  # (B,)
    n_infinite: int


def loss_histogram(losses, n_bins: int = 40) -> LossHistogram:
    r"""Histogram of per-sample losses over :math:`[0, \max_n L_n]` (finite ones).

    .. math:: \text{count}_b = \#\{n : e_b \le L_n < e_{b+1}\}

    Parameters
    ----------
    losses : array_like, shape (N,)
        Non-negative losses; ``inf`` ones are counted apart.
    n_bins : int, default 40

    Returns
    -------
    LossHistogram

    Raises
    ------
    ValueError
        For NaN or negative losses, or a bad bin count.

    Examples
    --------
    >>> h = loss_histogram([0.1, 0.2, 0.9, float("inf")], n_bins=2)
    >>> h.counts.tolist(), h.n_infinite
    ([2, 1], 1)
    """
    loss = as_float_array(losses, "losses")
    b = whole_number(n_bins, "n_bins", 1)
    finite = np.isfinite(loss)
    check_nonnegative(np.where(np.isposinf(loss), 0.0, loss), "losses")
    values = loss[finite] if not finite.all() else loss
    top = float(values.max()) if values.size else 1.0
    counts, edges = np.histogram(values, bins=b, range=(0.0, top if top > 0 else 1.0))
    return LossHistogram(edges=edges, counts=counts, n_infinite=int(loss.size - values.size))


def worst_samples(losses, k: int = 10) -> np.ndarray:
    r"""Indices of the ``k`` largest losses, largest first (ties: lower index first).

    .. math:: \operatorname{argsort}_n(-L_n)_{1..k}

    Parameters
    ----------
    losses : array_like, shape (N,)
    k : int, default 10

    Returns
    -------
    numpy.ndarray of int, shape (min(k, N),)

    Raises
    ------
    ValueError
        For NaN losses or k < 1.

    Examples
    --------
    >>> worst_samples([0.1, 3.0, 0.5, 3.0], k=3).tolist()
    [1, 3, 2]
    """
    loss = as_float_array(losses, "losses")
    if np.isnan(loss).any():
        raise InputError(f"losses has a NaN at index {int(np.argmax(np.isnan(loss)))}")
    kk = min(whole_number(k, "k", 1), loss.size)
    # argpartition finds the top k in O(N); only those k are then sorted.
    top = np.argpartition(loss, loss.size - kk)[-kk:] if kk < loss.size else np.arange(loss.size)
    return top[np.lexsort((top, -loss[top]))]
