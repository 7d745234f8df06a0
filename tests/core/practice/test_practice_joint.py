"""Joint and conditional entropy and mutual information of a table, against sklearn and scipy.

* I(X; Y) is sklearn.metrics.mutual_info_score, given labels built from the table's
  counts (and given the table as its contingency matrix).
* H(X, Y), H(X) and H(Y) are scipy.stats.entropy of the cells and the margins.
* The chain rule and I = H(X) + H(Y) - H(X, Y) hold for any table (hypothesis); counts
  and the probabilities they normalise to agree; every unit is nats over ln b.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.stats import entropy as scipy_entropy
from sklearn.metrics import mutual_info_score

from xentcore.practice import (
    conditional_entropy,
    joint_entropy,
    mutual_information,
    table_information,
)

TABLES = [
    np.array([[10, 2, 0], [3, 8, 1]]),
    np.array([[1, 3], [2, 6]]),  # independent
    np.array([[5, 0], [0, 5], [0, 0]]),  # an empty row
    np.array([[7]]),
]


def labels_of(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One (x, y) pair per count: the samples the contingency table counts."""
    xs, ys = np.nonzero(table)
    counts = table[xs, ys]
    return np.repeat(xs, counts), np.repeat(ys, counts)


@pytest.mark.parametrize("table", TABLES, ids=range(len(TABLES)))
def test_mutual_information_is_sklearns(table):
    x, y = labels_of(table)
    assert mutual_information(table) == pytest.approx(mutual_info_score(x, y), abs=1e-14)
    assert mutual_information(table) == pytest.approx(
        mutual_info_score(None, None, contingency=table), abs=1e-14
    )
    bits = mutual_information(table, base=2)
    assert bits == pytest.approx(mutual_info_score(x, y) / math.log(2), abs=1e-14)


@pytest.mark.parametrize("table", TABLES, ids=range(len(TABLES)))
@pytest.mark.parametrize("base", [None, 2, 10])
def test_entropies_are_scipys(table, base):
    info = table_information(table, base=base)
    b = math.e if base is None else base
    assert info.h_xy == pytest.approx(scipy_entropy(table.ravel(), base=b), abs=1e-14)
    assert info.h_x == pytest.approx(scipy_entropy(table.sum(axis=1), base=b), abs=1e-14)
    assert info.h_y == pytest.approx(scipy_entropy(table.sum(axis=0), base=b), abs=1e-14)
    assert joint_entropy(table, base=base) == info.h_xy
    assert conditional_entropy(table, base=base) == info.h_x_given_y
    assert conditional_entropy(table, given="x", base=base) == info.h_y_given_x
    np.testing.assert_allclose(info.joint, table / table.sum())


def test_independent_tables_have_no_mutual_information():
    info = table_information(np.outer([1, 2, 3], [4, 1]))
    assert info.mutual_information == pytest.approx(0.0, abs=1e-15)
    assert info.h_x_given_y == pytest.approx(info.h_x, abs=1e-14)


def test_a_deterministic_relation_leaves_no_conditional_entropy():
    info = table_information([[4, 0, 0], [0, 0, 2], [0, 3, 0]], base=2)
    assert info.h_y_given_x == 0.0 and info.h_x_given_y == 0.0
    assert info.mutual_information == pytest.approx(info.h_x)


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 5)), elements=st.integers(0, 50))
)
def test_chain_rule_and_the_identities(table):
    if table.sum() == 0:
        table = table + 1.0
    info = table_information(table)
    assert info.h_xy == pytest.approx(info.h_y + info.h_x_given_y, abs=1e-12)
    assert info.h_xy == pytest.approx(info.h_x + info.h_y_given_x, abs=1e-12)
    assert info.mutual_information == pytest.approx(info.h_x + info.h_y - info.h_xy, abs=1e-12)
    assert info.mutual_information >= 0 and info.h_x_given_y >= 0 and info.h_y_given_x >= 0
    assert info.mutual_information <= min(info.h_x, info.h_y) + 1e-12
    probabilities = table_information(table / table.sum())
    assert probabilities.mutual_information == pytest.approx(info.mutual_information, abs=1e-14)
