"""xentcore.binary.bce against SciPy, PyTorch and the xentcore functions it uses."""

import math

import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

import xentcore
from xentcore import InputError
from xentcore.binary import bce_decomposition, bce_from_logit, bernoulli_curves, bernoulli_entropy

torch = pytest.importorskip("torch")
F = torch.nn.functional

BASES = [(None, 1.0), (2, math.log(2)), (10, math.log(10))]
probability = st.floats(0.0, 1.0, allow_nan=False)
inner = st.floats(1e-6, 1 - 1e-6, allow_nan=False)


def t64(x):
    return torch.tensor(x, dtype=torch.float64)


# ── bernoulli_entropy ─────────────────────────────────────────────────────────────
def test_worked_example_10_bernoulli_entropy_of_0_4():
    assert round(bernoulli_entropy(0.4), 4) == 0.6730
    assert bernoulli_entropy(0.5, base=2) == pytest.approx(1.0, abs=1e-15)


@pytest.mark.parametrize("base, div", BASES)
def test_bernoulli_entropy_matches_scipy(base, div):
    t = np.linspace(0, 1, 101)
    expected = scipy.stats.entropy(np.stack([t, 1 - t]), base=base)
    np.testing.assert_allclose(bernoulli_entropy(t, base=base), expected, rtol=1e-13, atol=1e-15)


def test_bernoulli_entropy_ends_are_zero_not_negative_zero():
    out = bernoulli_entropy([0.0, 1.0])
    assert out.tolist() == [0.0, 0.0]
    assert not np.signbit(out).any()
    assert isinstance(bernoulli_entropy(1.0), float)


@given(inner)
def test_bernoulli_entropy_is_symmetric(t):
    assert bernoulli_entropy(t) == pytest.approx(bernoulli_entropy(1 - t), rel=1e-9)


@pytest.mark.parametrize(
    "value, message",
    [
        (-0.2, "t must be probabilities in [0, 1], but has -0.2"),
        (1.3, "t must be probabilities in [0, 1], but has 1.3"),
        (float("nan"), "t has a non-finite value nan"),
        ([], "t is empty"),
        ("abc", "t must be numbers"),
    ],
)
def test_bernoulli_entropy_errors(value, message):
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        bernoulli_entropy(value)


# ── bce_decomposition ─────────────────────────────────────────────────────────────
def test_worked_example_10_bce_of_x_and_x_is_the_entropy():
    parts = bce_decomposition(0.4, 0.4)
    assert f"{parts.bce:.4f}" == "0.6730"
    assert parts.bce == pytest.approx(bernoulli_entropy(0.4), rel=1e-15)
    assert parts.kl == 0.0


@pytest.mark.parametrize("base, div", BASES)
def test_bce_matches_xentcore_and_torch(base, div):
    rng = np.random.default_rng(0)
    p, t = rng.uniform(size=50), rng.uniform(size=50)
    parts = bce_decomposition(p, t, base=base)
    expected = xentcore.binary_cross_entropy(p, t, reduction="none") / div
    np.testing.assert_allclose(parts.bce, expected, rtol=1e-14)
    reference = F.binary_cross_entropy(t64(p), t64(t), reduction="none").numpy() / div
    np.testing.assert_allclose(parts.bce, reference, rtol=1e-12)
    np.testing.assert_allclose(parts.exact, parts.entropy + parts.kl, rtol=1e-12)


def test_bce_exact_is_infinite_where_pytorch_clamps():
    parts = bce_decomposition(0.0, 1.0)
    assert (parts.bce, parts.exact, parts.entropy, parts.kl) == (100.0, math.inf, 0.0, math.inf)
    assert bce_decomposition(1.0, 0.0, base=2).bce == pytest.approx(100 / math.log(2))
    assert bce_decomposition(0.0, 0.0).bce == 0.0


def test_kl_stays_finite_for_a_subnormal_prediction():
    # p / q overflows float64 for q below ~1e-308; the decomposition must still add up.
    parts = bce_decomposition(1e-320, 0.5)
    assert math.isfinite(parts.kl)
    assert parts.exact == pytest.approx(parts.entropy + parts.kl, rel=1e-12)


