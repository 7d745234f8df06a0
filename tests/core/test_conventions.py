"""Where frameworks disagree: the numbers each convention gives (semantics note values)."""

import numpy as np
import pytest

import xentcore as xc


def test_log_zero_costs_a_different_number_in_each_framework():
    torch_bce = xc.binary_cross_entropy([0.0], [1.0])
    keras_bce = xc.keras_binary_crossentropy([1.0], [0.0])
    sklearn_ll = xc.log_loss([1, 0], [0.0, 0.0], normalize=False)
    assert torch_bce == 100.0  # log clamped at -100
    assert keras_bce == pytest.approx(16.11809565095832, rel=1e-12)  # p clipped at 1e-7
    assert sklearn_ll == pytest.approx(36.04365338911715, rel=1e-12)  # clipped at eps
    assert xc.cross_entropy([0.0, 1.0], [1.0, 0.0]) == np.inf  # the exact value


def test_keras_categorical_renormalises_then_clips():
    y = [[0.0, 1.0, 0.0]]
    assert xc.keras_categorical_crossentropy(y, [[2.0, 1.0, 1.0]])[0] == pytest.approx(
        np.log(4.0), rel=1e-14
    )  # divided by the row sum first
    assert xc.keras_categorical_crossentropy(y, [[1.0, 0.0, 0.0]])[0] == pytest.approx(
        -np.log(1e-7), rel=1e-12
    )


def test_keras_categorical_from_logits_equals_torch_semantics():
    rng = np.random.default_rng(2)
    z = rng.standard_normal((6, 4)) * 5
    y = np.eye(4)[rng.integers(0, 4, 6)]
    for eps in (0.0, 0.2):
        keras = xc.keras_categorical_crossentropy(y, z, from_logits=True, label_smoothing=eps)
        torch = xc.softmax_cross_entropy(z, y, label_smoothing=eps, reduction="none")
        np.testing.assert_allclose(keras, torch, rtol=1e-12)


def test_keras_smoothing_formulas():
    # categorical: y' = y(1 - eps) + eps/C; binary: y' = y(1 - eps) + eps/2
    y, p = np.array([[0.0, 1.0, 0.0]]), np.array([[0.2, 0.5, 0.3]])
    yp = y * 0.9 + 0.1 / 3
    assert xc.keras_categorical_crossentropy(y, p, label_smoothing=0.1)[0] == pytest.approx(
        -(yp * np.log(p)).sum(), rel=1e-14
    )
    yb = 1.0 * 0.9 + 0.05
    assert xc.keras_binary_crossentropy([1.0], [0.7], label_smoothing=0.1) == pytest.approx(
        -(yb * np.log(0.7) + (1 - yb) * np.log(0.3)), rel=1e-14
    )


def test_keras_sparse_equals_categorical_on_one_hot():
    rng = np.random.default_rng(5)
    p = rng.random((8, 5)) + 0.01
    p /= p.sum(1, keepdims=True)
    y = rng.integers(0, 5, 8)
    np.testing.assert_allclose(
        xc.keras_sparse_categorical_crossentropy(y, p),
        xc.keras_categorical_crossentropy(np.eye(5)[y], p),
        rtol=1e-12,
    )


def test_keras_binary_from_logits_is_exact_at_large_logits():
    assert xc.keras_binary_crossentropy([0.0], [1000.0], from_logits=True) == 1000.0
    assert xc.keras_binary_crossentropy([0.0], [1.0]) == pytest.approx(-np.log(1e-7), rel=1e-9)


def test_reductions_with_sample_weights_differ_by_divisor():
    losses, w = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 0.0, 2.0, 1.0])
    assert xc.keras_reduce(losses, sample_weight=w) == pytest.approx(11.0 / 4)  # N
    assert xc.keras_reduce(losses, sample_weight=w, reduction="mean_with_sample_weight") == (
        pytest.approx(11.0 / 4)
    )
    assert xc.keras_reduce(losses, sample_weight=w, reduction="sum") == 11.0
    assert xc.keras_reduce(
        [1.0, 2.0], sample_weight=[3.0, 1.0], reduction="mean_with_sample_weight"
    ) == pytest.approx(5.0 / 4)
    assert xc.log_loss([0, 1], [[0.5, 0.5], [0.5, 0.5]], sample_weight=[3.0, 1.0]) == (
        pytest.approx(np.log(2))
    )


def test_torch_mean_with_class_weights_divides_by_target_weights():
    z = np.array([[2.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    y, w = np.array([0, 1, 1]), np.array([1.0, 3.0])
    per_row = xc.softmax_cross_entropy(z, y, weight=w, reduction="none")
    mean = xc.softmax_cross_entropy(z, y, weight=w)
    assert mean == pytest.approx(per_row.sum() / 7.0, rel=1e-14)  # 1 + 3 + 3
    assert mean != pytest.approx(per_row.mean())  # the classic confusion


def test_keras_ignore_class_masks_the_mean_as_keras_does():
    p = np.array([[0.7, 0.3], [0.4, 0.6], [0.5, 0.5]])
    per = xc.keras_sparse_categorical_crossentropy([0, -1, 1], p, ignore_class=-1)
    assert per[1] == 0.0
    mean = xc.keras_reduce(per, mask=np.array([True, False, True]))
    assert mean == pytest.approx((per[0] + per[2]) / 2, rel=1e-14)  # Keras 3.15: N / valid
    assert xc.keras_reduce(per, mask=np.array([False, False, False])) == 0.0  # divide_no_nan


def test_clipped_cross_entropy_per_convention():
    p, q = [0.5, 0.5], [1.0, 0.0]
    for eps in (xc.TEXTBOOK_EPSILON, xc.KERAS_EPSILON, xc.SKLEARN_EPSILON):
        value = xc.clipped_cross_entropy(p, q, eps=eps)
        assert value == pytest.approx(-0.5 * np.log(1 - eps) - 0.5 * np.log(eps), rel=1e-14)
