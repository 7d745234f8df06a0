r"""Gradient descent on cross-entropy: toy 2-D data, two small models, five losses.

Everything a learner needs to watch a classifier train, in NumPy:

* :func:`make_dataset`: blobs (K classes), moons (2) and spirals (K arms), generated
  deterministically from a seed, with Gaussian noise and a class imbalance.
* Two models: softmax regression (:math:`z = xW + b`) and a network with one hidden
  layer (tanh or ReLU) of configurable width; :func:`init_params` starts both at the
  uniform prediction (output layer all zeros), so step 0 has cross-entropy :math:`\ln K`.
* Five losses (:data:`LOSSES`): cross-entropy, squared error on the softmax outputs,
  weighted cross-entropy, label smoothing and focal loss. The cross-entropy family
  (and its gradient with respect to the logits) comes from
  :func:`xentcore.softmax_cross_entropy` and :func:`xentcore.softmax_cross_entropy_grad`;
  squared error and focal loss have their own gradients here (tested against finite
  differences).
* :func:`train`: full-batch gradient descent with a per-step history (loss,
  cross-entropy, accuracy, mean confidence) and parameter snapshots at a bounded number
  of steps for replay. A run whose loss becomes inf/nan stops there and says at which step.
* :func:`logistic_regression_gradient`: the identity :math:`\nabla_\beta L = X^\top(\hat y - y)/N`
  with the numbers it is made of.

All losses are means over the points, in nats (natural log), as gradient descent uses them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np

from ._validation import (
    InputError,
    as_float_array,
    check_finite,
    check_nonnegative,
    check_scalar,
    log_base,
)
from .gradients import binary_cross_entropy_with_logits_grad, softmax_cross_entropy_grad
from .losses import binary_cross_entropy_with_logits, softmax_cross_entropy
from .softmax import log_softmax, sigmoid, softmax

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "LOSSES",
    "MAX_CLASSES",
    "MAX_POINTS",
    "MAX_SNAPSHOTS",
    "MAX_STEPS",
    "MODELS",
    "Dataset",
    "DecisionGrid",
    "LogisticGradient",
    "LossSpec",
    "ModelSpec",
    "TrainingRun",
    "balanced_class_weights",
    "class_counts",
    "decision_grid",
    "focal_loss",
    "focal_loss_grad",
    "init_params",
    "logistic_example",
    "logistic_regression_gradient",
    "loss_and_gradients",
    "make_dataset",
    "model_logits",
    "objective",
    "objective_grad",
    "snapshot_schedule",
    "squared_error_grad",
    "squared_error_loss",
    "train",
]

DATASETS = ("blobs", "moons", "spirals")
MODELS = ("softmax_regression", "hidden_layer")
ACTIVATIONS = ("tanh", "relu")
LOSSES = ("cross_entropy", "squared_error", "weighted_cross_entropy", "label_smoothing", "focal")

#: Limits that keep one training run to seconds, not minutes.
MAX_POINTS = 100_000
MAX_CLASSES = 10
MAX_HIDDEN = 1024
MAX_STEPS = 100_000
#: Parameter snapshots kept per run (for the replay scrubber), whatever the step count.
MAX_SNAPSHOTS = 128
#: Finest decision-region grid per axis.
MAX_RESOLUTION = 400

Params = dict[str, np.ndarray]


# --------------------------------------------------------------------------- validation


def _whole(value, name: str, low: int, high: int) -> int:
    """A whole number in [low, high] (bools and 2.5 refused)."""
    if isinstance(value, bool | np.bool_):
        raise InputError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    v = check_scalar(value, name)
    if not v.is_integer():
        raise InputError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    if not low <= v <= high:
        raise InputError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    return int(v)


def _one_of(value, name: str, options: tuple[str, ...]) -> str:
    if value not in options:
        raise InputError(
            f"{name} must be one of {', '.join(repr(o) for o in options)}, got {value!r}"
        )
    return value


def _logits_and_target(logits, target) -> tuple[np.ndarray, np.ndarray]:
    """Finite (N, C) logits and one integer class index in [0, C) per row."""
    z = as_float_array(logits, "logits")
    if z.ndim != 2:
        raise InputError(f"logits must have shape (N, C), got {z.ndim} dimensions {z.shape}")
    check_finite(z, "logits")
    n, c = z.shape
    t = np.asarray(target)
    if t.dtype.kind not in "iu":
        if t.dtype.kind not in "fb" or t.size and not np.all(np.isfinite(t)):
            raise InputError(f"target must be integer class indices, got {t.dtype} values")
        if t.size and np.any(t != np.round(t)):
            raise InputError("target must be integer class indices, got fractional values")
    y = t.astype(np.int64).reshape(-1)
    if y.shape[0] != n:
        raise InputError(f"target has {y.shape[0]} class indices for {n} rows of logits")
    if y.size and (y.min() < 0 or y.max() >= c):
        bad = int(np.argmax((y < 0) | (y >= c)))
        raise InputError(
            f"target has class index {int(y[bad])} at row {bad}, outside [0, {c}) for {c} classes"
        )
    return z, y


# --------------------------------------------------------------------------- datasets


@dataclass(frozen=True)
class Dataset:
    """Points ``X`` (N, 2) with class labels ``y`` (N,) in [0, ``n_classes``)."""

    X: np.ndarray
    y: np.ndarray
    n_classes: int
    kind: str

    @property
    def counts(self) -> np.ndarray:
        """Points per class (zeros included)."""
        return np.bincount(self.y, minlength=self.n_classes)


def class_counts(n_points: int, n_classes: int, imbalance: float = 0.0) -> np.ndarray:
    r"""How many points each class gets: shares falling linearly with the class index.

    .. math:: \pi_c \propto 1 - \text{imbalance}\cdot\frac{c}{K - 1}, \qquad c = 0, \dots, K-1

    so the last class has :math:`1 - \text{imbalance}` times the points of the first, and
    none at all when ``imbalance = 1``. Counts are rounded by largest remainder, so they
    add up to ``n_points`` exactly.

    Parameters
    ----------
    n_points : int
        Total number of points, 1 to :data:`MAX_POINTS`.
    n_classes : int
        Number of classes K, 2 to :data:`MAX_CLASSES`.
    imbalance : float, default 0.0
        In [0, 1]: 0 gives equal classes.

    Returns
    -------
    numpy.ndarray
        Integer counts, one per class, summing to ``n_points``.

    Raises
    ------
    ValueError
        For a count or class number out of range, or an imbalance outside [0, 1].

    Examples
    --------
    >>> class_counts(10, 3).tolist()
    [4, 3, 3]
    >>> class_counts(100, 2, imbalance=0.8).tolist()
    [83, 17]
    >>> class_counts(9, 3, imbalance=1.0).tolist()
    [6, 3, 0]
    """
    n = _whole(n_points, "n_points", 1, MAX_POINTS)
    k = _whole(n_classes, "n_classes", 2, MAX_CLASSES)
    r = check_scalar(imbalance, "imbalance", low=0.0, high=1.0)
    share = 1.0 - r * np.arange(k) / (k - 1)
    exact = n * share / share.sum()
    counts = np.floor(exact).astype(np.int64)
    left = n - int(counts.sum())
    # Largest remainder; a stable sort gives ties to the lower class index.
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:left]] += 1
    return counts


def make_dataset(
    kind: str = "blobs",
    *,
    n_points: int = 300,
    n_classes: int = 3,
    noise: float = 0.2,
    imbalance: float = 0.0,
    seed: int = 0,
) -> Dataset:
    r"""A deterministic 2-D toy dataset: the same arguments always give the same points.

    Class :math:`c` of :math:`K` gets :func:`class_counts` points; each point is a shape
    point plus Gaussian noise :math:`\mathcal N(0, \text{noise}^2 I)`:

    * ``'blobs'``: the centre :math:`(\cos\frac{2\pi c}{K}, \sin\frac{2\pi c}{K})`;
    * ``'moons'`` (K = 2): :math:`(\cos t, \sin t)` for class 0 and
      :math:`(1 - \cos t, \tfrac12 - \sin t)` for class 1, :math:`t \sim U[0, \pi]`
      (as scikit-learn's ``make_moons``), shifted by :math:`(-\tfrac12, -\tfrac14)`;
    * ``'spirals'``: :math:`t\,(\cos\theta, \sin\theta)` with
      :math:`\theta = \frac{2\pi c}{K} + 4t`, :math:`t \sim U[0, 1]`.

    The rows are shuffled (deterministically), so any first few rows mix the classes.

    Parameters
    ----------
    kind : {'blobs', 'moons', 'spirals'}
        The shape.
    n_points : int, default 300
        Number of points, 1 to :data:`MAX_POINTS`.
    n_classes : int, default 3
        K, 2 to :data:`MAX_CLASSES`; ``'moons'`` needs exactly 2.
    noise : float, default 0.2
        Standard deviation of the Gaussian noise, in [0, 10].
    imbalance : float, default 0.0
        See :func:`class_counts`; 1 leaves the last class empty.
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng`, a whole number >= 0.

    Returns
    -------
    Dataset

    Raises
    ------
    ValueError
        For an unknown kind or an argument out of range.

    Examples
    --------
    >>> data = make_dataset("blobs", n_points=6, n_classes=2, noise=0.0, seed=1)
    >>> sorted(data.y.tolist()), sorted(set(data.X[:, 0].round(6).tolist()))
    ([0, 0, 0, 1, 1, 1], [-1.0, 1.0])
    """
    kind = _one_of(kind, "kind", DATASETS)
    counts = class_counts(n_points, n_classes, imbalance)
    k = len(counts)
    if kind == "moons" and k != 2:
        raise InputError(f"n_classes must be 2 for moons (two half circles), got {n_classes!r}")
    sd = check_scalar(noise, "noise", low=0.0, high=10.0)
    s = _whole(seed, "seed", 0, 2**63 - 1)
    rng = np.random.default_rng(s)
    y = np.repeat(np.arange(k), counts)
    n = y.size
    if kind == "blobs":
        angle = 2.0 * np.pi * y / k
        shape = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    elif kind == "moons":
        t = rng.uniform(0.0, np.pi, n)
        upper = np.stack([np.cos(t), np.sin(t)], axis=1)
        lower = np.stack([1.0 - np.cos(t), 0.5 - np.sin(t)], axis=1)
        shape = np.where((y == 0)[:, None], upper, lower) - np.array([0.5, 0.25])
    else:
        t = rng.uniform(0.0, 1.0, n)
        theta = 2.0 * np.pi * y / k + 4.0 * t
        shape = t[:, None] * np.stack([np.cos(theta), np.sin(theta)], axis=1)
    X = shape + sd * rng.standard_normal((n, 2))
    order = rng.permutation(n)
    return Dataset(X[order], y[order], k, kind)


def balanced_class_weights(y, n_classes: int) -> np.ndarray:
    r"""Class weights that make every class count as much in total: scikit-learn's 'balanced'.

    .. math:: w_c = \frac{N}{K_{\text{present}}\, n_c}

    as ``sklearn.utils.class_weight.compute_class_weight('balanced', ...)``, with
    :math:`K_{\text{present}}` the number of classes that have points. A class with no
    points has nothing to balance and keeps weight 1.

    Parameters
    ----------
    y : array_like
        Integer class labels in [0, ``n_classes``).
    n_classes : int
        Number of classes K.

    Returns
    -------
    numpy.ndarray
        One weight per class.

    Raises
    ------
    ValueError
        For labels outside [0, K) or no labels at all.

    Examples
    --------
    >>> balanced_class_weights([0, 0, 0, 1], 3).tolist()
    [0.6666666666666666, 2.0, 1.0]
    """
    k = _whole(n_classes, "n_classes", 2, MAX_CLASSES)
    if np.asarray(y).size == 0:
        raise InputError("y is empty; give at least one label")
    _, labels = _logits_and_target(np.zeros((np.asarray(y).size, k)), y)
    counts = np.bincount(labels, minlength=k)
    present = counts > 0
    weights = np.ones(k)
    weights[present] = labels.size / (int(present.sum()) * counts[present])
    return weights


# --------------------------------------------------------------------------- models


@dataclass(frozen=True)
class ModelSpec:
    """Softmax regression, or one hidden layer of ``hidden`` units with ``activation``."""

    kind: str = "softmax_regression"
    hidden: int = 32
    activation: str = "tanh"

    def checked(self) -> ModelSpec:
        """This spec, validated (raises InputError naming the bad field)."""
        _one_of(self.kind, "model kind", MODELS)
        _whole(self.hidden, "hidden", 1, MAX_HIDDEN)
        _one_of(self.activation, "activation", ACTIVATIONS)
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
    k = _whole(n_classes, "n_classes", 2, MAX_CLASSES)
    d = _whole(n_features, "n_features", 1, 1000)
    s = _whole(seed, "seed", 0, 2**63 - 1)
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


class _Workspace:
    """Buffers of shape (N, hidden) that every step of a run reuses.

    Fresh arrays of a few MiB each step cost more than the arithmetic: the allocator
    hands them back to the system and every new one page-faults in again.
    """

    def __init__(self, n: int, hidden: int) -> None:
        self.pre = np.empty((n, hidden))
        self.hidden = np.empty((n, hidden))
        self.dh = np.empty((n, hidden))
        self.mask = np.empty((n, hidden), dtype=bool)


def _forward(
    params: Params, X: np.ndarray, model: ModelSpec, ws: _Workspace | None = None
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


def _check_params(params: Mapping[str, np.ndarray], model: ModelSpec) -> Params:
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
    p = _check_params(params, model)
    x = as_float_array(X, "X")
    if x.ndim != 2:
        raise InputError(f"X must have shape (N, d), got {x.ndim} dimensions {x.shape}")
    check_finite(x, "X")
    first = p["W"] if model.kind == "softmax_regression" else p["W1"]
    if x.shape[1] != first.shape[0]:
        raise InputError(f"X has {x.shape[1]} features but the model takes {first.shape[0]}")
    with np.errstate(over="ignore", invalid="ignore"):
        return _forward(p, x, model)[0]


# --------------------------------------------------------------------------- losses


@dataclass(frozen=True)
class LossSpec:
    """Which loss, and its parameters (each used only by the loss it belongs to).

    :meth:`canonical` drops the parameters the loss does not use, so two specs that
    train alike compare equal (a cache key, or ``train(start=...)``).
    """

    name: str = "cross_entropy"
    #: Per-class weights of 'weighted_cross_entropy' (length K).
    class_weights: tuple[float, ...] | None = None
    #: ε of 'label_smoothing', in [0, 1].
    smoothing: float | None = 0.1
    #: γ of 'focal', in [0, 100] (γ = 0 is cross-entropy).
    gamma: float | None = 2.0

    def canonical(self) -> LossSpec:
        """The same loss with only its own parameter kept (the others None).

        >>> LossSpec("focal", class_weights=(1.0, 2.0), gamma=1).canonical()
        LossSpec(name='focal', class_weights=None, smoothing=None, gamma=1.0)
        """
        name = _one_of(self.name, "loss", LOSSES)
        weights = smoothing = gamma = None
        if name == "label_smoothing":
            smoothing = check_scalar(self.smoothing, "smoothing", low=0.0, high=1.0)
        elif name == "focal":
            gamma = check_scalar(self.gamma, "gamma", low=0.0, high=100.0)
        elif name == "weighted_cross_entropy":
            if self.class_weights is None:
                raise InputError("class_weights are needed for the weighted cross-entropy")
            w = as_float_array(self.class_weights, "class_weights")
            if w.ndim != 1:
                raise InputError(f"class_weights must be a list of numbers, got shape {w.shape}")
            check_nonnegative(w, "class_weights")
            weights = tuple(float(v) for v in w)
        return LossSpec(name, weights, smoothing, gamma)


def _checked_loss(loss: LossSpec, y: np.ndarray, n_classes: int) -> LossSpec:
    spec = loss.canonical()
    if spec.class_weights is not None:
        w = np.asarray(spec.class_weights)
        if w.shape != (n_classes,):
            raise InputError(
                f"class_weights has {w.size} values but there are {n_classes} classes; "
                f"give one weight per class"
            )
        if y.size and not np.any(w[y] > 0):
            raise InputError(
                "class_weights give weight 0 to every point; give a class that has points "
                "a positive weight"
            )
    return spec


def _weights(loss: LossSpec) -> np.ndarray | None:
    return None if loss.class_weights is None else np.asarray(loss.class_weights, dtype=float)


def _squared_error(p: np.ndarray, onehot: np.ndarray) -> float:
    return float(np.sum((p - onehot) ** 2) / p.shape[0])


def _squared_error_grad(p: np.ndarray, onehot: np.ndarray) -> np.ndarray:
    g = 2.0 * (p - onehot) / p.shape[0]  # dL/dp
    # Back through the softmax Jacobian diag(p) - p pᵀ, row by row.
    return p * (g - np.sum(g * p, axis=1, keepdims=True))


def squared_error_loss(logits, target) -> float:
    r"""Squared error between the softmax outputs and the one-hot target (the Brier score).

    .. math:: L = \frac{1}{N}\sum_n \sum_c \big(p_{nc} - y_{nc}\big)^2,
        \qquad p_n = \operatorname{softmax}(z_n)

    Between 0 and 2 per point. Unlike cross-entropy it stays bounded when the model is
    confidently wrong, so its gradient there is small: training starts slower.

    Parameters
    ----------
    logits : array_like
        Shape (N, C), finite.
    target : array_like
        N class indices in [0, C).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For non-finite logits or class indices out of range.

    Examples
    --------
    >>> squared_error_loss([[0.0, 0.0]], [0])
    0.5
    """
    z, y = _logits_and_target(logits, target)
    p = softmax(z)
    return _squared_error(p, np.eye(z.shape[1])[y])


def squared_error_grad(logits, target) -> np.ndarray:
    r"""Gradient of :func:`squared_error_loss` with respect to the logits.

    With :math:`g_{nc} = 2(p_{nc} - y_{nc})/N` and the softmax Jacobian
    :math:`\partial p_c/\partial z_k = p_c(\delta_{ck} - p_k)`:

    .. math:: \frac{\partial L}{\partial z_{nk}} = p_{nk}\Big(g_{nk} - \sum_c g_{nc}\,p_{nc}\Big)

    The factor :math:`p_{nk}` makes it vanish when the softmax saturates, even at a wrong
    answer; cross-entropy's :math:`(p - y)/N` does not.

    Parameters
    ----------
    logits, target
        As :func:`squared_error_loss`.

    Returns
    -------
    numpy.ndarray
        Shape (N, C); each row sums to 0.

    Raises
    ------
    ValueError
        As :func:`squared_error_loss`.

    Examples
    --------
    >>> squared_error_grad([[0.0, 0.0]], [0]).tolist()
    [[-0.5, 0.5]]
    """
    z, y = _logits_and_target(logits, target)
    return _squared_error_grad(softmax(z), np.eye(z.shape[1])[y])


def _focal_parts(log_p_true: np.ndarray, gamma: float) -> tuple[np.ndarray, np.ndarray]:
    """Per-point focal loss and the factor F with ∂L_n/∂z_nk = F_n (p_nk - y_nk)."""
    ce = -log_p_true
    q = -np.expm1(log_p_true)  # 1 - p_y, accurate when p_y is near 1
    if gamma == 0.0:
        return ce, np.ones_like(ce)
    mod = q**gamma
    # γ p (1-p)^(γ-1) (-log p): written as γ p (1-p)^γ (-log p)/(1-p), which is 0 at p = 1.
    with np.errstate(divide="ignore", invalid="ignore"):
        extra = np.where(q > 0, gamma * (1.0 - q) * mod * ce / q, 0.0)
    return mod * ce, mod + extra


def focal_loss(logits, target, *, gamma: float = 2.0) -> float:
    r"""Softmax focal loss (Lin et al., 2017) with :math:`\alpha = 1`, the mean over points.

    .. math:: L = -\frac{1}{N}\sum_n \big(1 - p_{n,y_n}\big)^{\gamma}\,\log p_{n,y_n}

    i.e. :math:`-\sum_c \alpha (1-p_c)^\gamma y_c \log p_c` for a one-hot :math:`y` with
    :math:`\alpha = 1` (a scalar α only rescales the loss, like a smaller learning
    rate; per-class weights are what the weighted cross-entropy does). Points already
    predicted well (:math:`p_y` near 1) are down-weighted. :math:`\gamma = 0` is the
    cross-entropy.

    Parameters
    ----------
    logits : array_like
        Shape (N, C), finite.
    target : array_like
        N class indices in [0, C).
    gamma : float, default 2.0
        Focusing parameter in [0, 100].

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For bad logits, targets or gamma.

    Examples
    --------
    >>> round(focal_loss([[0.0, 0.0]], [0], gamma=2.0), 6)  # 0.5² · ln 2
    0.173287
    >>> focal_loss([[1.0, 3.0]], [1], gamma=0.0) == softmax_cross_entropy([[1.0, 3.0]], [1])
    True
    """
    z, y = _logits_and_target(logits, target)
    g = check_scalar(gamma, "gamma", low=0.0, high=100.0)
    per_point, _ = _focal_parts(log_softmax(z)[np.arange(y.size), y], g)
    return float(per_point.sum() / y.size)


def focal_loss_grad(logits, target, *, gamma: float = 2.0) -> np.ndarray:
    r"""Gradient of :func:`focal_loss` with respect to the logits.

    With :math:`p = p_{n,y_n}`, the chain rule through :math:`\partial p/\partial z_k =
    p(\delta_{k y} - p_k)` gives a scaled cross-entropy gradient:

    .. math::
        \frac{\partial L}{\partial z_{nk}} = \frac{1}{N}\Big[(1-p)^\gamma
        + \gamma\, p\,(1-p)^{\gamma-1}(-\log p)\Big]\big(p_{nk} - y_{nk}\big)

    Parameters
    ----------
    logits, target, gamma
        As :func:`focal_loss`.

    Returns
    -------
    numpy.ndarray
        Shape (N, C); each row sums to 0.

    Raises
    ------
    ValueError
        As :func:`focal_loss`.

    Examples
    --------
    >>> focal_loss_grad([[0.0, 0.0]], [0], gamma=0.0).tolist()
    [[-0.5, 0.5]]
    """
    z, y = _logits_and_target(logits, target)
    return _focal_grad(z, y, check_scalar(gamma, "gamma", low=0.0, high=100.0))


def _focal_grad(z: np.ndarray, y: np.ndarray, gamma: float) -> np.ndarray:
    logp = log_softmax(z)
    rows = np.arange(y.size)
    _, factor = _focal_parts(logp[rows, y], gamma)
    grad = np.exp(logp)
    grad[rows, y] -= 1.0  # p - y, scaled per point below
    return grad * (factor / y.size)[:, None]


def objective(logits, target, loss: LossSpec) -> float:
    r"""The training loss ``loss`` (a mean over points, in nats) at ``logits``.

    ``'cross_entropy'``, ``'weighted_cross_entropy'`` and ``'label_smoothing'`` are
    :func:`xentcore.softmax_cross_entropy` (PyTorch semantics: the weighted mean divides
    by :math:`\sum_n w_{y_n}`); ``'squared_error'`` is :func:`squared_error_loss` and
    ``'focal'`` :func:`focal_loss`.

    .. math:: L_{\mathrm{CE}} = -\frac{1}{N}\sum_n \log \operatorname{softmax}(z_n)_{y_n}

    Parameters
    ----------
    logits : array_like
        Shape (N, K), finite.
    target : array_like
        N class indices.
    loss : LossSpec

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For bad inputs or loss parameters (the message names which).

    Examples
    --------
    >>> round(objective([[0.0, 0.0, 0.0]], [2], LossSpec()), 4)  # ln 3
    1.0986
    """
    z, y = _logits_and_target(logits, target)
    spec = _checked_loss(loss, y, z.shape[1])
    return _objective(z, y, spec)


def _objective(z: np.ndarray, y: np.ndarray, loss: LossSpec) -> float:
    if loss.name == "squared_error":
        return _squared_error(softmax(z), np.eye(z.shape[1])[y])
    if loss.name == "focal":
        per_point, _ = _focal_parts(log_softmax(z)[np.arange(y.size), y], float(loss.gamma))
        return float(per_point.sum() / y.size)
    return float(softmax_cross_entropy(z, y, **_ce_kwargs(loss)))


def _ce_kwargs(loss: LossSpec) -> dict:
    if loss.name == "weighted_cross_entropy":
        return {"weight": _weights(loss)}
    if loss.name == "label_smoothing":
        return {"label_smoothing": float(loss.smoothing)}
    return {}


def objective_grad(logits, target, loss: LossSpec) -> np.ndarray:
    r"""Gradient of :func:`objective` with respect to the logits.

    The cross-entropy family comes from :func:`xentcore.softmax_cross_entropy_grad`
    (without weights or smoothing, :math:`(p - y)/N`); squared error and focal loss from
    :func:`squared_error_grad` and :func:`focal_loss_grad`.

    .. math:: \frac{\partial L_{\mathrm{CE}}}{\partial z_{nk}} = \frac{p_{nk} - y_{nk}}{N}

    Parameters
    ----------
    logits, target, loss
        As :func:`objective`.

    Returns
    -------
    numpy.ndarray
        Shape (N, K).

    Raises
    ------
    ValueError
        As :func:`objective`.

    Examples
    --------
    >>> objective_grad([[0.0, 0.0]], [1], LossSpec()).tolist()
    [[0.5, -0.5]]
    """
    z, y = _logits_and_target(logits, target)
    spec = _checked_loss(loss, y, z.shape[1])
    return _objective_grad(z, y, spec)


def _objective_grad(z: np.ndarray, y: np.ndarray, loss: LossSpec) -> np.ndarray:
    if loss.name == "squared_error":
        return _squared_error_grad(softmax(z), np.eye(z.shape[1])[y])
    if loss.name == "focal":
        return _focal_grad(z, y, float(loss.gamma))
    return softmax_cross_entropy_grad(z, y, **_ce_kwargs(loss))


def _backward(
    params: Params,
    X: np.ndarray,
    hidden: np.ndarray,
    dz: np.ndarray,
    model: ModelSpec,
    ws: _Workspace | None = None,
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


def loss_and_gradients(
    params: Mapping[str, np.ndarray], data: Dataset, model: ModelSpec, loss: LossSpec
) -> tuple[float, Params]:
    r"""The training loss and its gradient with respect to every parameter (backprop).

    .. math::
        \frac{\partial L}{\partial W} = X^\top \frac{\partial L}{\partial z}, \quad
        \frac{\partial L}{\partial W_1} = X^\top\Big[\big(\tfrac{\partial L}{\partial z}
        W_2^\top\big) \odot \phi'(XW_1 + b_1)\Big]

    Exactly what :func:`train` uses at each step.

    Parameters
    ----------
    params : dict of array_like
    data : Dataset
    model : ModelSpec
    loss : LossSpec

    Returns
    -------
    (float, dict of numpy.ndarray)
        The loss, and a gradient of the same shape as each parameter.

    Raises
    ------
    ValueError
        For bad parameters or loss settings.

    Examples
    --------
    >>> data = Dataset(np.array([[1.0, 2.0]]), np.array([1]), 2, "blobs")
    >>> start = init_params(ModelSpec(), 2)
    >>> value, grads = loss_and_gradients(start, data, ModelSpec(), LossSpec())
    >>> round(value, 4), grads["W"].tolist()
    (0.6931, [[0.5, -0.5], [1.0, -1.0]])
    """
    model = model.checked()
    p = _check_params(params, model)
    X, y = _data_arrays(data)
    spec = _checked_loss(loss, y, data.n_classes)
    z, hidden = _forward(p, X, model)
    check_finite(z, "logits")
    return _objective(z, y, spec), _backward(p, X, hidden, _objective_grad(z, y, spec), model)


def _data_arrays(data: Dataset) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(data.X, "data.X")
    if X.ndim != 2:
        raise InputError(f"data.X must have shape (N, d), got {X.shape}")
    check_finite(X, "data.X")
    _, y = _logits_and_target(np.zeros((X.shape[0], data.n_classes)), data.y)
    return X, y


# --------------------------------------------------------------------------- training


def snapshot_schedule(steps: int, max_snapshots: int = MAX_SNAPSHOTS) -> np.ndarray:
    r"""The steps at which a run of ``steps`` steps keeps its parameters.

    Every multiple of the stride :math:`s`, plus the last step, where :math:`s` is the
    smallest power of two with :math:`\lfloor S/s \rfloor + 2 \le` ``max_snapshots``.
    Powers of two nest, so a longer run keeps a subset of a shorter run's snapshots:
    continuing a run (``train(start=...)``) gives the same schedule as training from 0.

    .. math:: \{0, s, 2s, \dots\} \cup \{S\}

    Parameters
    ----------
    steps : int
        S, the number of steps (>= 0).
    max_snapshots : int, default MAX_SNAPSHOTS
        At least 3.

    Returns
    -------
    numpy.ndarray
        Increasing step numbers, from 0 to ``steps``.

    Raises
    ------
    ValueError
        For counts out of range.

    Examples
    --------
    >>> snapshot_schedule(10, 8).tolist()
    [0, 2, 4, 6, 8, 10]
    >>> len(snapshot_schedule(5000))
    80
    """
    s_max = _whole(steps, "steps", 0, MAX_STEPS)
    m = _whole(max_snapshots, "max_snapshots", 3, 100_000)
    stride = _stride(s_max, m)
    return np.unique(np.append(np.arange(0, s_max + 1, stride), s_max))


def _stride(steps: int, max_snapshots: int) -> int:
    stride = 1
    while steps // stride + 2 > max_snapshots:
        stride *= 2
    return stride


@dataclass(frozen=True)
class TrainingRun:
    """What :func:`train` recorded: arrays indexed by step 0 .. ``steps_done``.

    Every history array holds only finite values: a run whose loss became inf/nan
    stops at the last good step and ``diverged_at`` says where it broke.
    """

    model: ModelSpec
    loss: LossSpec
    learning_rate: float
    requested_steps: int
    #: Training loss (the objective being minimised), nats.
    objective: np.ndarray
    #: Plain cross-entropy of the predictions (the same yardstick for every loss), nats.
    cross_entropy: np.ndarray
    #: Fraction of points whose most probable class is the true one.
    accuracy: np.ndarray
    #: Mean over points of the largest predicted probability.
    confidence: np.ndarray
    snapshot_steps: np.ndarray
    #: Parameter name -> the parameter at every snapshot step, stacked: shape (S, ...).
    snapshots: Params
    #: Parameters after ``steps_done`` steps.
    params: Params
    #: The step whose loss (or logits) became inf/nan, if any.
    diverged_at: int | None = None
    #: How many steps raised the training loss (a sign of a learning rate too large).
    rises: int = field(default=0)

    @property
    def steps_done(self) -> int:
        """Updates made (fewer than requested when the run diverged)."""
        return int(self.objective.size - 1)

    def cross_entropy_in(self, base: float | None = None) -> np.ndarray:
        r"""The cross-entropy history in another unit: :math:`H / \ln b` (bits for b = 2).

        Examples
        --------
        >>> run = train(make_dataset(n_points=30), ModelSpec(), LossSpec(), steps=0)
        >>> round(float(run.cross_entropy_in(2)[0]), 4)  # log2 3
        1.585
        """
        return self.cross_entropy / log_base(base)

    def snapshot_step_at(self, step: int) -> int:
        """The latest recorded step at or before ``step`` (the first one if none is).

        Examples
        --------
        >>> run = train(make_dataset(n_points=30), ModelSpec(), LossSpec(), steps=10)
        >>> run.snapshot_step_at(7), run.snapshot_step_at(99)
        (7, 10)
        """
        steps = self.snapshot_steps
        i = int(np.searchsorted(steps, int(step), side="right")) - 1
        return int(steps[max(i, 0)])

    def snapshot(self, step: int) -> Params:
        """The parameters kept at ``step`` (one of ``snapshot_steps``)."""
        hits = np.flatnonzero(self.snapshot_steps == step)
        if hits.size == 0:
            raise InputError(
                f"step {step!r} has no snapshot; choose one of the recorded steps "
                f"{self.snapshot_steps[0]}..{self.snapshot_steps[-1]}"
            )
        i = int(hits[0])
        return {name: stack[i].copy() for name, stack in self.snapshots.items()}


def train(
    data: Dataset,
    model: ModelSpec,
    loss: LossSpec,
    *,
    learning_rate: float = 0.5,
    steps: int = 200,
    seed: int = 0,
    max_snapshots: int = MAX_SNAPSHOTS,
    start: TrainingRun | None = None,
    callback: Callable[[int, int], None] | None = None,
) -> TrainingRun:
    r"""Full-batch gradient descent on ``loss``, recording every step.

    .. math:: \theta_{t+1} = \theta_t - \eta\, \nabla_\theta L(\theta_t)

    from :func:`init_params` (``seed``). Step :math:`t` of the history is measured at
    :math:`\theta_t` (step 0 is the start). If the logits or the loss become inf/nan at
    step :math:`k` (a learning rate far too large), the run stops: the history covers
    steps 0 to :math:`k - 1` and ``diverged_at = k``.

    Parameters
    ----------
    data : Dataset
    model : ModelSpec
    loss : LossSpec
    learning_rate : float, default 0.5
        :math:`\eta > 0`.
    steps : int, default 200
        Number of updates, 0 to :data:`MAX_STEPS`.
    seed : int, default 0
        Seed of the starting weights.
    max_snapshots : int, default MAX_SNAPSHOTS
        Bound on the kept parameter snapshots (see :func:`snapshot_schedule`).
    start : TrainingRun, optional
        A shorter run of the same data, model, loss and learning rate to continue from;
        the result is identical to training from step 0.
    callback : callable, optional
        ``callback(step, steps)``, called about 50 times along the way (a progress bar).

    Returns
    -------
    TrainingRun

    Raises
    ------
    ValueError
        For bad settings (the message names which), or a ``start`` run that does not fit.

    Examples
    --------
    >>> data = make_dataset("blobs", n_points=90, n_classes=3, noise=0.2, seed=0)
    >>> run = train(data, ModelSpec(), LossSpec(), learning_rate=0.5, steps=100)
    >>> round(float(run.cross_entropy[0]), 4), bool(run.cross_entropy[-1] < 0.2)
    (1.0986, True)
    """
    model = model.checked()
    X, y = _data_arrays(data)
    k = data.n_classes
    if y.size == 0:
        raise InputError("data has no points; give at least one")
    spec = _checked_loss(loss, y, k)
    lr = check_scalar(learning_rate, "learning_rate", low=0.0, low_open=True)
    total = _whole(steps, "steps", 0, MAX_STEPS)
    m = _whole(max_snapshots, "max_snapshots", 3, 100_000)
    stride = _stride(total, m)

    if start is not None:
        if (start.model, start.loss, start.learning_rate) != (model, spec, lr):
            raise InputError("start is a run of another model, loss or learning rate")
        if start.requested_steps > total:
            raise InputError(
                f"start has {start.requested_steps} steps, more than steps={total}; "
                "train from step 0 instead"
            )
        if start.diverged_at is not None:
            return replace(start, requested_steps=total)
        first = start.steps_done
        params = {n: a.copy() for n, a in start.params.items()}
    else:
        first = 0
        params = init_params(model, k, seed, X.shape[1])

    n_rec = total + 1
    hist = {name: np.empty(n_rec) for name in ("objective", "cross_entropy", "accuracy", "conf")}
    if start is not None:
        hist["objective"][: first + 1] = start.objective
        hist["cross_entropy"][: first + 1] = start.cross_entropy
        hist["accuracy"][: first + 1] = start.accuracy
        hist["conf"][: first + 1] = start.confidence
        keep = start.snapshot_steps % stride == 0
        snap_steps = [int(s) for s in start.snapshot_steps[keep]]
        snaps = {n: list(stack[keep]) for n, stack in start.snapshots.items()}
    else:
        snap_steps, snaps = [], {n: [] for n in params}
    rises = start.rises if start is not None else 0

    is_ce = spec.name == "cross_entropy"
    onehot = np.eye(k)[y] if spec.name == "squared_error" else None
    report_every = max(1, total // 50)
    ws = _Workspace(X.shape[0], model.hidden) if model.kind == "hidden_layer" else None
    diverged = None
    previous = params  # θ_{t-1}: the last good state if θ_t breaks
    t = first
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        while True:
            z, hidden = _forward(params, X, model, ws)
            if not np.all(np.isfinite(z)):
                diverged = t
                break
            # Measured at θ_t, before the update.
            p = softmax(z)
            value = _squared_error(p, onehot) if onehot is not None else _objective(z, y, spec)
            ce = value if is_ce else float(softmax_cross_entropy(z, y))
            if not (math.isfinite(value) and math.isfinite(ce)):
                diverged = t
                break
            if t > first and value > hist["objective"][t - 1]:
                rises += 1
            hist["objective"][t] = value
            hist["cross_entropy"][t] = ce
            hist["accuracy"][t] = float(np.mean(np.argmax(z, axis=1) == y))
            hist["conf"][t] = float(np.mean(p.max(axis=1)))
            if (t % stride == 0 or t == total) and not (snap_steps and snap_steps[-1] == t):
                snap_steps.append(t)
                for n, a in params.items():
                    snaps[n].append(a)  # never changed in place: each step makes new arrays
            if callback is not None and (t % report_every == 0 or t == total):
                callback(t, total)
            if t == total:
                break
            if onehot is not None:
                dz = _squared_error_grad(p, onehot)
            else:
                dz = _objective_grad(z, y, spec)
            grads = _backward(params, X, hidden, dz, model, ws)
            previous = params
            params = {n: params[n] - lr * grads[n] for n in params}
            t += 1
    if diverged is not None:
        if diverged == 0:
            raise InputError("the model's logits are not finite at the start; rescale the data")
        t = diverged - 1
        params = previous
        if snap_steps[-1] != t:
            snap_steps.append(t)
            for n, a in params.items():
                snaps[n].append(a)
    return TrainingRun(
        model=model,
        loss=spec,
        learning_rate=lr,
        requested_steps=total,
        objective=hist["objective"][: t + 1].copy(),
        cross_entropy=hist["cross_entropy"][: t + 1].copy(),
        accuracy=hist["accuracy"][: t + 1].copy(),
        confidence=hist["conf"][: t + 1].copy(),
        snapshot_steps=np.asarray(snap_steps, dtype=np.int64),
        snapshots={n: np.stack(arrays) for n, arrays in snaps.items()},
        params=params,
        diverged_at=diverged,
        rises=rises,
    )


# --------------------------------------------------------------------------- pictures


class DecisionGrid(NamedTuple):
    """The model's prediction on a regular grid over the data (for decision regions)."""

    x: np.ndarray  # (R,) grid coordinates along the first feature
    y: np.ndarray  # (R,) along the second
    predicted: np.ndarray  # (R, R) int: the most probable class at (y[i], x[j])
    confidence: np.ndarray  # (R, R): its probability


def decision_grid(
    params: Mapping[str, np.ndarray],
    model: ModelSpec,
    X,
    *,
    resolution: int = 80,
    margin: float = 0.25,
) -> DecisionGrid:
    r"""Predicted class and confidence on a ``resolution`` × ``resolution`` grid.

    The grid spans the data's bounding box widened by ``margin`` on every side; at each
    grid point :math:`g`, :math:`\hat c(g) = \arg\max_c \operatorname{softmax}(z(g))_c`
    and its probability.

    .. math:: \hat c(g) = \arg\max_c z_c(g)

    Parameters
    ----------
    params : dict of array_like
    model : ModelSpec
    X : array_like
        The data points (N, 2), for the extent.
    resolution : int, default 80
        Grid points per axis, 2 to 400.
    margin : float, default 0.25
        Extra room around the data, >= 0.

    Returns
    -------
    DecisionGrid

    Raises
    ------
    ValueError
        For bad parameters, points or resolution.

    Examples
    --------
    >>> p = {"W": [[1.0, -1.0], [0.0, 0.0]], "b": [0.0, 0.0]}
    >>> g = decision_grid(p, ModelSpec(), [[-1.0, 0.0], [1.0, 0.0]], resolution=3, margin=0.0)
    >>> g.x.tolist(), g.predicted[0].tolist()
    ([-1.0, 0.0, 1.0], [1, 0, 0])
    """
    model = model.checked()
    p = _check_params(params, model)
    pts = as_float_array(X, "X")
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise InputError(f"X must have shape (N, 2), got {pts.shape}")
    check_finite(pts, "X")
    r = _whole(resolution, "resolution", 2, MAX_RESOLUTION)
    pad = check_scalar(margin, "margin", low=0.0, high=1e6)
    lo, hi = pts.min(axis=0) - pad, pts.max(axis=0) + pad
    hi = np.where(hi > lo, hi, lo + 1.0)  # a single point still gets an area
    gx, gy = np.linspace(lo[0], hi[0], r), np.linspace(lo[1], hi[1], r)
    mesh = np.stack(np.meshgrid(gx, gy), axis=-1).reshape(-1, 2)
    with np.errstate(over="ignore", invalid="ignore"):
        z, _ = _forward(p, mesh, model)
    if not np.all(np.isfinite(z)):
        raise InputError("the model's logits are not finite on the grid (the run diverged)")
    prob = softmax(z)
    best = np.argmax(z, axis=1)
    conf = prob[np.arange(best.size), best]
    return DecisionGrid(gx, gy, best.reshape(r, r), conf.reshape(r, r))


# --------------------------------------------------------------------------- logistic regression


class LogisticGradient(NamedTuple):
    """The numbers of :math:`\\nabla_\\beta L = X^\\top(\\hat y - y)/N`, one row per point."""

    design: np.ndarray  # (N, d + 1): a column of ones (the bias), then the features
    target: np.ndarray  # (N,) y in {0, 1}
    probability: np.ndarray  # (N,) ŷ = σ(Xβ)
    residual: np.ndarray  # (N,) ŷ - y
    gradient: np.ndarray  # (d + 1,) Xᵀ(ŷ - y)/N
    chain_rule: np.ndarray  # (d + 1,) Xᵀ · binary_cross_entropy_with_logits_grad(Xβ, y)
    loss: float  # mean binary cross-entropy, nats


def logistic_example(data: Dataset, n_rows: int = 6, positive_class: int = 1):
    """The first ``n_rows`` points and a 0/1 label: 1 for ``positive_class``, 0 otherwise.

    A small binary problem cut from any dataset, for :func:`logistic_regression_gradient`.

    .. math:: y^{\\text{bin}}_n = [y_n = \\text{positive\\_class}]

    Parameters
    ----------
    data : Dataset
    n_rows : int, default 6
        1 to 50 (fewer if the data has fewer points).
    positive_class : int, default 1
        The class labelled 1.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Points (n, 2) and labels (n,) in {0.0, 1.0}.

    Raises
    ------
    ValueError
        For counts or classes out of range.

    Examples
    --------
    >>> X, y = logistic_example(Dataset(np.eye(3)[:, :2], np.array([0, 1, 2]), 3, "blobs"), 2)
    >>> X.tolist(), y.tolist()
    ([[1.0, 0.0], [0.0, 1.0]], [0.0, 1.0])
    """
    n = _whole(n_rows, "n_rows", 1, 50)
    c = _whole(positive_class, "positive_class", 0, data.n_classes - 1)
    X, y = _data_arrays(data)
    return X[:n].copy(), (y[:n] == c).astype(np.float64)


def logistic_regression_gradient(X, y, beta) -> LogisticGradient:
    r"""Logistic regression's gradient, with every number it is made of.

    With a column of ones prepended to ``X`` (so :math:`\beta_0` is the bias),
    :math:`\hat y = \sigma(X\beta)` and the mean binary cross-entropy :math:`L`:

    .. math:: \nabla_\beta L = \frac{1}{N} X^\top (\hat y - y)

    ``chain_rule`` computes the same gradient the long way, :math:`X^\top` times
    :func:`xentcore.binary_cross_entropy_with_logits_grad` (which already divides by N),
    so the two agree to rounding.

    Parameters
    ----------
    X : array_like
        Features, shape (N, d).
    y : array_like
        Labels in [0, 1], shape (N,).
    beta : array_like
        Coefficients, shape (d + 1,): the bias first.

    Returns
    -------
    LogisticGradient

    Raises
    ------
    ValueError
        For shapes that do not fit, or non-finite values.

    Examples
    --------
    >>> g = logistic_regression_gradient([[1.0], [-1.0]], [1.0, 0.0], [0.0, 0.0])
    >>> g.residual.tolist(), g.gradient.tolist()
    ([-0.5, 0.5], [0.0, -0.5])
    """
    x = as_float_array(X, "X")
    if x.ndim != 2:
        raise InputError(f"X must have shape (N, d), got {x.ndim} dimensions {x.shape}")
    check_finite(x, "X")
    t = as_float_array(y, "y")
    if t.shape != (x.shape[0],):
        raise InputError(
            f"y must hold one label per row of X, shape ({x.shape[0]},), got {t.shape}"
        )
    b = as_float_array(beta, "beta")
    if b.shape != (x.shape[1] + 1,):
        raise InputError(
            f"beta must hold a bias and {x.shape[1]} coefficient(s), shape ({x.shape[1] + 1},), "
            f"got {b.shape}"
        )
    check_finite(b, "beta")
    design = np.hstack([np.ones((x.shape[0], 1)), x])
    z = design @ b
    y_hat = np.asarray(sigmoid(z), dtype=np.float64).reshape(-1)
    residual = y_hat - t
    return LogisticGradient(
        design=design,
        target=t,
        probability=y_hat,
        residual=residual,
        gradient=design.T @ residual / x.shape[0],
        chain_rule=design.T @ binary_cross_entropy_with_logits_grad(z, t),
        loss=float(binary_cross_entropy_with_logits(z, t)),
    )
