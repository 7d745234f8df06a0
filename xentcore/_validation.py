"""Input checks shared by the core.

Every public function funnels its arguments through these helpers so that a bad
value is reported the same way everywhere: a :class:`InputError` (a ``ValueError``)
whose message names the argument, what is wrong, and where.
"""

from __future__ import annotations

import numpy as np

__all__ = ["InputError"]

#: A row of a distribution may miss 1 by at most this much (checked, not fixed).
SUM_TOLERANCE = 1e-9

REDUCTIONS = ("none", "mean", "sum")


class InputError(ValueError):
    """A bad argument: the message says which argument, what is wrong and where."""


def _where(index: tuple[int, ...]) -> str:
    if len(index) == 0:
        return ""
    if len(index) == 1:
        return f" at index {index[0]}"
    return f" at index {tuple(int(i) for i in index)}"


def refuse_complex(x, name: str) -> None:
    """Complex input is refused: NumPy would drop the imaginary part with only a warning."""
    if isinstance(x, complex | np.complexfloating):
        first = x
    elif isinstance(x, np.ndarray) and x.dtype.kind == "c":
        first = x.ravel()[0] if x.size else "none"
    else:
        return
    raise InputError(
        f"{name} has complex values (such as {first!r}); xentcore computes with real "
        "numbers only: pass the real part (x.real) if that is what you mean"
    )


def as_float_array(x, name: str, *, allow_empty: bool = False, keep=()) -> np.ndarray:
    """Convert ``x`` to a float64 array, naming ``name`` if that fails (complex is refused).

    An array whose dtype is in ``keep`` (e.g. ``(np.float32,)`` where a framework computes
    in float32) is returned as it is; lists, integers and every other dtype become float64.
    """
    if isinstance(x, str | bytes):
        raise InputError(f"{name} must be numbers, got the text {str(x)[:40]!r}")
    try:
        raw = x if isinstance(x, np.ndarray) else np.asarray(x)
        refuse_complex(raw, name)
        arr = raw if raw.dtype in keep else np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(f"{name} must be an array of numbers ({exc})") from None
    if arr.size == 0 and not allow_empty:
        raise InputError(f"{name} is empty; give at least one value")
    return arr


def scalar_or_array(x):
    """A 0-d result as a NumPy scalar, anything else unchanged."""
    return x[()] if isinstance(x, np.ndarray) and x.ndim == 0 else x


def check_finite(arr: np.ndarray, name: str, *, allow_neg_inf: bool = False) -> None:
    """Reject NaN and infinities (optionally letting ``-inf`` through)."""
    if arr.size and np.isfinite(arr.min()) and np.isfinite(arr.max()):
        return  # fast path: two reductions, no temporaries
    bad = np.isnan(arr) | (np.isposinf(arr) if allow_neg_inf else ~np.isfinite(arr))
    if bad.any():
        idx = np.unravel_index(int(np.argmax(bad)), arr.shape)
        n = int(bad.sum())
        more = f" ({n} such entries)" if n > 1 else ""
        raise InputError(
            f"{name} has a non-finite value {float(arr[idx])!r}{_where(idx)}{more}; "
            "every entry must be a finite number"
        )


def check_in_unit_interval(arr: np.ndarray, name: str) -> None:
    """Probabilities must be finite and lie in [0, 1]."""
    if arr.size and arr.min() >= 0 and arr.max() <= 1:
        return  # fast path; NaN fails both comparisons
    check_finite(arr, name)
    bad = (arr < 0) | (arr > 1)
    if bad.any():
        idx = np.unravel_index(int(np.argmax(bad)), arr.shape)
        raise InputError(
            f"{name} must be probabilities in [0, 1], but has {float(arr[idx])!r}{_where(idx)}"
        )


def check_nonnegative(arr: np.ndarray, name: str) -> None:
    if arr.size and arr.min() >= 0 and np.isfinite(arr.max()):
        return  # fast path; NaN fails the comparison
    check_finite(arr, name)
    bad = arr < 0
    if bad.any():
        idx = np.unravel_index(int(np.argmax(bad)), arr.shape)
        raise InputError(f"{name} must be non-negative, but has {float(arr[idx])!r}{_where(idx)}")


