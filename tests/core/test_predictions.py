"""xentcore.predictions: every number against an independent reference.

PyTorch (when installed), scikit-learn, SciPy and plain NumPy formulas written out here
check the per-sample losses, each framework's reduction with class and sample weights,
calibration, confusion, baselines and the row checks; then every error path.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
import sklearn.metrics
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.utils.class_weight import compute_class_weight

import xentcore as xc
import xentcore.training
from xentcore import predictions as P

RNG = np.random.default_rng(20240607)


def random_case(n=64, c=4, *, order="C", seed=0):
    rng = np.random.default_rng(seed)
    z = rng.normal(0.0, 2.0, size=(n, c))
    p = xc.softmax(z, axis=1)
    y = rng.integers(0, c, size=n)
    w = rng.uniform(0.2, 3.0, size=c)
    s = rng.uniform(0.0, 2.0, size=n)
    return np.asarray(z, order=order), np.asarray(p, order=order), y, w, s


def keras_rows_reference(p, y, eps=0.0, c=None):
    """Keras CategoricalCrossentropy written out: y' = (1-ε)·onehot + ε/C, p/Σp clipped."""
    c = p.shape[1]
    t = np.eye(c)[y] * (1 - eps) + eps / c
    q = np.clip(p / p.sum(axis=1, keepdims=True), 1e-7, 1 - 1e-7)
    return -(t * np.log(q)).sum(axis=1)


# --- the sources' example and the synthetic sets ----------------------------------


def test_source_example_is_0_247_nats_and_sklearn_agrees():
    y, p = P.source_example()
    assert p.shape == (10, 2)
    mean = P.sample_losses(p, y, kind="probabilities").mean()
    assert round(float(mean), 3) == 0.247
    assert mean == pytest.approx(sklearn.metrics.log_loss(y, p[:, 1]), rel=1e-12)
    ev = P.evaluate_predictions(p, y, kind="probabilities")
    assert ev.mean_loss == pytest.approx(0.2469198908044648, rel=1e-12)
    assert ev.accuracy == 1.0


