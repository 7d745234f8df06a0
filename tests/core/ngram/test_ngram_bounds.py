"""A text's entropy and its upper bounds: the n-gram model's cross-entropy, perplexity, compressors.

* the order-0 maximum-likelihood model's cross-entropy on its own training text is the
  entropy of the character frequencies;
* H(L) ≤ H(L, M): on text drawn from a known source L, any model's cross-entropy is at
  least the source's entropy (rate);
* perplexity = 2^H (and e^H in nats: the same number);
* a compressor's rate is what the standard library gives.
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
from scipy import stats

import xentcore as xc
from xentcore.ngram import (
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
    split_text,
    symbol_frequencies,
    text_cross_entropy,
)
from xentcore.ngram import perplexity_bits as perplexity

ROOT = Path(__file__).resolve().parents[3]
SHAKESPEARE = (ROOT / "data" / "corpus" / "shakespeare_coriolanus.txt").read_text(encoding="utf-8")
SMALL = "the cat sat on the mat. the dog sat on the log! a cat, a dog."


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


# ----------------------------------------------------------------------------- compressors
def test_symbol_frequencies_pool_unseen_characters():
    model = fit_ngram("abc", 0)
    assert model.symbols == ("a", "b", "c", UNKNOWN)
    assert symbol_frequencies(model, "aazz😀c").tolist() == [2, 0, 1, 3]


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
