"""Argument checks shared by the data-side topic packages (predictions, ngram, coding, binary).

Kept apart from :mod:`._validation` only while the regroup runs on two branches; the
messages are those the packages have always given (tests assert them).
"""

from __future__ import annotations

import numpy as np

from ._validation import InputError


def whole_number(
    value, name: str, low: int = 0, *, integral_floats: bool = False, what: str = "a whole number"
) -> int:
    """An int >= ``low``; bools are refused, and 3.0 is taken as 3 when ``integral_floats``."""
    if integral_floats and isinstance(value, float | np.floating) and float(value).is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
        raise InputError(f"{name} must be {what} >= {low}, got {value!r}")
    return int(value)
