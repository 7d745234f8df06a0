r"""Exercises with worked solutions: "compute its cross-entropy to 2 decimal places".

An exercise is drawn from a seed, so a link that carries the seed reopens the same
question for everyone in a class. Its distributions are small and friendly (2 to 4
classes, probabilities in twentieths) and its answer comes with the per-class terms
whose sum it is, so a page can write the whole solution in the learner's own numbers.

Kinds: ``entropy`` (H(P)), ``cross_entropy`` (H(P,Q)), ``kl_divergence`` (KL(P‖Q)) and
``loss`` (the softmax cross-entropy of logits z for a class target y,
:math:`-\log \operatorname{softmax}(z)_y`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import InputError, log_base
from .decomposition import class_terms
from .softmax import log_softmax

__all__ = ["EXERCISE_KINDS", "Exercise", "make_exercise"]

#: What an exercise can ask for.
EXERCISE_KINDS = ("entropy", "cross_entropy", "kl_divergence", "loss")
#: Probabilities are whole twentieths (0.05 steps), each at least 0.05.
_PARTS = 20


@dataclass(frozen=True)
class Exercise:
    """One question and its solution.

    ``p`` and ``q`` are the distributions (``q`` empty for ``entropy``); for ``loss``,
    ``logits`` and ``target`` instead, and ``q`` is their softmax. ``terms`` are the
    per-class terms whose sum is ``answer``, in the unit of ``base``.
    """

    kind: str
    seed: int
    base: float | None
    p: tuple[float, ...]
    q: tuple[float, ...]
    logits: tuple[float, ...]
    target: int
    terms: tuple[float, ...]
    answer: float


def _twentieths(rng: np.random.Generator, n_classes: int) -> np.ndarray:
    # n_classes positive integers summing to 20, uniformly among such splits.
    cuts = np.sort(rng.choice(np.arange(1, _PARTS), size=n_classes - 1, replace=False))
    counts = np.diff(np.concatenate(([0], cuts, [_PARTS])))
    return counts / _PARTS


def make_exercise(kind: str, seed: int, *, base: float | None = 2) -> Exercise:
    r"""Draw exercise number ``seed`` of ``kind``, with its answer in the unit of ``base``.

    .. math::
        H(P) = -\sum_i p_i \log p_i, \quad H(P,Q) = -\sum_i p_i \log q_i, \quad
        \mathrm{KL}(P\|Q) = \sum_i p_i \log \frac{p_i}{q_i}, \quad
        L = -\log \frac{e^{z_y}}{\sum_j e^{z_j}}

    Parameters
    ----------
    kind : str
        One of :data:`EXERCISE_KINDS`.
    seed : int
        Any whole number from 0 to 2**32 - 1; the same seed gives the same exercise.
    base : float, optional
        Logarithm base of the answer: 2 for bits (default), ``None`` for nats.

    Returns
    -------
    Exercise
        The question's numbers, the per-class terms and their sum, the answer.

    Raises
    ------
    ValueError
        For an unknown kind or a seed that is not a whole number in range.

    Examples
    --------
    >>> ex = make_exercise("cross_entropy", 7)
    >>> round(sum(ex.terms), 12) == round(ex.answer, 12), len(ex.p) == len(ex.q)
    (True, True)
    >>> make_exercise("entropy", 3, base=2) == make_exercise("entropy", 3, base=2)
    True
    """
    if kind not in EXERCISE_KINDS:
        raise InputError(f"kind must be one of {', '.join(EXERCISE_KINDS)}, got {kind!r}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise InputError(f"seed must be a whole number, got {seed!r}")
    if not 0 <= int(seed) < 2**32:
        raise InputError(f"seed must be from 0 to 2**32 - 1, got {seed}")
    seed = int(seed)
    rng = np.random.default_rng([seed, EXERCISE_KINDS.index(kind)])
    n_classes = int(rng.integers(2, 5))
    logits: np.ndarray = np.empty(0)
    target = -1
    if kind == "loss":
        logits = rng.integers(-6, 7, size=n_classes) / 2.0  # halves from -3 to 3
        target = int(rng.integers(n_classes))
        log_q = log_softmax(logits)
        p, q = np.eye(n_classes)[target], np.exp(log_q)
        chosen = np.array([-log_q[target] / log_base(base)])
    else:
        p = _twentieths(rng, n_classes)
        q = _twentieths(rng, n_classes)
        while kind != "entropy" and np.array_equal(p, q):
            q = _twentieths(rng, n_classes)
        terms = class_terms(p, p if kind == "entropy" else q, base=base)
        chosen = terms.kl if kind == "kl_divergence" else terms.cross_entropy
        q = q if kind != "entropy" else np.empty(0)
    return Exercise(
        kind,
        seed,
        base,
        _floats(p),
        _floats(q),
        _floats(logits),
        target,
        _floats(chosen),
        float(np.sum(chosen)),
    )


def _floats(values: np.ndarray) -> tuple[float, ...]:
    return tuple(float(v) for v in values)
