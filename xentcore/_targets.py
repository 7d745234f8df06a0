"""Argument parsing shared by the softmax cross-entropy loss and its gradient."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import (
    InputError,
    as_float_array,
    check_finite,
    check_in_unit_interval,
    check_nonnegative,
    check_reduction,
    check_scalar,
)

#: Rows per block: keeps each temporary near 2 MiB (cache-sized), so peak extra
#: memory stays flat however many rows there are.
_BLOCK_BYTES = 1 << 21


#: Elements per chunk when checking long 1-D arrays.
_CHUNK = 1 << 20


def block_rows(n_classes: int) -> int:
    return max(1, _BLOCK_BYTES // (8 * max(1, n_classes)))


@dataclass
class SoftmaxCEArgs:
    """Validated inputs of ``softmax_cross_entropy``, always batched (N, C)."""

    logits: np.ndarray  # (N, C)
    index: np.ndarray | None  # (N,) int64 class targets
    ignore: int  # the ignore_index value
    probs: np.ndarray | None  # (N, C) probability targets
    weight: np.ndarray | None  # (C,)
    smoothing: float
    reduction: str
    unbatched: bool

    @property
    def n_classes(self) -> int:
        return self.logits.shape[1]


def class_indices(target, n_rows: int, n_classes: int, ignore_index, name: str = "target"):
    """Validate integer class indices: each in [0, C) or equal to ``ignore_index``.

    Returns ``(index, ignore)`` with ``index`` an int64 array of shape (N,) (not copied
    when it already is one) and ``ignore`` the ignore value. Use :func:`split_ignored`
    for the mask; the checks run in chunks so no temporary grows with N.
    """
    arr = np.asarray(target)
    if arr.dtype.kind not in "iub":
        try:
            f = np.asarray(arr, dtype=np.float64)
        except (TypeError, ValueError):
            raise InputError(
                f"{name} must be integer class indices, got values of type {arr.dtype}"
            ) from None
        check_finite(f, name)
        if np.any(f != np.round(f)):
            bad = int(np.argmax(f != np.round(f)))
            value = float(f.ravel()[bad])
            raise InputError(
                f"{name} must be integer class indices, but has {value!r} at index {bad}"
            )
        arr = f
    idx = arr.astype(np.int64, copy=False).reshape(-1)
    if idx.shape[0] != n_rows:
        raise InputError(
            f"{name} has {idx.shape[0]} class indices but there are {n_rows} rows of logits; "
            "give one class index per row"
        )
    try:
        ig = int(ignore_index)
    except (TypeError, ValueError):
        raise InputError(f"ignore_index must be an integer, got {ignore_index!r}") from None
    if idx.size and (idx.min() < 0 or idx.max() >= n_classes):
        for s in range(0, idx.size, _CHUNK):
            part = idx[s : s + _CHUNK]
            bad = (part != ig) & ((part < 0) | (part >= n_classes))
            if bad.any():
                i = s + int(np.argmax(bad))
                raise InputError(
                    f"{name} has class index {int(idx[i])} at row {i}, outside [0, {n_classes}) "
                    f"for {n_classes} classes (and not ignore_index={ig})"
                )
    return idx, ig


def split_ignored(index: np.ndarray, ignore: int) -> tuple[np.ndarray, np.ndarray]:
    """``(safe_index, mask)``: ignored rows point at class 0 and have mask False."""
    mask = index != ignore
    return np.where(mask, index, 0), mask


def class_weight(weight, n_classes: int, name: str = "weight") -> np.ndarray | None:
    if weight is None:
        return None
    w = as_float_array(weight, name)
    if w.shape != (n_classes,):
        raise InputError(
            f"{name} must hold one weight per class, shape ({n_classes},), got shape {w.shape}"
        )
    check_nonnegative(w, name)
    return w


def parse_softmax_ce(
    logits, target, weight, ignore_index, reduction, label_smoothing
) -> SoftmaxCEArgs:
    z = as_float_array(logits, "logits")
    if z.ndim not in (1, 2):
        raise InputError(
            f"logits must have shape (C,) or (N, C), got {z.ndim} dimensions {z.shape}"
        )
    unbatched = z.ndim == 1
    z2 = z.reshape(1, -1) if unbatched else z
    n, c = z2.shape
    check_reduction(reduction)
    eps = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
    w = class_weight(weight, c)
    t = np.asarray(target) if not isinstance(target, np.ndarray) else target
    if isinstance(target, str | bytes) or t.dtype.kind in "USO" and t.shape != z.shape:
        raise InputError(f"target must be class indices or probabilities, got {t.dtype} values")
    if t.shape == z.shape:
        q = as_float_array(t, "target").reshape(n, c)
        check_in_unit_interval(q, "target")
        return SoftmaxCEArgs(z2, None, 0, q, w, eps, reduction, unbatched)
    expected = () if unbatched else (n,)
    if t.shape != expected:
        raise InputError(
            f"target has shape {t.shape}; for logits of shape {z.shape} give class indices of "
            f"shape {expected} or probabilities of shape {z.shape}"
        )
    idx, ig = class_indices(t, n, c, ignore_index)
    return SoftmaxCEArgs(z2, idx, ig, None, w, eps, reduction, unbatched)


def finite_block(block: np.ndarray, start: int, name: str = "logits") -> None:
    """Cheap finiteness check of a block of rows (a sum is a fraction of an exp pass)."""
    if np.isfinite(block.sum()):
        return
    bad = ~np.isfinite(block)
    if bad.any():
        r, col = np.unravel_index(int(np.argmax(bad)), block.shape)
        value = float(block[r, col])
        raise InputError(
            f"{name} has a non-finite value {value!r} at row {start + r}, column {col}; "
            "every logit must be a finite number"
        )
