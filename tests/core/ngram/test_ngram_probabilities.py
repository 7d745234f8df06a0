"""The n-gram probabilities against brute-force counting, and their defining properties.

* every next-character distribution sums to 1, for every context, order and smoothing;
* every probability and count equals plain Python counting with the docstring's formulas;
* the cross-entropy by order falls on the training text and rises again on held-out text;
* tuned λ are the best of the grid; sampled text is deterministic.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xentcore.ngram import (
    LAMBDA_GRID,
    MAX_ORDER,
    UNKNOWN,
    char_entropy,
    char_probabilities,
    count_contexts,
    cross_entropy_by_order,
    fit_ngram,
    next_char_distribution,
    sample_text,
    split_text,
    surprisal,
    text_cross_entropy,
    tune_lambdas,
)

ROOT = Path(__file__).resolve().parents[3]
SHAKESPEARE = (ROOT / "data" / "corpus" / "shakespeare_coriolanus.txt").read_text(encoding="utf-8")
SMALL = "the cat sat on the mat. the dog sat on the log! a cat, a dog."
SETTINGS = [
    ("add-k", 0.0, 0.5),
    ("add-k", 0.01, 0.5),
    ("add-k", 1.0, 0.5),
    ("add-k", 1e300, 0.5),
    ("interpolated", 1.0, 0.0),
    ("interpolated", 1.0, 0.3),
    ("interpolated", 1.0, 0.8),
    ("interpolated", 1.0, 1.0),
]
BOS = object()  # the boundary symbol of the brute-force reference


# ----------------------------------------------------------------------------- reference
def brute_counts(train: str, order: int):
    """c(h, x) and c(h) by plain Python counting, contexts padded with BOS."""
    padded = [BOS] * order + list(train)
    pair, ctx = Counter(), Counter()
    for t in range(len(train)):
        h = tuple(padded[t : t + order])
        pair[h, train[t]] += 1
        ctx[h] += 1
    return pair, ctx


def brute_probability(train: str, history, x: str, order: int, smoothing, k, lam) -> float:
    """M(x | history) straight from the formulas in xentcore/ngram.py's docstring."""
    alphabet = sorted(set(train))
    v = len(alphabet) + 1
    x = x if x in alphabet else UNKNOWN
    hist = [c if c in alphabet else UNKNOWN for c in history]
    padded = [BOS] * order + hist

    def ml(n):
        pair, ctx = brute_counts(train, n)
        h = tuple(padded[len(padded) - n :]) if n else ()
        return pair[h, x], ctx[h]

    if smoothing == "add-k":
        c_hx, c_h = ml(order)
        return (c_hx + k) / (c_h + k * v) if c_h else 1 / v
    p = 1 / v
    for n in range(order + 1):
        c_hx, c_h = ml(n)
        if c_h:
            p = lam * c_hx / c_h + (1 - lam) * p
    return p


def contexts_of(text: str) -> list[str]:
    """Every context the text produces (each prefix), plus unseen and unknown ones."""
    return [text[:t] for t in range(len(text) + 1)] + ["zzzzz", "q", "é😀", "\x00\x01", "at ZZ"]


# ----------------------------------------------------------------------------- sums to 1
@pytest.mark.parametrize("smoothing,k,lam", SETTINGS)
@pytest.mark.parametrize("order", range(MAX_ORDER + 1))
def test_every_next_character_distribution_sums_to_one(order, smoothing, k, lam):
    model = fit_ngram(SMALL, MAX_ORDER)
    for context in contexts_of(SMALL):
        p = next_char_distribution(model, context, order, smoothing=smoothing, k=k, lam=lam)
        assert p.shape == (model.vocab_size,)
        assert math.fsum(p) == pytest.approx(1.0, abs=1e-12), (context, order)
        assert p.min() >= 0
        if (smoothing == "add-k" and k > 0) or (smoothing == "interpolated" and lam < 1):
            assert p.min() > 0  # every symbol, ⟨unk⟩ included, is possible


@settings(max_examples=60, deadline=None)
@given(
    train=st.text(alphabet="abc \n😀", min_size=1, max_size=60),
    context=st.text(alphabet="abcdz\n", max_size=8),
    order=st.integers(0, MAX_ORDER),
    k=st.floats(0, 10),
    lam=st.floats(0, 1),
    smoothing=st.sampled_from(["add-k", "interpolated"]),
)
def test_sums_to_one_on_random_texts(train, context, order, k, lam, smoothing):
    model = fit_ngram(train)
    p = next_char_distribution(model, context, order, smoothing=smoothing, k=k, lam=lam)
    assert math.fsum(p) == pytest.approx(1.0, abs=1e-12)


def test_huge_alphabet_keys_do_not_overflow():
    # 6,000 distinct characters: (V + 1)^5 would overflow int64, rank-numbered contexts do not.
    chars = "".join(chr(0x4E00 + i) for i in range(6000))
    text = chars + chars[::-1] + chars[::7]
    model = fit_ngram(text)
    assert model.vocab_size == 6001
    p = next_char_distribution(model, chars[:5], 5, smoothing="add-k", k=0)
    assert p[model.alphabet.index(chars[5])] == 1.0
    assert math.fsum(next_char_distribution(model, chars[-9:], 5, lam=0.7)) == pytest.approx(1)


