r"""Cross-entropy as code length: Huffman and Shannon codes built for Q, used on P.

A prefix code gives symbol :math:`x` a codeword of :math:`\ell(x)` bits. Encoding
messages drawn from P with a code built for Q costs :math:`\sum_x p(x)\,\ell(x)` bits
per symbol on average. With the ideal lengths :math:`-\log_2 q(x)` that is exactly the
cross-entropy H(P, Q); whole-bit codes pay a little more or less:

- the **Shannon code** :math:`\ell(x) = \lceil -\log_2 q(x) \rceil` satisfies
  :math:`H(P,Q) \le \sum_x p(x) \lceil -\log_2 q(x) \rceil < H(P,Q) + 1`;
- the **Huffman code** for Q is the shortest prefix code *on Q's own messages*; on P's
  messages it can land below H(P, Q) (it cannot go below H(P)) or above the Shannon code.

A symbol with :math:`q(x) = 0` gets **no codeword** (``None``; its length is
:math:`\infty`): a code built for Q has no reason to spend a codeword on something Q
says never happens. If P gives that symbol :math:`p(x) > 0`, the expected length under P
is infinite, just as H(P, Q) is. Symbols with :math:`p(x) = 0` cost nothing
(:math:`0 \cdot \infty = 0`, as in :func:`xentcore.cross_entropy`).

Lengths are always in bits (codewords are strings of ``0`` and ``1``).

:mod:`.codes` builds the codes for Q; :mod:`.messages` uses them on P's messages.
"""

from . import codes, messages
from .codes import *  # noqa: F403
from .messages import *  # noqa: F403

__all__ = sorted([*codes.__all__, *messages.__all__])
