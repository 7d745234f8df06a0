r"""One example under every registered loss: what the Softmax page lists beside its own loss.

For logits :math:`z` of one example and its class :math:`y`, each entry of
:data:`~xentcore.registry.LOSS_REGISTRY` gives its loss and gradient with its default
settings (class weights, where a loss needs them, are the caller's or 1 each), so a
newly registered loss shows up in the table with no change to the page.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import InputError, as_float_array, check_scalar, check_whole, log_base
from ..softmax import divide_by_temperature
from .lookup import LOSS_REGISTRY

__all__ = ["RegisteredLoss", "every_registered_loss"]


@dataclass(frozen=True)
class RegisteredLoss:
    """One registered loss of one example: its name, label, value and gradient."""

    name: str
    label: str
    #: The loss in the unit of ``base`` (None for a loss without a unit: squared error).
    value: float
    #: ``has_unit`` is False for a loss whose value is not in bits or nats.
    has_unit: bool
    #: :math:`\partial L / \partial z` of the loss in nats, one per class.
    grad: tuple[float, ...]


def every_registered_loss(
    logits,
    target: int,
    *,
    temperature: float = 1.0,
    class_weights=None,
    base: float | None = None,
) -> list[RegisteredLoss]:
    r"""Every registered loss of one example with its default settings, and its gradient.

    With temperature :math:`T` each loss is taken of :math:`z / T`, and the gradient with
    respect to :math:`z` is :math:`\frac{1}{T}\,\nabla_{z/T} L`.

    Parameters
    ----------
    logits : array_like
        The example's logits, shape (C,).
    target : int
        Its class, from 0 to C - 1.
    temperature : float, default 1.0
        T > 0.
    class_weights : array_like, optional
        One weight per class for the losses that take them (1 each when omitted).
    base : float, optional
        Logarithm base of the values: ``None`` for nats, 2 for bits.

    Returns
    -------
    list of RegisteredLoss
        In the registry's order.

    Raises
    ------
    ValueError
        For logits that are not one row of finite numbers, a class out of range, or a
        bad temperature or base.

    Examples
    --------
    >>> rows = every_registered_loss([2.0, 1.0, 0.1], 0)
    >>> rows[0].name, round(rows[0].value, 6), [round(g, 4) for g in rows[0].grad]
    ('cross_entropy', 0.41703, [-0.341, 0.2424, 0.0986])
    """
    z = as_float_array(logits, "logits")
    if z.ndim != 1 or z.size < 2:
        raise InputError(f"logits must be one example's C >= 2 logits, got shape {z.shape}")
    c = check_whole(target, "target", 0, z.size - 1)
    t = check_scalar(temperature, "temperature", low=0, low_open=True)
    scale = log_base(base)
    scaled = divide_by_temperature(z, t, "logits")[None, :]
    weights = np.ones(z.size) if class_weights is None else class_weights
    rows = []
    for entry in LOSS_REGISTRY.values():
        settings = {p.name: weights for p in entry.params if p.kind == "class_weights"}
        value = entry.loss(scaled, [c], reduction="sum", **settings)
        grad = entry.grad(scaled, [c], reduction="sum", **settings)[0] / t
        shown = value / scale if entry.has_unit else value
        rows.append(RegisteredLoss(entry.name, entry.label, float(shown), entry.has_unit,
                                   tuple(float(g) for g in grad)))  # fmt: skip
    return rows
