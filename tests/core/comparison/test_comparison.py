"""xentcore.comparison: one example's loss, gradient, step, and the frameworks side by side.

References: xentcore's own losses (the comparison module must not reimplement them),
finite differences, SciPy, scikit-learn directly, and PyTorch when it is installed.
"""

import math
import warnings

import numpy as np
import pytest
import scipy.special
import scipy.stats
import sklearn.metrics
from hypothesis import given, settings
from hypothesis import strategies as st

import xentcore as xc
from xentcore.comparison import (
    framework_losses,
    gradient_descent_step,
    loss_and_gradient,
    losses_along_path,
    naive_softmax,
    naive_vs_stable_softmax,
    shift_invariance,
    smoothed_target,
    softmax_entropy_by_temperature,
)

Z = [2.0, 1.0, 0.1]
W = [1.0, 2.0, 5.0]


def logit_vectors(min_size=2, max_size=8):
    return st.lists(
        st.floats(-20, 20, allow_nan=False, allow_infinity=False),
        min_size=min_size,
        max_size=max_size,
    )


def explicit_loss(z, target, weight, eps, temperature):
    """-Σ w_c y'_c log softmax(z/T)_c written out with SciPy, as an independent reference."""
    z = np.asarray(z, dtype=float)
    c = z.size
    y = np.zeros(c)
    if np.ndim(target) == 0:
        y[int(target)] = 1.0
    else:
        y = np.asarray(target, dtype=float)
    y = (1 - eps) * y + eps / c
    w = np.ones(c) if weight is None else np.asarray(weight, dtype=float)
    return float(-(w * y * scipy.special.log_softmax(z / temperature)).sum())


# --- smoothed target --------------------------------------------------------------------


def test_smoothed_target_of_a_class_and_of_a_soft_target():
    assert smoothed_target(1, 4).tolist() == [0.0, 1.0, 0.0, 0.0]
    y = smoothed_target(1, 4, label_smoothing=0.2)
    assert y == pytest.approx([0.05, 0.85, 0.05, 0.05])
    assert math.fsum(y) == pytest.approx(1.0)
    q = smoothed_target([0.7, 0.2, 0.1], 3, label_smoothing=0.3)
    assert q == pytest.approx([0.7 * 0.7 + 0.1, 0.2 * 0.7 + 0.1, 0.1 * 0.7 + 0.1])
    assert smoothed_target(0, 5, label_smoothing=1.0) == pytest.approx([0.2] * 5)


# --- loss and gradient ------------------------------------------------------------------


def test_worked_example_11_uniform_over_ten_classes():
    r = loss_and_gradient([0.0] * 10, 0)
    assert r.loss == pytest.approx(math.log(10))
    assert round(r.loss, 4) == 2.3026
    assert r.probs == pytest.approx([0.1] * 10)
    assert r.entropy == pytest.approx(math.log(10))
    assert loss_and_gradient([0.0] * 10, 0, base=2).loss == pytest.approx(math.log2(10))


@pytest.mark.parametrize("target", [0, 2, [0.7, 0.2, 0.1]])
@pytest.mark.parametrize("weight", [None, W])
@pytest.mark.parametrize("eps", [0.0, 0.1, 1.0])
@pytest.mark.parametrize("temperature", [0.05, 1.0, 3.0])
def test_loss_is_xentcore_sum_on_scaled_logits(target, weight, eps, temperature):
    r = loss_and_gradient(Z, target, weight=weight, label_smoothing=eps, temperature=temperature)
    x = np.asarray(Z) / temperature
    expected = xc.softmax_cross_entropy(
        x, target, weight=weight, label_smoothing=eps, reduction="sum"
    )
    assert r.loss == pytest.approx(expected, rel=1e-12)
    assert r.loss_nats == r.loss
    assert r.loss == pytest.approx(explicit_loss(Z, target, weight, eps, temperature), rel=1e-10)
    grad = xc.softmax_cross_entropy_grad(
        x, target, weight=weight, label_smoothing=eps, reduction="sum"
    )
    assert r.grad == pytest.approx(np.asarray(grad) / temperature, rel=1e-12)
    assert r.probs == pytest.approx(scipy.special.softmax(x))
    assert r.smoothed_target == pytest.approx(
        smoothed_target(target, 3, label_smoothing=eps), rel=1e-15
    )
    assert r.entropy == pytest.approx(scipy.stats.entropy(r.probs))


