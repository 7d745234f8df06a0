r"""The logistic-regression gradient :math:`\nabla_\beta L = X^\top(\hat y - y)/N`, in numbers.

:func:`logistic_example` cuts a small binary problem from a dataset and
:func:`logistic_regression_gradient` returns the gradient with every number it is made
of, and the same gradient the long way (the chain rule through
:func:`xentcore.binary_cross_entropy_with_logits_grad`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import InputError, as_float_array, check_finite, check_whole
from ..gradients import binary_cross_entropy_with_logits_grad
from ..losses import binary_cross_entropy_with_logits
from ..softmax import sigmoid
from .datasets import Dataset, data_arrays

__all__ = ["LogisticGradient", "logistic_example", "logistic_regression_gradient"]


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
    n = check_whole(n_rows, "n_rows", 1, 50)
    c = check_whole(positive_class, "positive_class", 0, data.n_classes - 1)
    X, y = data_arrays(data)
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
