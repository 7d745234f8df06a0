"""One example's loss, its gradient, a gradient step, and the loss along a path of steps.

Per example: ``reduction='sum'`` over the one row, on the logits divided by the
temperature. Everything is built from :func:`~xentcore.softmax_cross_entropy` and
:func:`~xentcore.softmax_cross_entropy_grad`; nothing here is a second loss.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import InputError, as_float_array, check_finite, check_scalar, log_base
from ..gradients import softmax_cross_entropy_grad
from ..information import entropy
from ..losses import softmax_cross_entropy
from ..softmax import softmax
from ._checks import _logit_vector, _loss_settings, _scaled, _target

__all__ = [
    "ExampleLoss",
    "GradientStep",
    "gradient_descent_step",
    "loss_and_gradient",
    "losses_along_path",
    "smoothed_target",
]


class ExampleLoss(NamedTuple):
    """The loss of one example and everything that goes into it."""

    probs: np.ndarray  # softmax(z / T)
    smoothed_target: np.ndarray  # y′ = (1 - ε) y + ε / C
    loss: float  # -Σ w_c y′_c log softmax(z / T)_c, in the requested unit
    loss_nats: float  # the same in nats, as every framework reports it
    grad: np.ndarray  # ∂L/∂z of the loss in nats (the 1/T of the chain rule included)
    entropy: float  # H(softmax(z / T)), in the requested unit


class GradientStep(NamedTuple):
    """One step of gradient descent on the logits; losses in nats."""

    before: np.ndarray
    after: np.ndarray
    grad: np.ndarray
    loss_before: float
    loss_after: float


def smoothed_target(target, n_classes: int, *, label_smoothing: float = 0.0) -> np.ndarray:
    r"""The target the loss really uses: one-hot (or soft) ``y`` mixed with the uniform.

    .. math:: y'_c = (1 - \varepsilon)\, y_c + \frac{\varepsilon}{C}

    PyTorch (class or probability targets) and Keras (``CategoricalCrossentropy``)
    smooth the same way; ``y'`` still sums to 1.

    Parameters
    ----------
    target : int or array_like, shape (C,)
        A class index in [0, C), or a distribution over the C classes.
    n_classes : int
        C, at least 1.
    label_smoothing : float, default 0.0
        ε in [0, 1]; ε = 1 gives the uniform target.

    Returns
    -------
    numpy.ndarray, shape (C,)

    Raises
    ------
    ValueError
        For a class outside [0, C), a soft target that is not a distribution of
        length C, ε outside [0, 1], or a bad ``n_classes``.

    Examples
    --------
    >>> smoothed_target(0, 4, label_smoothing=0.2).tolist()
    [0.8500000000000001, 0.05, 0.05, 0.05]
    >>> smoothed_target([0.5, 0.5], 2).tolist()
    [0.5, 0.5]
    """
    if isinstance(n_classes, bool) or not isinstance(n_classes, int | np.integer) or n_classes < 1:
        raise InputError(f"n_classes must be a whole number >= 1, got {n_classes!r}")
    c = int(n_classes)
    eps = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
    t = _target(target, c)
    y = np.zeros(c)
    if isinstance(t, int):
        y[t] = 1.0
    else:
        y = t.copy()
    return (1.0 - eps) * y + eps / c


def loss_and_gradient(
    logits,
    target,
    *,
    weight=None,
    label_smoothing: float = 0.0,
    temperature: float = 1.0,
    base: float | None = None,
) -> ExampleLoss:
    r"""Softmax, smoothed target, loss and its gradient for one example.

    With :math:`p = \operatorname{softmax}(z / T)` and the smoothed target :math:`y'`:

    .. math::
        L = -\sum_c w_c\, y'_c \log p_c, \qquad
        \frac{\partial L}{\partial z_k} = \frac{1}{T}\Big(p_k \sum_c w_c y'_c - w_k y'_k\Big)

    which is the famous :math:`p - y'` when :math:`T = 1` and every weight is 1. The loss
    is :func:`~xentcore.softmax_cross_entropy` with ``reduction='sum'`` on ``z / T``
    (``F.cross_entropy``'s default ``'mean'`` would divide by :math:`w_y`), the gradient
    :func:`~xentcore.softmax_cross_entropy_grad` times :math:`1/T`.

    Parameters
    ----------
    logits : array_like, shape (C,)
        Finite logits ``z``.
    target : int or array_like, shape (C,)
        A class index, or a soft target distribution.
    weight : array_like, shape (C,), optional
        Non-negative class weights (default all 1).
    label_smoothing : float, default 0.0
        ε in [0, 1].
    temperature : float, default 1.0
        T > 0.
    base : float, optional
        Unit of ``loss`` and ``entropy``: ``None`` nats, 2 bits, 10 hartleys. ``grad`` is
        always of the loss in nats, the one frameworks differentiate.

    Returns
    -------
    ExampleLoss

    Raises
    ------
    ValueError
        For non-finite logits, a bad target, weights or ε, a temperature that is not
        positive or so small that ``z / T`` overflows.

    Examples
    --------
    >>> r = loss_and_gradient([0.0] * 10, 0)
    >>> round(r.loss, 4), round(float(r.grad[0]), 2), round(float(r.grad[1]), 2)
    (2.3026, -0.9, 0.1)
    >>> round(loss_and_gradient([2.0, 1.0, 0.1], 0, base=2).loss, 4)
    0.6016
    """
    z = _logit_vector(logits)
    c = z.size
    t, w, eps = _loss_settings(target, weight, label_smoothing, c)
    div = log_base(base)
    x = _scaled(z, temperature)
    tt = float(temperature)
    args = {"weight": w, "label_smoothing": eps, "reduction": "sum"}
    loss = float(softmax_cross_entropy(x, t, **args))
    grad = np.asarray(softmax_cross_entropy_grad(x, t, **args)) / tt
    probs = softmax(x)
    return ExampleLoss(
        probs=probs,
        smoothed_target=smoothed_target(t, c, label_smoothing=eps),
        loss=loss / div + 0.0,
        loss_nats=loss + 0.0,
        grad=grad + 0.0,
        entropy=float(entropy(probs, base=base)) + 0.0,
    )


def gradient_descent_step(
    logits,
    target,
    *,
    lr: float,
    weight=None,
    label_smoothing: float = 0.0,
    temperature: float = 1.0,
    max_abs_logit: float | None = None,
) -> GradientStep:
    r"""One step of gradient descent on the logits, and the loss before and after.

    .. math:: z \leftarrow z - \eta\, \frac{\partial L}{\partial z}

    Each logit moves against its gradient: the target class's logit goes up, the
    others down, and for a small enough learning rate :math:`\eta` the loss falls.

    Parameters
    ----------
    logits, target, weight, label_smoothing, temperature
        As :func:`loss_and_gradient`.
    lr : float
        The learning rate :math:`\eta > 0`.
    max_abs_logit : float, optional
        Refuse a step that takes any logit beyond ±this (a page's input range).

    Returns
    -------
    GradientStep
        Losses in nats.

    Raises
    ------
    ValueError
        As :func:`loss_and_gradient`; for ``lr`` not a positive finite number; for a
        step whose logits overflow float64 or leave ±``max_abs_logit``.

    Examples
    --------
    >>> s = gradient_descent_step([0.0, 0.0], 0, lr=1.0)
    >>> s.after.tolist(), round(s.loss_before, 4), round(s.loss_after, 4)
    ([0.5, -0.5], 0.6931, 0.3133)
    """
    eta = check_scalar(lr, "lr", low=0.0, low_open=True)
    kwargs = {"weight": weight, "label_smoothing": label_smoothing, "temperature": temperature}
    before = loss_and_gradient(logits, target, **kwargs)
    z = _logit_vector(logits)
    with np.errstate(over="ignore", invalid="ignore"):
        after = z - eta * before.grad
    if not np.all(np.isfinite(after)):
        raise InputError(
            f"lr={eta:g} makes the step overflow float64 (the new logits are not finite); "
            "use a smaller learning rate"
        )
    if max_abs_logit is not None:
        limit = check_scalar(max_abs_logit, "max_abs_logit", low=0.0, low_open=True)
        if np.max(np.abs(after)) > limit:
            k = int(np.argmax(np.abs(after)))
            raise InputError(
                f"lr={eta:g} moves logit {k} to {after[k]:.4g}, beyond ±{limit:g}; "
                "use a smaller learning rate"
            )
    after_loss = loss_and_gradient(after, target, **kwargs)
    return GradientStep(z, after + 0.0, before.grad, before.loss_nats, after_loss.loss_nats)


def losses_along_path(
    logit_path,
    target,
    *,
    weight=None,
    label_smoothing: float = 0.0,
    temperature: float = 1.0,
    base: float | None = None,
) -> np.ndarray:
    r"""The loss of the same example at each logit vector of a path (e.g. gradient steps).

    .. math:: L_s = -\sum_c w_c\, y'_c \log \operatorname{softmax}(z^{(s)} / T)_c

    One call of :func:`~xentcore.softmax_cross_entropy` with ``reduction='none'`` on the
    rows of ``logit_path``.

    Parameters
    ----------
    logit_path : array_like, shape (S, C)
        One row of finite logits per point of the path.
    target, weight, label_smoothing, temperature, base
        As :func:`loss_and_gradient`.

    Returns
    -------
    numpy.ndarray, shape (S,)

    Raises
    ------
    ValueError
        As :func:`loss_and_gradient`, or for a path that is not a 2-D array.

    Examples
    --------
    >>> losses_along_path([[0.0, 0.0], [0.5, -0.5]], 0).round(4).tolist()
    [0.6931, 0.3133]
    """
    z = as_float_array(logit_path, "logit_path")
    if z.ndim != 2:
        raise InputError(f"logit_path must have shape (S, C), got shape {z.shape}")
    check_finite(z, "logit_path")
    s, c = z.shape
    t, w, eps = _loss_settings(target, weight, label_smoothing, c)
    x = _scaled(z, temperature, "logit_path")
    tgt = np.full(s, t) if isinstance(t, int) else np.broadcast_to(t, z.shape)
    losses = softmax_cross_entropy(x, tgt, weight=w, label_smoothing=eps, reduction="none")
    return np.asarray(losses) / log_base(base) + 0.0
