"""Losses with PyTorch semantics (``torch.nn.functional`` of the same name).

Formulas, reductions and edge cases follow ``torch.nn.functional`` 2.13 in float64;
``sigmoid_focal_loss`` follows ``torchvision.ops``. Softmax cross-entropy works in
blocks of rows, so its temporaries stay a few MiB whatever the batch size.
"""

from __future__ import annotations

import numpy as np

from ._targets import (
    SoftmaxCEArgs,
    as_rows,
    block_rows,
    class_indices,
    finite_block,
    loss_shape,
    parse_softmax_ce,
    split_ignored,
    target_shape_problem,
    torch_class_target,
)
from ._validation import (
    InputError,
    as_float_array,
    check_finite,
    check_in_unit_interval,
    check_nonnegative,
    check_reduction,
    check_same_shape,
    check_scalar,
    refuse_complex,
)
from .softmax import log_sigmoid, sigmoid

__all__ = [
    "softmax_cross_entropy",
    "nll_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "sigmoid_focal_loss",
]

#: PyTorch clamps log(p) at -100 in binary_cross_entropy, so p = 0 costs 100, not ∞.
TORCH_LOG_CLAMP = -100.0


def _reduce(loss: np.ndarray, reduction: str, denominator: float | None = None):
    if reduction == "none":
        return loss[()] if loss.ndim == 0 else loss
    with np.errstate(over="ignore"):  # a sum beyond 1.8e308 is inf, as in torch
        total = float(loss.sum())
    if reduction == "sum":
        return total
    d = float(loss.size) if denominator is None else float(denominator)
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.float64(total) / np.float64(d))


def _softmax_ce_rows(a: SoftmaxCEArgs, keep_rows: bool) -> tuple[np.ndarray | None, float, float]:
    """Per-row losses (if ``keep_rows``; 0 where ignored), their sum, and the 'mean' divisor.

    Works through the rows in cache-sized blocks: one (rows, C) buffer is reused, so the
    temporaries do not grow with N (apart from the per-row output when it is asked for).
    """
    z = a.logits
    n, c = z.shape
    eps, w = a.smoothing, a.weight
    s_w = float(c) if w is None else float(w.sum())
    rows = block_rows(c)
    buf = np.empty((min(rows, n), c))
    ar = np.arange(min(rows, n))
    out = np.empty(n) if keep_rows else None
    total = 0.0
    denom = 0.0 if a.probs is None else float(n)
    # ±1e308 logits: z - max overflows to -inf (exp gives 0, the loss inf, as torch).
    with np.errstate(over="ignore", invalid="ignore"):
        for s in range(0, n, rows):
            e = min(s + rows, n)
            zb = z[s:e]
            finite_block(zb, s)
            bb = buf[: e - s]
            np.subtract(zb, zb.max(axis=1, keepdims=True), out=bb)  # s = z - max <= 0
            if a.probs is None:
                yb, mb = split_ignored(a.index[s:e], a.ignore)
                picked = bb[ar[: e - s], yb]
                if eps > 0:
                    smooth = bb.sum(axis=1) if w is None else bb @ w
            else:
                # q' = (1 - ε) q + ε / C, as torch smooths probability targets.
                qw = a.probs[s:e] * (1.0 - eps) + eps / c if eps > 0 else a.probs[s:e]
                if w is not None:
                    qw = qw * w
                qsum = qw.sum(axis=1)
                qdot = np.einsum("ij,ij->i", qw, bb)
            np.exp(bb, out=bb)
            lse = np.log(bb.sum(axis=1))
            if a.probs is None:
                # -log_softmax at the target is lse - s_y: both terms >= 0, no cancellation.
                wy = (np.ones(e - s) if w is None else w[yb]) * mb
                loss = wy * (lse - picked)
                if eps > 0:
                    loss = (1.0 - eps) * loss + mb * ((eps / c) * (s_w * lse - smooth))
                loss = np.where(mb, loss, 0.0)  # an ignored row is 0, even where 0 * inf
                denom += float(wy.sum())
            else:
                loss = lse * qsum - qdot  # -Σ w q' (s - lse), again two non-negative terms
            if keep_rows:
                out[s:e] = loss
            total += float(loss.sum())
    return out, total, denom


