"""Bits & codes wording: user text kept literal, the message laid out, the bound, the table."""

from __future__ import annotations

from explorer.codes.compute import code_table
from explorer.codes.reading import read_code_inputs
from explorer.codes.wording import bound_text, code_span, message_columns, wrap_bits
from xentcore.coding import compare_codes


def test_code_span_keeps_user_text_literal():
    assert code_span("**bold** $x$ :smile:") == "`**bold** $x$ :smile:`"
    assert code_span("``x``") == "``` ``x`` ```"
    assert code_span("two\nlines") == "`two lines`"


def test_message_columns_align_symbols_over_codewords():
    text = message_columns(["fish", "cat", "dog"], ["10", "0", "110"], width=72)
    assert text.splitlines() == ["fish cat dog", "10   0   110"]
    wrapped = message_columns(["ab"] * 10, ["0"] * 10, width=8)
    lines = wrapped.splitlines()
    assert lines[0] == "ab ab ab" and lines[1] == "0  0  0" and lines[2] == ""
    assert wrap_bits("") == "(no bits)"
    assert wrap_bits("0" * 100, 72).splitlines()[1] == "0" * 28


def test_bound_text_states_the_numbers():
    text = bound_text(compare_codes([0.10, 0.40, 0.50], [0.80, 0.15, 0.05]), same=False)
    assert "H(P,Q) = 3.288 bits ≤ Σ p⌈−log₂ q⌉ = 3.800 bits < H(P,Q) + 1 = 4.288 bits" in text
    assert "on P's it averages 1.900 bits" in text
    assert "comes in under H(P,Q) = 3.288 bits" in text
    infinite = bound_text(compare_codes([0.5, 0.5], [1.0, 0.0]), same=False)
    assert "Both are infinite" in infinite and "∞ bits" in infinite


def test_code_table_and_its_csv():
    c = compare_codes([0.5, 0.5, 0.0], [0.5, 0.25, 0.25])
    r = read_code_inputs("a, b, c", "0.5, 0.5, 0", "0.5, 0.25, 0.25")
    table = code_table(r, c)
    assert table.columns.tolist() == [
        "symbol",
        "p",
        "q",
        "Huffman codeword",
        "Huffman length",
        "Shannon length ⌈−log₂ q⌉",
        "−log₂ q",
    ]
    assert table["Huffman codeword"].tolist() == c.codewords
    csv = table.to_csv(index=False).splitlines()
    assert csv[1] == "a,0.5,0.5,0,1.0,1.0,1.0"
    r0 = read_code_inputs("a, b", "0.5, 0.5", "1, 0")
    assert code_table(r0, compare_codes(r0.p, r0.q))["Huffman codeword"].tolist() == [
        "",
        "none (q = 0)",
    ]