@given(probability, probability)
def test_bce_is_at_least_the_target_entropy(p, t):
    parts = bce_decomposition(p, t)
    assert parts.exact >= parts.entropy - 1e-12
    assert parts.kl >= -1e-12
    if math.isfinite(parts.exact):
        assert parts.exact == pytest.approx(parts.entropy + parts.kl, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize(
    "prob, target, message",
    [
        (-0.2, 1.0, r"prob must be probabilities in \[0, 1\], but has -0.2"),
        (1.3, 1.0, r"prob must be probabilities in \[0, 1\], but has 1.3"),
        (float("nan"), 1.0, "prob has a non-finite value nan"),
        (0.5, 1.5, r"target must be probabilities in \[0, 1\], but has 1.5"),
        (0.5, -1.0, r"target must be probabilities in \[0, 1\], but has -1.0"),
        ([0.5, 0.5], [1.0], r"prob has shape \(2,\) but target has shape \(1,\)"),
    ],
)
def test_bce_decomposition_errors(prob, target, message):
    with pytest.raises(InputError, match=message):
        bce_decomposition(prob, target)


# ── bernoulli_curves ──────────────────────────────────────────────────────────────
@pytest.mark.parametrize("t", [0.0, 0.1, 0.4, 0.5, 0.9, 1.0])
def test_curve_minimum_is_at_p_equals_t_and_is_the_entropy(t):
    c = bernoulli_curves(t, points=401)
    i = int(np.argmin(c.bce))
    assert c.x[i] == pytest.approx(t, abs=1.5e-3)
    assert c.bce[i] == pytest.approx(bernoulli_entropy(t), abs=1e-5)
    assert np.all(c.bce >= bernoulli_entropy(t) - 1e-12)
    np.testing.assert_allclose(c.entropy, bernoulli_entropy(c.x), atol=1e-15)


def test_curve_is_infinite_at_an_end_the_target_allows():
    c = bernoulli_curves(0.4, points=11, base=2)
    assert math.isinf(c.bce[0]) and math.isinf(c.bce[-1])
    np.testing.assert_allclose(
        c.bce[1:-1], [bce_decomposition(x, 0.4, base=2).exact for x in c.x[1:-1]], rtol=1e-13
    )


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"target": 1.2}, "target must be <= 1.0, got 1.2"),
        ({"target": float("nan")}, "target must be a finite number"),
        ({"target": 0.5, "points": 2}, "points must be an integer >= 3, got 2"),
        ({"target": 0.5, "points": 10.5}, "points must be an integer >= 3, got 10.5"),
    ],
)
def test_bernoulli_curves_errors(kwargs, message):
    with pytest.raises(InputError, match=message):
        bernoulli_curves(**kwargs)


# ── bce_from_logit ────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("x", [-40.0, -3.0, -0.2, 0.0, 0.85, 5.0, 50.0])
@pytest.mark.parametrize("t", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("pw", [0.0, 1.0, 3.5])
def test_bce_from_logit_matches_torch(x, t, pw):
    r = bce_from_logit(x, t, pos_weight=pw)
    xt = t64([x]).requires_grad_()
    loss = F.binary_cross_entropy_with_logits(xt, t64([t]), pos_weight=t64([pw]))
    loss.backward()
    assert r.loss == pytest.approx(loss.item(), rel=1e-12, abs=1e-300)
    assert r.grad == pytest.approx(xt.grad.item(), rel=1e-12, abs=1e-15)
    assert r.prob == pytest.approx(torch.sigmoid(t64(x)).item(), rel=1e-15)
    assert r.loss_unweighted == xentcore.binary_cross_entropy_with_logits([x], [t])


def test_bce_from_logit_in_bits():
    r = bce_from_logit(0.85, 1.0, base=2)
    assert r.loss == pytest.approx(
        xentcore.binary_cross_entropy_with_logits([0.85], [1.0]) / math.log(2)
    )
    assert r.grad == pytest.approx((scipy.special.expit(0.85) - 1.0) / math.log(2))


def test_huge_logits_stay_exact_while_the_probability_route_clamps():
    r = bce_from_logit(1e300, 0.0)
    assert (r.loss, r.prob, r.loss_from_probability, r.grad) == (1e300, 1.0, 100.0, 1.0)
    r = bce_from_logit(-1e300, 1.0)
    assert (r.loss, r.loss_from_probability) == (1e300, 100.0)
    assert bce_from_logit(1e300, 1.0).loss == 0.0


def test_a_loss_beyond_float64_is_infinite_not_an_error():
    r = bce_from_logit(-1e300, 1.0, pos_weight=1e10)
    assert math.isinf(r.loss)
    assert r.loss_unweighted == 1e300


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"logit": float("nan"), "target": 1.0}, "logit must be a finite number, got nan"),
        ({"logit": float("inf"), "target": 1.0}, "logit must be a finite number, got inf"),
        ({"logit": "abc", "target": 1.0}, "logit must be a number, got 'abc'"),
        ({"logit": 0.0, "target": 1.3}, "target must be <= 1.0, got 1.3"),
        ({"logit": 0.0, "target": 1.0, "pos_weight": -1.0}, "pos_weight must be >= 0.0, got -1.0"),
        (
            {"logit": 0.0, "target": 1.0, "pos_weight": float("nan")},
            "pos_weight must be a finite number",
        ),
    ],
)
def test_bce_from_logit_errors(kwargs, message):
    with pytest.raises(InputError, match=message):
        bce_from_logit(**kwargs)
