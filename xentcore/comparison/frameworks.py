"""What PyTorch, Keras and scikit-learn report for one example, and why their numbers differ.

:func:`framework_losses` gives one row per framework call: the number, and the reasons
it is what it is as short codes (:data:`FRAMEWORK_REASONS`), with the facts the reasons refer
to (the target's class weight, the classes a clip moved). Turning the codes into
sentences is the page's job (``explorer/softmax/wording.py``).
"""

from __future__ import annotations

from typing import NamedTuple, TypedDict

import numpy as np

from .._validation import InputError
from ..conventions import (
    KERAS_EPSILON,
    SKLEARN_EPSILON,
    keras_categorical_crossentropy,
    keras_reduce,
)
from ..losses import softmax_cross_entropy
from ..metrics import log_loss
from ..softmax import log_softmax, softmax
from ._checks import _logit_vector, _loss_settings, _scaled
from .example import smoothed_target

__all__ = [
    "FRAMEWORK_REASONS",
    "FRAMEWORK_ROWS",
    "ClipNote",
    "FrameworkRow",
    "FrameworkSetup",
    "framework_losses",
]

#: The rows of :func:`framework_losses`, in order.
FRAMEWORK_ROWS = ("torch_mean", "torch_sum", "keras_logits", "keras_probs", "sklearn")

#: Every reason a row may give, each saying why its number is what it is.
FRAMEWORK_REASONS = (
    "exact",  # exact log-softmax, no clip
    "mean_over_batch",  # soft target: 'mean' divides by N = 1, never by the weights
    "mean_over_zero_weight",  # 'mean' divides by the target's weight 0: 0/0 = nan
    "unweighted_single",  # every weight 1, one example: 'mean' is the loss itself
    "mean_weight_cancels",  # 'mean' divides by w_y, which cancels for one example
    "mean_weight_kept",  # 'mean' divides by w_y, but the smoothing terms carry every w_c
    "weighted_sum",  # -Σ w·y′·log p, the loss of the example
    "exact_from_logits",  # Keras from logits: exact log-softmax, no clip
    "smoothing",  # the same label smoothing as PyTorch
    "sample_weight",  # class_weight becomes the sample weight w_y of the whole loss
    "smoothing_weights_differ",  # ...where PyTorch weights each smoothing term by its w_c
    "no_class_weights",  # no weights, so no sample weight
    "keras_clip",  # from probabilities: renormalised, clipped to [1e-7, 1 - 1e-7]
    "sklearn_clip",  # clipped to [eps, 1 - eps], eps the float64 machine epsilon
    "clipped",  # the clip moved the classes in the row's ``clipped``
    "clip_invisible",  # no probability is within the clip of 0 or 1
    "smoothing_ignored",  # log_loss has no label smoothing
    "sample_weight_divides_out",  # Σ s·l / Σ s: one example's weight divides out
    "zero_sample_weight",  # ...and a weight of 0 gives 0/0 = nan
    "no_soft_targets",  # log_loss takes labels, not a soft target
)


class ClipNote(NamedTuple):
    """One class a clip moved, among those where the target puts mass."""

    cls: int
    prob: float  # p_c = exp(log softmax(x)_c): 0 after an underflow
    side: str  # "low": raised to eps; "high": lowered to 1 - eps
    clipped_nll: float  # -log of the clipped p: -log eps, or -log(1 - eps)
    exact_nll: float  # -log p_c from the exact log-softmax


class FrameworkSetup(NamedTuple):
    """The facts every row's call and reasons refer to."""

    n_classes: int
    target_class: int  # the class, or the arg-max class of a soft target
    target_weight: float  # w_y: that class's weight (1 without weights)
    soft: bool  # the target is a distribution, not a class
    weight_given: bool  # class weights were passed (the calls say ``weight=w``)
    weighted: bool  # some class weight differs from 1
    label_smoothing: float


class FrameworkRow(TypedDict):
    """One framework call: its number in nats, and why it is what it is."""

    framework: str  # "PyTorch", "Keras" or "scikit-learn"
    row: str  # one of FRAMEWORK_ROWS
    value: float | None  # nan where the framework returns nan, None where it has no number
    reasons: tuple[str, ...]  # codes of FRAMEWORK_REASONS, in reading order
    clipped: tuple[ClipNote, ...]  # for the "clipped" reason
    setup: FrameworkSetup


def clip_notes(probs, y, lo, hi, exact_nll, low_nll, high_nll) -> tuple[ClipNote, ...]:
    """The classes a clip to [lo, hi] moved, where the target ``y`` puts mass.

    ``low_nll`` and ``high_nll`` are -log of the two bounds, ``exact_nll`` the exact -log p
    of every class: the facts a :class:`ClipNote` reports.
    """
    low = [
        ClipNote(int(c), float(probs[c]), "low", low_nll, float(exact_nll[c]))
        for c in np.flatnonzero((y > 0) & (probs < lo))
    ]
    high = [
        ClipNote(int(c), float(probs[c]), "high", high_nll, float(exact_nll[c] + 0.0))
        for c in np.flatnonzero((y > 0) & (probs > hi))
    ]
    return (*low, *high)


