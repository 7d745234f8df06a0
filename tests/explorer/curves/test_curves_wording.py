"""The Loss curves wording (explorer.curves.wording): sentences from xentcore's numbers."""

import math

from explorer.curves.wording import (
    CLIP_LABELS,
    CONVENTIONS,
    ce_gradient_formula,
    field_problem,
    gradient_sentence,
    opposite_sentence,
    reading_message,
    smoothing_sentence,
)
from xentcore.curves import CLIP_EPSILONS, exact_opposite_losses, logit_gradients, smoothed_minimum


def test_gradient_formula_per_unit():
    assert ce_gradient_formula("nats") == "p − 1"
    assert ce_gradient_formula("bits") == "(p − 1)/ln 2"
    assert ce_gradient_formula("hartleys") == "(p − 1)/ln 10"


def test_gradient_sentence_states_the_numbers():
    g = logit_gradients(0.05)
    text = gradient_sentence(
        0.05, -2.944, float(g.cross_entropy), float(g.squared_error), float(g.ratio), "nats"
    )
    assert "At p = 0.050 (logit z = −2.944)" in text
    assert "∂L/∂z = p − 1 = −0.95 (loss in nats)" in text
    assert "−2p(1 − p)² = −0.09025" in text
    assert "pulls 10.5× harder" in text
    assert "this is why cross-entropy trains faster" in text
    done = gradient_sentence(1.0, math.inf, 0.0, 0.0, math.nan, "nats")
    assert "both gradients are 0" in done


def test_opposite_sentences():
    assert opposite_sentence("1e-15", 34.538776, "nats").endswith(
        "the loss clipped at 1e-15 is −log ε = 34.5388 nats."
    )
    assert "clipped at 1e-7 is −log ε = 23.2535 bits" in opposite_sentence(
        "1e-7", exact_opposite_losses(base=2)["1e-7"], "bits"
    )
    assert "without a clip the loss is −log 0 = ∞ bits" in opposite_sentence(
        "none", math.inf, "bits"
    )


def test_smoothing_sentence():
    m = smoothed_minimum(0.1, 10, base=2)
    text = smoothing_sentence(m.p, m.loss, 0.1, 10, "bits")
    assert "smallest at p = 1 − ε + ε/C = 0.91, not at p = 1" in text
    assert "0.722 bits" in text
    assert "off" in smoothing_sentence(1.0, 0.0, 0.0, 10, "bits")


def test_reading_messages():
    level, text = reading_message(1.0, 3.3219, 0.5, 2.0, 10, "bits")
    assert level == "success"
    assert text.startswith("1.000 bits is below log C = 3.322 bits: better than a uniform guess")
    assert "probability 0.5 on average" in text and "among 2 classes" in text
    level, text = reading_message(5.0, 3.3219, 1 / 32, 32.0, 10, "bits")
    assert level == "warning" and "no better than a uniform guess" in text
    level, text = reading_message(1e300, 2.3, 0.0, math.inf, 10, "nats")
    assert level == "warning" and text.startswith("1e+300 nats") and "among ∞ classes" in text
    level, text = reading_message(0.0, 2.3, 1.0, 1.0, 10, "nats")
    assert level == "warning" and "exactly 0" in text and "leak" in text


def test_field_problem_and_convention_rows():
    msg = field_problem("Number of classes C", ValueError("classes must be >= 2, got 0.0"), "Fix.")
    assert msg == "Number of classes C: classes must be >= 2, got 0.0. Fix."
    assert [key for key, _, _ in CONVENTIONS] == [*CLIP_EPSILONS, "torch"]
    assert set(CLIP_LABELS) == set(CLIP_EPSILONS)
