"""Bits & codes figures: the code-length picture and the convergence plot, validated strictly.

The figures are built without plotly's run-time validation, so each builder's output is
rebuilt here with full validation.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import pytest
from figure_checks import validated

from explorer.codes.figures import code_area_figure, convergence_figure, plotly_text
from explorer.figures import COLORS
from xentcore.coding import compare_codes, running_bits_per_symbol, sample_message

P = [0.5, 0.25, 0.125, 0.125]
Q = [0.125, 0.5, 0.25, 0.125]
NAMES = ["dog", "cat", "fish", "bird"]


def strict(fig: go.Figure) -> go.Figure:
    """Validate ``fig`` fully (raises ValueError on an invalid property); return it as built.

    The figure itself is returned because the validated copy holds NumPy arrays in
    plotly's base64 form, while the tests read the numbers.
    """
    validated(fig)
    return fig


def huffman_picture(names, p, q):
    """The comparison, and the picture of Q's Huffman code (areas: its expected lengths)."""
    c = compare_codes(p, q)
    fig = code_area_figure(
        names,
        p,
        q,
        c.huffman_lengths,
        codewords=c.codewords,
        area_p=c.huffman_length,
        area_q=c.huffman_length_q,
    )
    return c, strict(fig)


def area(trace) -> float:
    return float(np.dot(np.asarray(trace.width, float), np.asarray(trace.y, float)))


# --- the picture: width = probability, height = length ------------------------------------


def test_code_area_figure_bars_are_probability_by_length():
    c, fig = huffman_picture(NAMES, P, Q)
    q_bars, p_bars = fig.data
    assert [t.type for t in fig.data] == ["bar", "bar"]
    assert list(p_bars.width) == P and list(q_bars.width) == Q
    # Laid side by side from 0: each bar starts where the previous one ends.
    assert list(p_bars.x) == [0.0, 0.5, 0.75, 0.875]
    assert list(q_bars.x) == [0.0, 0.125, 0.625, 0.875]
    assert p_bars.offset == 0 and q_bars.offset == 0
    assert list(p_bars.y) == c.huffman_lengths.tolist() == [3.0, 1.0, 2.0, 3.0]
    # Area = expected length, under P and under Q.
    assert area(p_bars) == pytest.approx(c.huffman_length) == pytest.approx(2.375)
    assert area(q_bars) == pytest.approx(c.huffman_length_q) == pytest.approx(1.75)
    q_title, p_title = (a.text for a in fig.layout.annotations)
    assert "area Σ p·ℓ = 2.375 bits" in p_title and "area Σ q·ℓ = 1.750 bits" in q_title
    assert p_bars.text[0] == q_bars.text[0] == "dog<br>110"
    # Two panels side by side, one shared code-length axis.
    assert (q_bars.xaxis, q_bars.yaxis, p_bars.xaxis, p_bars.yaxis) == ("x", "y", "x2", "y2")
    assert fig.layout.yaxis2.matches == "y"
    assert tuple(fig.layout.xaxis.range) == tuple(fig.layout.xaxis2.range) == (0, 1)
    assert fig.layout.xaxis.domain[1] < fig.layout.xaxis2.domain[0]
    assert p_bars.marker.line.color == COLORS["P"] and q_bars.marker.line.color == COLORS["Q"]


def test_code_area_figure_with_ideal_lengths_has_area_cross_entropy():
    c = compare_codes([0.10, 0.40, 0.50], [0.80, 0.15, 0.05])
    fig = strict(
        code_area_figure(
            ["red", "green", "blue"],
            [0.10, 0.40, 0.50],
            [0.80, 0.15, 0.05],
            c.ideal_lengths,
            length_name="ideal lengths −log₂ q",
            area_p=c.cross_entropy,
            area_q=1.0,
        )
    )
    assert area(fig.data[1]) == pytest.approx(c.cross_entropy)
    assert "area Σ p·ℓ = 3.288 bits" in fig.layout.annotations[1].text
    assert fig.data[1].text[2] == "blue<br>4.32 bits"  # lengths printed without codewords
    assert "ideal lengths" in fig.layout.yaxis.title.text