def _clip_notes(log_probs: np.ndarray, y: np.ndarray, eps: float) -> tuple[ClipNote, ...]:
    """Which classes the clip [eps, 1 - eps] moved, where the target puts mass."""
    low_nll, high_nll = float(-np.log(eps)), float(-np.log1p(-eps))
    return clip_notes(np.exp(log_probs), y, eps, 1.0 - eps, -log_probs, low_nll, high_nll)


class ExampleInputs(NamedTuple):
    """One checked example as every framework row starts from it."""

    x: np.ndarray  # z / T
    target: np.ndarray | int  # a class, or a probability vector
    weight: np.ndarray | None
    label_smoothing: float
    probs: np.ndarray  # softmax(x)
    log_probs: np.ndarray  # log_softmax(x)
    y: np.ndarray  # the target as a distribution (one-hot for a class)
    setup: FrameworkSetup


def example_inputs(logits, target, weight, label_smoothing, temperature) -> ExampleInputs:
    """Check the arguments of :func:`framework_losses` and compute what every row uses."""
    z = _logit_vector(logits)
    c = z.size
    if c < 2:
        raise InputError("logits must have at least 2 classes to compare the frameworks")
    t, w, eps = _loss_settings(target, weight, label_smoothing, c)
    x = _scaled(z, temperature)
    y = np.zeros(c)
    if isinstance(t, int):
        y[t] = 1.0
    else:
        y = t
    return ExampleInputs(x, t, w, eps, softmax(x), log_softmax(x), y, _setup(t, w, eps, c))


def _setup(t: np.ndarray | int, w: np.ndarray | None, eps: float, c: int) -> FrameworkSetup:
    # Keras' class_weight -> sample_weight: the weight of the (arg-max) target class.
    k = t if isinstance(t, int) else int(np.argmax(t))
    return FrameworkSetup(
        n_classes=c,
        target_class=k,
        target_weight=1.0 if w is None else float(w[k]),
        soft=not isinstance(t, int),
        weight_given=w is not None,
        weighted=w is not None and not np.all(w == 1.0),
        label_smoothing=eps,
    )


def _row(framework, row, value, reasons, setup, clipped=()) -> FrameworkRow:
    return {
        "framework": framework,
        "row": row,
        "value": value,
        "reasons": tuple(reasons),
        "clipped": tuple(clipped),
        "setup": setup,
    }


def _clip_reason(clipped: tuple[ClipNote, ...]) -> str:
    return "clipped" if clipped else "clip_invisible"


def _torch_rows(x, t, w, eps, setup: FrameworkSetup) -> list[FrameworkRow]:
    """F.cross_entropy with its default 'mean' and with 'sum'."""
    torch_sum = float(softmax_cross_entropy(x, t, weight=w, label_smoothing=eps, reduction="sum"))
    torch_mean = float(softmax_cross_entropy(x, t, weight=w, label_smoothing=eps))
    if setup.soft:
        mean_reasons = ("exact", "mean_over_batch")
    elif setup.target_weight == 0:
        mean_reasons = ("mean_over_zero_weight",)
    elif not setup.weighted:
        mean_reasons = ("exact", "unweighted_single")
    else:
        mean_reasons = ("exact", "mean_weight_cancels" if eps == 0 else "mean_weight_kept")
    return [
        _row("PyTorch", "torch_mean", torch_mean, mean_reasons, setup),
        _row("PyTorch", "torch_sum", torch_sum, ("weighted_sum",), setup),
    ]


def _keras_rows(x, probs, y, y_smooth, log_probs, eps, setup) -> list[FrameworkRow]:
    """CategoricalCrossentropy from logits and from probabilities, class weights as fit's."""
    if setup.weighted:
        weights = ("sample_weight", "smoothing_weights_differ") if eps > 0 else ("sample_weight",)
    else:
        weights = ("no_class_weights",)
    sample_weight = [setup.target_weight] if setup.weighted else None
    y_row = y[None, :]
    keras_logits = keras_reduce(
        keras_categorical_crossentropy(y_row, x[None, :], from_logits=True, label_smoothing=eps),
        sample_weight=sample_weight,
    )
    keras_probs = keras_reduce(
        keras_categorical_crossentropy(y_row, probs[None, :], label_smoothing=eps),
        sample_weight=sample_weight,
    )
    clipped = _clip_notes(log_probs, y_smooth, KERAS_EPSILON)
    smoothing = ("smoothing",) if eps > 0 else ()
    return [
        _row(
            "Keras",
            "keras_logits",
            float(keras_logits),
            ("exact_from_logits", *smoothing, *weights),
            setup,
        ),
        _row(
            "Keras",
            "keras_probs",
            float(keras_probs),
            ("keras_clip", _clip_reason(clipped), *weights),
            setup,
            clipped,
        ),
    ]


