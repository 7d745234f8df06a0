"""The ranges of the Softmax & logits page's inputs, shared by its widgets and its messages."""

from __future__ import annotations

__all__ = ["LOGIT_LIMIT", "LR_LIMIT", "MAX_CLASSES", "MAX_PATH", "SHIFT_LIMIT"]

#: At most this many logits (and so classes).
MAX_CLASSES = 20
#: Logits beyond ±1e6 teach nothing more and only risk overflow (z / 0.05 = 2e7 is fine).
LOGIT_LIMIT = 1e6
#: The learning rate box accepts (0, 1e6]: 1e6 still gives finite, showable numbers.
LR_LIMIT = 1e6
#: The "add a constant" box accepts ±1e6, so z + c keeps the logits' differences exact.
SHIFT_LIMIT = 1e6
#: At most this many logit vectors in the step history (the first one is the start).
MAX_PATH = 31
