"""Property tests of xentcore's analytic gradients (hypothesis).

* Each gradient equals central finite differences of its loss (step 1e-6, logits of
  moderate size |z| <= 5). The finite difference ``(f(z+h) - f(z-h)) / 2h`` carries a
  rounding error of a few ulps of ``f`` divided by ``2h``, so the absolute tolerance is
  ``1e-8`` times the size of the loss (at least 1).
* Without class weights each softmax gradient row sums to 0; ignored rows are all-zero.
* ``reduction='mean'`` is the ``'sum'`` gradient over ``Σ_n m_n w_{y_n}`` (N for
  probability targets); an all-ignored batch has an all-zero gradient.
* Logistic regression: ``X.T @ (σ(Xβ) - y) / N`` is ``X.T`` times the BCE-with-logits gradient.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import xentcore

H = 1e-6
FD_RTOL = 1e-6
FD_ATOL = 1e-8
IGNORE = -100
REDUCTIONS = ("none", "mean", "sum")

SETTINGS = settings(max_examples=60, deadline=None)


def _floats(lo, hi):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def central_difference(f, z: np.ndarray, h: float = H) -> np.ndarray:
    """∂f/∂z by central differences, one coordinate at a time."""
    z = np.array(z, dtype=np.float64)
    grad = np.empty_like(z)
    for k in np.ndindex(z.shape):
        zp, zm = z.copy(), z.copy()
        zp[k] += h
        zm[k] -= h
        grad[k] = (f(zp) - f(zm)) / (zp[k] - zm[k])  # the step actually taken
    return grad


def total(loss) -> float:
    """The scalar autograd differentiates: the sum of the losses for reduction='none'."""
    return float(np.sum(loss))


def assert_matches_fd(analytic, f, z) -> None:
    fd = central_difference(f, z)
    scale = max(1.0, abs(f(z)))
    np.testing.assert_allclose(analytic, fd, rtol=FD_RTOL, atol=FD_ATOL * scale)


def assert_softmax_grad_matches_fd(z, target, kw) -> None:
    """softmax_cross_entropy_grad has the logits' shape and matches finite differences."""
    grad = xentcore.softmax_cross_entropy_grad(z, target, **kw)
    assert grad.shape == z.shape
    assert_matches_fd(grad, lambda v: total(xentcore.softmax_cross_entropy(v, target, **kw)), z)


# --------------------------------------------------------------------------- strategies


@st.composite
def class_problems(draw, *, max_abs=5.0, weighted=None, smoothing=None, ignore=True, counted=True):
    """(logits, targets, kwargs) with class-index targets.

    ``counted`` keeps row 0 counted, so the 'mean' denominator is positive.
    """
    n = draw(st.integers(1, 6))
    c = draw(st.integers(1, 6))
    z = draw(arrays(np.float64, (n, c), elements=_floats(-max_abs, max_abs)))
    y = np.array(draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)), dtype=np.int64)
    if ignore:
        drop = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
        if counted:
            drop[0] = False
        y = np.where(drop, IGNORE, y)
    if weighted is None:
        weighted = draw(st.booleans())
    w = draw(arrays(np.float64, (c,), elements=_floats(0.1, 3.0))) if weighted else None
    if smoothing is None:
        smoothing = draw(st.sampled_from([0.0, 0.1, 0.35, 1.0]) | _floats(0.0, 1.0))
    reduction = draw(st.sampled_from(REDUCTIONS))
    kw = {"weight": w, "label_smoothing": smoothing, "reduction": reduction}
    return z, y, kw


@st.composite
def prob_problems(draw, *, max_abs=5.0, weighted=None):
    n = draw(st.integers(1, 6))
    c = draw(st.integers(1, 6))
    z = draw(arrays(np.float64, (n, c), elements=_floats(-max_abs, max_abs)))
    q = draw(arrays(np.float64, (n, c), elements=_floats(0.0, 1.0)))
    if draw(st.booleans()):  # rows summing to 1, as usual (torch does not require it)
        q = q + 1e-3
        q = q / q.sum(axis=1, keepdims=True)
    if weighted is None:
        weighted = draw(st.booleans())
    w = draw(arrays(np.float64, (c,), elements=_floats(0.0, 3.0))) if weighted else None
    smoothing = draw(st.sampled_from([0.0, 0.1, 0.35]) | _floats(0.0, 1.0))
    reduction = draw(st.sampled_from(REDUCTIONS))
    return z, q, {"weight": w, "label_smoothing": smoothing, "reduction": reduction}


