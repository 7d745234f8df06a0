r"""Temperature scaling: one number T > 0 that calibrates a model (Guo et al., 2017).

Dividing every logit by T keeps each row's ranking (so the accuracy) and changes only
how confident the model is. The T that minimises the mean negative log-likelihood on a
validation split is fitted here with NumPy alone: with :math:`\beta = 1/T` the NLL is
convex in :math:`\beta` (its second derivative is a variance), so it has one minimum
over :math:`u = \log T`, found by safeguarded Newton steps on :math:`\partial f/\partial u`
inside a bracket that bisection keeps (Numerical Recipes' ``rtsafe``). Probabilities
are taken through their log: :math:`\operatorname{softmax}(\log p / T) \propto p^{1/T}`.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from .._checks import whole_number
from .._validation import InputError, as_float_array, check_scalar, log_base
from .._validation import scalar_or_array as _scalar_or_array
from ..predictions.inputs import _pick, _scores
from ._inputs import log_scores, scores_and_labels

__all__ = [
    "Split",
    "TemperatureFit",
    "TemperatureObjective",
    "apply_temperature",
    "fit_temperature",
    "temperature_objective",
    "train_validation_split",
]

#: The temperatures searched by default: sharper or flatter than this is an edge case.
TEMPERATURE_BOUNDS = (1e-3, 1e3)


class _Shifted(NamedTuple):
    """Each row minus its maximum (``d <= 0``), the true class's entry ``d_y``, and two
    work arrays the evaluations reuse (fresh 16 MB temporaries cost page faults)."""

    d: np.ndarray  # (N, C); -inf where a probability is 0
    safe: np.ndarray  # d with -inf replaced by 0, for the weighted sums
    dy: np.ndarray  # (N,)
    e: np.ndarray  # (N, C) work array
    ed: np.ndarray  # (N, C) work array


def _shifted(logits: np.ndarray, y: np.ndarray, *, owned: bool = False) -> _Shifted:
    """``owned``: ``logits`` is a temporary of ours (log p), shifted in place."""
    m = logits.max(axis=1, keepdims=True)
    d = np.subtract(logits, m, out=logits) if owned else logits - m
    safe = d if np.isfinite(d.min()) else np.where(np.isneginf(d), 0.0, d)
    return _Shifted(d, safe, _pick(d, y), np.empty_like(d), np.empty_like(d))


def _moments(s: _Shifted, beta: float, order: int = 2) -> tuple[float, float, float]:
    r"""Mean NLL at :math:`\beta = 1/T` and its first two derivatives in :math:`\beta`.

    With :math:`e = \exp(\beta d)` and :math:`S_k = \sum_c e_c d_c^k` per row:
    :math:`f = \overline{\log S_0 - \beta d_y}`, :math:`f' = \overline{S_1/S_0 - d_y}`,
    :math:`f'' = \overline{S_2/S_0 - (S_1/S_0)^2}` (a variance, so :math:`f'' \ge 0`).
    """
    ones = np.ones(s.d.shape[1])
    e = np.exp(np.multiply(s.d, beta, out=s.e), out=s.e)
    s0 = e @ ones  # a matrix-vector product sums short rows several times faster
    f = float(np.mean(np.log(s0)) - beta * np.mean(s.dy))
    if order == 0:
        return f, 0.0, 0.0
    ed = np.multiply(e, s.safe, out=s.ed)
    m1 = (ed @ ones) / s0
    g = float(np.mean(m1) - np.mean(s.dy))
    if order == 1:
        return f, g, 0.0
    m2 = (np.multiply(ed, s.safe, out=ed) @ ones) / s0
    return f, g, float(np.mean(m2 - m1 * m1))


def _in_log_t(s: _Shifted, u: float, order: int = 2) -> tuple[float, float, float]:
    r"""NLL and its derivatives in :math:`u = \log T`: :math:`\beta = e^{-u}`,
    :math:`f_u = -\beta f_\beta`, :math:`f_{uu} = \beta^2 f_{\beta\beta} + \beta f_\beta`."""
    beta = math.exp(-u)
    f, g, h = _moments(s, beta, order)
    return f, -beta * g, beta * beta * h + beta * g


class TemperatureObjective(NamedTuple):
    """The mean NLL at temperature T and its derivatives in log T (in ``base`` units)."""

    nll: float | np.ndarray
    gradient: float | np.ndarray  # dNLL / d log T
    curvature: float | np.ndarray  # d²NLL / d(log T)²


def temperature_objective(
    scores, labels, *, kind: str, temperature=1.0, base: float | None = None
) -> TemperatureObjective:
    r"""The objective temperature scaling minimises, and its analytic derivatives.

    .. math:: f(T) = -\frac1N\sum_n \log \operatorname{softmax}(\ell_n / T)_{y_n},
        \qquad \frac{\partial f}{\partial \log T}
        = -\frac1T\,\frac1N\sum_n \big(\mathbb E_{s_n}[\ell_n] - \ell_{n,y_n}\big)

    where :math:`\ell` are the logits (or the log of the probabilities) and
    :math:`s_n = \operatorname{softmax}(\ell_n / T)`.

    Parameters
    ----------
    scores : array_like, shape (N, C)
        Logits, or probabilities (rows summing to 1).
    labels : array_like of int, shape (N,)
    kind : {'probabilities', 'logits'}
    temperature : float or array_like of float, default 1.0
        One or more temperatures T > 0 (an array gives the curve f(T)).
    base : float, optional
        ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    TemperatureObjective
        Floats for one temperature, arrays for several.

    Raises
    ------
    InputError
        For invalid scores or labels, a true class of probability 0, or T <= 0.

    Examples
    --------
    >>> obj = temperature_objective([[2.0, 0.0]], [0], kind="logits", temperature=1.0)
    >>> round(obj.nll, 4), round(obj.gradient, 4)
    (0.1269, 0.2384)
    """
    x, y = scores_and_labels(scores, labels, kind)
    s = _shifted(log_scores(x, y, kind), y)
    temps = _temperatures(temperature)
    div = log_base(base)
    values = np.array([_in_log_t(s, math.log(t)) for t in temps.ravel()]).reshape(-1, 3) / div
    parts = (_scalar_or_array(values[:, k].reshape(temps.shape)) for k in range(3))
    return TemperatureObjective(*(float(v) if np.ndim(v) == 0 else v for v in parts))


def _temperatures(temperature) -> np.ndarray:
    t = as_float_array(temperature, "temperature")
    if t.ndim > 1:
        raise InputError(f"temperature must be one number or a 1-D array, got shape {t.shape}")
    bad = ~(np.isfinite(t) & (t > 0))
    if bad.any():
        value = float(t.ravel()[int(np.argmax(bad.ravel()))])
        raise InputError(f"temperature must be finite and > 0, got {value!r}")
    return t


class TemperatureFit(NamedTuple):
    """The fitted temperature and the validation NLL before (T = 1) and after."""

    temperature: float
    nll_before: float  # in base units
    nll_after: float
    iterations: int  # Newton or bisection steps after the bracket
    converged: bool  # the derivative in log T reached 0 (within tolerance)
    at_bound: bool  # the best T is a bound: the NLL still falls beyond it


def fit_temperature(
    scores,
    labels,
    *,
    kind: str,
    bounds: tuple[float, float] = TEMPERATURE_BOUNDS,
    max_iter: int = 100,
    tol: float = 1e-12,
    base: float | None = None,
) -> TemperatureFit:
    r"""Fit T > 0 minimising the mean NLL of :math:`\operatorname{softmax}(\ell / T)`.

    .. math:: T^\star = \arg\min_{T > 0} -\frac1N\sum_n
        \log \frac{e^{\ell_{n,y_n}/T}}{\sum_c e^{\ell_{nc}/T}}

    Searched over :math:`u = \log T` in ``bounds``: the sign of
    :math:`\partial f/\partial u` changes once (the NLL is convex in :math:`1/T`), so a
    bracket is kept and each step is Newton's :math:`u - f_u/f_{uu}` when it stays
    inside it and shrinks :math:`|f_u|`, else a bisection. Deterministic: no random start.
    Fit on a validation split (:func:`train_validation_split`), never on training data.

    Parameters
    ----------
    scores : array_like, shape (N, C)
        Logits, or probabilities (rows summing to 1; taken through their log).
    labels : array_like of int, shape (N,)
    kind : {'probabilities', 'logits'}
    bounds : (float, float), default (1e-3, 1e3)
        The temperatures searched, 0 < low < 1 < high.
    max_iter : int, default 100
    tol : float, default 1e-12
        Stop when a step in log T is shorter than this.
    base : float, optional
        Unit of the NLLs reported: ``None`` nats, 2 bits, 10 hartleys.

    Returns
    -------
    TemperatureFit

    Raises
    ------
    InputError
        For invalid scores or labels, a true class of probability 0, or bad bounds.

    Examples
    --------
    >>> import numpy as np
    >>> z = np.array([[4.0, 0.0], [4.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    >>> fit = fit_temperature(z, [0, 0, 1, 1], kind="logits")
    >>> round(fit.temperature, 4), fit.nll_after < fit.nll_before
    (3.641, True)
    """
    x, y = scores_and_labels(scores, labels, kind)
    low, high = _bounds(bounds)
    n_iter = whole_number(max_iter, "max_iter", 1)
    xtol = check_scalar(tol, "tol", low=0.0, low_open=True)
    s = _shifted(log_scores(x, y, kind), y, owned=kind == "probabilities")
    u, before, after, iterations, converged, at_bound = _solve(
        s, math.log(low), math.log(high), n_iter, xtol
    )
    div = log_base(base)
    return TemperatureFit(math.exp(u), before / div, after / div, iterations, converged, at_bound)


def _bounds(bounds) -> tuple[float, float]:
    b = as_float_array(bounds, "bounds")
    if b.shape != (2,) or not np.all(np.isfinite(b)) or not 0 < b[0] < 1 < b[1]:
        raise InputError(
            f"bounds must be two temperatures (low, high) with 0 < low < 1 < high, got {bounds!r}"
        )
    return float(b[0]), float(b[1])


def _solve(s: _Shifted, lo: float, hi: float, max_iter: int, xtol: float):
    """(u, NLL at T = 1, NLL at u, iterations, converged, at_bound): the root of f_u in
    [lo, hi] by ``rtsafe``."""
    u = 0.0
    before, g, h = _in_log_t(s, u)
    if g == 0:  # flat at T = 1 (e.g. every row's logits equal): keep T = 1
        return u, before, before, 0, True, False
    edge = hi if g < 0 else lo  # the NLL falls towards this bound
    f_edge, g_edge, _ = _in_log_t(s, edge, order=1)
    if (g_edge <= 0) if g < 0 else (g_edge >= 0):  # ... and is still falling there
        return edge, before, f_edge, 0, g_edge == 0, g_edge != 0
    previous = hi - lo
    for it in range(1, max_iter + 1):
        lo, hi = (u, hi) if g < 0 else (lo, u)
        newton = u - g / h if h > 0 else math.nan
        if lo < newton < hi and abs(newton - u) < 0.5 * previous:
            step = newton - u
        else:
            step = 0.5 * (lo + hi) - u
        previous = abs(step)
        u += step
        f, g, h = _in_log_t(s, u)
        if g == 0 or previous < xtol * max(1.0, abs(u)):
            return u, before, f, it, True, False
    return u, before, f, max_iter, False, False


def apply_temperature(scores, temperature: float, *, kind: str) -> np.ndarray:
    r"""The calibrated probabilities :math:`\operatorname{softmax}(\ell / T)`.

    .. math:: \hat p_{nc} = \frac{e^{\ell_{nc}/T}}{\sum_k e^{\ell_{nk}/T}}
        \quad(\propto p_{nc}^{1/T} \text{ for probabilities})

    Parameters
    ----------
    scores : array_like, shape (N, C)
        Logits, or probabilities (rows summing to 1).
    temperature : float
        T > 0, e.g. :attr:`TemperatureFit.temperature`.
    kind : {'probabilities', 'logits'}

    Returns
    -------
    numpy.ndarray, shape (N, C)

    Raises
    ------
    InputError
        For invalid scores or a temperature that is not > 0.

    Examples
    --------
    >>> apply_temperature([[0.8, 0.2]], 2.0, kind="probabilities").round(4).tolist()
    [[0.6667, 0.3333]]
    """
    x = _scores(scores, kind)
    beta = 1.0 / check_scalar(temperature, "temperature", low=0.0, low_open=True)
    with np.errstate(divide="ignore"):
        logs = x if kind == "logits" else np.log(x)
    e = np.exp(beta * (logs - logs.max(axis=1, keepdims=True)))
    return e / e.sum(axis=1, keepdims=True)


class Split(NamedTuple):
    """Row indices of a training and a validation part, each in increasing order."""

    train: np.ndarray
    validation: np.ndarray


def train_validation_split(n_samples: int, *, validation_fraction: float = 0.5, seed: int = 0):
    r"""A seeded split of rows ``0..N-1`` into training and validation indices.

    :math:`N_\text{val} = \operatorname{round}(f N)` rows drawn without replacement by
    ``numpy.random.default_rng(seed).permutation(N)``; both parts keep file order.

    Parameters
    ----------
    n_samples : int
        N >= 2.
    validation_fraction : float, default 0.5
        f in (0, 1); both parts must get at least one row.
    seed : int, default 0

    Returns
    -------
    Split

    Raises
    ------
    InputError
        For N < 2, a fraction outside (0, 1), or one that leaves a part empty.

    Examples
    --------
    >>> s = train_validation_split(6, validation_fraction=0.5, seed=1)
    >>> len(s.train), len(s.validation), sorted([*s.train, *s.validation]) == list(range(6))
    (3, 3, True)
    """
    n = whole_number(n_samples, "n_samples", 2)
    f = check_scalar(validation_fraction, "validation_fraction", low=0.0, low_open=True, high=1.0)
    n_val = int(round(f * n))
    if not 0 < n_val < n:
        raise InputError(
            f"validation_fraction={f:g} of {n} samples leaves "
            f"{'no validation' if n_val == 0 else 'no training'} sample; choose a fraction "
            f"between {1 / n:.3g} and {1 - 1 / n:.3g}"
        )
    order = np.random.default_rng(seed).permutation(n)
    return Split(np.sort(order[n_val:]), np.sort(order[:n_val]))
