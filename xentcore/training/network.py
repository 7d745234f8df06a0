r"""The two models the Training page trains, and their forward and backward passes.

Softmax regression (:math:`z = xW + b`) and a network with one hidden layer (tanh or
ReLU) of configurable width. :func:`init_params` starts both at the uniform prediction
(output layer all zeros), so step 0 has cross-entropy :math:`\ln K`. ``forward`` and
``backward`` are what training runs at every step; with a :class:`Workspace` they reuse
their (N, hidden) buffers and do the same operations in the same order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .._validation import InputError, as_float_array, check_finite, check_one_of, check_whole
from .datasets import MAX_CLASSES

__all__ = ["ACTIVATIONS", "MODELS", "ModelSpec", "init_params", "model_logits"]

MODELS = ("softmax_regression", "hidden_layer")
ACTIVATIONS = ("tanh", "relu")
MAX_HIDDEN = 1024

Params = dict[str, np.ndarray]


@dataclass(frozen=True)
class ModelSpec:
    """Softmax regression, or one hidden layer of ``hidden`` units with ``activation``."""

    kind: str = "softmax_regression"
    hidden: int = 32
    activation: str = "tanh"

    def checked(self) -> ModelSpec:
        """This spec, validated (raises InputError naming the bad field)."""
        check_one_of(self.kind, "model kind", MODELS)
        check_whole(self.hidden, "hidden", 1, MAX_HIDDEN)
        check_one_of(self.activation, "activation", ACTIVATIONS)
        return self


def init_params(model: ModelSpec, n_classes: int, seed: int = 0, n_features: int = 2) -> Params:
    r"""Starting weights: the output layer all zeros, so every prediction starts uniform.

    With zero output weights the logits are 0, the softmax is :math:`1/K` everywhere and
    the cross-entropy at step 0 is :math:`\ln K` (a fresh classifier guesses). The hidden
    layer (if any) draws :math:`W_1 \sim \mathcal N(0, g^2/d)` (Glorot for tanh,
    :math:`g^2 = 1`; He for ReLU, :math:`g^2 = 2`) and :math:`b_1 \sim \mathcal N(0, 0.5^2)`
    from ``seed``, so the units do not all start alike.

    Parameters
    ----------
    model : ModelSpec
    n_classes : int
        K, the number of outputs.
    seed : int, default 0
        Seed of the hidden layer's random start.
    n_features : int, default 2
        Input dimension d.

    Returns
    -------
    dict of numpy.ndarray
        ``{'W', 'b'}`` for softmax regression, ``{'W1', 'b1', 'W2', 'b2'}`` otherwise.

    Raises
    ------
    ValueError
        For a bad model spec or count.

    Examples
    --------
    >>> sorted(init_params(ModelSpec("hidden_layer", hidden=4), 3))
    ['W1', 'W2', 'b1', 'b2']
    >>> init_params(ModelSpec(), 2)["W"].tolist()
    [[0.0, 0.0], [0.0, 0.0]]
    """
    model = model.checked()
    k = check_whole(n_classes, "n_classes", 2, MAX_CLASSES)
    d = check_whole(n_features, "n_features", 1, 1000)
    s = check_whole(seed, "seed", 0, 2**63 - 1)
    if model.kind == "softmax_regression":
        return {"W": np.zeros((d, k)), "b": np.zeros(k)}
    rng = np.random.default_rng([s, 1])  # a stream of its own, not the data's
    gain = 2.0 if model.activation == "relu" else 1.0
    h = model.hidden
    return {
        "W1": rng.standard_normal((d, h)) * math.sqrt(gain / d),
        "b1": 0.5 * rng.standard_normal(h),
        "W2": np.zeros((h, k)),
        "b2": np.zeros(k),
    }


class Workspace:
    """Buffers of shape (N, hidden) that every step of a run reuses.

    Fresh arrays of a few MiB each step cost more than the arithmetic: the allocator
    hands them back to the system and every new one page-faults in again.
    """

    def __init__(self, n: int, hidden: int) -> None:
        self.pre = np.empty((n, hidden))
        self.hidden = np.empty((n, hidden))
        self.dh = np.empty((n, hidden))
        self.mask = np.empty((n, hidden), dtype=bool)


def forward(
    params: Params, X: np.ndarray, model: ModelSpec, ws: Workspace | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Logits and the hidden activations (X itself for softmax regression)."""
    if model.kind == "softmax_regression":
        return X @ params["W"] + params["b"], X
    if ws is None:
        pre = X @ params["W1"] + params["b1"]
        hidden = np.tanh(pre) if model.activation == "tanh" else np.maximum(pre, 0.0)
    else:
        pre = np.matmul(X, params["W1"], out=ws.pre)
        pre += params["b1"]
        if model.activation == "tanh":
            hidden = np.tanh(pre, out=ws.hidden)
        else:
            hidden = np.maximum(pre, 0.0, out=ws.hidden)
    return hidden @ params["W2"] + params["b2"], hidden