@st.composite
def binary_problems(draw):
    n = draw(st.integers(1, 6))
    k = draw(st.integers(1, 4))
    x = draw(arrays(np.float64, (n, k), elements=_floats(-5.0, 5.0)))
    t = draw(arrays(np.float64, (n, k), elements=_floats(0.0, 1.0)))
    if draw(st.booleans()):
        t = np.round(t)
    w_shape = draw(st.sampled_from([None, (n, k), (k,), (n, 1)]))
    w = None if w_shape is None else draw(arrays(np.float64, w_shape, elements=_floats(0, 3)))
    pw = draw(st.none() | arrays(np.float64, (k,), elements=_floats(0.0, 5.0)))
    reduction = draw(st.sampled_from(REDUCTIONS))
    return x, t, {"weight": w, "pos_weight": pw, "reduction": reduction}


# --------------------------------------------------------------------------- finite differences


@SETTINGS
@given(class_problems())
def test_softmax_grad_class_targets_matches_finite_differences(problem):
    assert_softmax_grad_matches_fd(*problem)


@SETTINGS
@given(class_problems(weighted=True, smoothing=0.1))
def test_softmax_grad_weight_smoothing_ignore_matches_finite_differences(problem):
    z, y, kw = problem
    grad = xentcore.softmax_cross_entropy_grad(z, y, **kw)
    assert_matches_fd(grad, lambda v: total(xentcore.softmax_cross_entropy(v, y, **kw)), z)


@SETTINGS
@given(class_problems(ignore=False), st.integers(0, 5))
def test_softmax_grad_custom_ignore_index_matches_finite_differences(problem, ignored):
    z, y, kw = problem
    if not np.any(y != ignored):
        y = y.copy()
        y[0] = (ignored + 1) % z.shape[1] if z.shape[1] > 1 else 0
        if y[0] == ignored:  # a single class can only be ignored
            return
    kw = {**kw, "ignore_index": ignored}
    grad = xentcore.softmax_cross_entropy_grad(z, y, **kw)
    np.testing.assert_array_equal(grad[y == ignored], 0.0)
    assert_matches_fd(grad, lambda v: total(xentcore.softmax_cross_entropy(v, y, **kw)), z)


@SETTINGS
@given(prob_problems())
def test_softmax_grad_probability_targets_matches_finite_differences(problem):
    assert_softmax_grad_matches_fd(*problem)


@SETTINGS
@given(
    arrays(np.float64, st.integers(1, 6), elements=_floats(-5.0, 5.0)),
    st.data(),
)
def test_softmax_grad_unbatched_matches_finite_differences(z, data):
    c = z.shape[0]
    probs = data.draw(st.booleans())
    if probs:
        y = data.draw(arrays(np.float64, (c,), elements=_floats(0.0, 1.0)))
    else:
        y = np.int64(data.draw(st.integers(0, c - 1)))
    kw = {
        "weight": data.draw(st.none() | arrays(np.float64, (c,), elements=_floats(0.1, 3.0))),
        "label_smoothing": data.draw(_floats(0.0, 1.0)),
        "reduction": data.draw(st.sampled_from(REDUCTIONS)),
    }
    grad = xentcore.softmax_cross_entropy_grad(z, y, **kw)
    assert grad.shape == z.shape
    assert_matches_fd(grad, lambda v: total(xentcore.softmax_cross_entropy(v, y, **kw)), z)


@SETTINGS
@given(binary_problems())
def test_bce_with_logits_grad_matches_finite_differences(problem):
    x, t, kw = problem
    grad = xentcore.binary_cross_entropy_with_logits_grad(x, t, **kw)
    assert grad.shape == x.shape
    assert_matches_fd(
        grad, lambda v: total(xentcore.binary_cross_entropy_with_logits(v, t, **kw)), x
    )


# --------------------------------------------------------------------------- structure


