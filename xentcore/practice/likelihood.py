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

from .._validation import (
    InputError,
    as_float_array,
    check_finite,
    check_in_unit_interval,
    check_same_shape,
    check_scalar,
    log_base,
)
from .._validation import scalar_or_array as _scalar_or_array
from ..information import cross_entropy
from ..predictions.inputs import _log_probs, _one_hot, _pick
from ._inputs import scores_and_labels

__all__ = [
    "BernoulliCurve",
    "GaussianNLL",
    "SampleLikelihood",
    "bernoulli_likelihood_curve",
    "binary_likelihood",
    "gaussian_nll",
    "sample_likelihood",
]

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
    log_p = _log_probs(x, kind)
    log_true = _pick(log_p, y)
    total = float(np.sum(log_true))
    p = x if kind == "probabilities" else np.exp(log_p)  # probabilities_of, without a 2nd log
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


def _binary_labels(labels) -> np.ndarray:
    y = as_float_array(labels, "labels")
    if y.ndim != 1:
        raise InputError(f"labels must be a flat list of 0s and 1s, got shape {y.shape}")
    check_finite(y, "labels")
    bad = (y != 0) & (y != 1)
    if bad.any():
        i = int(np.argmax(bad))
        raise InputError(f"labels must be 0 or 1, but has {float(y[i])!r} at index {i}")
    return y


def binary_likelihood(labels, probs, *, base: float | None = None) -> SampleLikelihood:
    r"""The likelihood of binary labels under predicted :math:`p_n = P(y_n = 1)`.

    :func:`sample_likelihood` of the two columns :math:`(1 - p_n, p_n)`:

    .. math:: \mathcal L = \prod_n p_n^{y_n} (1 - p_n)^{1 - y_n}, \qquad
        -\frac1N \log \mathcal L = \text{the mean binary cross-entropy (log loss)}

    Parameters
    ----------
    labels : array_like, shape (N,)
        Each 0 or 1.
    probs : array_like, shape (N,)
        Predicted probabilities of the label 1, in [0, 1].
    base : float, optional
        ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    SampleLikelihood

    Raises
    ------
    InputError
        For a label that is not 0 or 1, a probability outside [0, 1], or lists of
        different lengths.

    Examples
    --------
    >>> ys = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    >>> ps = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]
    >>> lk = binary_likelihood(ys, ps)
    >>> round(lk.mean_nll, 3), round(lk.likelihood, 4)
    (0.247, 0.0847)
    """
    y = _binary_labels(labels)
    p = as_float_array(probs, "probs")
    if p.shape != y.shape:
        raise InputError(
            f"probs has {p.size} values but labels has {y.size}; give one probability per label"
        )
    check_in_unit_interval(p, "probs")
    return sample_likelihood(np.column_stack([1.0 - p, p]), y.astype(np.int64), base=base)


class BernoulliCurve(NamedTuple):
    """The log-likelihood of binary labels under each constant prediction θ, and its peak."""

    theta: np.ndarray  # the θ given
    log_likelihood: np.ndarray  # ℓ(θ) = n₁ log θ + n₀ log(1 − θ), in base units
    cross_entropy: np.ndarray  # −ℓ(θ) / N: the cross-entropy of the labels' frequency to θ
    theta_hat: float  # n₁ / N, where ℓ is largest and the cross-entropy smallest
    max_log_likelihood: float  # ℓ(θ̂) = −N H(θ̂)
    min_cross_entropy: float  # H(θ̂), the entropy of the labels


def bernoulli_likelihood_curve(labels, theta, *, base: float | None = None) -> BernoulliCurve:
    r"""Log-likelihood of binary labels under the model "every label is 1 with probability θ".

    .. math:: \ell(\theta) = n_1 \log \theta + n_0 \log(1 - \theta)
        = -N\, H\big(\hat y, \theta\big), \qquad \hat y = \frac{n_1}{N}

    so the :math:`\theta` of maximum likelihood is the one of minimum cross-entropy,
    :math:`\hat\theta = \hat y`, where the cross-entropy is the entropy :math:`H(\hat y)`.

    Parameters
    ----------
    labels : array_like, shape (N,)
        Each 0 or 1.
    theta : float or array_like
        Probabilities in [0, 1] (0 and 1 give :math:`-\infty` unless every label agrees).
    base : float, optional
        ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    BernoulliCurve

    Raises
    ------
    InputError
        For a label that is not 0 or 1, or a θ outside [0, 1].

    Examples
    --------
    >>> c = bernoulli_likelihood_curve([1, 1, 1, 0], [0.5, 0.75], base=2)
    >>> c.log_likelihood.tolist(), c.theta_hat, round(c.min_cross_entropy, 4)
    ([-4.0, -3.2451124978365313], 0.75, 0.8113)
    """
    y = _binary_labels(labels)
    t = np.atleast_1d(as_float_array(theta, "theta"))
    check_in_unit_interval(t, "theta")
    n1 = float(np.sum(y))
    n0 = y.size - n1
    div = log_base(base)

    def ell(th: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            ones = np.where(n1 > 0, n1 * np.log(th), 0.0)
            zeros = np.where(n0 > 0, n0 * np.log1p(-th), 0.0)
        return (ones + zeros) / div

    curve = ell(t)
    theta_hat = n1 / y.size
    peak = float(ell(np.array([theta_hat]))[0])
    return BernoulliCurve(t, curve, -curve / y.size + 0.0, theta_hat, peak, -peak / y.size + 0.0)


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
