r"""Each loss as a function of the predicted probability ``p`` of the true class.

The curves of cross-entropy, focal loss and label smoothing are the curves of the
registry's entries (:mod:`xentcore.registry`), the same losses training minimises;
:func:`squared_error_curve` is the one-column Brier score :math:`(1 - p)^2` (the
registry's squared error on a C-class softmax is :math:`\tfrac{C}{C-1}(1-p)^2`).
:func:`logit_gradients` compares the pull of cross-entropy and squared error on a
sigmoid's logit. ``base=None`` gives nats, ``2`` bits, ``10`` hartleys.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .._validation import (
    InputError,
    as_float_array,
    check_in_unit_interval,
    check_scalar,
    check_whole,
    log_base,
)
from .._validation import scalar_or_array as _scalar_or_array
from ..registry import loss_entry

__all__ = [
    "LogitGradients",
    "SmoothedMinimum",
    "cross_entropy_curve",
    "focal_curve",
    "logit",
    "logit_gradients",
    "probability_grid",
    "smoothed_cross_entropy_curve",
    "smoothed_minimum",
    "squared_error_curve",
]


def probabilities(p: ArrayLike, name: str = "p", *, allow_zero: bool = False) -> np.ndarray:
    """Probabilities of the true class in (0, 1] (or [0, 1] with ``allow_zero``)."""
    arr = as_float_array(p, name)
    check_in_unit_interval(arr, name)
    if not allow_zero and arr.size and arr.min() <= 0:
        idx = int(np.argmax(arr.ravel() <= 0))
        raise InputError(
            f"{name} must be in (0, 1], but has 0 at index {idx}: log 0 is -inf, so the loss "
            "is infinite there (opposite_path_curve shows how frameworks clip it)"
        )
    return arr


def check_classes(classes) -> int:
    """A whole number of classes, at least 2."""
    return check_whole(classes, "classes", 2)


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
    arr = probabilities(p, allow_zero=True)
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
    arr = probabilities(p)
    return _scalar_or_array(loss_entry("cross_entropy").curve_fn(arr, classes=2, base=base))


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
    arr = probabilities(p, allow_zero=True)
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
    arr = probabilities(p)
    curve = loss_entry("focal").curve_fn(arr, classes=2, base=base, gamma=g, alpha=a)
    return _scalar_or_array(curve)


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
    arr = probabilities(p)
    eps = check_scalar(smoothing, "smoothing", low=0.0, high=1.0)
    c = check_classes(classes)
    curve = loss_entry("label_smoothing").curve_fn(arr, classes=c, base=base, smoothing=eps)
    return _scalar_or_array(curve)


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
    c = check_classes(classes)
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
    arr = probabilities(p)
    div = log_base(base)
    ce = (arr - 1.0) / div
    se = -2.0 * arr * (1.0 - arr) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.abs(ce) / np.abs(se)
    return LogitGradients(ce + 0.0, se + 0.0, ratio)  # + 0.0 turns -0.0 into 0.0
