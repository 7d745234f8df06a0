r"""Cross-entropy and KL divergence of two univariate Gaussians: closed form, and from samples.

For :math:`P = \mathcal N(\mu_p, \sigma_p^2)` and :math:`Q = \mathcal N(\mu_q, \sigma_q^2)`:

.. math:: h(P) = \tfrac12 \log(2\pi e\, \sigma_p^2), \qquad
    H(P, Q) = \tfrac12 \log(2\pi\sigma_q^2) + \frac{\sigma_p^2 + (\mu_p - \mu_q)^2}{2\sigma_q^2},
    \qquad D_\mathrm{KL}(P \| Q) = H(P, Q) - h(P)

Differential entropies can be negative (a narrow density exceeds 1); the KL divergence
cannot. :func:`histogram_estimate` bins samples of P: the discrete cross-entropy of the
bins plus :math:`\log \Delta` (the bin width) tends to :math:`H(P, Q)` as the samples
grow and the bins narrow, while the discrete KL divergence tends to the continuous one
with no correction.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from .._checks import whole_number
from .._validation import InputError, as_float_array, check_finite, log_base
from .._validation import scalar_or_array as _scalar_or_array
from ..information import entropy

__all__ = [
    "HistogramEstimate",
    "gaussian_cross_entropy",
    "gaussian_entropy",
    "gaussian_kl_divergence",
    "histogram_estimate",
]


def _gaussians(**values) -> list[np.ndarray]:
    """Means finite, standard deviations finite and > 0, broadcast together."""
    out = []
    for name, value in values.items():
        arr = as_float_array(value, name)
        check_finite(arr, name)
        if name.startswith("sigma") and arr.size and arr.min() <= 0:
            bad = float(arr.ravel()[int(np.argmax(arr.ravel() <= 0))])
            raise InputError(f"{name} must be a standard deviation > 0, got {bad!r}")
        out.append(arr)
    try:
        return list(np.broadcast_arrays(*out))
    except ValueError:
        shapes = ", ".join(f"{n} {a.shape}" for n, a in zip(values, out, strict=True))
        raise InputError(f"the means and standard deviations must broadcast: {shapes}") from None


def gaussian_entropy(sigma, *, base: float | None = None):
    r"""Differential entropy of :math:`\mathcal N(\mu, \sigma^2)`, whatever :math:`\mu`.

    .. math:: h = \tfrac12 \log(2\pi e\, \sigma^2)

    Parameters
    ----------
    sigma : float or array_like
        Standard deviations > 0.
    base : float, optional
        ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    InputError
        For a standard deviation that is not finite and > 0.

    Examples
    --------
    >>> round(float(gaussian_entropy(1.0)), 4), round(float(gaussian_entropy(0.1)), 4)
    (1.4189, -0.8836)
    """
    (s,) = _gaussians(sigma=sigma)
    return _scalar_or_array(0.5 * np.log(2.0 * math.pi * math.e * s * s) / log_base(base))


def gaussian_cross_entropy(mean_p, sigma_p, mean_q, sigma_q, *, base: float | None = None):
    r"""Cross-entropy :math:`H(P, Q) = -\int p \log q` of two univariate Gaussians.

    .. math:: H(P, Q) = \tfrac12 \log(2\pi\sigma_q^2)
        + \frac{\sigma_p^2 + (\mu_p - \mu_q)^2}{2\sigma_q^2}

    Parameters
    ----------
    mean_p, sigma_p : float or array_like
        P's mean and standard deviation (> 0).
    mean_q, sigma_q : float or array_like
        Q's; all four broadcast together.
    base : float, optional
        ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    InputError
        For non-finite values, a standard deviation <= 0, or shapes that do not broadcast.

    Examples
    --------
    >>> round(float(gaussian_cross_entropy(0.0, 1.0, 1.0, 1.0)), 4)  # h(P) + 1/2
    1.9189
    """
    mp, sp, mq, sq = _gaussians(mean_p=mean_p, sigma_p=sigma_p, mean_q=mean_q, sigma_q=sigma_q)
    h = 0.5 * np.log(2.0 * math.pi * sq * sq) + (sp * sp + (mp - mq) ** 2) / (2.0 * sq * sq)
    return _scalar_or_array(h / log_base(base))


def gaussian_kl_divergence(mean_p, sigma_p, mean_q, sigma_q, *, base: float | None = None):
    r"""KL divergence :math:`D_\mathrm{KL}(P \| Q)` of two univariate Gaussians.

    .. math:: D_\mathrm{KL}(P \| Q) = \log\frac{\sigma_q}{\sigma_p}
        + \frac{\sigma_p^2 + (\mu_p - \mu_q)^2}{2\sigma_q^2} - \frac12 = H(P, Q) - h(P)

    Parameters
    ----------
    mean_p, sigma_p : float or array_like
    mean_q, sigma_q : float or array_like
    base : float, optional

    Returns
    -------
    float or numpy.ndarray
        >= 0, and 0 only when the Gaussians are equal.

    Raises
    ------
    InputError
        As :func:`gaussian_cross_entropy`.

    Examples
    --------
    >>> float(gaussian_kl_divergence(0.0, 1.0, 1.0, 1.0))
    0.5
    """
    mp, sp, mq, sq = _gaussians(mean_p=mean_p, sigma_p=sigma_p, mean_q=mean_q, sigma_q=sigma_q)
    r = sp / sq
    kl = -np.log(r) + 0.5 * (r * r - 1.0) + (mp - mq) ** 2 / (2.0 * sq * sq)
    return _scalar_or_array(np.maximum(kl, 0.0) / log_base(base))


_erfc = np.frompyfunc(math.erfc, 1, 1)


def _bin_masses(edges: np.ndarray, mean: float, sigma: float) -> np.ndarray:
    """Q's probability of each bin, from its CDF left of the mean and its survival right of it."""
    u = (edges - mean) / (sigma * math.sqrt(2.0))
    cdf = 0.5 * _erfc(-u).astype(np.float64)
    sf = 0.5 * _erfc(u).astype(np.float64)
    return np.where(u[:-1] >= 0, sf[:-1] - sf[1:], cdf[1:] - cdf[:-1])


