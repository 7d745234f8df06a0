"""Information measures against SciPy, and their defining properties."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import special, stats
from scipy.spatial import distance

import xentcore as xc

BASES = [None, 2, 10, np.e]


def random_pair(rng, shape, zeros=False):
    p = rng.random(shape)
    q = rng.random(shape)
    if zeros:
        p[rng.random(shape) < 0.3] = 0
        q[rng.random(shape) < 0.2] = 0
        p[..., 0] += 0.1  # keep every row non-zero
        q[..., -1] += 0.1
    return p / p.sum(-1, keepdims=True), q / q.sum(-1, keepdims=True)


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("zeros", [False, True])
def test_match_scipy_on_random_rows(base, zeros):
    rng = np.random.default_rng(7)
    for c in (1, 2, 3, 7, 50):
        p, q = random_pair(rng, (20, c), zeros)
        np.testing.assert_allclose(
            xc.entropy(p, base=base), stats.entropy(p, base=base, axis=-1), rtol=1e-12, atol=1e-15
        )
        kl = special.rel_entr(p, q).sum(-1) / (np.log(base) if base else 1)
        np.testing.assert_allclose(xc.kl_divergence(p, q, base=base), kl, rtol=1e-12, atol=1e-15)
        ce = xc.entropy(p, base=base) + kl
        np.testing.assert_allclose(xc.cross_entropy(p, q, base=base), ce, rtol=1e-12, atol=1e-14)
        js = distance.jensenshannon(p, q, base=base, axis=-1) ** 2
        np.testing.assert_allclose(xc.js_divergence(p, q, base=base), js, rtol=1e-9, atol=1e-15)


def test_axis_argument_reduces_the_named_axis():
    rng = np.random.default_rng(1)
    p, q = random_pair(rng, (4, 5))
    np.testing.assert_allclose(
        xc.kl_divergence(p.T, q.T, axis=0), xc.kl_divergence(p, q), rtol=1e-14
    )
    np.testing.assert_allclose(xc.entropy(p.T, axis=0), stats.entropy(p.T, axis=0), rtol=1e-12)


def test_zero_conventions_give_inf_without_warning(recwarn):
    assert xc.entropy([1.0, 0.0]) == 0.0
    assert xc.cross_entropy([0.5, 0.5], [1.0, 0.0]) == np.inf
    assert xc.kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf
    assert stats.entropy([0.5, 0.5], [1.0, 0.0]) == np.inf  # SciPy agrees
    # q = 0 where p = 0 costs nothing
    assert xc.cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0
    # JS stays finite where KL does not: at most 1 bit
    assert xc.js_divergence([1.0, 0.0], [0.0, 1.0], base=2) == pytest.approx(1.0, rel=1e-15)
    assert len(recwarn) == 0


def test_units_convert_by_log_base():
    p, q = [0.1, 0.4, 0.5], [0.8, 0.15, 0.05]
    nats = xc.cross_entropy(p, q)
    assert xc.cross_entropy(p, q, base=2) == pytest.approx(nats / np.log(2), rel=1e-15)
    assert xc.cross_entropy(p, q, base=10) == pytest.approx(nats / np.log(10), rel=1e-15)


def test_normalize_turns_counts_into_a_distribution():
    np.testing.assert_allclose(xc.normalize([26, 4]), [26 / 30, 4 / 30], rtol=1e-15)
    np.testing.assert_allclose(xc.normalize([[1, 3], [2, 2]]), [[0.25, 0.75], [0.5, 0.5]])
    np.testing.assert_allclose(xc.normalize([[1, 2], [3, 2]], axis=0), [[0.25, 0.5], [0.75, 0.5]])


def distributions(max_classes=8):
    """Rows of non-negative weights normalised to sum to 1 (some zeros)."""
    return st.integers(1, max_classes).flatmap(
        lambda c: (
            arrays(np.float64, (c,), elements=st.floats(0, 1e3))
            .filter(lambda a: a.sum() > 1e-3)
            .map(lambda a: a / a.sum())
        )
    )


def pairs(max_classes=8):
    return st.integers(1, max_classes).flatmap(
        lambda c: st.tuples(
            *[arrays(np.float64, (c,), elements=st.floats(1e-6, 1e3)).map(lambda a: a / a.sum())]
            * 2
        )
    )


@settings(max_examples=200, deadline=None)
@given(pairs())
def test_kl_is_non_negative_and_ce_decomposes(pq):
    p, q = pq
    for base in (None, 2):
        kl = xc.kl_divergence(p, q, base=base)
        assert kl >= -1e-15
        h = xc.entropy(p, base=base)
        ce = xc.cross_entropy(p, q, base=base)
        assert ce == pytest.approx(h + kl, rel=1e-12, abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(distributions())
def test_cross_entropy_with_itself_is_entropy(p):
    assert xc.cross_entropy(p, p) == pytest.approx(xc.entropy(p), rel=1e-12, abs=1e-15)
    assert abs(xc.kl_divergence(p, p)) <= 1e-15
    assert abs(xc.js_divergence(p, p)) <= 1e-15


@settings(max_examples=100, deadline=None)
@given(pairs())
def test_js_is_symmetric_and_bounded(pq):
    p, q = pq
    js = xc.js_divergence(p, q, base=2)
    assert js == pytest.approx(xc.js_divergence(q, p, base=2), rel=1e-12, abs=1e-15)
    assert -1e-15 <= js <= 1 + 1e-12


def test_kl_stays_finite_when_q_is_subnormal():
    # p/q overflows float64 here although p*log(p/q) is finite (found on the Binary page).
    q = [1 - 1e-310, 1e-310]
    expected = 0.5 * (np.log(0.5) - np.log(1 - 1e-310)) + 0.5 * (np.log(0.5) - np.log(1e-310))
    assert xc.kl_divergence([0.5, 0.5], q) == pytest.approx(expected, rel=1e-14)
    assert xc.cross_entropy([0.5, 0.5], q) == pytest.approx(
        xc.entropy([0.5, 0.5]) + expected, rel=1e-14
    )


def test_entropy_of_a_certain_outcome_is_plus_zero():
    assert np.copysign(1.0, xc.entropy([0.0, 1.0, 0.0])) == 1.0  # shown as 0.000, not -0.000


def test_to_base_converts_between_units():
    assert xc.to_base(1.0) == 1.0
    assert xc.to_base(1.0, base=2) == pytest.approx(1 / math.log(2), rel=1e-15)
    np.testing.assert_allclose(
        xc.to_base([1.0, 3.0], source_base=2, base=10), np.array([1.0, 3.0]) * math.log10(2)
    )
    p = [0.1, 0.4, 0.5]
    assert xc.to_base(xc.entropy(p), base=2) == pytest.approx(xc.entropy(p, base=2))
    with pytest.raises(ValueError, match="base must be a number > 0 other than 1"):
        xc.to_base(1.0, base=1)
