r"""Toy 2-D datasets for the Training page: blobs, moons and spirals, from a seed.

:func:`make_dataset` generates the points deterministically (Gaussian noise, a class
imbalance set by :func:`class_counts`); :func:`balanced_class_weights` gives
scikit-learn's 'balanced' weights for the weighted cross-entropy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import (
    InputError,
    as_float_array,
    check_finite,
    check_logits_and_classes,
    check_one_of,
    check_scalar,
    check_whole,
)

__all__ = [
    "DATASETS",
    "MAX_CLASSES",
    "MAX_POINTS",
    "Dataset",
    "balanced_class_weights",
    "class_counts",
    "make_dataset",
]

DATASETS = ("blobs", "moons", "spirals")

#: Limits that keep one training run to seconds, not minutes.
MAX_POINTS = 100_000
MAX_CLASSES = 10


@dataclass(frozen=True)
class Dataset:
    """Points ``X`` (N, 2) with class labels ``y`` (N,) in [0, ``n_classes``)."""

    X: np.ndarray
    y: np.ndarray
    n_classes: int
    kind: str

    @property
    def counts(self) -> np.ndarray:
        """Points per class (zeros included)."""
        return np.bincount(self.y, minlength=self.n_classes)


def class_counts(n_points: int, n_classes: int, imbalance: float = 0.0) -> np.ndarray:
    r"""How many points each class gets: shares falling linearly with the class index.

    .. math:: \pi_c \propto 1 - \text{imbalance}\cdot\frac{c}{K - 1}, \qquad c = 0, \dots, K-1

    so the last class has :math:`1 - \text{imbalance}` times the points of the first, and
    none at all when ``imbalance = 1``. Counts are rounded by largest remainder, so they
    add up to ``n_points`` exactly.

    Parameters
    ----------
    n_points : int
        Total number of points, 1 to :data:`MAX_POINTS`.
    n_classes : int
        Number of classes K, 2 to :data:`MAX_CLASSES`.
    imbalance : float, default 0.0
        In [0, 1]: 0 gives equal classes.

    Returns
    -------
    numpy.ndarray
        Integer counts, one per class, summing to ``n_points``.

    Raises
    ------
    ValueError
        For a count or class number out of range, or an imbalance outside [0, 1].

    Examples
    --------
    >>> class_counts(10, 3).tolist()
    [4, 3, 3]
    >>> class_counts(100, 2, imbalance=0.8).tolist()
    [83, 17]
    >>> class_counts(9, 3, imbalance=1.0).tolist()
    [6, 3, 0]
    """
    n = check_whole(n_points, "n_points", 1, MAX_POINTS)
    k = check_whole(n_classes, "n_classes", 2, MAX_CLASSES)
    r = check_scalar(imbalance, "imbalance", low=0.0, high=1.0)
    share = 1.0 - r * np.arange(k) / (k - 1)
    exact = n * share / share.sum()
    counts = np.floor(exact).astype(np.int64)
    left = n - int(counts.sum())
    # Largest remainder; a stable sort gives ties to the lower class index.
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:left]] += 1
    return counts


def make_dataset(
    kind: str = "blobs",
    *,
    n_points: int = 300,
    n_classes: int = 3,
    noise: float = 0.2,
    imbalance: float = 0.0,
    seed: int = 0,
) -> Dataset:
    r"""A deterministic 2-D toy dataset: the same arguments always give the same points.

    Class :math:`c` of :math:`K` gets :func:`class_counts` points; each point is a shape
    point plus Gaussian noise :math:`\mathcal N(0, \text{noise}^2 I)`:

    * ``'blobs'``: the centre :math:`(\cos\frac{2\pi c}{K}, \sin\frac{2\pi c}{K})`;
    * ``'moons'`` (K = 2): :math:`(\cos t, \sin t)` for class 0 and
      :math:`(1 - \cos t, \tfrac12 - \sin t)` for class 1, :math:`t \sim U[0, \pi]`
      (as scikit-learn's ``make_moons``), shifted by :math:`(-\tfrac12, -\tfrac14)`;
    * ``'spirals'``: :math:`t\,(\cos\theta, \sin\theta)` with
      :math:`\theta = \frac{2\pi c}{K} + 4t`, :math:`t \sim U[0, 1]`.

    The rows are shuffled (deterministically), so any first few rows mix the classes.

    Parameters
    ----------
    kind : {'blobs', 'moons', 'spirals'}
        The shape.
    n_points : int, default 300
        Number of points, 1 to :data:`MAX_POINTS`.
    n_classes : int, default 3
        K, 2 to :data:`MAX_CLASSES`; ``'moons'`` needs exactly 2.
    noise : float, default 0.2
        Standard deviation of the Gaussian noise, in [0, 10].
    imbalance : float, default 0.0
        See :func:`class_counts`; 1 leaves the last class empty.
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng`, a whole number >= 0.

    Returns
    -------
    Dataset

    Raises
    ------
    ValueError
        For an unknown kind or an argument out of range.

    Examples
    --------
    >>> data = make_dataset("blobs", n_points=6, n_classes=2, noise=0.0, seed=1)
    >>> sorted(data.y.tolist()), sorted(set(data.X[:, 0].round(6).tolist()))
    ([0, 0, 0, 1, 1, 1], [-1.0, 1.0])
    """
    kind = check_one_of(kind, "kind", DATASETS)
    counts = class_counts(n_points, n_classes, imbalance)
    k = len(counts)
    if kind == "moons" and k != 2:
        raise InputError(f"n_classes must be 2 for moons (two half circles), got {n_classes!r}")
    sd = check_scalar(noise, "noise", low=0.0, high=10.0)
    s = check_whole(seed, "seed", 0, 2**63 - 1)
    rng = np.random.default_rng(s)
    y = np.repeat(np.arange(k), counts)
    n = y.size
    if kind == "blobs":
        angle = 2.0 * np.pi * y / k
        shape = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    elif kind == "moons":
        t = rng.uniform(0.0, np.pi, n)
        upper = np.stack([np.cos(t), np.sin(t)], axis=1)
        lower = np.stack([1.0 - np.cos(t), 0.5 - np.sin(t)], axis=1)
        shape = np.where((y == 0)[:, None], upper, lower) - np.array([0.5, 0.25])
    else:
        t = rng.uniform(0.0, 1.0, n)
        theta = 2.0 * np.pi * y / k + 4.0 * t
        shape = t[:, None] * np.stack([np.cos(theta), np.sin(theta)], axis=1)
    X = shape + sd * rng.standard_normal((n, 2))
    order = rng.permutation(n)
    return Dataset(X[order], y[order], k, kind)


def balanced_class_weights(y, n_classes: int) -> np.ndarray:
    r"""Class weights that make every class count as much in total: scikit-learn's 'balanced'.

    .. math:: w_c = \frac{N}{K_{\text{present}}\, n_c}

    as ``sklearn.utils.class_weight.compute_class_weight('balanced', ...)``, with
    :math:`K_{\text{present}}` the number of classes that have points. A class with no
    points has nothing to balance and keeps weight 1.

    Parameters
    ----------
    y : array_like
        Integer class labels in [0, ``n_classes``).
    n_classes : int
        Number of classes K.

    Returns
    -------
    numpy.ndarray
        One weight per class.

    Raises
    ------
    ValueError
        For labels outside [0, K) or no labels at all.

    Examples
    --------
    >>> balanced_class_weights([0, 0, 0, 1], 3).tolist()
    [0.6666666666666666, 2.0, 1.0]
    """
    k = check_whole(n_classes, "n_classes", 2, MAX_CLASSES)
    if np.asarray(y).size == 0:
        raise InputError("y is empty; give at least one label")
    _, labels = check_logits_and_classes(np.zeros((np.asarray(y).size, k)), y)
    counts = np.bincount(labels, minlength=k)
    present = counts > 0
    weights = np.ones(k)
    weights[present] = labels.size / (int(present.sum()) * counts[present])
    return weights


def data_arrays(data: Dataset) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(data.X, "data.X")
    if X.ndim != 2:
        raise InputError(f"data.X must have shape (N, d), got {X.shape}")
    check_finite(X, "data.X")
    _, y = check_logits_and_classes(np.zeros((X.shape[0], data.n_classes)), data.y)
    return X, y