# ----------------------------------------------------------------------------- reference
@pytest.mark.parametrize("smoothing,k,lam", [s for s in SETTINGS if s[1] < 1e300])
@pytest.mark.parametrize("order", [0, 1, 2, 4])
def test_probabilities_match_brute_force_counting(order, smoothing, k, lam):
    train, test = SMALL, "the cat on a log? the end."
    model = fit_ngram(train, MAX_ORDER)
    got = char_probabilities(count_contexts(model, test), order, smoothing=smoothing, k=k, lam=lam)
    expected = [
        brute_probability(train, test[:t], test[t], order, smoothing, k, lam)
        for t in range(len(test))
    ]
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0)


def test_count_tables_match_brute_force():
    model = fit_ngram(SMALL, 3)
    counts = count_contexts(model, SMALL)
    for order in range(4):
        pair, ctx = brute_counts(SMALL, order)
        padded = [BOS] * order + list(SMALL)
        for t in range(len(SMALL)):
            h = tuple(padded[t : t + order])
            assert counts.context[order, t] == ctx[h]
            assert counts.pair[order, t] == pair[h, SMALL[t]]


def test_add_k_unknown_character_probability():
    train = "aaab"
    model = fit_ngram(train, 0)
    counts = count_contexts(model, "z")
    k, v, n = 0.5, 3, 4
    assert counts.unknown.tolist() == [True]
    assert char_probabilities(counts, 0, smoothing="add-k", k=k)[0] == pytest.approx(
        k / (n + k * v)
    )
    # maximum likelihood gives the unseen character probability 0: infinite surprisal
    assert surprisal(counts, 0, smoothing="add-k", k=0)[0] == math.inf


def test_a_huge_k_gives_the_uniform_model_without_overflow():
    model = fit_ngram(SMALL, 2)
    counts = count_contexts(model, "the cat")
    for k in (1e300, 1.7e308):
        p = char_probabilities(counts, 2, smoothing="add-k", k=k)
        np.testing.assert_allclose(p, 1 / model.vocab_size, rtol=1e-12)


# ----------------------------------------------------------------------------- by order
def test_ml_training_cross_entropy_never_rises_with_order():
    counts = count_contexts(fit_ngram(SHAKESPEARE), SHAKESPEARE)
    ce = cross_entropy_by_order(counts, smoothing="add-k", k=0)
    assert np.all(np.diff(ce) <= 1e-12)
    assert ce[0] == pytest.approx(char_entropy(SHAKESPEARE))


def test_held_out_cross_entropy_shows_overfitting():
    train, test = split_text(SHAKESPEARE, 0.1)
    model = fit_ngram(train)
    for smoothing, k, lam in (("add-k", 0.1, 0.5), ("interpolated", 1.0, 0.8)):
        tr = cross_entropy_by_order(count_contexts(model, train), smoothing=smoothing, k=k, lam=lam)
        te = cross_entropy_by_order(count_contexts(model, test), smoothing=smoothing, k=k, lam=lam)
        best = int(np.argmin(te))
        assert 0 < best < MAX_ORDER  # context helps, then hurts
        assert te[MAX_ORDER] > te[best] + 0.3  # held-out rises again
        assert tr[MAX_ORDER] < te[MAX_ORDER]  # the training text is easier
    tr = cross_entropy_by_order(count_contexts(model, train), lam=0.8)
    assert np.all(np.diff(tr) < 0)  # training cross-entropy keeps falling


def test_cross_entropy_by_order_agrees_with_text_cross_entropy():
    model = fit_ngram(SMALL)
    counts = count_contexts(model, "a cat sat; the dog")
    for smoothing, k, lam in SETTINGS[1:]:
        curve = cross_entropy_by_order(counts, smoothing=smoothing, k=k, lam=lam, base=None)
        for order in range(MAX_ORDER + 1):
            h = text_cross_entropy(counts, order, smoothing=smoothing, k=k, lam=lam, base=None)
            assert curve[order] == h
    lams = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]  # one per order: the order-n model uses λ_n
    curve = cross_entropy_by_order(counts, lam=lams)
    for order, lam in enumerate(lams):
        assert curve[order] == text_cross_entropy(counts, order, lam=lam)


# ----------------------------------------------------------------------------- λ, sampling
def test_tune_lambdas_picks_the_best_grid_value_per_order():
    lams = tune_lambdas(SHAKESPEARE[:12_000], 3)
    assert lams.shape == (4,)
    assert set(lams.tolist()) <= set(LAMBDA_GRID)
    train, held = split_text(SHAKESPEARE[:12_000], 0.1)
    counts = count_contexts(fit_ngram(train, 3), held)
    for order, lam in enumerate(lams):
        scores = [text_cross_entropy(counts, order, lam=g) for g in LAMBDA_GRID]
        assert text_cross_entropy(counts, order, lam=lam) == pytest.approx(min(scores))
    assert lams[0] > lams[3]  # long contexts are trusted less


def test_sample_text_is_deterministic_and_uses_the_training_alphabet():
    model = fit_ngram(SMALL)
    a = sample_text(model, 200, 3, lam=0.8, seed=4)
    assert a == sample_text(model, 200, 3, lam=0.8, seed=4)
    assert a != sample_text(model, 200, 3, lam=0.8, seed=5)
    assert len(a) == 200 and set(a) <= set(SMALL)
    # order 5, maximum likelihood: from the start of a text, it copies the training text
    b = sample_text(model, 60, 5, smoothing="add-k", k=0, seed=1)
    assert b[:8] == SMALL[:8]
    assert sample_text(model, 0, 2) == ""
