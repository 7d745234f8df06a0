"""xentcore.coding: Huffman and Shannon codes for Q, measured on P, against the bounds.

References are independent: SciPy's entropy for H(P) and H(P,Q), a brute-force search
over all code lengths that satisfy Kraft's inequality for Huffman's optimality, and the
sum-of-merged-weights identity for Huffman's expected length; every code decodes back
to its message.
"""

from __future__ import annotations

import heapq
import itertools
import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from xentcore import cross_entropy, entropy
from xentcore.coding import (
    CodeComparison,
    codeword_lengths,
    compare_codes,
    decode_bits,
    encode_message,
    expected_code_length,
    huffman_code,
    ideal_code_lengths,
    is_prefix_free,
    kraft_sum,
    sample_message,
    shannon_code_lengths,
)

TOL = 1e-9


# --- strategies -------------------------------------------------------------------------


@st.composite
def distributions(draw, min_size: int = 1, max_size: int = 12, zeros: bool = True):
    """Random distributions, some with zero entries and extreme ratios."""
    n = draw(st.integers(min_size, max_size))
    weights = draw(
        st.lists(
            st.one_of(st.just(0.0), st.floats(1e-6, 1.0)) if zeros else st.floats(1e-6, 1.0),
            min_size=n,
            max_size=n,
        )
    )
    if sum(weights) == 0:
        weights[draw(st.integers(0, n - 1))] = 1.0
    total = math.fsum(weights)
    return np.array([w / total for w in weights])


@st.composite
def pairs(draw, max_size: int = 12, q_zeros: bool = False):
    """(P, Q) of one length; by default Q > 0 everywhere so H(P,Q) is finite."""
    n = draw(st.integers(1, max_size))
    p = draw(distributions(n, n))
    q = draw(distributions(n, n, zeros=q_zeros))
    return p, q


# --- Huffman code -------------------------------------------------------------------------


def test_dyadic_distribution_gets_lengths_minus_log2_q():
    q = [0.5, 0.25, 0.125, 0.125]
    words = huffman_code(q)
    assert words == ["0", "10", "110", "111"]
    assert codeword_lengths(words).tolist() == (-np.log2(q)).tolist()


def test_ties_are_broken_deterministically_by_symbol_order():
    assert huffman_code([0.25] * 4) == ["00", "01", "10", "11"]
    # Five equal weights: merge 0+1 (rank 5), then 2+3 (rank 6), then symbol 4 with the
    # subtree of rank 5 (a single symbol's rank is lower, so it is popped first and gets 0).
    assert huffman_code([0.2] * 5) == ["110", "111", "00", "01", "10"]
    assert huffman_code([0.3, 0.3, 0.2, 0.2]) == huffman_code([0.3, 0.3, 0.2, 0.2])


@given(distributions(max_size=8))
def test_same_input_same_code(q):
    assert huffman_code(q) == huffman_code(q.copy())


def test_zero_probability_symbols_get_no_codeword():
    words = huffman_code([0.6, 0.0, 0.4, 0.0])
    assert words == ["1", None, "0", None]
    assert codeword_lengths(words).tolist() == [1.0, math.inf, 1.0, math.inf]


def test_one_possible_symbol_gets_the_empty_codeword():
    assert huffman_code([1.0]) == [""]
    assert huffman_code([0.0, 1.0, 0.0]) == [None, "", None]
    assert expected_code_length([0.0, 1.0, 0.0], codeword_lengths([None, "", None])) == 0.0


def test_worked_example_three_symbols():
    # Worked example 1's Q: a 3-symbol Huffman code always has lengths 1, 2, 2.
    c = compare_codes([0.10, 0.40, 0.50], [0.80, 0.15, 0.05])
    assert c.codewords == ["1", "01", "00"]
    assert c.huffman_length == pytest.approx(0.1 * 1 + 0.4 * 2 + 0.5 * 2)
    assert c.shannon_lengths.tolist() == [1.0, 3.0, 5.0]
    assert c.shannon_length == pytest.approx(0.1 * 1 + 0.4 * 3 + 0.5 * 5)
    assert round(c.cross_entropy, 3) == 3.288
    # The Huffman code for Q beats H(P,Q) here, but never H(P).
    assert c.entropy <= c.huffman_length < c.cross_entropy


