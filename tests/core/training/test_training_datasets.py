"""xentcore.training.datasets: deterministic toy data with the promised class counts.

Datasets are deterministic (same seed, same points), lie on their shapes without
noise, and class weights are scikit-learn's 'balanced'.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.utils.class_weight import compute_class_weight

from xentcore.training import balanced_class_weights, class_counts, make_dataset


@pytest.mark.parametrize("kind,k", [("blobs", 4), ("moons", 2), ("spirals", 3)])
def test_datasets_are_deterministic(kind, k):
    a = make_dataset(kind, n_points=250, n_classes=k, noise=0.3, imbalance=0.4, seed=7)
    b = make_dataset(kind, n_points=250, n_classes=k, noise=0.3, imbalance=0.4, seed=7)
    c = make_dataset(kind, n_points=250, n_classes=k, noise=0.3, imbalance=0.4, seed=8)
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.X, c.X)
    assert a.X.shape == (250, 2) and a.y.shape == (250,) and a.n_classes == k
    np.testing.assert_array_equal(a.counts, class_counts(250, k, 0.4))


def test_dataset_rows_are_shuffled():
    data = make_dataset("blobs", n_points=60, n_classes=3, seed=0)
    assert len(set(data.y[:6].tolist())) > 1  # the first rows mix the classes


def test_blobs_without_noise_sit_on_their_centres():
    data = make_dataset("blobs", n_points=40, n_classes=4, noise=0.0, seed=3)
    angle = 2 * np.pi * data.y / 4
    np.testing.assert_allclose(data.X, np.stack([np.cos(angle), np.sin(angle)], axis=1))


def test_moons_without_noise_lie_on_the_half_circles():
    data = make_dataset("moons", n_points=200, n_classes=2, noise=0.0, seed=1)
    shifted = data.X + [0.5, 0.25]
    upper = shifted[data.y == 0]
    lower = shifted[data.y == 1] - [1.0, 0.5]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    np.testing.assert_allclose(np.hypot(*lower.T), 1.0)
    assert upper[:, 1].min() >= -1e-12 and lower[:, 1].max() <= 1e-12


def test_spirals_without_noise_stay_inside_the_unit_disc():
    data = make_dataset("spirals", n_points=300, n_classes=3, noise=0.0, seed=2)
    assert np.hypot(*data.X.T).max() <= 1.0


@pytest.mark.parametrize(
    "n,k,r,expected",
    [(10, 3, 0.0, [4, 3, 3]), (100, 2, 0.8, [83, 17]), (9, 3, 1.0, [6, 3, 0]), (1, 4, 0.0, None)],
)
def test_class_counts(n, k, r, expected):
    counts = class_counts(n, k, r)
    assert counts.sum() == n
    if expected is not None:
        assert counts.tolist() == expected
    share = 1 - r * np.arange(k) / (k - 1)
    assert np.all(np.abs(counts - n * share / share.sum()) < 1)  # largest remainder


def test_full_imbalance_leaves_the_last_class_empty():
    data = make_dataset("blobs", n_points=100, n_classes=3, imbalance=1.0, seed=0)
    assert data.counts[-1] == 0 and data.counts.sum() == 100


def test_balanced_weights_match_scikit_learn():
    y = make_dataset("blobs", n_points=300, n_classes=4, imbalance=0.7, seed=0).y
    ours = balanced_class_weights(y, 4)
    ref = compute_class_weight("balanced", classes=np.arange(4), y=y)
    np.testing.assert_allclose(ours, ref, rtol=1e-15)


def test_balanced_weights_give_an_empty_class_weight_one():
    y = np.array([0, 0, 0, 1])
    ref = compute_class_weight("balanced", classes=np.array([0, 1]), y=y)
    np.testing.assert_allclose(balanced_class_weights(y, 3), [*ref, 1.0])


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"kind": "circles"}, "kind must be one of 'blobs', 'moons', 'spirals'"),
        ({"n_points": 0}, "n_points must be a whole number from 1 to"),
        ({"n_points": 2.5}, "n_points must be a whole number"),
        ({"n_points": float("nan")}, "n_points must be a finite number"),
        ({"n_classes": 1}, "n_classes must be a whole number from 2 to 10"),
        ({"kind": "moons", "n_classes": 3}, "n_classes must be 2 for moons"),
        ({"noise": -0.1}, "noise must be >= 0.0"),
        ({"noise": float("inf")}, "noise must be a finite number"),
        ({"imbalance": 1.5}, "imbalance must be <= 1.0"),
        ({"seed": -1}, "seed must be a whole number from 0"),
        ({"seed": True}, "seed must be a whole number"),
    ],
)
def test_make_dataset_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_dataset(**kwargs)
