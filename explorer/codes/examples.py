"""The Bits & codes page's one-click examples and its defaults (each example is a preset).

``?preset=ID`` opens an example too; the worked examples of :mod:`explorer.presets` for
this page are offered the same way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from explorer.text import format_number_list

__all__ = ["DEFAULTS", "EXAMPLES", "Example"]


@dataclass(frozen=True)
class Example:
    """A one-click example of this page (applied like a preset: ``?preset=ID`` too)."""

    label: str
    values: dict[str, Any]


_ANIMALS = "dog, cat, fish, bird"
#: English letter frequencies in % (a–z), the commonly quoted table (Lewand, 2000).
_LETTERS = [
    8.167, 1.492, 2.782, 4.253, 12.702, 2.228, 2.015, 6.094, 6.966, 0.153, 0.772, 4.025, 2.406,
    6.749, 7.507, 1.929, 0.095, 5.987, 6.327, 9.056, 2.758, 0.978, 2.360, 0.150, 1.974, 0.074,
]  # fmt: skip


def _rounded_distribution(weights: Sequence[float], digits: int) -> str:
    """Weights as probabilities with ``digits`` decimals that still sum to 1.

    The largest one takes up the rounding; an example then reads well in its text box.

    >>> _rounded_distribution([1, 1, 1], 2)
    '0.34, 0.33, 0.33'
    """
    total = math.fsum(weights)
    rounded = [round(w / total, digits) for w in weights]
    big = max(range(len(rounded)), key=rounded.__getitem__)
    rounded[big] = round(1 - math.fsum(rounded[:big] + rounded[big + 1 :]), digits)
    return ", ".join(f"{v:.{digits}f}" for v in rounded)


_LETTERS_P = _rounded_distribution(_LETTERS, 5)

#: The page's inputs when nothing else is chosen: Colah's "Visual Information Theory",
#: Bob's words (P) sent with the code built for Alice's (Q); everything is dyadic, so the
#: code lengths are exactly -log2 q and the expected length is exactly H(P,Q) = 2.375 bits.
DEFAULTS = {
    "codes_names": _ANIMALS,
    "codes_p": "0.5, 0.25, 0.125, 0.125",
    "codes_q": "0.125, 0.5, 0.25, 0.125",
}

EXAMPLES: dict[str, Example] = {
    "animals": Example("Bob's words, Alice's code", dict(DEFAULTS)),
    "same": Example(
        "P = Q: the code fits",
        {**DEFAULTS, "codes_q": DEFAULTS["codes_p"]},
    ),
    "colours": Example(
        "Red, green, blue",
        {
            "codes_names": "red, green, blue",
            "codes_p": "0.1, 0.4, 0.5",
            "codes_q": "0.8, 0.15, 0.05",
        },
    ),
    "letters": Example(
        "English letters, uniform code",
        {
            "codes_names": ", ".join("abcdefghijklmnopqrstuvwxyz"),
            "codes_p": _LETTERS_P,
            "codes_q": format_number_list([1 / 26] * 26),
        },
    ),
}
