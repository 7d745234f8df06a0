r"""Landmarks for reading a loss: the clipped exact opposite, a uniform guess, an average.

:func:`opposite_path_curve` and :func:`exact_opposite_losses` show what each framework's
clip makes of a prediction that gives the true class 0; :func:`uniform_guess_loss` and
:func:`read_average_loss` put an average log loss between 0 (perfect) and
:math:`\log C` (guessing). Built from :mod:`xentcore.information` and
:mod:`xentcore.conventions`. ``base=None`` gives nats, ``2`` bits, ``10`` hartleys.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .._validation import check_scalar, log_base
from .._validation import scalar_or_array as _scalar_or_array
from ..conventions import KERAS_EPSILON, SKLEARN_EPSILON, TEXTBOOK_EPSILON, clipped_cross_entropy
from ..information import cross_entropy
from ..losses import binary_cross_entropy
from ..registry.entries import true_class_pair
from .per_loss import check_classes, probabilities

__all__ = [
    "CLIP_EPSILONS",
    "LossReading",
    "exact_opposite_losses",
    "opposite_path_curve",
    "read_average_loss",
    "uniform_guess_loss",
]

#: The clips of the conventions, by the short name a page offers ("none": no clip, log 0 = -inf).
CLIP_EPSILONS: dict[str, float | None] = {
    "none": None,
    "1e-15": TEXTBOOK_EPSILON,  # the tutorials: log(q + 1e-15)
    "1e-7": KERAS_EPSILON,  # keras.backend.epsilon()
    "eps": SKLEARN_EPSILON,  # sklearn.metrics.log_loss: finfo(float64).eps
}


def opposite_path_curve(
    t: ArrayLike, *, eps: float | None = TEXTBOOK_EPSILON, base: float | None = None
) -> float | np.ndarray:
    r"""The sources' plot: target ``[0, 1]``, prediction ``[1 - t, t]`` with its clip.

    .. math:: L(t) = -\log \operatorname{clip}(t,\ \epsilon,\ 1 - \epsilon)

    ``t = 1`` is a perfect prediction, ``t = 0`` the exact opposite ``[1, 0]``. Without a
    clip (``eps=None``) the loss there is infinite; with one it is :math:`-\log\epsilon`
    (1e-15: 34.5388 nats). Computed with :func:`xentcore.clipped_cross_entropy`, or
    :func:`xentcore.cross_entropy` for ``eps=None``.

    Parameters
    ----------
    t : array_like
        The predicted probability of class 1 (the true class), in [0, 1].
    eps : float or None, default 1e-15
        The clip in (0, 0.5], or ``None`` for none.
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        For ``t`` outside [0, 1] or ``eps`` outside (0, 0.5].

    Examples
    --------
    >>> round(float(opposite_path_curve(0.0, eps=1e-15)), 4)
    34.5388
    >>> float(opposite_path_curve(0.0, eps=None))
    inf
    """
    arr = probabilities(t, "t", allow_zero=True)
    target, prediction = true_class_pair(arr)
    if eps is None:
        loss = cross_entropy(target, prediction, base=base)
    else:
        loss = clipped_cross_entropy(target, prediction, eps=eps, base=base)
    return _scalar_or_array(np.asarray(loss) + 0.0)


def exact_opposite_losses(*, base: float | None = None) -> dict[str, float]:
    r"""The loss of predicting ``[1, 0]`` for target ``[0, 1]`` under each convention.

    .. math:: L = -\log \epsilon \quad\text{or}\quad L = -\max(\log 0, -100) = 100

    Keys: ``"none"`` (∞), ``"1e-15"`` (the tutorials, 34.54 nats), ``"1e-7"`` (Keras,
    16.12 nats), ``"eps"`` (scikit-learn's machine epsilon, 36.04 nats) and ``"torch"``
    (``torch.nn.functional.binary_cross_entropy`` clamps log at -100 nats: 100 nats).

    Parameters
    ----------
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    dict of str to float

    Raises
    ------
    ValueError
        For a bad base.

    Examples
    --------
    >>> {k: round(v, 3) for k, v in exact_opposite_losses().items()}
    {'none': inf, '1e-15': 34.539, '1e-7': 16.118, 'eps': 36.044, 'torch': 100.0}
    """
    div = log_base(base)
    out = {
        name: float(opposite_path_curve(0.0, eps=eps, base=base))
        for name, eps in CLIP_EPSILONS.items()
    }
    # PyTorch's clamp is on the natural log: 100 nats whatever unit it is shown in.
    out["torch"] = float(binary_cross_entropy([0.0], [1.0])) / div
    return out


def uniform_guess_loss(classes: int, *, base: float | None = None) -> float:
    r"""Cross-entropy of a uniform guess over C classes: :math:`\log C`.

    .. math:: H(y, \tfrac{1}{C}\mathbf{1}) = -\log\frac{1}{C} = \log C

    What a fresh classifier scores before it learns anything; an average loss below it
    beats guessing (2.3026 nats for C = 10).

    Parameters
    ----------
    classes : int
        Number of classes C, at least 2.
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For C not a whole number >= 2, or a bad base.

    Examples
    --------
    >>> round(uniform_guess_loss(10), 4), uniform_guess_loss(8, base=2)
    (2.3026, 3.0)
    """
    c = check_classes(classes)
    # The true class gets 1/C; the other C - 1 classes (target 0) grouped into one.
    return float(cross_entropy([1.0, 0.0], [1.0 / c, 1.0 - 1.0 / c], base=base))


class LossReading(NamedTuple):
    """How to read an average log loss against the C-class landmarks."""

    loss: float  #: the average loss, in base units
    uniform: float  #: log C: a uniform guess
    probability: float  #: base^-loss: the geometric mean probability given to the true class
    perplexity: float  #: base^loss: as unsure as a uniform guess over this many classes
    beats_uniform: bool  #: loss < log C


def read_average_loss(loss: float, classes: int, *, base: float | None = None) -> LossReading:
    r"""Read an average cross-entropy (log loss) against 0 (perfect) and log C (guessing).

    .. math::
        \bar p = b^{-L} = \Big(\prod_n p_n\Big)^{1/N}, \qquad
        \mathrm{PP} = b^{L}, \qquad L < \log_b C \iff \text{better than guessing}

    An average loss ``L`` is the cross-entropy of giving every true class the
    geometric-mean probability :math:`\bar p`; its perplexity :math:`1/\bar p` is the
    number of classes a uniform guess would hesitate between.

    Parameters
    ----------
    loss : float
        The average loss in ``base`` units, >= 0.
    classes : int
        Number of classes C, at least 2.
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    LossReading

    Raises
    ------
    ValueError
        For a negative or non-finite loss, C not a whole number >= 2, or a bad base.

    Examples
    --------
    >>> r = read_average_loss(1.0, 10, base=2)
    >>> r.probability, r.perplexity, r.beats_uniform
    (0.5, 2.0, True)
    """
    value = check_scalar(loss, "loss", low=0.0)
    uniform = uniform_guess_loss(classes, base=base)
    nats = value * log_base(base)
    with np.errstate(over="ignore", under="ignore"):
        probability = float(np.exp(-nats))
        perplexity = float(np.exp(nats))
    return LossReading(value, uniform, probability, perplexity, bool(value < uniform))
