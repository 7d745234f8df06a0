"""What softmax does not care about, and where computing it naively breaks.

- :func:`shift_invariance`: adding a constant to every logit changes nothing;
- :func:`naive_softmax` and :func:`naive_vs_stable_softmax`: why log-sum-exp matters;
- :func:`softmax_entropy_by_temperature`: how the softmax flattens as T grows.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import InputError, check_scalar, log_base
from ..information import entropy
from ..softmax import logsumexp, softmax
from ._checks import _logit_vector, _scaled
from .example import loss_and_gradient

__all__ = [
    "NaiveSoftmax",
    "NaiveVsStable",
    "ShiftCheck",
    "TemperatureSweep",
    "naive_softmax",
    "naive_vs_stable_softmax",
    "shift_invariance",
    "softmax_entropy_by_temperature",
]


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
