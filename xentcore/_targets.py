"""Argument parsing shared by the softmax cross-entropy loss, its gradient and ``nll_loss``:
PyTorch's rules for targets, and the (N, C, d1, ..., dk) layout as rows."""

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
    refuse_complex,
)

#: Rows per block: keeps each temporary near 2 MiB (cache-sized), so peak extra
#: memory stays flat however many rows there are.
_BLOCK_BYTES = 1 << 21


#: Elements per chunk when checking long 1-D arrays.
_CHUNK = 1 << 20


def block_rows(n_classes: int) -> int:
    return max(1, _BLOCK_BYTES // (8 * max(1, n_classes)))


#: PyTorch's default ignore_index, the only one it accepts with probability targets.
TORCH_IGNORE_INDEX = -100

#: The shapes of logits (or log-probabilities) a class-target loss takes, for messages.
SHAPES = "(C,), (N, C) or (N, C, d1, ..., dk)"
#: ...and with their targets.
LAYOUTS = "(C,) or (N, C), or (N, C, d1, ..., dk) with class indices of shape (N, d1, ..., dk)"


@dataclass
class SoftmaxCEArgs:
    """Validated inputs of ``softmax_cross_entropy``, as rows: (M, C) with M = N·d1·…·dk."""

    logits: np.ndarray  # (M, C)
    index: np.ndarray | None  # (M,) int64 class targets
    ignore: int  # the ignore_index value
    probs: np.ndarray | None  # (M, C) probability targets
    weight: np.ndarray | None  # (C,)
    smoothing: float
    reduction: str
    layout: tuple[int, ...]  # the logits' own shape: (C,), (N, C) or (N, C, d1, ..., dk)

    @property
    def n_classes(self) -> int:
        return self.logits.shape[1]

    @property
    def unbatched(self) -> bool:
        return len(self.layout) == 1

    @property
    def loss_shape(self) -> tuple[int, ...]:
        """The shape of ``reduction='none'``: (), (N,) or (N, d1, ..., dk)."""
        return loss_shape(self.layout)


def loss_shape(layout: tuple[int, ...]) -> tuple[int, ...]:
    """One loss per position: the class axis (axis 1, or the only axis) removed."""
    return () if len(layout) == 1 else (layout[0], *layout[2:])


def as_rows(x: np.ndarray, name: str) -> np.ndarray:
    """(C,), (N, C) or (N, C, d1, ..., dk) as rows (M, C): the class axis moved last.

    Spatial positions become rows in C order (n, d1, ..., dk), as PyTorch lays out its
    ``reduction='none'`` output; a copy only for k >= 1.
    """
    if x.ndim == 0:
        raise InputError(f"{name} must have shape {SHAPES}, got a scalar")
    if x.ndim == 1:
        return x.reshape(1, -1)
    if x.ndim == 2:
        return x
    return np.moveaxis(x, 1, -1).reshape(-1, x.shape[1])


def from_rows(rows: np.ndarray, layout: tuple[int, ...]) -> np.ndarray:
    """The inverse of :func:`as_rows`: rows (M, C) back to ``layout``, C-contiguous."""
    if len(layout) <= 2:
        return rows.reshape(layout)
    spatial = rows.reshape(layout[0], *layout[2:], layout[1])
    return np.ascontiguousarray(np.moveaxis(spatial, -1, 1))


def _whole_numbers(arr: np.ndarray, name: str) -> np.ndarray:
    """Float class indices as float64, refused where not whole numbers (or not finite)."""
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
        raise InputError(f"{name} must be integer class indices, but has {value!r} at index {bad}")
    return f


def class_indices(target, n_rows: int, n_classes: int, ignore_index, name: str = "target"):
    """Validate integer class indices: each in [0, C) or equal to ``ignore_index``.

    Returns ``(index, ignore)`` with ``index`` an int64 array of shape (N,) (not copied
    when it already is one) and ``ignore`` the ignore value. Whole-number floats are
    taken (Keras and scikit-learn take them); :func:`torch_class_target` refuses them
    first where PyTorch does. Use :func:`split_ignored` for the mask; the checks run in
    chunks so no temporary grows with N.
    """
    arr = np.asarray(target)
    refuse_complex(arr, name)
    if arr.dtype.kind not in "iub":
        arr = _whole_numbers(arr, name)
    idx = arr.astype(np.int64, copy=False).reshape(-1)
    if idx.shape[0] != n_rows:
        raise InputError(
            f"{name} has {idx.shape[0]} class indices but there are {n_rows} rows of logits; "
            "give one class index per row"
        )
    ig = ignore_value(ignore_index)
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


def ignore_value(ignore_index) -> int:
    try:
        return int(ignore_index)
    except (TypeError, ValueError):
        raise InputError(f"ignore_index must be an integer, got {ignore_index!r}") from None


def torch_class_target(t: np.ndarray, name: str = "target") -> None:
    """PyTorch takes class indices as integers only: floats and bools are refused (it raises
    "expected target dtype to be Long or Byte")."""
    kind = t.dtype.kind
    if kind in "iu":
        return
    if kind == "b":
        raise InputError(
            f"{name} must be integer class indices, got bool values; PyTorch refuses them "
            "too (it takes int64): pass target.astype(int)"
        )
    if kind in "USO":
        raise InputError(f"{name} must be class indices or probabilities, got {t.dtype} values")
    _whole_numbers(t, name)  # names a fractional or non-finite value first
    raise InputError(
        f"{name} must be integer class indices, got {t.dtype} values; PyTorch refuses "
        "floating-point class indices (a float target must be probabilities with the "
        "shape of the logits): pass target.astype(int)"
    )


def target_shape_problem(t_shape, x_shape, name: str, soft: bool) -> InputError:
    """The message for a target of the wrong shape (for ``name`` logits of ``x_shape``)."""
    expected = loss_shape(tuple(x_shape))
    probs = f" or probabilities of shape {tuple(x_shape)}" if soft else ""
    layouts = f" ({name} must have shape {LAYOUTS})" if len(x_shape) > 2 else ""
    return InputError(
        f"target has shape {tuple(t_shape)}; for {name} of shape {tuple(x_shape)} give class "
        f"indices of shape {expected}{probs}{layouts}"
    )


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
    """Check the arguments as ``torch.nn.functional.cross_entropy`` does, and lay them out
    as rows: (C,), (N, C) or (N, C, d1, ..., dk) logits; class indices of the loss's shape
    (integers only) or probabilities of the logits' shape (floating point only)."""
    z = as_float_array(logits, "logits")
    z2 = as_rows(z, "logits")
    c = z2.shape[1]
    check_reduction(reduction)
    eps = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
    w = class_weight(weight, c)
    ig = ignore_value(ignore_index)
    t = np.asarray(target) if not isinstance(target, np.ndarray) else target
    refuse_complex(t, "target")
    if isinstance(target, str | bytes) or t.dtype.kind in "USO" and t.shape != z.shape:
        raise InputError(f"target must be class indices or probabilities, got {t.dtype} values")
    layout = tuple(z.shape)
    if t.shape == z.shape:
        return _probability_target(z2, t, ig, w, eps, reduction, layout)
    if t.shape != loss_shape(layout):
        raise target_shape_problem(t.shape, z.shape, "logits", soft=True)
    torch_class_target(t)
    idx, _ = class_indices(t, z2.shape[0], c, ig)
    return SoftmaxCEArgs(z2, idx, ig, None, w, eps, reduction, layout)


def _probability_target(z2, t, ig, w, eps, reduction, layout) -> SoftmaxCEArgs:
    if t.dtype.kind in "iub":
        expected = loss_shape(layout)
        raise InputError(
            f"target has the shape of the logits but integer values ({t.dtype}); PyTorch "
            "reads such a target as class probabilities, which must be floating point: "
            f"pass target.astype(float), or class indices of shape {expected}"
        )
    if ig != TORCH_IGNORE_INDEX:
        raise InputError(
            f"ignore_index={ig} applies only to class-index targets; PyTorch refuses it with "
            "probability targets ('ignore_index is not supported for floating point "
            "target'): leave it at -100, or give class indices"
        )
    q = as_rows(as_float_array(t, "target"), "target")
    check_in_unit_interval(q, "target")
    return SoftmaxCEArgs(z2, None, 0, q, w, eps, reduction, layout)


def finite_block(block: np.ndarray, start: int, name: str = "logits") -> None:
    """Cheap finiteness check of a block of rows (a sum is a fraction of an exp pass)."""
    with np.errstate(over="ignore"):  # ±1e308 logits sum to ±inf; the check below decides
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
