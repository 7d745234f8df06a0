"""xentcore.decomposition against SciPy, scikit-learn, torch and the xentcore measures."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats
from scipy.spatial import distance

import xentcore as xc
from xentcore.decomposition import (
    CLIP_CONVENTIONS,
    blend,
    blend_path,
    class_terms,
    clipped_cross_entropies,
    infinite_classes,
    pair_measures,
)

BASES = [None, 2, 10]
P1, Q1 = [0.10, 0.40, 0.50], [0.80, 0.15, 0.05]  # worked example 1


def div(base):
    return 1.0 if base is None else math.log(base)


def random_pair(rng, c, zeros=False):
    p, q = rng.random(c), rng.random(c)
    if zeros:
        p[rng.random(c) < 0.3] = 0
        q[rng.random(c) < 0.3] = 0
        p[0] += 0.1
        q[-1] += 0.1
    return p / p.sum(), q / q.sum()


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("zeros", [False, True])
def test_class_terms_match_scipy_elementwise_and_sum_to_the_measures(base, zeros):
    rng = np.random.default_rng(3)
    for c in (2, 3, 7, 50):
        p, q = random_pair(rng, c, zeros)
        t = class_terms(p, q, base=base)
        with np.errstate(divide="ignore"):
            surprisal = -np.log(q) / div(base)
        np.testing.assert_allclose(t.surprisal, surprisal, rtol=1e-14)
        np.testing.assert_allclose(t.kl, special.rel_entr(p, q) / div(base), rtol=1e-13)
        np.testing.assert_allclose(t.entropy, special.entr(p) / div(base), rtol=1e-13)
        np.testing.assert_allclose(t.cross_entropy, -special.xlogy(p, q) / div(base), rtol=1e-13)
        np.testing.assert_allclose(t.cross_entropy.sum(), xc.cross_entropy(p, q, base=base))
        np.testing.assert_allclose(t.entropy.sum(), xc.entropy(p, base=base), rtol=1e-12)
        np.testing.assert_allclose(t.kl.sum(), xc.kl_divergence(p, q, base=base), rtol=1e-12)


def test_class_terms_worked_example_one_in_bits():
    t = class_terms(P1, Q1, base=2)
    np.testing.assert_allclose(t.surprisal, -np.log2(Q1), rtol=1e-15)
    assert t.cross_entropy.sum() == pytest.approx(3.2879430945989, abs=5e-13)
    assert t.kl.sum() == pytest.approx(1.9269790471552, abs=5e-13)
    # The first KL term is negative (q > p for red); only the sum is >= 0.
    assert t.kl[0] < 0


def test_zero_conventions_in_the_terms(recwarn):
    t = class_terms([0.5, 0.5, 0.0, 0.0], [0.5, 0.0, 0.5, 0.0])
    assert t.surprisal.tolist() == [math.log(2), math.inf, math.log(2), math.inf]
    assert t.cross_entropy.tolist() == [0.5 * math.log(2), math.inf, 0.0, 0.0]
    assert t.kl.tolist() == [0.0, math.inf, 0.0, 0.0]
    assert t.entropy.tolist() == [0.5 * math.log(2), 0.5 * math.log(2), 0.0, 0.0]
    assert len(recwarn) == 0  # no divide-by-zero warnings leak out


def test_terms_have_no_negative_zero():
    t = class_terms([1.0, 0.0], [1.0, 0.0])
    for arr in t:
        assert not np.signbit(arr[np.isfinite(arr)]).any()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0, 1), min_size=2, max_size=12).filter(lambda v: sum(v) > 1e-3),
    st.lists(st.floats(0, 1), min_size=2, max_size=12).filter(lambda v: sum(v) > 1e-3),
)
def test_each_cross_entropy_term_is_entropy_term_plus_kl_term(pw, qw):
    n = min(len(pw), len(qw))
    p, q = xc.normalize(pw[:n]), xc.normalize(qw[:n])
    t = class_terms(p, q, base=2)
    finite = np.isfinite(t.cross_entropy)
    np.testing.assert_allclose(
        t.cross_entropy[finite], (t.entropy + t.kl)[finite], rtol=1e-9, atol=1e-12
    )
    assert np.array_equal(~finite, np.isinf(t.kl))
    assert np.array_equal(np.flatnonzero(~finite), infinite_classes(p, q))


def test_class_terms_along_an_axis():
    rng = np.random.default_rng(5)
    p = xc.normalize(rng.random((4, 3)), axis=0)
    q = xc.normalize(rng.random((4, 3)), axis=0)
    t = class_terms(p, q, axis=0)
    np.testing.assert_allclose(t.cross_entropy.sum(0), xc.cross_entropy(p, q, axis=0))


@pytest.mark.parametrize("base", BASES)
def test_pair_measures_match_scipy(base):
    rng = np.random.default_rng(11)
    for zeros in (False, True):
        p, q = random_pair(rng, 6, zeros)
        m = pair_measures(p, q, base=base)
        assert m.h_p == pytest.approx(stats.entropy(p, base=base), rel=1e-12)
        assert m.h_q == pytest.approx(stats.entropy(q, base=base), rel=1e-12)
        assert m.kl_pq == pytest.approx(stats.entropy(p, q, base=base), rel=1e-12)
        assert m.kl_qp == pytest.approx(stats.entropy(q, p, base=base), rel=1e-12)
        assert m.h_pq == pytest.approx(m.h_p + m.kl_pq, rel=1e-12)
        assert m.h_qp == pytest.approx(m.h_q + m.kl_qp, rel=1e-12)
        js = distance.jensenshannon(p, q, base=base) ** 2
        assert m.js == pytest.approx(js, rel=1e-9, abs=1e-15)


def test_pair_measures_worked_examples():
    m = pair_measures(P1, Q1, base=2)
    # worked example 1: H(P), H(P,Q), H(Q,P), KL(P‖Q); the other three checked with SciPy above
    assert [round(v, 3) for v in (m.h_p, m.h_pq, m.h_qp, m.kl_pq)] == [1.361, 3.288, 2.906, 1.927]
    assert pair_measures(P1, Q1).kl_pq == pytest.approx(1.336, abs=5e-4)
    assert pair_measures([0, 1, 0], [0.228, 0.619, 0.153]).h_pq == pytest.approx(0.4797, abs=5e-5)
    assert pair_measures([26 / 30, 4 / 30], [0.5, 0.5], base=2).h_p == pytest.approx(
        0.5665, abs=5e-5
    )
    same = pair_measures(P1, P1, base=2)
    assert same.kl_pq == 0.0 and same.h_pq == pytest.approx(same.h_p, rel=1e-15)


def test_pair_measures_never_report_negative_zero():
    m = pair_measures([1.0, 0.0], [0.5, 0.5], base=2)
    assert m.h_p == 0.0 and not math.copysign(1.0, m.h_p) < 0
    assert f"{m.h_p:.4f}" == "0.0000"


def test_pair_measures_with_one_hot_p_reverse_is_infinite():
    m = pair_measures([0.0, 1.0, 0.0], [0.228, 0.619, 0.153])
    assert math.isfinite(m.h_pq) and m.h_qp == math.inf and m.kl_qp == math.inf
    assert m.js < math.log(2)


def test_infinite_classes_both_directions():
    p, q = [0.5, 0.3, 0.2, 0.0], [0.0, 0.5, 0.0, 0.5]
    assert infinite_classes(p, q).tolist() == [0, 2]
    assert infinite_classes(q, p).tolist() == [3]
    assert infinite_classes(P1, Q1).size == 0
    assert xc.cross_entropy(p, q) == math.inf


def test_clipped_values_match_each_framework():
    p, q = [0.0, 0.7, 0.3], [0.2, 0.8, 0.0]
    values = {c.convention.name: c.value for c in clipped_cross_entropies(p, q)}
    assert list(values) == ["Textbook", "Keras", "scikit-learn"]
    # Keras' CategoricalCrossentropy (probabilities): clip to [1e-7, 1 - 1e-7].
    assert values["Keras"] == pytest.approx(
        float(xc.keras_categorical_crossentropy(p, q)), rel=1e-13
    )
    # The textbook: -sum p log(q + clip), by hand.
    textbook = -(0.7 * math.log(0.8) + 0.3 * math.log(1e-15))
    assert values["Textbook"] == pytest.approx(textbook, rel=1e-13)
    assert values["scikit-learn"] > values["Textbook"] > values["Keras"]


def test_sklearn_clip_equals_sklearn_log_loss_on_a_one_hot_p():
    metrics = pytest.importorskip("sklearn.metrics")
    q = [0.25, 0.0, 0.75]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the clipped row no longer sums to 1
        expected = metrics.log_loss([1], [q], labels=[0, 1, 2])
    clipped = clipped_cross_entropies([0.0, 1.0, 0.0], q)
    assert clipped[2].convention.eps == np.finfo(np.float64).eps
    assert clipped[2].value == pytest.approx(expected, rel=1e-12)


def test_clipped_value_in_bits_and_finite_where_exact_is_not():
    p, q = [0.5, 0.5], [1.0, 0.0]
    for c in clipped_cross_entropies(p, q, base=2):
        assert math.isfinite(c.value)
        nats = xc.clipped_cross_entropy(p, q, eps=c.convention.eps)
        assert c.value == pytest.approx(nats / math.log(2), rel=1e-14)
    assert [c.eps for c in CLIP_CONVENTIONS] == [1e-15, 1e-7, np.finfo(float).eps]


def test_blend_moves_q_toward_p():
    np.testing.assert_allclose(blend(P1, Q1, 0.0), Q1)
    np.testing.assert_allclose(blend(P1, Q1, 1.0), P1)
    np.testing.assert_allclose(blend(P1, Q1, 0.5), (np.array(P1) + Q1) / 2)


@pytest.mark.parametrize("base", BASES)
def test_blend_path_matches_pointwise_measures(base):
    path = blend_path(P1, Q1, base=base, num=11)
    assert path.t.tolist() == pytest.approx(np.linspace(0, 1, 11).tolist())
    for t, ce, kl in zip(path.t, path.cross_entropy, path.kl, strict=True):
        qt = blend(P1, Q1, t)
        assert ce == pytest.approx(xc.cross_entropy(P1, qt, base=base), rel=1e-12)
        assert kl == pytest.approx(xc.kl_divergence(P1, qt, base=base), rel=1e-12, abs=1e-15)
    assert path.kl[-1] == 0.0 and np.all(np.diff(path.kl) <= 1e-15)  # falls to 0


def test_blend_path_is_infinite_only_at_the_start_when_q_has_a_zero():
    path = blend_path([0.5, 0.5], [1.0, 0.0], num=5)
    assert path.kl[0] == math.inf
    assert np.isfinite(path.kl[1:]).all()


def test_against_torch_when_available():
    torch = pytest.importorskip("torch")
    f = torch.nn.functional
    p, q = torch.tensor(P1, dtype=torch.float64), torch.tensor(Q1, dtype=torch.float64)
    t = class_terms(P1, Q1)
    np.testing.assert_allclose(t.cross_entropy, (-torch.xlogy(p, q)).numpy(), rtol=1e-14)
    kl = f.kl_div(q.log(), p, reduction="none").numpy()
    np.testing.assert_allclose(t.kl, kl, rtol=1e-13)


ERRORS = {
    "lengths differ": (
        lambda: class_terms([0.5, 0.5], [0.2, 0.3, 0.5]),
        r"p has shape \(2,\) but q has shape \(3,\)",
    ),
    "p does not sum to 1": (lambda: class_terms([0.5, 0.6], [0.5, 0.5]), r"p sums to 1.1, not 1"),
    "q negative": (
        lambda: pair_measures([0.5, 0.5], [1.5, -0.5]),
        r"q must be non-negative, but has -0.5 at index 1",
    ),
    "q NaN": (
        lambda: infinite_classes([0.5, 0.5], [float("nan"), 1.0]),
        r"q has a non-finite value nan",
    ),
    "empty p": (lambda: pair_measures([], []), r"p is empty"),
    "scalar q": (lambda: infinite_classes([1.0], 1.0), r"q must be a 1-D distribution"),
    "2-D p": (lambda: pair_measures([[0.5, 0.5]], [[0.5, 0.5]]), r"p must be a 1-D distribution"),
    "text": (lambda: clipped_cross_entropies("0.5,0.5", [0.5, 0.5]), r"p must be numbers"),
    "base 1": (lambda: pair_measures(P1, Q1, base=1), r"base must be a number > 0 other than 1"),
    "t above 1": (lambda: blend(P1, Q1, 1.5), r"t must be <= 1.0"),
    "t NaN": (lambda: blend(P1, Q1, float("nan")), r"t must be a finite number"),
    "num too small": (lambda: blend_path(P1, Q1, num=1), r"num must be a whole number from 2"),
    "num not int": (lambda: blend_path(P1, Q1, num=2.5), r"num must be a whole number"),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_errors_name_the_argument(case):
    call, message = ERRORS[case]
    with pytest.raises(ValueError, match=message):
        call()
    with pytest.raises(xc.InputError):
        call()
