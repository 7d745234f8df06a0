r"""Character n-gram language models: surprisal, cross-entropy and perplexity of text.

A language model :math:`M` gives each next character :math:`x_t` a probability
:math:`M(x_t \mid h_t)` from the characters before it (its *context* :math:`h_t`).
The *surprisal* of :math:`x_t` is :math:`-\log M(x_t \mid h_t)`; its average over a
text is the text's cross-entropy under the model, :math:`H(L, M)`, in bits per
character, and :math:`2^{H(L, M)}` is the model's *perplexity*. For text from a
language :math:`L` with entropy rate :math:`H(L)`, :math:`H(L) \le H(L, M)`: no model
beats the true entropy (Jurafsky & Martin, *Speech and Language Processing*, ch. 3).

The model
---------
* **Alphabet.** The distinct characters of the training text, sorted, plus one
  *unknown* symbol ``⟨unk⟩`` that stands for every character the training text lacks,
  so a test character never seen in training still has a probability. ``V`` symbols.
* **Order.** An order-``n`` model predicts from the ``n`` previous characters; the
  start of a text is padded with a boundary symbol, which occurs in contexts but is
  never predicted. Order 0 ignores the context (character frequencies only).
* **Counts.** :func:`fit_ngram` counts :math:`c(h, x)` and
  :math:`c(h) = \sum_x c(h, x)` in the training text once, for every order up to
  ``max_order``; the smoothing below is applied when a text is scored, so changing
  the order, ``k`` or ``λ`` never refits.
* **add-k smoothing** (Lidstone; ``k = 1`` is Laplace, ``k = 0`` maximum likelihood):

  .. math:: M(x \mid h) = \frac{c(h, x) + k}{c(h) + kV},

  and the uniform :math:`1/V` (the limit :math:`k \to 0^+`) for a context never seen
  in training, :math:`c(h) = 0`.
* **interpolated smoothing** (Jelinek & Mercer 1980), one weight :math:`\lambda` for
  every order:

  .. math::
     M_n(x \mid h) = \lambda\,\frac{c(h_n, x)}{c(h_n)} + (1 - \lambda)\,M_{n-1}(x \mid h),
     \qquad M_{-1}(x) = \frac{1}{V},

  where :math:`h_n` is the last ``n`` characters, and :math:`M_n = M_{n-1}` when
  :math:`c(h_n) = 0`. :math:`\lambda` is fixed by the caller or chosen by
  :func:`tune_lambdas` (lowest cross-entropy on the last tenth of the training text,
  counted from the first nine tenths: "held-out interpolation").

Every distribution :math:`M(\cdot \mid h)` sums to 1 over the ``V`` symbols, and for
``k > 0`` or ``λ < 1`` every symbol, ``⟨unk⟩`` included, has a positive probability.
``⟨unk⟩`` stands for all unseen characters at once, so on a test text with several
different unseen characters the cross-entropy is that of the text with those
characters merged (which flatters the model a little, as open-vocabulary word models do).

Counts are NumPy arrays: a context of order ``j`` is numbered by ranking the pair
(number of its order ``j - 1`` suffix, the character before it), so no key ever
overflows however large the alphabet. :func:`compressor_bits_per_char` measures what
the standard library's ``zlib``, ``bz2`` and ``lzma`` achieve on the same text.
"""

from __future__ import annotations

import bz2
import lzma
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._validation import InputError, as_float_array, check_scalar, log_base
from .information import cross_entropy, entropy, normalize

__all__ = [
    "COMPRESSORS",
    "LAMBDA_GRID",
    "MAX_ORDER",
    "SMOOTHINGS",
    "UNKNOWN",
    "ContextCounts",
    "NgramModel",
    "char_entropy",
    "char_probabilities",
    "compressor_bits_per_char",
    "count_contexts",
    "cross_entropy_by_order",
    "fit_ngram",
    "next_char_distribution",
    "order0_cross_entropy",
    "perplexity",
    "sample_text",
    "split_text",
    "surprisal",
    "symbol_frequencies",
    "text_cross_entropy",
    "tune_lambdas",
]