def _reference_huffman_length(q: np.ndarray) -> float:
    """Σ q·ℓ of a Huffman code = the sum of the weights created by the merges."""
    heap = [float(w) for w in q if w > 0]
    heapq.heapify(heap)
    total = 0.0
    while len(heap) > 1:
        merged = heapq.heappop(heap) + heapq.heappop(heap)
        total += merged
        heapq.heappush(heap, merged)
    return total


@given(distributions(max_size=16))
def test_huffman_is_a_complete_prefix_code(q):
    words = huffman_code(q)
    assert is_prefix_free(words)
    assert all(w is None or set(w) <= {"0", "1"} for w in words)
    assert [w is None for w in words] == (q == 0).tolist()
    positive = int((q > 0).sum())
    kraft = kraft_sum(codeword_lengths(words))
    # Kraft's inequality, with equality: a Huffman tree has no unused leaves.
    assert kraft <= 1 + TOL
    if positive >= 2:
        assert kraft == pytest.approx(1.0, abs=1e-12)


@given(distributions(max_size=16))
def test_huffman_expected_length_matches_merge_weights(q):
    lengths = codeword_lengths(huffman_code(q))
    assert expected_code_length(q, lengths) == pytest.approx(
        _reference_huffman_length(q), rel=1e-12, abs=1e-12
    )


@given(distributions(max_size=16))
def test_huffman_on_its_own_distribution_is_within_one_bit_of_entropy(q):
    # P = Q: H(P) ≤ L < H(P) + 1.
    c = compare_codes(q, q)
    h = float(scipy.stats.entropy(q, base=2))
    assert c.entropy == pytest.approx(h, abs=1e-12)
    assert h - TOL <= c.huffman_length < h + 1
    assert c.huffman_length == pytest.approx(c.huffman_length_q)
    # ... and it is at least as short as the Shannon code on Q.
    assert c.huffman_length <= c.shannon_length + TOL


@settings(max_examples=60)
@given(distributions(min_size=2, max_size=5, zeros=False))
def test_huffman_is_optimal_among_all_prefix_codes(q):
    # Brute force: every length vector that satisfies Kraft's inequality is a prefix code.
    n = q.size
    best = min(
        float(np.dot(q, lengths))
        for lengths in itertools.product(range(1, n), repeat=n)
        if sum(2.0**-k for k in lengths) <= 1
    )
    assert expected_code_length(q, codeword_lengths(huffman_code(q))) == pytest.approx(
        best, rel=1e-12
    )


# --- Shannon code and the bound -------------------------------------------------------------


@given(pairs(max_size=26))
def test_shannon_code_length_bound_on_random_distributions(pq):
    p, q = pq
    h_pq = float(scipy.stats.entropy(p, base=2) + scipy.stats.entropy(p, q, base=2))
    lengths = shannon_code_lengths(q)
    total = expected_code_length(p, lengths)
    assert total == pytest.approx(float(np.dot(p, np.ceil(-np.log2(q)))), rel=1e-12)
    # H(P,Q) ≤ Σ p⌈−log₂ q⌉ < H(P,Q) + 1
    assert h_pq - TOL <= total < h_pq + 1
    c = compare_codes(p, q)
    assert c.cross_entropy == pytest.approx(h_pq, rel=1e-9, abs=1e-12)
    assert c.shannon_length == total
    assert c.cross_entropy - TOL <= c.shannon_length < c.cross_entropy + 1