def softmax_cross_entropy(
    logits,
    target,
    *,
    weight=None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
):
    r"""Cross-entropy of softmax(logits) against a target: ``torch.nn.functional.cross_entropy``.

    With :math:`\ell = \log\operatorname{softmax}(z)`, class weights :math:`w`, smoothing
    :math:`\varepsilon` and :math:`m_n = [y_n \ne \text{ignore\_index}]`:

    .. math::
        L_n = m_n \Big[(1-\varepsilon)\, w_{y_n} (-\ell_{n,y_n})
              + \frac{\varepsilon}{C} \sum_c w_c (-\ell_{n,c})\Big], \qquad
        L_{\text{mean}} = \frac{\sum_n L_n}{\sum_n m_n w_{y_n}}

    For probability targets :math:`q`, :math:`q' = (1-\varepsilon) q + \varepsilon/C`,
    :math:`L_n = -\sum_c w_c q'_{nc} \ell_{nc}` and ``'mean'`` divides by N, not by weights.
    So with weights, ``reduction='none'`` then ``.mean()`` is *not* ``reduction='mean'``.

    Spatial inputs (segmentation) follow PyTorch: logits (N, C, d1, ..., dk) with class
    indices (N, d1, ..., dk) or probabilities (N, C, d1, ..., dk); every position is one
    more example, so n above runs over N·d1·…·dk positions and ``'none'`` returns shape
    (N, d1, ..., dk). As PyTorch, class indices must be integers, a target of the logits'
    shape must be floating point, and ``ignore_index`` (other than -100) is refused with
    probability targets.

    Parameters
    ----------
    logits : array_like, shape (C,), (N, C) or (N, C, d1, ..., dk)
        Finite, unnormalised scores; axis 1 (the only one for (C,)) is the class axis.
    target : array_like
        Integer class indices of shape (N,) or (N, d1, ..., dk) (a scalar for unbatched
        logits), or floating-point probabilities in [0, 1] of the shape of ``logits``.
    weight : array_like, shape (C,), optional
        Non-negative class weights.
    ignore_index : int, default -100
        A class-index target that contributes nothing (neither loss nor weight).
    reduction : {'mean', 'sum', 'none'}, default 'mean'
    label_smoothing : float, default 0.0
        ε in [0, 1].

    Returns
    -------
    float or numpy.ndarray
        The reduced loss, or per-row (per-position) losses for ``'none'``. ``'mean'`` over
        a batch whose targets are all ignored is ``nan`` (as PyTorch).

    Raises
    ------
    ValueError
        For non-finite or complex logits, a class index outside [0, C) that is not
        ``ignore_index``, float or bool class indices, integer targets of the logits'
        shape, target probabilities outside [0, 1] or with ``ignore_index``, mismatched
        shapes, a negative weight, ε outside [0, 1] or an unknown reduction.

    Examples
    --------
    >>> round(softmax_cross_entropy([[1.0, 2.0, 3.0]], [2]), 6)
    0.407606
    >>> softmax_cross_entropy([[1000.0, -1000.0, 0.0]], [1], reduction="none").tolist()
    [2000.0]
    >>> z = np.zeros((1, 3, 2, 2))  # one 2 x 2 image, 3 classes: log 3 per pixel
    >>> softmax_cross_entropy(z, [[[0, 1], [2, 0]]], reduction="none").round(4).tolist()
    [[[1.0986, 1.0986], [1.0986, 1.0986]]]
    """
    a = parse_softmax_ce(logits, target, weight, ignore_index, reduction, label_smoothing)
    rows, total, denom = _softmax_ce_rows(a, keep_rows=a.reduction == "none")
    if a.reduction == "none":
        return rows.reshape(())[()] if a.unbatched else rows.reshape(a.loss_shape)
    if a.reduction == "sum":
        return total
    if denom == 0.0:
        # Every target ignored or of weight 0: torch's 0/0 gives nan.
        return float("nan")
    return total / denom


