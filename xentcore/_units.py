"""Units of information: the one formula behind both perplexities.

:func:`xentcore.perplexity_nats` (a mean loss, nats by default) and
:func:`xentcore.perplexity_bits` (a text's cross-entropy, bits by default) check their
argument in their own words, then both call :func:`perplexity_of`.
"""

from __future__ import annotations

import numpy as np

from ._validation import log_base


def perplexity_of(h: float, base: float | None) -> float:
    """:math:`b^H` (:math:`e^H` for ``base=None``) of a checked ``h >= 0``; overflow is ``inf``."""
    log_base(base)  # validates the base
    with np.errstate(over="ignore"):
        if base is None:
            return float(np.exp(h))
        return float(np.power(np.float64(base), h))  # 2.0 ** 3.0 is exactly 8.0
