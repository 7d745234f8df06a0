"""One Bernoulli prediction: its entropy, BCE as entropy plus KL, the curves, logits.

:func:`bernoulli_entropy` is the floor :math:`H(t)`; :func:`bce_decomposition` splits
BCE(p, t) into :math:`H(t) + D_{KL}`; :func:`bernoulli_curves` draws both over p;
:func:`bce_from_logit` computes BCE from a logit, as PyTorch does, exactly. Also here:
the small helpers :mod:`.frameworks` shares.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import whole_number
from .._validation import (
    as_float_array,
    check_in_unit_interval,
    check_same_shape,
    check_scalar,
    log_base,
)
from ..gradients import binary_cross_entropy_with_logits_grad
from ..information import cross_entropy, entropy, kl_divergence
from ..losses import binary_cross_entropy, binary_cross_entropy_with_logits
from ..softmax import sigmoid

__all__ = [
    "BCEDecomposition",
    "BernoulliCurves",
    "LogitBCE",
    "bce_decomposition",
    "bce_from_logit",
    "bernoulli_curves",
    "bernoulli_entropy",
]


def _pairs(t: np.ndarray) -> np.ndarray:
    """A Bernoulli(t) as the two-class distribution [1 - t, t] along a new last axis."""
    return np.stack([1.0 - t, t], axis=-1)


def _out(x):
    # Plain floats for scalars; "+ 0.0" turns the -0.0 of an entropy of 0 into 0.0.
    x = np.asarray(x, dtype=np.float64) + 0.0
    return float(x) if x.ndim == 0 else x


def _probability(x, name: str) -> np.ndarray:
    arr = as_float_array(x, name)
    check_in_unit_interval(arr, name)
    return arr


def bernoulli_entropy(t, *, base: float | None = None):
    r"""Entropy of a coin that lands 1 with probability ``t``.

    .. math:: H(t) = -t \log t - (1 - t) \log(1 - t), \qquad 0 \log 0 = 0

    It is the smallest binary cross-entropy any prediction can reach against the
    (soft) target ``t``: BCE(t, t) = H(t), which is 0 only for t = 0 or t = 1.

    Parameters
    ----------
    t : array_like
        Probabilities in [0, 1].
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    float or numpy.ndarray
        Same shape as ``t``.

    Raises
    ------
    ValueError
        For values outside [0, 1], NaN or an empty input.

    Examples
    --------
    >>> round(bernoulli_entropy(0.4), 4)
    0.673
    >>> bernoulli_entropy([0.5, 1.0], base=2).tolist()
    [1.0, 0.0]
    """
    arr = _probability(t, "t")
    return _out(entropy(_pairs(arr), base=base))


class BCEDecomposition(NamedTuple):
    """Binary cross-entropy of a probability against a (soft) target, and its two parts."""

    #: As ``torch.nn.functional.binary_cross_entropy`` (each log clamped at -100).
    bce: float
    #: The unclamped value: ∞ when the prediction rules out what the target allows.
    exact: float
    #: H(t), the part no prediction can remove.
    entropy: float
    #: KL(Bernoulli(t) ‖ Bernoulli(p)), zero only at p = t.
    kl: float


def bce_decomposition(prob, target, *, base: float | None = None) -> BCEDecomposition:
    r"""Binary cross-entropy split into the target's entropy plus a KL divergence.

    .. math::
        \mathrm{BCE}(p, t) = -[\,t \log p + (1 - t) \log(1 - p)\,]
        = H(t) + D_{KL}(\mathrm{Bern}(t) \,\|\, \mathrm{Bern}(p))

    So the minimum over ``p`` is at ``p = t`` and equals :math:`H(t)`, not 0.
    ``bce`` follows PyTorch (a log below -100 counts as -100), ``exact`` does not.

    Parameters
    ----------
    prob : array_like
        Predicted probability of the label 1, in [0, 1].
    target : array_like
        Target in [0, 1] (soft targets allowed), same shape as ``prob``.
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    BCEDecomposition
        ``bce``, ``exact``, ``entropy`` and ``kl``, with ``exact = entropy + kl``.

    Raises
    ------
    ValueError
        For values outside [0, 1], NaN, or shapes that differ.

    Examples
    --------
    >>> parts = bce_decomposition(0.4, 0.4)
    >>> round(parts.bce, 4), round(parts.entropy, 4), parts.kl
    (0.673, 0.673, 0.0)
    >>> bce_decomposition(0.0, 1.0)[:2]
    (100.0, inf)
    """
    p = _probability(prob, "prob")
    t = _probability(target, "target")
    check_same_shape(p, t, "prob", "target")
    div = log_base(base)
    bce = binary_cross_entropy(p, t, reduction="none")
    exact = cross_entropy(_pairs(t), _pairs(p), base=base)
    h = entropy(_pairs(t), base=base)
    with np.errstate(over="ignore"):
        kl = kl_divergence(_pairs(t), _pairs(p), base=base)
    # kl_divergence forms t / p, which overflows for a subnormal p (< ~1e-308) although
    # the divergence is finite; there exact - H(t) has no cancellation to fear.
    kl = np.where(np.isinf(kl) & np.isfinite(exact), exact - h, kl)
    return BCEDecomposition(bce=_out(bce / div), exact=_out(exact), entropy=_out(h), kl=_out(kl))


class BernoulliCurves(NamedTuple):
    """Curves over a grid of probabilities ``x`` from 0 to 1."""

    x: np.ndarray
    #: BCE(x, t) for the chosen target t, exact (∞ at an end that t rules out).
    bce: np.ndarray
    #: H(x), the Bernoulli entropy: the floor BCE(x, x).
    entropy: np.ndarray


def bernoulli_curves(
    target: float, *, base: float | None = None, points: int = 401
) -> BernoulliCurves:
    r"""BCE(x, t) against the prediction x, and the Bernoulli-entropy curve H(x).

    .. math:: \mathrm{BCE}(x, t) \ge H(t), \quad \text{with equality only at } x = t

    Parameters
    ----------
    target : float
        The soft target t in [0, 1].
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.
    points : int, default 401
        Grid size (at least 3), endpoints 0 and 1 included.

    Returns
    -------
    BernoulliCurves

    Raises
    ------
    ValueError
        For a target outside [0, 1] or fewer than 3 points.

    Examples
    --------
    >>> c = bernoulli_curves(0.4, points=6)
    >>> c.x.tolist()
    [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
    >>> int(c.bce.argmin()), round(float(c.bce.min()), 4), float(c.bce[0])
    (2, 0.673, inf)
    """
    t = check_scalar(target, "target", low=0.0, high=1.0)
    n = whole_number(points, "points", 3, what="an integer")
    x = np.linspace(0.0, 1.0, n)
    pairs = _pairs(x)
    bce = cross_entropy(np.broadcast_to(_pairs(np.float64(t)), pairs.shape), pairs, base=base)
    return BernoulliCurves(x=x, bce=bce + 0.0, entropy=entropy(pairs, base=base) + 0.0)


class LogitBCE(NamedTuple):
    """Binary cross-entropy computed from a logit."""

    #: σ(x), the probability the logit stands for.
    prob: float
    #: BCE with logits and ``pos_weight`` (``torch.nn.BCEWithLogitsLoss``).
    loss: float
    #: The same without ``pos_weight`` (pos_weight = 1).
    loss_unweighted: float
    #: BCE(σ(x), t) from the rounded probability: where logits beat probabilities.
    loss_from_probability: float
    #: ∂loss/∂x (in the chosen unit per unit of logit).
    grad: float


def bce_from_logit(logit, target, *, pos_weight=1.0, base: float | None = None) -> LogitBCE:
    r"""BCE on a logit, as ``torch.nn.functional.binary_cross_entropy_with_logits``.

    .. math::
        L = (1 - t)\,x - (1 + (w_+ - 1)\,t)\,\log\sigma(x), \qquad
        \frac{\partial L}{\partial x} = (1 + (w_+ - 1)\,t)\,\sigma(x) - w_+ t

    Exact for any finite logit (1e300 included), while ``loss_from_probability``
    first rounds σ(x) to a float: beyond |x| ≈ 37 it is exactly 0 or 1 and the
    loss is clamped at 100 nats. A loss above the largest float64 comes back as ∞.

    Parameters
    ----------
    logit : float
        A finite score x.
    target : float
        Target t in [0, 1].
    pos_weight : float, default 1.0
        Weight :math:`w_+ \ge 0` of the positive term; > 1 favours recall.
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    LogitBCE

    Raises
    ------
    ValueError
        For a non-finite logit, a target outside [0, 1] or a negative ``pos_weight``.

    Examples
    --------
    >>> r = bce_from_logit(1e300, 0.0)
    >>> r.loss, r.loss_from_probability
    (1e+300, 100.0)
    >>> round(bce_from_logit(0.0, 1.0, pos_weight=2.0).loss, 6)  # 2 ln 2
    1.386294
    """
    x = check_scalar(logit, "logit")
    t = check_scalar(target, "target", low=0.0, high=1.0)
    pw = check_scalar(pos_weight, "pos_weight", low=0.0)
    div = log_base(base)
    with np.errstate(over="ignore"):  # a loss beyond float64 is reported as ∞
        loss = binary_cross_entropy_with_logits([x], [t], pos_weight=[pw])
        grad = binary_cross_entropy_with_logits_grad([x], [t], pos_weight=[pw])[0]
    prob = float(sigmoid(x))
    return LogitBCE(
        prob=prob,
        loss=_out(loss / div),
        loss_unweighted=_out(binary_cross_entropy_with_logits([x], [t]) / div),
        loss_from_probability=_out(binary_cross_entropy([prob], [t]) / div),
        grad=_out(grad / div),
    )
