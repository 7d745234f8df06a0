"""Argument checks shared by the practice modules, built on those of :mod:`..predictions`.

The predictions package checks one file's ``scores`` and ``labels``; a comparison of two
models needs the same checks under other names (``scores_a``, ``labels_b``), so
:func:`named` reruns a check and puts the argument's own name in its message.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from .._targets import class_indices
from .._validation import InputError
from ..predictions.inputs import _NO_IGNORE, _labels, _log_probs, _pick, _scores


def named(check: Callable, name: str, default: str, *args, **kwargs):
    """``check(*args, **kwargs)``, its message saying ``name`` where it says ``default``."""
    try:
        return check(*args, **kwargs)
    except InputError as exc:
        raise InputError(re.sub(rf"^{default}\b", name, str(exc))) from None


def scores_and_labels(
    scores, labels, kind: str, *, name: str = "scores", labels_name: str = "labels"
) -> tuple[np.ndarray, np.ndarray]:
    """Checked (N, C) scores of their ``kind`` and one class index in [0, C) per row."""
    x = named(_scores, name, "scores", scores, kind)
    y = named(_labels, labels_name, "labels", labels, *x.shape)
    return x, y


def log_scores(x: np.ndarray, y: np.ndarray, kind: str, name: str = "scores") -> np.ndarray:
    """The logits as given, or the log of probabilities (``-inf`` where p = 0).

    A true class of probability 0 has an infinite loss whatever is fitted: refused.
    """
    if kind == "logits":
        return x
    with np.errstate(divide="ignore"):
        logp = np.log(x)
    zero = _pick(x, y) == 0
    if zero.any():
        row = int(np.argmax(zero))
        raise InputError(
            f"{name} gives the true class probability 0 at row {row} "
            f"({int(zero.sum())} such rows); its loss is infinite whatever is fitted"
        )
    return logp


def probabilities_of(x: np.ndarray, kind: str) -> np.ndarray:
    """Probability rows: the scores themselves, or the softmax of logits."""
    return x if kind == "probabilities" else np.exp(_log_probs(x, kind))


def binary_labels(target, n: int, name: str = "target") -> np.ndarray:
    """Labels 0 or 1, one per sample."""
    return class_indices(np.asarray(target), n, 2, _NO_IGNORE, name=name)[0]
