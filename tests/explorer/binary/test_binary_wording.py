"""Pure helpers of the Binary & multi-label page: typed lists, wording, presets."""

import math

import pytest

from explorer.binary.inputs import MAX_LIST_CHARS
from explorer.binary.inputs import parse_list as parse_number_list
from explorer.binary.wording import bce_latex, describe_error, format_loss
from explorer.presets import matching_presets
from explorer.text import format_number_list

PAGE = "pages/4_Binary_and_multilabel.py"
TEN_YS = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
TEN_PS = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]


# ── parsing typed lists ───────────────────────────────────────────────────────────
def test_parse_number_list_accepts_commas_spaces_and_brackets():
    assert parse_number_list("1, 0 1;0", name="y", max_len=10) == [1.0, 0.0, 1.0, 0.0]
    assert parse_number_list(" [1e300, -2] ", name="z", max_len=10) == [1e300, -2.0]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Labels y is empty. Type numbers separated by commas"),
        ("   ", "Labels y is empty"),
        ("1, a, 0", "Labels y: item 2 ('a') is not a number"),
        ("1, nan", "Labels y: item 2 ('nan') is not a finite number"),
        ("1, inf", "Labels y: item 2 ('inf') is not a finite number"),
        ("1, " * 5 + "1", "Labels y has 6 numbers; give 2 to 5"),
        ("1", "Labels y has 1 numbers; give 2 to 5"),
        ("x" * 5000, "Labels y: the text is 5,000 characters long (at most 2,000)"),
    ],
)
def test_parse_number_list_says_what_to_fix(text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_number_list(text, name="Labels y", max_len=5, min_len=2)


def test_long_item_is_shortened_in_the_message():
    with pytest.raises(ValueError, match=r"item 1 \('aaaaaaaaaaaaaaaaa\.\.\.'\)"):
        parse_number_list("a" * 100, name="p", max_len=5)
    assert MAX_LIST_CHARS == 2000


def test_format_number_list_round_trips():
    values = [1.0, 0.0, 0.1, 1e300, -2.5]
    assert format_number_list(values) == "1, 0, 0.1, 1e+300, -2.5"
    assert parse_number_list(format_number_list(values), name="x", max_len=10) == values


# ── wording ───────────────────────────────────────────────────────────────────────
def test_describe_error_names_the_field_and_the_fix():
    fields = {
        "ps": ("Predicted P(y = 1)", "Type one probability per label."),
        "prob": ("Predicted probability p", "Type a probability from 0 to 1."),
    }
    text = describe_error(ValueError("ps must be probabilities in [0, 1], but has -0.2"), fields)
    assert text == (
        "Predicted P(y = 1): ps must be probabilities in [0, 1], but has -0.2. "
        "Type one probability per label."
    )
    assert describe_error(ValueError("prob must be <= 1.0, got 1.3"), fields).startswith(
        "Predicted probability p: "
    )
    assert describe_error(ValueError("something else"), fields) == "something else."


def test_format_loss_keeps_huge_values_short():
    assert format_loss(0.24697, "nats") == "0.247 nats"
    assert format_loss(1e300, "nats", 4) == "1e+300 nats"
    assert format_loss(-2e7, "") == "-2e+07"
    assert format_loss(math.inf, "bits") == "∞ bits"
    assert format_loss(math.nan, "bits") == "undefined"


def test_bce_latex_substitutes_the_numbers():
    text = bce_latex(0.4, 0.4, "0.6730 nats", "nats")
    assert r"0.4 \cdot \ln 0.4 + 0.6 \cdot \ln 0.6" in text
    assert text.endswith(r"= 0.6730\ \text{nats}")
    assert r"\infty" in bce_latex(0.0, 1.0, "∞ bits", "bits")
    assert r"1\mathrm{e}-09" in bce_latex(1e-9, 1.0, "29.90 bits", "bits")


def test_matching_presets_lists_every_match():
    both = {"ys": TEN_YS, "ps": TEN_PS, "prob": 0.4, "target": 0.4, "unit": "nats"}
    assert [p.id for p in matching_presets(PAGE, both)] == ["ten-labels", "bce-self"]
    assert matching_presets(PAGE, {**both, "unit": "bits"}) == []
    near = {**both, "prob": 0.4 + 1e-15}
    assert [p.id for p in matching_presets(PAGE, near)] == ["ten-labels", "bce-self"]
    assert [p.id for p in matching_presets(PAGE, {**both, "ps": TEN_PS[:-1]})] == ["bce-self"]
