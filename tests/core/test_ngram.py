"""The character n-gram model against brute-force counting, and its defining properties.

* every next-character distribution sums to 1, for every context, order and smoothing;
* the order-0 maximum-likelihood model's cross-entropy on its own training text is the
  entropy of the character frequencies;
* H(L) ≤ H(L, M): on text drawn from a known source L, any model's cross-entropy is at
  least the source's entropy (rate);
* perplexity = 2^H (and e^H in nats: the same number);
* every ValueError names the argument.
"""

from __future__ import annotations

import bz2
import lzma
import math
import zlib
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import xentcore as xc
from xentcore.ngram import (
    LAMBDA_GRID,
    MAX_ORDER,
    UNKNOWN,
    char_entropy,
    char_probabilities,
    compressor_bits_per_char,
    count_contexts,
    cross_entropy_by_order,
    fit_ngram,
    next_char_distribution,
    order0_cross_entropy,
    perplexity,
    sample_text,
    split_text,
    surprisal,
    symbol_frequencies,
    text_cross_entropy,
    tune_lambdas,
)

ROOT = Path(__file__).resolve().parents[2]
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


# ----------------------------------------------------------------------------- entropy
@pytest.mark.parametrize(
    "text",
    [SMALL, SHAKESPEARE, "aaaa", "ab", "é😀\x00é"],
    ids=["small", "shakespeare", "one-letter", "two-letters", "garbage"],
)
@pytest.mark.parametrize("base", [2, None, 10])
def test_order0_ml_cross_entropy_on_training_text_is_the_frequency_entropy(text, base):
    model = fit_ngram(text)
    counts = count_contexts(model, text)
    freq = np.array(list(Counter(text).values()), dtype=float)
    expected = stats.entropy(freq / freq.sum(), base=base)
    assert char_entropy(text, base=base) == pytest.approx(expected, rel=1e-12, abs=1e-15)
    for smoothing, lam in (("add-k", 0.5), ("interpolated", 1.0)):  # both are ML here
        h = text_cross_entropy(counts, 0, smoothing=smoothing, k=0, lam=lam, base=base)
        assert h == pytest.approx(char_entropy(text, base=base), rel=1e-12, abs=1e-15)


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


# ----------------------------------------------------------------------------- H(L) ≤ H(L, M)
def sample_source(probs, alphabet, n, rng, transitions=None):
    if transitions is None:
        return "".join(rng.choice(list(alphabet), size=n, p=probs))
    cumulative = np.cumsum(transitions, axis=1)
    uniforms = rng.random(n)
    out = [int(np.searchsorted(np.cumsum(probs), uniforms[0]))]
    for u in uniforms[1:].tolist():
        out.append(min(int(np.searchsorted(cumulative[out[-1]], u)), len(alphabet) - 1))
    return "".join(alphabet[i] for i in out)


def test_cross_entropy_on_text_drawn_from_an_order0_source_is_at_least_its_entropy():
    rng = np.random.default_rng(0)
    p = np.array([0.5, 0.25, 0.125, 0.125])
    h_l = xc.entropy(p, base=2)  # 1.75 bits
    text = sample_source(p, "abcd", 40_000, rng)
    se = 3 * np.std(-np.log2(p[np.searchsorted(list("abcd"), list(text))])) / np.sqrt(len(text))
    for train in (sample_source(p, "abcd", 300, rng), "abcd" * 50, "aaaaaaab"):
        model = fit_ngram(train)
        counts = count_contexts(model, text)
        for order in range(MAX_ORDER + 1):
            h_lm = text_cross_entropy(counts, order, lam=0.9)
            assert h_lm >= h_l - se, (train[:10], order)
        # exact on the sample itself: H(P̂) ≤ H(P̂, M₀) (Gibbs), and the expectation H(P, Q)
        h0, h0_cross = order0_cross_entropy(model, text, lam=0.9)
        assert h0 <= h0_cross + 1e-12
        assert h0_cross == pytest.approx(text_cross_entropy(counts, 0, lam=0.9), rel=1e-12)
        q = next_char_distribution(model, "", 0, lam=0.9)
        # ⟨unk⟩ pools every character missing from training (c and d for "aaaaaaab").
        pooled = np.array([p["abcd".index(s)] if s in "abcd" else 0.0 for s in model.symbols])
        pooled[-1] = 1.0 - pooled[:-1].sum()
        assert xc.cross_entropy(pooled, q, base=2) >= xc.entropy(pooled, base=2) - 1e-12
        if set(model.alphabet) == set("abcd"):
            assert xc.cross_entropy(pooled, q, base=2) >= h_l - 1e-12
    # Scored on its own training text, a long-context model dips below H(L): it has
    # memorised the sample (overfitting), which is why the bound needs unseen text.
    in_sample = cross_entropy_by_order(count_contexts(fit_ngram(text), text), lam=0.9)
    assert in_sample[MAX_ORDER] < h_l - se
    # The source's own model (counted on lots of its text) gets close to H(L).
    own = fit_ngram(sample_source(p, "abcd", 40_000, rng))
    assert text_cross_entropy(count_contexts(own, text), 0, smoothing="add-k", k=1) == (
        pytest.approx(h_l, abs=0.02)
    )


