"""The Distributions page's figures (inspect fig.data) and its table helpers.

The helpers of explorer.distributions_ui.py are tested here too: reading a hostile
table, the per-class frame and CSV, the LaTeX and a code snippet that must reproduce
the page's numbers when run.
"""

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from figure_checks import validated

from explorer.distributions_ui import (
    MAX_CLASSES,
    code_snippet,
    csv_bytes,
    editor_frame,
    math_lines,
    per_class_frame,
    read_table,
)
from explorer.figures import COLORS, FONT_SIZE
from explorer.figures_distributions import (
    blend_figure,
    class_contribution_figure,
    pair_decomposition_figure,
    pq_figure,
)
from xentcore import cross_entropy, entropy, js_divergence, kl_divergence
from xentcore.decomposition import blend_path, class_terms, pair_measures

NAMES = ["red", "green", "blue"]
P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]


# ---------------------------------------------------------------- figures


def strict(fig: go.Figure) -> go.Figure:
    """Rebuild with plotly's full validation (the builders skip it for speed)."""
    return validated(fig)


@pytest.mark.parametrize("q", [Q, [0.9, 0.1, 0.0], P], ids=["example1", "zero", "same"])
@pytest.mark.parametrize("unit", ["bits", "nats"])
def test_every_builder_gives_valid_plotly(q, unit):
    base = 2 if unit == "bits" else None
    m = pair_measures(P, q, base=base)
    terms = class_terms(P, q, base=base)
    path = blend_path(P, q, base=base)
    figures = [
        pq_figure(NAMES, P, q),
        pair_decomposition_figure(m.h_p, m.kl_pq, m.h_q, m.kl_qp, unit),
        class_contribution_figure(NAMES, terms, unit),
        blend_figure(path.t, path.cross_entropy, m.h_p, 0.3, path.cross_entropy[30], unit),
        pq_figure([f"c{i}" for i in range(50)], [0.02] * 50, [0.02] * 50),
    ]
    for fig in figures:
        rebuilt = strict(fig)
        assert len(rebuilt.data) == len(fig.data)
        assert rebuilt.layout.font.size == FONT_SIZE


def test_pq_figure_groups_p_and_q_in_the_palette():
    fig = pq_figure(NAMES, P, Q)
    p_bar, q_bar = fig.data
    assert fig.layout.barmode == "group"
    assert p_bar.x == tuple(NAMES) and p_bar.y == tuple(P) and q_bar.y == tuple(Q)
    assert p_bar.marker.color == COLORS["P"] and q_bar.marker.color == COLORS["Q"]
    assert p_bar.text == ("0.1", "0.4", "0.5")
    assert fig.layout.font.size == FONT_SIZE


def test_pq_figure_escapes_html_and_drops_numbers_for_many_classes():
    fig = pq_figure(['<a href="x">y</a>', "b"], [0.5, 0.5], [0.5, 0.5])
    assert fig.data[0].x[0] == "&lt;a href=&quot;x&quot;&gt;y&lt;/a&gt;"
    many = pq_figure([f"c{i}" for i in range(30)], [1 / 30] * 30, [1 / 30] * 30)
    assert many.data[0].text is None
    assert many.layout.xaxis.tickangle == -45


def test_pair_decomposition_stacks_both_directions():
    m = pair_measures(P, Q, base=2)
    fig = pair_decomposition_figure(m.h_p, m.kl_pq, m.h_q, m.kl_qp, "bits")
    h_bars, kl_bars = fig.data
    assert fig.layout.barmode == "stack"
    assert h_bars.y == ("H(P,Q)", "H(Q,P)")
    assert h_bars.x == pytest.approx((m.h_p, m.h_q))
    assert kl_bars.x == pytest.approx((m.kl_pq, m.kl_qp))
    assert h_bars.marker.color == COLORS["H"] and kl_bars.marker.color == COLORS["KL"]
    assert h_bars.x[0] + kl_bars.x[0] == pytest.approx(cross_entropy(P, Q, base=2))
    assert h_bars.x[1] + kl_bars.x[1] == pytest.approx(cross_entropy(Q, P, base=2))
    notes = [a.text for a in fig.layout.annotations]
    assert notes == ["H(P,Q) = 3.288 bits", "H(Q,P) = 2.906 bits"]
    assert "KL(P‖Q) = 1.927 bits" in kl_bars.text[0]


def test_pair_decomposition_with_an_infinite_kl_says_so():
    fig = pair_decomposition_figure(1.0, math.inf, 0.5, 0.3, "nats")
    assert fig.data[1].x == (None, 0.3)
    notes = [a.text for a in fig.layout.annotations]
    assert notes[0] == "+ KL(P‖Q) = ∞, so H(P,Q) = ∞"
    assert notes[1] == "H(Q,P) = 0.800 nats"
    assert fig.layout.annotations[0].x == 1.0  # at the end of the H(P) bar


def test_class_contribution_figure_adds_entropy_and_kl_parts():
    terms = class_terms(P, Q, base=2)
    fig = class_contribution_figure(NAMES, terms, "bits")
    h_part, kl_part, total = fig.data
    assert fig.layout.barmode == "relative"
    assert h_part.marker.color == COLORS["H"] and kl_part.marker.color == COLORS["KL"]
    np.testing.assert_allclose(np.add(h_part.y, kl_part.y), total.y, rtol=1e-12)
    assert sum(total.y) == pytest.approx(cross_entropy(P, Q, base=2))
    assert kl_part.y[0] < 0 < fig.layout.yaxis.range[1]
    assert fig.layout.yaxis.range[0] < kl_part.y[0]  # the negative KL term is visible