def test_units_divide_by_log_base():
    nats = loss_and_gradient(Z, 1, weight=W, label_smoothing=0.2)
    bits = loss_and_gradient(Z, 1, weight=W, label_smoothing=0.2, base=2)
    hartleys = loss_and_gradient(Z, 1, weight=W, label_smoothing=0.2, base=10)
    assert bits.loss == pytest.approx(nats.loss / math.log(2))
    assert hartleys.loss == pytest.approx(nats.loss / math.log(10))
    assert bits.loss_nats == nats.loss
    assert bits.grad.tolist() == nats.grad.tolist()  # always of the loss in nats


def test_gradient_is_p_minus_y_without_weights_smoothing_or_temperature():
    r = loss_and_gradient(Z, 0)
    assert r.grad == pytest.approx(r.probs - np.array([1.0, 0.0, 0.0]), abs=1e-15)
    q = [0.7, 0.2, 0.1]
    r = loss_and_gradient(Z, q, label_smoothing=0.3)
    assert r.grad == pytest.approx(r.probs - r.smoothed_target, abs=1e-15)


@settings(max_examples=60, deadline=None)
@given(
    z=logit_vectors(),
    eps=st.floats(0, 1),
    temperature=st.floats(0.2, 5),
    data=st.data(),
)
def test_gradient_matches_finite_differences_and_sums_to_zero(z, eps, temperature, data):
    c = len(z)
    target = data.draw(st.integers(0, c - 1))
    weight = data.draw(st.lists(st.floats(0, 5), min_size=c, max_size=c))
    kwargs = {"weight": weight, "label_smoothing": eps, "temperature": temperature}
    r = loss_and_gradient(z, target, **kwargs)
    h = 1e-6
    numeric = []
    for k in range(c):
        up, down = list(z), list(z)
        up[k] += h
        down[k] -= h
        lu = loss_and_gradient(up, target, **kwargs).loss
        ld = loss_and_gradient(down, target, **kwargs).loss
        numeric.append((lu - ld) / (2 * h))
    scale = max(1.0, max(weight) / temperature)
    assert r.grad == pytest.approx(numeric, abs=2e-5 * scale)
    assert math.fsum(r.grad) == pytest.approx(0.0, abs=1e-12 * scale * c)


def test_gradient_and_loss_match_pytorch_autograd():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    for target, weight, eps, temperature in [
        (2, W, 0.1, 0.5),
        (0, None, 0.0, 1.0),
        ([0.7, 0.2, 0.1], W, 0.25, 2.0),
    ]:
        z = torch.tensor(Z, dtype=torch.float64, requires_grad=True)
        t = (
            torch.tensor(target)
            if isinstance(target, int)
            else torch.tensor(target, dtype=torch.float64)
        )
        w = None if weight is None else torch.tensor(weight, dtype=torch.float64)
        loss = F.cross_entropy(z / temperature, t, weight=w, label_smoothing=eps, reduction="sum")
        loss.backward()
        r = loss_and_gradient(
            Z, target, weight=weight, label_smoothing=eps, temperature=temperature
        )
        assert r.loss == pytest.approx(loss.item(), rel=1e-12)
        assert r.grad == pytest.approx(z.grad.numpy(), rel=1e-10, abs=1e-14)


# --- gradient step and the loss along the path ------------------------------------------


