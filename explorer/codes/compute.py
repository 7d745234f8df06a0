"""The Bits & codes page's work: the codes for Q compared on P, one message sent, the table.

Everything is :mod:`xentcore.coding`; the message and the code view are cached by their
inputs (:func:`explorer.cache.shared_cache`), so moving the message slider or the seed
does not rebuild the table and its picture, and a rerun does not draw a message again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from explorer.cache import shared_cache
from explorer.codes.figures import code_area_figure, convergence_figure
from explorer.codes.reading import CodeInputs, read_code_inputs
from explorer.codes.wording import BARS
from xentcore.coding import (
    CodeComparison,
    compare_codes,
    decode_bits,
    encode_message,
    expected_code_length,
    running_bits_per_symbol,
    sample_message,
)

__all__ = ["Message", "Results", "code_table", "code_view", "convergence", "message", "results"]

SHOWN_SYMBOLS = 60  # how much of the message is printed with its bits
CURVE_POINTS = 200  # message lengths on the convergence curve
#: The comparison's numbers the convergence plot draws as reference lines.
_LIMITS = ("entropy", "cross_entropy", "huffman_length", "shannon_length")


@dataclass(frozen=True)
class Results:
    """The three texts checked, and the codes compared (None when the texts are refused)."""

    checked: CodeInputs
    comp: CodeComparison | None


def results(names: str, p: str, q: str) -> Results:
    """Read the three text boxes and, if they are valid, compare the codes for Q on P."""
    checked = read_code_inputs(names, p, q)
    return Results(checked, compare_codes(checked.p, checked.q) if checked.ok else None)


@dataclass(frozen=True)
class Message:
    """The start of one message from P, encoded; and its bits per symbol as it grows."""

    head: np.ndarray  # the first symbols (indices)
    shown: list[str]  # their Huffman codewords for Q, "✗" where there is none
    bits: str | None  # the bits as sent (None: a symbol has no codeword)
    decodes: bool  # the bits read back give the same symbols
    curve: tuple[np.ndarray, np.ndarray, np.ndarray] | None  # n, Huffman, Shannon


@shared_cache(max_entries=32)
def message(
    p: tuple, words: tuple, huffman: tuple, shannon: tuple, length: int, seed: int
) -> Message:
    """One message of ``length`` symbols from P: its first symbols encoded, and bits per
    symbol of both codes as it grows (no curve when a symbol cannot be encoded)."""
    sent = sample_message(p, length, seed=seed)
    head = sent[:SHOWN_SYMBOLS]
    shown = encode_message(head, words, missing="✗")
    bits = None if "✗" in shown else "".join(shown)
    decodes = (
        bits is not None
        and all(words[i] for i in head)
        and np.array_equal(decode_bits(bits, words), head)
    )
    coded = [i for i, w in enumerate(words) if w is not None]
    if length == 0 or not np.isin(sent, coded).all():
        return Message(head, shown, bits, decodes, None)
    # 200 log-spaced message lengths draw a smooth curve on the log axis.
    n, huff = running_bits_per_symbol(sent, huffman, points=CURVE_POINTS)
    _, shan = running_bits_per_symbol(sent, shannon, points=CURVE_POINTS)
    return Message(head, shown, bits, decodes, (n, huff, shan))


def convergence(comp: CodeComparison, curve: tuple) -> go.Figure:
    """The measured bits per symbol against the message length, with the limits."""
    limits = {name: getattr(comp, name) for name in _LIMITS}
    return convergence_figure(*curve, **limits)


def code_table(inputs: CodeInputs, comp: CodeComparison) -> pd.DataFrame:
    """The code table: one row per symbol (also the CSV download)."""
    return pd.DataFrame(
        {
            "symbol": inputs.names,
            "p": inputs.p,
            "q": inputs.q,
            "Huffman codeword": ["none (q = 0)" if w is None else w for w in comp.codewords],
            "Huffman length": comp.huffman_lengths,
            "Shannon length ⌈−log₂ q⌉": comp.shannon_lengths,
            "−log₂ q": comp.ideal_lengths,
        }
    )


@shared_cache(max_entries=64)
def code_view(names: tuple, p: tuple, q: tuple, bars: str) -> tuple[pd.DataFrame, go.Figure]:
    """The code table and the area picture for these inputs, built once.

    Shared read-only between reruns and sessions (st.dataframe and st.plotly_chart only
    read them), so moving the message slider or the seed does not rebuild them.
    """
    comp = compare_codes(p, q)
    lengths, area_p = {
        "huffman": (comp.huffman_lengths, comp.huffman_length),
        "shannon": (comp.shannon_lengths, comp.shannon_length),
        "ideal": (comp.ideal_lengths, comp.cross_entropy),
    }[bars]
    fig = code_area_figure(
        names,
        p,
        q,
        lengths,
        codewords=comp.codewords if bars == "huffman" else None,
        length_name=BARS[bars],
        area_p=area_p,
        area_q=expected_code_length(q, lengths),
    )
    table = code_table(CodeInputs(names=list(names), p=list(p), q=list(q)), comp)
    return table, fig