def check_params(params: Mapping[str, np.ndarray], model: ModelSpec) -> Params:
    names = ("W", "b") if model.kind == "softmax_regression" else ("W1", "b1", "W2", "b2")
    missing = [n for n in names if n not in params]
    if missing:
        raise InputError(f"params has no {', '.join(missing)} for a {model.kind} model")
    out = {n: as_float_array(params[n], f"params[{n!r}]") for n in names}
    for n, a in out.items():
        check_finite(a, f"params[{n!r}]")
    return out


def model_logits(params: Mapping[str, np.ndarray], X, model: ModelSpec) -> np.ndarray:
    r"""The model's logits for points ``X``.

    .. math::
        z = xW + b \quad\text{(softmax regression)}, \qquad
        z = \phi(xW_1 + b_1)\,W_2 + b_2 \quad\text{(hidden layer, } \phi = \tanh
        \text{ or ReLU)}

    Parameters
    ----------
    params : dict of array_like
        As :func:`init_params` returns.
    X : array_like
        Points, shape (N, d).
    model : ModelSpec

    Returns
    -------
    numpy.ndarray
        Logits, shape (N, K).

    Raises
    ------
    ValueError
        For missing or non-finite parameters or points of the wrong shape.

    Examples
    --------
    >>> p = {"W": [[1.0, -1.0], [0.0, 2.0]], "b": [0.5, 0.0]}
    >>> model_logits(p, [[1.0, 1.0]], ModelSpec()).tolist()
    [[1.5, 1.0]]
    """
    model = model.checked()
    p = check_params(params, model)
    x = as_float_array(X, "X")
    if x.ndim != 2:
        raise InputError(f"X must have shape (N, d), got {x.ndim} dimensions {x.shape}")
    check_finite(x, "X")
    first = p["W"] if model.kind == "softmax_regression" else p["W1"]
    if x.shape[1] != first.shape[0]:
        raise InputError(f"X has {x.shape[1]} features but the model takes {first.shape[0]}")
    with np.errstate(over="ignore", invalid="ignore"):
        return forward(p, x, model)[0]


def backward(
    params: Params,
    X: np.ndarray,
    hidden: np.ndarray,
    dz: np.ndarray,
    model: ModelSpec,
    ws: Workspace | None = None,
) -> Params:
    """Backpropagate dL/dz (N, K) to every parameter (in ``ws``'s buffers if given)."""
    if model.kind == "softmax_regression":
        return {"W": X.T @ dz, "b": dz.sum(axis=0)}
    if ws is None:
        dh = dz @ params["W2"].T
        if model.activation == "tanh":
            dpre = dh * (1.0 - hidden * hidden)
        else:
            dpre = dh * (hidden > 0)
    else:
        # The same operations in the same order, into reused buffers (ws.pre is free now).
        dh = np.matmul(dz, params["W2"].T, out=ws.dh)
        if model.activation == "tanh":
            slope = np.multiply(hidden, hidden, out=ws.pre)
            np.subtract(1.0, slope, out=slope)
            dpre = np.multiply(dh, slope, out=dh)
        else:
            dpre = np.multiply(dh, np.greater(hidden, 0, out=ws.mask), out=dh)
    return {
        "W1": X.T @ dpre,
        "b1": dpre.sum(axis=0),
        # (dzᵀ h)ᵀ, not hᵀ dz: the same numbers, but OpenBLAS is several times slower
        # with a tall transposed left operand (checked on numpy 2.4's OpenBLAS 0.3.31).
        "W2": (dz.T @ hidden).T,
        "b2": dz.sum(axis=0),
    }
