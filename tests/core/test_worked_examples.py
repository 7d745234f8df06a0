"""Every number of the worked examples (explorer/presets.toml has some), to its digits."""

import numpy as np
import pytest

import xentcore as xc

P1, Q1 = [0.10, 0.40, 0.50], [0.80, 0.15, 0.05]  # events red, green, blue
ONE_HOT = [0.0, 1.0, 0.0]


def test_1_cross_entropy_is_not_symmetric_in_bits():
    assert round(xc.cross_entropy(P1, Q1, base=2), 3) == 3.288
    assert round(xc.cross_entropy(Q1, P1, base=2), 3) == 2.906  # pair ordering matters
    assert round(xc.entropy(P1, base=2), 3) == 1.361
    assert round(xc.kl_divergence(P1, Q1, base=2), 3) == 1.927
    assert round(xc.kl_divergence(P1, Q1), 3) == 1.336
    assert xc.kl_divergence(P1, Q1, base=2) == pytest.approx(
        xc.cross_entropy(P1, Q1, base=2) - xc.entropy(P1, base=2), rel=1e-14
    )


@pytest.mark.parametrize(
    ("example", "q", "value", "digits"),
    [
        (2, [0.228, 0.619, 0.153], 0.4797, 4),
        (3, [0.001, 0.998, 0.001], 0.0020, 4),  # a great prediction
        (4, [0.001, 0.001, 0.998], 6.9078, 4),  # a terrible prediction
        (5, [0.333, 0.333, 0.334], 1.0996, 4),  # can't make up its mind
    ],
)
def test_2_to_5_one_hot_cross_entropy_in_nats(example, q, value, digits):
    assert round(xc.cross_entropy(ONE_HOT, q), digits) == value
    # the same number as a loss on probabilities (NLL of log q) and in Keras
    assert round(xc.nll_loss(np.log(q), 1), digits) == value
    assert round(xc.keras_categorical_crossentropy(ONE_HOT, q), digits) == value


def test_6_ten_binary_labels_mean_log_loss():
    y = np.array([1, 1, 1, 1, 1, 0, 0, 0, 0, 0], dtype=float)
    p = np.array([0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3])
    assert round(xc.log_loss(y, p), 3) == 0.247
    assert round(xc.binary_cross_entropy(p, y), 3) == 0.247  # binary CE = log loss
    assert round(xc.keras_binary_crossentropy(y, p), 3) == 0.247
    logits = np.log(p / (1 - p))
    assert round(xc.binary_cross_entropy_with_logits(logits, y), 3) == 0.247


def test_7_and_8_entropy_of_a_container_of_shapes():
    assert round(xc.entropy(xc.normalize([26, 4]), base=2), 4) == 0.5665
    assert xc.entropy([1.0], base=2) == 0.0


def test_9_identical_distributions():
    for p in ([0.2, 0.8], P1, xc.normalize(np.arange(1, 11))):
        assert xc.cross_entropy(p, p) == pytest.approx(xc.entropy(p), rel=1e-14)
        assert xc.kl_divergence(p, p) == 0.0


def test_10_bce_of_x_with_itself_is_the_bernoulli_entropy():
    assert round(xc.binary_cross_entropy([0.4], [0.4]), 4) == 0.6730
    assert xc.binary_cross_entropy([0.4], [0.4]) == pytest.approx(xc.entropy([0.4, 0.6]), rel=1e-14)


def test_11_uniform_prediction_costs_ln_c():
    for c in (2, 3, 10, 1000):
        assert xc.softmax_cross_entropy(np.zeros((4, c)), [0, 1, 1, 0]) == pytest.approx(
            np.log(c), rel=1e-14
        )
    assert round(xc.cross_entropy(np.eye(10)[3], np.full(10, 0.1)), 4) == 2.3026


def test_12_the_exact_opposite_is_infinite_without_clipping():
    assert xc.cross_entropy([0.0, 1.0], [1.0, 0.0]) == np.inf
    assert xc.clipped_cross_entropy([0.0, 1.0], [1.0, 0.0], eps=xc.TEXTBOOK_EPSILON) == (
        pytest.approx(-np.log(1e-15), rel=1e-6)
    )
    # along the path from [1, 0] to [0, 1] the loss falls monotonically to 0
    t = np.linspace(0.0, 1.0, 11)
    curve = [xc.clipped_cross_entropy([0.0, 1.0], [1 - a, a], eps=1e-15) for a in t]
    assert all(a > b for a, b in zip(curve, curve[1:], strict=False)) and curve[-1] < 1e-14
