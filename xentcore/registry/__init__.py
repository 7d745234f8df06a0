"""One registry of losses, name -> (loss, gradient, curve), for Training, Loss curves and Softmax.

:mod:`.entry` says what an entry is (:class:`LossEntry`, :class:`LossParam`,
:class:`LossBatch`), :mod:`.lookup` holds :data:`LOSS_REGISTRY`, and :mod:`.entries`
registers the losses themselves: adding a loss means adding an entry there. :mod:`.table`
lists one example under every registered loss (the Softmax page's table).
"""

from . import (
    entries,  # noqa: F401  (registers the built-in losses)
    entry,
    lookup,
    table,
)
from .entry import *  # noqa: F403
from .lookup import *  # noqa: F403
from .table import *  # noqa: F403

__all__ = [*lookup.__all__, *entry.__all__, *table.__all__]
