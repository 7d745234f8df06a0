"""Bits & codes: reading the three text boxes (names, P, Q), their links, and the examples."""

from __future__ import annotations

import math

import pytest

from explorer.codes.examples import DEFAULTS, EXAMPLES
from explorer.codes.inputs import text_param
from explorer.codes.reading import (
    distributions_to_texts,
    parse_names,
    parse_probabilities,
    read_code_inputs,
)
from explorer.codes.wording import MAX_SYMBOLS
from explorer.parsing import InputProblem
from explorer.state import parse_url
from explorer.text import format_number_list as probabilities_text

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


def test_examples_are_valid_inputs():
    for example in EXAMPLES.values():
        r = read_code_inputs(
            example.values["codes_names"], example.values["codes_p"], example.values["codes_q"]
        )
        assert r.ok and not r.rescaled, example.label
