r"""Model A against model B on the same samples: per-sample losses, flips, a paired bootstrap.

Both models score the same N samples in the same order. The per-sample difference of
cross-entropy :math:`\Delta_n = L^A_n - L^B_n` (positive where B is better) is what
the paired bootstrap resamples: pairing keeps each sample's two losses together, so
the interval reflects the difference between the models, not the spread of the data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .._checks import whole_number
from .._validation import (
    InputError,
    as_float_array,
    check_finite,
    check_same_shape,
    check_scalar,
    check_whole,
    log_base,
)
from ..predictions.inputs import _labels, _log_probs, _pick, _row_argmax, _scores
from ._inputs import named

__all__ = [
    "BootstrapInterval",
    "DifferenceHistogram",
    "ModelComparison",
    "compare_models",
    "difference_histogram",
    "paired_bootstrap",
    "perturbed_predictions",
]

#: Resampled indices drawn per block: a few MiB, whatever N and the number of resamples.
_BLOCK = 1 << 18


class ModelComparison(NamedTuple):
    """Two models' per-sample losses (in ``base`` units), predictions and summaries."""

    loss_a: np.ndarray  # (N,) -log p_A(y_n); inf where A gave the true class 0
    loss_b: np.ndarray  # (N,)
    difference: np.ndarray  # (N,) loss_a - loss_b: positive where B is better
    predicted_a: np.ndarray  # (N,) argmax class
    predicted_b: np.ndarray
    flipped: np.ndarray  # indices whose predicted class differs between A and B
    fixed: np.ndarray  # indices A gets wrong and B right
    broken: np.ndarray  # indices A gets right and B wrong
    accuracy_a: float
    accuracy_b: float
    mean_loss_a: float
    mean_loss_b: float
    mean_difference: float  # mean_loss_a - mean_loss_b


def _same_samples(x_a: np.ndarray, x_b: np.ndarray) -> None:
    (n_a, c_a), (n_b, c_b) = x_a.shape, x_b.shape
    if n_a != n_b:
        raise InputError(
            f"scores_a has {n_a} rows but scores_b has {n_b}; both models must score the "
            "same samples, one row each, in the same order"
        )
    if c_a != c_b:
        raise InputError(
            f"scores_a has {c_a} class columns but scores_b has {c_b}; both models must "
            "score the same classes"
        )


def _same_labels(y: np.ndarray, labels_b, c: int) -> None:
    y_b = named(_labels, "labels_b", "labels", labels_b, y.size, c)
    differ = y != y_b
    if differ.any():
        row = int(np.argmax(differ))
        raise InputError(
            f"labels_b differs from labels at {int(differ.sum())} of {y.size} rows (first at "
            f"row {row}: {int(y_b[row])} instead of {int(y[row])}); both models must be "
            "scored against the same labels in the same order"
        )


def compare_models(
    scores_a,
    scores_b,
    labels,
    *,
    kind: str = "probabilities",
    kind_b: str | None = None,
    labels_b=None,
    base: float | None = None,
) -> ModelComparison:
    r"""Compare two models' predictions of the same samples, sample by sample.

    .. math:: \Delta_n = L^A_n - L^B_n = -\log \hat p^A_{n,y_n} + \log \hat p^B_{n,y_n},
        \qquad \bar\Delta = \bar L^A - \bar L^B

    Parameters
    ----------
    scores_a, scores_b : array_like, shape (N, C)
        Each model's probabilities (rows summing to 1) or logits, same rows and classes.
    labels : array_like of int, shape (N,)
    kind : {'probabilities', 'logits'}, default 'probabilities'
        What ``scores_a`` holds (and ``scores_b``, unless ``kind_b`` says otherwise).
    kind_b : {'probabilities', 'logits'}, optional
    labels_b : array_like of int, shape (N,), optional
        Model B's own label column (from its own file): must equal ``labels``.
    base : float, optional
        ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    ModelComparison

    Raises
    ------
    InputError
        For invalid scores or labels, two models of different lengths or classes, or
        labels that differ.

    Examples
    --------
    >>> a = [[0.9, 0.1], [0.6, 0.4], [0.3, 0.7]]
    >>> b = [[0.8, 0.2], [0.3, 0.7], [0.2, 0.8]]
    >>> cmp = compare_models(a, b, [0, 1, 1], base=2)
    >>> cmp.flipped.tolist(), cmp.fixed.tolist(), cmp.accuracy_a, cmp.accuracy_b
    ([1], [1], 0.6666666666666666, 1.0)
    >>> round(cmp.mean_difference, 4)  # bits: B is better on average
    0.2767
    """
    x_a = named(_scores, "scores_a", "scores", scores_a, kind)
    x_b = named(_scores, "scores_b", "scores", scores_b, kind if kind_b is None else kind_b)
    _same_samples(x_a, x_b)
    y = _labels(labels, *x_a.shape)
    if labels_b is not None:
        _same_labels(y, labels_b, x_a.shape[1])
    div = log_base(base)
    loss_a = -_pick(_log_probs(x_a, kind), y) / div
    loss_b = -_pick(_log_probs(x_b, kind if kind_b is None else kind_b), y) / div
    pred_a, pred_b = _row_argmax(x_a), _row_argmax(x_b)
    right_a, right_b = pred_a == y, pred_b == y
    mean_a, mean_b = float(np.mean(loss_a)), float(np.mean(loss_b))
    with np.errstate(invalid="ignore"):  # inf - inf where both gave the true class 0
        difference, mean_difference = loss_a - loss_b, mean_a - mean_b
    return ModelComparison(
        loss_a=loss_a,
        loss_b=loss_b,
        difference=difference,
        predicted_a=pred_a,
        predicted_b=pred_b,
        flipped=np.flatnonzero(pred_a != pred_b),
        fixed=np.flatnonzero(~right_a & right_b),
        broken=np.flatnonzero(right_a & ~right_b),
        accuracy_a=float(np.mean(right_a)),
        accuracy_b=float(np.mean(right_b)),
        mean_loss_a=mean_a,
        mean_loss_b=mean_b,
        mean_difference=mean_difference,
    )


