"""Arithmetic in the input's precision, for the conventions that keep float32.

scikit-learn computes ``log_loss`` in the dtype of ``y_proba`` and Keras in that of
``y_pred`` (float32 by default); xentcore keeps a float32 input float32 there. Sums,
products and quotients of float32 arrays are float32 in NumPy already; ``log`` and ``exp``
here are computed in float64 and rounded once to float32, the correctly rounded float32
result (NumPy's own float32 ``log`` and TensorFlow's may differ from it by one ulp).
"""

from __future__ import annotations

import numpy as np

#: The dtypes a framework may compute in: float32 is kept, all else becomes float64.
KEPT = (np.dtype(np.float32),)


def log_in(x: np.ndarray) -> np.ndarray:
    """``log(x)`` in the dtype of ``x`` (float32 or float64)."""
    if x.dtype == np.float64:
        return np.log(x)
    with np.errstate(divide="ignore"):
        return np.log(x.astype(np.float64)).astype(x.dtype)


def log1p_in(x: np.ndarray) -> np.ndarray:
    """``log1p(x)`` in the dtype of ``x`` (float32 or float64)."""
    if x.dtype == np.float64:
        return np.log1p(x)
    return np.log1p(x.astype(np.float64)).astype(x.dtype)


def exp_in(x: np.ndarray) -> np.ndarray:
    """``exp(x)`` in the dtype of ``x`` (float32 or float64); float32 over- and underflow."""
    if x.dtype == np.float64:
        return np.exp(x)
    with np.errstate(over="ignore"):
        return np.exp(x.astype(np.float64)).astype(x.dtype)


def log_softmax_in(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """``x - max - log Σ exp(x - max)`` along ``axis``, every step in the dtype of ``x``."""
    with np.errstate(over="ignore", invalid="ignore"):
        s = x - x.max(axis=axis, keepdims=True)
    return s - log_in(exp_in(s).sum(axis=axis, keepdims=True))


def softmax_in(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """``exp(x - max) / Σ exp(x - max)`` along ``axis`` in the dtype of ``x``."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = exp_in(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
