r"""Practitioners' questions: calibrate a model, compare two models, and the sources' missing ideas.

One module per question, each vectorised and NumPy-only:

* :mod:`.temperature`: fit one temperature T on a validation split
  (:func:`fit_temperature`, :func:`temperature_objective`, :func:`apply_temperature`,
  :func:`train_validation_split`); :mod:`.vector_scaling`: a scale and bias per class
  (:func:`fit_vector_scaling` and its NLL and gradient);
* :mod:`.reliability`: ECE, MCE and the Brier score (:func:`calibration_errors`,
  :func:`brier_score`) on the bins of :func:`xentcore.calibration`, and per-class
  reliability data (:func:`class_reliability`);
* :mod:`.compare`: model A against model B sample by sample (:func:`compare_models`)
  and a paired bootstrap interval on the mean loss difference (:func:`paired_bootstrap`);
* :mod:`.likelihood`: maximum likelihood as minimum cross-entropy
  (:func:`sample_likelihood`, :func:`binary_likelihood`, :func:`bernoulli_likelihood_curve`)
  and squared error as a Gaussian's NLL (:func:`gaussian_nll`);
* :mod:`.dice`: soft Dice and soft-F1 losses and their gradients; the registry's
  ``'dice'`` entry (:mod:`xentcore.registry.entries`) is built from them;
* :mod:`.cem`: the cross-entropy method as an optimiser (:func:`cem_step`, :func:`cem_run`)
  and the ellipse of its Gaussian (:func:`gaussian_ellipse`);
* :mod:`.joint`: joint and conditional entropy and mutual information of a 2-D table;
* :mod:`.continuous`: cross-entropy and KL of two Gaussians, closed form and from samples.

Every bad argument raises :class:`xentcore.InputError` naming it; ``base`` is ``None``
(nats), 2 (bits) or 10 (hartleys) wherever a unit applies.
"""

from . import (
    cem,
    compare,
    continuous,
    dice,
    joint,
    likelihood,
    reliability,
    temperature,
    vector_scaling,
)
from .cem import *  # noqa: F403
from .compare import *  # noqa: F403
from .continuous import *  # noqa: F403
from .dice import *  # noqa: F403
from .joint import *  # noqa: F403
from .likelihood import *  # noqa: F403
from .reliability import *  # noqa: F403
from .temperature import *  # noqa: F403
from .vector_scaling import *  # noqa: F403

__all__ = sorted(
    [
        *cem.__all__,
        *compare.__all__,
        *continuous.__all__,
        *dice.__all__,
        *joint.__all__,
        *likelihood.__all__,
        *reliability.__all__,
        *temperature.__all__,
        *vector_scaling.__all__,
    ]
)
