"""What the peers' own test suites caught (issue 12), each reproduced before its fix.

SciPy, scikit-learn, PyTorch, Keras, optax and torchvision tests ported and replayed
against xentcore found four bugs:

* KL came out negative for a near-equal pair (and its per-class terms lost digits);
* complex input was silently cast to real (NumPy drops the imaginary part);
* PyTorch raises where xentcore returned a number (probability targets with
  ``ignore_index``, class indices given as floats, integer targets shaped like the logits);
* a ±1e308 logit leaked a NumPy overflow ``RuntimeWarning``.
"""

from __future__ import annotations

import warnings
from decimal import Decimal, localcontext

import numpy as np
import pytest

import xentcore as xc
from xentcore.comparison import framework_losses, loss_and_gradient
from xentcore.decomposition import class_terms, pair_measures

# --------------------------------------------------------------------------- KL >= 0


def exact_kl(p, q) -> float:
    """Σ [p log(p/q) - p + q] of the float inputs, in 60-digit decimal arithmetic.

    For distributions that sum to 1 exactly this is KL(P‖Q); each term is >= 0, so it
    stays the KL of the distributions the inputs stand for when their sums are 1 only
    up to rounding.
    """
    total = Decimal(0)
    with localcontext() as ctx:
        ctx.prec = 60
        for a, b in zip(np.ravel(p), np.ravel(q), strict=True):
            da, db = Decimal(float(a)), Decimal(float(b))
            term = db - da
            if da > 0:
                term += da * (da / db).ln()
            total += term
    return float(total)


def exact_rel_entr(a: float, b: float) -> float:
    with localcontext() as ctx:
        ctx.prec = 60
        da, db = Decimal(a), Decimal(b)
        return float(da * (da / db).ln())


#: x and y agree to 14 digits; 1 - x and 1 - y are exact (Sterbenz), so P and Q are
#: distributions exactly and the true KL is about 1.9e-27.
X, Y = 0.7, 0.7000000000000279


def test_kl_of_a_near_equal_pair_is_positive_and_accurate():
    p, q = [X, 1 - X], [Y, 1 - Y]
    truth = exact_kl(p, q)
    assert 1e-27 < truth < 3e-27
    kl = xc.kl_divergence(p, q)
    assert kl >= 0
    assert kl == pytest.approx(truth, rel=1e-9, abs=0)
    assert xc.kl_divergence(p, q, base=2) == pytest.approx(truth / np.log(2), rel=1e-9, abs=0)


def test_kl_is_non_negative_for_10000_random_near_equal_pairs():
    rng = np.random.default_rng(20_612)
    n = 10_000
    for c in (2, 3, 7):
        p = rng.dirichlet(np.ones(c), size=n)
        rel = rng.uniform(-1, 1, size=(n, c)) * 10.0 ** rng.uniform(-16, -8, size=(n, 1))
        q = p * (1 + rel)
        q /= q.sum(axis=1, keepdims=True)
        kl = xc.kl_divergence(p, q)
        assert kl.shape == (n,)
        assert np.all(kl >= 0), f"{int(np.sum(kl < 0))} negative KL values for C={c}"
        assert np.all(xc.kl_divergence(q, p) >= 0)
        assert np.all(xc.js_divergence(p, q) >= 0)
        gap = xc.cross_entropy(p, q) - xc.entropy(p)
        assert np.all(gap >= 0), f"{int(np.sum(gap < 0))} rows with H(P,Q) < H(P) for C={c}"
        for i in range(0, n, 997):  # and accurate, not merely clamped
            assert kl[i] == pytest.approx(exact_kl(p[i], q[i]), rel=1e-8, abs=1e-300)


def test_cross_entropy_of_a_near_equal_pair_is_not_below_the_entropy():
    p, q = [X, 1 - X], [Y, 1 - Y]
    assert xc.cross_entropy(p, q) - xc.entropy(p) >= 0
    m = pair_measures(p, q)
    assert m.h_pq - m.h_p >= 0 and m.h_qp - m.h_q >= 0
    assert m.kl_pq >= 0 and m.kl_qp >= 0


