"""xentcore: the exact, NumPy-only computation core of Cross-Entropy Explorer.

Information measures (:mod:`.information`), the softmax family (:mod:`.softmax`),
PyTorch-semantics losses (:mod:`.losses`) and their gradients (:mod:`.gradients`),
scikit-learn's ``log_loss`` (:mod:`.metrics`) and the Keras conventions where the
frameworks disagree (:mod:`.conventions`); one registry of training losses
(:mod:`.registry`: each loss's settings, loss, gradient and curve; add a loss there);
then one module or package per topic the pages explore: :mod:`.decomposition`,
:mod:`.exercises`, :mod:`.comparison`, :mod:`.curves`, :mod:`.training`,
:mod:`.binary`, :mod:`.coding`, :mod:`.predictions` and :mod:`.ngram`. Each keeps its
own ``__all__``, re-exported here. Two perplexities say their default unit in their
name: :func:`perplexity_nats` (a model's mean loss) and :func:`perplexity_bits` (a
text's cross-entropy). Every function validates its input and raises :class:`InputError` (a
``ValueError``) naming the argument and the problem.
"""

# Every module and package keeps its own __all__; this file only gathers them.
from . import (
    binary,
    coding,
    comparison,
    conventions,
    curves,
    decomposition,
    exercises,
    gradients,
    information,
    losses,
    metrics,
    ngram,
    predictions,
    registry,
    training,
)
from . import softmax as _softmax  # the module; xentcore.softmax is its function
from ._validation import InputError
from .binary import *  # noqa: F403
from .coding import *  # noqa: F403
from .comparison import *  # noqa: F403
from .conventions import *  # noqa: F403
from .curves import *  # noqa: F403
from .decomposition import *  # noqa: F403
from .exercises import *  # noqa: F403
from .gradients import *  # noqa: F403
from .information import *  # noqa: F403
from .losses import *  # noqa: F403
from .losses import TORCH_LOG_CLAMP
from .metrics import *  # noqa: F403
from .ngram import *  # noqa: F403
from .predictions import *  # noqa: F403
from .registry import *  # noqa: F403
from .softmax import *  # noqa: F403
from .training import *  # noqa: F403

__all__ = [
    "InputError",
    *information.__all__,  # information measures
    *_softmax.__all__,  # softmax family
    *losses.__all__,  # losses (PyTorch semantics)
    "TORCH_LOG_CLAMP",
    *gradients.__all__,  # their gradients
    *metrics.__all__,  # scikit-learn
    *conventions.__all__,  # Keras and clipping conventions
    *decomposition.__all__,  # per-class terms, clips, walking Q toward P
    *comparison.__all__,  # softmax page: frameworks side by side, gradient steps
    *curves.__all__,  # loss-versus-probability curves
    *binary.__all__,  # binary and multi-label cross-entropy
    *coding.__all__,  # Huffman and Shannon codes: cross-entropy as code length
    *predictions.__all__,  # evaluating a model's predictions from a file, perplexity_nats
    *training.__all__,  # toy datasets and gradient descent on cross-entropy
    *ngram.__all__,  # character n-gram language models, perplexity_bits
    *registry.__all__,  # every training loss: name -> loss, gradient, curve
    *exercises.__all__,  # seeded questions with worked solutions (the quizzes)
]

# Practitioners' questions (issue 13): calibration, comparing two models, and the sources'
# missing ideas (maximum likelihood, Dice, the cross-entropy method, mutual information,
# Gaussians). One block, kept apart so it merges cleanly.
from . import practice  # noqa: E402
from .practice import *  # noqa: E402, F403

__all__ += practice.__all__
