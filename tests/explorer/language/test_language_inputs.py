"""The page's URL-bound inputs, and the unit they are shown in."""

from __future__ import annotations

import math

import pytest

from explorer.language import compute, inputs
from xentcore.ngram import MAX_ORDER, UNKNOWN, char_entropy


def test_params_are_prefixed_and_cover_the_model():
    keys = [p.key for p in inputs.PARAMS]
    assert all(k.startswith("lm_") for k in keys)
    assert {"lm_order", "lm_smoothing", "lm_k", "lm_lambda", "lm_corpus", "lm_test"} <= set(keys)
    order = next(p for p in inputs.PARAMS if p.key == "lm_order")
    assert order.default == 3 and order.parse("5") == MAX_ORDER
    assert compute.unit_per_bit(10) == pytest.approx(math.log10(2))
    assert UNKNOWN == "⟨unk⟩"
    assert char_entropy("ab") == 1.0
