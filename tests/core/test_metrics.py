"""log_loss against scikit-learn, including its clipping and label handling."""

import warnings

import numpy as np
import pytest
from sklearn import metrics

import xentcore as xc


def sk_log_loss(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rows not summing to 1 only warn there
        return metrics.log_loss(*args, **kwargs)


@pytest.mark.parametrize("k", [2, 3, 10])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("normalize", [True, False])
def test_random_multiclass(k, weighted, normalize):
    rng = np.random.default_rng(k)
    n = 200
    p = rng.random((n, k)) ** 3
    p[rng.random((n, k)) < 0.05] = 0.0
    p[:, 0] += 1e-3
    p /= p.sum(1, keepdims=True)
    y = rng.integers(0, k, n)
    y[:k] = np.arange(k)
    sw = rng.random(n) if weighted else None
    ours = xc.log_loss(y, p, normalize=normalize, sample_weight=sw)
    ref = sk_log_loss(y, p, normalize=normalize, sample_weight=sw)
    assert ours == pytest.approx(ref, rel=1e-12)


def test_binary_1d_probabilities_and_string_labels():
    y = ["spam", "ham", "ham", "spam"]
    p = [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]
    assert xc.log_loss(y, p) == pytest.approx(sk_log_loss(y, p), rel=1e-14)
    p1 = [0.9, 0.1, 0.2, 0.65]
    assert xc.log_loss(y, p1) == pytest.approx(sk_log_loss(y, p1), rel=1e-14)
    assert xc.log_loss(y, p1) == pytest.approx(0.21616187468057912, rel=1e-12)


def test_clipping_at_machine_epsilon():
    assert xc.log_loss([0, 1, 1], [0.0, 1.0, 0.0]) == pytest.approx(12.014551129705717, rel=1e-14)
    assert xc.log_loss([0, 1], [[0.0, 1.0], [1.0, 0.0]], normalize=False) == pytest.approx(
        -2 * np.log(np.finfo(float).eps), rel=1e-14
    )


def test_labels_argument_adds_absent_classes():
    y = [0, 2, 2]
    p = [[0.5, 0.25, 0.25], [0.1, 0.1, 0.8], [0.2, 0.2, 0.6]]
    ref = sk_log_loss(y, p, labels=[0, 1, 2])
    assert xc.log_loss(y, p, labels=[0, 1, 2]) == pytest.approx(ref, rel=1e-14)
    with pytest.raises(ValueError, match="3 columns but there are 2 classes"):
        xc.log_loss(y, p)


def test_rows_not_summing_to_one_are_not_renormalised():
    y, p = [0, 1], [[0.5, 0.7], [0.2, 0.3]]
    assert xc.log_loss(y, p) == pytest.approx(sk_log_loss(y, p), rel=1e-14)


def test_equals_softmax_cross_entropy_on_logits():
    rng = np.random.default_rng(0)
    z = rng.standard_normal((30, 4))
    y = np.arange(30) % 4
    assert xc.log_loss(y, xc.softmax(z)) == pytest.approx(xc.softmax_cross_entropy(z, y), rel=1e-12)
