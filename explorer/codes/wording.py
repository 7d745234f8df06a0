"""What the Bits & codes page says: its intro, its messages, the bound and the message.

Pure (no Streamlit), so tests check it directly. The symbols, P and Q are typed as
comma-separated text (``dog, cat, fish``; ``0.5, 0.25, 0.25``), read by
:mod:`explorer.codes.reading` with the wording declared here. Symbol names are the
user's text: in Streamlit Markdown they go inside :func:`code_span`, never as Markdown
or HTML.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

from explorer.parsing import ListRules, ListWording
from explorer.text import format_value
from xentcore.coding import CodeComparison

__all__ = [
    "BARS",
    "CODE_TAB",
    "MAX_NAME_CHARS",
    "MAX_SYMBOLS",
    "MESSAGE_TAB",
    "NEGATIVE_FIX",
    "NUMBERS",
    "NUMBERS_FIX",
    "PROBABILITY_RULES",
    "PROBABILITY_WORDING",
    "SECTIONS",
    "UNIT",
    "bound_text",
    "code_span",
    "convergence_text",
    "intro",
    "message_columns",
    "message_text",
    "rescaled_note",
    "uncoded_note",
    "wrap_bits",
]

#: A–Z: enough for letter frequencies, small enough for a readable table and picture.
MAX_SYMBOLS = 26
#: As the app's other name lists (explorer.state.names).
MAX_NAME_CHARS = 40
UNIT = "bits"  # code lengths count 0s and 1s: this page ignores the sidebar's unit
#: The deeper sections below the numbers, one lazy tab each: only the open one is drawn.
MESSAGE_TAB, CODE_TAB = "A message from P", "The code table and its picture"
SECTIONS = [MESSAGE_TAB, CODE_TAB]
#: What the bars of the picture can show, by the URL value of codes_bars.
BARS = {
    "huffman": "Huffman codeword lengths",
    "shannon": "Shannon lengths ⌈−log₂ q⌉",
    "ideal": "ideal lengths −log₂ q",
}


def intro(unit: str) -> str:
    """What the page shows, and why it is always in bits (the sidebar's ``unit`` aside)."""
    unit_note = f" (the sidebar's {unit} apply to the other pages)" if unit != UNIT else ""
    return (
        "Cross-entropy is a **code length**. Build a code for the distribution **Q**: "
        "frequent symbols get short codewords, rare ones long codewords. Now send messages "
        "whose symbols really follow **P**. The average number of bits per symbol is about "
        "**H(P,Q)**: exactly H(P,Q) with the ideal lengths −log₂ q, within one bit of it with "
        "whole-bit codewords. When P = Q it is the entropy H(P), the shortest average any "
        "code can reach.\n\n"
        f":small[Every number on this page is in **bits**{unit_note}: a codeword's length "
        "counts its 0s and 1s.]"
    )


def code_span(text: str) -> str:
    """User text as a markdown code span: shown literally (no markdown, HTML or LaTeX).

    The fence is one backtick longer than the longest run inside the text (CommonMark).

    >>> code_span("dog")
    '`dog`'
    >>> code_span("a`b")
    '``a`b``'
    >>> code_span("**x** $y$ <b>")
    '`**x** $y$ <b>`'
    """
    flat = " ".join(str(text).splitlines()) or " "
    runs = [len(r) for r in re.findall(r"`+", flat)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


# --- how P and Q are read ---------------------------------------------------------

NUMBERS_FIX = "Type numbers between 0 and 1 separated by commas, e.g. 0.5, 0.25, 0.25."
NEGATIVE_FIX = "Set it to 0 or to a small positive number."
_NOT_A_NUMBER = "value {i} ({token!r}) is not a number. {fix}"
#: Numbers >= 0 between commas (their sum is checked later); an empty one is reported.
PROBABILITY_RULES = ListRules(
    max_len=MAX_SYMBOLS, lo=0.0, max_chars=sys.maxsize, separators=",", skip_blank=False
)
#: P's and Q's messages; read_code_inputs puts the field's name in front.
PROBABILITY_WORDING = ListWording(
    field="",
    fix=NUMBERS_FIX,
    # Reached only by a text of commas and blanks: an empty text and too many values
    # are reported before the values are read.
    empty="value 1 is empty. {fix}",
    blank="value {i} is empty. {fix}",
    **dict.fromkeys(("not_a_number", "not_finite"), _NOT_A_NUMBER),
    below="value {i} is {value:g}, and a probability cannot be negative. " + NEGATIVE_FIX,
)


# --- messages about the inputs ----------------------------------------------------------


def rescaled_note(label: str, total: float) -> str:
    """P or Q did not sum to 1: what the page did, and the button that writes it back."""
    return (
        f"{label} sums to {total:.6g}, not 1. The page divides each value of {label} by "
        f"{total:.6g} so that it sums to 1; press Renormalise {label} to write the "
        "result into the box."
    )


def uncoded_note(name: str, p: float) -> str:
    """Q rules out a symbol that P sends: it has no codeword (``name`` as typed)."""
    span = code_span(name)
    return (
        f"Q gives probability 0 to {span}, but P says it happens (p = {p:.4g}). "
        f"A code built for Q has no codeword for {span} (−log₂ 0 = ∞), so P's messages "
        "cannot be encoded: the expected code length and H(P,Q) are infinite. Give it a "
        "small positive probability in Q."
    )


# --- the numbers and the message ------------------------------------------------------

#: The headline numbers: (label, the CodeComparison field shown, its tooltip).
NUMBERS = (
    (
        "Entropy H(P)",
        "entropy",
        "The fewest bits per symbol any code can average on P's messages.",
    ),
    (
        "Cross-entropy H(P,Q)",
        "cross_entropy",
        "Σ p·(−log₂ q): the average length with ideal (fractional) codewords for Q.",
    ),
    (
        "Huffman code for Q, on P",
        "huffman_length",
        "Σ p·(length of the Huffman codeword for Q): bits per symbol of P's messages.",
    ),
    (
        "Shannon code for Q, on P",
        "shannon_length",
        "Σ p·⌈−log₂ q⌉: each ideal length −log₂ q rounded up to whole bits.",
    ),
)


def bound_text(comp: CodeComparison, same: bool) -> str:
    r"""The bound H(P,Q) ≤ Σ p⌈−log₂ q⌉ < H(P,Q) + 1 and Huffman's place, with the numbers.

    >>> from xentcore.coding import compare_codes
    >>> text = bound_text(compare_codes([0.5, 0.5], [0.5, 0.5]), True)
    >>> print(text.split(". ")[0])
    **The bound:** H(P,Q) = 1.000 bits ≤ Σ p⌈−log₂ q⌉ = 1.000 bits < H(P,Q) + 1 = 2.000 bits
    >>> print(text.split("\n\n")[1].split(": ")[1])
    H(P) = 1.000 bits ≤ 1.000 bits < H(P) + 1 = 2.000 bits.
    """
    h_pq = format_value(comp.cross_entropy, UNIT)
    shannon = format_value(comp.shannon_length, UNIT)
    if comp.uncoded:
        return (
            f"**The bound:** H(P,Q) = {h_pq} ≤ Σ p⌈−log₂ q⌉ = {shannon}. Both are infinite: "
            "no code built for Q can send a symbol that Q rules out."
        )
    text = (
        f"**The bound:** H(P,Q) = {h_pq} ≤ Σ p⌈−log₂ q⌉ = {shannon} < H(P,Q) + 1 = "
        f"{format_value(comp.cross_entropy + 1, UNIT)}. Rounding each length up costs less "
        "than one bit per symbol."
    )
    huff, h_p = comp.huffman_length, comp.entropy
    huff_text, h_p_text = format_value(huff, UNIT), format_value(h_p, UNIT)
    if same:
        return text + (
            "\n\n**P = Q**, so the Huffman code is the best prefix code for P: "
            f"H(P) = {h_p_text} ≤ {huff_text} < H(P) + 1 = {format_value(h_p + 1, UNIT)}."
        )
    beats = (
        f"Here it even comes in under H(P,Q) = {h_pq}: its whole-bit codewords for Q "
        "happen to suit P better than the ideal lengths −log₂ q do. "
        if huff < comp.cross_entropy - 1e-12
        else ""
    )
    return text + (
        "\n\n**Huffman's code is built for Q:** on Q's own messages it averages "
        f"{format_value(comp.huffman_length_q, UNIT)} per symbol, the fewest any prefix code "
        f"can; on P's it averages {huff_text}. {beats}"
        f"No code beats H(P) = {h_p_text} on P's messages."
    )


def message_text(shown: int, length: int, seed: int, bits: str | None, decodes: bool) -> str:
    """The heading and caption of the encoded message; ``bits`` is None when one of the
    ``shown`` symbols has no codeword.

    >>> print(message_text(2, 100, 0, "010", True).splitlines()[1][:49])
    The first 2 of 100 symbols drawn from P (seed 0),
    """
    text = (
        "### A message from P, encoded with Q's Huffman code\n"
        f"The first {shown} of {length:,} symbols drawn from P (seed {seed}), each over "
        "its codeword, then the bits as sent."
    )
    if bits is None:
        return text + (
            " ✗ marks a symbol with no codeword: Q gives it probability 0, so the code "
            "cannot send it."
        )
    text += (
        f" {len(bits):,} bits for {shown} symbols: "
        f"{format_value(len(bits) / shown, UNIT)} per symbol."
    )
    if decodes:
        text += (
            " Reading the bits from the left gives the same symbols back without any "
            "separators, because no codeword is the start of another (a prefix code)."
        )
    return text


def convergence_text(length: int, huffman: float, shannon: float, comp: CodeComparison) -> str:
    """The measured bits per symbol of both codes on the whole message, and the expected."""
    return (
        "### Bits per symbol as the message grows\n"
        f"On all {length:,} symbols the Huffman code for Q used "
        f"**{format_value(huffman, UNIT)} per symbol** (expected: "
        f"{format_value(comp.huffman_length, UNIT)}), the Shannon code "
        f"**{format_value(shannon, UNIT)}** (expected: "
        f"{format_value(comp.shannon_length, UNIT)}). The running average wanders for short "
        "messages and settles on the expected length Σ p·length as the message grows (the "
        "law of large numbers)."
    )


def message_columns(symbols: Sequence[str], codewords: Sequence[str], *, width: int = 72) -> str:
    """Symbols over their codewords, aligned in columns and wrapped at ``width`` characters.

    >>> print(message_columns(["dog", "cat", "dog"], ["0", "10", "0"]))
    dog cat dog
    0   10  0
    """
    lines: list[str] = []
    top: list[str] = []
    bottom: list[str] = []
    used = 0
    for sym, word in zip(symbols, codewords, strict=True):
        cell = max(len(sym), len(word))
        if top and used + cell > width:
            lines += [" ".join(top).rstrip(), " ".join(bottom).rstrip(), ""]
            top, bottom, used = [], [], 0
        top.append(sym.ljust(cell))
        bottom.append(word.ljust(cell))
        used += cell + 1
    if top:
        lines += [" ".join(top).rstrip(), " ".join(bottom).rstrip()]
    return "\n".join(lines)


def wrap_bits(bits: str, width: int = 72) -> str:
    """A long bit string cut into lines of ``width`` characters.

    >>> print(wrap_bits("0101101", 3))
    010
    110
    1
    """
    return "\n".join(bits[i : i + width] for i in range(0, len(bits), width)) or "(no bits)"
