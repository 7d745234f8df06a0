r"""Gradient descent on cross-entropy: toy 2-D data, two small models, the registry's losses.

Everything a learner needs to watch a classifier train, in NumPy:

* :func:`make_dataset`: blobs (K classes), moons (2) and spirals (K arms), generated
  deterministically from a seed, with Gaussian noise and a class imbalance.
* Two models: softmax regression (:math:`z = xW + b`) and a network with one hidden
  layer (tanh or ReLU) of configurable width; :func:`init_params` starts both at the
  uniform prediction (output layer all zeros), so step 0 has cross-entropy :math:`\ln K`.
* The losses of :mod:`xentcore.registry` (:data:`LOSSES`): cross-entropy, squared error
  on the softmax outputs, weighted cross-entropy, label smoothing and focal loss. The
  cross-entropy family (and its gradient with respect to the logits) comes from
  :func:`xentcore.softmax_cross_entropy` and :func:`xentcore.softmax_cross_entropy_grad`;
  squared error and focal loss have their own gradients there (tested against finite
  differences).
* :func:`train`: full-batch gradient descent with a per-step history (loss,
  cross-entropy, accuracy, mean confidence) and parameter snapshots at a bounded number
  of steps for replay. A run whose loss becomes inf/nan stops there and says at which step.
* :func:`logistic_regression_gradient`: the identity :math:`\nabla_\beta L = X^\top(\hat y - y)/N`
  with the numbers it is made of.

All losses are means over the points, in nats (natural log), as gradient descent uses them.
The modules: :mod:`.datasets`, :mod:`.network` (models, forward and backward passes),
:mod:`.objectives` (:class:`LossSpec` and the losses), :mod:`.loop` (:func:`train`),
:mod:`.pictures` (decision regions) and :mod:`.logistic`; this package re-exports
their public names.
"""

from .datasets import (
    DATASETS,
    MAX_CLASSES,
    MAX_POINTS,
    Dataset,
    balanced_class_weights,
    class_counts,
    make_dataset,
)
from .logistic import LogisticGradient, logistic_example, logistic_regression_gradient
from .loop import (
    MAX_SNAPSHOTS,
    MAX_STEPS,
    TrainingRun,
    loss_and_gradients,
    snapshot_schedule,
    train,
)
from .network import (
    ACTIVATIONS,
    MAX_HIDDEN,  # noqa: F401  (a limit, importable as before)
    MODELS,
    ModelSpec,
    init_params,
    model_logits,
)
from .objectives import (
    LOSSES,
    LossSpec,
    focal_loss,
    focal_loss_grad,
    objective,
    objective_grad,
    squared_error_grad,
    squared_error_loss,
)
from .pictures import (
    MAX_RESOLUTION,  # noqa: F401  (a limit, importable as before)
    DecisionGrid,
    decision_grid,
)

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "LOSSES",
    "MAX_CLASSES",
    "MAX_POINTS",
    "MAX_SNAPSHOTS",
    "MAX_STEPS",
    "MODELS",
    "Dataset",
    "DecisionGrid",
    "LogisticGradient",
    "LossSpec",
    "ModelSpec",
    "TrainingRun",
    "balanced_class_weights",
    "class_counts",
    "decision_grid",
    "focal_loss",
    "focal_loss_grad",
    "init_params",
    "logistic_example",
    "logistic_regression_gradient",
    "loss_and_gradients",
    "make_dataset",
    "model_logits",
    "objective",
    "objective_grad",
    "snapshot_schedule",
    "squared_error_grad",
    "squared_error_loss",
    "train",
]