def check_distribution(arr: np.ndarray, name: str, axis: int) -> None:
    """Entries non-negative and finite, each row along ``axis`` summing to 1."""
    check_nonnegative(arr, name)
    sums = arr.sum(axis=axis)
    bad = np.abs(sums - 1.0) > SUM_TOLERANCE
    if np.any(bad):
        sums = np.asarray(sums)
        bad = np.asarray(bad)
        idx = np.unravel_index(int(np.argmax(bad)), bad.shape)
        row = "" if arr.ndim == 1 else f" row{_where(idx)}"
        raise InputError(
            f"{name}{row} sums to {float(sums[idx]):.12g}, not 1; a distribution must sum "
            f"to 1 (within {SUM_TOLERANCE:g}); renormalise it with xentcore.normalize"
        )


def check_axis(axis: int, ndim: int, name: str = "axis") -> int:
    if not isinstance(axis, int | np.integer) or isinstance(axis, bool):
        raise InputError(f"{name} must be an integer, got {axis!r}")
    if not -ndim <= axis < ndim:
        raise InputError(f"{name}={axis} is out of range for an array with {ndim} dimension(s)")
    return int(axis) % ndim


def check_same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    if a.shape != b.shape:
        raise InputError(
            f"{name_a} has shape {a.shape} but {name_b} has shape {b.shape}; they must match"
        )


def log_base(base) -> float:
    """The divisor that turns nats into ``base`` units (1.0 for nats)."""
    if base is None:
        return 1.0
    try:
        b = float(base)
    except (TypeError, ValueError):
        raise InputError(f"base must be a number > 0 other than 1, or None, got {base!r}") from None
    if not np.isfinite(b) or b <= 0 or b == 1:
        raise InputError(f"base must be a number > 0 other than 1, or None, got {base!r}")
    return float(np.log(b))


def check_reduction(reduction: str) -> str:
    return check_one_of(reduction, "reduction", REDUCTIONS)


def check_scalar(value, name: str, *, low=None, high=None, low_open=False) -> float:
    """A finite float in [low, high] (or (low, high] when ``low_open``)."""
    refuse_complex(value, name)
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number, got {value!r}") from None
    if not np.isfinite(v):
        raise InputError(f"{name} must be a finite number, got {value!r}")
    if low is not None and (v <= low if low_open else v < low):
        op = ">" if low_open else ">="
        raise InputError(f"{name} must be {op} {low}, got {value!r}")
    if high is not None and v > high:
        raise InputError(f"{name} must be <= {high}, got {value!r}")
    return v


def check_one_of(value, name: str, options) -> str:
    """``value`` must be one of ``options`` (the message lists them all)."""
    if value not in options:
        raise InputError(
            f"{name} must be one of {', '.join(repr(o) for o in options)}, got {value!r}"
        )
    return value


def check_whole(value, name: str, low: int, high: int | None = None) -> int:
    """A whole number in [low, high], or >= low without ``high`` (bools and 2.5 refused).

    Without ``high`` a value below ``low`` gets :func:`check_scalar`'s message
    ("classes must be >= 2"); with it, every failure says the whole range.
    """
    what = f"a whole number >= {low}" if high is None else f"a whole number from {low} to {high}"
    if isinstance(value, bool | np.bool_):
        raise InputError(f"{name} must be {what}, got {value!r}")
    v = check_scalar(value, name, low=low if high is None else None)
    if not v.is_integer() or (high is not None and not low <= v <= high):
        raise InputError(f"{name} must be {what}, got {value!r}")
    return int(v)


def check_logits_and_classes(logits, target) -> tuple[np.ndarray, np.ndarray]:
    """Finite (N, C) logits and one integer class index in [0, C) per row."""
    z = as_float_array(logits, "logits")
    if z.ndim != 2:
        raise InputError(f"logits must have shape (N, C), got {z.ndim} dimensions {z.shape}")
    check_finite(z, "logits")
    n, c = z.shape
    t = np.asarray(target)
    refuse_complex(t, "target")
    if t.dtype.kind not in "iu":
        if t.dtype.kind not in "fb" or t.size and not np.all(np.isfinite(t)):
            raise InputError(f"target must be integer class indices, got {t.dtype} values")
        if t.size and np.any(t != np.round(t)):
            raise InputError("target must be integer class indices, got fractional values")
    y = t.astype(np.int64).reshape(-1)
    if y.shape[0] != n:
        raise InputError(f"target has {y.shape[0]} class indices for {n} rows of logits")
    if y.size and (y.min() < 0 or y.max() >= c):
        bad = int(np.argmax((y < 0) | (y >= c)))
        raise InputError(
            f"target has class index {int(y[bad])} at row {bad}, outside [0, {c}) for {c} classes"
        )
    return z, y
