"""Binary and multi-label cross-entropy, and where the frameworks part ways on log(0).

Everything here is assembled from the existing core: PyTorch-semantics losses
(:mod:`.losses`), the information measures (:mod:`.information`), scikit-learn's
``log_loss`` (:mod:`.metrics`) and the Keras conventions (:mod:`.conventions`).
No loss is implemented twice. ``base=None`` gives nats, ``2`` bits, ``10`` hartleys;
the frameworks themselves always report nats, so their values are divided by
``log(base)``.

:mod:`.bce` covers one Bernoulli prediction (entropy, BCE as entropy plus KL, curves,
logits); :mod:`.frameworks` the log(0) conventions, a labelled data set's log loss, and
multi-label scores against one softmax.
"""

from . import bce, frameworks
from .bce import *  # noqa: F403
from .frameworks import *  # noqa: F403

__all__ = sorted([*bce.__all__, *frameworks.__all__])
