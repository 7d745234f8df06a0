"""The n-gram model's counts: the alphabet, every context of a training text, and lookups.

:func:`fit_ngram` counts :math:`c(h, x)` and :math:`c(h)` for every order up to
``max_order`` once; :func:`count_contexts` looks them up for each character of a text
to score. Also here: the argument checks the package shares, and :func:`split_text`,
which holds out the end of a text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import InputError, check_scalar

__all__ = [
    "MAX_ORDER",
    "SMOOTHINGS",
    "UNKNOWN",
    "ContextCounts",
    "NgramModel",
    "count_contexts",
    "fit_ngram",
    "split_text",
]

#: The highest order a model is fitted to by default (five characters of context).
MAX_ORDER = 5
SMOOTHINGS = ("add-k", "interpolated")
#: How the unknown symbol is written (it stands for every character unseen in training).
UNKNOWN = "⟨unk⟩"


# ----------------------------------------------------------------------------- checks
def _check_text(text, name: str) -> str:
    if not isinstance(text, str):
        raise InputError(f"{name} must be text (a str), got {type(text).__name__}")
    return text


def _code_points(text, name: str) -> np.ndarray:
    """The text's characters as int64 code points (lone surrogates pass through)."""
    raw = _check_text(text, name).encode("utf-32-le", "surrogatepass")
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


def _check_model(model) -> NgramModel:
    if not isinstance(model, NgramModel):
        raise InputError(f"model must be an NgramModel from fit_ngram, got {type(model).__name__}")
    return model


def _check_counts(counts) -> ContextCounts:
    if not isinstance(counts, ContextCounts):
        raise InputError(
            f"counts must be ContextCounts from count_contexts, got {type(counts).__name__}"
        )
    return counts


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
    _check_model(model)
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


# ----------------------------------------------------------------------------- the text
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
    _check_text(text, "text")
    frac = check_scalar(held_out_fraction, "held_out_fraction", low=0, low_open=True, high=1)
    if frac >= 1:
        raise InputError(f"held_out_fraction must be < 1, got {held_out_fraction!r}")
    cut = len(text) - round(len(text) * frac)
    return text[:cut], text[cut:]
