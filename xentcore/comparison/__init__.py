"""One example through softmax and cross-entropy, and what each framework reports for it.

What the Softmax & logits page shows, for one vector of logits ``z`` at a temperature
``T`` against a class or a soft target, with label smoothing ε and class weights ``w``:

- :mod:`.example`: :func:`smoothed_target` y′ and :func:`loss_and_gradient` (the loss
  and ∂L/∂z), :func:`gradient_descent_step` (one step ``z - lr * ∂L/∂z`` and the loss
  before and after) and :func:`losses_along_path`;
- :mod:`.stability`: :func:`shift_invariance` (adding a constant to every logit changes
  nothing), :func:`naive_softmax` and :func:`naive_vs_stable_softmax` (why log-sum-exp
  matters), :func:`softmax_entropy_by_temperature` (how the softmax flattens as T grows);
- :mod:`.frameworks`: :func:`framework_losses`, PyTorch, Keras and scikit-learn on the
  same inputs, with reason codes saying why their numbers differ;
- :mod:`.precision`: :func:`framework_precision`, the same loss in float32 and float64 as
  each framework computes it (scikit-learn's clip by dtype, Keras' float32 bounds,
  PyTorch's float32 log-softmax), with reason codes.

Everything is built from :mod:`xentcore.losses`, :mod:`xentcore.gradients`,
:mod:`xentcore.conventions` and :mod:`xentcore.metrics`; nothing here is a second
implementation of a loss. Losses are per example: ``reduction='sum'`` over one row.
"""

from .example import (
    ExampleLoss,
    GradientStep,
    gradient_descent_step,
    loss_and_gradient,
    losses_along_path,
    smoothed_target,
)
from .frameworks import (
    FRAMEWORK_REASONS,
    FRAMEWORK_ROWS,
    ClipNote,
    FrameworkRow,
    FrameworkSetup,
    framework_losses,
)
from .precision import PRECISION_REASONS, PRECISION_ROWS, PrecisionRow, framework_precision
from .stability import (
    NaiveSoftmax,
    NaiveVsStable,
    ShiftCheck,
    TemperatureSweep,
    naive_softmax,
    naive_vs_stable_softmax,
    shift_invariance,
    softmax_entropy_by_temperature,
)

__all__ = [
    "FRAMEWORK_REASONS",
    "FRAMEWORK_ROWS",
    "PRECISION_REASONS",
    "PRECISION_ROWS",
    "ClipNote",
    "ExampleLoss",
    "FrameworkRow",
    "FrameworkSetup",
    "GradientStep",
    "NaiveSoftmax",
    "NaiveVsStable",
    "PrecisionRow",
    "ShiftCheck",
    "TemperatureSweep",
    "framework_losses",
    "framework_precision",
    "gradient_descent_step",
    "loss_and_gradient",
    "losses_along_path",
    "naive_softmax",
    "naive_vs_stable_softmax",
    "shift_invariance",
    "smoothed_target",
    "softmax_entropy_by_temperature",
]
