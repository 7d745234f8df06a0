r"""The codes built for Q: Huffman codewords, Shannon and ideal lengths, Kraft, prefixes.

:func:`huffman_code` gives each symbol of Q a bit string; :func:`shannon_code_lengths`
rounds the ideal lengths :math:`-\log_2 q(x)` (:func:`ideal_code_lengths`) up to whole
bits; :func:`kraft_sum` and :func:`is_prefix_free` check that lengths and codewords
form a prefix code. Also here: the checks of distributions, codewords and lengths that
:mod:`.messages` shares.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np

from .._validation import InputError, as_float_array, check_distribution

__all__ = [
    "codeword_lengths",
    "huffman_code",
    "ideal_code_lengths",
    "is_prefix_free",
    "kraft_sum",
    "shannon_code_lengths",
]


def _distribution_1d(p, name: str) -> np.ndarray:
    arr = as_float_array(p, name)
    if arr.ndim != 1:
        raise InputError(
            f"{name} must be a 1-D distribution (one probability per symbol), "
            f"got an array of shape {arr.shape}"
        )
    check_distribution(arr, name, 0)
    return arr


def _codewords(codewords: Sequence[str | None], name: str = "codewords") -> list[str | None]:
    if isinstance(codewords, str | bytes):
        raise InputError(
            f"{name} must be a list of codewords, got the text {str(codewords)[:40]!r}"
        )
    words = list(codewords)
    if not words:
        raise InputError(f"{name} is empty; give one codeword (or None) per symbol")
    for i, word in enumerate(words):
        if word is None:
            continue
        if not isinstance(word, str) or word.strip("01"):
            raise InputError(
                f"{name} must be strings of 0s and 1s (or None), but has {word!r} at index {i}"
            )
    return words


def huffman_code(q) -> list[str | None]:
    r"""The Huffman code for the distribution ``q``: one codeword (a bit string) per symbol.

    Repeatedly merge the two least probable subtrees; the first one popped gets the bit
    ``0``, the second ``1``. The result minimises the expected length under Q,

    .. math:: \sum_x q(x)\,\ell(x) \;\le\; \sum_x q(x)\,\ell'(x)
              \quad \text{for every prefix code } \ell',

    so :math:`H(Q) \le \sum_x q(x)\,\ell(x) < H(Q) + 1`.

    Ties are broken deterministically: a subtree's rank is the index of its symbol for
    a single symbol, and ``len(q) + k`` for the k-th merged subtree, so among equal
    probabilities the lower index is merged first and single symbols go before merged
    subtrees (this also keeps the longest codeword as short as possible).

    Symbols with :math:`q(x) = 0` get ``None`` (no codeword). A distribution with a single
    possible symbol gets the empty codeword ``""``: there is nothing to tell, 0 bits.

    Parameters
    ----------
    q : array_like
        A 1-D distribution (non-negative, summing to 1 within 1e-9).

    Returns
    -------
    list of str or None
        ``codewords[i]`` encodes symbol ``i``; together they form a prefix code.

    Raises
    ------
    ValueError
        If ``q`` is not a 1-D distribution.

    Examples
    --------
    >>> huffman_code([0.5, 0.25, 0.125, 0.125])
    ['0', '10', '110', '111']
    >>> huffman_code([0.25, 0.25, 0.25, 0.25])
    ['00', '01', '10', '11']
    >>> huffman_code([0.6, 0.0, 0.4])
    ['1', None, '0']
    >>> huffman_code([1.0])
    ['']
    """
    qa = _distribution_1d(q, "q")
    n = qa.size
    codes: list[str | None] = [None] * n
    # (probability, rank, symbols in the subtree): ranks are unique, so the lists are
    # never compared.
    heap = [(float(qa[i]), i, [i]) for i in range(n) if qa[i] > 0]
    heapq.heapify(heap)
    bits = {i: "" for _, i, _ in heap}
    rank = n
    while len(heap) > 1:
        w0, _, first = heapq.heappop(heap)
        w1, _, second = heapq.heappop(heap)
        for i in first:
            bits[i] = "0" + bits[i]
        for i in second:
            bits[i] = "1" + bits[i]
        heapq.heappush(heap, (w0 + w1, rank, first + second))
        rank += 1
    for i, word in bits.items():
        codes[i] = word
    return codes


def codeword_lengths(codewords: Sequence[str | None]) -> np.ndarray:
    r"""The length in bits of each codeword, :math:`\infty` for a missing one (``None``).

    .. math:: \ell(x) = |c(x)|

    Parameters
    ----------
    codewords : sequence of str or None
        Bit strings such as ``"0"``, ``"110"``; ``None`` for a symbol without a codeword.

    Returns
    -------
    numpy.ndarray
        float64 lengths (``inf`` for ``None``).

    Raises
    ------
    ValueError
        If ``codewords`` is empty or holds something other than bit strings and ``None``.

    Examples
    --------
    >>> codeword_lengths(["0", "10", None]).tolist()
    [1.0, 2.0, inf]
    """
    words = _codewords(codewords)
    return np.array([np.inf if w is None else len(w) for w in words], dtype=np.float64)


def ideal_code_lengths(q) -> np.ndarray:
    r"""The ideal (fractional) code length of each symbol: its surprisal in bits.

    .. math:: \ell^*(x) = -\log_2 q(x), \qquad \sum_x p(x)\,\ell^*(x) = H(P, Q)

    Parameters
    ----------
    q : array_like
        A 1-D distribution.

    Returns
    -------
    numpy.ndarray
        :math:`-\log_2 q`, ``inf`` where ``q`` is 0.

    Raises
    ------
    ValueError
        If ``q`` is not a 1-D distribution.

    Examples
    --------
    >>> ideal_code_lengths([0.5, 0.25, 0.25, 0.0]).tolist()
    [1.0, 2.0, 2.0, inf]
    """
    qa = _distribution_1d(q, "q")
    with np.errstate(divide="ignore"):
        return -np.log2(qa) + 0.0  # + 0.0 turns -0.0 (q = 1) into 0.0


def shannon_code_lengths(q) -> np.ndarray:
    r"""The Shannon code lengths for ``q``: each ideal length rounded up to whole bits.

    .. math:: \ell(x) = \lceil -\log_2 q(x) \rceil

    They satisfy Kraft's inequality :math:`\sum_x 2^{-\ell(x)} \le 1`, so a prefix code
    with these lengths exists, and for any P

    .. math:: H(P,Q) \le \sum_x p(x) \lceil -\log_2 q(x) \rceil < H(P,Q) + 1.

    Parameters
    ----------
    q : array_like
        A 1-D distribution.

    Returns
    -------
    numpy.ndarray
        float64 whole numbers, ``inf`` where ``q`` is 0.

    Raises
    ------
    ValueError
        If ``q`` is not a 1-D distribution.

    Examples
    --------
    >>> shannon_code_lengths([0.8, 0.15, 0.05]).tolist()
    [1.0, 3.0, 5.0]
    """
    return np.ceil(ideal_code_lengths(q))


def _lengths(lengths) -> np.ndarray:
    la = as_float_array(lengths, "lengths")
    if la.ndim != 1:
        raise InputError(f"lengths must be 1-D (one length per symbol), got shape {la.shape}")
    if np.isnan(la).any() or (la < 0).any():
        idx = int(np.argmax(np.isnan(la) | (la < 0)))
        raise InputError(
            f"lengths must be non-negative numbers of bits (inf allowed), "
            f"but has {float(la[idx])!r} at index {idx}"
        )
    return la


def kraft_sum(lengths) -> float:
    r"""Kraft's sum of code lengths: at most 1 exactly when a prefix code has these lengths.

    .. math:: K = \sum_x 2^{-\ell(x)} \le 1

    A missing codeword (``inf``) contributes 0. A Huffman code with at least two
    codewords is complete: :math:`K = 1`.

    Parameters
    ----------
    lengths : array_like
        Non-negative code lengths in bits (``inf`` allowed).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``lengths`` is empty, not 1-D, or has a negative or NaN entry.

    Examples
    --------
    >>> kraft_sum([1, 2, 3, 3])
    1.0
    >>> kraft_sum([1, 3, 5])
    0.65625
    """
    return float(np.sum(np.exp2(-_lengths(lengths))))


def is_prefix_free(codewords: Sequence[str | None]) -> bool:
    r"""Whether no codeword is a prefix of another (``None`` entries are ignored).

    .. math:: c(x) \ne c(y)\,s \quad \text{for all } x \ne y \text{ and bit strings } s

    A prefix code can be decoded bit by bit without separators. Two equal codewords
    count as prefixes of each other.

    Parameters
    ----------
    codewords : sequence of str or None
        Bit strings; ``None`` for a symbol without a codeword.

    Returns
    -------
    bool

    Raises
    ------
    ValueError
        If ``codewords`` is empty or holds something other than bit strings and ``None``.

    Examples
    --------
    >>> is_prefix_free(["0", "10", "11"]), is_prefix_free(["0", "01"])
    (True, False)
    """
    words = sorted(w for w in _codewords(codewords) if w is not None)
    # After sorting, a codeword that is a prefix of another is directly followed by one
    # that starts with it.
    return all(not b.startswith(a) for a, b in zip(words, words[1:], strict=False))