class BootstrapInterval(NamedTuple):
    """A percentile interval on the mean paired difference, and the resampled means."""

    mean_difference: float  # of the data themselves, in the unit of the losses
    low: float
    high: float
    confidence: float
    n_resamples: int
    means: np.ndarray  # (n_resamples,) the mean difference of each resample


def paired_bootstrap(
    loss_a,
    loss_b,
    *,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
    progress: Callable[[int, int], object] | None = None,
) -> BootstrapInterval:
    r"""Paired bootstrap percentile interval on the mean difference of two models' losses.

    Each resample draws N sample indices with replacement (the same indices for both
    models) and takes :math:`\bar\Delta^{*} = \frac1N \sum_{i} (L^A_{n_i} - L^B_{n_i})`;
    the interval is the :math:`\alpha/2` and :math:`1 - \alpha/2` quantiles of the
    :math:`\bar\Delta^{*}`, with :math:`\alpha = 1 - \text{confidence}`:

    .. math:: \Big[\, Q_{\alpha/2}(\bar\Delta^{*}),\ Q_{1-\alpha/2}(\bar\Delta^{*}) \,\Big]

    An interval above 0 says model B has the lower loss beyond resampling noise.
    Vectorised in blocks of resamples, drawn as ``rng.integers(0, N, size=N)`` for
    one resample after another would draw them (``rng = numpy.random.default_rng(seed)``),
    so the same seed, N and ``n_resamples`` give the same interval on any machine.

    Parameters
    ----------
    loss_a, loss_b : array_like, shape (N,)
        Finite per-sample losses of the same samples (e.g. :class:`ModelComparison`'s),
        N >= 2; the interval is in their unit.
    n_resamples : int, default 1000
        From 1 to 1,000,000.
    confidence : float, default 0.95
        In (0, 1].
    seed : int, default 0
    progress : callable, optional
        Called as ``progress(done, n_resamples)`` after each block of resamples (to
        report a long run); it changes nothing in the result.

    Returns
    -------
    BootstrapInterval

    Raises
    ------
    InputError
        For losses of different lengths, non-finite losses, fewer than 2 samples, or a
        bad resample count, confidence or seed.

    Examples
    --------
    >>> iv = paired_bootstrap([0.9, 1.2, 0.4, 0.8], [0.5, 0.9, 0.5, 0.3], n_resamples=200)
    >>> round(iv.mean_difference, 3), iv.n_resamples, iv.low <= iv.mean_difference <= iv.high
    (0.275, 200, True)
    """
    a, b = (as_float_array(v, name) for v, name in ((loss_a, "loss_a"), (loss_b, "loss_b")))
    check_same_shape(a, b, "loss_a", "loss_b")
    if a.ndim != 1 or a.size < 2:
        raise InputError(f"loss_a must be one loss per sample, at least 2, got shape {a.shape}")
    check_finite(a, "loss_a")
    check_finite(b, "loss_b")
    r = check_whole(n_resamples, "n_resamples", 1, 1_000_000)
    level = check_scalar(confidence, "confidence", low=0.0, low_open=True, high=1.0)
    rng = np.random.default_rng(whole_number(seed, "seed", 0))
    d = a - b
    n = d.size
    rows = max(1, _BLOCK // n)
    means = np.empty(r)
    for start in range(0, r, rows):
        k = min(rows, r - start)
        means[start : start + k] = d.take(rng.integers(0, n, size=(k, n))).mean(axis=1)
        if progress is not None:
            progress(start + k, r)
    low, high = np.quantile(means, [(1.0 - level) / 2.0, (1.0 + level) / 2.0])
    return BootstrapInterval(float(d.mean()), float(low), float(high), level, r, means)


class DifferenceHistogram(NamedTuple):
    """Counts of the per-sample differences over bins symmetric about 0."""

    edges: np.ndarray  # (B + 1,) from -m to m, m = max |difference| (1 if all are 0)
    counts: np.ndarray  # (B,)


def difference_histogram(difference, n_bins: int = 40) -> DifferenceHistogram:
    r"""Histogram of per-sample loss differences over [-m, m], :math:`m = \max_n |\Delta_n|`.

    .. math:: \text{count}_b = \#\{n : e_b \le \Delta_n < e_{b+1}\}
        \quad(\text{the last bin includes } m)

    Symmetric bins put 0 (the two models equal) on an edge when ``n_bins`` is even, so
    the bars left of it are the samples where A did better, those right where B did.

    Parameters
    ----------
    difference : array_like, shape (N,)
        Finite differences, e.g. :attr:`ModelComparison.difference`.
    n_bins : int, default 40
        From 1 to 1000.

    Returns
    -------
    DifferenceHistogram

    Raises
    ------
    InputError
        For non-finite differences or a bad bin count.

    Examples
    --------
    >>> h = difference_histogram([-0.5, 0.1, 0.2, 1.0], n_bins=4)
    >>> h.edges.tolist(), h.counts.tolist()
    ([-1.0, -0.5, 0.0, 0.5, 1.0], [0, 1, 2, 1])
    """
    d = as_float_array(difference, "difference")
    if d.ndim != 1:
        raise InputError(f"difference must be one value per sample, got shape {d.shape}")
    check_finite(d, "difference")
    b = check_whole(n_bins, "n_bins", 1, 1000)
    m = float(np.abs(d).max())
    counts, edges = np.histogram(d, bins=b, range=(-m, m) if m > 0 else (-1.0, 1.0))
    return DifferenceHistogram(edges, counts)


def perturbed_predictions(scores, *, kind: str, noise: float = 1.0, seed: int = 0) -> np.ndarray:
    r"""Another model of the same samples: the logits plus Gaussian noise, through a softmax.

    .. math:: \hat p_n = \operatorname{softmax}(\ell_n + \sigma \varepsilon_n),
        \qquad \varepsilon_{nc} \sim \mathcal N(0, 1)

    where :math:`\ell` are the logits (or the log of the probabilities; a probability of
    0 stays 0). Unlike a temperature, the noise changes which class wins on some
    samples, so the two models disagree there: a test case for :func:`compare_models`.
    Drawn with ``numpy.random.default_rng(seed).standard_normal((N, C))``.

    Parameters
    ----------
    scores : array_like, shape (N, C)
        Logits, or probabilities (rows summing to 1).
    kind : {'probabilities', 'logits'}
    noise : float, default 1.0
        The standard deviation :math:`\sigma \ge 0` (0 gives the model itself).
    seed : int, default 0

    Returns
    -------
    numpy.ndarray, shape (N, C)
        Probability rows.

    Raises
    ------
    InputError
        For invalid scores, a negative noise or a bad seed.

    Examples
    --------
    >>> p = perturbed_predictions([[2.0, 0.0], [0.0, 1.0]], kind="logits", noise=0.0)
    >>> p.round(4).tolist()
    [[0.8808, 0.1192], [0.2689, 0.7311]]
    """
    x = _scores(scores, kind)
    sigma = check_scalar(noise, "noise", low=0.0)
    rng = np.random.default_rng(whole_number(seed, "seed", 0))
    with np.errstate(divide="ignore"):
        logs = x if kind == "logits" else np.log(x)
    v = logs + sigma * rng.standard_normal(x.shape)
    e = np.exp(v - v.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
