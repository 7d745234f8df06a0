"""Bits & codes presentation: the figures (validated strictly) and the page's text helpers.

The figures are built without plotly's run-time validation, so each builder's output is
rebuilt here with full validation. The parsing and wording helpers of
explorer/codes_ui.py are pure functions and are tested here too.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import pytest
from figure_checks import validated

from explorer.codes_ui import (
    DEFAULTS,
    EXAMPLES,
    MAX_SYMBOLS,
    InputProblem,
    bound_text,
    code_span,
    code_table,
    distributions_to_texts,
    message_columns,
    parse_names,
    parse_probabilities,
    probabilities_text,
    read_code_inputs,
    text_param,
    wrap_bits,
)
from explorer.figures import COLORS
from explorer.figures_codes import code_area_figure, convergence_figure, plotly_text
from explorer.state import parse_url
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


def area(trace) -> float:
    return float(np.dot(np.asarray(trace.width, float), np.asarray(trace.y, float)))


# --- the picture: width = probability, height = length ------------------------------------


def test_code_area_figure_bars_are_probability_by_length():
    c = compare_codes(P, Q)
    fig = strict(
        code_area_figure(
            NAMES,
            P,
            Q,
            c.huffman_lengths,
            codewords=c.codewords,
            area_p=c.huffman_length,
            area_q=c.huffman_length_q,
        )
    )
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
    c = compare_codes([0.5, 0.25, 0.25], [0.5, 0.5, 0.0])
    fig = strict(
        code_area_figure(
            ["a", "b", "c"],
            [0.5, 0.25, 0.25],
            [0.5, 0.5, 0.0],
            c.huffman_lengths,
            codewords=c.codewords,
            area_p=c.huffman_length,
            area_q=c.huffman_length_q,
        )
    )
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
    names = ["<b>x</b>", "a&b"]
    c = compare_codes([0.5, 0.5], [0.5, 0.5])
    fig = strict(
        code_area_figure(
            names,
            [0.5, 0.5],
            [0.5, 0.5],
            c.huffman_lengths,
            codewords=c.codewords,
            area_p=1,
            area_q=1,
        )  # fmt: skip
    )
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


# --- text inputs ------------------------------------------------------------------------------


def test_parse_names():
    assert parse_names(" dog , cat") == ["dog", "cat"]
    assert len(parse_names(",".join("abcdefghijklmnopqrstuvwxyz"))) == MAX_SYMBOLS


@pytest.mark.parametrize(
    "text, problem, fix",
    [
        ("", "there are no names", "Type the symbols' names"),
        ("solo", "there is only 1 symbol ('solo')", "A code needs 2 to 26 symbols"),
        (",".join(f"s{i}" for i in range(27)), "there are 27 names", "remove 1"),
        ("a,,b", "name 2 is empty", "Remove the extra comma"),
        ("a," + "x" * 41, "name 2 is 41 characters long", "at most 40 characters"),
        ("a, b, a", "the name 'a' appears twice", "different name"),
    ],
)
def test_bad_names_say_what_and_how_to_fix(text, problem, fix):
    with pytest.raises(InputProblem) as err:
        parse_names(text)
    assert err.value.problem == problem
    assert fix in err.value.fix


def test_parse_probabilities():
    assert parse_probabilities("0.5, .25, 2.5e-1") == [0.5, 0.25, 0.25]
    assert parse_probabilities("2, 1, 1") == [2.0, 1.0, 1.0]  # weights: renormalised later


@pytest.mark.parametrize(
    "text, problem",
    [
        ("", "there are no values"),
        ("0.5, abc", "value 2 ('abc') is not a number"),
        ("0.5, nan", "value 2 ('nan') is not a number"),
        ("inf, 0", "value 1 ('inf') is not a number"),
        ("0.5,,0.5", "value 2 is empty"),
        ("0.5, -0.1", "value 2 is -0.1, and a probability cannot be negative"),
        (",".join(["0.1"] * 27), "there are 27 values"),
        ("1e999", "value 1 ('1e999') is not a number"),
    ],
)
def test_bad_probabilities(text, problem):
    with pytest.raises(InputProblem) as err:
        parse_probabilities(text)
    assert err.value.problem == problem


def test_read_code_inputs_renormalises_and_reports():
    r = read_code_inputs("a, b, c", "1, 1, 2", "0.2, 0.3, 0.5")
    assert r.ok and r.p == [0.25, 0.25, 0.5] and r.q == [0.2, 0.3, 0.5]
    assert r.rescaled == {"P": 4.0}
    assert read_code_inputs("a, b", "0.5, 0.5", "0.5, 0.5").rescaled == {}


@pytest.mark.parametrize(
    "texts, expected",
    [
        (("a, b", "0, 0", "0.5, 0.5"), "P is all zeros. Give at least one symbol"),
        (("a, b", "0.5, 0.5", "1e308, 1e308"), "Q's values are too large to add up"),
        (("a, b, c", "0.5, 0.5", "0.2, 0.3, 0.5"), "P has 2 values but there are 3 symbols"),
        (("a, a", "0.5, 0.5", "0.5, 0.5"), "Symbols: the name 'a' appears twice."),
        (("a, b", "0.5, x", "0.5, 0.5"), "P: value 2 ('x') is not a number."),
    ],
)
def test_read_code_inputs_errors_name_the_field(texts, expected):
    r = read_code_inputs(*texts)
    assert not r.ok and r.p is None and r.q is None
    assert any(e.startswith(expected) for e in r.errors), r.errors


def test_text_param_checks_urls_and_tidies_spacing():
    param = text_param("codes_p", DEFAULTS["codes_p"], parse_probabilities, "numbers")
    good, bad = parse_url([param], {"codes_p": "0.5,0.5"})
    assert good == {"codes_p": "0.5, 0.5"} and bad == []
    good, bad = parse_url([param], {"codes_p": "<script>"})
    assert good == {}
    assert "value 1 ('<script>') is not a number" in bad[0]
    assert "using the default 0.5,0.25,0.125,0.125" in bad[0]
    assert param.to_url("0.5, 0.5") == "0.5,0.5"


def test_probabilities_text_round_trips_within_tolerance():
    text = probabilities_text([1 / 3, 1 / 3, 1 / 3])
    assert abs(math.fsum(parse_probabilities(text)) - 1) < 1e-9
    assert read_code_inputs("a, b, c", text, text).rescaled == {}


def test_distributions_to_texts():
    texts = distributions_to_texts({"names": ["a,b", "c"], "p": [0.25, 0.75], "q": (1, 0)})
    assert texts == {"names": "a b, c", "p": "0.25, 0.75", "q": "1, 0"}
    for bad in (None, {"names": ["a"]}, {"names": ["a", "b"], "p": [1], "q": [1, 0]}):
        with pytest.raises(ValueError):
            distributions_to_texts(bad)


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


def test_examples_are_valid_inputs():
    for example in EXAMPLES.values():
        r = read_code_inputs(
            example.values["codes_names"], example.values["codes_p"], example.values["codes_q"]
        )
        assert r.ok and not r.rescaled, example.label
