"""Temperature scaling: the objective and its derivatives, the fit against scipy, the split.

* The NLL equals scipy's log-softmax NLL at any T; its derivatives in log T equal
  central differences of it.
* The fitted T equals ``scipy.optimize.minimize_scalar`` on the same objective to 2e-8
  relative (scipy's own precision: it sees values, not slopes), and the slope of an
  extended-precision NLL is 0 there; from logits and from probabilities (through their
  log); the fit is deterministic.
* Edge cases: separable data (T at the lower bound), anti-correlated data (upper
  bound), equal logits (T = 1), probabilities of 0 for classes that are not the label.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax as scipy_log_softmax

import xentcore as xc
from xentcore.practice import (
    apply_temperature,
    fit_temperature,
    temperature_objective,
    train_validation_split,
)


def scipy_nll(logs: np.ndarray, y: np.ndarray, t: float) -> float:
    """Mean NLL of softmax(logs / T), written with scipy (−inf logs allowed)."""
    with np.errstate(invalid="ignore"):
        lp = scipy_log_softmax(logs / t, axis=1)
    return float(-np.mean(lp[np.arange(y.size), y]))


def extended_nll(logs: np.ndarray, y: np.ndarray, u: float) -> np.longdouble:
    """The same NLL at T = e^u in extended precision (np.longdouble), -inf logs allowed."""
    a = logs.astype(np.longdouble) / np.exp(np.longdouble(u))
    m = a.max(axis=1, keepdims=True)
    return np.mean(m[:, 0] + np.log(np.exp(a - m).sum(axis=1)) - a[np.arange(y.size), y])


def scipy_temperature(logs: np.ndarray, y: np.ndarray) -> float:
    """scipy's minimiser of the NLL over log T.

    A minimiser that sees only function values places the minimum to about the square
    root of the values' precision: sqrt(2.2e-16) ~ 1.5e-8 in float64. Differences of
    the extended-precision NLL (precise to ~1e-19) let Brent go below that.
    """
    ref = extended_nll(logs, y, 0.0)
    res = minimize_scalar(
        lambda u: float(extended_nll(logs, y, u) - ref),
        bracket=(-1.0, 1.0),
        method="brent",
        options={"xtol": 1e-13, "maxiter": 2000},
    )
    return math.exp(res.x)


def extended_slope(logs: np.ndarray, y: np.ndarray, t: float) -> float:
    """d NLL / d log T at T by central differences of the extended-precision NLL."""
    h = 1e-6
    u = math.log(t)
    return float((extended_nll(logs, y, u + h) - extended_nll(logs, y, u - h)) / (2 * h))


@pytest.mark.parametrize("t", [0.3, 1.0, 2.5])
@pytest.mark.parametrize("kind", ["logits", "probabilities"])
def test_objective_is_scipys_nll_and_its_derivatives_are_finite_differences(
    classifier, numeric_gradient, kind, t
):
    z, y = classifier(200, 5, seed=1)
    scores = z if kind == "logits" else xc.softmax(z, axis=1)
    obj = temperature_objective(scores, y, kind=kind, temperature=t)
    assert obj.nll == pytest.approx(scipy_nll(z, y, t), rel=1e-12)

    def in_log_t(field):
        return lambda u: getattr(
            temperature_objective(scores, y, kind=kind, temperature=math.exp(float(u[0]))), field
        )

    u = np.array([math.log(t)])
    assert obj.gradient == pytest.approx(numeric_gradient(in_log_t("nll"), u)[0], rel=1e-6)
    assert obj.curvature == pytest.approx(numeric_gradient(in_log_t("gradient"), u)[0], rel=1e-6)


def test_objective_takes_many_temperatures_and_a_base(classifier):
    z, y = classifier(100, 3, seed=2)
    temps = np.array([0.5, 1.0, 4.0])
    many = temperature_objective(z, y, kind="logits", temperature=temps)
    bits = temperature_objective(z, y, kind="logits", temperature=temps, base=2)
    for i, t in enumerate(temps):
        one = temperature_objective(z, y, kind="logits", temperature=float(t))
        assert many.nll[i] == one.nll and many.gradient[i] == one.gradient
    np.testing.assert_allclose(bits.nll, many.nll / math.log(2), rtol=1e-14)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("sharpness", [0.4, 1.0, 3.0])
def test_fitted_temperature_is_scipys_minimiser(classifier, seed, sharpness):
    z, y = classifier(500, 4, sharpness=sharpness, seed=seed)
    fit = fit_temperature(z, y, kind="logits")
    assert fit.converged and not fit.at_bound
    assert fit.temperature == pytest.approx(scipy_temperature(z, y), rel=2e-8)
    assert abs(extended_slope(z, y, fit.temperature)) < 1e-11  # the minimum itself
    assert fit.nll_before == pytest.approx(scipy_nll(z, y, 1.0), rel=1e-12)
    assert fit.nll_after == pytest.approx(scipy_nll(z, y, fit.temperature), rel=1e-12)
    assert fit.nll_after <= fit.nll_before
    assert (
        abs(temperature_objective(z, y, kind="logits", temperature=fit.temperature).gradient)
        < 1e-12
    )
    assert fit.iterations <= 20


def test_probabilities_go_through_their_log(classifier):
    z, y = classifier(400, 3, sharpness=2.5, seed=7)
    from_logits = fit_temperature(z, y, kind="logits")
    from_probs = fit_temperature(xc.softmax(z, axis=1), y, kind="probabilities")
    assert from_probs.temperature == pytest.approx(from_logits.temperature, rel=1e-10)
    assert from_probs.nll_after == pytest.approx(from_logits.nll_after, rel=1e-10)


def test_an_overconfident_model_is_cooled_towards_its_sharpness():
    y, bold = xc.synthetic_predictions("overconfident", n_samples=20_000, sharpness=3.0, seed=4)
    fit = fit_temperature(bold, y, kind="probabilities", base=2)
    assert fit.temperature == pytest.approx(3.0, rel=0.05)
    calibrated = apply_temperature(bold, fit.temperature, kind="probabilities")
    np.testing.assert_array_equal(calibrated.argmax(axis=1), bold.argmax(axis=1))
    mean_bits = float(xc.sample_losses(calibrated, y, kind="probabilities").mean()) / math.log(2)
    assert mean_bits == pytest.approx(fit.nll_after, rel=1e-10)
    assert xc.calibration_errors(calibrated, y).ece < xc.calibration_errors(bold, y).ece / 3


def test_zero_probabilities_of_other_classes_are_handled():
    p = np.array([[0.7, 0.3, 0.0], [0.2, 0.0, 0.8], [0.6, 0.4, 0.0], [0.1, 0.5, 0.4]])
    y = np.array([1, 2, 0, 1])
    fit = fit_temperature(p, y, kind="probabilities")
    with np.errstate(divide="ignore"):
        logs = np.log(p)
    assert fit.temperature == pytest.approx(scipy_temperature(logs, y), rel=2e-8)
    assert abs(extended_slope(logs, y, fit.temperature)) < 1e-11
    obj = temperature_objective(p, y, kind="probabilities", temperature=1.7)
    assert np.isfinite(obj.gradient) and np.isfinite(obj.curvature)
    assert apply_temperature(p, 2.0, kind="probabilities")[0, 2] == 0.0


def test_the_fit_is_deterministic_and_leaves_the_scores_alone(classifier):
    z, y = classifier(300, 4, seed=3)
    assert fit_temperature(z, y, kind="logits") == fit_temperature(z, y, kind="logits")
    p = xc.softmax(z, axis=1)
    z0, p0 = z.copy(), p.copy()
    fit_temperature(z, y, kind="logits")
    fit_temperature(p, y, kind="probabilities")
    np.testing.assert_array_equal(z, z0)
    np.testing.assert_array_equal(p, p0)


def test_edge_cases_stop_at_a_bound_or_at_one():
    right = np.array([[3.0, 0.0], [0.0, 2.0]])
    fit = fit_temperature(right, [0, 1], kind="logits", bounds=(0.01, 100.0))
    assert fit.at_bound and fit.temperature == pytest.approx(0.01) and not fit.converged
    wrong = fit_temperature(right, [1, 0], kind="logits", bounds=(0.01, 100.0))
    assert wrong.at_bound and wrong.temperature == pytest.approx(100.0)
    assert wrong.nll_after < wrong.nll_before
    flat = fit_temperature(np.zeros((3, 4)), [0, 1, 2], kind="logits")
    assert (flat.temperature, flat.iterations, flat.converged) == (1.0, 0, True)
    assert flat.nll_after == pytest.approx(math.log(4))


def test_apply_temperature_is_softmax_of_logits_over_t(classifier):
    z, _ = classifier(50, 3, seed=5)
    np.testing.assert_allclose(
        apply_temperature(z, 1.7, kind="logits"), xc.softmax(z, axis=1, temperature=1.7), rtol=1e-13
    )
    p = xc.softmax(z, axis=1)
    sharpened = p**2 / (p**2).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(
        apply_temperature(p, 0.5, kind="probabilities"), sharpened, rtol=1e-12
    )


def test_split_is_seeded_disjoint_and_complete():
    s = train_validation_split(101, validation_fraction=0.3, seed=5)
    assert len(s.validation) == 30 and len(s.train) == 71
    assert sorted(np.concatenate(s)) == list(range(101))
    assert np.all(np.diff(s.train) > 0) and np.all(np.diff(s.validation) > 0)
    again = train_validation_split(101, validation_fraction=0.3, seed=5)
    np.testing.assert_array_equal(again.validation, s.validation)
    other = train_validation_split(101, validation_fraction=0.3, seed=6)
    assert not np.array_equal(other.validation, s.validation)
