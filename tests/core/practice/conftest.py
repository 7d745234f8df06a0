"""Fixtures shared by the xentcore.practice tests: finite differences and seeded cases."""

from __future__ import annotations

import numpy as np
import pytest


def _numeric_gradient(f, x: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """Central differences (f(x + h e_i) - f(x - h e_i)) / 2h for every coordinate i."""
    basis = np.eye(x.size).reshape(x.size, *x.shape) * step
    return np.array([(f(x + e) - f(x - e)) / (2 * step) for e in basis]).reshape(x.shape)


def _classifier(n: int = 400, c: int = 4, *, sharpness: float = 2.0, seed: int = 0):
    """Logits of an over-confident model (``sharpness`` x the true logits) and labels
    drawn from the true probabilities."""
    rng = np.random.default_rng(seed)
    z = rng.normal(0.0, 1.5, size=(n, c))
    truth = np.exp(z - z.max(axis=1, keepdims=True))
    truth /= truth.sum(axis=1, keepdims=True)
    y = (rng.random(n)[:, None] > np.cumsum(truth, axis=1)).sum(axis=1)
    return sharpness * z, np.minimum(y, c - 1)


@pytest.fixture(scope="session")
def numeric_gradient():
    """``numeric_gradient(f, x)``: central differences of a scalar f at every entry of x."""
    return _numeric_gradient


@pytest.fixture(scope="session")
def classifier():
    """``classifier(n, c, sharpness=, seed=)``: over-confident logits and their labels."""
    return _classifier
