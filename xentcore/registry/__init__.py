"""One registry of losses, name -> (loss, gradient, curve), for Training, Loss curves and Softmax.

:mod:`.entry` says what an entry is (:class:`LossEntry`, :class:`LossParam`,
:class:`LossBatch`), :mod:`.lookup` holds :data:`LOSS_REGISTRY`, and :mod:`.entries`
registers the losses themselves: adding a loss means adding an entry there.
"""

from . import entries  # noqa: F401  (registers the built-in losses)
from .entry import LossBatch, LossEntry, LossParam
from .lookup import LOSS_REGISTRY, loss_entry, loss_names, register_loss

__all__ = [
    "LOSS_REGISTRY",
    "LossBatch",
    "LossEntry",
    "LossParam",
    "loss_entry",
    "loss_names",
    "register_loss",
]
