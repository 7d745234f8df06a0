"""Fixtures shared by the xentcore.training tests: finite differences, parameters, specs."""

from __future__ import annotations

import numpy as np
import pytest

from xentcore.training import LossSpec, ModelSpec, init_params

MODELS = [
    ModelSpec("softmax_regression"),
    ModelSpec("hidden_layer", hidden=5, activation="tanh"),
    ModelSpec("hidden_layer", hidden=5, activation="relu"),
]
SPECS = {
    "cross_entropy": LossSpec("cross_entropy"),
    "squared_error": LossSpec("squared_error"),
    "weighted_cross_entropy": LossSpec("weighted_cross_entropy", class_weights=(0.5, 2.0, 1.5)),
    "label_smoothing": LossSpec("label_smoothing", smoothing=0.2),
    "focal": LossSpec("focal", gamma=2.0),
    "dice": LossSpec.of("dice", smooth=0.5),
}
H = 1e-6


def _central_difference(f, x: np.ndarray) -> np.ndarray:
    grad = np.empty_like(x)
    for k in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[k] += H
        xm[k] -= H
        grad[k] = (f(xp) - f(xm)) / (xp[k] - xm[k])
    return grad


def _random_params(model: ModelSpec, k: int, seed: int) -> dict:
    """Parameters away from the zero start (so every gradient is non-trivial)."""
    rng = np.random.default_rng(seed)
    return {n: rng.normal(0.0, 0.8, a.shape) for n, a in init_params(model, k, seed).items()}


@pytest.fixture
def central_difference():
    """``central_difference(f, x)``: ∂f/∂x one coordinate at a time, step 1e-6."""
    return _central_difference


@pytest.fixture
def random_params():
    """``random_params(model, k, seed)``: N(0, 0.8²) parameters of the model's shapes."""
    return _random_params


@pytest.fixture
def specs() -> dict[str, LossSpec]:
    """One LossSpec per loss, with settings away from the defaults."""
    return SPECS


@pytest.fixture
def models() -> list[ModelSpec]:
    """Softmax regression and a hidden layer of 5 units (tanh, ReLU)."""
    return MODELS


@pytest.fixture(params=MODELS, ids=lambda m: f"{m.kind}-{m.activation}")
def model(request) -> ModelSpec:
    """Each of :data:`MODELS` in turn."""
    return request.param
