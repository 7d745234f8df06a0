r"""What a registered loss is: its settings, its loss and gradient on logits, its curve.

A :class:`LossEntry` names one loss of logits :math:`z` (N, C) and class targets
:math:`y` (N,) and gives the three functions every consumer needs:

* ``loss_fn(batch, **settings) -> float``: the loss (a mean over rows for
  ``batch.reduction == 'mean'``, a sum for ``'sum'``), in nats;
* ``grad_fn(batch, **settings) -> ndarray``: its gradient with respect to the logits;
* ``curve_fn(p, *, classes, base, **settings) -> ndarray`` (optional): the loss of one
  example whose true class gets probability ``p`` and the other ``classes - 1`` classes
  share ``1 - p`` equally, in ``base`` units (what the Loss curves page plots).

The functions receive a :class:`LossBatch` of checked arrays (so they do no validation)
and the settings as keywords, already checked against the entry's :class:`LossParam`\ s.
The public methods :meth:`LossEntry.loss`, :meth:`LossEntry.grad` and
:meth:`LossEntry.curve` validate their input first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from .._validation import (
    InputError,
    as_float_array,
    check_in_unit_interval,
    check_logits_and_classes,
    check_nonnegative,
    check_one_of,
    check_scalar,
    check_whole,
)
from .._validation import scalar_or_array as _scalar_or_array
from ..softmax import log_softmax, softmax

__all__ = ["LossBatch", "LossEntry", "LossParam"]

#: The reductions every entry supports.
ENTRY_REDUCTIONS = ("mean", "sum")


class LossBatch:
    """Checked logits ``z`` (N, C) and class indices ``y`` (N,), and what losses share.

    ``p`` (softmax), ``log_p`` (log-softmax), ``onehot`` and ``rows`` (``arange(N)``) are
    computed on first use and kept, so a loss and its gradient on the same batch compute
    them once. ``divisor`` is N for ``'mean'`` and 1 for ``'sum'``.
    """

    def __init__(
        self, z: np.ndarray, y: np.ndarray, *, reduction: str = "mean", p: np.ndarray | None = None
    ) -> None:
        self.z = z
        self.y = y
        self.reduction = reduction
        if p is not None:
            self.__dict__["p"] = p

    @property
    def n(self) -> int:
        """Rows N."""
        return int(self.y.size)

    @property
    def divisor(self) -> int:
        """N for a mean, 1 for a sum."""
        return self.y.size if self.reduction == "mean" else 1

    @cached_property
    def p(self) -> np.ndarray:
        """softmax(z), shape (N, C)."""
        return softmax(self.z)

    @cached_property
    def log_p(self) -> np.ndarray:
        """log softmax(z), shape (N, C)."""
        return log_softmax(self.z)

    @cached_property
    def onehot(self) -> np.ndarray:
        """The one-hot targets, shape (N, C)."""
        return np.eye(self.z.shape[1])[self.y]

    @cached_property
    def rows(self) -> np.ndarray:
        """``arange(N)``, to pick each row's true class: ``log_p[rows, y]``."""
        return np.arange(self.y.size)

    def at(self, z: np.ndarray, p: np.ndarray | None = None) -> LossBatch:
        """The same targets at new logits (the one-hot matrix and ``rows`` are kept)."""
        batch = LossBatch(z, self.y, reduction=self.reduction, p=p)
        for kept in ("onehot", "rows"):
            if kept in self.__dict__:
                batch.__dict__[kept] = self.__dict__[kept]
        return batch


