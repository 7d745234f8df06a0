"""The same loss in float32 and float64, as each framework computes it, and why they differ.

:func:`framework_precision` gives one row per framework: the loss of one example when its
inputs are float64 and when they are float32, both computed here, with the reasons the
two differ as short codes (:data:`PRECISION_REASONS`) and the classes each dtype's clip
moved. Every framework computes in the dtype of its input (Keras in ``floatx``), so:

- PyTorch: ``log_softmax`` in float32 keeps about 7 significant digits; a target
  probability within float32's resolution of 1 gets a loss of exactly 0;
- Keras (from probabilities): its clip bounds are Python floats cast to the tensor's
  dtype, so in float32 ``1 - 1e-7`` becomes ``1 - 1.19e-7`` (and ``1e-7``
  1.0000000117e-7);
- scikit-learn: ``log_loss`` clips at the dtype's machine epsilon, 1.19e-7 in float32
  instead of 2.2e-16, so a zero probability costs 15.94 instead of 36.04.

The sentences are the page's (``explorer/softmax/wording.py``).
"""

from __future__ import annotations

from typing import TypedDict

import numpy as np

from .._precision import log_in, log_softmax_in, softmax_in
from ..conventions import KERAS_EPSILON, keras_categorical_crossentropy, keras_reduce
from ..losses import softmax_cross_entropy
from ..metrics import log_loss
from .example import smoothed_target
from .frameworks import ClipNote, FrameworkSetup, clip_notes, example_inputs

__all__ = ["PRECISION_REASONS", "PRECISION_ROWS", "PrecisionRow", "framework_precision"]

#: The rows of :func:`framework_precision`, in order.
PRECISION_ROWS = ("torch", "keras_probs", "sklearn")

#: Every reason a row may give for its two numbers.
PRECISION_REASONS = (
    "torch_dtype",  # PyTorch computes in the tensor's dtype: log_softmax in float32
    "keras_floatx",  # Keras computes in floatx, float32 unless set_floatx('float64')
    "sklearn_dtype",  # log_loss computes in y_proba's dtype and clips at its epsilon
    "float32_rounding",  # the same up to float32's rounding (about 7 significant digits)
    "sum_rounds_to_one",  # float32: Σ exp(z - max) = 1 + tiny rounds to 1, so the loss is 0
    "keras_clip_rounds",  # the clip moved a class; its bounds round in float32
    "sklearn_clip_by_dtype",  # the clip moved a class; eps is 1.19e-7 or 2.2e-16 by dtype
    "float32_overflow",  # the logits (divided by T) do not fit float32 (beyond 3.4e38)
    "no_soft_targets",  # log_loss takes labels, not a soft target
)

_F32 = np.float32
_EPS32 = float(np.finfo(_F32).eps)
_EPS64 = float(np.finfo(np.float64).eps)


class PrecisionRow(TypedDict):
    """One framework's loss of the example in float64 and in float32 (nats)."""

    framework: str  # "PyTorch", "Keras" or "scikit-learn"
    row: str  # one of PRECISION_ROWS
    float64: float | None  # None where the framework takes no such input
    float32: float | None
    reasons: tuple[str, ...]  # codes of PRECISION_REASONS, in reading order
    clipped64: tuple[ClipNote, ...]  # the classes the float64 clip moved
    clipped32: tuple[ClipNote, ...]  # ...and the float32 one (probabilities in float32)
    setup: FrameworkSetup


def _row(framework, row, f64, f32, reasons, setup, clipped=((), ())) -> PrecisionRow:
    return {
        "framework": framework,
        "row": row,
        "float64": f64,
        "float32": f32,
        "reasons": tuple(reasons),
        "clipped64": tuple(clipped[0]),
        "clipped32": tuple(clipped[1]),
        "setup": setup,
    }


def _agreement(clipped, clip_code: str) -> str:
    """``clip_code`` where a clip moved a class in either dtype, else float32's rounding."""
    return clip_code if clipped[0] or clipped[1] else "float32_rounding"


def _torch_precision(x, x32, t, w, eps, setup) -> PrecisionRow:
    """F.cross_entropy(z, y, weight=w, label_smoothing=ε, reduction='sum') in each dtype."""
    f64 = float(softmax_cross_entropy(x, t, weight=w, label_smoothing=eps, reduction="sum"))
    if x32 is None:
        return _row(
            "PyTorch", "torch", f64, float("nan"), ("torch_dtype", "float32_overflow"), setup
        )
    c = setup.n_classes
    y32 = smoothed_target(t, c, label_smoothing=eps).astype(_F32)
    w32 = np.ones(c, dtype=_F32) if w is None else w.astype(_F32)
    f32 = float(-(w32 * y32 * log_softmax_in(x32)).sum()) + 0.0  # + 0.0: never -0.0
    code = "sum_rounds_to_one" if f32 == 0.0 < f64 else "float32_rounding"
    return _row("PyTorch", "torch", f64, f32, ("torch_dtype", code), setup)


def _dtype_notes(probs, y, lo, hi, exact_nll) -> tuple[ClipNote, ...]:
    """The classes a clip to [lo, hi] moved, with -log of the bounds in the dtype of probs."""
    low_nll, high_nll = (float(-log_in(np.asarray(b, dtype=probs.dtype))) for b in (lo, hi))
    return clip_notes(probs, y, lo, hi, exact_nll, low_nll, high_nll)


