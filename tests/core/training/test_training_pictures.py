"""xentcore.training.pictures: the decision grid is the model's argmax at each grid point."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import softmax as sp_softmax

from xentcore.training import ModelSpec, decision_grid, make_dataset, model_logits


def test_decision_grid_is_the_models_argmax(random_params):
    data = make_dataset("spirals", n_points=60, n_classes=4, seed=1)
    model = ModelSpec("hidden_layer", hidden=6)
    params = random_params(model, 4, seed=0)
    g = decision_grid(params, model, data.X, resolution=17)
    assert g.predicted.shape == g.confidence.shape == (17, 17)
    i, j = 5, 11
    z = model_logits(params, [[g.x[j], g.y[i]]], model)
    assert g.predicted[i, j] == int(np.argmax(z))
    assert g.confidence[i, j] == pytest.approx(sp_softmax(z).max())
    assert g.x[0] == pytest.approx(data.X[:, 0].min() - 0.25)
