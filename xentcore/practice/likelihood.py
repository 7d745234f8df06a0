r"""Maximum likelihood is minimum cross-entropy; squared error is a Gaussian's cross-entropy.

The likelihood of labelled data under a model is the product of the probabilities it
gives the observed labels; its log divided by N is minus the mean cross-entropy
between the one-hot labels and the predictions, so maximising the one minimises the
other. With a Gaussian of fixed variance as the model of a real-valued target, the
negative log-likelihood is the squared error, scaled and shifted.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from .._validation import as_float_array, check_finite, check_same_shape, check_scalar, log_base
from .._validation import scalar_or_array as _scalar_or_array
from ..information import cross_entropy
from ..predictions.inputs import _log_probs, _one_hot, _pick
from ._inputs import probabilities_of, scores_and_labels

__all__ = ["GaussianNLL", "SampleLikelihood", "gaussian_nll", "sample_likelihood"]

#: The smallest positive normal float64: a likelihood below it is not kept as a product.
_TINY = float(np.finfo(np.float64).tiny)


class SampleLikelihood(NamedTuple):
    """The likelihood of the labels, its log, and the mean NLL equal to the cross-entropy."""

    n: int
    log_likelihood: float  # Σ_n log p(y_n), in base units; -inf if a label got probability 0
    likelihood: float | None  # Π_n p(y_n); None when in (0, smallest normal float)
    mean_nll: float  # -log_likelihood / N
    cross_entropy: float  # mean over samples of H(one-hot label, prediction): = mean_nll


def sample_likelihood(
    scores, labels, *, kind: str = "probabilities", base: float | None = None
) -> SampleLikelihood:
    r"""The likelihood of labelled data under a model, and why maximising it is minimising CE.

    .. math:: \mathcal L = \prod_n \hat p_{n,y_n}, \qquad
        -\frac1N \log \mathcal L = -\frac1N \sum_n \log \hat p_{n,y_n}
        = \frac1N \sum_n H(\mathbb 1_{y_n}, \hat p_n)

    The log is a sum, so it never underflows; the product is given only when it is a
    normal float64 (:math:`\ge 2.2\times10^{-308}`): a few thousand samples already
    take it below that. ``cross_entropy`` is computed independently, with
    :func:`xentcore.cross_entropy` on the one-hot labels.

    Parameters
    ----------
    scores : array_like, shape (N, C)
        Probabilities (rows summing to 1) or logits.
    labels : array_like of int, shape (N,)
    kind : {'probabilities', 'logits'}, default 'probabilities'
    base : float, optional
        ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    SampleLikelihood

    Raises
    ------
    InputError
        For invalid scores or labels.

    Examples
    --------
    >>> lk = sample_likelihood([[0.8, 0.2], [0.4, 0.6]], [0, 1], base=2)
    >>> round(lk.likelihood, 2), round(lk.log_likelihood, 4), round(lk.mean_nll, 4)
    (0.48, -1.0589, 0.5294)
    >>> round(lk.cross_entropy, 4)
    0.5294
    """
    x, y = scores_and_labels(scores, labels, kind)
    div = log_base(base)
    log_true = _pick(_log_probs(x, kind), y)
    total = float(np.sum(log_true))
    p = probabilities_of(x, kind)
    representable = total >= math.log(_TINY) or total == -math.inf  # 0 exactly is exact
    likelihood = float(np.prod(_pick(p, y))) if representable else None
    ce = cross_entropy(_one_hot(y, x.shape[1]), p, base=base, axis=1)
    return SampleLikelihood(
        n=int(y.size),
        log_likelihood=total / div,
        likelihood=likelihood,
        mean_nll=-total / y.size / div,
        cross_entropy=float(np.mean(ce)),
    )


class GaussianNLL(NamedTuple):
    """Per-point Gaussian NLL and the two parts of the identity NLL = scale · SE + offset."""

    nll: float | np.ndarray  # -log N(y; mean, σ²), in base units
    squared_error: float | np.ndarray  # (y - mean)²
    scale: float  # 1 / (2σ²), in base units
    offset: float  # ½ log(2πσ²), in base units


def gaussian_nll(y, mean, *, sigma: float = 1.0, base: float | None = None) -> GaussianNLL:
    r"""Negative log-likelihood of each target under a Gaussian of fixed variance.

    .. math:: -\log \mathcal N(y;\, \mu, \sigma^2)
        = \frac{(y - \mu)^2}{2\sigma^2} + \tfrac12 \log(2\pi\sigma^2)

    So with :math:`\sigma` fixed, minimising the mean squared error is maximising the
    likelihood: the cross-entropy between the data and the model Gaussian is the mean
    squared error over :math:`2\sigma^2` plus a constant. A density can exceed 1, so
    this NLL can be negative (for :math:`\sigma < 1/\sqrt{2\pi}`).

    Parameters
    ----------
    y : float or array_like
        Observed targets, finite.
    mean : float or array_like
        The model's predictions :math:`\mu`: one number, or one per target.
    sigma : float, default 1.0
        The fixed standard deviation, > 0.
    base : float, optional
        ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    GaussianNLL

    Raises
    ------
    InputError
        For non-finite values, shapes that differ, or sigma <= 0.

    Examples
    --------
    >>> g = gaussian_nll([1.0, 3.0], 2.0, sigma=1.0)
    >>> g.nll.round(4).tolist(), g.squared_error.tolist(), round(g.offset, 4)
    ([1.4189, 1.4189], [1.0, 1.0], 0.9189)
    """
    t = as_float_array(y, "y")
    m = as_float_array(mean, "mean")
    check_finite(t, "y")
    check_finite(m, "mean")
    if m.ndim:
        check_same_shape(t, m, "y", "mean")
    s = check_scalar(sigma, "sigma", low=0.0, low_open=True)
    div = log_base(base)
    se = (t - m) ** 2
    scale = 1.0 / (2.0 * s * s) / div
    offset = 0.5 * math.log(2.0 * math.pi * s * s) / div
    return GaussianNLL(_scalar_or_array(scale * se + offset), _scalar_or_array(se), scale, offset)
