"""xentcore.training.network: forward passes by hand, backprop against finite differences.

Every parameter gradient matches central finite differences, for every loss and
both models (``model`` runs over the three of ``conftest.MODELS``); every model starts
at the uniform prediction.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from xentcore.training import (
    LOSSES,
    LossSpec,
    ModelSpec,
    loss_and_gradients,
    make_dataset,
    model_logits,
    train,
)


@pytest.mark.parametrize("name", LOSSES)
def test_parameter_gradients_match_finite_differences(
    model, name, specs, random_params, central_difference
):
    data = make_dataset("blobs", n_points=12, n_classes=3, noise=0.5, seed=1)
    spec = specs[name]
    params = random_params(model, 3, seed=2)
    _, grads = loss_and_gradients(params, data, model, spec)
    for pname, value in params.items():

        def f(v, pname=pname):
            return loss_and_gradients({**params, pname: v}, data, model, spec)[0]

        fd = central_difference(f, value)
        np.testing.assert_allclose(grads[pname], fd, rtol=1e-5, atol=1e-8, err_msg=pname)


def test_model_logits_by_hand():
    p = {"W1": [[1.0, -1.0]], "b1": [0.0, 0.5], "W2": [[2.0], [1.0]], "b2": [0.25]}
    z = model_logits(p, [[0.3]], ModelSpec("hidden_layer", hidden=2, activation="relu"))
    assert z.tolist() == [[2.0 * 0.3 + 1.0 * 0.2 + 0.25]]
    z = model_logits(p, [[0.3]], ModelSpec("hidden_layer", hidden=2, activation="tanh"))
    assert z[0, 0] == pytest.approx(2 * math.tanh(0.3) + math.tanh(0.2) + 0.25)


def test_every_model_starts_at_the_uniform_prediction(models):
    data = make_dataset("spirals", n_points=50, n_classes=5, seed=0)
    for model in models:
        run = train(data, model, LossSpec(), steps=0)
        assert run.cross_entropy[0] == pytest.approx(math.log(5), rel=1e-15)
        assert run.confidence[0] == pytest.approx(0.2)
