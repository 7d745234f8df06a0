"""The softmax family against SciPy, and its stability at extreme logits."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import special

import xentcore as xc


@pytest.mark.parametrize("scale", [1.0, 30.0, 1e3, 1e4, 1e6])
def test_match_scipy(scale):
    rng = np.random.default_rng(3)
    z = rng.standard_normal((50, 9)) * scale
    np.testing.assert_allclose(xc.softmax(z), special.softmax(z, axis=-1), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(xc.log_softmax(z), special.log_softmax(z, axis=-1), rtol=1e-12)
    np.testing.assert_allclose(xc.logsumexp(z), special.logsumexp(z, axis=-1), rtol=1e-14)
    np.testing.assert_allclose(xc.logsumexp(z, axis=0), special.logsumexp(z, axis=0), rtol=1e-14)
    np.testing.assert_allclose(xc.sigmoid(z), special.expit(z), rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(xc.log_sigmoid(z), special.log_expit(z), rtol=1e-14)


@pytest.mark.parametrize("temperature", [0.05, 0.5, 1.0, 3.0, 10.0])
def test_temperature_divides_the_logits(temperature):
    z = np.array([[2.0, -1.0, 0.5, 7.0]])
    np.testing.assert_allclose(
        xc.softmax(z, temperature=temperature),
        special.softmax(z / temperature, axis=-1),
        rtol=1e-13,
    )
    np.testing.assert_allclose(
        xc.log_softmax(z, temperature=temperature),
        special.log_softmax(z / temperature, axis=-1),
        rtol=1e-13,
    )


def test_extreme_logits_are_exact():
    assert xc.softmax([1e4, -1e4]).tolist() == [1.0, 0.0]
    assert xc.log_softmax([1e4, -1e4]).tolist() == [0.0, -2e4]
    assert xc.logsumexp([1e4, 1e4]) == pytest.approx(1e4 + np.log(2), rel=1e-16)
    assert xc.sigmoid(-1e4) == 0.0 and xc.sigmoid(1e4) == 1.0
    assert xc.log_sigmoid(-1e4) == -1e4
    assert xc.log_sigmoid(40.0) == pytest.approx(-np.exp(-40.0), rel=1e-15)
    with np.errstate(over="raise"):  # nothing overflows on the way
        xc.softmax([1e300, -1e300])


def test_high_temperature_spreads_and_low_temperature_sharpens():
    z = [1.0, 2.0, 3.0]
    h = [xc.entropy(xc.softmax(z, temperature=t)) for t in (0.05, 1.0, 10.0)]
    assert h[0] < 1e-6 < h[1] < h[2] < np.log(3)


finite_rows = st.integers(1, 8).flatmap(
    lambda c: arrays(np.float64, (c,), elements=st.floats(-1e4, 1e4))
)


@settings(max_examples=200, deadline=None)
@given(finite_rows, st.floats(-1e4, 1e4))
def test_softmax_is_invariant_to_shifting_the_logits(z, shift):
    np.testing.assert_allclose(xc.softmax(z + shift), xc.softmax(z), rtol=1e-9, atol=1e-12)
    assert xc.softmax(z).sum() == pytest.approx(1.0, rel=1e-14)


@settings(max_examples=200, deadline=None)
@given(finite_rows)
def test_log_softmax_is_log_of_softmax_and_finite(z):
    ls = xc.log_softmax(z)
    assert np.all(np.isfinite(ls)) and np.all(ls <= 0)
    np.testing.assert_allclose(np.exp(ls), xc.softmax(z), rtol=1e-12, atol=1e-300)
