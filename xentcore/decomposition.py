"""The decomposition H(P,Q) = H(P) + KL(P‖Q), both ways round, class by class.

What the Distributions page shows: the seven measures of a pair of distributions
(:func:`pair_measures`), the per-class terms that add up to them (:func:`class_terms`),
the classes that make the cross-entropy infinite (:func:`infinite_classes`), the finite
values the frameworks' clips give instead (:func:`clipped_cross_entropies`), and the
path of Q walking toward P (:func:`blend_path`), along which KL(P‖Q) shrinks to 0.
Everything is built from :mod:`xentcore.information`; nothing here is a second
implementation of a loss.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import InputError, as_float_array, check_scalar, log_base
from .conventions import KERAS_EPSILON, SKLEARN_EPSILON, TEXTBOOK_EPSILON, clipped_cross_entropy
from .information import _pair, _rel_entr, cross_entropy, entropy, js_divergence, kl_divergence

__all__ = [
    "CLIP_CONVENTIONS",
    "ClassTerms",
    "ClipConvention",
    "ClippedValue",
    "BlendPath",
    "PairMeasures",
    "blend",
    "blend_path",
    "class_terms",
    "clipped_cross_entropies",
    "infinite_classes",
    "pair_measures",
]


class PairMeasures(NamedTuple):
    """The seven measures of a pair (P, Q), in one unit."""

    h_p: float  # H(P)
    h_q: float  # H(Q)
    h_pq: float  # H(P,Q) = H(P) + KL(P‖Q)
    h_qp: float  # H(Q,P) = H(Q) + KL(Q‖P)
    kl_pq: float  # KL(P‖Q)
    kl_qp: float  # KL(Q‖P)
    js: float  # JS(P,Q), symmetric


class ClassTerms(NamedTuple):
    """Per-class terms; each of the last three sums over the classes to a measure."""

    surprisal: np.ndarray  # -log q_i: the surprise when class i happens
    cross_entropy: np.ndarray  # -p_i log q_i, sums to H(P,Q)
    entropy: np.ndarray  # -p_i log p_i, sums to H(P)
    kl: np.ndarray  # p_i log(p_i / q_i), sums to KL(P‖Q); may be negative


class ClipConvention(NamedTuple):
    """How one framework keeps log(0) finite: it clips q to [eps, 1 - eps]."""

    name: str
    eps: float
    source: str


class ClippedValue(NamedTuple):
    convention: ClipConvention
    value: float


class BlendPath(NamedTuple):
    """H(P, Q_t) and KL(P‖Q_t) along Q_t = (1 - t) Q + t P."""

    t: np.ndarray
    cross_entropy: np.ndarray
    kl: np.ndarray


#: The clips a learner meets, smallest value of -log eps last.
CLIP_CONVENTIONS: tuple[ClipConvention, ...] = (
    ClipConvention("Textbook", TEXTBOOK_EPSILON, "the tutorials add or clip 1e-15"),
    ClipConvention(
        "Keras", KERAS_EPSILON, "keras.backend.epsilon(), used by CategoricalCrossentropy"
    ),
    ClipConvention(
        "scikit-learn", SKLEARN_EPSILON, "sklearn.metrics.log_loss clips at float64 machine epsilon"
    ),
)


def pair_measures(p, q, *, base: float | None = None) -> PairMeasures:
    r"""Entropies, cross-entropies both ways, both KL divergences and JS of a 1-D pair.

    .. math::
        H(P,Q) = H(P) + D_{KL}(P \| Q), \qquad H(Q,P) = H(Q) + D_{KL}(Q \| P)

    A zero is reported as ``0.0``, never ``-0.0`` (so it prints as ``0.0000``).

    Parameters
    ----------
    p, q : array_like, shape (C,)
        True and predicted distributions.
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    PairMeasures

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a 1-D distribution, or their lengths differ.

    Examples
    --------
    >>> m = pair_measures([0.10, 0.40, 0.50], [0.80, 0.15, 0.05], base=2)
    >>> [round(v, 3) for v in (m.h_pq, m.h_qp, m.h_p, m.kl_pq)]
    [3.288, 2.906, 1.361, 1.927]
    """
    pa, qa = _pair_1d(p, q)
    values = (
        entropy(pa, base=base),
        entropy(qa, base=base),
        cross_entropy(pa, qa, base=base),
        cross_entropy(qa, pa, base=base),
        kl_divergence(pa, qa, base=base),
        kl_divergence(qa, pa, base=base),
        js_divergence(pa, qa, base=base),
    )
    # "+ 0.0" turns -0.0 (e.g. the entropy of [1, 0]) into 0.0.
    return PairMeasures(*(float(v) + 0.0 for v in values))


def class_terms(p, q, *, base: float | None = None, axis: int = -1) -> ClassTerms:
    r"""The per-class terms of H(P,Q), H(P) and KL(P‖Q).

    .. math::
        -\log q_i, \qquad -p_i \log q_i \;=\; -p_i \log p_i \;+\; p_i \log \frac{p_i}{q_i}

    With the conventions :math:`0 \log 0 = 0` and :math:`0 \log(0/q) = 0`: a class with
    :math:`p_i = 0` contributes 0 whatever :math:`q_i`, while :math:`q_i = 0 < p_i`
    contributes ``inf`` (the surprisal of a class with :math:`q_i = 0` is ``inf``).
    The KL terms are ``scipy.special.rel_entr(p, q)``, with ``log1p((p - q)/q)`` where
    :math:`q_i \approx p_i` so they keep their digits; they can be negative, only their
    sum cannot. Summed over ``axis`` they give :func:`~xentcore.cross_entropy`,
    :func:`~xentcore.entropy` and :func:`~xentcore.kl_divergence` (this last up to the
    rounding of the sums of P and Q, see its note).

    Parameters
    ----------
    p, q : array_like
        True and predicted distributions of the same shape.
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.
    axis : int, default -1
        The class axis (each row along it must sum to 1).

    Returns
    -------
    ClassTerms
        Arrays of the shape of ``p``.

    Raises
    ------
    ValueError
        For shapes that differ, or either argument not a valid distribution.

    Examples
    --------
    >>> t = class_terms([0.5, 0.5, 0.0], [0.25, 0.25, 0.5], base=2)
    >>> t.surprisal.tolist(), t.cross_entropy.tolist(), t.kl.tolist()
    ([2.0, 2.0, 1.0], [1.0, 1.0, 0.0], [0.5, 0.5, 0.0])
    >>> class_terms([0.5, 0.5], [1.0, 0.0]).cross_entropy.tolist()
    [0.0, inf]
    """
    pa, qa, _ = _pair(p, q, axis)
    div = log_base(base)
    pos = pa > 0
    with np.errstate(divide="ignore"):
        logq = np.log(qa)  # -inf where q = 0
        logp = np.log(pa, out=np.zeros_like(pa), where=pos)
        logq_used = np.where(pos, logq, 0.0)  # only where p > 0: 0 * log 0 never happens
    # "+ 0.0" turns -0.0 (from -1 * log 1) into 0.0.
    surprisal = -logq / div + 0.0
    ce = -pa * logq_used / div + 0.0
    h = -pa * logp / div + 0.0
    kl = _rel_entr(pa, qa) / div + 0.0
    return ClassTerms(surprisal, ce, h, kl)


def infinite_classes(p, q) -> np.ndarray:
    r"""Indices of the classes that make H(P,Q) and KL(P‖Q) infinite: :math:`q_i = 0 < p_i`.

    .. math:: \{\, i : q_i = 0 \text{ and } p_i > 0 \,\}

    Swap the arguments for the reverse direction H(Q,P).

    Parameters
    ----------
    p, q : array_like, shape (C,)
        True and predicted distributions.

    Returns
    -------
    numpy.ndarray of int
        Possibly empty, in increasing order.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a 1-D distribution, or their lengths differ.

    Examples
    --------
    >>> infinite_classes([0.5, 0.5, 0.0], [1.0, 0.0, 0.0]).tolist()
    [1]
    >>> infinite_classes([0.0, 1.0, 0.0], [0.2, 0.6, 0.2]).tolist()
    []
    """
    pa, qa = _pair_1d(p, q)
    return np.flatnonzero((qa == 0) & (pa > 0))


def clipped_cross_entropies(p, q, *, base: float | None = None) -> list[ClippedValue]:
    r"""H(P,Q) under each framework's clip of ``q`` (see :data:`CLIP_CONVENTIONS`).

    .. math:: H_\epsilon(P, Q) = -\sum_i p_i \log \operatorname{clip}(q_i, \epsilon, 1 - \epsilon)

    Each value is :func:`~xentcore.clipped_cross_entropy`: finite even where the exact
    H(P,Q) is infinite, and each class with :math:`q_i = 0 < p_i` costs about
    :math:`-p_i \log \epsilon`.

    Parameters
    ----------
    p, q : array_like, shape (C,)
        True and predicted distributions.
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    list of ClippedValue
        One per convention, in the order of :data:`CLIP_CONVENTIONS`.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a 1-D distribution, or their lengths differ.

    Examples
    --------
    >>> for c in clipped_cross_entropies([0.0, 1.0], [1.0, 0.0]):
    ...     print(c.convention.name, round(c.value, 4))
    Textbook 34.5388
    Keras 16.1181
    scikit-learn 36.0437
    """
    pa, qa = _pair_1d(p, q)
    return [
        ClippedValue(c, float(clipped_cross_entropy(pa, qa, eps=c.eps, base=base)))
        for c in CLIP_CONVENTIONS
    ]


def blend(p, q, t: float) -> np.ndarray:
    r"""Move the prediction ``q`` a fraction ``t`` of the way toward ``p``.

    .. math:: Q_t = (1 - t)\,Q + t\,P, \qquad 0 \le t \le 1

    A mixture of two distributions is a distribution; at ``t = 1`` it is ``p``.

    Parameters
    ----------
    p, q : array_like, shape (C,)
        True and predicted distributions.
    t : float
        In [0, 1].

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    ValueError
        For invalid distributions or ``t`` outside [0, 1].

    Examples
    --------
    >>> blend([1.0, 0.0], [0.0, 1.0], 0.25).tolist()
    [0.25, 0.75]
    """
    pa, qa = _pair_1d(p, q)
    tt = check_scalar(t, "t", low=0.0, high=1.0)
    return (1.0 - tt) * qa + tt * pa


def blend_path(p, q, *, base: float | None = None, num: int = 101) -> BlendPath:
    r"""H(P, Q_t) and KL(P‖Q_t) for ``num`` evenly spaced t from 0 to 1.

    .. math:: H(P, Q_t) = H(P) + D_{KL}(P \| Q_t), \qquad Q_t = (1 - t)\,Q + t\,P

    KL(P‖Q_t) falls to 0 at t = 1 (Gibbs' inequality: no Q beats Q = P). Where
    :math:`q_i = 0 < p_i` the values at t = 0 are ``inf`` and finite for every t > 0.

    Parameters
    ----------
    p, q : array_like, shape (C,)
        True and predicted distributions.
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.
    num : int, default 101
        Number of points, 2 to 1001.

    Returns
    -------
    BlendPath

    Raises
    ------
    ValueError
        For invalid distributions or ``num`` outside [2, 1001].

    Examples
    --------
    >>> path = blend_path([0.5, 0.5], [1.0, 0.0], base=2, num=3)
    >>> path.t.tolist(), path.kl.round(4).tolist()
    ([0.0, 0.5, 1.0], [inf, 0.2075, 0.0])
    """
    pa, qa = _pair_1d(p, q)
    if not isinstance(num, int | np.integer) or isinstance(num, bool) or not 2 <= num <= 1001:
        raise InputError(f"num must be a whole number from 2 to 1001, got {num!r}")
    t = np.linspace(0.0, 1.0, int(num))
    qt = (1.0 - t)[:, None] * qa + t[:, None] * pa
    pt = np.broadcast_to(pa, qt.shape)
    kl = np.asarray(kl_divergence(pt, qt, base=base)) + 0.0
    ce = np.asarray(cross_entropy(pt, qt, base=base)) + 0.0
    return BlendPath(t, ce, kl)


def _pair_1d(p, q) -> tuple[np.ndarray, np.ndarray]:
    """Validate a pair of 1-D distributions of the same length."""
    for value, name in ((p, "p"), (q, "q")):
        if as_float_array(value, name, allow_empty=True).ndim != 1:
            raise InputError(f"{name} must be a 1-D distribution (one value per class)")
    pa, qa, _ = _pair(p, q, -1)
    return pa, qa
