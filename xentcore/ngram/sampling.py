r"""The model's next-character distribution after a context, and text drawn from it.

:func:`next_char_distribution` gives :math:`M(\cdot \mid h)` over all ``V`` symbols;
:func:`sample_text` draws one character at a time from it (never ``⟨unk⟩``).
"""

from __future__ import annotations

import numpy as np

from .._checks import whole_number
from .model import (
    ContextCounts,
    NgramModel,
    _check_model,
    _check_order,
    _check_smoothing,
    _code_points,
)
from .probabilities import _add_k, _interpolated_steps, _last

__all__ = ["next_char_distribution", "sample_text"]


def next_char_distribution(
    model: NgramModel,
    context: str,
    order: int,
    *,
    smoothing: str = "interpolated",
    k: float = 1.0,
    lam: float = 0.5,
) -> np.ndarray:
    r"""The model's distribution :math:`M(\cdot \mid h)` of the character after ``context``.

    ``context`` is the text so far (a shorter one than ``order`` means the start of a
    text). The result has one probability per symbol of ``model.symbols`` and sums
    to 1 (add-k with ``k = 0`` after an unseen context gives the uniform 1/V).

    Parameters
    ----------
    model : NgramModel
        From :func:`fit_ngram`.
    context : str
        The text so far; only its last ``order`` characters matter.
    order : int
        Context length, 0 to ``model.max_order``.
    smoothing : {"interpolated", "add-k"}, default "interpolated"
        How counts become probabilities (see the module docstring).
    k : float, default 1.0
        Added to every count (add-k only); 0 gives maximum likelihood.
    lam : float, default 0.5
        Weight of each order's own estimate (interpolated only), in [0, 1].

    Returns
    -------
    numpy.ndarray
        ``model.vocab_size`` probabilities, ⟨unk⟩ last.

    Examples
    --------
    >>> from xentcore.ngram import fit_ngram
    >>> model = fit_ngram("abab", max_order=1)
    >>> next_char_distribution(model, "a", 1, smoothing="add-k", k=0).tolist()
    [0.0, 1.0, 0.0]
    >>> float(next_char_distribution(model, "zz", 1, lam=0.9).sum())
    1.0
    """
    _check_model(model)
    order = _check_order(order, "order", model.max_order)
    smoothing, k, lam = _check_smoothing(smoothing, k, lam)
    top = model.max_order
    seq = model._encode(_code_points(context, "context"))[-top:] if top else np.zeros(0, np.int64)
    return _next_distribution(model, seq.tolist(), order, smoothing, k, lam)


def _next_distribution(
    model: NgramModel, history: list[int], order: int, smoothing: str, k: float, lam: float
) -> np.ndarray:
    """M(· | history) from symbol numbers (checked arguments; the sampler's inner loop)."""
    v, radix = model.vocab_size, model.vocab_size + 1
    ctx = np.zeros((order + 1, v))
    pair = np.zeros((order + 1, v))
    number = 0
    for j in range(order + 1):
        if j > 0:
            before = history[-j] if j <= len(history) else v  # v: the boundary symbol
            keys = model.context_keys[j]
            key = number * radix + before
            pos = int(np.searchsorted(keys, key))
            if pos == keys.size or keys[pos] != key:
                break  # a context never seen in training: no counts from here on
            number = pos
        ctx[j] = model.context_counts[j][number]
        # The pairs of one context are a contiguous run of the sorted keys.
        keys = model.pair_keys[j]
        lo, hi = np.searchsorted(keys, [number * v, number * v + v])
        pair[j, keys[lo:hi] - number * v] = model.pair_counts[j][lo:hi]
    if smoothing == "add-k":
        return _add_k(ctx[order], pair[order], k, v)
    counts = ContextCounts(context=ctx, pair=pair, unknown=np.zeros(v, bool), vocab_size=v)
    return _last(_interpolated_steps(counts, order, [lam] * (order + 1)))


def sample_text(
    model: NgramModel,
    length: int,
    order: int,
    *,
    smoothing: str = "interpolated",
    k: float = 1.0,
    lam: float = 0.5,
    seed: int = 0,
) -> str:
    r"""Text drawn from the model, one character at a time: :math:`x_t \sim M(\cdot \mid h_t)`.

    ⟨unk⟩ is never drawn (its probability is shared out over the real characters), so
    the sample uses only characters of the training text. Deterministic for a seed.

    Parameters
    ----------
    model : NgramModel
        From :func:`fit_ngram`.
    length : int
        How many characters to draw (0 or more).
    order : int
        Context length, 0 to ``model.max_order``.
    smoothing : {"interpolated", "add-k"}, default "interpolated"
        How counts become probabilities (see the module docstring).
    k : float, default 1.0
        Added to every count (add-k only); 0 gives maximum likelihood.
    lam : float, default 0.5
        Weight of each order's own estimate (interpolated only), in [0, 1].
    seed : int, default 0
        Seed of the random generator.

    Returns
    -------
    str

    Examples
    --------
    >>> from xentcore.ngram import fit_ngram
    >>> sample_text(fit_ngram("abcabcabc", max_order=2), 7, 2, smoothing="add-k", k=0)
    'abcabca'
    """
    length = whole_number(length, "length", 0)
    _check_model(model)
    order = _check_order(order, "order", model.max_order)
    smoothing, k, lam = _check_smoothing(smoothing, k, lam)
    rng = np.random.default_rng(seed)
    memo: dict[tuple[int, ...], np.ndarray] = {}  # contexts repeat: smooth each once
    history: list[int] = []
    for u in rng.random(length).tolist():
        if order == 0:
            key: tuple[int, ...] = ()
        elif len(history) >= order:
            key = tuple(history[-order:])
        else:  # the start of the text: the boundary symbol fills the context
            key = (-1, *history)
        if key not in memo:
            p = _next_distribution(model, history, order, smoothing, k, lam)[:-1]
            total = p.sum()  # ⟨unk⟩ is never drawn: its share goes to the real characters
            memo[key] = np.cumsum(p / total if total > 0 else np.full(p.size, 1.0 / p.size))
        cumulative = memo[key]
        index = int(np.searchsorted(cumulative, u * cumulative[-1], side="right"))
        history.append(min(index, cumulative.size - 1))
    return "".join(model.alphabet[i] for i in history)
