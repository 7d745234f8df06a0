"""The page's work: fit, score and compare, through :mod:`xentcore.ngram`, cached.

Fitted counts are NumPy tables that never change once built, so one shared copy serves
every session (:func:`explorer.cache.shared_cache`; nobody modifies a cached result).
Keys are text hashes plus settings: texts travel as :class:`KeyedText`, which a cache
knows by its digest. A change of order, k or λ reuses the counts, compressor rates and
curves it does not affect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from explorer.cache import shared_cache
from explorer.language.corpora import KeyedText
from explorer.language.strip import strip_html
from explorer.language.wording import fix_for
from explorer.parsing import InputProblem
from xentcore import entropy
from xentcore.ngram import (
    MAX_ORDER,
    ContextCounts,
    NgramModel,
    char_entropy,
    compressor_bits_per_char,
    count_contexts,
    cross_entropy_by_order,
    fit_ngram,
    order0_cross_entropy,
    perplexity_bits,
    sample_text,
    surprisal,
    tune_lambdas,
)

if TYPE_CHECKING:
    from explorer.language.inputs import Inputs
    from explorer.language.texts import Texts

__all__ = ["SAMPLE_CHARS", "Analysis", "first_fit_steps", "results", "unit_per_bit"]

#: Characters the model writes in the "What the model writes" section.
SAMPLE_CHARS = 300


@dataclass(frozen=True)
class Analysis:
    """Every number and text the page shows, as plain values (one shared, read-only copy)."""

    lams: tuple[float, ...] | None  # the tuned λ per order, if tuned
    tune_error: str | None  # why λ could not be tuned
    lam: float  # the λ in use
    train_entropy: float
    test_entropy: float
    unseen: tuple[str, ...]  # test characters the training text lacks
    unseen_count: int
    vocab_size: int
    train_ce: tuple[float, ...]  # cross-entropy by order, in the unit
    test_ce: tuple[float, ...]
    h: float  # the test cross-entropy at the chosen order
    pp: float
    pp_by_order: tuple[float, ...]
    zero: int  # test characters of probability 0
    h0: float  # entropy of the test letter frequencies (unknowns as one symbol)
    h0_cross: float  # their cross-entropy under the order-0 model
    strip: str  # the surprisal strip's HTML
    rates: dict[str, dict[str, float]]  # compressor -> rate, "alone" and "given" training
    sample: str


def unit_per_bit(base: float | None) -> float:
    """How many display units one bit is (1 for bits, ln 2 for nats).

    One bit is the entropy of a fair coin, which the core gives in any unit.

    >>> unit_per_bit(2), round(unit_per_bit(None), 4)
    (1.0, 0.6931)
    """
    return float(entropy([0.5, 0.5], base=base))


@shared_cache(max_entries=4)
def fitted_model(train: KeyedText) -> NgramModel:
    return fit_ngram(train.text, MAX_ORDER)


@shared_cache(max_entries=8)
def scored_counts(train: KeyedText, text: KeyedText) -> ContextCounts:
    return count_contexts(fitted_model(train), text.text)


@shared_cache(max_entries=8)
def tuned_lambdas(train: KeyedText) -> tuple[float, ...]:
    return tuple(tune_lambdas(train.text, MAX_ORDER).tolist())


@shared_cache(max_entries=16)
def compression_rates(
    test: KeyedText, train: KeyedText, base: float | None
) -> dict[str, dict[str, float]]:
    return {
        "alone": compressor_bits_per_char(test.text, base=base),
        "given": compressor_bits_per_char(test.text, given=train.text, base=base),
    }


@shared_cache(max_entries=64)
def order_curves(
    train: KeyedText,
    test: KeyedText,
    smoothing: str,
    k: float,
    lam: float | tuple[float, ...],
    base: float | None,
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    settings = {"smoothing": smoothing, "k": k, "lam": lam, "base": base}
    return tuple(
        tuple(cross_entropy_by_order(scored_counts(train, text), **settings).tolist())
        for text in (train, test)
    )


@shared_cache(max_entries=16)
def text_facts(train: KeyedText, test: KeyedText, base: float | None) -> dict:
    """Letter-frequency entropies and the test characters the training text lacks."""
    positions = np.flatnonzero(scored_counts(train, test).unknown)
    return {
        "train_entropy": char_entropy(train.text, base=base),
        "test_entropy": char_entropy(test.text, base=base),
        "unseen": tuple(sorted({test.text[i] for i in positions[:20_000].tolist()})),
        "unseen_count": int(positions.size),
    }


@shared_cache(max_entries=32)
def model_sample(train: KeyedText, order: int, smoothing: str, k: float, lam: float) -> str:
    model = fitted_model(train)
    return sample_text(model, SAMPLE_CHARS, order, smoothing=smoothing, k=k, lam=lam, seed=0)


def _lambdas(train: KeyedText, lam: float, order: int, tune: bool) -> dict:
    """The λ of the curves and of the chosen order: the slider's, or tuned per order."""
    found: dict = {"lams": None, "tune_error": None, "lam": lam, "curve_lam": lam}
    if tune:
        try:
            lams = tuned_lambdas(train)
        except ValueError as err:  # too short a training text to hold a tenth out
            found["tune_error"] = str(err)
        else:
            found.update(lams=lams, lam=lams[order], curve_lam=lams)
    return found