@SETTINGS
@given(class_problems(max_abs=50.0, weighted=False, counted=False))
def test_softmax_grad_rows_sum_to_zero_without_weights(problem):
    z, y, kw = problem
    grad = xentcore.softmax_cross_entropy_grad(z, y, **kw)
    ignored = y == IGNORE
    np.testing.assert_array_equal(grad[ignored], 0.0)
    np.testing.assert_allclose(grad[~ignored].sum(axis=1), 0.0, rtol=0, atol=1e-12)


@SETTINGS
@given(prob_problems(max_abs=50.0, weighted=False))
def test_softmax_grad_rows_sum_to_zero_probability_targets(problem):
    z, q, kw = problem
    grad = xentcore.softmax_cross_entropy_grad(z, q, **kw)
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, rtol=0, atol=1e-12)


@SETTINGS
@given(class_problems(max_abs=20.0))
def test_softmax_grad_mean_is_sum_over_target_weights(problem):
    z, y, kw = problem
    w = kw["weight"]
    counted = y != IGNORE
    wy = np.ones(len(y)) if w is None else w[np.where(counted, y, 0)]
    denom = float(np.sum(np.where(counted, wy, 0.0)))
    g_sum = xentcore.softmax_cross_entropy_grad(z, y, **{**kw, "reduction": "sum"})
    g_none = xentcore.softmax_cross_entropy_grad(z, y, **{**kw, "reduction": "none"})
    g_mean = xentcore.softmax_cross_entropy_grad(z, y, **{**kw, "reduction": "mean"})
    np.testing.assert_array_equal(g_none, g_sum)
    expected = g_sum / denom
    atol = 1e-14 * max(1.0, float(np.max(np.abs(expected))))
    np.testing.assert_allclose(g_mean, expected, rtol=1e-12, atol=atol)


@SETTINGS
@given(prob_problems(max_abs=20.0))
def test_softmax_grad_mean_is_sum_over_n_for_probability_targets(problem):
    z, q, kw = problem
    g_sum = xentcore.softmax_cross_entropy_grad(z, q, **{**kw, "reduction": "sum"})
    g_mean = xentcore.softmax_cross_entropy_grad(z, q, **{**kw, "reduction": "mean"})
    expected = g_sum / z.shape[0]
    atol = 1e-14 * max(1.0, float(np.max(np.abs(expected))))
    np.testing.assert_allclose(g_mean, expected, rtol=1e-12, atol=atol)


@SETTINGS
@given(class_problems(max_abs=1000.0, ignore=False), st.sampled_from([IGNORE, 0]))
def test_softmax_grad_all_ignored_is_zero(problem, ignore_index):
    z, y, kw = problem
    y_ignored = np.full_like(y, ignore_index)
    grad = xentcore.softmax_cross_entropy_grad(z, y_ignored, ignore_index=ignore_index, **kw)
    assert grad.shape == z.shape
    np.testing.assert_array_equal(grad, 0.0)
    loss = xentcore.softmax_cross_entropy(z, y_ignored, ignore_index=ignore_index, **kw)
    if kw["reduction"] == "mean":
        assert np.isnan(loss)
    else:
        np.testing.assert_array_equal(loss, 0.0)


# --------------------------------------------------------------------------- logistic regression


@SETTINGS
@given(st.data())
def test_logistic_regression_gradient_identity(data):
    n = data.draw(st.integers(1, 12))
    d = data.draw(st.integers(1, 4))
    X = data.draw(arrays(np.float64, (n, d), elements=_floats(-3.0, 3.0)))
    beta = data.draw(arrays(np.float64, (d,), elements=_floats(-2.0, 2.0)))
    y = np.array(data.draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=n, max_size=n)))
    z = X @ beta
    textbook = X.T @ (1.0 / (1.0 + np.exp(-z)) - y) / n
    via_core = X.T @ xentcore.binary_cross_entropy_with_logits_grad(z, y, reduction="mean")
    np.testing.assert_allclose(via_core, textbook, rtol=1e-10, atol=1e-14)

    def mean_loss(b):
        return xentcore.binary_cross_entropy_with_logits(X @ b, y, reduction="mean")

    assert_matches_fd(via_core, mean_loss, beta)
