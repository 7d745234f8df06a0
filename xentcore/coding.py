r"""Cross-entropy as code length: Huffman and Shannon codes built for Q, used on P.

A prefix code gives symbol :math:`x` a codeword of :math:`\ell(x)` bits. Encoding
messages drawn from P with a code built for Q costs :math:`\sum_x p(x)\,\ell(x)` bits
per symbol on average. With the ideal lengths :math:`-\log_2 q(x)` that is exactly the
cross-entropy H(P, Q); whole-bit codes pay a little more or less:

- the **Shannon code** :math:`\ell(x) = \lceil -\log_2 q(x) \rceil` satisfies
  :math:`H(P,Q) \le \sum_x p(x) \lceil -\log_2 q(x) \rceil < H(P,Q) + 1`;
- the **Huffman code** for Q is the shortest prefix code *on Q's own messages*; on P's
  messages it can land below H(P, Q) (it cannot go below H(P)) or above the Shannon code.

A symbol with :math:`q(x) = 0` gets **no codeword** (``None``; its length is
:math:`\infty`): a code built for Q has no reason to spend a codeword on something Q
says never happens. If P gives that symbol :math:`p(x) > 0`, the expected length under P
is infinite, just as H(P, Q) is. Symbols with :math:`p(x) = 0` cost nothing
(:math:`0 \cdot \infty = 0`, as in :func:`xentcore.cross_entropy`).

Lengths are always in bits (codewords are strings of ``0`` and ``1``).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._validation import InputError, as_float_array, check_distribution, check_same_shape
from .information import cross_entropy, entropy

__all__ = [
    "CodeComparison",
    "compare_codes",
    "codeword_lengths",
    "decode_bits",
    "encode_message",
    "expected_code_length",
    "huffman_code",
    "ideal_code_lengths",
    "is_prefix_free",
    "kraft_sum",
    "running_bits_per_symbol",
    "sample_message",
    "shannon_code_lengths",
]

#: Points on a convergence curve (log-spaced): enough for a smooth line, cheap to draw.
CURVE_POINTS = 400


def _distribution_1d(p, name: str) -> np.ndarray:
    arr = as_float_array(p, name)
    if arr.ndim != 1:
        raise InputError(
            f"{name} must be a 1-D distribution (one probability per symbol), "
            f"got an array of shape {arr.shape}"
        )
    check_distribution(arr, name, 0)
    return arr


def _whole_number(value, name: str, *, low: int = 0) -> int:
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        if isinstance(value, float | np.floating) and float(value).is_integer():
            value = int(value)
        else:
            raise InputError(f"{name} must be a whole number >= {low}, got {value!r}")
    if value < low:
        raise InputError(f"{name} must be a whole number >= {low}, got {value!r}")
    return int(value)


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


def expected_code_length(p, lengths) -> float:
    r"""Average bits per symbol when symbols follow ``p`` and symbol ``x`` costs ``lengths[x]``.

    .. math:: L_P(\ell) = \sum_x p(x)\,\ell(x), \qquad 0 \cdot \infty = 0

    ``inf`` when a symbol with :math:`p(x) > 0` has no codeword (length ``inf``).

    Parameters
    ----------
    p : array_like
        A 1-D distribution: how often each symbol occurs.
    lengths : array_like
        Non-negative code length of each symbol in bits (``inf`` allowed).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``p`` is not a distribution, ``lengths`` has a negative or NaN entry, or
        their shapes differ.

    Examples
    --------
    >>> expected_code_length([0.5, 0.25, 0.25], [1, 2, 2])
    1.5
    >>> expected_code_length([1.0, 0.0], [1, float("inf")])
    1.0
    >>> expected_code_length([0.5, 0.5], [1, float("inf")])
    inf
    """
    pa = _distribution_1d(p, "p")
    la = _lengths(lengths)
    check_same_shape(pa, la, "p", "lengths")
    pos = pa > 0
    return float(np.sum(pa[pos] * la[pos]))


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


@dataclass(frozen=True, eq=False)
class CodeComparison:
    """Huffman and Shannon codes built for Q, measured on P; every number in bits."""

    codewords: list[str | None]  #: Huffman codeword for Q of each symbol (None: q = 0)
    huffman_lengths: np.ndarray  #: len(codeword), inf where there is none
    shannon_lengths: np.ndarray  #: ⌈−log₂ q⌉
    ideal_lengths: np.ndarray  #: −log₂ q
    entropy: float  #: H(P)
    cross_entropy: float  #: H(P, Q) = Σ p·(−log₂ q)
    huffman_length: float  #: Σ p·ℓ_Huffman: Huffman code for Q on P's symbols
    shannon_length: float  #: Σ p·⌈−log₂ q⌉
    huffman_length_q: float  #: Σ q·ℓ_Huffman: the same code on Q's own symbols
    uncoded: list[int]  #: symbols with p > 0 but q = 0 (no codeword: infinite cost)


def compare_codes(p, q) -> CodeComparison:
    r"""Every number of "cross-entropy as code length" for one pair of distributions.

    .. math::
        H(P) \le \sum_x p(x)\,\ell_{\mathrm{Huffman}}(x), \qquad
        H(P,Q) \le \sum_x p(x) \lceil -\log_2 q(x) \rceil < H(P,Q) + 1

    H(P) and H(P, Q) come from :func:`xentcore.entropy` and
    :func:`xentcore.cross_entropy` (base 2).

    Parameters
    ----------
    p, q : array_like
        1-D distributions of the same length: how symbols really occur (P) and what the
        code was built for (Q).

    Returns
    -------
    CodeComparison

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a 1-D distribution, or their lengths differ.

    Examples
    --------
    >>> c = compare_codes([0.5, 0.25, 0.125, 0.125], [0.125, 0.5, 0.25, 0.125])
    >>> c.codewords
    ['110', '0', '10', '111']
    >>> c.entropy, c.cross_entropy, c.huffman_length, c.shannon_length
    (1.75, 2.375, 2.375, 2.375)
    """
    pa = _distribution_1d(p, "p")
    qa = _distribution_1d(q, "q")
    check_same_shape(pa, qa, "p", "q")
    words = huffman_code(qa)
    huffman = codeword_lengths(words)
    ideal = ideal_code_lengths(qa)
    shannon = np.ceil(ideal)
    return CodeComparison(
        codewords=words,
        huffman_lengths=huffman,
        shannon_lengths=shannon,
        ideal_lengths=ideal,
        entropy=float(entropy(pa, base=2)),
        cross_entropy=float(cross_entropy(pa, qa, base=2)),
        huffman_length=expected_code_length(pa, huffman),
        shannon_length=expected_code_length(pa, shannon),
        huffman_length_q=expected_code_length(qa, huffman),
        uncoded=[int(i) for i in np.flatnonzero((pa > 0) & (qa == 0))],
    )


def sample_message(p, length: int, *, seed: int) -> np.ndarray:
    r"""A message of ``length`` symbols drawn independently from ``p`` (reproducible).

    Inverse-CDF sampling with ``numpy.random.default_rng(seed)``: uniform
    :math:`u_k \in [0, 1)`, symbol :math:`x_k = \min\{i : F(i) > u_k\}` with
    :math:`F(i) = \sum_{j \le i} p_j / \sum_j p_j`, so a symbol with
    :math:`p = 0` never occurs.

    Parameters
    ----------
    p : array_like
        A 1-D distribution over the symbols ``0 .. len(p) - 1``.
    length : int
        Number of symbols, >= 0.
    seed : int
        Seed of the generator, >= 0: the same seed gives the same message.

    Returns
    -------
    numpy.ndarray
        Symbol indices (int64), shape ``(length,)``.

    Raises
    ------
    ValueError
        If ``p`` is not a 1-D distribution, or ``length`` or ``seed`` is not a whole
        number >= 0.

    Examples
    --------
    >>> sample_message([0.0, 1.0], 3, seed=0).tolist()
    [1, 1, 1]
    >>> bool((sample_message([0.5, 0.5], 5, seed=7) == sample_message([0.5, 0.5], 5, seed=7)).all())
    True
    """
    pa = _distribution_1d(p, "p")
    n = _whole_number(length, "length")
    s = _whole_number(seed, "seed")
    cdf = np.cumsum(pa)
    # Dividing by the last entry makes it exactly 1 and keeps the trailing zero-probability
    # symbols' intervals empty (x / x == 1 in IEEE arithmetic).
    cdf /= cdf[-1]
    u = np.random.default_rng(s).random(n)
    return np.searchsorted(cdf, u, side="right").astype(np.int64)


def _message(message, n_symbols: int) -> np.ndarray:
    arr = np.asarray(message)
    if arr.ndim != 1:
        raise InputError(f"message must be a 1-D array of symbol indices, got shape {arr.shape}")
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise InputError(f"message must hold whole-number symbol indices, got dtype {arr.dtype}")
    if arr.size and (arr.min() < 0 or arr.max() >= n_symbols):
        bad = int(np.argmax((arr < 0) | (arr >= n_symbols)))
        raise InputError(
            f"message has symbol {int(arr[bad])} at position {bad}, but the code has "
            f"symbols 0 to {n_symbols - 1}"
        )
    return arr


def encode_message(
    message, codewords: Sequence[str | None], *, missing: str | None = None
) -> list[str]:
    """The codeword of each symbol of ``message``: concatenated, they are the encoded bits.

    .. math:: \\mathrm{enc}(x_1 x_2 \\dots x_n) = c(x_1)\\,c(x_2) \\dots c(x_n)

    Parameters
    ----------
    message : array_like of int
        Symbol indices.
    codewords : sequence of str or None
        ``codewords[i]`` encodes symbol ``i`` (as from :func:`huffman_code`).
    missing : str, optional
        Shown for a symbol without a codeword. By default such a symbol raises.

    Returns
    -------
    list of str
        One codeword per symbol of the message (``"".join(...)`` gives the bits).

    Raises
    ------
    ValueError
        If a symbol is out of range, or has no codeword and ``missing`` is None.

    Examples
    --------
    >>> encode_message([0, 2, 1], ["0", "10", "11"])
    ['0', '11', '10']
    >>> encode_message([0, 1], ["1", None], missing="?")
    ['1', '?']
    """
    words = _codewords(codewords)
    arr = _message(message, len(words))
    out = []
    for pos, i in enumerate(arr.tolist()):
        word = words[i]
        if word is None:
            if missing is None:
                raise InputError(
                    f"message has symbol {i} at position {pos}, which has no codeword "
                    "(its probability under the code's distribution is 0)"
                )
            word = missing
        out.append(word)
    return out


def decode_bits(bits: str, codewords: Sequence[str | None]) -> np.ndarray:
    """Read a prefix code's bits back into symbols, one bit at a time, without separators.

    .. math:: \\mathrm{dec}(\\mathrm{enc}(m)) = m

    Parameters
    ----------
    bits : str
        A string of ``0`` and ``1``.
    codewords : sequence of str or None
        A prefix code (non-empty codewords, none a prefix of another).

    Returns
    -------
    numpy.ndarray
        The symbol indices (int64).

    Raises
    ------
    ValueError
        If the code is not prefix-free or has an empty codeword, ``bits`` holds other
        characters, or ``bits`` ends in the middle of a codeword.

    Examples
    --------
    >>> decode_bits("01110", ["0", "10", "11"]).tolist()
    [0, 2, 1]
    """
    words = _codewords(codewords)
    if not isinstance(bits, str) or bits.strip("01"):
        raise InputError(f"bits must be a string of 0s and 1s, got {str(bits)[:40]!r}")
    if any(w == "" for w in words):
        raise InputError("codewords has an empty codeword: a one-symbol code sends no bits")
    if not is_prefix_free(words):
        raise InputError("codewords is not a prefix code: one codeword starts another")
    table = {w: i for i, w in enumerate(words) if w is not None}
    out, start = [], 0
    for end in range(1, len(bits) + 1):
        symbol = table.get(bits[start:end])
        if symbol is not None:
            out.append(symbol)
            start = end
    if start != len(bits):
        raise InputError(
            f"bits ends in the middle of a codeword: {bits[start:][:40]!r} is left over"
        )
    return np.array(out, dtype=np.int64)


def running_bits_per_symbol(
    message, lengths, *, points: int = CURVE_POINTS
) -> tuple[np.ndarray, np.ndarray]:
    r"""Bits per symbol of the first ``n`` symbols of ``message``, as ``n`` grows.

    .. math:: b(n) = \frac{1}{n} \sum_{k=1}^{n} \ell(x_k) \;\to\; \sum_x p(x)\,\ell(x)
              \quad (n \to \infty)

    One cumulative sum over the whole message; the curve is read at about ``points``
    log-spaced message lengths (always including the last, ``n = len(message)``).

    Parameters
    ----------
    message : array_like of int
        Symbol indices, at least one.
    lengths : array_like
        Code length of each symbol in bits (``inf`` for no codeword).
    points : int, default 400
        How many message lengths to report at most (>= 2).

    Returns
    -------
    n : numpy.ndarray
        Message lengths (int64, increasing, from 1 to ``len(message)``).
    bits_per_symbol : numpy.ndarray
        :math:`b(n)` at each.

    Raises
    ------
    ValueError
        If ``message`` is empty or has a symbol without a length, ``lengths`` is
        invalid, or ``points`` < 2.

    Examples
    --------
    >>> n, b = running_bits_per_symbol([0, 1, 1, 0], [1, 3])
    >>> n.tolist(), b.tolist()
    ([1, 2, 3, 4], [1.0, 2.0, 2.3333333333333335, 2.0])
    """
    la = _lengths(lengths)
    arr = _message(message, la.size)
    if arr.size == 0:
        raise InputError("message is empty; bits per symbol needs at least one symbol")
    k = _whole_number(points, "points", low=2)
    total = np.cumsum(la[arr])
    n = np.unique(np.geomspace(1, arr.size, num=min(k, arr.size)).round().astype(np.int64))
    n[-1] = arr.size
    return n, total[n - 1] / n
