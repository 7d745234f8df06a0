"""The n-gram model's counts and texts: the held-out split, odd characters, size, read-only."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from xentcore.ngram import (
    compressor_bits_per_char,
    count_contexts,
    cross_entropy_by_order,
    fit_ngram,
    split_text,
    text_cross_entropy,
)

ROOT = Path(__file__).resolve().parents[3]
SHAKESPEARE = (ROOT / "data" / "corpus" / "shakespeare_coriolanus.txt").read_text(encoding="utf-8")
SMALL = "the cat sat on the mat. the dog sat on the log! a cat, a dog."


def test_split_text():
    assert split_text("abcdefghij", 0.1) == ("abcdefghi", "j")
    assert split_text("abc", 0.5) == ("a", "bc")  # round(1.5) == 2
    assert split_text("", 0.5) == ("", "")


def test_garbage_text_is_just_characters():
    garbage = "\x00\x01\x1b[31m\ufffd\ud800 😀😀 <script>alert(1)</script>\u202e"
    model = fit_ngram(garbage * 3)
    counts = count_contexts(model, garbage)
    h = text_cross_entropy(counts, 3, lam=0.5)
    assert 0 < h < math.log2(model.vocab_size)
    assert math.isfinite(compressor_bits_per_char(garbage)["lzma"])
    assert model.encode("\ud800").tolist() == [model.alphabet.index("\ud800")]


def test_a_hundred_thousand_characters_fit_quickly():
    import time

    text = (SHAKESPEARE * 4)[:100_000]
    start = time.perf_counter()
    model = fit_ngram(text)
    counts = count_contexts(model, text[:20_000])
    cross_entropy_by_order(counts, lam=0.8)
    assert time.perf_counter() - start < 5.0  # typically well under a second


def test_models_are_read_only():
    model = fit_ngram(SMALL)
    with pytest.raises(ValueError):
        model.pair_counts[0][0] = 5
    counts = count_contexts(model, "cat")
    with pytest.raises(ValueError):
        counts.context[0, 0] = 1
    assert "NgramModel(max_order=5" in repr(model)
    assert repr(counts) == "ContextCounts(max_order=5, n_chars=3)"