def test_cross_entropy_on_a_markov_source_is_at_least_its_entropy_rate():
    rng = np.random.default_rng(1)
    transitions = np.array([[0.8, 0.15, 0.05], [0.1, 0.6, 0.3], [0.3, 0.3, 0.4]])
    evals, evecs = np.linalg.eig(transitions.T)
    pi = np.real(evecs[:, np.argmin(np.abs(evals - 1))])
    pi = pi / pi.sum()
    rate = float(np.sum(pi * xc.entropy(transitions, base=2)))  # H(L), bits per character
    text = sample_source(pi, "xyz", 30_000, rng, transitions)
    train = sample_source(pi, "xyz", 30_000, rng, transitions)
    model = fit_ngram(train)
    curve = cross_entropy_by_order(count_contexts(model, text), smoothing="add-k", k=0.5)
    assert np.all(curve >= rate - 0.02)
    assert curve[1] == pytest.approx(rate, abs=0.02)  # the right order reaches H(L)
    assert curve[0] > curve[1] + 0.1  # ignoring the context costs bits


# ----------------------------------------------------------------------------- perplexity
def test_perplexity_is_two_to_the_cross_entropy():
    train, test = split_text(SHAKESPEARE, 0.1)
    counts = count_contexts(fit_ngram(train), test)
    for order in range(MAX_ORDER + 1):
        h_bits = text_cross_entropy(counts, order, lam=0.8)
        pp = perplexity(h_bits)
        assert pp == 2**h_bits
        # the geometric mean of 1/p: the same number in every unit
        p = char_probabilities(counts, order, lam=0.8)
        assert pp == pytest.approx(float(np.exp(-np.mean(np.log(p)))), rel=1e-12)
        h_nats = text_cross_entropy(counts, order, lam=0.8, base=None)
        h_hart = text_cross_entropy(counts, order, lam=0.8, base=10)
        assert perplexity(h_nats, base=None) == pytest.approx(pp, rel=1e-12)
        assert perplexity(h_hart, base=10) == pytest.approx(pp, rel=1e-12)


def test_perplexity_edge_values():
    assert perplexity(0.0) == 1.0
    assert perplexity(math.inf) == math.inf
    assert perplexity(5000.0) == math.inf  # overflow is infinity, not an error
    assert perplexity(1.0, base=10) == 10.0
    # a uniform model over V symbols has perplexity V
    model = fit_ngram("abcdefg")
    counts = count_contexts(model, "gfedcba")
    h = text_cross_entropy(counts, 0, lam=0.0)
    assert perplexity(h) == pytest.approx(model.vocab_size, rel=1e-12)


# ----------------------------------------------------------------------------- other parts
def test_symbol_frequencies_pool_unseen_characters():
    model = fit_ngram("abc", 0)
    assert model.symbols == ("a", "b", "c", UNKNOWN)
    assert symbol_frequencies(model, "aazz😀c").tolist() == [2, 0, 1, 3]


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


def test_split_text():
    assert split_text("abcdefghij", 0.1) == ("abcdefghi", "j")
    assert split_text("abc", 0.5) == ("a", "bc")  # round(1.5) == 2
    assert split_text("", 0.5) == ("", "")


def test_compressor_rates_match_the_standard_library():
    text = SHAKESPEARE[:5000]
    n = len(text)
    data = text.encode()
    rates = compressor_bits_per_char(text)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    assert rates["zlib"] == 8 * len(packer.compress(data) + packer.flush()) / n
    assert rates["bz2"] == 8 * len(bz2.compress(data, 9)) / n
    raw = lzma.decompress(
        lzma.compress(data, format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA2}]),
        format=lzma.FORMAT_RAW,
        filters=[{"id": lzma.FILTER_LZMA2}],
    )
    assert raw == data
    nats = compressor_bits_per_char(text, base=None)
    assert nats["bz2"] == pytest.approx(rates["bz2"] * math.log(2), rel=1e-12)
    # Knowing the training text first helps (the extra bytes only).
    given = compressor_bits_per_char(SHAKESPEARE[5000:6000], given=SHAKESPEARE[:5000])
    alone = compressor_bits_per_char(SHAKESPEARE[5000:6000])
    assert all(given[c] < alone[c] for c in alone)
    assert all(v >= 0 for v in given.values())


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


