r"""Decision regions: the model's most probable class and its confidence on a grid.

:func:`decision_grid` evaluates a trained model on a regular grid over the data, for
the Training page's decision-region picture.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from .._validation import InputError, as_float_array, check_finite, check_scalar, check_whole
from ..softmax import softmax
from .network import ModelSpec, check_params, forward

__all__ = ["DecisionGrid", "decision_grid"]

#: Finest decision-region grid per axis.
MAX_RESOLUTION = 400


class DecisionGrid(NamedTuple):
    """The model's prediction on a regular grid over the data (for decision regions)."""

    x: np.ndarray  # (R,) grid coordinates along the first feature
    y: np.ndarray  # (R,) along the second
    predicted: np.ndarray  # (R, R) int: the most probable class at (y[i], x[j])
    confidence: np.ndarray  # (R, R): its probability


def decision_grid(
    params: Mapping[str, np.ndarray],
    model: ModelSpec,
    X,
    *,
    resolution: int = 80,
    margin: float = 0.25,
) -> DecisionGrid:
    r"""Predicted class and confidence on a ``resolution`` × ``resolution`` grid.

    The grid spans the data's bounding box widened by ``margin`` on every side; at each
    grid point :math:`g`, :math:`\hat c(g) = \arg\max_c \operatorname{softmax}(z(g))_c`
    and its probability.

    .. math:: \hat c(g) = \arg\max_c z_c(g)

    Parameters
    ----------
    params : dict of array_like
    model : ModelSpec
    X : array_like
        The data points (N, 2), for the extent.
    resolution : int, default 80
        Grid points per axis, 2 to 400.
    margin : float, default 0.25
        Extra room around the data, >= 0.

    Returns
    -------
    DecisionGrid

    Raises
    ------
    ValueError
        For bad parameters, points or resolution.

    Examples
    --------
    >>> p = {"W": [[1.0, -1.0], [0.0, 0.0]], "b": [0.0, 0.0]}
    >>> g = decision_grid(p, ModelSpec(), [[-1.0, 0.0], [1.0, 0.0]], resolution=3, margin=0.0)
    >>> g.x.tolist(), g.predicted[0].tolist()
    ([-1.0, 0.0, 1.0], [1, 0, 0])
    """
    model = model.checked()
    p = check_params(params, model)
    pts = as_float_array(X, "X")
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise InputError(f"X must have shape (N, 2), got {pts.shape}")
    check_finite(pts, "X")
    r = check_whole(resolution, "resolution", 2, MAX_RESOLUTION)
    pad = check_scalar(margin, "margin", low=0.0, high=1e6)
    lo, hi = pts.min(axis=0) - pad, pts.max(axis=0) + pad
    hi = np.where(hi > lo, hi, lo + 1.0)  # a single point still gets an area
    gx, gy = np.linspace(lo[0], hi[0], r), np.linspace(lo[1], hi[1], r)
    mesh = np.stack(np.meshgrid(gx, gy), axis=-1).reshape(-1, 2)
    with np.errstate(over="ignore", invalid="ignore"):
        z, _ = forward(p, mesh, model)
    if not np.all(np.isfinite(z)):
        raise InputError("the model's logits are not finite on the grid (the run diverged)")
    prob = softmax(z)
    best = np.argmax(z, axis=1)
    conf = prob[np.arange(best.size), best]
    return DecisionGrid(gx, gy, best.reshape(r, r), conf.reshape(r, r))
