"""xentcore.predictions.reductions: each framework's mean against formulas, scikit-learn and
PyTorch (when installed), and one-hot against class-index labels."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sklearn.metrics

import xentcore as xc
import xentcore.training
from xentcore import predictions as P

# --- the frameworks' reductions ---------------------------------------------------


@pytest.mark.parametrize("kind", ["probabilities", "logits"])
def test_reductions_against_formulas_and_sklearn(kind, random_case, keras_rows_reference):
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


def test_without_weights_every_framework_reports_the_plain_mean(random_case):
    _, p, y, _, _ = random_case(n=50, c=3, seed=8)
    r = P.framework_reductions(p, y, kind="probabilities")
    for value in (r.torch_mean, r.torch_none_mean, r.keras, r.sklearn):
        assert value == pytest.approx(r.mean, rel=1e-9)


def test_class_weights_only_pytorch_equals_sklearn_but_not_keras(random_case):
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


def test_smoothing_changes_pytorch_and_keras_not_the_mean_or_sklearn(
    random_case, keras_rows_reference
):
    z, p, y, w, _ = random_case(n=40, c=4, seed=11)
    plain = P.framework_reductions(z, y, kind="logits", class_weight=w)
    smooth = P.framework_reductions(z, y, kind="logits", class_weight=w, label_smoothing=0.1)
    assert smooth.mean == plain.mean and smooth.sklearn == plain.sklearn
    assert smooth.torch_mean != plain.torch_mean and smooth.keras != plain.keras
    keras_rows = keras_rows_reference(p, y, eps=0.1)  # no clipping matters here
    assert smooth.keras == pytest.approx((w[y] * keras_rows).sum() / 40, rel=1e-6)


def test_all_zero_weights_make_the_weighted_means_undefined(random_case):
    _, p, y, _, _ = random_case(n=10, c=3, seed=12)
    r = P.framework_reductions(p, y, kind="probabilities", sample_weight=np.zeros(10))
    assert math.isnan(r.sklearn)
    assert r.keras == 0.0 and r.torch_none_mean == 0.0
    r = P.framework_reductions(p, y, kind="probabilities", class_weight=np.zeros(3))
    assert math.isnan(r.torch_mean)  # torch: 0 / 0


def test_reductions_match_pytorch(random_case):
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
def test_keras_on_two_columns_equals_the_full_keras_call(order, random_case):
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
def test_one_hot_and_index_labels_give_the_same_loss(kind, order, random_case):
    z, p, y, _, _ = random_case(n=70, c=6, order=order, seed=14)
    f = P.label_formats(p if kind == "probabilities" else z, y, kind=kind)
    assert f.categorical == pytest.approx(f.sparse, rel=1e-12)
    assert f.max_difference < 1e-12
    assert f.sparse == pytest.approx(-np.log(p[np.arange(70), y]).mean(), rel=1e-9)
