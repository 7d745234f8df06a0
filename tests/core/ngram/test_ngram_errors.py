"""Every ValueError of xentcore.ngram names the argument."""

from __future__ import annotations

import pytest

import xentcore as xc
import xentcore.ngram as N

SMALL = "the cat sat on the mat. the dog sat on the log! a cat, a dog."


# ----------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    "call,message",
    [
        (lambda: N.fit_ngram(""), "text is empty; a model needs at least one training character"),
        (lambda: N.fit_ngram(b"abc"), "text must be text (a str), got bytes"),
        (lambda: N.fit_ngram(None), "text must be text (a str), got NoneType"),
        (lambda: N.fit_ngram("ab", 6), "max_order must be from 0 to 5, got 6"),
        (lambda: N.fit_ngram("ab", -1), "max_order must be from 0 to 5, got -1"),
        (lambda: N.fit_ngram("ab", 2.5), "max_order must be a whole number from 0 to 5, got 2.5"),
        (lambda: N.fit_ngram("ab", True), "max_order must be a whole number from 0 to 5, got True"),
        (lambda: N.count_contexts("model", "ab"), "model must be an NgramModel from fit_ngram"),
        (lambda: N.count_contexts(N.fit_ngram("ab"), ""), "text is empty; give at least one"),
        (lambda: N.char_probabilities(None, 0), "counts must be ContextCounts from count_contexts"),
        (lambda: N.char_probabilities(_counts(2), 3), "order must be from 0 to 2, got 3"),
        (lambda: N.char_probabilities(_counts(), 1, smoothing="kneser-ney"), "smoothing must be"),
        (lambda: N.char_probabilities(_counts(), 1, k=-1), "k must be >= 0, got -1"),
        (lambda: N.char_probabilities(_counts(), 1, k=float("nan")), "k must be a finite number"),
        (lambda: N.char_probabilities(_counts(), 1, k=float("inf")), "k must be a finite number"),
        (lambda: N.char_probabilities(_counts(), 1, lam=1.5), "lam must be <= 1, got 1.5"),
        (lambda: N.char_probabilities(_counts(), 1, lam=-0.1), "lam must be >= 0, got -0.1"),
        (lambda: N.char_probabilities(_counts(), 1, lam="x"), "lam must be a number, got 'x'"),
        (
            lambda: N.cross_entropy_by_order(_counts(2), lam=[0.5, 0.5]),
            "lam has 2 values; give one",
        ),
        (lambda: N.cross_entropy_by_order(_counts(2), lam=[0.5, 2, 0.5]), "lam must be <= 1"),
        (lambda: N.surprisal(_counts(), 0, base=1), "base must be a number > 0 other than 1"),
        (lambda: N.tune_lambdas("a"), "text has 1 character(s); tuning λ needs at least 2"),
        (
            lambda: N.tune_lambdas("abcd", grid=[0.5, 1.5]),
            "grid must be a list of λ values in [0, 1]",
        ),
        (lambda: N.next_char_distribution(N.fit_ngram("ab"), 5, 0), "context must be text (a str)"),
        (
            lambda: N.next_char_distribution(N.fit_ngram("ab", 1), "a", 2),
            "order must be from 0 to 1",
        ),
        (lambda: N.sample_text(N.fit_ngram("ab"), -1, 0), "length must be a whole number >= 0"),
        (lambda: N.char_entropy(""), "text is empty; give at least one character"),
        (lambda: N.symbol_frequencies(N.fit_ngram("ab"), ""), "text is empty"),
        (lambda: N.perplexity_bits(-1.0), "cross_entropy_value must be >= 0, got -1.0"),
        (lambda: N.perplexity_bits(float("nan")), "cross_entropy_value must be a finite number"),
        (lambda: N.perplexity_bits("x"), "cross_entropy_value must be a number, got 'x'"),
        (lambda: N.perplexity_bits(1.0, base=-2), "base must be a number > 0 other than 1"),
        (lambda: N.split_text("abc", 0), "held_out_fraction must be > 0, got 0"),
        (lambda: N.split_text("abc", 1), "held_out_fraction must be < 1, got 1"),
        (lambda: N.split_text(["a"], 0.5), "text must be text (a str), got list"),
        (lambda: N.compressor_bits_per_char(""), "text is empty; give at least one character to"),
        (lambda: N.compressor_bits_per_char("a", given=3), "given must be text (a str), got int"),
    ],
)
def test_every_error_names_the_argument(call, message):
    with pytest.raises(xc.InputError) as err:
        call()
    assert message in str(err.value)
    assert isinstance(err.value, ValueError)


def _counts(max_order: int = 2):
    return N.count_contexts(N.fit_ngram(SMALL, max_order), "the cat")
