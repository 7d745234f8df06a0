"""Formatting and learner-facing messages (explorer.text)."""

import math

import pytest

from explorer.text import UNITS, format_value


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