def _keras_precision(t, probs, probs32, y, nll, setup) -> PrecisionRow:
    """CategoricalCrossentropy()(y, softmax(z)) in each dtype, class weights as fit's."""
    eps = setup.label_smoothing
    sample_weight = [setup.target_weight] if setup.weighted else None

    def loss(p: np.ndarray) -> float:
        per = keras_categorical_crossentropy(y[None], p[None], label_smoothing=eps)
        return keras_reduce(per, sample_weight=sample_weight)

    y_smooth = smoothed_target(t, setup.n_classes, label_smoothing=eps)
    lo, hi = KERAS_EPSILON, 1.0 - KERAS_EPSILON
    clipped = (_dtype_notes(probs, y_smooth, lo, hi, nll), ())
    if probs32 is None:
        return _row(
            "Keras",
            "keras_probs",
            loss(probs),
            float("nan"),
            ("keras_floatx", "float32_overflow"),
            setup,
            clipped,
        )
    clipped = (clipped[0], _dtype_notes(probs32, y_smooth, _F32(lo), _F32(hi), nll))
    f64, f32 = loss(probs), loss(probs32)
    reasons = ("keras_floatx", _agreement(clipped, "keras_clip_rounds"))
    return _row("Keras", "keras_probs", f64, f32, reasons, setup, clipped)


def _sklearn_precision(t, probs, probs32, y, nll, setup) -> PrecisionRow:
    """log_loss([y], [softmax(z)], labels=range(C)) in each dtype, w_y as sample weight."""
    if setup.soft:
        return _row("scikit-learn", "sklearn", None, None, ("no_soft_targets",), setup)
    c, w_y = setup.n_classes, setup.target_weight

    def loss(p: np.ndarray) -> float:
        if setup.weighted and w_y == 0:
            return float("nan")  # Σ s·l / Σ s with the only weight 0
        weight = [w_y] if setup.weighted else None
        return log_loss([t], p[None], labels=list(range(c)), sample_weight=weight)

    clipped = (_dtype_notes(probs, y, _EPS64, 1.0 - _EPS64, nll), ())
    if probs32 is None:
        return _row(
            "scikit-learn",
            "sklearn",
            loss(probs),
            float("nan"),
            ("sklearn_dtype", "float32_overflow"),
            setup,
            clipped,
        )
    eps32 = _F32(_EPS32)
    clipped = (clipped[0], _dtype_notes(probs32, y, eps32, 1 - eps32, nll))
    f64, f32 = loss(probs), loss(probs32)
    reasons = ("sklearn_dtype", _agreement(clipped, "sklearn_clip_by_dtype"))
    return _row("scikit-learn", "sklearn", f64, f32, reasons, setup, clipped)


def framework_precision(
    logits, target, *, weight=None, label_smoothing: float = 0.0, temperature: float = 1.0
) -> list[PrecisionRow]:
    r"""The same loss in float64 and in float32, as PyTorch, Keras and scikit-learn compute it.

    With :math:`x = z / T` cast to each dtype, :math:`y'` the smoothed target and every
    step rounded to that dtype (``log`` and ``exp`` correctly rounded):

    .. math::
        \text{PyTorch} = -\sum_c w_c y'_c \log\operatorname{softmax}(x)_c, \quad
        \text{Keras} = -w_y \sum_c y'_c \log\operatorname{clip}(p_c, 10^{-7}, 1 - 10^{-7}),
        \quad \text{scikit-learn} = -\log\operatorname{clip}(p_y, \epsilon, 1 - \epsilon)

    with :math:`p = \operatorname{softmax}(x)` computed in the dtype (a float32 model's
    output), the Keras bounds cast to the dtype (``1 - 1e-7`` is ``1 - 2^{-23}`` in
    float32) and :math:`\epsilon` the dtype's machine epsilon (2.2e-16 or 1.19e-7).
    Calls and weights are those of :func:`~xentcore.framework_losses` (PyTorch with
    ``reduction='sum'``, the loss of the example).

    Parameters
    ----------
    logits, target, weight, label_smoothing, temperature
        As :func:`~xentcore.framework_losses`; at least 2 classes.

    Returns
    -------
    list of PrecisionRow
        One dict per row of :data:`PRECISION_ROWS`: ``framework``, ``row``, ``float64``
        and ``float32`` (nats; ``None`` where the framework takes no such input, ``nan``
        where the logits do not fit float32), ``reasons`` (codes of
        :data:`PRECISION_REASONS`), ``clipped64`` and ``clipped32`` (the classes each
        dtype's clip moved, as :class:`~xentcore.ClipNote`) and ``setup``.

    Raises
    ------
    ValueError
        As :func:`~xentcore.framework_losses`.

    Examples
    --------
    >>> rows = framework_precision([40.0, 20.0, 0.0], 2)
    >>> [(r["framework"], round(r["float64"], 4), round(r["float32"], 4)) for r in rows]
    [('PyTorch', 40.0, 40.0), ('Keras', 16.1181, 16.1181), ('scikit-learn', 36.0437, 15.9424)]
    >>> rows[2]["reasons"]
    ('sklearn_dtype', 'sklearn_clip_by_dtype')
    """
    x, t, w, eps, probs, log_probs, y, setup = example_inputs(
        logits, target, weight, label_smoothing, temperature
    )
    with np.errstate(over="ignore"):
        x32 = x.astype(_F32)
    x32 = x32 if np.all(np.isfinite(x32)) else None
    probs32 = None if x32 is None else softmax_in(x32)
    nll = -log_probs
    return [
        _torch_precision(x, x32, t, w, eps, setup),
        _keras_precision(t, probs, probs32, y, nll, setup),
        _sklearn_precision(t, probs, probs32, y, nll, setup),
    ]