def test_one_gradient_step_moves_against_the_gradient_and_lowers_the_loss():
    s = gradient_descent_step(Z, 2, lr=0.5, weight=W, label_smoothing=0.1)
    r = loss_and_gradient(Z, 2, weight=W, label_smoothing=0.1)
    assert s.before.tolist() == Z
    assert s.after == pytest.approx(np.asarray(Z) - 0.5 * r.grad, rel=1e-15)
    assert s.grad.tolist() == r.grad.tolist()
    assert s.loss_before == pytest.approx(r.loss_nats)
    after = loss_and_gradient(s.after, 2, weight=W, label_smoothing=0.1)
    assert s.loss_after == pytest.approx(after.loss_nats)
    assert s.loss_after < s.loss_before


def test_uniform_ten_class_step_with_lr_one():
    s = gradient_descent_step([0.0] * 10, 0, lr=1.0)
    assert s.after == pytest.approx([0.9] + [-0.1] * 9)
    assert s.loss_before == pytest.approx(math.log(10))


def test_huge_learning_rate_still_gives_finite_numbers():
    s = gradient_descent_step(Z, 0, lr=1e6)
    assert np.all(np.isfinite(s.after))
    assert s.after[0] > 3e5
    assert s.loss_after == pytest.approx(0.0, abs=1e-12)


def test_losses_along_a_path_are_the_losses_of_each_point():
    path = [Z, [2.5, 0.8, -0.2], [0.0, 0.0, 0.0]]
    for target in (1, [0.7, 0.2, 0.1]):
        got = losses_along_path(
            path, target, weight=W, label_smoothing=0.2, temperature=2.0, base=2
        )
        expected = [
            loss_and_gradient(
                z, target, weight=W, label_smoothing=0.2, temperature=2.0, base=2
            ).loss
            for z in path
        ]
        assert got == pytest.approx(expected, rel=1e-12)


# --- shift invariance -------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(z=logit_vectors(), shift=st.floats(-1e4, 1e4), data=st.data())
def test_adding_a_constant_changes_neither_softmax_nor_loss(z, shift, data):
    target = data.draw(st.integers(0, len(z) - 1))
    s = shift_invariance(z, shift, target, label_smoothing=0.1)
    assert s.shifted_logits == pytest.approx(np.asarray(z) + shift)
    assert s.max_prob_difference < 1e-9
    assert s.shifted_probs == pytest.approx(s.probs, abs=1e-9)
    assert s.shifted_loss == pytest.approx(s.loss, rel=1e-8, abs=1e-8)


def test_shift_without_target_has_no_loss():
    s = shift_invariance(Z, 1000.0)
    assert s.loss is None and s.shifted_loss is None
    assert s.shifted_probs == pytest.approx(scipy.special.softmax(Z))


# --- naive versus stable softmax ----------------------------------------------------------


def test_naive_softmax_agrees_with_the_stable_one_for_small_logits():
    n = naive_softmax(Z)
    assert not n.overflow and not n.underflow and n.overflowed.size == 0
    assert n.probs == pytest.approx(xc.softmax(Z), rel=1e-14)
    assert n.total == pytest.approx(sum(math.exp(v) for v in Z))


def test_naive_softmax_overflows_to_nan_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning would fail the test
        n = naive_softmax([2000.0, 1000.0, 100.0])
    assert n.overflow and not n.underflow
    assert n.overflowed.tolist() == [0, 1]
    assert math.isinf(n.total)
    assert np.isnan(n.probs[:2]).all() and n.probs[2] == 0.0


def test_naive_softmax_underflows_to_nan_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        n = naive_softmax([-2000.0, -1000.0])
    assert n.underflow and not n.overflow
    assert n.total == 0.0
    assert np.isnan(n.probs).all()


@pytest.mark.parametrize("scale", [1.0, 10.0, 100.0, 1000.0])
@pytest.mark.parametrize("temperature", [0.05, 1.0, 10.0])
def test_stable_softmax_and_logsumexp_match_scipy_at_any_scale(scale, temperature):
    r = naive_vs_stable_softmax(Z, scale=scale, temperature=temperature)
    x = np.asarray(Z) * scale / temperature
    assert r.logits == pytest.approx(x)
    assert r.stable == pytest.approx(scipy.special.softmax(x), abs=1e-300)
    assert r.logsumexp == pytest.approx(scipy.special.logsumexp(x))
    overflows = x.max() > 709.78
    assert r.naive.overflow == overflows
    assert math.isinf(r.naive_logsumexp) == overflows
    if not overflows:
        assert r.naive_logsumexp == pytest.approx(r.logsumexp)


