r"""Vector scaling: a scale and a bias per class on the logits, fitted on validation data.

:math:`z'_{nc} = w_c z_{nc} + b_c` generalises temperature scaling (:math:`w = 1/T`,
:math:`b = 0`); it can change which class wins, so it can change the accuracy. The mean
NLL is convex in :math:`(w, b)` (a linear model in them under a softmax), so Newton's
method with a backtracking line search finds its minimum; the biases are fixed only up
to a common constant, so each step is the least-norm solution and :math:`\sum_c b_c`
stays 0.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import whole_number
from .._validation import InputError, as_float_array, check_finite, check_scalar, log_base
from ..predictions.inputs import _pick, _scores
from ..softmax import log_softmax
from ._inputs import scores_and_labels

__all__ = [
    "VectorScalingFit",
    "apply_vector_scaling",
    "fit_vector_scaling",
    "vector_scaling_grad",
    "vector_scaling_nll",
]


def _finite_logs(scores, labels, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Logits, or the log of probabilities that are all > 0 (a scale of -inf is undefined)."""
    x, y = scores_and_labels(scores, labels, kind)
    return _logs(x, kind), y


def _logs(x: np.ndarray, kind: str) -> np.ndarray:
    if kind == "logits":
        return x
    zero = x == 0
    if zero.any():
        r, c = np.unravel_index(int(np.argmax(zero)), x.shape)
        raise InputError(
            f"scores has probability 0 at row {r}, column {c}; vector scaling multiplies "
            "log p by a scale per class, so every probability must be > 0 (give logits)"
        )
    return np.log(x)


def _parameters(w, b, c: int) -> tuple[np.ndarray, np.ndarray]:
    out = []
    for value, name in ((w, "w"), (b, "b")):
        arr = as_float_array(value, name)
        if arr.shape != (c,):
            raise InputError(f"{name} must hold one value per class, shape ({c},), got {arr.shape}")
        check_finite(arr, name)
        out.append(arr)
    return out[0], out[1]


def _nll(z: np.ndarray, y: np.ndarray, w: np.ndarray, b: np.ndarray):
    """(mean NLL in nats, softmax probabilities) of the scaled logits."""
    logp = log_softmax(z * w + b, axis=1)
    return float(-np.mean(_pick(logp, y))), np.exp(logp)


