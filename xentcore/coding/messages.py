r"""A code for Q used on P's messages: expected length, the comparison, the bits themselves.

:func:`expected_code_length` is :math:`\sum_x p(x)\,\ell(x)`; :func:`compare_codes`
puts the Huffman and Shannon codes for Q next to H(P) and H(P, Q). A message drawn
from P (:func:`sample_message`) is encoded and decoded bit by bit
(:func:`encode_message`, :func:`decode_bits`), and its running bits per symbol
(:func:`running_bits_per_symbol`) converge to the expected length.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._checks import whole_number
from .._validation import InputError, check_same_shape
from ..information import cross_entropy, entropy
from .codes import (
    _codewords,
    _distribution_1d,
    _lengths,
    codeword_lengths,
    huffman_code,
    ideal_code_lengths,
    is_prefix_free,
)

__all__ = [
    "CodeComparison",
    "compare_codes",
    "decode_bits",
    "encode_message",
    "expected_code_length",
    "running_bits_per_symbol",
    "sample_message",
]

#: Points on a convergence curve (log-spaced): enough for a smooth line, cheap to draw.
CURVE_POINTS = 400


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
    n = whole_number(length, "length", integral_floats=True)
    s = whole_number(seed, "seed", integral_floats=True)
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
    k = whole_number(points, "points", 2, integral_floats=True)
    total = np.cumsum(la[arr])
    n = np.unique(np.geomspace(1, arr.size, num=min(k, arr.size)).round().astype(np.int64))
    n[-1] = arr.size
    return n, total[n - 1] / n