def test_class_terms_of_a_near_equal_pair_keep_their_digits():
    # Found by a search: log p - log q keeps only 2 of the 16 digits of these terms.
    for x, y in ((X, Y), (0.6698097212762595, 0.669809721276267)):
        p, q = [x, 1 - x], [y, 1 - y]
        terms = class_terms(p, q).kl
        for term, a, b in zip(terms, p, q, strict=True):
            assert term == pytest.approx(exact_rel_entr(a, b), rel=1e-12, abs=0)


# --------------------------------------------------------------------------- complex

Z = np.array([[1.0, 2.0, 3.0], [0.0, 0.5, -1.0]])
ZC = Z.astype(complex)
ZC[0, 0] += 1j
P = np.array([0.2, 0.8])
PC = np.array([0.2 + 0.0j, 0.8])  # imaginary part 0: still refused, not "cast quietly"

COMPLEX_CALLS = {
    "entropy": lambda: xc.entropy(PC),
    "cross_entropy p": lambda: xc.cross_entropy(PC, P),
    "cross_entropy q": lambda: xc.cross_entropy(P, PC),
    "kl_divergence": lambda: xc.kl_divergence(P, PC),
    "js_divergence": lambda: xc.js_divergence(PC, P),
    "normalize": lambda: xc.normalize([1 + 1j, 2]),
    "to_base": lambda: xc.to_base(1 + 2j, base=2),
    "softmax": lambda: xc.softmax(ZC),
    "log_softmax": lambda: xc.log_softmax(ZC),
    "logsumexp": lambda: xc.logsumexp([1 + 2j, 3]),
    "logsumexp python complex": lambda: xc.logsumexp(1j),
    "sigmoid": lambda: xc.sigmoid([1j]),
    "log_sigmoid": lambda: xc.log_sigmoid([1j]),
    "temperature": lambda: xc.softmax([1.0, 2.0], temperature=np.complex128(2.0)),
    "cross-entropy logits": lambda: xc.softmax_cross_entropy(ZC, [0, 1]),
    "cross-entropy class target": lambda: xc.softmax_cross_entropy(Z, np.array([0, 1j])),
    "cross-entropy probability target": lambda: xc.softmax_cross_entropy(Z, xc.softmax(Z) + 0j),
    "cross-entropy weight": lambda: xc.softmax_cross_entropy(Z, [0, 1], weight=[1, 1j, 1]),
    "cross-entropy smoothing": lambda: xc.softmax_cross_entropy(Z, [0, 1], label_smoothing=0.1j),
    "cross-entropy grad": lambda: xc.softmax_cross_entropy_grad(ZC, [0, 1]),
    "nll_loss": lambda: xc.nll_loss(xc.log_softmax(Z) + 0j, [0, 1]),
    "nll_loss target": lambda: xc.nll_loss(xc.log_softmax(Z), np.array([0j, 1])),
    "bce": lambda: xc.binary_cross_entropy([0.5 + 0j], [1.0]),
    "bce target": lambda: xc.binary_cross_entropy([0.5], [1.0 + 0j]),
    "bce weight": lambda: xc.binary_cross_entropy([0.5], [1.0], weight=[1j]),
    "bce logits": lambda: xc.binary_cross_entropy_with_logits([1j], [1.0]),
    "bce pos_weight": lambda: xc.binary_cross_entropy_with_logits([1.0], [1.0], pos_weight=[1j]),
    "bce logits grad": lambda: xc.binary_cross_entropy_with_logits_grad([1j], [1.0]),
    "focal": lambda: xc.sigmoid_focal_loss([1j], [1.0]),
    "focal alpha": lambda: xc.sigmoid_focal_loss([1.0], [1.0], alpha=0.25j),
    "log_loss proba": lambda: xc.log_loss([0, 1], [0.2 + 0j, 0.7]),
    "log_loss labels": lambda: xc.log_loss([0, 1j], [0.2, 0.7]),
    "log_loss weight": lambda: xc.log_loss([0, 1], [0.2, 0.7], sample_weight=[1, 1j]),
    "clipped_cross_entropy": lambda: xc.clipped_cross_entropy(P, PC, eps=1e-7),
    "keras categorical": lambda: xc.keras_categorical_crossentropy([[0, 1.0]], [[0.5j, 0.5]]),
    "keras sparse": lambda: xc.keras_sparse_categorical_crossentropy([1], [[0.5j, 0.5]]),
    "keras sparse labels": lambda: xc.keras_sparse_categorical_crossentropy([1j], [[0.5, 0.5]]),
    "keras binary": lambda: xc.keras_binary_crossentropy([1.0], [0.5j]),
    "keras_reduce": lambda: xc.keras_reduce([1.0, 2j]),
    "keras_reduce weight": lambda: xc.keras_reduce([1.0, 2.0], sample_weight=[1, 1j]),
    "keras_reduce mask": lambda: xc.keras_reduce([1.0, 2.0], mask=[1j, 1]),
    "class_terms": lambda: class_terms(P, PC),
    "pair_measures": lambda: pair_measures(PC, P),
    "framework_losses": lambda: framework_losses([1j, 2.0], 0),
    "loss_and_gradient": lambda: loss_and_gradient([1.0, 2.0], 0, weight=[1j, 1]),
}


