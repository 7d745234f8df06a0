"""Built-in predictions to evaluate: the sources' ten binary ones, and two synthetic sets.

The synthetic sets share their labels: one is scored by a calibrated model, the other
by an over-confident one with the same ranking, so they differ in cross-entropy and
calibration but not in accuracy.
"""

from __future__ import annotations

import numpy as np

from .._checks import whole_number
from .._validation import InputError, check_scalar
from ..softmax import softmax

__all__ = [
    "SOURCE_EXAMPLE_LABELS",
    "SOURCE_EXAMPLE_PROBABILITIES",
    "source_example",
    "synthetic_predictions",
]

#: The sources' ten binary labels and predicted P(y = 1): mean log loss 0.247 nats.
SOURCE_EXAMPLE_LABELS = (1, 1, 1, 1, 1, 0, 0, 0, 0, 0)
SOURCE_EXAMPLE_PROBABILITIES = (0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3)


def source_example() -> tuple[np.ndarray, np.ndarray]:
    r"""The sources' ten binary predictions as labels and two probability columns.

    .. math:: \bar L = -\frac{1}{10}\sum_n \log \hat p_{n, y_n} = 0.247 \text{ nats}

    Returns
    -------
    labels : numpy.ndarray of int, shape (10,)
    probabilities : numpy.ndarray, shape (10, 2)
        Columns P(y = 0) = 1 - p and P(y = 1) = p.

    Examples
    --------
    >>> from xentcore.predictions import sample_losses
    >>> y, p = source_example()
    >>> round(float(sample_losses(p, y, kind="probabilities").mean()), 3)
    0.247
    """
    y = np.array(SOURCE_EXAMPLE_LABELS, dtype=np.int64)
    p1 = np.array(SOURCE_EXAMPLE_PROBABILITIES)
    return y, np.column_stack([1.0 - p1, p1])


def synthetic_predictions(
    model: str = "calibrated",
    *,
    n_samples: int = 600,
    n_classes: int = 3,
    seed: int = 7,
    sharpness: float = 3.0,
) -> tuple[np.ndarray, np.ndarray]:
    r"""A deterministic data set scored by a calibrated or an over-confident model.

    Latent scores :math:`z_n \sim \mathcal N(0, 1.5^2 I)` give the true class
    probabilities :math:`\pi_n = \operatorname{softmax}(z_n)`; each label is drawn
    from :math:`\pi_n`. The calibrated model predicts :math:`\pi_n` itself; the
    over-confident one predicts :math:`\operatorname{softmax}(k\, z_n)` with sharpness
    :math:`k > 1`. Both rank the classes alike, so their accuracy is identical, but the
    over-confident model pays more cross-entropy and is badly calibrated.

    Parameters
    ----------
    model : {'calibrated', 'overconfident'}
    n_samples : int, default 600
    n_classes : int, default 3
    seed : int, default 7
        Same seed, same labels and predictions (``numpy.random.default_rng``).
    sharpness : float, default 3.0
        The over-confident model's factor on the logits (a temperature of 1/k).

    Returns
    -------
    labels : numpy.ndarray of int, shape (n_samples,)
    probabilities : numpy.ndarray, shape (n_samples, n_classes)

    Raises
    ------
    ValueError
        For an unknown model, fewer than 1 sample or 2 classes, or sharpness <= 0.

    Examples
    --------
    >>> from xentcore.predictions import sample_losses
    >>> y, good = synthetic_predictions("calibrated")
    >>> _, bold = synthetic_predictions("overconfident")
    >>> bool((good.argmax(1) == bold.argmax(1)).all())
    True
    >>> bool(sample_losses(bold, y, kind="probabilities").mean()
    ...      > sample_losses(good, y, kind="probabilities").mean())
    True
    """
    if model not in ("calibrated", "overconfident"):
        raise InputError(f"model must be 'calibrated' or 'overconfident', got {model!r}")
    n = whole_number(n_samples, "n_samples", 1)
    c = whole_number(n_classes, "n_classes", 2)
    k = check_scalar(sharpness, "sharpness", low=0.0, low_open=True)
    rng = np.random.default_rng(seed)
    z = rng.normal(0.0, 1.5, size=(n, c))
    truth = softmax(z, axis=1)
    # Inverse-CDF sampling of one label per row, all rows at once.
    u = rng.random(n)
    labels = np.minimum((u[:, None] > np.cumsum(truth, axis=1)).sum(axis=1), c - 1)
    probs = truth if model == "calibrated" else softmax(z, axis=1, temperature=1.0 / k)
    return labels.astype(np.int64), probs