def nll_loss(log_probs, target, *, weight=None, ignore_index: int = -100, reduction: str = "mean"):
    r"""Negative log-likelihood of class targets: ``torch.nn.functional.nll_loss``.

    .. math::
        L_n = -m_n\, w_{y_n} \log \hat p_{n, y_n}, \qquad
        L_{\text{mean}} = \frac{\sum_n L_n}{\sum_n m_n w_{y_n}}

    ``nll_loss(log_softmax(z), y)`` equals ``softmax_cross_entropy(z, y)``: softmax, then
    log, then NLL is exactly cross-entropy on logits. Spatial inputs as there:
    (N, C, d1, ..., dk) log-probabilities with (N, d1, ..., dk) class indices.

    Parameters
    ----------
    log_probs : array_like, shape (C,), (N, C) or (N, C, d1, ..., dk)
        Log-probabilities; ``-inf`` (log 0) is allowed and gives an infinite loss.
    target : array_like of int, shape (N,), (N, d1, ..., dk) or scalar
        Integer class indices in [0, C), or ``ignore_index`` (floats are refused, as
        PyTorch refuses them).
    weight : array_like, shape (C,), optional
        Non-negative class weights.
    ignore_index : int, default -100
    reduction : {'mean', 'sum', 'none'}, default 'mean'

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        For NaN or ``+inf`` log-probabilities, bad class indices, or mismatched shapes.

    Examples
    --------
    >>> import numpy as np
    >>> round(nll_loss(np.log([[0.228, 0.619, 0.153]]), [1]), 4)
    0.4797
    >>> nll_loss(np.log(np.full((1, 2, 3), 0.5)), [[0, 1, -100]], reduction="none").round(4)
    array([[0.6931, 0.6931, 0.    ]])
    """
    lp = as_float_array(log_probs, "log_probs")
    lp2 = as_rows(lp, "log_probs")
    check_finite(lp2, "log_probs", allow_neg_inf=True)
    check_reduction(reduction)
    n, c = lp2.shape
    t = np.asarray(target)
    refuse_complex(t, "target")
    if t.shape != loss_shape(lp.shape):
        raise target_shape_problem(t.shape, lp.shape, "log_probs", soft=False)
    torch_class_target(t)
    idx, mask = split_ignored(*class_indices(t, n, c, ignore_index))
    w = None
    if weight is not None:
        w = as_float_array(weight, "weight")
        if w.shape != (c,):
            raise InputError(f"weight must have shape ({c},), got shape {w.shape}")
        check_nonnegative(w, "weight")
    wy = np.ones(n) if w is None else w[idx]
    wy = np.where(mask, wy, 0.0)
    picked = lp2[np.arange(n), idx]
    with np.errstate(invalid="ignore"):
        loss = np.where(mask, -wy * picked, 0.0)
    return _reduce(loss.reshape(loss_shape(lp.shape)), reduction, float(wy.sum()))


def _binary_args(x, target, weight, x_name: str):
    xa = as_float_array(x, x_name)
    ta = as_float_array(target, "target")
    check_same_shape(xa, ta, x_name, "target")
    check_in_unit_interval(ta, "target")
    w = None
    if weight is not None:
        w = as_float_array(weight, "weight")
        check_finite(w, "weight")
        _check_broadcasts_to(w, xa.shape, "weight", x_name)
    return xa, ta, w


def binary_cross_entropy(probs, target, *, weight=None, reduction: str = "mean"):
    r"""Binary cross-entropy of probabilities: ``torch.nn.functional.binary_cross_entropy``.

    .. math::
        L = -w\,[\,t \max(\log p, -100) + (1 - t) \max(\log(1 - p), -100)\,]

    PyTorch clamps each log at -100, so a confident mistake costs 100, not ∞
    (Keras clips p at 1e-7 instead, scikit-learn at machine epsilon).
    ``'mean'`` is the plain mean over every element.

    Parameters
    ----------
    probs : array_like
        Predicted probabilities in [0, 1].
    target : array_like
        Targets in [0, 1] (soft targets allowed), same shape as ``probs``.
    weight : array_like, optional
        Element weights, broadcastable to ``probs``.
    reduction : {'mean', 'sum', 'none'}, default 'mean'

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        For values outside [0, 1], non-finite values, or shapes that do not match.

    Examples
    --------
    >>> binary_cross_entropy([0.0, 1.0, 0.0, 1.0], [0.0, 1.0, 1.0, 0.0], reduction="none").tolist()
    [0.0, 0.0, 100.0, 100.0]
    >>> round(binary_cross_entropy([0.4], [0.4]), 4)  # not 0: the Bernoulli entropy of 0.4
    0.673
    """
    p, t, w = _binary_args(probs, target, weight, "probs")
    check_in_unit_interval(p, "probs")
    check_reduction(reduction)
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), TORCH_LOG_CLAMP)
        log_1mp = np.maximum(np.log1p(-p), TORCH_LOG_CLAMP)
    loss = (t - 1.0) * log_1mp - t * log_p + 0.0  # + 0.0 turns -0.0 into 0.0
    if w is not None:
        loss = loss * w
    return _reduce(np.asarray(loss), reduction)


