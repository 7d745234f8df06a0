"""Gradients of the losses with respect to the logits, as PyTorch autograd gives them.

For ``reduction='none'`` the gradient is that of the sum of the per-row losses
(what ``loss.sum().backward()`` gives).
"""

from __future__ import annotations

import numpy as np

from ._targets import (
    SoftmaxCEArgs,
    block_rows,
    finite_block,
    from_rows,
    parse_softmax_ce,
    split_ignored,
)
from ._validation import check_finite, check_reduction
from .losses import _binary_args, _pos_weight
from .softmax import sigmoid

__all__ = ["softmax_cross_entropy_grad", "binary_cross_entropy_with_logits_grad"]


def softmax_cross_entropy_grad(
    logits,
    target,
    *,
    weight=None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> np.ndarray:
    r"""Gradient of :func:`softmax_cross_entropy` with respect to the logits.

    With :math:`P = \operatorname{softmax}(z)`, :math:`S_w = \sum_c w_c` and
    :math:`D = \sum_n m_n w_{y_n}` for ``'mean'`` (1 for ``'sum'``/``'none'``):

    .. math::
        \frac{\partial L}{\partial z_{nk}} = \frac{m_n}{D}\Big[(1-\varepsilon)\,w_{y_n}
        (P_{nk} - \delta_{k y_n}) + \frac{\varepsilon}{C}(S_w P_{nk} - w_k)\Big]

    Without weights or smoothing this is the famous :math:`P - y` (divided by N for the
    mean), and each row sums to 0. For probability targets,
    :math:`\partial L/\partial z_{nk} = [P_{nk} \sum_c w_c q'_{nc} - w_k q'_{nk}] / N`
    (no ``/N`` for ``'sum'``). All-ignored batches give zeros, as autograd does.

    Parameters
    ----------
    logits, target, weight, ignore_index, reduction, label_smoothing
        As :func:`softmax_cross_entropy`.

    Returns
    -------
    numpy.ndarray
        Same shape as ``logits``, (N, C, d1, ..., dk) included.

    Raises
    ------
    ValueError
        As :func:`softmax_cross_entropy`.

    Examples
    --------
    >>> softmax_cross_entropy_grad([[0.0, 0.0]], [0]).tolist()
    [[-0.5, 0.5]]
    >>> softmax_cross_entropy_grad([[[0.0, 0.0], [0.0, 0.0]]], [[0, 1]]).tolist()  # (1, 2, 2)
    [[[-0.25, 0.25], [0.25, -0.25]]]
    """
    a = parse_softmax_ce(logits, target, weight, ignore_index, reduction, label_smoothing)
    grad = _softmax_blocks(a.logits)
    if a.probs is not None:
        _soft_target_grad(grad, a)
    else:
        _class_target_grad(grad, a)
    return from_rows(grad, a.layout)


def _softmax_blocks(z: np.ndarray) -> np.ndarray:
    """softmax(z) row block by row block, each block checked finite first."""
    n, c = z.shape
    grad = np.empty_like(z)
    rows = block_rows(c)
    for s in range(0, n, rows):
        e = min(s + rows, n)
        zb = z[s:e]
        finite_block(zb, s)
        gb = grad[s:e]
        with np.errstate(over="ignore"):  # ±1e308 logits: z - max is -inf, so P is 0
            np.subtract(zb, zb.max(axis=1, keepdims=True), out=gb)
        # P = exp(log_softmax), as autograd's log_softmax backward forms it.
        lse = np.log(np.exp(gb).sum(axis=1, keepdims=True))
        np.subtract(gb, lse, out=gb)
        np.exp(gb, out=gb)
    return grad


def _soft_target_grad(grad: np.ndarray, a: SoftmaxCEArgs) -> None:
    """P Σ_c w_c q'_c - w q' (over N for 'mean'), in place; ``grad`` holds P."""
    n, c = grad.shape
    eps, w = a.smoothing, a.weight
    q = a.probs * (1.0 - eps) + eps / c if eps > 0 else a.probs
    qw = q if w is None else q * w
    grad *= qw.sum(axis=1, keepdims=True)
    grad -= qw
    if a.reduction == "mean":
        grad /= n


def _class_target_grad(grad: np.ndarray, a: SoftmaxCEArgs) -> None:
    """The class-index gradient of the docstring's formula, in place; ``grad`` holds P."""
    n, c = grad.shape
    eps, w = a.smoothing, a.weight
    rows_n = np.arange(n)
    index, mask = split_ignored(a.index, a.ignore)
    wy = np.ones(n) if w is None else w[index]
    wy = np.where(mask, wy, 0.0)
    d = float(wy.sum()) if a.reduction == "mean" else 1.0
    if d == 0.0:
        # As autograd: ignored rows get 0, counted rows of weight 0 get 0/0 = nan.
        grad[:] = 0.0
        grad[mask] = np.nan
        return
    m = mask / d
    s_w = float(c) if w is None else float(w.sum())
    coef = m * ((1.0 - eps) * wy + (eps / c) * s_w * mask)
    grad *= coef[:, None]
    grad[rows_n, index] -= m * (1.0 - eps) * wy
    if eps > 0:
        wk = np.ones(c) if w is None else w
        grad -= (m * (eps / c))[:, None] * wk[None, :]


def binary_cross_entropy_with_logits_grad(
    logits, target, *, weight=None, pos_weight=None, reduction: str = "mean"
) -> np.ndarray:
    r"""Gradient of :func:`binary_cross_entropy_with_logits` with respect to the logits.

    .. math::
        \frac{\partial L}{\partial x} = w\,[\,(1 + (\text{pw} - 1)\,t)\,\sigma(x) - \text{pw}\, t\,]

    which is :math:`w(\sigma(x) - t)` without ``pos_weight``; divided by the number of
    elements for ``'mean'``.

    Parameters
    ----------
    logits, target, weight, pos_weight, reduction
        As :func:`binary_cross_entropy_with_logits`.

    Returns
    -------
    numpy.ndarray
        Same shape as ``logits``.

    Raises
    ------
    ValueError
        As :func:`binary_cross_entropy_with_logits`.

    Examples
    --------
    >>> binary_cross_entropy_with_logits_grad([0.0, 0.0], [1.0, 0.0]).tolist()
    [-0.25, 0.25]
    """
    x, t, w = _binary_args(logits, target, weight, "logits")
    check_finite(x, "logits")
    check_reduction(reduction)
    sig = np.asarray(sigmoid(x))
    if pos_weight is not None:
        pw = _pos_weight(pos_weight, x.shape)
        pt = pw * t
        grad = (pt + 1.0 - t) * sig - pt
    else:
        grad = sig - t
    if w is not None:
        grad = grad * w
    grad = np.broadcast_to(grad, x.shape).astype(np.float64, copy=True)
    if reduction == "mean":
        grad /= max(x.size, 1)
    return grad