@dataclass(frozen=True)
class LossParam:
    """One setting of a loss: its keyword, learner-facing label, default and range.

    ``kind`` is ``'number'`` (a float in [``low``, ``high``]) or ``'class_weights'``
    (one non-negative weight per class, a tuple). ``default=None`` makes the setting
    required; ``needed`` is then the message when it is missing.
    """

    name: str
    label: str
    default: Any = None
    low: float | None = None
    high: float | None = None
    kind: str = "number"
    needed: str = ""
    help: str = ""

    def check(self, value) -> Any:
        """The value, validated: a float in range, or a tuple of non-negative floats."""
        if self.kind == "number":
            return check_scalar(value, self.name, low=self.low, high=self.high)
        if value is None:
            raise InputError(self.needed or f"{self.name} must be given")
        w = as_float_array(value, self.name)
        if w.ndim != 1:
            raise InputError(f"{self.name} must be a list of numbers, got shape {w.shape}")
        check_nonnegative(w, self.name)
        return tuple(float(v) for v in w)

    def check_data(self, value, y: np.ndarray, n_classes: int) -> None:
        """Class weights must fit the data: one per class, not 0 for every point."""
        if self.kind != "class_weights":
            return
        w = np.asarray(value)
        if w.shape != (n_classes,):
            raise InputError(
                f"{self.name} has {w.size} values but there are {n_classes} classes; "
                f"give one weight per class"
            )
        if y.size and not np.any(w[y] > 0):
            raise InputError(
                f"{self.name} give weight 0 to every point; give a class that has points "
                "a positive weight"
            )


@dataclass(frozen=True)
class LossEntry:
    """A loss of logits and class targets: label, settings, loss, gradient and curve."""

    #: The key: what ``LossSpec(name)`` and the URL use.
    name: str
    #: Learner-facing name, e.g. "Focal loss".
    label: str
    #: Short name for legends, e.g. "focal loss".
    short: str
    params: tuple[LossParam, ...]
    loss_fn: Callable[..., float]
    grad_fn: Callable[..., np.ndarray]
    curve_fn: Callable[..., np.ndarray] | None = None
    #: False for a loss with no unit (squared error): ``base`` does not apply.
    has_unit: bool = True
    #: One sentence on what the loss does.
    summary: str = ""

    @property
    def param_names(self) -> tuple[str, ...]:
        """The keywords of the settings, in order."""
        return tuple(p.name for p in self.params)

    def param(self, name: str) -> LossParam:
        """The setting called ``name``."""
        for p in self.params:
            if p.name == name:
                return p
        raise InputError(
            f"{self.name} has no setting {name!r}; its settings are {self.param_names}"
        )

    def check_params(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Every setting, checked; an absent one takes its default (a required one raises)."""
        unknown = [k for k in given if k not in self.param_names]
        if unknown:
            raise InputError(
                f"{self.name} takes no setting {unknown[0]!r}; its settings are {self.param_names}"
            )
        return {p.name: p.check(given.get(p.name, p.default)) for p in self.params}

    def check_data(self, settings: Mapping[str, Any], y: np.ndarray, n_classes: int) -> None:
        """Settings that depend on the data (class weights) must fit it."""
        for p in self.params:
            p.check_data(settings[p.name], y, n_classes)

    def batch(self, logits, target, reduction: str, params: Mapping[str, Any]):
        """Validated ``(LossBatch, settings)`` for :meth:`loss` and :meth:`grad`."""
        z, y = check_logits_and_classes(logits, target)
        check_one_of(reduction, "reduction", ENTRY_REDUCTIONS)
        settings = self.check_params(params)
        self.check_data(settings, y, z.shape[1])
        return LossBatch(z, y, reduction=reduction), settings

    def loss(self, logits, target, *, reduction: str = "mean", **params) -> float:
        """The loss of ``logits`` (N, C) against class indices ``target`` (N,), in nats."""
        batch, settings = self.batch(logits, target, reduction, params)
        return self.loss_fn(batch, **settings)

    def grad(self, logits, target, *, reduction: str = "mean", **params) -> np.ndarray:
        """The gradient of :meth:`loss` with respect to the logits, shape (N, C)."""
        batch, settings = self.batch(logits, target, reduction, params)
        return self.grad_fn(batch, **settings)

    def curve(self, p, *, classes: int = 2, base: float | None = None, **params):
        """The loss of one example whose true class gets ``p`` (the rest share 1 - p)."""
        if self.curve_fn is None:
            raise InputError(f"{self.name} has no curve against the true class's probability")
        arr = as_float_array(p, "p")
        check_in_unit_interval(arr, "p")
        c = check_whole(classes, "classes", 2)
        settings = self.check_params(params)
        with np.errstate(divide="ignore"):
            values = self.curve_fn(arr, classes=c, base=base, **settings)
        return _scalar_or_array(np.asarray(values))
