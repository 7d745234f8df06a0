"""Loss curves: each loss as a function of the predicted probability of the true class.

Every function is vectorised: give an array of probabilities ``p`` (of the true class)
and get the loss at each. The curves are built from the losses of
:mod:`xentcore.information` (cross-entropy), so they agree with PyTorch, Keras and
scikit-learn at the same points; the tests hold each one against them.
``base=None`` gives nats, ``2`` bits, ``10`` hartleys.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._validation import (
    InputError,
    as_float_array,
    check_in_unit_interval,
    check_scalar,
    log_base,
)
from ._validation import scalar_or_array as _scalar_or_array
from .conventions import KERAS_EPSILON, SKLEARN_EPSILON, TEXTBOOK_EPSILON, clipped_cross_entropy
from .information import cross_entropy
from .losses import binary_cross_entropy

__all__ = [
    "CLIP_EPSILONS",
    "LogitGradients",
    "LossReading",
    "SmoothedMinimum",
    "cross_entropy_curve",
    "exact_opposite_losses",
    "focal_curve",
    "logit",
    "logit_gradients",
    "opposite_path_curve",
    "probability_grid",
    "read_average_loss",
    "smoothed_cross_entropy_curve",
    "smoothed_minimum",
    "squared_error_curve",
    "uniform_guess_loss",
]

#: The clips of the conventions, by the short name a page offers ("none": no clip, log 0 = -inf).
CLIP_EPSILONS: dict[str, float | None] = {
    "none": None,
    "1e-15": TEXTBOOK_EPSILON,  # the tutorials: log(q + 1e-15)
    "1e-7": KERAS_EPSILON,  # keras.backend.epsilon()
    "eps": SKLEARN_EPSILON,  # sklearn.metrics.log_loss: finfo(float64).eps
}


def _probabilities(p: ArrayLike, name: str = "p", *, allow_zero: bool = False) -> np.ndarray:
    arr = as_float_array(p, name)
    check_in_unit_interval(arr, name)
    if not allow_zero and arr.size and arr.min() <= 0:
        idx = int(np.argmax(arr.ravel() <= 0))
        raise InputError(
            f"{name} must be in (0, 1], but has 0 at index {idx}: log 0 is -inf, so the loss "
            "is infinite there (opposite_path_curve shows how frameworks clip it)"
        )
    return arr


def _classes(classes) -> int:
    """A whole number of classes, at least 2."""
    if isinstance(classes, bool | np.bool_):
        raise InputError(f"classes must be a whole number >= 2, got {classes!r}")
    c = check_scalar(classes, "classes", low=2)
    if not c.is_integer():
        raise InputError(f"classes must be a whole number >= 2, got {classes!r}")
    return int(c)


def probability_grid(
    n: int = 300, *, smallest: float = 1e-4, include_zero: bool = False
) -> np.ndarray:
    r"""Points in (0, 1] for drawing a curve: log-spaced near 0, evenly spaced above 0.05.

    A third of the points run geometrically from ``smallest`` to 0.05, where
    :math:`-\log p` is steep; the rest evenly from 0.05 to 1. The last point is exactly 1.

    Parameters
    ----------
    n : int, default 300
        Number of points (at least 8); ``include_zero`` adds one more.
    smallest : float, default 1e-4
        The first positive point, in (0, 0.05).
    include_zero : bool, default False
        Start with p = 0 (the exact opposite of the truth, where the loss is infinite).

    Returns
    -------
    numpy.ndarray
        Increasing probabilities.

    Raises
    ------
    ValueError
        For ``n`` below 8 or not whole, or ``smallest`` outside (0, 0.05).

    Examples
    --------
    >>> grid = probability_grid(300)
    >>> len(grid), float(grid[0]), float(grid[-1])
    (300, 0.0001, 1.0)
    >>> float(probability_grid(10, smallest=1e-20, include_zero=True)[0])
    0.0
    """
    size = check_scalar(n, "n", low=8)
    if not size.is_integer():
        raise InputError(f"n must be a whole number >= 8, got {n!r}")
    low = check_scalar(smallest, "smallest", low=0.0, low_open=True)
    if low >= 0.05:
        raise InputError(f"smallest must be < 0.05, got {smallest!r}")
    n_log = int(size) // 3
    near_zero = np.geomspace(low, 0.05, n_log, endpoint=False)
    rest = np.linspace(0.05, 1.0, int(size) - n_log)
    grid = np.concatenate([near_zero, rest])
    return np.concatenate([[0.0], grid]) if include_zero else grid


def logit(p: ArrayLike) -> float | np.ndarray:
    r"""The logit (log-odds) of a probability, the inverse of :func:`xentcore.sigmoid`.

    .. math:: z = \log\frac{p}{1 - p}

    Computed as :math:`\log p - \log(1 - p)` with ``log1p``, accurate near both ends;
    ``p = 0`` gives ``-inf`` and ``p = 1`` gives ``inf``.

    Parameters
    ----------
    p : array_like
        Probabilities in [0, 1].

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        For values outside [0, 1] or not finite.

    Examples
    --------
    >>> float(logit(0.5)), round(float(logit(0.9)), 6)
    (0.0, 2.197225)
    """
    arr = _probabilities(p, allow_zero=True)
    with np.errstate(divide="ignore"):
        z = np.log(arr) - np.log1p(-arr)
    return _scalar_or_array(z)


def cross_entropy_curve(p: ArrayLike, *, base: float | None = None) -> float | np.ndarray:
    r"""Cross-entropy when the true class gets probability ``p``: :math:`-\log p`.

    .. math:: L_{\mathrm{CE}}(p) = -\log p

    The cross-entropy of a one-hot target against any prediction that gives the true
    class ``p`` (how the rest is spread does not matter). 0 at ``p = 1``, infinite as
    ``p`` goes to 0. Computed as :func:`xentcore.cross_entropy` of ``[0, 1]`` against
    ``[1 - p, p]``.

    Parameters
    ----------
    p : array_like
        Probabilities of the true class, in (0, 1].
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        For ``p`` outside (0, 1] or a bad base.

    Examples
    --------
    >>> cross_entropy_curve([0.5, 1.0], base=2).tolist()
    [1.0, 0.0]
    """
    arr = _probabilities(p)
    target = np.broadcast_to([0.0, 1.0], (*arr.shape, 2))
    prediction = np.stack([1.0 - arr, arr], axis=-1)
    # + 0.0 turns the -0.0 of p = 1 into 0.0
    return _scalar_or_array(np.asarray(cross_entropy(target, prediction, base=base)) + 0.0)


def squared_error_curve(p: ArrayLike) -> float | np.ndarray:
    r"""Squared error of the true class's probability: :math:`(1 - p)^2`.

    .. math:: L_{\mathrm{SE}}(p) = (1 - p)^2

    The Brier score of one positive binary example (``sklearn.metrics.brier_score_loss``
    with ``y_true = [1]``). It has no unit: it is not measured in bits or nats. (The
    two-column Brier score :math:`\sum_c (y_c - q_c)^2` of a binary prediction is twice this.)
    Bounded by 1 however wrong the prediction, unlike cross-entropy.

    Parameters
    ----------
    p : array_like
        Probabilities of the true class, in [0, 1].

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        For values outside [0, 1] or not finite.

    Examples
    --------
    >>> squared_error_curve([0.0, 0.5, 1.0]).tolist()
    [1.0, 0.25, 0.0]
    """
    arr = _probabilities(p, allow_zero=True)
    return _scalar_or_array((1.0 - arr) ** 2)


def focal_curve(
    p: ArrayLike,
    *,
    gamma: float = 2.0,
    alpha: float | None = None,
    base: float | None = None,
) -> float | np.ndarray:
    r"""Focal loss of the true class: :math:`-\alpha (1 - p)^\gamma \log p`.

    .. math:: L_{\mathrm{focal}}(p) = \alpha\,(1 - p)^{\gamma}\,(-\log p)

    Cross-entropy scaled down where the prediction is already good (``p`` near 1), so
    training focuses on hard examples (Lin et al., 2017). ``gamma = 0`` without ``alpha``
    is cross-entropy. The same as ``torchvision.ops.sigmoid_focal_loss(logit(p), 1,
    alpha=alpha or -1, gamma=gamma)``.

    Parameters
    ----------
    p : array_like
        Probabilities of the true class, in (0, 1].
    gamma : float, default 2.0
        Focusing exponent, >= 0.
    alpha : float, optional
        Weight of the true class in [0, 1] (RetinaNet: 0.25); ``None`` for no weighting.
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        For ``p`` outside (0, 1], ``gamma`` negative or not finite, ``alpha`` outside [0, 1].

    Examples
    --------
    >>> focal_curve([0.5], gamma=2.0, base=2).tolist()
    [0.25]
    """
    g = check_scalar(gamma, "gamma", low=0.0)
    a = 1.0 if alpha is None else check_scalar(alpha, "alpha", low=0.0, high=1.0)
    arr = _probabilities(p)
    ce = np.asarray(cross_entropy_curve(arr, base=base))
    return _scalar_or_array(a * (1.0 - arr) ** g * ce)


def smoothed_cross_entropy_curve(
    p: ArrayLike, *, smoothing: float, classes: int, base: float | None = None
) -> float | np.ndarray:
    r"""Label-smoothed cross-entropy when the true class gets ``p`` and the rest share ``1 - p``.

    The target becomes :math:`y' = (1-\varepsilon)\,y + \varepsilon/C` and the prediction
    :math:`q = [p, \tfrac{1-p}{C-1}, \dots]`, so with :math:`a = 1 - \varepsilon + \varepsilon/C`:

    .. math::
        L_\varepsilon(p) = -a \log p - (1 - a) \log\frac{1 - p}{C - 1}
                         = H([a, 1-a], [p, 1-p]) + (1 - a)\log(C - 1)

    (the :math:`C-1` equal classes grouped into one). Its minimum is not at ``p = 1`` but at
    ``p = a`` (see :func:`smoothed_minimum`); for ``ε > 0`` it is infinite at ``p = 1``.
    Equals ``torch.nn.functional.cross_entropy(log q, 0, label_smoothing=ε)``.

    Parameters
    ----------
    p : array_like
        Probabilities of the true class, in (0, 1].
    smoothing : float
        ε in [0, 1].
    classes : int
        Number of classes C, at least 2.
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        For ``p`` outside (0, 1], ε outside [0, 1], or C not a whole number >= 2.

    Examples
    --------
    >>> smoothed_cross_entropy_curve([0.5], smoothing=0.0, classes=2, base=2).tolist()
    [1.0]
    >>> float(smoothed_cross_entropy_curve(1.0, smoothing=0.1, classes=10))
    inf
    """
    arr = _probabilities(p)
    eps = check_scalar(smoothing, "smoothing", low=0.0, high=1.0)
    c = _classes(classes)
    a = 1.0 - eps + eps / c  # the smoothed target's probability of the true class
    div = log_base(base)
    target = np.broadcast_to([a, 1.0 - a], (*arr.shape, 2))
    prediction = np.stack([arr, 1.0 - arr], axis=-1)
    grouped = np.asarray(cross_entropy(target, prediction, base=base))
    return _scalar_or_array(grouped + (1.0 - a) * np.log(c - 1.0) / div + 0.0)


class SmoothedMinimum(NamedTuple):
    """Where label-smoothed cross-entropy is smallest, and its value there."""

    p: float  #: 1 - ε + ε/C: the smoothed target's probability of the true class
    loss: float  #: H(y'): the entropy of the smoothed target


def smoothed_minimum(
    smoothing: float, classes: int, *, base: float | None = None
) -> SmoothedMinimum:
    r"""The minimum of :func:`smoothed_cross_entropy_curve`: at the smoothed target itself.

    .. math::
        p^\ast = 1 - \varepsilon + \varepsilon / C, \qquad
        L_\varepsilon(p^\ast) = H(y') = -a\log a - (1-a)\log\frac{1-a}{C-1}

    Cross-entropy :math:`H(y', q) = H(y') + KL(y' \| q)` is smallest when ``q = y'``: a
    smoothed model is rewarded for stopping short of certainty, and its best loss is
    the target's own entropy, not 0.

    Parameters
    ----------
    smoothing : float
        ε in [0, 1].
    classes : int
        Number of classes C, at least 2.
    base : float, optional
        Logarithm base: ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    SmoothedMinimum
        ``(p, loss)``.

    Raises
    ------
    ValueError
        For ε outside [0, 1] or C not a whole number >= 2.

    Examples
    --------
    >>> m = smoothed_minimum(0.1, 10)
    >>> round(m.p, 2), round(m.loss, 4)
    (0.91, 0.5003)
    """
    eps = check_scalar(smoothing, "smoothing", low=0.0, high=1.0)
    c = _classes(classes)
    a = 1.0 - eps + eps / c
    loss = float(smoothed_cross_entropy_curve(a, smoothing=eps, classes=c, base=base))
    return SmoothedMinimum(a, loss)


class LogitGradients(NamedTuple):
    """∂L/∂z at p = σ(z) with target 1, for two losses, and how much stronger CE pulls."""

    cross_entropy: np.ndarray  #: (p - 1) / ln(base)
    squared_error: np.ndarray  #: -2 p (1 - p)^2
    ratio: np.ndarray  #: |CE| / |SE| = 1 / (2 p (1 - p) ln base); nan at p = 1 (both 0)


def logit_gradients(p: ArrayLike, *, base: float | None = None) -> LogitGradients:
    r"""Gradients with respect to the logit ``z`` of two losses of a sigmoid output, target 1.

    With :math:`p = \sigma(z)` and :math:`\sigma' = p(1-p)`:

    .. math::
        \frac{\partial}{\partial z}\big(-\log p\big) = p - 1, \qquad
        \frac{\partial}{\partial z}(1 - p)^2 = -2p(1 - p)^2

    When the model is confidently wrong (``p`` near 0) cross-entropy still pulls with
    nearly full strength (-1), while the squared error's gradient vanishes with ``p``:
    the sigmoid's flat tail cancels it. That is why cross-entropy trains faster. The
    cross-entropy gradient is that of the loss in ``base`` units (divided by ln base);
    the squared error has no unit.

    Parameters
    ----------
    p : array_like
        Probabilities σ(z) of the true class, in (0, 1].
    base : float, optional
        Logarithm base of the cross-entropy: ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    LogitGradients
        ``(cross_entropy, squared_error, ratio)``, each shaped like ``p``.

    Raises
    ------
    ValueError
        For ``p`` outside (0, 1] or a bad base.

    Examples
    --------
    >>> g = logit_gradients([0.1, 0.5])
    >>> g.cross_entropy.round(3).tolist(), g.squared_error.round(3).tolist()
    ([-0.9, -0.5], [-0.162, -0.25])
    """
    arr = _probabilities(p)
    div = log_base(base)
    ce = (arr - 1.0) / div
    se = -2.0 * arr * (1.0 - arr) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.abs(ce) / np.abs(se)
    return LogitGradients(ce + 0.0, se + 0.0, ratio)  # + 0.0 turns -0.0 into 0.0


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
    arr = _probabilities(t, "t", allow_zero=True)
    target = np.broadcast_to([0.0, 1.0], (*arr.shape, 2))
    prediction = np.stack([1.0 - arr, arr], axis=-1)
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
    c = _classes(classes)
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
