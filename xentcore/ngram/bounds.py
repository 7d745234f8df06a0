"""A text's entropy and what bounds it: Gibbs' inequality, perplexity, compressors.

The entropy of a text's character frequencies is the floor any order-0 model pays on
it (:func:`order0_cross_entropy`); :func:`perplexity_bits` turns a cross-entropy into
the number of equally likely characters; a compressor is a model too, so its bits per
character (:func:`compressor_bits_per_char`) is another upper bound on the entropy.
"""

from __future__ import annotations

import bz2
import lzma
import math
import zlib

import numpy as np

from .._units import perplexity_of
from .._validation import check_scalar, log_base
from ..information import cross_entropy, entropy, normalize
from .model import NgramModel, _code_points, _nonempty_code_points
from .sampling import next_char_distribution

__all__ = [
    "COMPRESSORS",
    "char_entropy",
    "compressor_bits_per_char",
    "order0_cross_entropy",
    "perplexity_bits",
    "symbol_frequencies",
]

COMPRESSORS = ("zlib", "bz2", "lzma")


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
    >>> from xentcore.ngram import fit_ngram
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
    >>> from xentcore.ngram import fit_ngram
    >>> model = fit_ngram("aab", max_order=0)
    >>> [round(h, 4) for h in order0_cross_entropy(model, "abb", smoothing="add-k", k=0)]
    [0.9183, 1.2516]
    """
    freq = symbol_frequencies(model, text).astype(np.float64)
    p_hat = normalize(freq)
    q = next_char_distribution(model, "", 0, smoothing=smoothing, k=k, lam=lam)
    return float(entropy(p_hat, base=base)), float(cross_entropy(p_hat, q, base=base))


def perplexity_bits(cross_entropy_value: float, *, base: float | None = 2) -> float:
    r"""Perplexity from a cross-entropy: :math:`\mathrm{PP} = b^{H}` (:math:`2^H` for bits).

    The number of equally likely choices that would be as surprising on average. Bits
    by default, as every measure of this package; :func:`xentcore.perplexity_nats` is
    the same formula with nats by default, for a model's mean loss.

    Parameters
    ----------
    cross_entropy_value : float
        A cross-entropy in the unit of ``base``, >= 0 (``inf`` gives ``inf``).
    base : float or None, default 2
        Logarithm base: 2 gives bits, ``None`` nats, 10 hartleys.

    Returns
    -------
    float
        ``inf`` when :math:`b^H` overflows.

    Raises
    ------
    ValueError
        For a negative, NaN or non-numeric cross-entropy, or a bad base.

    Examples
    --------
    >>> perplexity_bits(3.0)
    8.0
    >>> round(perplexity_bits(math.log(5.0), base=None), 12)
    5.0
    """
    try:
        if float(cross_entropy_value) == math.inf:
            return math.inf  # a zero-probability character: infinitely perplexed
    except (TypeError, ValueError):
        pass  # check_scalar names the problem
    h = check_scalar(cross_entropy_value, "cross_entropy_value", low=0)
    return perplexity_of(h, base)


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
