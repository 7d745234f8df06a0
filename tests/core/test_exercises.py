"""xentcore.exercises: seeded questions whose answers agree with SciPy, term by term."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import logsumexp, rel_entr
from scipy.stats import entropy as scipy_entropy

from xentcore import InputError
from xentcore.exercises import EXERCISE_KINDS, make_exercise

SEEDS = range(60)


@pytest.mark.parametrize("base", [2, None, 10])
@pytest.mark.parametrize("seed", SEEDS)
def test_answers_match_scipy(seed, base):
    scale = math.log(base) if base else 1.0
    h = make_exercise("entropy", seed, base=base)
    assert h.answer == pytest.approx(scipy_entropy(h.p, base=base), rel=1e-12)
    ce = make_exercise("cross_entropy", seed, base=base)
    expected = scipy_entropy(ce.p, base=base) + scipy_entropy(ce.p, ce.q, base=base)
    assert ce.answer == pytest.approx(expected, rel=1e-12)
    kl = make_exercise("kl_divergence", seed, base=base)
    assert kl.answer == pytest.approx(scipy_entropy(kl.p, kl.q, base=base), rel=1e-12, abs=1e-15)
    assert np.allclose(kl.terms, rel_entr(kl.p, kl.q) / scale, rtol=1e-12, atol=0)
    loss = make_exercise("loss", seed, base=base)
    z = np.array(loss.logits)
    assert loss.answer == pytest.approx((logsumexp(z) - z[loss.target]) / scale, rel=1e-12)


@pytest.mark.parametrize("kind", EXERCISE_KINDS)
@pytest.mark.parametrize("seed", SEEDS)
def test_questions_are_friendly_and_the_terms_sum_to_the_answer(kind, seed):
    ex = make_exercise(kind, seed)
    assert 2 <= len(ex.p) <= 4
    assert math.fsum(ex.terms) == pytest.approx(ex.answer, rel=1e-12, abs=1e-15)
    if kind == "loss":
        assert ex.target in range(len(ex.logits))
        assert all(2 * z == round(2 * z) and -3 <= z <= 3 for z in ex.logits)
        assert ex.p == tuple(float(i == ex.target) for i in range(len(ex.p)))
        return
    for dist in (ex.p, ex.q) if kind != "entropy" else (ex.p,):
        assert math.fsum(dist) == pytest.approx(1.0, abs=1e-12)
        assert all(v >= 0.05 and round(v * 20) == pytest.approx(v * 20) for v in dist)
    if kind != "entropy":
        assert ex.p != ex.q and len(ex.p) == len(ex.q)


def test_the_seed_is_the_question():
    assert make_exercise("cross_entropy", 11) == make_exercise("cross_entropy", 11)
    drawn = {make_exercise("cross_entropy", s).p for s in range(40)}
    assert len(drawn) > 20


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: make_exercise("log_loss", 1), "kind must be one of entropy, cross_entropy"),
        (lambda: make_exercise("entropy", -1), r"seed must be from 0 to 2\*\*32 - 1, got -1"),
        (lambda: make_exercise("entropy", 2**32), "seed must be from 0"),
        (lambda: make_exercise("entropy", 1.5), "seed must be a whole number, got 1.5"),
        (lambda: make_exercise("entropy", True), "seed must be a whole number, got True"),
        (lambda: make_exercise("entropy", 1, base=1), "base must be a number > 0 other than 1"),
    ],
)
def test_bad_requests_name_the_argument(call, message):
    with pytest.raises(InputError, match=message):
        call()
