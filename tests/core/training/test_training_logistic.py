"""xentcore.training.logistic: the logistic-regression gradient is Xᵀ(ŷ − y)/N, three ways."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import expit

import xentcore
from xentcore.training import (
    Dataset,
    LossSpec,
    ModelSpec,
    logistic_example,
    logistic_regression_gradient,
    loss_and_gradients,
    make_dataset,
)


def test_logistic_gradient_three_ways(central_difference):
    rng = np.random.default_rng(0)
    X, y, beta = rng.normal(size=(6, 2)), rng.integers(0, 2, 6).astype(float), rng.normal(size=3)
    g = logistic_regression_gradient(X, y, beta)
    design = np.hstack([np.ones((6, 1)), X])
    y_hat = expit(design @ beta)
    np.testing.assert_allclose(g.probability, y_hat, rtol=1e-15)
    np.testing.assert_allclose(g.gradient, design.T @ (y_hat - y) / 6, rtol=1e-14)
    np.testing.assert_allclose(g.chain_rule, g.gradient, rtol=1e-13, atol=1e-16)

    def loss(b):
        return xentcore.binary_cross_entropy_with_logits(design @ b, y)

    np.testing.assert_allclose(g.gradient, central_difference(loss, beta), rtol=1e-6, atol=1e-9)
    assert g.loss == pytest.approx(loss(beta))


def test_logistic_example_labels_class_one():
    data = Dataset(np.arange(8.0).reshape(4, 2), np.array([2, 1, 0, 1]), 3, "blobs")
    X, y = logistic_example(data, n_rows=3)
    assert X.tolist() == [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]] and y.tolist() == [0.0, 1.0, 0.0]


def test_softmax_regression_on_two_classes_is_logistic_regression(random_params):
    # With K = 2 the softmax of (z0, z1) is σ(z1 - z0): the page's logistic panel is
    # the two-class case of the models it trains.
    data = make_dataset("moons", n_points=40, n_classes=2, seed=0)
    params = random_params(ModelSpec(), 2, seed=1)
    _, grads = loss_and_gradients(params, data, ModelSpec(), LossSpec())
    beta = np.r_[params["b"][1] - params["b"][0], params["W"][:, 1] - params["W"][:, 0]]
    g = logistic_regression_gradient(data.X, (data.y == 1).astype(float), beta)
    np.testing.assert_allclose(g.gradient[1:], grads["W"][:, 1], rtol=1e-12)
    np.testing.assert_allclose(g.gradient[0], grads["b"][1], rtol=1e-12)