def test_times_1000_makes_the_naive_version_nan_and_the_stable_one_exact():
    r = naive_vs_stable_softmax(Z, scale=1000.0)
    assert np.isnan(r.naive.probs[0])
    assert r.stable.tolist() == [1.0, 0.0, 0.0]
    assert r.logsumexp == 2000.0


# --- entropy against temperature ------------------------------------------------------


def test_entropy_by_temperature_matches_scipy_and_rises_to_log_c():
    s = softmax_entropy_by_temperature(Z, base=2)
    assert s.temperatures.size == 200
    assert s.temperatures[0] == pytest.approx(0.05)
    assert s.temperatures[-1] == pytest.approx(10.0)
    assert np.diff(np.log(s.temperatures)) == pytest.approx(
        np.full(199, np.log(200.0) / 199)
    )  # log-spaced
    for t, h in zip(s.temperatures[::37], s.entropies[::37], strict=True):
        expected = scipy.stats.entropy(scipy.special.softmax(np.asarray(Z) / t), base=2)
        assert h == pytest.approx(expected, abs=1e-12)
    assert s.max_entropy == pytest.approx(math.log2(3))
    assert np.all(np.diff(s.entropies) >= -1e-12)  # flatter as T grows
    assert s.entropies[0] < 1e-6 < s.entropies[-1] < s.max_entropy


# --- frameworks side by side ------------------------------------------------------------
# The numbers; the sentences that explain them are tested with explorer/softmax/wording.py
# (tests/explorer/softmax/test_softmax_wording.py).


@pytest.mark.parametrize("target", [0, 2])
@pytest.mark.parametrize("weight", [None, W])
@pytest.mark.parametrize("eps", [0.0, 0.1])
@pytest.mark.parametrize("temperature", [1.0, 0.5])
def test_framework_numbers_for_class_targets(target, weight, eps, temperature):
    rows = framework_losses(Z, target, weight=weight, label_smoothing=eps, temperature=temperature)
    assert [r["framework"] for r in rows] == [
        "PyTorch",
        "PyTorch",
        "Keras",
        "Keras",
        "scikit-learn",
    ]
    x = np.asarray(Z) / temperature
    p = xc.softmax(x)
    torch_mean, torch_sum, keras_logits, keras_probs, sk = (r["value"] for r in rows)
    assert torch_mean == pytest.approx(
        xc.softmax_cross_entropy([x], [target], weight=weight, label_smoothing=eps)
    )
    assert torch_sum == pytest.approx(
        xc.softmax_cross_entropy(x, target, weight=weight, label_smoothing=eps, reduction="sum")
    )
    w_y = 1.0 if weight is None else weight[target]
    assert torch_mean == pytest.approx(torch_sum / w_y)
    y = np.eye(3)[target][None, :]
    sample_weight = None if weight is None else [w_y]
    assert keras_logits == pytest.approx(
        xc.keras_reduce(
            xc.keras_categorical_crossentropy(y, [x], from_logits=True, label_smoothing=eps),
            sample_weight=sample_weight,
        )
    )
    assert keras_probs == pytest.approx(
        xc.keras_reduce(
            xc.keras_categorical_crossentropy(y, [p], label_smoothing=eps),
            sample_weight=sample_weight,
        )
    )
    # scikit-learn itself, not xentcore's copy of it.
    assert sk == pytest.approx(
        sklearn.metrics.log_loss([target], [p], labels=[0, 1, 2], sample_weight=sample_weight)
    )
    # Keras from logits = class weight of the target times the unweighted smoothed loss.
    assert keras_logits == pytest.approx(
        w_y * explicit_loss(Z, target, None, eps, temperature), rel=1e-12
    )


