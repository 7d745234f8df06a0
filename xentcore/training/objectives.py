r"""The training losses: :class:`LossSpec` (which loss, which settings) and its value and gradient.

Every loss comes from the registry (:mod:`xentcore.registry`): :data:`LOSSES` is its list
of names, :class:`LossSpec` checks a loss's settings against its entry, and
:func:`objective` / :func:`objective_grad` are the entry's loss and gradient. The
cross-entropy family is :func:`xentcore.softmax_cross_entropy` (and its gradient);
squared error and focal loss have their own gradients (tested against finite
differences). All are means over the points, in nats.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .._validation import check_logits_and_classes
from ..losses import softmax_cross_entropy  # noqa: F401  (focal_loss's example uses it)
from ..registry import LossBatch, loss_entry, loss_names

__all__ = [
    "LOSSES",
    "LossSpec",
    "focal_loss",
    "focal_loss_grad",
    "objective",
    "objective_grad",
    "squared_error_grad",
    "squared_error_loss",
]

#: The losses training accepts: every registered one, in the registry's order.
LOSSES = loss_names()

#: The settings LossSpec holds as fields; any other setting of a loss goes in ``params``.
_FIELDS = ("class_weights", "smoothing", "gamma")


@dataclass(frozen=True, repr=False)
class LossSpec:
    """Which loss, and its parameters (each used only by the loss it belongs to).

    :meth:`canonical` drops the parameters the loss does not use, so two specs that
    train alike compare equal (a cache key, or ``train(start=...)``). The settings are
    those of the loss's registry entry (:func:`xentcore.registry.loss_entry`): the three
    below have fields of their own, any other goes in ``params``.
    """

    name: str = "cross_entropy"
    #: Per-class weights of 'weighted_cross_entropy' (length K).
    class_weights: tuple[float, ...] | None = None
    #: ε of 'label_smoothing', in [0, 1].
    smoothing: float | None = 0.1
    #: γ of 'focal', in [0, 100] (γ = 0 is cross-entropy).
    gamma: float | None = 2.0
    #: Settings of a registered loss other than the three above, as (name, value) pairs.
    params: tuple[tuple[str, Any], ...] = ()

    def __repr__(self) -> str:
        extra = f", params={self.params!r}" if self.params else ""
        return (
            f"LossSpec(name={self.name!r}, class_weights={self.class_weights!r}, "
            f"smoothing={self.smoothing!r}, gamma={self.gamma!r}{extra})"
        )

    @classmethod
    def of(cls, name: str, **settings) -> LossSpec:
        """The spec of the registered loss ``name`` with ``settings`` by keyword.

        >>> LossSpec.of("focal", gamma=0.5).canonical()
        LossSpec(name='focal', class_weights=None, smoothing=None, gamma=0.5)
        """
        fields = {k: settings.pop(k) for k in _FIELDS if k in settings}
        return cls(name, **fields, params=tuple(settings.items()))

    def settings(self) -> dict[str, Any]:
        """The loss's own settings by name, as its registry entry takes them (unchecked).

        >>> LossSpec("label_smoothing").settings()
        {'smoothing': 0.1}
        """
        entry = loss_entry(self.name)
        extra = dict(self.params)
        return {
            p.name: getattr(self, p.name) if p.name in _FIELDS else extra.get(p.name, p.default)
            for p in entry.params
        }

    def canonical(self) -> LossSpec:
        """The same loss with only its own parameter kept (the others None).

        >>> LossSpec("focal", class_weights=(1.0, 2.0), gamma=1).canonical()
        LossSpec(name='focal', class_weights=None, smoothing=None, gamma=1.0)
        """
        checked = loss_entry(self.name).check_params(self.settings())
        fields = {k: checked.pop(k, None) for k in _FIELDS}
        return LossSpec(self.name, **fields, params=tuple(checked.items()))


def checked_loss(loss: LossSpec, y: np.ndarray, n_classes: int) -> LossSpec:
    """``loss.canonical()``, with its class weights checked against the data."""
    spec = loss.canonical()
    loss_entry(spec.name).check_data(spec.settings(), y, n_classes)
    return spec


def squared_error_loss(logits, target) -> float:
    r"""Squared error between the softmax outputs and the one-hot target (the Brier score).

    .. math:: L = \frac{1}{N}\sum_n \sum_c \big(p_{nc} - y_{nc}\big)^2,
        \qquad p_n = \operatorname{softmax}(z_n)

    Between 0 and 2 per point. Unlike cross-entropy it stays bounded when the model is
    confidently wrong, so its gradient there is small: training starts slower.

    Parameters
    ----------
    logits : array_like
        Shape (N, C), finite.
    target : array_like
        N class indices in [0, C).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For non-finite logits or class indices out of range.

    Examples
    --------
    >>> squared_error_loss([[0.0, 0.0]], [0])
    0.5
    """
    return loss_entry("squared_error").loss(logits, target)


def squared_error_grad(logits, target) -> np.ndarray:
    r"""Gradient of :func:`squared_error_loss` with respect to the logits.

    With :math:`g_{nc} = 2(p_{nc} - y_{nc})/N` and the softmax Jacobian
    :math:`\partial p_c/\partial z_k = p_c(\delta_{ck} - p_k)`:

    .. math:: \frac{\partial L}{\partial z_{nk}} = p_{nk}\Big(g_{nk} - \sum_c g_{nc}\,p_{nc}\Big)

    The factor :math:`p_{nk}` makes it vanish when the softmax saturates, even at a wrong
    answer; cross-entropy's :math:`(p - y)/N` does not.

    Parameters
    ----------
    logits, target
        As :func:`squared_error_loss`.

    Returns
    -------
    numpy.ndarray
        Shape (N, C); each row sums to 0.

    Raises
    ------
    ValueError
        As :func:`squared_error_loss`.

    Examples
    --------
    >>> squared_error_grad([[0.0, 0.0]], [0]).tolist()
    [[-0.5, 0.5]]
    """
    return loss_entry("squared_error").grad(logits, target)


def focal_loss(logits, target, *, gamma: float = 2.0) -> float:
    r"""Softmax focal loss (Lin et al., 2017) with :math:`\alpha = 1`, the mean over points.

    .. math:: L = -\frac{1}{N}\sum_n \big(1 - p_{n,y_n}\big)^{\gamma}\,\log p_{n,y_n}

    i.e. :math:`-\sum_c \alpha (1-p_c)^\gamma y_c \log p_c` for a one-hot :math:`y` with
    :math:`\alpha = 1` (a scalar α only rescales the loss, like a smaller learning
    rate; per-class weights are what the weighted cross-entropy does). Points already
    predicted well (:math:`p_y` near 1) are down-weighted. :math:`\gamma = 0` is the
    cross-entropy.

    Parameters
    ----------
    logits : array_like
        Shape (N, C), finite.
    target : array_like
        N class indices in [0, C).
    gamma : float, default 2.0
        Focusing parameter in [0, 100].

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For bad logits, targets or gamma.

    Examples
    --------
    >>> round(focal_loss([[0.0, 0.0]], [0], gamma=2.0), 6)  # 0.5² · ln 2
    0.173287
    >>> focal_loss([[1.0, 3.0]], [1], gamma=0.0) == softmax_cross_entropy([[1.0, 3.0]], [1])
    True
    """
    return loss_entry("focal").loss(logits, target, gamma=gamma)


def focal_loss_grad(logits, target, *, gamma: float = 2.0) -> np.ndarray:
    r"""Gradient of :func:`focal_loss` with respect to the logits.

    With :math:`p = p_{n,y_n}`, the chain rule through :math:`\partial p/\partial z_k =
    p(\delta_{k y} - p_k)` gives a scaled cross-entropy gradient:

    .. math::
        \frac{\partial L}{\partial z_{nk}} = \frac{1}{N}\Big[(1-p)^\gamma
        + \gamma\, p\,(1-p)^{\gamma-1}(-\log p)\Big]\big(p_{nk} - y_{nk}\big)

    Parameters
    ----------
    logits, target, gamma
        As :func:`focal_loss`.

    Returns
    -------
    numpy.ndarray
        Shape (N, C); each row sums to 0.

    Raises
    ------
    ValueError
        As :func:`focal_loss`.

    Examples
    --------
    >>> focal_loss_grad([[0.0, 0.0]], [0], gamma=0.0).tolist()
    [[-0.5, 0.5]]
    """
    return loss_entry("focal").grad(logits, target, gamma=gamma)


def objective(logits, target, loss: LossSpec) -> float:
    r"""The training loss ``loss`` (a mean over points, in nats) at ``logits``.

    ``'cross_entropy'``, ``'weighted_cross_entropy'`` and ``'label_smoothing'`` are
    :func:`xentcore.softmax_cross_entropy` (PyTorch semantics: the weighted mean divides
    by :math:`\sum_n w_{y_n}`); ``'squared_error'`` is :func:`squared_error_loss` and
    ``'focal'`` :func:`focal_loss`.

    .. math:: L_{\mathrm{CE}} = -\frac{1}{N}\sum_n \log \operatorname{softmax}(z_n)_{y_n}

    Parameters
    ----------
    logits : array_like
        Shape (N, K), finite.
    target : array_like
        N class indices.
    loss : LossSpec

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For bad inputs or loss parameters (the message names which).

    Examples
    --------
    >>> round(objective([[0.0, 0.0, 0.0]], [2], LossSpec()), 4)  # ln 3
    1.0986
    """
    z, y = check_logits_and_classes(logits, target)
    return batch_objective(LossBatch(z, y), checked_loss(loss, y, z.shape[1]))


def objective_grad(logits, target, loss: LossSpec) -> np.ndarray:
    r"""Gradient of :func:`objective` with respect to the logits.

    The cross-entropy family comes from :func:`xentcore.softmax_cross_entropy_grad`
    (without weights or smoothing, :math:`(p - y)/N`); squared error and focal loss from
    :func:`squared_error_grad` and :func:`focal_loss_grad`.

    .. math:: \frac{\partial L_{\mathrm{CE}}}{\partial z_{nk}} = \frac{p_{nk} - y_{nk}}{N}

    Parameters
    ----------
    logits, target, loss
        As :func:`objective`.

    Returns
    -------
    numpy.ndarray
        Shape (N, K).

    Raises
    ------
    ValueError
        As :func:`objective`.

    Examples
    --------
    >>> objective_grad([[0.0, 0.0]], [1], LossSpec()).tolist()
    [[0.5, -0.5]]
    """
    z, y = check_logits_and_classes(logits, target)
    return batch_objective_grad(LossBatch(z, y), checked_loss(loss, y, z.shape[1]))


def batch_objective(batch: LossBatch, spec: LossSpec) -> float:
    """The loss ``spec`` (checked) on a batch of checked logits and targets."""
    return loss_entry(spec.name).loss_fn(batch, **spec.settings())


def batch_objective_grad(batch: LossBatch, spec: LossSpec) -> np.ndarray:
    """The gradient of :func:`batch_objective` with respect to the logits."""
    return loss_entry(spec.name).grad_fn(batch, **spec.settings())