#: The highest order a model is fitted to by default (five characters of context).
MAX_ORDER = 5
SMOOTHINGS = ("add-k", "interpolated")
#: How the unknown symbol is written (it stands for every character unseen in training).
UNKNOWN = "⟨unk⟩"
COMPRESSORS = ("zlib", "bz2", "lzma")
#: The λ values :func:`tune_lambdas` tries.
LAMBDA_GRID = tuple(round(0.05 * i, 2) for i in range(1, 20))  # 0.05, 0.10, ..., 0.95


# ----------------------------------------------------------------------------- checks
def _code_points(text, name: str) -> np.ndarray:
    """The text's characters as int64 code points (lone surrogates pass through)."""
    if not isinstance(text, str):
        raise InputError(f"{name} must be text (a str), got {type(text).__name__}")
    raw = text.encode("utf-32-le", "surrogatepass")
    return np.frombuffer(raw, dtype="<u4").astype(np.int64)


def _nonempty_code_points(text, name: str, what: str) -> np.ndarray:
    codes = _code_points(text, name)
    if codes.size == 0:
        raise InputError(f"{name} is empty; {what}")
    return codes


def _check_order(order, name: str, high: int) -> int:
    if isinstance(order, bool) or not isinstance(order, int | np.integer):
        raise InputError(f"{name} must be a whole number from 0 to {high}, got {order!r}")
    if not 0 <= int(order) <= high:
        raise InputError(f"{name} must be from 0 to {high}, got {int(order)}")
    return int(order)


def _check_smoothing(smoothing, k, lam) -> tuple[str, float, float]:
    if smoothing not in SMOOTHINGS:
        raise InputError(
            f"smoothing must be one of {', '.join(repr(s) for s in SMOOTHINGS)}, got {smoothing!r}"
        )
    k = check_scalar(k, "k", low=0)
    lam = check_scalar(lam, "lam", low=0, high=1)
    return smoothing, k, lam


