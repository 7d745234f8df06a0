"""scikit-learn's ``log_loss``, reproduced exactly and computed without one-hot matrices."""

from __future__ import annotations

import warnings

import numpy as np

from ._precision import log_in
from ._validation import InputError, as_float_array, refuse_complex

__all__ = ["log_loss"]

#: scikit-learn computes in the dtype of y_proba for these; everything else is float64.
SKLEARN_DTYPES = (np.dtype(np.float32), np.dtype(np.float16))


def _labels_1d(y, name: str) -> np.ndarray:
    arr = np.asarray(y)
    refuse_complex(arr, name)
    if arr.ndim != 1:
        raise InputError(f"{name} must be a 1-D array of labels, got shape {arr.shape}")
    if arr.size == 0:
        raise InputError(f"{name} is empty; give at least one label")
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        i = int(np.argmax(~np.isfinite(arr)))
        raise InputError(f"{name} has a non-finite label {float(arr[i])!r} at index {i}")
    if arr.dtype.kind == "O":
        arr = arr.astype(str)
    return arr


def log_loss(y_true, y_proba, *, normalize: bool = True, sample_weight=None, labels=None) -> float:
    r"""Mean cross-entropy of labels under predicted probabilities: ``sklearn.metrics.log_loss``.

    .. math::
        \text{log loss} = \frac{\sum_n s_n\,[-\log \operatorname{clip}(\hat p_{n, y_n},
        \epsilon, 1-\epsilon)]}{\sum_n s_n}, \qquad \epsilon = 2.22 \times 10^{-16}

    Classes are the sorted unique labels (of ``labels`` if given, else of ``y_true``);
    column ``k`` of ``y_proba`` is the ``k``-th class. A 1-D ``y_proba`` is P(second class)
    of a binary problem. The clip at machine epsilon makes a zero probability cost
    36.04 instead of ∞. Rows are not renormalised: as scikit-learn, a ``UserWarning``
    says when they do not sum to 1, and another when ``labels`` is not sorted.

    As scikit-learn, a float32 (or float16) ``y_proba`` is computed in its own dtype
    and clipped at *its* machine epsilon: 1.19e-7 for float32, so a zero probability
    costs 15.94 there. Lists and every other dtype are float64.

    Parameters
    ----------
    y_true : array_like, shape (N,)
        Labels: numbers or strings.
    y_proba : array_like, shape (N, K) or (N,)
        Predicted probabilities in [0, 1].
    normalize : bool, default True
        Mean per sample (weighted) if True, else the weighted sum.
    sample_weight : array_like, shape (N,), optional
        Non-negative sample weights.
    labels : array_like, optional
        All class labels, for when ``y_true`` misses some.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For probabilities outside [0, 1] or non-finite, fewer than two classes, a label
        not in ``labels``, or a column count that does not match the classes.

    Examples
    --------
    >>> y = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    >>> p = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]
    >>> round(log_loss(y, p), 3)
    0.247
    >>> round(log_loss([0, 1, 1], [0.0, 1.0, 0.0]), 6)
    12.014551
    >>> import numpy as np
    >>> round(log_loss([0, 1, 1], np.array([0.0, 1.0, 0.0], dtype=np.float32)), 6)
    5.314128
    """
    y = _labels_1d(y_true, "y_true")
    proba = _probabilities(y_proba)
    n = proba.shape[0]
    if y.shape[0] != n:
        raise InputError(f"y_true has {y.shape[0]} labels but y_proba has {n} rows")
    binary = proba.ndim == 1 or proba.shape[1] == 1
    idx = np.searchsorted(_classes(y, labels, 2 if binary else proba.shape[1]), y)

    eps = np.finfo(proba.dtype).eps  # the dtype's: 1.19e-7 for float32, 2.2e-16 for float64
    if binary:
        p1 = proba.reshape(-1)
        picked = np.where(idx == 1, p1, 1 - p1)
    else:
        _warn_unnormalised(proba, eps)
        picked = proba[np.arange(n), idx]
    loss = -log_in(np.clip(picked, eps, 1 - eps))

    if sample_weight is None:
        return float(loss.mean() if normalize else loss.sum())
    return _weighted(loss, sample_weight, normalize)


def _warn_unnormalised(proba: np.ndarray, eps: float) -> None:
    """scikit-learn's warning for rows that do not sum to 1 (within sqrt(eps) + 1e-8)."""
    sums = proba.sum(axis=1)
    if not np.all(np.isclose(sums, 1, rtol=float(np.sqrt(eps)), atol=1e-8)):
        warnings.warn(
            "The y_prob values do not sum to one. Make sure to pass probabilities.",
            UserWarning,
            stacklevel=3,
        )


def _probabilities(y_proba) -> np.ndarray:
    proba = as_float_array(y_proba, "y_proba", keep=SKLEARN_DTYPES)
    if proba.ndim not in (1, 2):
        raise InputError(f"y_proba must have shape (N,) or (N, K), got {proba.shape}")
    # min >= 0 and max <= 1 also rule out NaN (comparisons with NaN are False) and ±inf.
    lo, hi = proba.min(), proba.max()
    if not (lo >= 0 and hi <= 1):
        bad = ~((proba >= 0) & (proba <= 1))
        idx = np.unravel_index(int(np.argmax(bad)), proba.shape)
        where = idx[0] if proba.ndim == 1 else tuple(int(i) for i in idx)
        raise InputError(
            f"y_proba must be probabilities in [0, 1], but has {float(proba[idx])!r} at {where}"
        )
    return proba


def _classes(y: np.ndarray, labels, k: int) -> np.ndarray:
    """The sorted classes (of ``labels`` if given), checked against the K columns."""
    if labels is not None:
        classes = np.unique(_labels_1d(labels, "labels"))
        if classes.tolist() != np.asarray(labels).tolist():
            warnings.warn(
                f"Labels passed were {labels}. But this function assumes labels are ordered "
                f"lexicographically. Pass the ordered labels={classes.tolist()} and ensure "
                "that the columns of y_prob correspond to this ordering.",
                UserWarning,
                stacklevel=4,
            )
        missing = ~np.isin(y, classes)
        if missing.any():
            extra = sorted({str(v) for v in y[missing]})[:10]
            raise InputError(f"y_true has labels {extra} that are not in labels={classes.tolist()}")
    else:
        classes = np.unique(y)
    if classes.size < 2:
        raise InputError(
            f"y_true has only one class ({classes[0].tolist()!r}); pass labels= with every class "
            "(scikit-learn needs at least two)"
        )
    if k != classes.size:
        raise InputError(
            f"y_proba has {k} columns but there are {classes.size} classes "
            f"{classes.tolist()[:10]}; pass labels= with every class, in column order"
        )
    return classes


def _weighted(loss: np.ndarray, sample_weight, normalize: bool) -> float:
    n = loss.shape[0]
    w = as_float_array(sample_weight, "sample_weight")
    if w.shape != (n,):
        raise InputError(f"sample_weight must have shape ({n},), got {w.shape}")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise InputError("sample_weight must be finite and non-negative")
    if normalize:
        total = float(w.sum())
        if total == 0:
            raise InputError("sample_weight sums to 0; the weighted mean is undefined")
        return float(np.dot(loss, w) / total)
    return float(np.dot(loss, w))
