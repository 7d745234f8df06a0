"""Loss curves: each loss as a function of the predicted probability of the true class.

Every function is vectorised: give an array of probabilities ``p`` (of the true class)
and get the loss at each. The curves are built from the losses of
:mod:`xentcore.information` (cross-entropy) and the registry's entries
(:mod:`xentcore.registry`), so they agree with PyTorch, Keras and scikit-learn at the
same points; the tests hold each one against them. ``base=None`` gives nats, ``2``
bits, ``10`` hartleys. :mod:`.per_loss` has the per-loss curves and gradients,
:mod:`.landmarks` the clipped exact opposite and the reading of an average loss.
"""

from . import landmarks, per_loss
from .landmarks import *  # noqa: F403
from .per_loss import *  # noqa: F403

__all__ = [*per_loss.__all__, *landmarks.__all__]