def _lookup(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Index of each key in ``sorted_keys``, or -1 where it is absent."""
    if sorted_keys.size == 0:
        return np.full(keys.shape, -1, dtype=np.int64)
    pos = np.searchsorted(sorted_keys, keys)
    np.minimum(pos, sorted_keys.size - 1, out=pos)
    return np.where(sorted_keys[pos] == keys, pos, -1)


def _frozen(arr: np.ndarray) -> np.ndarray:
    arr.flags.writeable = False  # models are shared between reruns and sessions
    return arr


# ----------------------------------------------------------------------------- the model
@dataclass(frozen=True, eq=False, repr=False)
class NgramModel:
    """Counts of a training text for every order up to ``max_order`` (see :func:`fit_ngram`).

    ``alphabet`` holds the training text's distinct characters, sorted; symbol number
    ``len(alphabet)`` is ``⟨unk⟩``. The other fields are the count tables: at order
    ``j``, ``context_keys[j]`` numbers the contexts seen, ``context_counts[j]`` is
    :math:`c(h)` for each, and ``pair_keys[j]`` / ``pair_counts[j]`` hold :math:`c(h, x)`
    under the key ``context_number * V + x``.
    """

    alphabet: tuple[str, ...]
    max_order: int
    n_chars: int
    alphabet_codes: np.ndarray
    context_keys: tuple[np.ndarray, ...]
    context_counts: tuple[np.ndarray, ...]
    pair_keys: tuple[np.ndarray, ...]
    pair_counts: tuple[np.ndarray, ...]

    @property
    def vocab_size(self) -> int:
        """V: the alphabet plus the unknown symbol."""
        return len(self.alphabet) + 1

    @property
    def symbols(self) -> tuple[str, ...]:
        """The V symbols in index order, ``⟨unk⟩`` last."""
        return (*self.alphabet, UNKNOWN)

    def __repr__(self) -> str:
        return (
            f"NgramModel(max_order={self.max_order}, n_chars={self.n_chars}, "
            f"vocab_size={self.vocab_size})"
        )

    def encode(self, text: str) -> np.ndarray:
        """Symbol numbers of ``text``: unseen characters become ``len(alphabet)`` (⟨unk⟩).

        >>> fit_ngram("abba", max_order=1).encode("abc").tolist()
        [0, 1, 2]
        """
        return self._encode(_code_points(text, "text"))

    def _encode(self, codes: np.ndarray) -> np.ndarray:
        pos = _lookup(self.alphabet_codes, codes)
        return np.where(pos >= 0, pos, len(self.alphabet))


def fit_ngram(text: str, max_order: int = MAX_ORDER) -> NgramModel:
    r"""Count every context of up to ``max_order`` characters in a training text.

    .. math:: c(h, x) = \#\{t : h_t = h,\ x_t = x\}, \qquad c(h) = \sum_x c(h, x)

    Parameters
    ----------
    text : str
        The training text (any characters; at least one).
    max_order : int, default 5
        The longest context counted; models of every order up to it can then be scored.

    Returns
    -------
    NgramModel

    Raises
    ------
    ValueError
        If ``text`` is not a non-empty str, or ``max_order`` is not in 0..5.

    Examples
    --------
    >>> model = fit_ngram("abracadabra", max_order=2)
    >>> model.alphabet, model.vocab_size
    (('a', 'b', 'c', 'd', 'r'), 6)
    """
    codes = _nonempty_code_points(text, "text", "a model needs at least one training character")
    max_order = _check_order(max_order, "max_order", MAX_ORDER)
    alphabet_codes, seq = np.unique(codes, return_inverse=True)
    seq = seq.astype(np.int64)
    n, v = seq.size, alphabet_codes.size + 1
    radix = v + 1  # context symbols: V symbols plus the boundary symbol V
    padded = np.concatenate([np.full(max_order, v, dtype=np.int64), seq])
    ids = np.zeros(n, dtype=np.int64)
    context_keys = [np.zeros(1, dtype=np.int64)]
    context_counts = [np.array([n], dtype=np.int64)]
    pair_keys, pair_counts = [], []
    for j in range(max_order + 1):
        if j > 0:
            before = padded[max_order - j : max_order - j + n]
            keys, ids, counts = np.unique(
                ids * radix + before, return_inverse=True, return_counts=True
            )
            context_keys.append(keys)
            context_counts.append(counts)
        pk, pc = np.unique(ids * v + seq, return_counts=True)
        pair_keys.append(pk)
        pair_counts.append(pc)
    return NgramModel(
        alphabet=tuple(chr(c) for c in alphabet_codes.tolist()),
        max_order=max_order,
        n_chars=n,
        alphabet_codes=_frozen(alphabet_codes.astype(np.int64)),
        context_keys=tuple(_frozen(k) for k in context_keys),
        context_counts=tuple(_frozen(c) for c in context_counts),
        pair_keys=tuple(_frozen(k) for k in pair_keys),
        pair_counts=tuple(_frozen(c) for c in pair_counts),
    )


@dataclass(frozen=True, eq=False, repr=False)
class ContextCounts:
    """What a model's counts say about each character of one text.

    ``context[j, t]`` is :math:`c(h)` and ``pair[j, t]`` is :math:`c(h, x_t)` for the
    order-``j`` context of character ``t``; ``unknown[t]`` marks characters outside
    the model's alphabet. Smoothing turns these into probabilities
    (:func:`char_probabilities`), cheaply, for any order up to ``max_order``.
    """

    context: np.ndarray
    pair: np.ndarray
    unknown: np.ndarray
    vocab_size: int

    @property
    def max_order(self) -> int:
        return self.context.shape[0] - 1

    @property
    def n_chars(self) -> int:
        return self.context.shape[1]

    def __repr__(self) -> str:
        return f"ContextCounts(max_order={self.max_order}, n_chars={self.n_chars})"


def _context_numbers(model: NgramModel, padded: np.ndarray, m: int, order: int) -> list:
    """Number of the order-j context of each of ``m`` positions (j = 0..order), -1 if unseen."""
    top = model.max_order
    radix = model.vocab_size + 1
    ids = np.zeros(m, dtype=np.int64)
    numbers = [ids]
    for j in range(1, order + 1):
        before = padded[top - j : top - j + m]
        found = _lookup(model.context_keys[j], ids * radix + before)
        ids = np.where(ids >= 0, found, -1)
        numbers.append(ids)
    return numbers


def _counts_at(model: NgramModel, j: int, ids: np.ndarray, nxt: np.ndarray):
    seen = ids >= 0
    ctx = np.where(seen, model.context_counts[j][np.where(seen, ids, 0)], 0)
    where = _lookup(model.pair_keys[j], ids * model.vocab_size + nxt)
    pair = np.where(where >= 0, model.pair_counts[j][np.where(where >= 0, where, 0)], 0)
    return ctx, pair


def count_contexts(model: NgramModel, text: str) -> ContextCounts:
    r"""Look up :math:`c(h_t)` and :math:`c(h_t, x_t)` for every character of ``text``.

    The text is scored from its own start (contexts padded with the boundary symbol),
    at every order up to ``model.max_order``.

    Parameters
    ----------
    model : NgramModel
    text : str
        The text to score (at least one character; unseen characters count as ⟨unk⟩).

    Returns
    -------
    ContextCounts

    Examples
    --------
    >>> counts = count_contexts(fit_ngram("abab", max_order=1), "ab")
    >>> counts.context.astype(int).tolist(), counts.pair.astype(int).tolist()
    ([[4, 4], [1, 2]], [[2, 2], [1, 2]])
    """
    if not isinstance(model, NgramModel):
        raise InputError(f"model must be an NgramModel from fit_ngram, got {type(model).__name__}")
    codes = _nonempty_code_points(text, "text", "give at least one character to score")
    seq = model._encode(codes)
    m, top = seq.size, model.max_order
    padded = np.concatenate([np.full(top, model.vocab_size, dtype=np.int64), seq])
    numbers = _context_numbers(model, padded, m, top)
    context = np.empty((top + 1, m), dtype=np.float64)
    pair = np.empty((top + 1, m), dtype=np.float64)
    for j, ids in enumerate(numbers):
        context[j], pair[j] = _counts_at(model, j, ids, seq)
    return ContextCounts(
        context=_frozen(context),
        pair=_frozen(pair),
        unknown=_frozen(seq == len(model.alphabet)),
        vocab_size=model.vocab_size,
    )


# ----------------------------------------------------------------------------- probabilities
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
    if not isinstance(counts, ContextCounts):
        raise InputError(
            f"counts must be ContextCounts from count_contexts, got {type(counts).__name__}"
        )
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
    if not isinstance(counts, ContextCounts):
        raise InputError(
            f"counts must be ContextCounts from count_contexts, got {type(counts).__name__}"
        )
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
    >>> model = fit_ngram("abab", max_order=1)
    >>> next_char_distribution(model, "a", 1, smoothing="add-k", k=0).tolist()
    [0.0, 1.0, 0.0]
    >>> float(next_char_distribution(model, "zz", 1, lam=0.9).sum())
    1.0
    """
    if not isinstance(model, NgramModel):
        raise InputError(f"model must be an NgramModel from fit_ngram, got {type(model).__name__}")
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
    >>> sample_text(fit_ngram("abcabcabc", max_order=2), 7, 2, smoothing="add-k", k=0)
    'abcabca'
    """
    if isinstance(length, bool) or not isinstance(length, int | np.integer) or length < 0:
        raise InputError(f"length must be a whole number >= 0, got {length!r}")
    if not isinstance(model, NgramModel):
        raise InputError(f"model must be an NgramModel from fit_ngram, got {type(model).__name__}")
    order = _check_order(order, "order", model.max_order)
    smoothing, k, lam = _check_smoothing(smoothing, k, lam)
    rng = np.random.default_rng(seed)
    memo: dict[tuple[int, ...], np.ndarray] = {}  # contexts repeat: smooth each once
    history: list[int] = []
    for u in rng.random(int(length)).tolist():
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


# ----------------------------------------------------------------------------- entropy
def char_entropy(text: str, *, base: float | None = 2) -> float:
    r"""Entropy of the character frequencies of ``text``.

    .. math:: H(\hat P) = -\sum_c \hat p_c \log_b \hat p_c, \qquad \hat p_c = n_c / T

    This is the cross-entropy of the maximum-likelihood order-0 model on its own
    training text.

    Parameters
    ----------
    text : str
        At least one character.
    base : float or None, default 2
        Logarithm base: 2 gives bits, ``None`` nats, 10 hartleys.

    Returns
    -------
    float

    Examples
    --------
    >>> round(char_entropy("aab"), 12)
    0.918295834054
    >>> char_entropy("abcd")
    2.0
    """
    codes = _nonempty_code_points(text, "text", "give at least one character")
    _, counts = np.unique(codes, return_counts=True)
    return float(entropy(normalize(counts.astype(np.float64)), base=base))


def symbol_frequencies(model: NgramModel, text: str) -> np.ndarray:
    r"""How often each of the model's V symbols occurs in ``text`` (unseen characters → ⟨unk⟩).

    .. math:: n_x = \#\{t : x_t = x\}, \qquad \sum_x n_x = T

    Parameters
    ----------
    model : NgramModel
        From :func:`fit_ngram`; fixes the alphabet.
    text : str
        At least one character.

    Returns
    -------
    numpy.ndarray
        ``model.vocab_size`` integer counts, ⟨unk⟩ last.

    Examples
    --------
    >>> symbol_frequencies(fit_ngram("ab", max_order=0), "abbz").tolist()
    [1, 2, 1]
    """
    codes = _nonempty_code_points(text, "text", "give at least one character")
    return np.bincount(model._encode(codes), minlength=model.vocab_size)


def order0_cross_entropy(
    model: NgramModel, text: str, *, smoothing="interpolated", k=1.0, lam=0.5, base=2
) -> tuple[float, float]:
    r"""Gibbs' inequality on a text: :math:`H(\hat P) \le H(\hat P, M_0)`.

    :math:`\hat P` is the text's symbol frequencies (unseen characters pooled as
    ⟨unk⟩) and :math:`M_0` the model's order-0 distribution. The cross-entropy equals
    the order-0 model's cross-entropy per character on the text; the gap is
    :math:`D_{KL}(\hat P \| M_0) \ge 0`. Returns ``(H(P̂), H(P̂, M₀))``.

    Parameters
    ----------
    model : NgramModel
        From :func:`fit_ngram`.
    text : str
        At least one character.
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
    tuple of float
        ``(H(P̂), H(P̂, M₀))``.

    Examples
    --------
    >>> model = fit_ngram("aab", max_order=0)
    >>> [round(h, 4) for h in order0_cross_entropy(model, "abb", smoothing="add-k", k=0)]
    [0.9183, 1.2516]
    """
    freq = symbol_frequencies(model, text).astype(np.float64)
    p_hat = normalize(freq)
    q = next_char_distribution(model, "", 0, smoothing=smoothing, k=k, lam=lam)
    return float(entropy(p_hat, base=base)), float(cross_entropy(p_hat, q, base=base))


def perplexity(cross_entropy_value: float, *, base: float | None = 2) -> float:
    r"""Perplexity from a cross-entropy: :math:`\mathrm{PP} = b^{H}` (:math:`2^H` for bits).

    The number of equally likely choices that would be as surprising on average.

    Examples
    --------
    >>> perplexity(3.0)
    8.0
    >>> round(perplexity(math.log(5.0), base=None), 12)
    5.0
    """
    try:
        if float(cross_entropy_value) == math.inf:
            return math.inf  # a zero-probability character: infinitely perplexed
    except (TypeError, ValueError):
        pass  # check_scalar names the problem
    h = check_scalar(cross_entropy_value, "cross_entropy_value", low=0)
    log_base(base)  # validates the base
    with np.errstate(over="ignore"):
        if base is None:
            return float(np.exp(h))
        return float(np.power(np.float64(base), h))  # 2.0 ** 3.0 is exactly 8.0


# ----------------------------------------------------------------------------- data
def split_text(text: str, held_out_fraction: float = 0.1) -> tuple[str, str]:
    r"""Split ``text`` into a training part and the held-out last ``held_out_fraction``.

    .. math:: |\text{held-out}| = \operatorname{round}(f\,T), \qquad
       |\text{train}| = T - |\text{held-out}|

    Parameters
    ----------
    text : str
        The text to split (:math:`T` characters).
    held_out_fraction : float, default 0.1
        The share :math:`f` taken from the end, in (0, 1).

    Returns
    -------
    tuple of str
        ``(train, held_out)``, which concatenate back to ``text``.

    Examples
    --------
    >>> split_text("abcdefghij", 0.2)
    ('abcdefgh', 'ij')
    """
    if not isinstance(text, str):
        raise InputError(f"text must be text (a str), got {type(text).__name__}")
    frac = check_scalar(held_out_fraction, "held_out_fraction", low=0, low_open=True, high=1)
    if frac >= 1:
        raise InputError(f"held_out_fraction must be < 1, got {held_out_fraction!r}")
    cut = len(text) - round(len(text) * frac)
    return text[:cut], text[cut:]


def _compressed_size(name: str, data: bytes) -> int:
    if name == "zlib":  # raw deflate: no 2-byte header, no 4-byte checksum
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        return len(packer.compress(data) + packer.flush())
    if name == "bz2":
        return len(bz2.compress(data, 9))
    # Raw LZMA2 (no .xz container), with a dictionary just big enough for the data:
    # preset 9's 64 MiB dictionary costs ~150 ms to set up and compresses no better here.
    dict_size = min(max(1 << 16, 1 << len(data).bit_length()), 1 << 26)
    filters = [{"id": lzma.FILTER_LZMA2, "preset": 9, "dict_size": dict_size}]
    return len(lzma.compress(data, format=lzma.FORMAT_RAW, filters=filters))


def compressor_bits_per_char(
    text: str, *, given: str = "", base: float | None = 2
) -> dict[str, float]:
    r"""Bits per character that zlib, bz2 and lzma need for ``text`` (UTF-8 encoded).

    .. math:: \text{bits per char} = 8 \cdot |\mathrm{compress}(x)| \,/\, T

    A compressor is a model too, so its rate is another upper bound on the entropy.
    With ``given``, the text is compressed after that text and only the extra bytes
    count, :math:`8(|C(g\,x)| - |C(g)|)/T` (floored at 0): the compressor then knows
    the training text, as the n-gram model does. Fixed headers are left out where the
    format allows (raw deflate, raw LZMA2); bz2 keeps its ~14 bytes.

    Parameters
    ----------
    text : str
        The text to compress (at least one character).
    given : str, default ""
        Text compressed first, whose bytes are not counted.
    base : float or None, default 2
        Logarithm base: 2 gives bits, ``None`` nats, 10 hartleys.

    Returns
    -------
    dict of str to float
        The rate of each compressor in :data:`COMPRESSORS` (bits per character for
        base 2).

    Examples
    --------
    >>> rates = compressor_bits_per_char("abc" * 200)
    >>> sorted(rates), rates["zlib"] < 1
    (['bz2', 'lzma', 'zlib'], True)
    """
    n = len(_nonempty_code_points(text, "text", "give at least one character to compress"))
    _code_points(given, "given")
    scale = math.log(2) / log_base(base)
    data = text.encode("utf-8", "surrogatepass")
    prefix = given.encode("utf-8", "surrogatepass")
    rates = {}
    for name in COMPRESSORS:
        size = _compressed_size(name, prefix + data)
        if prefix:
            size = max(size - _compressed_size(name, prefix), 0)
        rates[name] = 8.0 * size / n * scale
    return rates
