"""Reading the Distributions page's table (explorer.distributions.inputs): a hostile
table gives one message per problem, naming the row, the class, the column and the fix."""

import math

import pandas as pd

from explorer.distributions.inputs import MAX_CLASSES, editor_frame, read_table

NAMES = ["red", "green", "blue"]
P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]


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