# ----------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    "call,message",
    [
        (lambda: fit_ngram(""), "text is empty; a model needs at least one training character"),
        (lambda: fit_ngram(b"abc"), "text must be text (a str), got bytes"),
        (lambda: fit_ngram(None), "text must be text (a str), got NoneType"),
        (lambda: fit_ngram("ab", 6), "max_order must be from 0 to 5, got 6"),
        (lambda: fit_ngram("ab", -1), "max_order must be from 0 to 5, got -1"),
        (lambda: fit_ngram("ab", 2.5), "max_order must be a whole number from 0 to 5, got 2.5"),
        (lambda: fit_ngram("ab", True), "max_order must be a whole number from 0 to 5, got True"),
        (lambda: count_contexts("model", "ab"), "model must be an NgramModel from fit_ngram"),
        (lambda: count_contexts(fit_ngram("ab"), ""), "text is empty; give at least one"),
        (lambda: char_probabilities(None, 0), "counts must be ContextCounts from count_contexts"),
        (lambda: char_probabilities(_counts(2), 3), "order must be from 0 to 2, got 3"),
        (lambda: char_probabilities(_counts(), 1, smoothing="kneser-ney"), "smoothing must be"),
        (lambda: char_probabilities(_counts(), 1, k=-1), "k must be >= 0, got -1"),
        (lambda: char_probabilities(_counts(), 1, k=float("nan")), "k must be a finite number"),
        (lambda: char_probabilities(_counts(), 1, k=float("inf")), "k must be a finite number"),
        (lambda: char_probabilities(_counts(), 1, lam=1.5), "lam must be <= 1, got 1.5"),
        (lambda: char_probabilities(_counts(), 1, lam=-0.1), "lam must be >= 0, got -0.1"),
        (lambda: char_probabilities(_counts(), 1, lam="x"), "lam must be a number, got 'x'"),
        (lambda: cross_entropy_by_order(_counts(2), lam=[0.5, 0.5]), "lam has 2 values; give one"),
        (lambda: cross_entropy_by_order(_counts(2), lam=[0.5, 2, 0.5]), "lam must be <= 1"),
        (lambda: surprisal(_counts(), 0, base=1), "base must be a number > 0 other than 1"),
        (lambda: tune_lambdas("a"), "text has 1 character(s); tuning λ needs at least 2"),
        (
            lambda: tune_lambdas("abcd", grid=[0.5, 1.5]),
            "grid must be a list of λ values in [0, 1]",
        ),
        (lambda: next_char_distribution(fit_ngram("ab"), 5, 0), "context must be text (a str)"),
        (lambda: next_char_distribution(fit_ngram("ab", 1), "a", 2), "order must be from 0 to 1"),
        (lambda: sample_text(fit_ngram("ab"), -1, 0), "length must be a whole number >= 0"),
        (lambda: char_entropy(""), "text is empty; give at least one character"),
        (lambda: symbol_frequencies(fit_ngram("ab"), ""), "text is empty"),
        (lambda: perplexity(-1.0), "cross_entropy_value must be >= 0, got -1.0"),
        (lambda: perplexity(float("nan")), "cross_entropy_value must be a finite number"),
        (lambda: perplexity("x"), "cross_entropy_value must be a number, got 'x'"),
        (lambda: perplexity(1.0, base=-2), "base must be a number > 0 other than 1"),
        (lambda: split_text("abc", 0), "held_out_fraction must be > 0, got 0"),
        (lambda: split_text("abc", 1), "held_out_fraction must be < 1, got 1"),
        (lambda: split_text(["a"], 0.5), "text must be text (a str), got list"),
        (lambda: compressor_bits_per_char(""), "text is empty; give at least one character to"),
        (lambda: compressor_bits_per_char("a", given=3), "given must be text (a str), got int"),
    ],
)
def test_every_error_names_the_argument(call, message):
    with pytest.raises(xc.InputError) as err:
        call()
    assert message in str(err.value)
    assert isinstance(err.value, ValueError)


def _counts(max_order: int = 2):
    return count_contexts(fit_ngram(SMALL, max_order), "the cat")


def test_models_are_read_only():
    model = fit_ngram(SMALL)
    with pytest.raises(ValueError):
        model.pair_counts[0][0] = 5
    counts = count_contexts(model, "cat")
    with pytest.raises(ValueError):
        counts.context[0, 0] = 1
    assert "NgramModel(max_order=5" in repr(model)
    assert repr(counts) == "ContextCounts(max_order=5, n_chars=3)"
