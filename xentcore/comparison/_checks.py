"""Argument checks shared by the comparison functions: logits, temperature, target, weights."""

from __future__ import annotations

import numpy as np

from .._validation import (
    InputError,
    as_float_array,
    check_distribution,
    check_finite,
    check_scalar,
    refuse_complex,
)
from ..softmax import divide_by_temperature


def _logit_vector(logits, name: str = "logits") -> np.ndarray:
    z = as_float_array(logits, name)
    if z.ndim != 1:
        raise InputError(f"{name} must be one vector of logits (shape (C,)), got shape {z.shape}")
    check_finite(z, name)
    return z


def _scaled(z: np.ndarray, temperature: float, name: str = "logits") -> np.ndarray:
    t = check_scalar(temperature, "temperature", low=0.0, low_open=True)
    return divide_by_temperature(z, t, name, fix="; raise the temperature")


def _per_class(values, name: str, n_classes: int, words: tuple[str, str]) -> np.ndarray:
    """``values`` as one float per class; ``words`` name many of them, and one."""
    arr = as_float_array(values, name)
    if arr.shape != (n_classes,):
        many, one = words
        raise InputError(
            f"{name} has {arr.size} {many} but there are {n_classes} classes; "
            f"give one {one} per class"
        )
    return arr


def _target(target, n_classes: int) -> np.ndarray | int:
    """A class index (int) or a validated probability vector of length C."""
    arr = np.asarray(target)
    refuse_complex(arr, "target")
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
    q = _per_class(target, "target", n_classes, ("probabilities", "probability"))
    check_distribution(q, "target", 0)
    return q


def _weights(weight, n_classes: int) -> np.ndarray | None:
    if weight is None:
        return None
    w = _per_class(weight, "weight", n_classes, ("values", "weight"))
    check_finite(w, "weight")
    if np.any(w < 0):
        i = int(np.argmax(w < 0))
        raise InputError(f"weight must be non-negative, but has {float(w[i])!r} at index {i}")
    return w


def _loss_settings(target, weight, label_smoothing, n_classes: int):
    """The checked target, class weights and ε of one loss over ``n_classes`` classes."""
    t = _target(target, n_classes)
    w = _weights(weight, n_classes)
    eps = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
    return t, w, eps
