"""Formatting and learner-facing messages (explorer.text)."""

import math

import pytest

from explorer.text import (
    UNITS,
    describe_distribution_problem,
    describe_impossible_events,
    format_value,
)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (3.2879430945989, "bits", "3.288 bits"),
        (1.3356800935337296, "nats", "1.336 nats"),
        (0.0, "bits", "0.000 bits"),
        (math.inf, "bits", "∞ bits"),
        (-math.inf, "nats", "−∞ nats"),
        (math.nan, "bits", "undefined"),
        (2.5, "", "2.500"),
    ],
)
def test_format_value(value, unit, expected):
    assert format_value(value, unit) == expected


def test_units_map_to_xentcore_bases():
    assert UNITS == {"bits": 2, "nats": None, "hartleys": 10}


def test_valid_distribution_has_no_problem():
    assert describe_distribution_problem("P", [0.1, 0.4, 0.5]) is None
    assert describe_distribution_problem("Q", [0.8, 0.15, 0.05]) is None


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ([0.8, 0.45, 0.05], "Q sums to 1.3, not 1"),
        ([0.1, 0.1, 0.1], "Q sums to 0.3, not 1"),
        ([-0.2, 0.7, 0.5], "Q has a negative entry"),
        ([math.nan, 0.5, 0.5], "Q has an entry that is not a number"),
        ([math.inf, 0.5, 0.5], "Q has an entry that is not a number"),
        ([0.0, 0.0, 0.0], "Q is all zeros"),
    ],
)
def test_problem_messages_name_the_field(values, fragment):
    message = describe_distribution_problem("Q", values)
    assert message is not None
    assert fragment in message


def test_sum_message_suggests_renormalise():
    assert "press Renormalise Q" in describe_distribution_problem("Q", [0.8, 0.45, 0.05])


def test_impossible_events_lists_every_ruled_out_event():
    message = describe_impossible_events(["red", "green", "blue"], [0.1, 0.4, 0.5], [1.0, 0.0, 0.0])
    assert "green (P = 0.40), blue (P = 0.50)" in message
    assert "infinite" in message


def test_zero_prediction_for_impossible_event_is_fine():
    assert describe_impossible_events(["a", "b"], [1.0, 0.0], [0.5, 0.0]) is None


def test_a_value_left_by_another_page_under_the_same_key_is_reset():
    from explorer.state import _valid, choice, number

    target_choice = choice("target", "class", ["class", "soft"])
    target_prob = number("target", 1.0, 0.0, 1.0)
    assert _valid(target_choice, "soft") and not _valid(target_choice, 0.4)
    assert _valid(target_prob, 0.4) and not _valid(target_prob, "soft")


def test_a_huge_whole_number_in_a_link_is_reported_briefly():
    from explorer.state import integer, parse_url

    notice = parse_url([integer("bins", 10, 2, 50)], {"bins": "1e300"})[1][0]
    assert "1e+300 is outside [2, 50]" in notice and len(notice) < 200
