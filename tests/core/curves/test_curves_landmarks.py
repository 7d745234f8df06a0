"""xentcore.curves.landmarks: the clipped exact opposite and the reading of an average loss.

The path from the exact opposite to the truth equals each framework's clipped loss, and
the landmarks of a C-class loss (log C, the geometric-mean probability, the
perplexity) agree with softmax_cross_entropy and scikit-learn.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import log_loss as sklearn_log_loss

import xentcore
from xentcore.curves import (
    CLIP_EPSILONS,
    cross_entropy_curve,
    exact_opposite_losses,
    opposite_path_curve,
    probability_grid,
    read_average_loss,
    uniform_guess_loss,
)

NAN = float("nan")
BASES = [None, 2, 10]


def _ln(base):
    return 1.0 if base is None else math.log(base)


SETTINGS = settings(max_examples=60, deadline=None)


def test_worked_example_12_loss_at_the_exact_opposite():
    # Worked example 12 (the 'opposite' preset of explorer/presets.toml): the texts add
    # 1e-15, so [1, 0] for [0, 1] costs -log 1e-15.
    value = float(opposite_path_curve(0.0, eps=1e-15))
    assert value == pytest.approx(-math.log(1e-15), rel=1e-15)
    assert f"{value:.4f}" == "34.5388"
    assert float(opposite_path_curve(0.0, eps=None)) == math.inf


def test_opposite_path_equals_clipped_cross_entropy_and_the_frameworks():
    t = probability_grid(300, smallest=1e-20, include_zero=True)
    target = np.tile([0.0, 1.0], (t.size, 1))
    q = np.stack([1 - t, t], axis=1)
    for name, eps in CLIP_EPSILONS.items():
        if eps is None:
            continue
        np.testing.assert_allclose(
            opposite_path_curve(t, eps=eps),
            xentcore.clipped_cross_entropy(target, q, eps=eps),
            rtol=1e-14,
            err_msg=name,
        )
    # Keras BinaryCrossentropy clips at 1e-7; scikit-learn's log_loss at machine epsilon.
    keras = [xentcore.keras_binary_crossentropy([1.0], [v]) for v in t[::20]]
    np.testing.assert_allclose(opposite_path_curve(t[::20], eps=1e-7), keras, rtol=1e-12)
    for v in (0.0, 1e-17, 1e-5, 0.5):
        assert float(opposite_path_curve(v, eps=xentcore.SKLEARN_EPSILON)) == pytest.approx(
            sklearn_log_loss([1], [[1 - v, v]], labels=[0, 1]), rel=1e-12
        )
    # Without a clip it is the cross-entropy curve, infinite at t = 0.
    np.testing.assert_allclose(opposite_path_curve(t[1:], eps=None), cross_entropy_curve(t[1:]))


def test_exact_opposite_losses_per_convention():
    nats = exact_opposite_losses()
    assert nats["none"] == math.inf
    assert nats["1e-15"] == pytest.approx(34.538776394910684)
    assert nats["1e-7"] == pytest.approx(16.11809565095832)  # Keras' clip: -log 1e-7
    assert nats["eps"] == pytest.approx(36.04365338911715)
    assert nats["torch"] == 100.0  # torch clamps log at -100
    bits = exact_opposite_losses(base=2)
    for key in nats:
        assert bits[key] == pytest.approx(nats[key] / math.log(2))
    assert f"{bits['torch']:.2f}" == "144.27"


@pytest.mark.parametrize("classes", [2, 10, 1000])
@pytest.mark.parametrize("base", BASES)
def test_uniform_guess_loss_is_log_c(classes, base):
    value = uniform_guess_loss(classes, base=base)
    assert value == pytest.approx(math.log(classes) / _ln(base), rel=1e-14)
    zeros = np.zeros((1, classes))
    assert value * _ln(base) == pytest.approx(xentcore.softmax_cross_entropy(zeros, [0]))
    uniform = np.full((1, classes), 1 / classes)
    assert value * _ln(base) == pytest.approx(
        sklearn_log_loss([0], uniform, labels=list(range(classes)))
    )


def test_worked_example_11_uniform_over_ten_classes():
    assert f"{uniform_guess_loss(10):.4f}" == "2.3026"


@SETTINGS
@given(st.floats(0, 50, allow_nan=False), st.integers(2, 1000), st.sampled_from(BASES))
def test_reading_a_loss(loss, classes, base):
    r = read_average_loss(loss, classes, base=base)
    b = math.e if base is None else base
    assert r.probability == pytest.approx(b**-loss, rel=1e-12)
    assert r.perplexity == pytest.approx(b**loss, rel=1e-12)
    assert r.probability * r.perplexity == pytest.approx(1.0)
    assert r.beats_uniform == (loss < r.uniform)
    # the loss of giving every true class the geometric-mean probability
    if r.probability > 0:
        assert cross_entropy_curve(r.probability, base=base) == pytest.approx(loss, abs=1e-9)


def test_reading_landmarks():
    assert read_average_loss(1.0, 10, base=2)[2:] == (0.5, 2.0, True)
    at_chance = read_average_loss(uniform_guess_loss(10), 10)
    assert at_chance.probability == pytest.approx(0.1)
    assert not at_chance.beats_uniform
    huge = read_average_loss(1e300, 10)
    assert huge.probability == 0.0 and huge.perplexity == math.inf


ERRORS = {
    "classes not whole": (
        lambda: uniform_guess_loss(2.5),
        r"classes must be a whole number >= 2, got 2.5",
    ),
    "classes NaN": (lambda: uniform_guess_loss(NAN), r"classes must be a finite number"),
    "classes text": (lambda: uniform_guess_loss("ten"), r"classes must be a number, got 'ten'"),
    "classes None": (lambda: uniform_guess_loss(None), r"classes must be a number, got None"),
    "t negative": (lambda: opposite_path_curve(-0.2), r"t must be probabilities in \[0, 1\]"),
    "clip 0": (lambda: opposite_path_curve(0.0, eps=0.0), r"eps must be > 0.0"),
    "clip too big": (lambda: opposite_path_curve(0.0, eps=0.7), r"eps must be <= 0.5"),
    "loss negative": (lambda: read_average_loss(-1.0, 10), r"loss must be >= 0.0, got -1.0"),
    "loss NaN": (lambda: read_average_loss(NAN, 10), r"loss must be a finite number"),
    "loss inf": (lambda: read_average_loss(math.inf, 10), r"loss must be a finite number"),
    "exact opposite base": (lambda: exact_opposite_losses(base=-2), r"base must be a number > 0"),
}


@pytest.mark.parametrize("case", ERRORS, ids=list(ERRORS))
def test_errors_name_the_argument(case):
    call, message = ERRORS[case]
    with pytest.raises(xentcore.InputError, match=message):
        call()