def test_synthetic_sets_are_deterministic_and_differ_as_documented():
    y1, good = P.synthetic_predictions("calibrated")
    y2, bold = P.synthetic_predictions("overconfident")
    y3, again = P.synthetic_predictions("calibrated")
    np.testing.assert_array_equal(y1, y2)
    np.testing.assert_array_equal(y1, y3)
    np.testing.assert_array_equal(good, again)
    assert good.shape == (600, 3)
    np.testing.assert_allclose(good.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_array_equal(good.argmax(1), bold.argmax(1))  # same accuracy
    e_good = P.evaluate_predictions(good, y1, kind="probabilities")
    e_bold = P.evaluate_predictions(bold, y1, kind="probabilities")
    assert e_good.accuracy == e_bold.accuracy == pytest.approx(0.695)
    # Pinned values: the page and its tests quote them.
    assert round(e_good.mean_loss, 4) == 0.7278
    assert round(e_bold.mean_loss, 4) == 1.1038
    assert e_good.calibration.ece < 0.05 < 0.15 < e_bold.calibration.ece
    assert set(np.unique(y1)) == {0, 1, 2}


def test_synthetic_labels_follow_the_calibrated_probabilities():
    y, p = P.synthetic_predictions("calibrated", n_samples=20000, seed=3)
    # Mean predicted probability of each class ≈ its frequency (calibration in the large).
    freq = np.bincount(y, minlength=3) / y.size
    np.testing.assert_allclose(p.mean(axis=0), freq, atol=0.01)


# --- per-sample losses --------------------------------------------------------------


@pytest.mark.parametrize("order", ["C", "F"])
def test_sample_losses_match_the_definition(order):
    z, p, y, _, _ = random_case(order=order)
    expected = -np.log(p[np.arange(len(y)), y])
    np.testing.assert_allclose(P.sample_losses(p, y, kind="probabilities"), expected, rtol=1e-12)
    np.testing.assert_allclose(P.sample_losses(z, y, kind="logits"), expected, rtol=1e-9)


def test_sample_losses_with_smoothing_match_the_formula():
    z, _, y, _, _ = random_case(c=5)
    eps, c = 0.2, 5
    ls = xc.log_softmax(z, axis=1)
    expected = (1 - eps) * -ls[np.arange(len(y)), y] + eps / c * -ls.sum(axis=1)
    got = P.sample_losses(z, y, kind="logits", label_smoothing=eps)
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_a_zero_probability_of_the_true_class_costs_infinity():
    p = np.array([[1.0, 0.0], [0.5, 0.5]])
    losses = P.sample_losses(p, [1, 0], kind="probabilities")
    assert math.isinf(losses[0]) and losses[1] == pytest.approx(math.log(2))
    ev = P.evaluate_predictions(p, [1, 0], kind="probabilities")
    assert ev.n_infinite == 1 and math.isinf(ev.mean_loss)
    assert math.isfinite(ev.reductions.sklearn) and math.isfinite(ev.reductions.keras)
    formats = P.label_formats(p, [1, 0], kind="probabilities")
    assert formats.max_difference == 0.0  # inf == inf: same in both label formats
    assert math.isinf(formats.sparse) and math.isinf(formats.categorical)


# --- the frameworks' reductions ---------------------------------------------------


@pytest.mark.parametrize("kind", ["probabilities", "logits"])
def test_reductions_against_formulas_and_sklearn(kind):
    z, p, y, w, s = random_case(n=80, c=4, seed=5)
    x = p if kind == "probabilities" else z
    r = P.framework_reductions(x, y, kind=kind, class_weight=w, sample_weight=s)
    loss = -np.log(p[np.arange(len(y)), y])
    wy = w[y]
    assert r.mean == pytest.approx(loss.mean(), rel=1e-9)
    assert r.torch_mean == pytest.approx((wy * loss).sum() / wy.sum(), rel=1e-9)
    assert r.torch_none_mean == pytest.approx((wy * loss * s).mean(), rel=1e-9)
    keras_rows = keras_rows_reference(p, y)
    assert r.keras == pytest.approx((s * wy * keras_rows).sum() / len(y), rel=1e-9)
    ref = sklearn.metrics.log_loss(y, p, sample_weight=s * wy, labels=range(4))
    assert r.sklearn == pytest.approx(ref, rel=1e-9)
    assert r.torch_binary is None
    assert r.n == 80
    assert r.class_weight_sum == pytest.approx(wy.sum())
    assert r.weight_sum == pytest.approx((s * wy).sum())


def test_without_weights_every_framework_reports_the_plain_mean():
    _, p, y, _, _ = random_case(n=50, c=3, seed=8)
    r = P.framework_reductions(p, y, kind="probabilities")
    for value in (r.torch_mean, r.torch_none_mean, r.keras, r.sklearn):
        assert value == pytest.approx(r.mean, rel=1e-9)


def test_class_weights_only_pytorch_equals_sklearn_but_not_keras():
    _, p, y, w, _ = random_case(n=50, c=3, seed=9)
    r = P.framework_reductions(p, y, kind="probabilities", class_weight=w)
    assert r.torch_mean == pytest.approx(r.sklearn, rel=1e-9)
    assert r.keras != pytest.approx(r.torch_mean, rel=1e-3)
    # PyTorch's classic confusion: 'none' then .mean() is not 'mean' with class weights.
    assert r.torch_none_mean == pytest.approx(r.keras, rel=1e-9)
    assert r.torch_none_mean != pytest.approx(r.torch_mean, rel=1e-3)


def test_the_docstring_example_numbers():
    r = P.framework_reductions(
        [[0.9, 0.1], [0.4, 0.6]], [0, 1], kind="probabilities", class_weight=[1.0, 3.0]
    )
    loss = [-math.log(0.9), -math.log(0.6)]
    assert r.torch_mean == pytest.approx((loss[0] + 3 * loss[1]) / 4)
    assert r.keras == pytest.approx((loss[0] + 3 * loss[1]) / 2)
    assert r.torch_binary == pytest.approx((loss[0] + 3 * loss[1]) / 2)


def test_binary_reduction_divides_by_n_with_weights():
    y = np.array([1, 0, 1, 1])
    p1 = np.array([0.7, 0.2, 0.9, 0.4])
    p = np.column_stack([1 - p1, p1])
    s = np.array([1.0, 2.0, 0.5, 1.0])
    r = P.framework_reductions(p, y, kind="probabilities", sample_weight=s)
    ref = sklearn.metrics.log_loss(y, p1, sample_weight=s)
    assert r.sklearn == pytest.approx(ref)
    losses = -np.log(np.where(y == 1, p1, 1 - p1))
    assert r.torch_binary == pytest.approx((s * losses).sum() / 4)
    # Logits: softmax over [0, z] is sigmoid(z); the same numbers.
    z = np.log(p1 / (1 - p1))
    rz = P.framework_reductions(
        np.column_stack([np.zeros(4), z]), y, kind="logits", sample_weight=s
    )
    assert rz.torch_binary == pytest.approx(r.torch_binary, rel=1e-12)
    assert rz.mean == pytest.approx(r.mean, rel=1e-12)


def test_smoothing_changes_pytorch_and_keras_not_the_mean_or_sklearn():
    z, p, y, w, _ = random_case(n=40, c=4, seed=11)
    plain = P.framework_reductions(z, y, kind="logits", class_weight=w)
    smooth = P.framework_reductions(z, y, kind="logits", class_weight=w, label_smoothing=0.1)
    assert smooth.mean == plain.mean and smooth.sklearn == plain.sklearn
    assert smooth.torch_mean != plain.torch_mean and smooth.keras != plain.keras
    keras_rows = keras_rows_reference(p, y, eps=0.1)  # no clipping matters here
    assert smooth.keras == pytest.approx((w[y] * keras_rows).sum() / 40, rel=1e-6)


def test_all_zero_weights_make_the_weighted_means_undefined():
    _, p, y, _, _ = random_case(n=10, c=3, seed=12)
    r = P.framework_reductions(p, y, kind="probabilities", sample_weight=np.zeros(10))
    assert math.isnan(r.sklearn)
    assert r.keras == 0.0 and r.torch_none_mean == 0.0
    r = P.framework_reductions(p, y, kind="probabilities", class_weight=np.zeros(3))
    assert math.isnan(r.torch_mean)  # torch: 0 / 0


def test_reductions_match_pytorch():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    z, p, y, w, s = random_case(n=60, c=5, seed=13)
    zt, yt, wt, st_ = (torch.tensor(a) for a in (z, y, w, s))
    for eps in (0.0, 0.15):
        r = P.framework_reductions(
            z, y, kind="logits", class_weight=w, sample_weight=s, label_smoothing=eps
        )
        assert r.torch_mean == pytest.approx(
            F.cross_entropy(zt, yt, weight=wt, label_smoothing=eps).item(), rel=1e-12
        )
        none = F.cross_entropy(zt, yt, weight=wt, label_smoothing=eps, reduction="none")
        assert r.torch_none_mean == pytest.approx((none * st_).mean().item(), rel=1e-12)
    r = P.framework_reductions(p, y, kind="probabilities", class_weight=w)
    ref = F.nll_loss(torch.log(torch.tensor(p)), yt, weight=wt).item()
    assert r.torch_mean == pytest.approx(ref, rel=1e-12)
    # Two classes: F.binary_cross_entropy with per-sample weights, 'mean' over N.
    p1 = p[:, :2] / p[:, :2].sum(axis=1, keepdims=True)
    y2 = y % 2
    r = P.framework_reductions(p1, y2, kind="probabilities", class_weight=w[:2], sample_weight=s)
    ref = F.binary_cross_entropy(
        torch.tensor(p1[:, 1]),
        torch.tensor(y2, dtype=torch.float64),
        weight=torch.tensor(s * w[:2][y2]),
    ).item()
    assert r.torch_binary == pytest.approx(ref, rel=1e-12)


@pytest.mark.parametrize("order", ["C", "F"])
def test_keras_on_two_columns_equals_the_full_keras_call(order):
    _, p, y, _, _ = random_case(n=200, c=6, order=order, seed=31)
    p = np.asarray(p, order=order).copy()
    p[0] = [1.0, 0, 0, 0, 0, 0]  # clipped at 1 - 1e-7 ...
    p[1] = [0.0, 0.5, 0.5, 0, 0, 0]  # ... and at 1e-7
    y[:2] = [0, 0]
    full = xc.keras_categorical_crossentropy(np.eye(6)[y], p)
    np.testing.assert_allclose(P._keras_rows(p, y, "probabilities", 0.0), full, rtol=1e-12)
    assert full[1] == pytest.approx(-math.log(1e-7))


# --- label formats ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["probabilities", "logits"])
@pytest.mark.parametrize("order", ["C", "F"])
def test_one_hot_and_index_labels_give_the_same_loss(kind, order):
    z, p, y, _, _ = random_case(n=70, c=6, order=order, seed=14)
    f = P.label_formats(p if kind == "probabilities" else z, y, kind=kind)
    assert f.categorical == pytest.approx(f.sparse, rel=1e-12)
    assert f.max_difference < 1e-12
    assert f.sparse == pytest.approx(-np.log(p[np.arange(70), y]).mean(), rel=1e-9)


# --- per class, calibration, confusion, baselines -------------------------------


def test_class_summary_matches_a_groupby():
    import pandas as pd

    rng = np.random.default_rng(15)
    y = rng.integers(0, 4, 200)
    pred = rng.integers(0, 4, 200)
    loss = rng.exponential(size=200)
    s = P.class_summary(y, pred, loss, 5)
    frame = pd.DataFrame({"y": y, "ok": y == pred, "loss": loss}).groupby("y")
    np.testing.assert_array_equal(s.count[:4], frame.size().to_numpy())
    np.testing.assert_allclose(s.mean_loss[:4], frame["loss"].mean().to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(s.accuracy[:4], frame["ok"].mean().to_numpy(), rtol=1e-12)
    assert s.count[4] == 0 and math.isnan(s.mean_loss[4]) and math.isnan(s.accuracy[4])


def test_calibration_against_a_loop():
    rng = np.random.default_rng(16)
    conf = rng.uniform(0, 1, 500)
    conf[:3] = [0.0, 1.0, 0.5]
    correct = rng.random(500) < conf
    cal = P.calibration(conf, correct, n_bins=7)
    ece = 0.0
    for b in range(7):
        lo, hi = b / 7, (b + 1) / 7
        inside = (conf >= lo) & ((conf < hi) if b < 6 else (conf <= hi))
        assert cal.count[b] == inside.sum()
        if inside.any():
            assert cal.confidence[b] == pytest.approx(conf[inside].mean())
            assert cal.accuracy[b] == pytest.approx(correct[inside].mean())
            ece += inside.mean() * abs(correct[inside].mean() - conf[inside].mean())
    assert cal.ece == pytest.approx(ece, rel=1e-12)
    np.testing.assert_allclose(cal.edges, np.linspace(0, 1, 8))


def test_a_calibrated_model_has_a_small_ece():
    rng = np.random.default_rng(17)
    conf = rng.uniform(0.5, 1, 100_000)
    cal = P.calibration(conf, rng.random(100_000) < conf, n_bins=10)
    assert cal.ece < 0.01


def test_confusion_matrix_matches_sklearn():
    rng = np.random.default_rng(18)
    y, pred = rng.integers(0, 5, 300), rng.integers(0, 5, 300)
    np.testing.assert_array_equal(
        P.confusion_matrix(y, pred, 5), sklearn.metrics.confusion_matrix(y, pred, labels=range(5))
    )


def test_most_confused_lists_off_diagonal_cells():
    m = np.array([[9, 3, 1], [4, 8, 0], [0, 3, 7]])
    assert P.most_confused(m, k=3) == [(1, 0, 4), (0, 1, 3), (2, 1, 3)]
    assert P.most_confused(np.eye(3, dtype=int)) == []


def test_baselines_are_ln_c_and_the_entropy_of_the_frequencies():
    y = np.array([0, 0, 0, 1, 2, 2])
    b = P.baselines(y, 4)
    assert b.uniform == pytest.approx(math.log(4), rel=1e-12)
    assert b.base_rate == pytest.approx(scipy.stats.entropy([3, 1, 2, 0]), rel=1e-12)
    np.testing.assert_allclose(b.frequencies, [0.5, 1 / 6, 1 / 3, 0])
    # Predicting the frequencies on every row really costs their entropy.
    freq_rows = np.tile(b.frequencies, (6, 1))
    assert P.sample_losses(freq_rows, y, kind="probabilities").mean() == pytest.approx(b.base_rate)


def test_uniform_logits_cost_ln_c():
    ev = P.evaluate_predictions(np.zeros((5, 10)), [0, 3, 9, 2, 2], kind="logits")
    assert ev.mean_loss == pytest.approx(math.log(10))
    assert P.perplexity(ev.mean_loss) == pytest.approx(10.0)


def test_balanced_weights_match_sklearn():
    y = np.array([0, 0, 0, 1, 2, 2, 2, 2])
    ref = compute_class_weight("balanced", classes=np.arange(3), y=y)
    np.testing.assert_allclose(xentcore.training.balanced_class_weights(y, 3), ref)
    assert xentcore.training.balanced_class_weights(y, 4)[3] == 1.0  # absent class: neutral weight


# --- rows, units, histogram, worst ----------------------------------------------


def test_row_sums_reports_count_and_worst_row():
    p = np.array([[0.5, 0.5], [0.5, 0.5 + 1e-12], [0.2, 0.7], [0.6, 0.5]])
    r = P.row_sums(p)
    assert (r.n_off, r.worst_row, r.tolerance) == (2, 2, 1e-9)
    assert r.worst_sum == pytest.approx(0.9)
    assert P.row_sums(p, tolerance=0.2).n_off == 0


def test_renormalize_rows():
    out = P.renormalize_rows([[1.0, 3.0], [0.2, 0.2]])
    np.testing.assert_allclose(out, [[0.25, 0.75], [0.5, 0.5]])
    assert P.row_sums(out).n_off == 0


def test_units_and_perplexity_agree_across_bases():
    h = 0.8
    assert P.in_unit(h, 2) == pytest.approx(h / math.log(2))
    assert P.in_unit(h, None) == h
    np.testing.assert_allclose(P.in_unit(np.array([h, 2 * h]), 10), [h, 2 * h] / np.log(10))
    assert P.perplexity(P.in_unit(h, 2), base=2) == pytest.approx(math.exp(h))
    assert P.perplexity(math.inf) == math.inf


def test_loss_histogram_matches_numpy_and_counts_infinities():
    loss = np.array([0.0, 0.1, 0.5, 0.5, 2.0, np.inf, np.inf])
    h = P.loss_histogram(loss, n_bins=4)
    counts, edges = np.histogram(loss[:5], bins=4, range=(0, 2.0))
    np.testing.assert_array_equal(h.counts, counts)
    np.testing.assert_allclose(h.edges, edges)
    assert h.n_infinite == 2
    assert P.loss_histogram([np.inf]).counts.sum() == 0
    assert P.loss_histogram([0.0, 0.0]).counts.sum() == 2


def test_worst_samples_order_and_ties():
    loss = np.array([0.3, 2.0, 0.1, 2.0, np.inf, 1.0])
    assert P.worst_samples(loss, 4).tolist() == [4, 1, 3, 5]
    assert P.worst_samples(loss, 100).tolist() == [4, 1, 3, 5, 0, 2]


# --- evaluate_predictions as a whole ---------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 40),
    c=st.integers(2, 7),
    seed=st.integers(0, 10_000),
    order=st.sampled_from("CF"),
    kind=st.sampled_from(["probabilities", "logits"]),
)
def test_evaluation_parts_agree_with_each_other(n, c, seed, order, kind):
    z, p, y, w, s = random_case(n=n, c=c, order=order, seed=seed)
    x = p if kind == "probabilities" else z
    ev = P.evaluate_predictions(x, y, kind=kind, class_weight=w, sample_weight=s, n_bins=5)
    probs = np.asarray(p)
    np.testing.assert_allclose(ev.p_true, probs[np.arange(n), y], rtol=1e-9)
    np.testing.assert_array_equal(ev.predicted, probs.argmax(axis=1))
    np.testing.assert_allclose(ev.confidence, probs.max(axis=1), rtol=1e-9)
    np.testing.assert_allclose(ev.losses, -np.log(probs[np.arange(n), y]), rtol=1e-9)
    assert ev.mean_loss == pytest.approx(ev.losses.mean(), rel=1e-12)
    assert ev.accuracy == pytest.approx((ev.predicted == y).mean())
    assert ev.confusion.sum() == n and np.trace(ev.confusion) == (ev.predicted == y).sum()
    assert ev.classes.count.sum() == n and ev.calibration.count.sum() == n
    assert ev.histogram.counts.sum() + ev.histogram.n_infinite == n
    assert P.label_formats(x, y, kind=kind).max_difference < 1e-9
    assert ev.baselines.base_rate <= ev.baselines.uniform + 1e-12
    assert ev.losses[ev.worst[0]] == ev.losses.max()


def test_memory_order_does_not_change_any_number():
    z, p, y, w, s = random_case(n=300, c=6, seed=21)
    a = P.evaluate_predictions(np.ascontiguousarray(p), y, kind="probabilities", class_weight=w)
    b = P.evaluate_predictions(np.asfortranarray(p), y, kind="probabilities", class_weight=w)
    assert a.reductions == b.reductions
    np.testing.assert_array_equal(a.predicted, b.predicted)
    np.testing.assert_array_equal(a.confusion, b.confusion)


# --- every error path -----------------------------------------------------------

GOOD_P = [[0.2, 0.8], [0.6, 0.4]]
ERRORS = {
    "unknown kind": (
        lambda: P.sample_losses(GOOD_P, [0, 1], kind="odds"),
        r"kind must be 'probabilities' or 'logits', got 'odds'",
    ),
    "1-D scores": (
        lambda: P.sample_losses([0.2, 0.8], [1], kind="probabilities"),
        r"scores must have shape \(N, C\)",
    ),
    "one class": (
        lambda: P.sample_losses([[1.0], [1.0]], [0, 0], kind="probabilities"),
        r"scores has 1 class column\(s\); give at least 2",
    ),
    "negative probability": (
        lambda: P.sample_losses([[-0.2, 1.2]], [0], kind="probabilities"),
        r"scores must be probabilities in \[0, 1\], but has -0.2 at index \(0, 0\)",
    ),
    "row sum": (
        lambda: P.sample_losses([[0.2, 0.7]], [0], kind="probabilities"),
        r"scores row at index 0 sums to 0.9, not 1",
    ),
    "nan logit": (
        lambda: P.sample_losses([[np.nan, 1.0]], [0], kind="logits"),
        r"scores has a non-finite value nan",
    ),
    "label out of range": (
        lambda: P.sample_losses(GOOD_P, [0, 2], kind="probabilities"),
        r"labels has class index 2 at row 1, outside \[0, 2\)",
    ),
    "label count": (
        lambda: P.sample_losses(GOOD_P, [0], kind="probabilities"),
        r"labels has 1 class indices but there are 2 rows",
    ),
    "fractional label": (
        lambda: P.sample_losses(GOOD_P, [0, 0.5], kind="probabilities"),
        r"labels must be integer class indices, but has 0.5 at index 1",
    ),
    "2-D labels": (
        lambda: P.sample_losses(GOOD_P, [[0, 1]], kind="probabilities"),
        r"labels must be a 1-D array",
    ),
    "smoothing with probabilities": (
        lambda: P.sample_losses(GOOD_P, [0, 1], kind="probabilities", label_smoothing=0.1),
        r"label_smoothing=0.1 needs logits",
    ),
    "smoothing above 1": (
        lambda: P.sample_losses(GOOD_P, [0, 1], kind="logits", label_smoothing=1.5),
        r"label_smoothing must be <= 1.0",
    ),
    "class weight shape": (
        lambda: P.framework_reductions(GOOD_P, [0, 1], kind="probabilities", class_weight=[1]),
        r"class_weight must hold one weight per class, shape \(2,\)",
    ),
    "negative class weight": (
        lambda: P.framework_reductions(GOOD_P, [0, 1], kind="probabilities", class_weight=[1, -1]),
        r"class_weight must be non-negative, but has -1.0 at index 1",
    ),
    "sample weight shape": (
        lambda: P.framework_reductions(GOOD_P, [0, 1], kind="probabilities", sample_weight=[1]),
        r"sample_weight must have shape \(2,\), one per row",
    ),
    "infinite sample weight": (
        lambda: P.framework_reductions(
            GOOD_P, [0, 1], kind="probabilities", sample_weight=[1, np.inf]
        ),
        r"sample_weight has a non-finite value inf at index 1",
    ),
    "unknown synthetic model": (
        lambda: P.synthetic_predictions("lucky"),
        r"model must be 'calibrated' or 'overconfident'",
    ),
    "synthetic classes": (
        lambda: P.synthetic_predictions(n_classes=1),
        r"n_classes must be a whole number >= 2",
    ),
    "synthetic sharpness": (
        lambda: P.synthetic_predictions(sharpness=0),
        r"sharpness must be > 0.0",
    ),
    "confidence outside [0, 1]": (
        lambda: P.calibration([1.2], [True]),
        r"confidence must be probabilities in \[0, 1\], but has 1.2",
    ),
    "calibration shapes": (
        lambda: P.calibration([0.5, 0.5], [True]),
        r"correct must have the shape of confidence",
    ),
    "calibration bins": (lambda: P.calibration([0.5], [True], n_bins=0), r"n_bins must be"),
    "too many bins": (lambda: P.calibration([0.5], [True], n_bins=5000), r"at most 1000"),
    "class summary losses": (
        lambda: P.class_summary([0, 1], [0, 1], [0.1], 2),
        r"losses must have shape \(2,\), one per label",
    ),
    "NaN loss": (
        lambda: P.class_summary([0], [0], [np.nan], 2),
        r"losses has a non-finite value nan",
    ),
    "predicted out of range": (
        lambda: P.confusion_matrix([0, 1], [0, 3], 2),
        r"predicted has class index 3 at row 1",
    ),
    "non-square matrix": (
        lambda: P.most_confused([[1, 2, 3]]),
        r"matrix must be square \(C, C\)",
    ),
    "empty labels for baselines": (lambda: P.baselines([], 2), r"labels is empty"),
    "row sums of a vector": (lambda: P.row_sums([0.5, 0.5]), r"probabilities must have shape"),
    "row sums NaN": (
        lambda: P.row_sums([[np.nan, 1.0]]),
        r"probabilities has a non-finite value nan",
    ),
    "row of zeros": (
        lambda: P.renormalize_rows([[0.5, 0.5], [0.0, 0.0]]),
        r"probabilities row 1 is all zeros \(1 such rows\)",
    ),
    "negative to renormalise": (
        lambda: P.renormalize_rows([[-0.5, 0.5]]),
        r"probabilities must be non-negative",
    ),
    "bad base": (lambda: P.in_unit(1.0, 1), r"base must be a number > 0 other than 1"),
    "negative perplexity": (lambda: P.perplexity(-1.0), r"mean_loss must be >= 0"),
    "text perplexity": (lambda: P.perplexity("x"), r"mean_loss must be a number"),
    "NaN worst": (lambda: P.worst_samples([0.1, np.nan]), r"losses has a NaN at index 1"),
    "worst k": (lambda: P.worst_samples([0.1], k=0), r"k must be a whole number >= 1"),
    "histogram negative": (
        lambda: P.loss_histogram([-1.0]),
        r"losses must be non-negative, but has -1.0",
    ),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_every_error_names_the_argument(case):
    fn, message = ERRORS[case]
    with pytest.raises(xc.InputError, match=message):
        fn()