@given(distributions(max_size=26))
def test_shannon_lengths_satisfy_kraft(q):
    lengths = shannon_code_lengths(q)
    assert kraft_sum(lengths) <= 1 + TOL
    assert np.array_equal(lengths[q > 0], np.ceil(-np.log2(q[q > 0])))
    assert np.all(lengths[q > 0] >= ideal_code_lengths(q)[q > 0])


@given(pairs(max_size=16, q_zeros=True))
def test_no_prefix_code_beats_entropy(pq):
    # Gibbs + Kraft: any prefix code costs at least H(P) bits per symbol of P.
    p, q = pq
    c = compare_codes(p, q)
    assert c.huffman_length >= c.entropy - TOL
    assert c.shannon_length >= c.entropy - TOL
    assert c.shannon_length >= c.cross_entropy - TOL


@given(pairs(max_size=12))
def test_ideal_lengths_give_exactly_the_cross_entropy(pq):
    p, q = pq
    assert expected_code_length(p, ideal_code_lengths(q)) == pytest.approx(
        float(cross_entropy(p, q, base=2)), rel=1e-12, abs=1e-12
    )


def test_q_zero_where_p_positive_makes_every_length_infinite():
    c = compare_codes([0.5, 0.25, 0.25], [0.5, 0.5, 0.0])
    assert c.codewords[2] is None
    assert c.uncoded == [2]
    assert math.isinf(c.huffman_length)
    assert math.isinf(c.shannon_length)
    assert math.isinf(c.cross_entropy)
    assert c.entropy == pytest.approx(1.5)
    # Q's own messages never need that symbol.
    assert c.huffman_length_q == pytest.approx(1.0)


def test_q_zero_where_p_zero_costs_nothing():
    c = compare_codes([0.5, 0.5, 0.0], [0.25, 0.75, 0.0])
    assert c.uncoded == []
    assert c.huffman_length == pytest.approx(1.0)
    assert c.shannon_length == pytest.approx(0.5 * 2 + 0.5 * 1)
    assert c.cross_entropy == pytest.approx(float(cross_entropy([0.5, 0.5], [0.25, 0.75], base=2)))


def test_colah_example_numbers():
    # Visual Information Theory: Bob's words with Alice's code.
    c = compare_codes([0.5, 0.25, 0.125, 0.125], [0.125, 0.5, 0.25, 0.125])
    assert isinstance(c, CodeComparison)
    assert (c.entropy, c.cross_entropy, c.huffman_length, c.shannon_length) == (
        1.75,
        2.375,
        2.375,
        2.375,
    )
    assert c.huffman_length_q == 1.75
    assert c.entropy == float(entropy([0.5, 0.25, 0.125, 0.125], base=2))


def test_expected_length_conventions():
    assert expected_code_length([1.0, 0.0], [2, math.inf]) == 2.0  # 0 · ∞ = 0
    assert math.isinf(expected_code_length([0.5, 0.5], [1, math.inf]))
    assert kraft_sum([math.inf, 1]) == 0.5
    assert ideal_code_lengths([1.0, 0.0]).tolist() == [0.0, math.inf]


# --- prefix codes: encode, decode ------------------------------------------------------------


def test_prefix_free_checks():
    assert is_prefix_free(["0", "10", "110", "111"])
    assert not is_prefix_free(["0", "01"])
    assert not is_prefix_free(["1", "1"])
    assert is_prefix_free(["0", None, "1"])


@given(distributions(min_size=2, max_size=10), st.integers(0, 200), st.integers(0, 10_000))
def test_encode_then_decode_gives_the_message_back(q, length, seed):
    words = huffman_code(q)
    if "" in words:  # a single possible symbol sends no bits: nothing to decode
        return
    message = sample_message(q, length, seed=seed)
    bits = "".join(encode_message(message, words))
    assert len(bits) == int(codeword_lengths(words)[message].sum())
    assert np.array_equal(decode_bits(bits, words), message)
