"""Evaluate a model's predictions: the cross-entropy story of a whole data set.

What the "Your predictions" page shows for an uploaded file, one module per part:

* :mod:`.inputs`: the checks of scores (probabilities or logits), labels and weights;
  per-sample losses (:func:`sample_losses`), log-probabilities, and the row-sum check of
  probability rows (:func:`row_sums`, :func:`renormalize_rows`);
* :mod:`.reductions`: the means PyTorch, Keras and scikit-learn report with class and
  sample weights (:func:`framework_reductions`), and one-hot against class-index labels
  (:func:`label_formats`);
* :mod:`.summaries`: per-class numbers (:func:`class_summary`), reliability bins and the
  expected calibration error (:func:`calibration`), the confusion matrix, and the two
  baselines ln C and H(label frequencies) (:func:`baselines`);
* :mod:`.units`: :func:`in_unit` (nats to bits or hartleys), :func:`perplexity_nats`,
  the loss histogram and the worst samples;
* :mod:`.evaluate`: :func:`evaluate_predictions` runs all but the label-format check,
  which the page runs only when its tab is opened;
* :mod:`.data`: the built-in predictions (:func:`source_example`,
  :func:`synthetic_predictions`).

Every loss comes from the existing core (``nll_loss``, ``softmax_cross_entropy``,
``log_loss``, the ``keras_*`` conventions, ``cross_entropy``, ``entropy``); nothing here
is a second implementation of one. Everything is vectorised: no Python loop over rows.
Values are in nats; :func:`in_unit` converts.
"""

from . import data, evaluate, inputs, reductions, summaries, units
from .data import *  # noqa: F403
from .evaluate import *  # noqa: F403
from .inputs import *  # noqa: F403
from .reductions import *  # noqa: F403
from .reductions import _keras_rows  # noqa: F401  (tests check it against the full Keras call)
from .summaries import *  # noqa: F403
from .units import *  # noqa: F403

__all__ = sorted(
    [
        *data.__all__,
        *evaluate.__all__,
        *inputs.__all__,
        *reductions.__all__,
        *summaries.__all__,
        *units.__all__,
    ]
)