def test_framework_numbers_match_pytorch_itself():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    z = torch.tensor([Z], dtype=torch.float64)
    for target, weight, eps in [(2, W, 0.1), (0, None, 0.0), (1, W, 0.0)]:
        rows = framework_losses(Z, target, weight=weight, label_smoothing=eps)
        w = None if weight is None else torch.tensor(weight, dtype=torch.float64)
        t = torch.tensor([target])
        mean = F.cross_entropy(z, t, weight=w, label_smoothing=eps).item()
        total = F.cross_entropy(z, t, weight=w, label_smoothing=eps, reduction="sum").item()
        assert rows[0]["value"] == pytest.approx(mean, rel=1e-12)
        assert rows[1]["value"] == pytest.approx(total, rel=1e-12)


def test_large_logits_make_the_clips_visible():
    rows = framework_losses([40.0, 20.0, 0.0], 2)
    torch_mean, torch_sum, keras_logits, keras_probs, sk = (r["value"] for r in rows)
    assert torch_mean == pytest.approx(40.0) and keras_logits == pytest.approx(40.0)
    assert keras_probs == pytest.approx(-math.log(1e-7), rel=1e-6)  # 16.118
    assert sk == pytest.approx(-math.log(np.finfo(float).eps))  # 36.04


def test_weights_enter_each_reduction_differently():
    rows = framework_losses(Z, 2, weight=W)
    torch_mean, torch_sum, keras_logits, _, sk = (r["value"] for r in rows)
    plain = loss_and_gradient(Z, 2).loss
    assert torch_sum == pytest.approx(5.0 * plain)  # w_y times the loss
    assert torch_mean == pytest.approx(plain)  # 'mean' divides by w_y = 5
    assert keras_logits == pytest.approx(5.0 * plain)  # sample weight, divided by N = 1
    assert sk == pytest.approx(plain)  # Σ s·l / Σ s


def test_smoothing_with_weights_separates_torch_from_keras():
    rows = framework_losses(Z, 2, weight=W, label_smoothing=0.3)
    torch_sum, keras_logits = rows[1]["value"], rows[2]["value"]
    assert torch_sum == pytest.approx(explicit_loss(Z, 2, W, 0.3, 1.0))
    assert keras_logits == pytest.approx(5.0 * explicit_loss(Z, 2, None, 0.3, 1.0))
    assert torch_sum != pytest.approx(keras_logits)


def test_soft_target_has_no_scikit_learn_number():
    q = [0.7, 0.2, 0.1]
    rows = framework_losses(Z, q, weight=W)
    assert rows[0]["value"] == pytest.approx(rows[1]["value"])  # 'mean' divides by N = 1
    assert rows[1]["value"] == pytest.approx(explicit_loss(Z, q, W, 0.0, 1.0))
    assert rows[2]["value"] == pytest.approx(1.0 * explicit_loss(Z, q, None, 0.0, 1.0))
    assert rows[4]["value"] is None


def test_zero_weight_of_the_target_gives_nan_like_pytorch():
    rows = framework_losses(Z, 0, weight=[0.0, 1.0, 1.0])
    assert math.isnan(rows[0]["value"]) and rows[1]["value"] == 0.0
    assert math.isnan(rows[4]["value"])


# --- every ValueError, with its message -----------------------------------------------

