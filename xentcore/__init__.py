"""xentcore: the exact, NumPy-only computation core of Cross-Entropy Explorer.

Information measures (:mod:`.information`), the softmax family (:mod:`.softmax`),
PyTorch-semantics losses (:mod:`.losses`) and their gradients (:mod:`.gradients`),
scikit-learn's ``log_loss`` (:mod:`.metrics`) and the Keras conventions where the
frameworks disagree (:mod:`.conventions`); then one module or package per topic the
pages explore: :mod:`.decomposition`, :mod:`.comparison`, :mod:`.curves`,
:mod:`.training`, and the packages :mod:`.binary` (``bce``, ``frameworks``),
:mod:`.coding` (``codes``, ``messages``), :mod:`.predictions` (``inputs``,
``reductions``, ``summaries``, ``units``, ``evaluate``, ``data``) and :mod:`.ngram`
(``model``, ``probabilities``, ``sampling``, ``bounds``). Each keeps its own
``__all__``, re-exported here. Two perplexities say their default unit in their name:
:func:`perplexity_nats` (a model's mean loss) and :func:`perplexity_bits` (a text's
cross-entropy). Every function validates its input and raises :class:`InputError` (a
``ValueError``) naming the argument and the problem.
"""

# Topic modules behind the pages: each keeps its own __all__, re-exported here.
from . import binary, coding, comparison, curves, decomposition, ngram, predictions, training
from ._validation import InputError
from .binary import *  # noqa: F403
from .coding import *  # noqa: F403
from .comparison import *  # noqa: F403
from .conventions import (
    KERAS_EPSILON,
    SKLEARN_EPSILON,
    TEXTBOOK_EPSILON,
    clipped_cross_entropy,
    keras_binary_crossentropy,
    keras_categorical_crossentropy,
    keras_reduce,
    keras_sparse_categorical_crossentropy,
)
from .curves import *  # noqa: F403
from .decomposition import *  # noqa: F403
from .gradients import binary_cross_entropy_with_logits_grad, softmax_cross_entropy_grad
from .information import cross_entropy, entropy, js_divergence, kl_divergence, normalize
from .losses import (
    TORCH_LOG_CLAMP,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    nll_loss,
    sigmoid_focal_loss,
    softmax_cross_entropy,
)
from .metrics import log_loss
from .ngram import *  # noqa: F403
from .predictions import *  # noqa: F403
from .softmax import log_sigmoid, log_softmax, logsumexp, sigmoid, softmax
from .training import *  # noqa: F403

__all__ = [
    "InputError",
    # information measures
    "normalize",
    "entropy",
    "cross_entropy",
    "kl_divergence",
    "js_divergence",
    # softmax family
    "softmax",
    "log_softmax",
    "logsumexp",
    "sigmoid",
    "log_sigmoid",
    # losses (PyTorch semantics)
    "softmax_cross_entropy",
    "nll_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "sigmoid_focal_loss",
    "TORCH_LOG_CLAMP",
    # gradients
    "softmax_cross_entropy_grad",
    "binary_cross_entropy_with_logits_grad",
    # scikit-learn
    "log_loss",
    # Keras and clipping conventions
    "KERAS_EPSILON",
    "SKLEARN_EPSILON",
    "TEXTBOOK_EPSILON",
    "clipped_cross_entropy",
    "keras_categorical_crossentropy",
    "keras_sparse_categorical_crossentropy",
    "keras_binary_crossentropy",
    "keras_reduce",
]
__all__ += [
    *decomposition.__all__,  # per-class terms, clips, walking Q toward P
    *comparison.__all__,  # softmax page: frameworks side by side, gradient steps
    *curves.__all__,  # loss-versus-probability curves
    *binary.__all__,  # binary and multi-label cross-entropy
    *coding.__all__,  # Huffman and Shannon codes: cross-entropy as code length
    *predictions.__all__,  # evaluating a model's predictions from a file, perplexity_nats
    *training.__all__,  # toy datasets and gradient descent on cross-entropy
    *ngram.__all__,  # character n-gram language models, perplexity_bits
]
