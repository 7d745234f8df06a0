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

from . import datasets, logistic, loop, network, objectives, pictures
from .datasets import *  # noqa: F403
from .logistic import *  # noqa: F403
from .loop import *  # noqa: F403
from .network import *  # noqa: F403
from .network import MAX_HIDDEN  # noqa: F401  (a limit, importable as before)
from .objectives import *  # noqa: F403
from .pictures import *  # noqa: F403
from .pictures import MAX_RESOLUTION  # noqa: F401  (a limit, importable as before)

__all__ = [
    *datasets.__all__,
    *network.__all__,
    *objectives.__all__,
    *loop.__all__,
    *pictures.__all__,
    *logistic.__all__,
]