class HistogramEstimate(NamedTuple):
    """Samples of P in equal bins, Q's mass in the same bins, and the estimates they give."""

    edges: np.ndarray  # (B + 1,) from the smallest to the largest sample
    p_hat: np.ndarray  # (B,) fraction of the samples in each bin
    q_bins: np.ndarray  # (B,) Q's probability of each bin (its mass outside is left out)
    cross_entropy: float  # -Σ p_hat log q_bins + log Δ  ->  H(P, Q)
    entropy_p: float  # H(p_hat) + log Δ  ->  h(P)
    kl_divergence: float  # Σ p_hat log(p_hat / q_bins)  ->  D(P || Q)
    n_samples: int


def histogram_estimate(
    mean_p: float,
    sigma_p: float,
    mean_q: float,
    sigma_q: float,
    *,
    n_samples: int = 10_000,
    n_bins: int | None = None,
    seed: int = 0,
    base: float | None = None,
) -> HistogramEstimate:
    r"""Estimate :math:`H(P, Q)`, :math:`h(P)` and :math:`D_\mathrm{KL}(P \| Q)` from samples of P.

    ``n_samples`` draws of P (``numpy.random.default_rng(seed)``) fill B equal bins of
    width :math:`\Delta` between the smallest and largest draw, giving frequencies
    :math:`\hat p_b`; Q's probability of each bin, :math:`q_b`, comes from its CDF (its
    mass beyond the samples is left out, not spread over the bins). Then

    .. math:: \hat H(P, Q) = -\sum_b \hat p_b \log q_b + \log \Delta, \qquad
        \hat h(P) = -\sum_b \hat p_b \log \hat p_b + \log \Delta, \qquad
        \hat D = \sum_b \hat p_b \log \frac{\hat p_b}{q_b}

    which converge to the closed forms as the samples grow and the bins narrow: within
    0.01 nats at a million samples for similar Gaussians, but slowly where Q is far
    narrower than P (Q's log-density then changes a lot across one bin). An estimate is
    ``inf`` when Q gives a bin holding samples probability 0 (far tails).

    Parameters
    ----------
    mean_p, sigma_p, mean_q, sigma_q : float
        The two Gaussians (standard deviations > 0).
    n_samples : int, default 10,000
        From 2 to 10,000,000.
    n_bins : int, optional
        From 1 to 100,000; by default :math:`\lceil 2 n^{1/3} \rceil`, which narrows the
        bins as the samples grow.
    seed : int, default 0
    base : float, optional
        ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    HistogramEstimate

    Raises
    ------
    InputError
        For a bad Gaussian, sample or bin count, or seed.

    Examples
    --------
    >>> est = histogram_estimate(0.0, 1.0, 1.0, 1.0, n_samples=200_000, seed=0)
    >>> abs(est.cross_entropy - float(gaussian_cross_entropy(0.0, 1.0, 1.0, 1.0))) < 0.01
    True
    """
    mp, sp, mq, sq = (
        float(v) for v in _gaussians(mean_p=mean_p, sigma_p=sigma_p, mean_q=mean_q, sigma_q=sigma_q)
    )
    n = whole_number(n_samples, "n_samples", 2)
    if n > 10_000_000:
        raise InputError(f"n_samples must be at most 10,000,000, got {n:,}")
    b = math.ceil(2.0 * n ** (1.0 / 3.0)) if n_bins is None else whole_number(n_bins, "n_bins", 1)
    if b > 100_000:
        raise InputError(f"n_bins must be at most 100,000, got {b:,}")
    x = np.random.default_rng(whole_number(seed, "seed", 0)).normal(mp, sp, n)
    counts, edges = np.histogram(x, bins=b, range=(float(x.min()), float(x.max())))
    p_hat = counts / n
    q_bins = _bin_masses(edges, mq, sq)
    div = log_base(base)
    log_width = math.log(edges[1] - edges[0]) / div
    held = p_hat > 0
    with np.errstate(divide="ignore"):  # Q's mass of a bin can underflow to 0: inf
        cross = float(-np.dot(p_hat[held], np.log(q_bins[held]))) / div + log_width
    h = float(entropy(p_hat, base=base)) + log_width
    return HistogramEstimate(edges, p_hat, q_bins, cross, h, max(cross - h, 0.0), n)