def _sklearn_row(t, probs, y, log_probs, eps, setup: FrameworkSetup) -> FrameworkRow:
    """log_loss with labels=range(C), the class weight as its sample weight."""
    if setup.soft:
        return _row("scikit-learn", "sklearn", None, ("no_soft_targets",), setup)
    w_y, c = setup.target_weight, setup.n_classes
    sk_weight = [w_y] if setup.weighted else None
    if sk_weight is not None and w_y == 0:
        value = float("nan")
    else:
        value = float(log_loss([t], probs[None, :], labels=list(range(c)), sample_weight=sk_weight))
    clipped = _clip_notes(log_probs, y, SKLEARN_EPSILON)
    reasons = ["sklearn_clip", _clip_reason(clipped)]
    if eps > 0:
        reasons.append("smoothing_ignored")
    if setup.weighted:
        reasons.append("zero_sample_weight" if w_y == 0 else "sample_weight_divides_out")
    return _row("scikit-learn", "sklearn", value, reasons, setup, clipped)


def framework_losses(
    logits,
    target,
    *,
    weight=None,
    label_smoothing: float = 0.0,
    temperature: float = 1.0,
) -> list[FrameworkRow]:
    r"""What PyTorch, Keras and scikit-learn report for one example, and why they differ.

    With :math:`x = z / T`, :math:`\ell = \log\operatorname{softmax}(x)` and :math:`y'` the
    smoothed target (all in nats):

    .. math::
        \text{torch 'sum'} = -\sum_c w_c y'_c \ell_c, \quad
        \text{torch 'mean'} = \frac{\text{torch 'sum'}}{w_y}, \quad
        \text{Keras} = w_y \Big(-\sum_c y'_c \log \hat p_c\Big) / N

    - PyTorch ``F.cross_entropy`` (:func:`~xentcore.softmax_cross_entropy`): exact; class
      weights scale each class's term; ``'mean'`` divides by the target's weight
      :math:`w_y` for class targets, by N for soft ones.
    - Keras ``CategoricalCrossentropy`` (:func:`~xentcore.keras_categorical_crossentropy`,
      :func:`~xentcore.keras_reduce`): the same smoothing; ``model.fit(class_weight=...)``
      becomes a sample weight :math:`w_y` on the whole loss (arg-max class for soft
      targets), and ``'sum_over_batch_size'`` divides by N. From probabilities,
      :math:`\hat p = \operatorname{clip}(p / \sum p, 10^{-7}, 1 - 10^{-7})`; from logits no clip.
    - scikit-learn ``log_loss`` (:func:`~xentcore.log_loss` with ``labels=range(C)``):
      clips at machine epsilon, knows no smoothing or soft targets, and its sample
      weights divide out for one example.

    Parameters
    ----------
    logits, target, weight, label_smoothing, temperature
        As :func:`loss_and_gradient`; at least 2 classes.

    Returns
    -------
    list of FrameworkRow
        One dict per framework call, in the order of :data:`FRAMEWORK_ROWS`: ``framework``,
        ``row`` (its code), ``value`` (nats; ``nan`` where the framework returns nan,
        ``None`` where it takes no such input), ``reasons`` (codes of
        :data:`FRAMEWORK_REASONS`), ``clipped`` (the classes a clip moved, as
        :class:`ClipNote`) and ``setup`` (:class:`FrameworkSetup`).

    Raises
    ------
    ValueError
        As :func:`loss_and_gradient`, or for fewer than 2 classes.

    Examples
    --------
    >>> rows = framework_losses([2000.0, 1000.0, 0.0], 2)
    >>> [(r["framework"], round(r["value"], 3)) for r in rows]  # doctest: +NORMALIZE_WHITESPACE
    [('PyTorch', 2000.0), ('PyTorch', 2000.0), ('Keras', 2000.0), ('Keras', 16.118),
     ('scikit-learn', 36.044)]
    >>> rows[3]["reasons"], rows[3]["clipped"][0].cls
    (('keras_clip', 'clipped', 'no_class_weights'), 2)
    """
    x, t, w, eps, probs, log_probs, y, setup = example_inputs(
        logits, target, weight, label_smoothing, temperature
    )
    y_smooth = smoothed_target(t, setup.n_classes, label_smoothing=eps)
    return [
        *_torch_rows(x, t, w, eps, setup),
        *_keras_rows(x, probs, y, y_smooth, log_probs, eps, setup),
        _sklearn_row(t, probs, y, log_probs, eps, setup),
    ]
