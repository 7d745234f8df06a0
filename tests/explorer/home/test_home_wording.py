"""Home's messages (explorer.home.wording)."""

from explorer.home.wording import describe_impossible_events


def test_impossible_events_lists_every_ruled_out_event():
    message = describe_impossible_events(["red", "green", "blue"], [0.1, 0.4, 0.5], [1.0, 0.0, 0.0])
    assert "green (P = 0.40), blue (P = 0.50)" in message
    assert "infinite" in message


def test_zero_prediction_for_impossible_event_is_fine():
    assert describe_impossible_events(["a", "b"], [1.0, 0.0], [0.5, 0.0]) is None
