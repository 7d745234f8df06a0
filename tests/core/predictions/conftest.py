"""Cases shared by the xentcore.predictions tests, handed to them as fixtures."""

from __future__ import annotations

import numpy as np
import pytest

import xentcore as xc


def _random_case(n=64, c=4, *, order="C", seed=0):
    rng = np.random.default_rng(seed)
    z = rng.normal(0.0, 2.0, size=(n, c))
    p = xc.softmax(z, axis=1)
    y = rng.integers(0, c, size=n)
    w = rng.uniform(0.2, 3.0, size=c)
    s = rng.uniform(0.0, 2.0, size=n)
    return np.asarray(z, order=order), np.asarray(p, order=order), y, w, s


def _keras_rows_reference(p, y, eps=0.0, c=None):
    """Keras CategoricalCrossentropy written out: y' = (1-ε)·onehot + ε/C, p/Σp clipped."""
    c = p.shape[1]
    t = np.eye(c)[y] * (1 - eps) + eps / c
    q = np.clip(p / p.sum(axis=1, keepdims=True), 1e-7, 1 - 1e-7)
    return -(t * np.log(q)).sum(axis=1)


@pytest.fixture(scope="session")
def random_case():
    """``random_case(n, c, order=, seed=)``: logits, probabilities, labels, class and
    sample weights of a seeded random case."""
    return _random_case


@pytest.fixture(scope="session")
def keras_rows_reference():
    """``keras_rows_reference(p, y, eps)``: per-sample Keras categorical cross-entropy."""
    return _keras_rows_reference
