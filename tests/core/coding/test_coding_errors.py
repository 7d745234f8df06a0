"""Every ValueError of xentcore.coding names the argument."""

from __future__ import annotations

import pytest

import xentcore.coding as C
from xentcore import InputError

# --- every ValueError, with its message -------------------------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: C.huffman_code([0.5, 0.6]), "q sums to 1.1"),
        (lambda: C.huffman_code([[0.5, 0.5]]), "q must be a 1-D distribution"),
        (lambda: C.huffman_code([]), "q is empty"),
        (lambda: C.huffman_code([1.5, -0.5]), "q must be non-negative"),
        (lambda: C.huffman_code([float("nan"), 1.0]), "q has a non-finite value"),
        (lambda: C.huffman_code("abc"), "q must be numbers, got the text 'abc'"),
        (lambda: C.shannon_code_lengths([0.2, 0.2]), "q sums to 0.4"),
        (lambda: C.ideal_code_lengths(0.5), "q must be a 1-D distribution"),
        (lambda: C.codeword_lengths(["0", "2"]), "codewords must be strings of 0s and 1s"),
        (lambda: C.codeword_lengths([]), "codewords is empty"),
        (lambda: C.codeword_lengths("0101"), "codewords must be a list of codewords"),
        (lambda: C.is_prefix_free([0, 1]), "codewords must be strings of 0s and 1s"),
        (lambda: C.expected_code_length([0.5, 0.5], [1, 2, 3]), "p has shape"),
        (lambda: C.expected_code_length([0.5, 0.5], [1, -1]), "lengths must be non-negative"),
        (lambda: C.expected_code_length([0.5, 0.5], [1, float("nan")]), "lengths must be"),
        (lambda: C.expected_code_length([0.5, 0.7], [1, 1]), "p sums to 1.2"),
        (lambda: C.kraft_sum([[1, 2]]), "lengths must be 1-D"),
        (lambda: C.kraft_sum([-1]), "lengths must be non-negative"),
        (lambda: C.compare_codes([0.5, 0.5], [1.0]), "p has shape"),
        (lambda: C.compare_codes([0.5, 0.5], [0.9, 0.2]), "q sums to 1.1"),
        (lambda: C.sample_message([0.5, 0.5], -1, seed=0), "length must be a whole number >= 0"),
        (lambda: C.sample_message([0.5, 0.5], 2.5, seed=0), "length must be a whole number"),
        (lambda: C.sample_message([0.5, 0.5], True, seed=0), "length must be a whole number"),
        (lambda: C.sample_message([0.5, 0.5], 3, seed=-1), "seed must be a whole number >= 0"),
        (lambda: C.sample_message([0.5, 0.5], 3, seed="x"), "seed must be a whole number"),
        (lambda: C.sample_message([0.5, 0.4], 3, seed=0), "p sums to 0.9"),
        (lambda: C.running_bits_per_symbol([], [1, 2]), "message is empty"),
        (lambda: C.running_bits_per_symbol([0, 2], [1, 2]), "message has symbol 2 at position 1"),
        (lambda: C.running_bits_per_symbol([0, -1], [1, 2]), "message has symbol -1"),
        (lambda: C.running_bits_per_symbol([0.5], [1, 2]), "whole-number symbol indices"),
        (lambda: C.running_bits_per_symbol([[0]], [1, 2]), "message must be a 1-D array"),
        (lambda: C.running_bits_per_symbol([0], [1, 2], points=1), "points must be"),
        (lambda: C.encode_message([3], ["0", "1"]), "message has symbol 3"),
        (lambda: C.decode_bits("012", ["0", "1"]), "bits must be a string of 0s and 1s"),
        (lambda: C.decode_bits("1", ["0", "10"]), "bits ends in the middle of a codeword"),
        (lambda: C.decode_bits("0", ["0", "01"]), "not a prefix code"),
        (lambda: C.decode_bits("", [""]), "empty codeword"),
    ],
)
def test_errors_name_the_argument(call, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()