def test_class_contribution_marks_an_infinite_class():
    terms = class_terms([0.5, 0.5], [1.0, 0.0])
    fig = class_contribution_figure(["a", "b"], terms, "nats")
    assert fig.data[2].y == (0.0, None)  # a: -0.5 log 1 = 0; b: q = 0 < p, infinite
    assert fig.data[1].y[1] is None  # the infinite KL part is not drawn as a bar
    assert [a.text for a in fig.layout.annotations] == ["∞"]
    assert fig.layout.annotations[0].x == "b"


def test_blend_figure_draws_the_path_the_floor_and_the_marker():
    path = blend_path(P, Q, base=2, num=11)
    h_p = entropy(P, base=2)
    fig = blend_figure(path.t, path.cross_entropy, h_p, 0.5, path.cross_entropy[5], "bits")
    floor, curve, marker = fig.data
    assert floor.x == (0.0, 1.0) and floor.y == pytest.approx((h_p, h_p))
    assert floor.line.color == COLORS["H"]
    assert curve.y == pytest.approx(tuple(path.cross_entropy))
    assert curve.fill == "tonexty"
    assert marker.x == (0.5,) and marker.y == pytest.approx((path.cross_entropy[5],))
    assert curve.y[-1] == pytest.approx(h_p)  # Q_1 = P: the floor


def test_blend_figure_leaves_out_infinite_points():
    path = blend_path([0.5, 0.5], [1.0, 0.0], num=5)
    fig = blend_figure(path.t, path.cross_entropy, math.log(2), 0.0, math.inf, "nats")
    assert fig.data[1].y[0] is None and fig.data[2].y == (None,)
    assert all(v is not None for v in fig.data[1].y[1:])


# ---------------------------------------------------------------- reading the table


def frame(names, p, q):
    return pd.DataFrame({"Class": names, "P": p, "Q": q})


def test_a_good_table_reads_clean():
    r = read_table(frame(NAMES, P, Q))
    assert r.ok and r.names == NAMES and r.p == P and r.q == Q
    assert r.renormalisable == []


def test_names_are_stripped_and_cells_are_checked_one_by_one():
    r = read_table(frame([" red ", None, "blue"], [0.1, "x", -2.0], [0.8, None, math.inf]))
    assert r.names == ["red", "", "blue"]
    assert r.errors == [
        "Row 2: the class name is empty. Type a name in the Class column.",
        "Row 2: P is 'x', not a number. Type a probability from 0 to 1 (0 is allowed).",
        "Row 3 (blue): P is -2, below 0. A probability cannot be negative: type 0 or a "
        "positive number.",
        "Row 2: Q is empty. Type a probability from 0 to 1 (0 is allowed).",
        "Row 3 (blue): Q is infinite. Type a probability from 0 to 1 (0 is allowed).",
    ]
    assert not r.drawable and r.sum_problems == {}


def test_sums_are_reported_and_renormalise_offered():
    r = read_table(frame(NAMES, [0.2, 0.4, 0.5], Q))
    assert r.errors == []
    assert r.sum_problems == {
        "P": "P sums to 1.1, not 1. Probabilities must add up to 1: edit the values or "
        "press Renormalise P."
    }
    assert r.renormalisable == ["P"] and r.drawable and not r.ok


def test_counts_are_errors_but_renormalisable():
    r = read_table(frame(["triangle", "circle"], [26, 4], [0.5, 0.5]))
    assert r.errors[0].startswith("Row 1 (triangle): P is 26, above 1.")
    assert "press Renormalise P" in r.errors[0]
    assert r.renormalisable == ["P"]


def test_row_count_limits():
    assert read_table(frame([], [], [])).errors[0].startswith("The table is empty")
    assert "only 1 class" in read_table(frame(["a"], [1.0], [1.0])).errors[0]
    n = MAX_CLASSES + 1
    big = read_table(frame([f"c{i}" for i in range(n)], [1 / n] * n, [1 / n] * n))
    assert big.errors[0].startswith(f"The table has {n} classes; at most {MAX_CLASSES}")


def test_hostile_names_are_escaped_in_messages():
    r = read_table(frame(["*bold*", "*bold*"], [0.5, 0.5], [0.5, 0.5]))
    assert r.errors == [
        "Rows 1 and 2 are both called \\*bold\\*. Class names must differ: rename one."
    ]


def test_editor_frame_pads_short_columns():
    df = editor_frame(["a", "b", "c"], [0.5, 0.5], [0.2, 0.3, 0.5])
    assert df["Class"].tolist() == ["a", "b", "c"]
    assert math.isnan(df["P"].iloc[2])


# ---------------------------------------------------------------- table, CSV, math, code


def test_per_class_frame_and_csv():
    m = pair_measures(P, Q, base=2)
    terms = class_terms(P, Q, base=2)
    table = per_class_frame(
        NAMES, P, Q, terms, {"h_pq": m.h_pq, "h_p": m.h_p, "kl_pq": m.kl_pq}, "bits"
    )
    assert table.shape == (4, 7)
    assert table["−p·log q (bits)"].iloc[-1] == m.h_pq
    assert table["p·log(p/q) (bits)"].iloc[:3].sum() == pytest.approx(m.kl_pq, rel=1e-13)
    text = csv_bytes(table).decode()
    assert text.splitlines()[0] == (
        "Class,p,q,surprisal −log q (bits),−p·log q (bits),−p·log p (bits),p·log(p/q) (bits)"
    )
    assert text.splitlines()[-1].startswith("Σ (sum),1.0,1.0,,3.28794")
    assert csv_bytes(pd.DataFrame({"Class": ["@SUM(A1)"]})).decode() == "Class\n'@SUM(A1)\n"


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
