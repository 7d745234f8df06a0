"""xentcore.coding.messages: sampled messages, their encoding and the running bits per symbol.

References: frequencies within a few standard errors of p, a plain Python loop for the
running bits per symbol, and the law of large numbers for its limit.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from xentcore import InputError
from xentcore.coding import (
    compare_codes,
    encode_message,
    running_bits_per_symbol,
    sample_message,
)


def test_encode_with_a_missing_codeword():
    assert encode_message([0, 1, 0], ["1", None], missing="?") == ["1", "?", "1"]
    with pytest.raises(InputError, match="symbol 1 at position 1, which has no codeword"):
        encode_message([0, 1], ["1", None])


# --- messages and bits per symbol ------------------------------------------------------------


def test_sample_message_is_reproducible_and_follows_p():
    p = [0.5, 0.0, 0.3, 0.2]
    a = sample_message(p, 100_000, seed=3)
    assert np.array_equal(a, sample_message(p, 100_000, seed=3))
    assert not np.array_equal(a, sample_message(p, 100_000, seed=4))
    assert a.dtype == np.int64
    counts = np.bincount(a, minlength=4) / a.size
    assert counts[1] == 0  # p = 0 never occurs
    # Each frequency within 5 standard errors of its probability.
    se = np.sqrt(np.array(p) * (1 - np.array(p)) / a.size)
    assert np.all(np.abs(counts - p) <= 5 * se + 1e-12)


def test_sample_message_never_draws_trailing_zero_probability_symbols():
    # 0.1 + 0.2 + 0.7 is not exactly 1 in floating point; the last symbol must still
    # never be drawn.
    p = [0.1, 0.2, 0.7, 0.0]
    assert sample_message(p, 200_000, seed=1).max() == 2
    assert sample_message([1.0, 0.0], 1000, seed=0).tolist() == [0] * 1000
    assert sample_message([0.3, 0.7], 0, seed=0).size == 0


def test_running_bits_per_symbol_matches_a_plain_loop():
    rng = np.random.default_rng(0)
    lengths = np.array([1.0, 2.0, 3.0, 3.0])
    message = rng.integers(0, 4, size=5000)
    n, b = running_bits_per_symbol(message, lengths, points=50)
    assert n[0] == 1 and n[-1] == 5000
    assert np.all(np.diff(n) > 0)
    assert len(n) <= 50
    total, expected = 0.0, {}
    for k, symbol in enumerate(message, start=1):
        total += lengths[symbol]
        expected[k] = total / k
    assert b == pytest.approx([expected[int(k)] for k in n], rel=1e-12)


def test_short_messages_give_every_point():
    n, b = running_bits_per_symbol([0], [2.0])
    assert n.tolist() == [1] and b.tolist() == [2.0]
    n, _ = running_bits_per_symbol([0, 1, 0], [1, 1])
    assert n.tolist() == [1, 2, 3]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(
    "p, q",
    [
        ([0.5, 0.25, 0.125, 0.125], [0.125, 0.5, 0.25, 0.125]),
        ([0.10, 0.40, 0.50], [0.80, 0.15, 0.05]),
        ([0.7, 0.1, 0.1, 0.05, 0.05], [0.2] * 5),
    ],
)
def test_bits_per_symbol_converge_to_the_expected_length(p, q, seed):
    c = compare_codes(p, q)
    message = sample_message(p, 100_000, seed=seed)
    for lengths, expected in (
        (c.huffman_lengths, c.huffman_length),
        (c.shannon_lengths, c.shannon_length),
    ):
        n, b = running_bits_per_symbol(message, lengths)
        sd = math.sqrt(float(np.dot(p, (lengths - expected) ** 2)))
        # Law of large numbers: within 5 standard errors at n = 100,000 ...
        assert abs(b[-1] - expected) <= 5 * sd / math.sqrt(n[-1]) + 1e-12
        # ... and the whole-message figure is the encoded length over the symbol count.
        bits = "".join(encode_message(message, c.codewords))
        if lengths is c.huffman_lengths:
            assert b[-1] == pytest.approx(len(bits) / message.size, rel=1e-12)
