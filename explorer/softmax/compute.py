"""What xentcore says about the Softmax & logits page's inputs: every core call of the page.

The main results (softmax, its entropy against T, the loss and gradient: about 1 ms) are
kept in :func:`explorer.cache.shared_cache`, since every tab switch or button press reruns
the page on the same inputs (a hit costs a few µs). They are shared objects, never
modified (tables and charts copy what they show).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from explorer.cache import shared_cache
from explorer.softmax.inputs import SoftmaxInputs
from explorer.softmax.limits import LOGIT_LIMIT
from explorer.text import UNITS
from xentcore import entropy, softmax
from xentcore.comparison import (
    ExampleLoss,
    FrameworkRow,
    NaiveVsStable,
    PrecisionRow,
    ShiftCheck,
    TemperatureSweep,
    framework_losses,
    framework_precision,
    gradient_descent_step,
    loss_and_gradient,
    losses_along_path,
    naive_vs_stable_softmax,
    shift_invariance,
    softmax_entropy_by_temperature,
)
from xentcore.registry import RegisteredLoss, every_registered_loss

__all__ = [
    "TEMPERATURE_GRID",
    "SoftmaxResults",
    "TemperatureFrames",
    "temperature_frames",
    "registered_losses",
    "frameworks",
    "naive_vs_stable",
    "path_losses",
    "precision",
    "results",
    "shift_check",
    "step_after",
]


@dataclass(frozen=True)
class SoftmaxResults:
    """What xentcore says about the inputs; ``example`` is None while an input is invalid."""

    example: ExampleLoss | None
    probs: np.ndarray
    entropy: float
    sweep: TemperatureSweep
    error: str | None


def _key(values: Sequence[float] | int | None) -> tuple[float, ...] | int | None:
    """A list as a hashable cache key (a class index and None stay as they are)."""
    return values if values is None or isinstance(values, int) else tuple(values)


@shared_cache(max_entries=64)
def _results(
    logits: tuple[float, ...],
    target: tuple[float, ...] | int | None,
    weight: tuple[float, ...] | None,
    eps: float,
    temperature: float,
    base: float | None,
) -> SoftmaxResults:
    example, error = None, None
    if target is not None:
        try:
            example = loss_and_gradient(
                logits,
                target,
                weight=weight,
                label_smoothing=eps,
                temperature=temperature,
                base=base,
            )
        except ValueError as err:
            error = f"{err}. Change the input it names."
    probs = softmax(logits, temperature=temperature)
    return SoftmaxResults(
        example=example,
        probs=probs,
        entropy=float(entropy(probs, base=base)),
        sweep=softmax_entropy_by_temperature(logits, base=base),
        error=error,
    )


def results(inputs: SoftmaxInputs, base: float | None) -> SoftmaxResults:
    """Softmax and its entropy always; the loss and gradient when the target is valid."""
    target = None if inputs.problems else _key(inputs.target)
    return _results(
        tuple(inputs.logits),
        target,
        _key(inputs.weight),
        inputs.eps,
        inputs.temperature,
        base,
    )


def step_after(logits: Sequence[float], kwargs: dict[str, Any]) -> list[float]:
    """The logits after one gradient step ``z - lr * ∂L/∂z`` within the page's range.

    Raises ``ValueError`` (saying why) for a step the page refuses.
    """
    step = gradient_descent_step(logits, max_abs_logit=LOGIT_LIMIT, **kwargs)
    return [float(v) for v in step.after]


def path_losses(path: list[list[float]], inputs: SoftmaxInputs, base) -> np.ndarray:
    """The loss at the start and after each step, under the current settings."""
    return losses_along_path(path, inputs.target, base=base, **inputs.loss_kwargs)


def shift_check(inputs: SoftmaxInputs, shift: float, valid: bool, base) -> ShiftCheck:
    """Softmax (and the loss, when ``valid``) of z and of z + shift."""
    # The loss needs a valid target and weights; the probabilities never do.
    return shift_invariance(
        inputs.logits,
        shift,
        inputs.target if valid else None,
        base=base,
        **(inputs.loss_kwargs if valid else {"temperature": inputs.temperature}),
    )


def naive_vs_stable(inputs: SoftmaxInputs, scale: float) -> NaiveVsStable:
    """The naive and the stable softmax of the logits times ``scale``."""
    return naive_vs_stable_softmax(inputs.logits, scale=scale, temperature=inputs.temperature)


def frameworks(inputs: SoftmaxInputs) -> list[FrameworkRow]:
    """What PyTorch, Keras and scikit-learn report for the inputs (numbers and reasons)."""
    return framework_losses(inputs.logits, inputs.target, **inputs.loss_kwargs)


@shared_cache(max_entries=64)
def _registered(logits: tuple, target: int, temperature: float, weights, base):
    return every_registered_loss(
        logits, target, temperature=temperature, class_weights=weights, base=base
    )


def registered_losses(inputs: SoftmaxInputs, unit: str) -> list[RegisteredLoss] | None:
    """The example under every registered loss; None for a soft target (the registry's
    losses take a class) or while an input is invalid."""
    if not isinstance(inputs.target, int) or inputs.problems:
        return None
    base = UNITS[unit]
    weights = None if inputs.weight is None else tuple(inputs.weight)
    return _registered(tuple(inputs.logits), inputs.target, inputs.temperature, weights, base)


#: The chart's own temperature slider: 60 positions from 0.05 to 10, evenly in log T.
TEMPERATURE_GRID = tuple(float(t) for t in np.geomspace(0.05, 10.0, 60))


@dataclass(frozen=True)
class TemperatureFrames:
    """Softmax, its entropy and the loss at every position of the chart's slider."""

    grid: tuple[float, ...]
    probs: tuple[tuple[float, ...], ...]
    entropies: tuple[float, ...]
    losses: tuple[float, ...] | None  #: None while the target or weights are invalid


@shared_cache(max_entries=32)
def _frames(logits: tuple, target, weight, eps: float, t_now: float, base) -> TemperatureFrames:
    # The page's own T is one of the positions, so the chart starts where the page is.
    grid = tuple(sorted({*TEMPERATURE_GRID, t_now}))
    probs, entropies, losses = [], [], []
    for t in grid:
        p = softmax(logits, temperature=t)
        probs.append(tuple(float(v) for v in p))
        entropies.append(float(entropy(p, base=base)))
        if target is not None:
            try:
                example = loss_and_gradient(logits, target, weight=weight, label_smoothing=eps,
                                            temperature=t, base=base)  # fmt: skip
            except ValueError:  # the page already says what is wrong with the target
                target = None
                continue
            losses.append(example.loss)
    shown = tuple(losses) if target is not None else None
    return TemperatureFrames(grid, tuple(probs), tuple(entropies), shown)


def temperature_frames(inputs: SoftmaxInputs, base: float | None) -> TemperatureFrames:
    """What the softmax chart shows at each temperature of its own slider (xentcore's)."""
    target = None if inputs.problems else _key(inputs.target)
    return _frames(
        tuple(inputs.logits), target, _key(inputs.weight), inputs.eps, inputs.temperature, base
    )


def precision(inputs: SoftmaxInputs) -> list[PrecisionRow]:
    """The same loss in float32 and float64 as each framework computes it (and why)."""
    return framework_precision(inputs.logits, inputs.target, **inputs.loss_kwargs)
