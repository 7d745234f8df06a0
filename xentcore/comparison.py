"""One example through softmax and cross-entropy, and what each framework reports for it.

What the Softmax & logits page shows, for one vector of logits ``z`` at a temperature
``T`` against a class or a soft target, with label smoothing ε and class weights ``w``:

- :func:`smoothed_target` y′ and :func:`loss_and_gradient`: the loss and ∂L/∂z;
- :func:`gradient_descent_step`: one step ``z - lr * ∂L/∂z`` and the loss before and after;
- :func:`shift_invariance`: adding a constant to every logit changes nothing;
- :func:`naive_softmax` and :func:`naive_vs_stable_softmax`: why log-sum-exp matters;
- :func:`softmax_entropy_by_temperature`: how the softmax flattens as T grows;
- :func:`framework_losses`: PyTorch, Keras and scikit-learn on the same inputs, and why
  their numbers differ.

Everything is built from :mod:`xentcore.losses`, :mod:`xentcore.gradients`,
:mod:`xentcore.conventions` and :mod:`xentcore.metrics`; nothing here is a second
implementation of a loss. Losses are per example: ``reduction='sum'`` over one row.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ._validation import (
    InputError,
    as_float_array,
    check_distribution,
    check_finite,
    check_scalar,
    log_base,
)
from .conventions import (
    KERAS_EPSILON,
    SKLEARN_EPSILON,
    keras_categorical_crossentropy,
    keras_reduce,
)
from .gradients import softmax_cross_entropy_grad
from .information import entropy
from .losses import softmax_cross_entropy
from .metrics import log_loss
from .softmax import log_softmax, logsumexp, softmax

__all__ = [
    "ExampleLoss",
    "GradientStep",
    "NaiveSoftmax",
    "NaiveVsStable",
    "ShiftCheck",
    "TemperatureSweep",
    "framework_losses",
    "gradient_descent_step",
    "loss_and_gradient",
    "losses_along_path",
    "naive_softmax",
    "naive_vs_stable_softmax",
    "shift_invariance",
    "smoothed_target",
    "softmax_entropy_by_temperature",
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


class ShiftCheck(NamedTuple):
    """Softmax and loss of ``z`` and of ``z + c``."""

    shifted_logits: np.ndarray
    probs: np.ndarray
    shifted_probs: np.ndarray
    max_prob_difference: float  # max_i |softmax(z + c)_i - softmax(z)_i|
    loss: float | None  # None without a target
    shifted_loss: float | None


class NaiveSoftmax(NamedTuple):
    """``exp(z) / Σ exp(z)`` exactly as written, with what went wrong."""

    exp: np.ndarray  # exp(z_i): inf where it overflowed, 0 where it underflowed
    total: float  # Σ exp(z_i)
    probs: np.ndarray  # exp(z) / Σ exp(z): nan after inf / inf or 0 / 0
    overflow: bool  # some exp(z_i) exceeded float64's 1.8e308
    underflow: bool  # every exp(z_i) rounded to 0, so the sum is 0
    overflowed: np.ndarray  # indices i with exp(z_i) = inf


class NaiveVsStable(NamedTuple):
    """The naive and the max-shifted softmax of the same (scaled) logits."""

    logits: np.ndarray  # z * scale / T
    naive: NaiveSoftmax
    stable: np.ndarray  # softmax via exp(z - max z): always finite
    naive_logsumexp: float  # log Σ exp(z_i) as written: inf after an overflow
    logsumexp: float  # max z + log Σ exp(z_i - max z): always finite


class TemperatureSweep(NamedTuple):
    """H(softmax(z / T)) over a log-spaced grid of temperatures."""

    temperatures: np.ndarray
    entropies: np.ndarray
    max_entropy: float  # log C: the entropy of the uniform distribution (T → ∞)


def _logit_vector(logits, name: str = "logits") -> np.ndarray:
    z = as_float_array(logits, name)
    if z.ndim != 1:
        raise InputError(f"{name} must be one vector of logits (shape (C,)), got shape {z.shape}")
    check_finite(z, name)
    return z


def _scaled(z: np.ndarray, temperature: float, name: str = "logits") -> np.ndarray:
    t = check_scalar(temperature, "temperature", low=0.0, low_open=True)
    with np.errstate(over="ignore"):
        x = z / t
    if not np.all(np.isfinite(x)):
        raise InputError(
            f"{name} / temperature overflows float64 (temperature={t:g} is too small for "
            f"logits as large as {np.max(np.abs(z)):.3g}); raise the temperature"
        )
    return x


def _target(target, n_classes: int) -> np.ndarray | int:
    """A class index (int) or a validated probability vector of length C."""
    arr = np.asarray(target)
    if arr.ndim == 0:
        if arr.dtype.kind not in "iuf" or arr.dtype.kind == "b":
            raise InputError(f"target must be a class index or probabilities, got {target!r}")
        value = float(arr)
        if not np.isfinite(value) or value != round(value):
            raise InputError(f"target must be a whole class index, got {target!r}")
        index = int(value)
        if not 0 <= index < n_classes:
            raise InputError(
                f"target class {index} is outside [0, {n_classes}) for {n_classes} classes; "
                f"pick a class from 0 to {n_classes - 1}"
            )
        return index
    q = as_float_array(target, "target")
    if q.shape != (n_classes,):
        raise InputError(
            f"target has {q.size} probabilities but there are {n_classes} classes; "
            "give one probability per class"
        )
    check_distribution(q, "target", 0)
    return q


def _weights(weight, n_classes: int) -> np.ndarray | None:
    if weight is None:
        return None
    w = as_float_array(weight, "weight")
    if w.shape != (n_classes,):
        raise InputError(
            f"weight has {w.size} values but there are {n_classes} classes; "
            "give one weight per class"
        )
    check_finite(w, "weight")
    if np.any(w < 0):
        i = int(np.argmax(w < 0))
        raise InputError(f"weight must be non-negative, but has {float(w[i])!r} at index {i}")
    return w


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
    t = _target(target, c)
    w = _weights(weight, c)
    eps = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
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
    t = _target(target, c)
    w = _weights(weight, c)
    eps = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
    x = _scaled(z, temperature, "logit_path")
    tgt = np.full(s, t) if isinstance(t, int) else np.broadcast_to(t, z.shape)
    losses = softmax_cross_entropy(x, tgt, weight=w, label_smoothing=eps, reduction="none")
    return np.asarray(losses) / log_base(base) + 0.0


def shift_invariance(
    logits,
    shift: float,
    target=None,
    *,
    weight=None,
    label_smoothing: float = 0.0,
    temperature: float = 1.0,
    base: float | None = None,
) -> ShiftCheck:
    r"""Softmax and loss before and after adding the same constant to every logit.

    .. math::
        \operatorname{softmax}(z + c)_i = \frac{e^{z_i} e^{c}}{\sum_j e^{z_j} e^{c}}
        = \operatorname{softmax}(z)_i

    So the loss does not change either. In float64 the sum :math:`z_i + c` is rounded, so
    a huge :math:`c` (beyond about :math:`10^{15}` times the gaps between logits) does
    wash the differences out; ``max_prob_difference`` shows how much.

    Parameters
    ----------
    logits : array_like, shape (C,)
        Finite logits.
    shift : float
        The constant :math:`c`, finite.
    target : int or array_like, optional
        As :func:`loss_and_gradient`; without it the losses are ``None``.
    weight, label_smoothing, temperature, base
        As :func:`loss_and_gradient`.

    Returns
    -------
    ShiftCheck

    Raises
    ------
    ValueError
        As :func:`loss_and_gradient`; for a non-finite shift or one that overflows.

    Examples
    --------
    >>> s = shift_invariance([2.0, 1.0, 0.1], 100.0, 0)
    >>> s.max_prob_difference < 1e-15, round(s.loss, 6) == round(s.shifted_loss, 6)
    (True, True)
    """
    z = _logit_vector(logits)
    c = check_scalar(shift, "shift")
    with np.errstate(over="ignore"):
        shifted = z + c
    if not np.all(np.isfinite(shifted)):
        raise InputError(f"shift={c:g} makes the logits overflow float64; use a smaller shift")
    x, xs = _scaled(z, temperature), _scaled(shifted, temperature)
    p, ps = softmax(x), softmax(xs)
    loss = shifted_loss = None
    if target is not None:
        kwargs = {
            "weight": weight,
            "label_smoothing": label_smoothing,
            "temperature": temperature,
            "base": base,
        }
        loss = loss_and_gradient(z, target, **kwargs).loss
        shifted_loss = loss_and_gradient(shifted, target, **kwargs).loss
    return ShiftCheck(shifted, p, ps, float(np.max(np.abs(ps - p))), loss, shifted_loss)


def naive_softmax(logits) -> NaiveSoftmax:
    r"""Softmax computed exactly as the textbook writes it, without the max shift.

    .. math:: \sigma(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}

    ``exp`` overflows float64 above :math:`z \approx 709.78`: then ``inf / inf`` gives
    ``nan``. Below :math:`z \approx -745` every ``exp`` rounds to 0 and ``0 / 0`` gives
    ``nan`` too. Both are reported here (NumPy's warnings are suppressed, not ignored):
    compare :func:`~xentcore.softmax`, which subtracts :math:`\max_j z_j` first.

    Parameters
    ----------
    logits : array_like, shape (C,)
        Finite logits.

    Returns
    -------
    NaiveSoftmax

    Raises
    ------
    ValueError
        For logits that are not a finite vector.

    Examples
    --------
    >>> n = naive_softmax([2000.0, 1000.0, 100.0])
    >>> n.overflow, n.overflowed.tolist(), n.probs.tolist()
    (True, [0, 1], [nan, nan, 0.0])
    >>> naive_softmax([0.0, 0.0]).probs.tolist()
    [0.5, 0.5]
    """
    z = _logit_vector(logits)
    # Overflow, underflow and inf/inf are the point of this function: they are
    # reported in the result instead of as RuntimeWarnings.
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(z)
        total = e.sum()
        probs = e / total
    overflowed = np.flatnonzero(np.isinf(e))
    return NaiveSoftmax(
        exp=e,
        total=float(total),
        probs=probs,
        overflow=bool(overflowed.size),
        underflow=bool(total == 0.0),
        overflowed=overflowed,
    )


def naive_vs_stable_softmax(
    logits, *, scale: float = 1.0, temperature: float = 1.0
) -> NaiveVsStable:
    r"""The naive softmax next to the stable one, on the logits times ``scale / T``.

    .. math::
        \log \sum_i e^{x_i} = m + \log \sum_i e^{x_i - m}, \qquad m = \max_i x_i

    The right-hand side only takes ``exp`` of numbers :math:`\le 0`, so it never
    overflows: the log-sum-exp trick every framework uses.

    Parameters
    ----------
    logits : array_like, shape (C,)
        Finite logits.
    scale : float, default 1.0
        A positive factor (×1000 makes ordinary logits overflow the naive version).
    temperature : float, default 1.0
        T > 0.

    Returns
    -------
    NaiveVsStable

    Raises
    ------
    ValueError
        For non-finite logits, a scale or temperature that is not positive, or scaled
        logits that overflow float64 themselves.

    Examples
    --------
    >>> r = naive_vs_stable_softmax([2.0, 1.0, 0.1], scale=1000.0)
    >>> r.naive_logsumexp, r.logsumexp, r.stable.round(4).tolist()
    (inf, 2000.0, [1.0, 0.0, 0.0])
    """
    z = _logit_vector(logits)
    s = check_scalar(scale, "scale", low=0.0, low_open=True)
    with np.errstate(over="ignore"):
        scaled = z * s
    if not np.all(np.isfinite(scaled)):
        raise InputError(f"logits × scale overflows float64 (scale={s:g}); use a smaller scale")
    x = _scaled(scaled, temperature)
    naive = naive_softmax(x)
    with np.errstate(divide="ignore"):
        naive_lse = float(np.log(naive.total))
    return NaiveVsStable(x, naive, softmax(x), naive_lse, float(logsumexp(x)))


def softmax_entropy_by_temperature(
    logits,
    *,
    t_min: float = 0.05,
    t_max: float = 10.0,
    points: int = 200,
    base: float | None = None,
) -> TemperatureSweep:
    r"""Entropy of the softmax at ``points`` log-spaced temperatures from ``t_min`` to ``t_max``.

    .. math:: H(T) = -\sum_i \sigma(z/T)_i \log \sigma(z/T)_i

    As :math:`T \to 0` the softmax becomes the arg-max (entropy 0 for a unique maximum);
    as :math:`T \to \infty` it becomes uniform (entropy :math:`\log C`).

    Parameters
    ----------
    logits : array_like, shape (C,)
        Finite logits.
    t_min, t_max : float, default 0.05 and 10
        The temperature range, 0 < t_min < t_max.
    points : int, default 200
        Number of temperatures, 2 to 1000.
    base : float, optional
        Unit: ``None`` nats, 2 bits, 10 hartleys.

    Returns
    -------
    TemperatureSweep

    Raises
    ------
    ValueError
        For non-finite logits, a bad range or number of points, or logits so large
        that ``z / t_min`` overflows.

    Examples
    --------
    >>> s = softmax_entropy_by_temperature([1.0, 0.0], t_min=0.01, t_max=100.0, points=3, base=2)
    >>> s.temperatures.tolist(), s.entropies.round(4).tolist(), s.max_entropy
    ([0.01, 1.0, 100.0], [0.0, 0.8399, 1.0], 1.0)
    """
    z = _logit_vector(logits)
    lo = check_scalar(t_min, "t_min", low=0.0, low_open=True)
    hi = check_scalar(t_max, "t_max", low=lo, low_open=True)
    if isinstance(points, bool) or not isinstance(points, int | np.integer):
        raise InputError(f"points must be a whole number from 2 to 1000, got {points!r}")
    if not 2 <= points <= 1000:
        raise InputError(f"points must be a whole number from 2 to 1000, got {points!r}")
    _scaled(z, lo)  # the largest z / T: raises if it overflows
    temps = np.geomspace(lo, hi, int(points))
    probs = softmax(z[None, :] / temps[:, None], axis=-1)
    h = np.asarray(entropy(probs, base=base, axis=-1)) + 0.0
    return TemperatureSweep(temps, h, float(np.log(z.size) / log_base(base)))


def _class_weight_of(target: np.ndarray | int, w: np.ndarray | None) -> tuple[float, int]:
    """Keras' ``class_weight`` → ``sample_weight``: the weight of the (arg-max) target class."""
    k = target if isinstance(target, int) else int(np.argmax(target))
    return (1.0 if w is None else float(w[k])), k


def _clip_notes(log_probs: np.ndarray, y: np.ndarray, eps: float, eps_text: str) -> str:
    """Which classes the clip [eps, 1 - eps] moved, where the target puts mass."""
    probs = np.exp(log_probs)
    notes = []
    for c in np.flatnonzero((y > 0) & (probs < eps)):
        shown = "0 (underflow)" if probs[c] == 0 else f"{probs[c]:.3g}"
        notes.append(
            f"class {c} has p = {shown}, raised to {eps_text}: its −log p is "
            f"{-np.log(eps):.2f} instead of the exact {-log_probs[c]:.4g}"
        )
    for c in np.flatnonzero((y > 0) & (probs > 1.0 - eps)):
        notes.append(
            f"class {c} has p ≈ 1, lowered to 1 − {eps_text}: its −log p is "
            f"{-np.log1p(-eps):.2g} instead of the exact {-log_probs[c] + 0.0:.2g}"
        )
    if not notes:
        return "No probability is within the clip of 0 or 1 here, so it changes nothing visible."
    return "Here " + "; ".join(notes) + "."


def framework_losses(
    logits,
    target,
    *,
    weight=None,
    label_smoothing: float = 0.0,
    temperature: float = 1.0,
) -> list[dict[str, Any]]:
    r"""What PyTorch, Keras and scikit-learn report for one example, and why they differ.

    With :math:`x = z / T`, :math:`\ell = \log\operatorname{softmax}(x)` and :math:`y'` the
    smoothed target (all in nats):

    .. math::
        \text{torch 'sum'} = -\sum_c w_c y'_c \ell_c, \quad
        \text{torch 'mean'} = \frac{\text{torch 'sum'}}{w_y}, \quad
        \text{Keras} = w_y \Big(-\sum_c y'_c \log \hat p_c\Big) / N

    - PyTorch ``F.cross_entropy`` (:func:`~xentcore.softmax_cross_entropy`): exact; class
      weights scale each class's term; ``'mean'`` divides by the target's weight
      :math:`w_y` for class targets, by N for soft ones.
    - Keras ``CategoricalCrossentropy`` (:func:`~xentcore.keras_categorical_crossentropy`,
      :func:`~xentcore.keras_reduce`): the same smoothing; ``model.fit(class_weight=...)``
      becomes a sample weight :math:`w_y` on the whole loss (arg-max class for soft
      targets), and ``'sum_over_batch_size'`` divides by N. From probabilities,
      :math:`\hat p = \operatorname{clip}(p / \sum p, 10^{-7}, 1 - 10^{-7})`; from logits no clip.
    - scikit-learn ``log_loss`` (:func:`~xentcore.log_loss` with ``labels=range(C)``):
      clips at machine epsilon, knows no smoothing or soft targets, and its sample
      weights divide out for one example.

    Parameters
    ----------
    logits, target, weight, label_smoothing, temperature
        As :func:`loss_and_gradient`; at least 2 classes.

    Returns
    -------
    list of dict
        One row per framework call, with keys ``framework``, ``call``, ``value`` (nats;
        ``nan`` where the framework returns nan, ``None`` where it takes no such input)
        and ``why``.

    Raises
    ------
    ValueError
        As :func:`loss_and_gradient`, or for fewer than 2 classes.

    Examples
    --------
    >>> rows = framework_losses([2000.0, 1000.0, 0.0], 2)
    >>> [(r["framework"], round(r["value"], 3)) for r in rows]  # doctest: +NORMALIZE_WHITESPACE
    [('PyTorch', 2000.0), ('PyTorch', 2000.0), ('Keras', 2000.0), ('Keras', 16.118),
     ('scikit-learn', 36.044)]
    """
    z = _logit_vector(logits)
    c = z.size
    if c < 2:
        raise InputError("logits must have at least 2 classes to compare the frameworks")
    t = _target(target, c)
    w = _weights(weight, c)
    eps = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
    x = _scaled(z, temperature)
    probs = softmax(x)
    log_probs = log_softmax(x)
    y = np.zeros(c)
    if isinstance(t, int):
        y[t] = 1.0
    else:
        y = t
    y_smooth = smoothed_target(t, c, label_smoothing=eps)
    w_y, k = _class_weight_of(t, w)
    soft = not isinstance(t, int)
    weighted = w is not None and not np.all(w == 1.0)
    w_arg = ", weight=w" if w is not None else ""
    eps_arg = f", label_smoothing={eps:g}" if eps > 0 else ""
    y_name = "q" if soft else "y"
    which = f"the arg-max class {k} of the soft target" if soft else f"the target class {k}"

    torch_sum = float(softmax_cross_entropy(x, t, weight=w, label_smoothing=eps, reduction="sum"))
    torch_mean = float(softmax_cross_entropy(x, t, weight=w, label_smoothing=eps))
    if soft:
        why_mean = (
            "Exact log-softmax, no clipping. For a probability target, 'mean' divides by the "
            "batch size N = 1, never by the weights."
        )
    elif w_y == 0:
        why_mean = (
            f"'mean' divides the weighted loss by the target class's weight w_{k} = 0: "
            "0/0 is nan (PyTorch returns nan too)."
        )
    elif not weighted:
        why_mean = "Exact log-softmax, no clipping. All weights 1 and one example: the loss itself."
    else:
        why_mean = (
            f"Exact log-softmax, no clipping. 'mean' divides the weighted loss by the target "
            f"class's weight w_{k} = {w_y:g}"
            + (
                ", so for one example the class weight cancels out."
                if eps == 0
                else (
                    "; with smoothing the ε/C terms carry every class's own weight w_c, so the "
                    "weights do not cancel."
                )
            )
        )

    sample_weight = [w_y] if weighted else None
    y_row = y[None, :]
    keras_logits = keras_reduce(
        keras_categorical_crossentropy(y_row, x[None, :], from_logits=True, label_smoothing=eps),
        sample_weight=sample_weight,
    )
    keras_probs = keras_reduce(
        keras_categorical_crossentropy(y_row, probs[None, :], label_smoothing=eps),
        sample_weight=sample_weight,
    )
    if weighted:
        keras_weights = (
            f"Class weights are not part of a Keras loss: model.fit(class_weight=...) turns them "
            f"into a sample weight, the weight of {which} (w = {w_y:g}), which multiplies the "
            "whole loss; 'sum_over_batch_size' then divides by N = 1, not by the weight."
        )
        if eps > 0:
            keras_weights += " PyTorch instead weights each class's smoothing term by its w_c."
    else:
        keras_weights = "No class weights here, so no sample weight."
    smoothing_note = (
        f"Smoothing y′ = y(1 − ε) + ε/C with ε = {eps:g}, as PyTorch. " if eps > 0 else ""
    )

    sk_value: float | None
    if soft:
        sk_value = None
        sk_call = "log_loss(...): not applicable"
        why_sk = (
            "log_loss takes class labels, not a soft target distribution, so it has no number "
            "for these inputs."
        )
    else:
        sk_weight = [w_y] if weighted else None
        if sk_weight is not None and w_y == 0:
            sk_value = float("nan")
        else:
            sk_value = float(
                log_loss([t], probs[None, :], labels=list(range(c)), sample_weight=sk_weight)
            )
        sk_call = (
            f"log_loss([{t}], [softmax(z)], labels=range({c})"
            + (", sample_weight=[w_y]" if weighted else "")
            + ")"
        )
        why_sk = "Clips p to [2.2e-16, 1 − 2.2e-16] (float64 machine epsilon). " + _clip_notes(
            log_probs, y, SKLEARN_EPSILON, "2.2e-16"
        )
        if eps > 0:
            why_sk += f" log_loss has no label smoothing: ε = {eps:g} is ignored."
        if weighted:
            why_sk += " Its weighted mean Σ s·l / Σ s divides the weight out for one example" + (
                ": the only sample has weight 0, so 0/0 = nan." if w_y == 0 else "."
            )

    return [
        {
            "framework": "PyTorch",
            "call": f"F.cross_entropy(z, {y_name}{w_arg}{eps_arg})",
            "value": torch_mean,
            "why": why_mean,
        },
        {
            "framework": "PyTorch",
            "call": f"F.cross_entropy(z, {y_name}{w_arg}{eps_arg}, reduction='sum')",
            "value": torch_sum,
            "why": (
                "The weighted loss of the example, −Σ w·y′·log p: what this page calls the loss."
            ),
        },
        {
            "framework": "Keras",
            "call": f"CategoricalCrossentropy(from_logits=True{eps_arg})({y_name}, z)",
            "value": float(keras_logits),
            "why": (
                "Exact log-softmax from logits, no clipping. " + smoothing_note + keras_weights
            ),
        },
        {
            "framework": "Keras",
            "call": f"CategoricalCrossentropy({eps_arg.lstrip(', ')})({y_name}, softmax(z))",
            "value": float(keras_probs),
            "why": (
                "From probabilities: renormalises p / Σp, then clips to [1e-7, 1 − 1e-7] "
                "before the log. "
                + _clip_notes(log_probs, y_smooth, KERAS_EPSILON, "1e-7")
                + " "
                + keras_weights
            ),
        },
        {"framework": "scikit-learn", "call": sk_call, "value": sk_value, "why": why_sk},
    ]