@shared_cache(max_entries=64)
def analysis(
    train: KeyedText,
    test: KeyedText,
    order: int,
    smoothing: str,
    k: float,
    lam: float,
    tune: bool,
    unit: str,
    base: float | None,
) -> Analysis:
    """Every result for these settings: ONE cache lookup per rerun.

    Raises the core's ValueError (which names the argument) for a bad k or λ.
    """
    model = fitted_model(train)
    test_counts = scored_counts(train, test)
    lams = _lambdas(train, lam, order, smoothing == "interpolated" and tune)
    curve_lam, used = lams.pop("curve_lam"), lams["lam"]
    train_ce, test_ce = order_curves(train, test, smoothing, k, curve_lam, base)
    bits = surprisal(test_counts, order, smoothing=smoothing, k=k, lam=used, base=2)
    h0, h0_cross = order0_cross_entropy(
        model, test.text, smoothing=smoothing, k=k, lam=used, base=base
    )
    h = test_ce[order]
    return Analysis(
        **lams,
        **text_facts(train, test, base),
        vocab_size=model.vocab_size,
        train_ce=train_ce,
        test_ce=test_ce,
        h=h,
        pp=perplexity_bits(h, base=base),
        pp_by_order=tuple(perplexity_bits(v, base=base) for v in test_ce),
        zero=int(np.isinf(bits).sum()),
        h0=h0,
        h0_cross=h0_cross,
        strip=strip_html(test.text, bits, unit=unit, unit_per_bit=unit_per_bit(base)),
        rates=compression_rates(test, train, base),
        sample=model_sample(train, order, smoothing, k, used),
    )


def results(values: Inputs, texts: Texts, unit: str, base: float | None) -> Analysis | InputProblem:
    """The results for the inputs, or the problem to fix (a bad k or λ, named by the core)."""
    try:
        return analysis(
            KeyedText.of(texts.train),
            KeyedText.of(texts.test),
            values.order,
            values.smoothing,
            values.k,
            values.lam,
            values.tune,
            unit,
            base,
        )
    except ValueError as err:
        return InputProblem(fix_for(err))


def first_fit_steps(texts: Texts, base: float | None) -> list[Callable[[], object]]:
    """The slow steps of a first fit, in order: each fills a cache :func:`analysis` reads.

    (Counting, scoring the training text, scoring the test text, compressing.)
    """
    train, test = KeyedText.of(texts.train), KeyedText.of(texts.test)
    return [
        lambda: fitted_model(train),
        lambda: scored_counts(train, train),
        lambda: scored_counts(train, test),
        lambda: compression_rates(test, train, base),
    ]
