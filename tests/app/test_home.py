"""Home page under AppTest: the worked example's numbers, units and bad input."""

import math

import pytest
from app_helpers import APP
from app_helpers import messages as all_messages
from app_helpers import metrics as metric_values
from streamlit.testing.v1 import AppTest

from explorer.text import format_value
from xentcore import cross_entropy, entropy, kl_divergence

# Worked example 1 (the "colours" preset of explorer/presets.toml).
P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=10)
    app.run()
    assert not app.exception
    return app


def test_default_example_in_bits_matches_worked_example(at):
    shown = metric_values(at)
    assert shown["Cross-entropy H(P,Q)"] == "3.288 bits"
    assert shown["Entropy H(P)"] == "1.361 bits"
    assert shown["KL divergence KL(P‖Q)"] == "1.927 bits"
    assert shown["Reversed H(Q,P)"] == "2.906 bits"
    assert not at.error


def test_default_example_matches_xentcore_to_displayed_precision(at):
    shown = metric_values(at)
    assert shown["Cross-entropy H(P,Q)"] == format_value(cross_entropy(P, Q, base=2), "bits")
    assert shown["Entropy H(P)"] == format_value(entropy(P, base=2), "bits")
    assert shown["KL divergence KL(P‖Q)"] == format_value(kl_divergence(P, Q, base=2), "bits")
    assert shown["Reversed H(Q,P)"] == format_value(cross_entropy(Q, P, base=2), "bits")


def test_unit_defaults_to_bits(at):
    assert at.radio(key="unit").value == "bits"


def test_switching_to_nats_changes_every_metric(at):
    at.radio(key="unit").set_value("nats").run()
    assert not at.exception
    shown = metric_values(at)
    assert shown["KL divergence KL(P‖Q)"] == "1.336 nats"
    assert shown["Cross-entropy H(P,Q)"] == format_value(cross_entropy(P, Q), "nats")
    assert shown["Entropy H(P)"] == format_value(entropy(P), "nats")


def test_hartleys(at):
    at.radio(key="unit").set_value("hartleys").run()
    shown = metric_values(at)
    assert shown["Cross-entropy H(P,Q)"] == format_value(cross_entropy(P, Q, base=10), "hartleys")
    assert shown["Cross-entropy H(P,Q)"] == "0.990 hartleys"


def test_q_not_summing_to_one_names_q_and_its_sum(at):
    at.number_input(key="q_red").set_value(0.95).run()  # 0.95 + 0.15 + 0.05 = 1.15
    assert not at.exception
    text = all_messages(at)
    assert "Q sums to 1.15" in text
    assert "Renormalise Q" in text
    assert "P " not in text  # P is still fine, so it is not blamed
    assert not at.metric  # no numbers for an invalid input


def test_renormalise_fixes_q(at):
    at.number_input(key="q_red").set_value(0.95).run()
    at.button(key="q_renormalise").click().run()
    assert not at.exception
    assert not at.error
    q_shown = [at.number_input(key=f"q_{e}").value for e in ("red", "green", "blue")]
    assert math.fsum(q_shown) == pytest.approx(1.0, abs=1e-12)
    assert q_shown[0] == pytest.approx(0.95 / 1.15)
    expected = cross_entropy(P, [v / 1.15 for v in (0.95, 0.15, 0.05)], base=2)
    assert metric_values(at)["Cross-entropy H(P,Q)"] == format_value(expected, "bits")


def test_negative_entry_gives_message_not_traceback(at):
    at.number_input(key="p_red").set_value(-0.1).run()
    assert not at.exception
    text = all_messages(at)
    assert "P has a negative entry" in text
    assert not at.metric


def test_renormalise_refuses_negative_entries(at):
    at.number_input(key="p_red").set_value(-0.1).run()
    at.button(key="p_renormalise").click().run()
    assert not at.exception
    assert "Renormalise P needs non-negative numbers" in all_messages(at)
    assert at.number_input(key="p_red").value == pytest.approx(-0.1)


def test_nan_entry_gives_message_not_traceback(at):
    # Streamlit's number_input turns NaN into 0.0 (checked on 1.67), so the learner
    # sees the sum problem; the NaN wording itself is tested in test_explorer_text.py.
    at.number_input(key="q_green").set_value(float("nan")).run()
    assert not at.exception
    assert "Q sums to 0.85" in all_messages(at)
    assert not at.metric


def test_zero_prediction_for_possible_event_shows_infinity(at):
    for event, value in (("red", 0.5), ("green", 0.5), ("blue", 0.0)):
        at.number_input(key=f"q_{event}").set_value(value)
    at.run()
    assert not at.exception
    shown = metric_values(at)
    assert shown["Cross-entropy H(P,Q)"] == "∞ bits"
    assert shown["KL divergence KL(P‖Q)"] == "∞ bits"
    assert shown["Entropy H(P)"] == "1.361 bits"
    warning = " ".join(w.value for w in at.warning)
    assert "Q gives probability 0 to an event that happens under P: blue (P = 0.50)" in warning


def test_sidebar_links_home(at):
    from explorer.sidebar import linked_pages

    links = at.sidebar.get("page_link")
    labels = [link.proto.label for link in links]
    assert labels[0] == "Home"
    assert labels == [p.label for p in linked_pages()]
