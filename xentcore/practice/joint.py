r"""Joint and conditional entropy and mutual information of a 2-D table the user edits.

Rows are the values of X, columns those of Y; the table holds counts or probabilities
and is normalised to :math:`p(x, y)`. Every measure is built from
:func:`xentcore.entropy` and :func:`xentcore.kl_divergence`:

.. math:: H(X, Y) = H(X) + H(Y \mid X) = H(Y) + H(X \mid Y), \qquad
    I(X; Y) = H(X) + H(Y) - H(X, Y) = D_\mathrm{KL}\big(p(x, y) \,\|\, p(x)\,p(y)\big)
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import InputError, as_float_array, check_nonnegative, check_one_of
from ..information import entropy, kl_divergence

__all__ = [
    "TableInformation",
    "conditional_entropy",
    "joint_entropy",
    "mutual_information",
    "table_information",
]


def _joint(table) -> np.ndarray:
    t = as_float_array(table, "table")
    if t.ndim != 2:
        raise InputError(
            f"table must be 2-D (rows are values of X, columns values of Y), got shape {t.shape}"
        )
    check_nonnegative(t, "table")
    total = float(t.sum())
    if total <= 0:
        raise InputError("table sums to 0; give at least one positive count or probability")
    return t / total


def _conditional(joint: np.ndarray, base: float | None) -> float:
    r""":math:`H(X \mid Y) = \sum_y p(y)\, H(X \mid Y = y)`, over columns with :math:`p(y) > 0`."""
    py = joint.sum(axis=0)
    kept = py > 0
    columns = joint[:, kept] / py[kept]
    return float(np.dot(py[kept], np.atleast_1d(entropy(columns, base=base, axis=0))))


class TableInformation(NamedTuple):
    """Every entropy of a 2-D table, in ``base`` units, and the distributions they come from."""

    joint: np.ndarray  # (R, K) p(x, y)
    p_x: np.ndarray  # (R,) row marginal
    p_y: np.ndarray  # (K,) column marginal
    h_xy: float  # H(X, Y)
    h_x: float
    h_y: float
    h_x_given_y: float  # H(X | Y)
    h_y_given_x: float  # H(Y | X)
    mutual_information: float  # I(X; Y) >= 0


def table_information(table, *, base: float | None = None) -> TableInformation:
    r"""Joint, marginal and conditional entropies and the mutual information of a table.

    .. math:: H(X, Y) = -\sum_{x, y} p(x, y) \log p(x, y), \qquad
        H(X \mid Y) = -\sum_{x, y} p(x, y) \log \frac{p(x, y)}{p(y)}, \qquad
        I(X; Y) = \sum_{x, y} p(x, y) \log \frac{p(x, y)}{p(x)\, p(y)}

    Conditional entropies are weighted sums of the entropies of the table's
    normalised columns (or rows), and the mutual information a KL divergence, so none
    is a difference of rounded numbers (each is >= 0).

    Parameters
    ----------
    table : array_like, shape (R, K)
        Non-negative counts or probabilities (normalised here) with a positive sum.
    base : float, optional
        ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    TableInformation

    Raises
    ------
    InputError
        For a table that is not 2-D, has negative or non-finite entries, or sums to 0.

    Examples
    --------
    >>> info = table_information([[10, 0], [0, 10]], base=2)
    >>> info.h_xy, info.h_x_given_y, round(info.mutual_information, 12)
    (1.0, 0.0, 1.0)
    >>> round(table_information([[1, 3], [2, 6]], base=2).mutual_information, 12)
    0.0
    """
    joint = _joint(table)
    p_x, p_y = joint.sum(axis=1), joint.sum(axis=0)
    mi = kl_divergence(joint.ravel(), np.outer(p_x, p_y).ravel(), base=base)
    return TableInformation(
        joint=joint,
        p_x=p_x,
        p_y=p_y,
        h_xy=float(entropy(joint.ravel(), base=base)),
        h_x=float(entropy(p_x, base=base)),
        h_y=float(entropy(p_y, base=base)),
        h_x_given_y=_conditional(joint, base),
        h_y_given_x=_conditional(joint.T, base),
        mutual_information=max(float(mi), 0.0),
    )


def joint_entropy(table, *, base: float | None = None) -> float:
    r"""The joint entropy :math:`H(X, Y) = -\sum_{x, y} p(x, y) \log p(x, y)` of a table.

    Parameters
    ----------
    table : array_like, shape (R, K)
        Counts or probabilities; rows are X, columns Y.
    base : float, optional
        ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    float

    Raises
    ------
    InputError
        As :func:`table_information`.

    Examples
    --------
    >>> joint_entropy([[1, 1], [1, 1]], base=2)
    2.0
    """
    return float(entropy(_joint(table).ravel(), base=base))


def conditional_entropy(table, *, given: str = "y", base: float | None = None) -> float:
    r"""The conditional entropy :math:`H(X \mid Y)` (``given='y'``) or :math:`H(Y \mid X)`.

    .. math:: H(X \mid Y) = \sum_y p(y)\, H(X \mid Y = y) = H(X, Y) - H(Y)

    Parameters
    ----------
    table : array_like, shape (R, K)
        Counts or probabilities; rows are X, columns Y.
    given : {'y', 'x'}, default 'y'
        The variable conditioned on: the columns (``'y'``) or the rows (``'x'``).
    base : float, optional

    Returns
    -------
    float

    Raises
    ------
    InputError
        As :func:`table_information`, or for another ``given``.

    Examples
    --------
    >>> conditional_entropy([[1, 1], [0, 2]], given="x", base=2)
    0.5
    """
    check_one_of(given, "given", ("y", "x"))
    joint = _joint(table)
    return _conditional(joint if given == "y" else joint.T, base)


def mutual_information(table, *, base: float | None = None) -> float:
    r"""The mutual information :math:`I(X; Y) = D_\mathrm{KL}(p(x, y) \| p(x) p(y))`.

    Parameters
    ----------
    table : array_like, shape (R, K)
        Counts or probabilities; rows are X, columns Y.
    base : float, optional
        ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    float
        0 exactly when X and Y are independent in the table.

    Raises
    ------
    InputError
        As :func:`table_information`.

    Examples
    --------
    >>> round(mutual_information([[3, 1], [1, 3]], base=2), 4)
    0.1887
    """
    return table_information(table, base=base).mutual_information
