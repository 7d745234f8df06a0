"""The Distributions page's text (explorer.distributions.wording): the formulas with the
learner's numbers, a code snippet that must reproduce the page's numbers when run, and
the message for a hand-typed distribution that is not one."""

import math

import numpy as np
import pytest

from explorer.distributions.wording import code_snippet, describe_distribution_problem, math_lines
from xentcore import cross_entropy, entropy, js_divergence, kl_divergence
from xentcore.decomposition import class_terms, pair_measures

NAMES = ["red", "green", "blue"]
P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]


def test_math_lines_substitute_and_cut_after_eight_terms():
    p = [1 / 10] * 10
    q = [0.05] * 2 + [0.9 / 8] * 8
    lines = math_lines(p, q, class_terms(p, q), pair_measures(p, q), "nats")
    assert r"\ln" in lines[1]
    assert r"+ \cdots \text{ (2 more)}" in lines[1]
    assert lines[1].count(r"\ln 0.05") == 2
    assert f"{cross_entropy(p, q):.4f}" in lines[1]


def test_math_lines_with_infinity_and_equal_orders():
    lines = math_lines(
        P,
        [0.9, 0.1, 0.0],
        class_terms(P, [0.9, 0.1, 0.0], base=2),
        pair_measures(P, [0.9, 0.1, 0.0], base=2),
        "bits",
    )
    assert r"0.5 \log_2 0" in lines[1] and r"&= \infty\ \text{bits}" in lines[1]
    same = math_lines(P, P, class_terms(P, P), pair_measures(P, P), "hartleys")
    assert "= H(P,Q)" in same[4] and r"\neq" not in same[4]


@pytest.mark.parametrize("unit", ["bits", "nats", "hartleys"])
@pytest.mark.parametrize("q", [Q, [0.9, 0.1, 0.0]], ids=["finite", "zero"])
def test_code_snippet_reproduces_the_numbers(unit, q):
    pytest.importorskip("scipy")
    base = {"bits": 2, "nats": None, "hartleys": 10}[unit]
    m = pair_measures(P, q, base=base)
    code = code_snippet(NAMES, P, q, m, unit)
    namespace: dict = {}
    pytest.importorskip("torch", reason="the snippet's second half is PyTorch")
    with np.errstate(divide="ignore"):
        exec(compile(code, "<snippet>", "exec"), namespace)
    assert namespace["classes"] == NAMES
    expected = {
        "H_p": entropy(P, base=base),
        "H_q": entropy(q, base=base),
        "H_pq": cross_entropy(P, q, base=base),
        "H_qp": cross_entropy(q, P, base=base),
        "KL_pq": kl_divergence(P, q, base=base),
        "KL_qp": kl_divergence(q, P, base=base),
        "JS": js_divergence(P, q, base=base),
    }
    for name, value in expected.items():
        assert float(namespace[name]) == pytest.approx(value, rel=1e-9, abs=1e-12), name
    assert float(namespace["H_pq_torch"]) == pytest.approx(expected["H_pq"], rel=1e-12)
    assert float(namespace["KL_pq_torch"]) == pytest.approx(expected["KL_pq"], rel=1e-12)
    np.testing.assert_allclose(namespace["ce_terms"], class_terms(P, q, base=base).cross_entropy)
    assert f"# H(P,Q) = {'∞' if math.isinf(m.h_pq) else f'{m.h_pq:.4f}'} {unit}" in code


def test_valid_distribution_has_no_problem():
    assert describe_distribution_problem("P", [0.1, 0.4, 0.5]) is None
    assert describe_distribution_problem("Q", [0.8, 0.15, 0.05]) is None


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ([0.8, 0.45, 0.05], "Q sums to 1.3, not 1"),
        ([0.1, 0.1, 0.1], "Q sums to 0.3, not 1"),
        ([-0.2, 0.7, 0.5], "Q has a negative entry"),
        ([math.nan, 0.5, 0.5], "Q has an entry that is not a number"),
        ([math.inf, 0.5, 0.5], "Q has an entry that is not a number"),
        ([0.0, 0.0, 0.0], "Q is all zeros"),
    ],
)
def test_problem_messages_name_the_field(values, fragment):
    message = describe_distribution_problem("Q", values)
    assert message is not None
    assert fragment in message


def test_sum_message_suggests_renormalise():
    assert "press Renormalise Q" in describe_distribution_problem("Q", [0.8, 0.45, 0.05])