def binary_cross_entropy_with_logits(
    logits, target, *, weight=None, pos_weight=None, reduction: str = "mean"
):
    r"""Binary cross-entropy on logits: ``torch.nn.functional.binary_cross_entropy_with_logits``.

    .. math::
        L = w\,[\,(1 - t)\,x - (1 + (\text{pw} - 1)\,t)\,\log\sigma(x)\,]

    with the stable :math:`\log\sigma(x) = \min(x, 0) - \log(1 + e^{-|x|})`, so ±1000 logits
    give exact losses. ``pos_weight`` (one per class, broadcast over the last axis)
    scales the positive term: > 1 trades precision for recall.

    Parameters
    ----------
    logits : array_like
        Finite scores.
    target : array_like
        Targets in [0, 1], same shape as ``logits``.
    weight : array_like, optional
        Element weights, broadcastable to ``logits``.
    pos_weight : array_like, optional
        Non-negative weights of positive examples, broadcastable to ``logits``.
    reduction : {'mean', 'sum', 'none'}, default 'mean'

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        For non-finite logits, targets outside [0, 1], or shapes that do not match.

    Examples
    --------
    >>> binary_cross_entropy_with_logits([1000.0, -1000.0], [0.0, 1.0], reduction="none").tolist()
    [1000.0, 1000.0]
    """
    x, t, w = _binary_args(logits, target, weight, "logits")
    check_finite(x, "logits")
    check_reduction(reduction)
    log_sig = log_sigmoid(x)
    if pos_weight is not None:
        pw = _pos_weight(pos_weight, x.shape)
        with np.errstate(over="ignore"):  # a ±1e308 logit times pos_weight is ±inf
            log_sig = log_sig * ((pw - 1.0) * t + 1.0)
    loss = (1.0 - t) * x - log_sig
    if w is not None:
        loss = loss * w
    return _reduce(np.asarray(loss), reduction)


def _pos_weight(pos_weight, shape) -> np.ndarray:
    pw = as_float_array(pos_weight, "pos_weight")
    check_nonnegative(pw, "pos_weight")
    _check_broadcasts_to(
        pw, shape, "pos_weight", "logits", "; give one weight per class (the last axis)"
    )
    return pw


def _check_broadcasts_to(w: np.ndarray, shape, name: str, x_name: str, hint: str = "") -> None:
    """``w`` must stretch to ``shape`` without making the result any bigger (as torch)."""
    try:
        ok = np.broadcast_shapes(w.shape, shape) == tuple(shape)
    except ValueError:
        ok = False
    if not ok:
        raise InputError(
            f"{name} of shape {w.shape} does not broadcast to {x_name} "
            f"of shape {tuple(shape)}{hint}"
        )


def sigmoid_focal_loss(
    logits, target, *, alpha: float = 0.25, gamma: float = 2.0, reduction: str = "none"
):
    r"""Focal loss on logits: ``torchvision.ops.sigmoid_focal_loss``.

    .. math::
        L = \alpha_t\,(1 - p_t)^\gamma\,\mathrm{BCE}(x, t), \qquad
        p_t = p t + (1-p)(1-t), \quad \alpha_t = \alpha t + (1-\alpha)(1-t)

    :math:`(1 - p_t)^\gamma` shrinks the loss of examples already classified well, so
    training focuses on hard ones. ``alpha < 0`` disables the class balancing.
    Elementwise, as torchvision's: any shape, so segmentation's (N, C, H, W) logits with
    targets of the same shape are one sigmoid per class and pixel, and ``'mean'``
    averages over every element (N·C·H·W of them).

    Parameters
    ----------
    logits : array_like
        Finite scores, of any shape.
    target : array_like
        Targets in [0, 1], same shape as ``logits``.
    alpha : float, default 0.25
        Weight of positives in [0, 1], or negative to disable.
    gamma : float, default 2.0
        Focusing exponent, >= 0 (0 gives plain α-weighted BCE).
    reduction : {'none', 'mean', 'sum'}, default 'none'

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        For non-finite logits, targets outside [0, 1], α > 1, γ < 0, or mismatched shapes.

    Examples
    --------
    >>> round(float(sigmoid_focal_loss([0.0], [1.0], alpha=-1, gamma=0.0)[0]), 6)
    0.693147
    """
    x, t, _ = _binary_args(logits, target, None, "logits")
    check_finite(x, "logits")
    a = check_scalar(alpha, "alpha", high=1.0)
    g = check_scalar(gamma, "gamma", low=0.0)
    check_reduction(reduction)
    p = sigmoid(x)
    ce = binary_cross_entropy_with_logits(x, t, reduction="none")
    p_t = p * t + (1.0 - p) * (1.0 - t)
    loss = ce * ((1.0 - p_t) ** g)
    if a >= 0:
        loss = (a * t + (1.0 - a) * (1.0 - t)) * loss
    return _reduce(np.asarray(loss), reduction)
