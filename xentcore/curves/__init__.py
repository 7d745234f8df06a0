"""Loss curves: each loss as a function of the predicted probability of the true class.

Every function is vectorised: give an array of probabilities ``p`` (of the true class)
and get the loss at each. The curves are built from the losses of
:mod:`xentcore.information` (cross-entropy) and the registry's entries
(:mod:`xentcore.registry`), so they agree with PyTorch, Keras and scikit-learn at the
same points; the tests hold each one against them. ``base=None`` gives nats, ``2``
bits, ``10`` hartleys. :mod:`.per_loss` has the per-loss curves and gradients,
:mod:`.landmarks` the clipped exact opposite and the reading of an average loss.
"""

from .landmarks import (
    CLIP_EPSILONS,
    LossReading,
    exact_opposite_losses,
    opposite_path_curve,
    read_average_loss,
    uniform_guess_loss,
)
from .per_loss import (
    LogitGradients,
    SmoothedMinimum,
    cross_entropy_curve,
    focal_curve,
    logit,
    logit_gradients,
    probability_grid,
    smoothed_cross_entropy_curve,
    smoothed_minimum,
    squared_error_curve,
)

__all__ = [
    "CLIP_EPSILONS",
    "LogitGradients",
    "LossReading",
    "SmoothedMinimum",
    "cross_entropy_curve",
    "exact_opposite_losses",
    "focal_curve",
    "logit",
    "logit_gradients",
    "opposite_path_curve",
    "probability_grid",
    "read_average_loss",
    "smoothed_cross_entropy_curve",
    "smoothed_minimum",
    "squared_error_curve",
    "uniform_guess_loss",
]