@pytest.mark.parametrize("call", COMPLEX_CALLS.values(), ids=list(COMPLEX_CALLS))
def test_complex_input_is_refused_with_a_message(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # NumPy's ComplexWarning would be a silent cast
        with pytest.raises(xc.InputError, match=r"complex"):
            call()


# --------------------------------------------------------------------------- PyTorch raises

Q = xc.softmax(np.array([[0.3, -1.0, 2.0], [1.0, 1.0, 0.0]]))

#: What PyTorch refuses (its message, in torch 2.13) and what xentcore must say.
TORCH_REFUSES = {
    "probability targets with ignore_index": (
        lambda f: f(Z, Q, ignore_index=0),
        "ignore_index is not supported for floating point target",
        r"ignore_index=0 applies only to class-index targets",
    ),
    "class indices given as floats": (
        lambda f: f(Z, np.array([0.0, 2.0])),
        "expected target dtype to be Long or Byte, but got Double",
        r"target must be integer class indices, got float64 values",
    ),
    "boolean class indices": (
        lambda f: f(Z, np.array([True, False])),
        "expected target dtype to be Long or Byte, but got Bool",
        r"target must be integer class indices, got bool values",
    ),
    "integer targets shaped like the logits": (
        lambda f: f(Z, np.array([[1, 0, 0], [0, 1, 0]])),
        "Expected floating point type for target with class probabilities, got Long",
        r"target has the shape of the logits but integer values",
    ),
}


@pytest.mark.parametrize(
    "func", [xc.softmax_cross_entropy, xc.softmax_cross_entropy_grad], ids=["loss", "grad"]
)
@pytest.mark.parametrize("case", list(TORCH_REFUSES))
def test_where_torch_raises_cross_entropy_raises(case, func):
    call, _, message = TORCH_REFUSES[case]
    with pytest.raises(xc.InputError, match=message):
        call(func)


def test_nll_loss_refuses_float_class_indices():
    lp = xc.log_softmax(Z)
    with pytest.raises(xc.InputError, match=r"target must be integer class indices, got float64"):
        xc.nll_loss(lp, np.array([0.0, 2.0]))
    with pytest.raises(xc.InputError, match=r"target has shape \(2, 3\)"):
        xc.nll_loss(lp, np.array([[1, 0, 0], [0, 1, 0]]))


def test_the_default_ignore_index_is_fine_with_probability_targets():
    # torch accepts ignore_index=-100 (its default) with probability targets.
    assert xc.softmax_cross_entropy(Z, Q, ignore_index=-100) == xc.softmax_cross_entropy(Z, Q)


@pytest.mark.parametrize("case", list(TORCH_REFUSES))
def test_torch_raises_on_the_same_inputs(case):
    torch = pytest.importorskip("torch", reason="checks torch's own refusals")
    call, torch_message, _ = TORCH_REFUSES[case]

    def torch_cross_entropy(z, target, **kw):
        t = torch.from_numpy(np.asarray(target))
        return torch.nn.functional.cross_entropy(torch.from_numpy(z), t, **kw)

    with pytest.raises(RuntimeError, match=torch_message):
        call(torch_cross_entropy)


# --------------------------------------------------------------------------- no warnings

BIG = np.array([[1e308, -1e308, 0.0], [-1e308, 1e308, 1e308]])
BIG_T = np.array([[0.0, 1.0, 0.5], [1.0, 0.0, 1.0]])

HUGE_LOGIT_CALLS = {
    "cross-entropy": lambda: xc.softmax_cross_entropy(BIG, [1, 0]),
    "cross-entropy sum": lambda: xc.softmax_cross_entropy(BIG, [1, 0], reduction="sum"),
    "cross-entropy smoothing": lambda: xc.softmax_cross_entropy(
        BIG, [0, 1], label_smoothing=0.1, reduction="none"
    ),
    "cross-entropy weight": lambda: xc.softmax_cross_entropy(
        BIG, [1, 2], weight=[1.0, 2.0, 3.0], reduction="none"
    ),
    "cross-entropy probabilities": lambda: xc.softmax_cross_entropy(
        BIG, [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], reduction="none"
    ),
    "cross-entropy spatial": lambda: xc.softmax_cross_entropy(
        BIG.T[None], [[0, 1]], reduction="none"
    ),
    "grad": lambda: xc.softmax_cross_entropy_grad(BIG, [1, 0]),
    "grad probabilities": lambda: xc.softmax_cross_entropy_grad(BIG, [[0.0, 1.0, 0.0]] * 2),
    "grad smoothing": lambda: xc.softmax_cross_entropy_grad(BIG, [0, 1], label_smoothing=0.2),
    "nll_loss": lambda: xc.nll_loss(xc.log_softmax(BIG), [1, 0], reduction="sum"),
    "logsumexp": lambda: xc.logsumexp(BIG),
    "logsumexp b": lambda: xc.logsumexp(BIG, b=[1.0, -1.0, 2.0], return_sign=True),
    "softmax": lambda: xc.softmax(BIG),
    "log_softmax": lambda: xc.log_softmax(BIG, axis=0),
    "bce logits": lambda: xc.binary_cross_entropy_with_logits(BIG, BIG_T, reduction="sum"),
    "bce pos_weight": lambda: xc.binary_cross_entropy_with_logits(
        BIG, BIG_T, pos_weight=[2.0, 2.0, 2.0], reduction="none"
    ),
    "bce logits grad": lambda: xc.binary_cross_entropy_with_logits_grad(
        BIG, BIG_T, pos_weight=[2.0, 2.0, 2.0]
    ),
    "focal": lambda: xc.sigmoid_focal_loss(BIG, BIG_T, reduction="sum"),
    "keras logits": lambda: xc.keras_categorical_crossentropy(
        [[0.0, 1.0, 0.0]] * 2, BIG, from_logits=True, label_smoothing=0.1
    ),
    "keras sparse logits": lambda: xc.keras_sparse_categorical_crossentropy(
        [1, 0], BIG, from_logits=True
    ),
    "keras binary logits": lambda: xc.keras_binary_crossentropy(BIG_T, BIG, from_logits=True),
    "loss_and_gradient": lambda: loss_and_gradient(BIG[0], 1, label_smoothing=0.1),
    "framework_losses": lambda: framework_losses(BIG[0], 1),
}


@pytest.mark.parametrize("call", HUGE_LOGIT_CALLS.values(), ids=list(HUGE_LOGIT_CALLS))
def test_huge_logits_leak_no_warning(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        call()


def test_huge_logits_give_the_values_torch_gives():
    # Recorded with torch 2.13 in float64: a 2e308 loss overflows to inf, as in torch.
    none = xc.softmax_cross_entropy(BIG, [1, 0], reduction="none")
    assert none.tolist() == [np.inf, np.inf]
    assert xc.softmax_cross_entropy(BIG, [0, 1], reduction="none").tolist() == [0.0, np.log(2)]
    grad = xc.softmax_cross_entropy_grad(BIG, [0, 1], reduction="sum")
    np.testing.assert_array_equal(grad, [[0.0, 0.0, 0.0], [0.0, -0.5, 0.5]])
    assert xc.logsumexp(BIG).tolist() == [1e308, 1e308]