def _grad(z: np.ndarray, y: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    g = p.copy()
    g[np.arange(y.size), y] -= 1.0
    g /= y.size
    return np.einsum("nc,nc->c", g, z), g.sum(axis=0)


def vector_scaling_nll(logits, labels, w, b, *, base: float | None = None) -> float:
    r"""The mean NLL of the scaled logits :math:`w \odot z + b`.

    .. math:: f(w, b) = -\frac1N \sum_n \log
        \operatorname{softmax}(w \odot z_n + b)_{y_n}

    Parameters
    ----------
    logits : array_like, shape (N, C)
    labels : array_like of int, shape (N,)
    w, b : array_like, shape (C,)
        Scale and bias per class.
    base : float, optional
        ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    float

    Raises
    ------
    InputError
        For invalid logits or labels, or w, b of the wrong shape.

    Examples
    --------
    >>> round(vector_scaling_nll([[1.0, 0.0]], [0], [1.0, 1.0], [0.0, 0.0]), 4)
    0.3133
    """
    z, y = scores_and_labels(logits, labels, "logits", name="logits")
    w_, b_ = _parameters(w, b, z.shape[1])
    return _nll(z, y, w_, b_)[0] / log_base(base)


def vector_scaling_grad(logits, labels, w, b) -> tuple[np.ndarray, np.ndarray]:
    r"""The gradient of :func:`vector_scaling_nll` in nats: one entry per class for w and b.

    .. math:: \frac{\partial f}{\partial w_c} = \frac1N \sum_n (s_{nc} - y_{nc})\, z_{nc},
        \qquad \frac{\partial f}{\partial b_c} = \frac1N \sum_n (s_{nc} - y_{nc})

    with :math:`s_n = \operatorname{softmax}(w \odot z_n + b)` and :math:`y` one-hot.

    Parameters
    ----------
    logits : array_like, shape (N, C)
    labels : array_like of int, shape (N,)
    w, b : array_like, shape (C,)

    Returns
    -------
    grad_w, grad_b : numpy.ndarray, shape (C,)

    Raises
    ------
    InputError
        For invalid logits or labels, or w, b of the wrong shape.

    Examples
    --------
    >>> gw, gb = vector_scaling_grad([[1.0, 0.0]], [0], [1.0, 1.0], [0.0, 0.0])
    >>> gw.round(4).tolist(), gb.round(4).tolist()
    ([-0.2689, 0.0], [-0.2689, 0.2689])
    """
    z, y = scores_and_labels(logits, labels, "logits", name="logits")
    w_, b_ = _parameters(w, b, z.shape[1])
    return _grad(z, y, _nll(z, y, w_, b_)[1])


def _hessian(z: np.ndarray, p: np.ndarray) -> np.ndarray:
    r"""The (2C, 2C) Hessian in (w, b).

    :math:`\frac1N\sum_n J_n^\top (\operatorname{diag} s_n - s_n s_n^\top) J_n` with
    :math:`J_n = [\operatorname{diag} z_n, I]`.
    """
    n = z.shape[0]
    pz = p * z
    ww = np.diag(np.einsum("nc,nc->c", pz, z)) - pz.T @ pz
    wb = np.diag(pz.sum(axis=0)) - pz.T @ p
    bb = np.diag(p.sum(axis=0)) - p.T @ p
    return np.block([[ww, wb], [wb.T, bb]]) / n


class VectorScalingFit(NamedTuple):
    """The fitted scale and bias per class, and the NLL before (w = 1, b = 0) and after."""

    w: np.ndarray
    b: np.ndarray
    nll_before: float  # in base units
    nll_after: float
    iterations: int
    converged: bool  # the largest gradient entry fell below tol


def fit_vector_scaling(
    scores,
    labels,
    *,
    kind: str = "logits",
    max_iter: int = 100,
    tol: float = 1e-9,
    base: float | None = None,
) -> VectorScalingFit:
    r"""Fit a scale and a bias per class minimising the mean NLL (Newton with line search).

    .. math:: (w^\star, b^\star) = \arg\min_{w, b} -\frac1N \sum_n
        \log \operatorname{softmax}(w \odot z_n + b)_{y_n}

    Each step solves :math:`H\,\delta = -\nabla f` (least-norm, so the common constant
    of the biases stays 0) and halves the step until :math:`f` falls by Armijo's rule.
    Starts at :math:`w = 1, b = 0` (the model as given); deterministic. When the
    validation data are separable the NLL falls forever as :math:`w` grows, and the fit
    stops at ``max_iter`` with ``converged=False``.

    Parameters
    ----------
    scores : array_like, shape (N, C)
        Logits, or probabilities all > 0 (taken through their log).
    labels : array_like of int, shape (N,)
    kind : {'logits', 'probabilities'}, default 'logits'
    max_iter : int, default 100
    tol : float, default 1e-9
        Stop when every gradient entry is below this (in nats).
    base : float, optional
        Unit of the NLLs reported.

    Returns
    -------
    VectorScalingFit

    Raises
    ------
    InputError
        For invalid scores or labels, or a probability of 0.

    Examples
    --------
    >>> fit = fit_vector_scaling([[2.0, 0.0], [2.0, 0.0], [0.0, 1.0]], [0, 1, 1])
    >>> fit.converged, round(fit.nll_after, 4) < round(fit.nll_before, 4)
    (True, True)
    """
    z, y = _finite_logs(scores, labels, kind)
    n_iter = whole_number(max_iter, "max_iter", 1)
    gtol = check_scalar(tol, "tol", low=0.0, low_open=True)
    c = z.shape[1]
    theta = np.concatenate([np.ones(c), np.zeros(c)])
    f, p = _nll(z, y, theta[:c], theta[c:])
    before, iterations, converged = f, 0, False
    for iterations in range(1, n_iter + 1):  # noqa: B007  (the count is reported)
        grad = np.concatenate(_grad(z, y, p))
        if np.max(np.abs(grad)) < gtol:
            converged, iterations = True, iterations - 1
            break
        step = -np.linalg.lstsq(_hessian(z, p), grad, rcond=None)[0]
        moved, theta, f, p = _line_search(z, y, theta, f, grad, step)
        if not moved:
            break
    div = log_base(base)
    return VectorScalingFit(theta[:c], theta[c:], before / div, f / div, iterations, converged)


def _line_search(z, y, theta, f, grad, step, max_halvings: int = 40):
    """Armijo backtracking: (moved, theta, f, p) at the first t = 2^-k that lowers f enough."""
    c = z.shape[1]
    slope = float(grad @ step)
    if not slope < 0:
        step, slope = -grad, -float(grad @ grad)  # not a descent direction: steepest descent
    t = 1.0
    for _ in range(max_halvings):
        trial = theta + t * step
        f_new, p_new = _nll(z, y, trial[:c], trial[c:])
        if f_new <= f + 1e-4 * t * slope:
            return True, trial, f_new, p_new
        t *= 0.5
    return False, theta, f, _nll(z, y, theta[:c], theta[c:])[1]


def apply_vector_scaling(scores, w, b, *, kind: str = "logits") -> np.ndarray:
    r"""The calibrated probabilities :math:`\operatorname{softmax}(w \odot z + b)`.

    .. math:: \hat p_{nc} = \frac{e^{w_c z_{nc} + b_c}}{\sum_k e^{w_k z_{nk} + b_k}}

    Parameters
    ----------
    scores : array_like, shape (N, C)
        Logits, or probabilities all > 0 (taken through their log, as
        :func:`fit_vector_scaling` takes them).
    w, b : array_like, shape (C,)
        Scale and bias per class, e.g. :attr:`VectorScalingFit.w` and ``.b``.
    kind : {'logits', 'probabilities'}, default 'logits'

    Returns
    -------
    numpy.ndarray, shape (N, C)

    Raises
    ------
    InputError
        For invalid scores, a probability of 0, or w, b of the wrong shape.

    Examples
    --------
    >>> apply_vector_scaling([[1.0, 0.0]], [2.0, 1.0], [0.0, 0.0]).round(4).tolist()
    [[0.8808, 0.1192]]
    """
    z = _logs(_scores(scores, kind), kind)
    w_, b_ = _parameters(w, b, z.shape[1])
    return np.exp(log_softmax(z * w_ + b_, axis=1))
