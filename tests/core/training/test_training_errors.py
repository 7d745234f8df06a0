"""xentcore.training: the errors of the losses, models, grid and logistic panel name the input."""

from __future__ import annotations

import pytest

from xentcore.training import (
    LossSpec,
    ModelSpec,
    balanced_class_weights,
    decision_grid,
    focal_loss,
    focal_loss_grad,
    init_params,
    logistic_regression_gradient,
    model_logits,
    objective,
    squared_error_grad,
    squared_error_loss,
)


def test_loss_and_model_input_errors():
    with pytest.raises(ValueError, match="logits must have shape \\(N, C\\)"):
        squared_error_loss([0.0, 1.0], [0])
    with pytest.raises(ValueError, match="logits has a non-finite value nan"):
        focal_loss([[0.0, float("nan")]], [0])
    with pytest.raises(ValueError, match="target has class index 2 at row 0, outside \\[0, 2\\)"):
        squared_error_grad([[0.0, 1.0]], [2])
    with pytest.raises(ValueError, match="target has 2 class indices for 1 rows"):
        focal_loss_grad([[0.0, 1.0]], [0, 1])
    with pytest.raises(ValueError, match="target must be integer class indices"):
        objective([[0.0, 1.0]], [0.5], LossSpec())
    with pytest.raises(ValueError, match="params has no W1, b1, W2, b2"):
        model_logits({"W": [[1.0]], "b": [0.0]}, [[1.0]], ModelSpec("hidden_layer"))
    with pytest.raises(ValueError, match="X has 3 features but the model takes 2"):
        model_logits(init_params(ModelSpec(), 2), [[1.0, 2.0, 3.0]], ModelSpec())
    with pytest.raises(ValueError, match="resolution must be a whole number from 2 to 400"):
        decision_grid(init_params(ModelSpec(), 2), ModelSpec(), [[0.0, 0.0]], resolution=1)
    with pytest.raises(ValueError, match="beta must hold a bias and 2 coefficient"):
        logistic_regression_gradient([[1.0, 2.0]], [1.0], [0.0, 1.0])
    with pytest.raises(ValueError, match="y must hold one label per row of X"):
        logistic_regression_gradient([[1.0, 2.0]], [1.0, 0.0], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="y is empty"):
        balanced_class_weights([], 2)