def test_code_area_figure_marks_a_symbol_without_codeword():
    _, fig = huffman_picture(["a", "b", "c"], [0.5, 0.25, 0.25], [0.5, 0.5, 0.0])
    p_bars = fig.data[1]
    assert all(math.isfinite(v) for v in p_bars.y)
    assert p_bars.y[2] > max(p_bars.y[:2])  # drawn up to the top, cut off
    assert p_bars.marker.color[2] == COLORS["KL"]
    # Q's zero-width bar gets no outline (it would be a stray vertical line at x = 1).
    q_bars = fig.data[0]
    assert q_bars.width[2] == 0 and q_bars.marker.line.width[2] == 0
    assert q_bars.marker.line.width[0] > 0
    assert p_bars.text[2] == "c<br>∞"
    assert "area Σ p·ℓ = ∞ bits" in fig.layout.annotations[1].text
    assert fig.layout.yaxis.range[1] >= p_bars.y[2]


def test_user_names_are_escaped_in_the_picture():
    _, fig = huffman_picture(["<b>x</b>", "a&b"], [0.5, 0.5], [0.5, 0.5])
    assert fig.data[1].text[0] == "&lt;b&gt;x&lt;/b&gt;<br>0"
    assert fig.data[1].customdata[1][0] == "a&amp;b"
    assert plotly_text('"') == "&quot;"


# --- the convergence plot -------------------------------------------------------------------


def test_convergence_figure_curves_and_reference_lines():
    c = compare_codes([0.10, 0.40, 0.50], [0.80, 0.15, 0.05])
    message = sample_message([0.10, 0.40, 0.50], 20_000, seed=0)
    n, huff = running_bits_per_symbol(message, c.huffman_lengths)
    _, shan = running_bits_per_symbol(message, c.shannon_lengths)
    fig = strict(
        convergence_figure(
            n,
            huff,
            shan,
            entropy=c.entropy,
            cross_entropy=c.cross_entropy,
            huffman_length=c.huffman_length,
            shannon_length=c.shannon_length,
        )
    )
    names = [t.name for t in fig.data]
    assert names == [
        "H(P) = 1.361 bits",
        "H(P,Q) = 3.288 bits",
        "Shannon expected = 3.800 bits",
        "Huffman expected = 1.900 bits",
        "Shannon code, measured",
        "Huffman code, measured",
    ]
    assert list(fig.data[0].y) == [c.entropy, c.entropy]
    assert list(fig.data[1].x) == [1.0, 20_000.0]
    assert np.allclose(fig.data[5].y, huff) and np.allclose(fig.data[4].y, shan)
    assert len(fig.data[5].x) <= 400
    assert fig.layout.xaxis.type == "log"
    assert fig.data[5].line.color == COLORS["P"]
    assert fig.data[0].line.color == COLORS["H"]


def test_convergence_figure_leaves_out_infinite_values():
    fig = strict(
        convergence_figure(
            [1, 2, 3],
            [1.0, math.inf, math.inf],
            [2.0, 2.0, 2.0],
            entropy=1.0,
            cross_entropy=math.inf,
            huffman_length=math.inf,
            shannon_length=2.0,
        )
    )
    assert [t.name.split(" =")[0] for t in fig.data] == [
        "H(P)",
        "Shannon expected",
        "Shannon code, measured",
        "Huffman code, measured",
    ]
    assert list(fig.data[-1].y) == [1.0]


def test_convergence_figure_single_point():
    fig = strict(convergence_figure([1], [2.0], [2.0], entropy=1, cross_entropy=2,
                                    huffman_length=2, shannon_length=2))  # fmt: skip
    assert fig.data[0].x[1] > fig.data[0].x[0]
