"""What the peers' test suites cover and xentcore now does too (issue 12).

* ``logsumexp(..., keepdims=, b=, return_sign=)`` and ``axis=None`` as SciPy, with its
  accuracy for terms far below the largest and its -inf for an empty sum;
* ``keras_reduce`` broadcasting scalar and (N, 1) sample weights as Keras does;
* scikit-learn's warnings (rows not summing to 1, unsorted ``labels``) passed on;
* float32 kept where the framework keeps it: ``log_loss`` clips at the dtype's epsilon,
  the Keras functions compute in float32 (their clip bounds round);
* integer and list inputs behave as float64 arrays, and empty inputs one way everywhere.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import special
from sklearn.metrics import log_loss as sk_log_loss

import xentcore as xc

# --------------------------------------------------------------------------- logsumexp

RNG = np.random.default_rng(1212)
A = RNG.standard_normal((3, 4, 5)) * 30


@pytest.mark.parametrize("axis", [-1, 0, 1, (0, 2), (0, 1, 2), None])
@pytest.mark.parametrize("keepdims", [False, True])
def test_logsumexp_axes_and_keepdims_match_scipy(axis, keepdims):
    ours = xc.logsumexp(A, axis=axis, keepdims=keepdims)
    ref = special.logsumexp(A, axis=axis, keepdims=keepdims)
    assert np.shape(ours) == np.shape(ref)
    np.testing.assert_allclose(ours, ref, rtol=1e-14)


@pytest.mark.parametrize(
    "b",
    [
        RNG.uniform(0.1, 3.0, size=(3, 4, 5)),  # positive, same shape
        RNG.uniform(-1.0, 1.0, size=(3, 4, 5)),  # either sign: some sums are negative
        np.array([2.0, 0.0, -1.0, 0.5, 1.0]),  # broadcast along the last axis
        np.array([[0.0], [1.0], [-3.0], [0.0]]),  # broadcast (4, 1), zeros drop terms
        0.5,
    ],
    ids=["positive", "signed", "broadcast-row", "broadcast-column", "scalar"],
)
@pytest.mark.parametrize("axis", [-1, 1, None])
def test_logsumexp_with_weights_and_sign_matches_scipy(b, axis):
    value, sign = xc.logsumexp(A, axis=axis, b=b, return_sign=True)
    ref_value, ref_sign = special.logsumexp(A, axis=axis, b=b, return_sign=True)
    np.testing.assert_array_equal(sign, ref_sign)
    np.testing.assert_allclose(value, ref_value, rtol=1e-12)
    plain = xc.logsumexp(A, axis=axis, b=b)
    np.testing.assert_allclose(plain, special.logsumexp(A, axis=axis, b=b), rtol=1e-12)
    assert np.all(np.isnan(plain[np.asarray(sign) < 0]))  # log of a negative sum


def test_logsumexp_special_sums_match_scipy():
    for x, b in (
        ([0.0, -40.0], None),  # 4.25e-18: the small term is kept (log1p)
        ([0.0, -745.0], None),
        ([1e308, 1e308], None),
        ([1.0, 1.0], [1.0, -1.0]),  # cancels to 0: -inf, sign 0
        ([1.0, 2.0], [0.0, 0.0]),  # no term at all
        ([3.0], [-2.0]),
        ([5.0, 5.0 + 1e-12], [1.0, -1.0]),
    ):
        ours = xc.logsumexp(x, b=b, return_sign=True)
        ref = special.logsumexp(x, b=b, return_sign=True)
        assert ours[1] == ref[1], (x, b)
        assert ours[0] == pytest.approx(ref[0], rel=1e-9, abs=0), (x, b)
    assert xc.logsumexp(5.0) == 5.0


def test_logsumexp_of_nothing_is_minus_infinity():
    assert xc.logsumexp([]) == -np.inf == special.logsumexp([])
    assert xc.logsumexp(np.zeros((2, 0)), axis=1).tolist() == [-np.inf, -np.inf]
    assert xc.logsumexp(np.zeros((0, 3)), axis=1).shape == (0,)
    assert xc.logsumexp(np.zeros((2, 0)), axis=1, return_sign=True)[1].tolist() == [0.0, 0.0]


def test_logsumexp_refuses_what_it_cannot_sum():
    with pytest.raises(xc.InputError, match=r"b of shape \(3,\) does not broadcast"):
        xc.logsumexp([1.0, 2.0], b=[1.0, 2.0, 3.0])
    with pytest.raises(xc.InputError, match=r"b has a non-finite value"):
        xc.logsumexp([1.0, 2.0], b=[1.0, np.inf])
    with pytest.raises(xc.InputError, match=r"names an axis more than once"):
        xc.logsumexp(A, axis=(0, -3))


# --------------------------------------------------------------------------- keras_reduce

LOSSES = np.array([1.0, 3.0, 2.0, 6.0])


def test_keras_reduce_broadcasts_a_scalar_weight():
    # Keras: values * sample_weight broadcasts; the divisor of 'mean_with_sample_weight'
    # is the sum of the sample_weight it was given, here the one scalar.
    assert xc.keras_reduce(LOSSES, sample_weight=2.0) == 2.0 * 12.0 / 4
    assert xc.keras_reduce(LOSSES, sample_weight=2.0, reduction="sum") == 24.0
    assert xc.keras_reduce(LOSSES, sample_weight=2.0, reduction="mean_with_sample_weight") == 12.0
    np.testing.assert_array_equal(
        xc.keras_reduce(LOSSES, sample_weight=2.0, reduction="none"), 2.0 * LOSSES
    )


def test_keras_reduce_expands_losses_to_an_n_by_1_weight():
    w = np.array([[0.5], [0.0], [2.0], [1.0]])
    flat = w.ravel()
    for reduction in ("sum_over_batch_size", "sum", "mean_with_sample_weight"):
        assert xc.keras_reduce(LOSSES, sample_weight=w, reduction=reduction) == (
            xc.keras_reduce(LOSSES, sample_weight=flat, reduction=reduction)
        )
    none = xc.keras_reduce(LOSSES, sample_weight=w, reduction="none")
    assert none.shape == (4, 1)  # Keras expands the (N,) losses to (N, 1)
    np.testing.assert_array_equal(none.ravel(), LOSSES * flat)
    # ...and squeezes an (N, 1) loss to meet (N,) weights of higher rank the other way.
    assert xc.keras_reduce(LOSSES[:, None], sample_weight=flat) == (
        xc.keras_reduce(LOSSES, sample_weight=flat)
    )


def test_keras_reduce_with_a_mask_and_a_scalar_weight():
    mask = np.array([True, False, True, True])
    ours = xc.keras_reduce(LOSSES, sample_weight=3.0, mask=mask)
    assert ours == pytest.approx(3.0 * (1.0 + 2.0 + 6.0) / 3)


def test_keras_reduce_still_refuses_other_shapes():
    with pytest.raises(xc.InputError, match=r"losses has shape \(4,\) but sample_weight"):
        xc.keras_reduce(LOSSES, sample_weight=np.ones((4, 2)))


# --------------------------------------------------------------------------- scikit-learn


def _messages(call) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    return [str(w.message) for w in caught if issubclass(w.category, UserWarning)]


def test_log_loss_passes_on_the_rows_not_summing_to_one_warning():
    y, p = [0, 1], [[0.5, 0.7], [0.2, 0.3]]
    ours = _messages(lambda: xc.log_loss(y, p))
    assert ours == _messages(lambda: sk_log_loss(y, p))
    assert ours == ["The y_prob values do not sum to one. Make sure to pass probabilities."]
    assert _messages(lambda: xc.log_loss(y, [[0.5, 0.5], [0.2, 0.8]])) == []
    # float32 tolerates sqrt(eps32) ≈ 3.5e-4, as scikit-learn
    p32 = np.array([[0.5, 0.5001], [0.2, 0.8]], dtype=np.float32)
    assert _messages(lambda: xc.log_loss(y, p32)) == _messages(lambda: sk_log_loss(y, p32)) == []


def test_log_loss_passes_on_the_unsorted_labels_warning():
    y, p = ["b", "a"], [[0.5, 0.5], [0.2, 0.8]]
    ours = _messages(lambda: xc.log_loss(y, p, labels=["b", "a"]))
    assert ours == _messages(lambda: sk_log_loss(y, p, labels=["b", "a"]))
    assert ours and ours[0].startswith("Labels passed were ['b', 'a']. But this function assumes")
    assert _messages(lambda: xc.log_loss(y, p, labels=["a", "b"])) == []


# --------------------------------------------------------------------------- float32


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_log_loss_computes_in_the_dtype_of_the_probabilities(dtype):
    rng = np.random.default_rng(3)
    p = rng.dirichlet(np.ones(4), size=50)
    p[:5] = np.eye(4)[[1, 2, 3, 0, 1]]  # exact zeros where the labels are: the clip decides
    p = p.astype(dtype)
    y = rng.integers(0, 4, size=50)
    y[:5] = 0
    ours = xc.log_loss(y, p, labels=[0, 1, 2, 3])
    ref = sk_log_loss(y, p, labels=[0, 1, 2, 3])
    assert ours == pytest.approx(ref, rel=10 * float(np.finfo(dtype).eps))
    with warnings.catch_warnings():  # float32 rows miss 1 by more than float64 tolerates
        warnings.simplefilter("ignore", UserWarning)
        as64 = xc.log_loss(y, p.astype(np.float64), labels=[0, 1, 2, 3])
    assert abs(ours - as64) > 1.0  # the clip: -log(eps) is 15.9 (float32), 36.0 (float64)
    eps = float(np.finfo(dtype).eps)
    assert xc.log_loss([0, 1], np.array([0.0, 0.0], dtype=dtype)) == pytest.approx(
        -np.log(eps) / 2, rel=10 * eps
    )


def test_keras_float32_rounds_its_clip_bounds():
    """As Keras' TensorFlow backend: clip_by_value(p, 1e-7, 1 - 1e-7) casts the Python
    bounds to the tensor's dtype, so in float32 they are 1.0000000117e-7 and
    1 - 2**-23 ≈ 0.99999988 (1 - 1e-7 has no float32). Not run against Keras (not
    installed): these follow keras/src/backend/tensorflow/nn.py and the float32 format.
    """
    lo, hi = np.float32(1e-7), np.float32(1.0 - 1e-7)
    assert hi == np.float32(1 - 2**-23)
    one, zero = np.float32([[1.0, 0.0]]), np.float32([[0.0, 1.0]])
    # a certain, correct prediction: -log(1 - 2**-23) = 1.19e-7 in float32, 1.0e-7 in float64
    cat32 = xc.keras_categorical_crossentropy([[1.0, 0.0]], one)
    assert cat32.dtype == np.float32
    assert cat32[0] == np.float32(-np.log(np.float64(hi)))
    assert xc.keras_categorical_crossentropy([[1.0, 0.0]], [[1.0, 0.0]])[0] == pytest.approx(
        1.00000005e-7, rel=1e-8, abs=0
    )
    # a certain, wrong one: -log(1e-7) in float32's 1e-7
    wrong32 = xc.keras_categorical_crossentropy([[1.0, 0.0]], zero)[0]
    assert wrong32 == np.float32(-np.log(np.float64(lo)))
    # binary: 1 - p after the clip is 2**-23, so p = 1 with target 0 costs 15.94, not 16.12
    bce32 = xc.keras_binary_crossentropy(np.float32([0.0]), np.float32([1.0]))
    assert bce32 == np.float32(-np.log(2.0**-23))
    assert xc.keras_binary_crossentropy([0.0], [1.0]) == pytest.approx(16.1180956, rel=1e-8)


def test_keras_float32_from_logits_and_sparse_stay_float32():
    z = np.float32([[40.0, 20.0, 0.0]])
    lse32 = xc.keras_categorical_crossentropy([[1.0, 0.0, 0.0]], z, from_logits=True)
    assert lse32.dtype == np.float32 and lse32[0] == 0.0  # 1 + 2e-9 rounds to 1 in float32
    lse64 = xc.keras_categorical_crossentropy([[1.0, 0.0, 0.0]], z.astype(float), from_logits=True)
    assert lse64[0] == pytest.approx(2.061153622e-9, rel=1e-7, abs=0)
    sparse = xc.keras_sparse_categorical_crossentropy([0], z, from_logits=True)
    assert sparse.dtype == np.float32
    losses = xc.keras_reduce(lse32, sample_weight=[2.0])
    assert isinstance(losses, float)


def test_pytorch_semantics_losses_compute_in_float64_whatever_the_input():
    z = np.float32([[40.0, 20.0, 0.0]])
    assert xc.softmax_cross_entropy(z, [0]) == pytest.approx(2.061153622e-9, rel=1e-7, abs=0)
    assert xc.softmax(z).dtype == np.float64


# --------------------------------------------------------------------------- ints, lists, []

Z = [[2, 1, 0], [0, -1, 3]]

AS_FLOAT64 = {
    "entropy": (lambda a: xc.entropy(a), [[1, 0], [0, 1]]),
    "kl_divergence": (lambda a: xc.kl_divergence(a, [[0.5, 0.5]] * 2), [[1, 0], [0, 1]]),
    "normalize": (lambda a: xc.normalize(a), [3, 1]),
    "softmax": (lambda a: xc.softmax(a), Z),
    "log_softmax": (lambda a: xc.log_softmax(a, axis=0), Z),
    "logsumexp": (lambda a: xc.logsumexp(a, b=[1, 2, -1], return_sign=True), Z),
    "sigmoid": (lambda a: xc.sigmoid(a), Z),
    "log_sigmoid": (lambda a: xc.log_sigmoid(a), Z),
    "cross-entropy logits": (lambda a: xc.softmax_cross_entropy(a, [0, 2]), Z),
    "cross-entropy weight": (lambda a: xc.softmax_cross_entropy(Z, [0, 2], weight=a), [1, 2, 3]),
    "grad": (lambda a: xc.softmax_cross_entropy_grad(a, [0, 2]), Z),
    "nll_loss": (lambda a: xc.nll_loss(a, [0, 2], reduction="none"), [[-1, -2, -3], [0, -5, -1]]),
    "bce": (lambda a: xc.binary_cross_entropy(a, [1, 0]), [1, 0]),
    "bce logits": (lambda a: xc.binary_cross_entropy_with_logits(a, [1, 0]), [3, -2]),
    "focal": (lambda a: xc.sigmoid_focal_loss(a, [1, 0]), [3, -2]),
    "log_loss": (lambda a: xc.log_loss([0, 1], a), [[1, 0], [0, 1]]),
    "keras": (lambda a: xc.keras_categorical_crossentropy([[1, 0, 0]] * 2, a, from_logits=True), Z),
    "keras_reduce": (lambda a: xc.keras_reduce(a, sample_weight=2), [1, 2, 3]),
}


@pytest.mark.parametrize("case", list(AS_FLOAT64))
def test_integer_and_list_inputs_behave_as_float64_arrays(case):
    call, value = AS_FLOAT64[case]
    expected = call(np.asarray(value, dtype=np.float64))
    for form in (
        value,
        np.asarray(value),
        tuple(map(tuple, value)) if np.ndim(value) == 2 else value,
    ):
        got = call(form)
        np.testing.assert_array_equal(
            np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
        )
        assert np.asarray(got).dtype.kind == "f" and np.asarray(got).dtype.itemsize == 8


EMPTY_REFUSED = {
    "entropy": (lambda: xc.entropy([]), "p"),
    "cross_entropy": (lambda: xc.cross_entropy([], []), "p"),
    "kl_divergence": (lambda: xc.kl_divergence([], []), "p"),
    "js_divergence": (lambda: xc.js_divergence([], []), "p"),
    "normalize": (lambda: xc.normalize([]), "x"),
    "softmax": (lambda: xc.softmax([]), "z"),
    "log_softmax": (lambda: xc.log_softmax(np.zeros((0, 3)), axis=0), "z"),
    "sigmoid": (lambda: xc.sigmoid([]), "x"),
    "log_sigmoid": (lambda: xc.log_sigmoid([]), "x"),
    "cross-entropy": (lambda: xc.softmax_cross_entropy(np.zeros((0, 3)), []), "logits"),
    "cross-entropy spatial": (
        lambda: xc.softmax_cross_entropy(np.zeros((2, 3, 0)), np.zeros((2, 0), int)),
        "logits",
    ),
    "grad": (lambda: xc.softmax_cross_entropy_grad(np.zeros((0, 3)), []), "logits"),
    "nll_loss": (lambda: xc.nll_loss(np.zeros((0, 3)), []), "log_probs"),
    "bce": (lambda: xc.binary_cross_entropy([], []), "probs"),
    "bce logits": (lambda: xc.binary_cross_entropy_with_logits([], []), "logits"),
    "focal": (lambda: xc.sigmoid_focal_loss([], []), "logits"),
    "keras": (
        lambda: xc.keras_categorical_crossentropy(np.zeros((0, 2)), np.zeros((0, 2))),
        "y_pred",
    ),
    "keras_reduce": (lambda: xc.keras_reduce([]), "losses"),
}


@pytest.mark.parametrize("case", list(EMPTY_REFUSED))
def test_empty_inputs_are_refused_the_same_way(case):
    call, name = EMPTY_REFUSED[case]
    with pytest.raises(xc.InputError, match=rf"^{name} is empty; give at least one value$"):
        call()