ERRORS = {
    "NaN logit": (lambda: loss_and_gradient([1.0, math.nan], 0), r"logits has a non-finite"),
    "2-D logits": (lambda: loss_and_gradient([[1.0, 2.0]], 0), r"logits must be one vector"),
    "text logits": (lambda: loss_and_gradient("1, 2", 0), r"logits must be numbers"),
    "class out of range": (
        lambda: loss_and_gradient(Z, 3),
        r"target class 3 is outside \[0, 3\) .* pick a class from 0 to 2",
    ),
    "fractional class": (lambda: loss_and_gradient(Z, 1.5), r"whole class index"),
    "soft target wrong length": (
        lambda: loss_and_gradient(Z, [0.5, 0.5]),
        r"target has 2 probabilities but there are 3 classes",
    ),
    "soft target sum": (
        lambda: loss_and_gradient(Z, [0.5, 0.4, 0.3]),
        r"target sums to 1.2, not 1",
    ),
    "negative soft target": (
        lambda: loss_and_gradient(Z, [1.2, -0.1, -0.1]),
        r"target must be non-negative",
    ),
    "weights count": (
        lambda: loss_and_gradient(Z, 0, weight=[1.0, 2.0]),
        r"weight has 2 values but there are 3 classes",
    ),
    "negative weight": (
        lambda: loss_and_gradient(Z, 0, weight=[1.0, -2.0, 1.0]),
        r"weight must be non-negative, but has -2.0 at index 1",
    ),
    "NaN weight": (
        lambda: loss_and_gradient(Z, 0, weight=[1.0, math.nan, 1.0]),
        r"weight has a non-finite value nan",
    ),
    "eps above 1": (
        lambda: loss_and_gradient(Z, 0, label_smoothing=1.5),
        r"label_smoothing must be <= 1.0",
    ),
    "temperature 0": (
        lambda: loss_and_gradient(Z, 0, temperature=0.0),
        r"temperature must be > 0",
    ),
    "temperature overflow": (
        lambda: loss_and_gradient([1e307, 0.0], 0, temperature=0.01),
        r"logits / temperature overflows float64 .* raise the temperature",
    ),
    "smoothed n_classes": (
        lambda: smoothed_target(0, 0),
        r"n_classes must be a whole number >= 1",
    ),
    "bool target": (lambda: loss_and_gradient(Z, True), r"target must be a class index"),
    "lr 0": (lambda: gradient_descent_step(Z, 0, lr=0.0), r"lr must be > 0"),
    "lr NaN": (lambda: gradient_descent_step(Z, 0, lr=math.nan), r"lr must be a finite"),
    "step overflow": (
        lambda: gradient_descent_step(Z, 0, lr=1e300, weight=[1e300, 1.0, 1.0]),
        r"lr=1e\+300 makes the step overflow float64 .* smaller learning rate",
    ),
    "step beyond limit": (
        lambda: gradient_descent_step(Z, 0, lr=1e6, max_abs_logit=1e3),
        r"lr=1e\+06 moves logit 0 to .*, beyond ±1000; use a smaller learning rate",
    ),
    "path 1-D": (lambda: losses_along_path(Z, 0), r"logit_path must have shape \(S, C\)"),
    "path NaN": (
        lambda: losses_along_path([Z, [0.0, math.nan, 0.0]], 0),
        r"logit_path has a non-finite value nan",
    ),
    "shift NaN": (lambda: shift_invariance(Z, math.nan), r"shift must be a finite number"),
    "shift overflow": (
        lambda: shift_invariance([1e308, 0.0], 1e308),
        r"shift=1e\+308 makes the logits overflow",
    ),
    "naive inf": (lambda: naive_softmax([math.inf, 0.0]), r"logits has a non-finite value inf"),
    "scale 0": (lambda: naive_vs_stable_softmax(Z, scale=0.0), r"scale must be > 0"),
    "scale overflow": (
        lambda: naive_vs_stable_softmax([1e300, 0.0], scale=1e10),
        r"logits × scale overflows float64",
    ),
    "sweep range": (
        lambda: softmax_entropy_by_temperature(Z, t_min=2.0, t_max=1.0),
        r"t_max must be > 2.0",
    ),
    "sweep points": (
        lambda: softmax_entropy_by_temperature(Z, points=1),
        r"points must be a whole number from 2 to 1000",
    ),
    "sweep overflow": (
        lambda: softmax_entropy_by_temperature([1e307, 0.0]),
        r"logits / temperature overflows float64",
    ),
    "frameworks one class": (
        lambda: framework_losses([1.0], 0),
        r"at least 2 classes to compare the frameworks",
    ),
}


@pytest.mark.parametrize("case", list(ERRORS), ids=list(ERRORS))
def test_every_error_names_the_argument(case):
    call, message = ERRORS[case]
    with pytest.raises(xc.InputError, match=message):
        call()
