"""Wording of the Calibrate and Model A vs B tabs: each message names the field, where, and
the fix; names from the user's files are escaped; the verdicts follow the numbers."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.parsing import InputProblem
from explorer.predictions.practice import wording
from explorer.predictions.uploads.extract import RowSumProblem
from xentcore.predictions import row_sums

PROBLEMS = {
    "too few": (wording.too_few_problem(2, "a.csv", 8, "calibrate"), "2 rows", "at least 8"),
    "share": (wording.share_problem(10, 10, 1, 35, 65), "Validation share", "35% and 65%"),
    "one class": (wording.one_class_problem("cat", 12, "f.csv"), "‘cat’", "at least two classes"),
    "identical": (wording.identical_problem(12, ["a", "b"]), "same prediction", "own prediction"),
    "zero": (wording.zero_true_problem(3, 4), "probability 0 on 3 rows", "Clip"),
    "rows": (wording.rows_problem(600, 10, "b.csv", "a.csv"), "600 rows", "same samples"),
    "classes": (wording.classes_problem(["a", "b"], ["a", "b", "c"]), "2 classes", "column"),
    "labels": (wording.labels_problem(2, 600, 3, "cat", "dog"), "2 of 600", "sorted"),
}


@pytest.mark.parametrize("case", list(PROBLEMS))
def test_every_problem_says_what_where_and_the_fix(case):
    problem, what, fix = PROBLEMS[case]
    assert isinstance(problem, InputProblem)
    assert what in problem.problem and fix in problem.fix and problem.where
    text = problem.markdown()
    assert "**Where:**" in text and "**Fix:**" in text


def test_names_from_files_are_escaped():
    assert "‘\\*b\\*\\.csv’" in wording.rows_problem(2, 3, "*b*.csv", "a").where
    assert "‘\\[x\\]\\(y\\)’" in wording.one_class_problem("[x](y)", 3, "f").problem
    assert "‘\\<b\\>’" in wording.labels_problem(1, 2, 0, "<b>", "a").where
    assert "‘\\=cmd’" in wording.names_warning(["=cmd"], ["a"])
    assert wording.labels_problem(1, 9, 1233, "a", "b").where.startswith(
        "model B's label column, first at row 1,234"
    )


def test_share_problem_without_a_workable_share_says_to_upload_more():
    assert (
        wording.share_problem(50, 7, 3, 1, 0).fix
        == "No share leaves 4 rows on each side: upload more rows."
    )


def test_b_file_problems_are_said_to_be_model_bs_and_keep_their_kind():
    plain = wording.b_file_problem(InputProblem("No label column.", "Map one.", where="x"))
    assert plain.problem == "Model B's file: No label column." and plain.where == "x"
    report = row_sums(np.array([[0.2, 0.7]]))
    sums = wording.b_file_problem(RowSumProblem("Rows miss 1.", "Renormalise.", report=report))
    assert isinstance(sums, RowSumProblem) and sums.report is report
    assert wording.b_file_problem(sums) is sums  # said once, not twice


@pytest.mark.parametrize(
    ("t", "phrase"), [(2.7, "over-confident"), (0.6, "under-confident"), (1.01, "about as sure")]
)
def test_temperature_verdict_follows_t(t, phrase):
    assert phrase in wording.temperature_verdict(t) and f"{t:.3f}" in wording.temperature_verdict(t)


def test_interval_verdicts_and_counts():
    above = wording.interval_text("0.1 nats", "0.2 nats", "0.15 nats", 2000, 4, verdict=1)
    assert "[0.1 nats, 0.2 nats]" in above and "(2,000 resamples, seed 4)" in above
    assert "model B has the lower loss" in above
    assert "model A has the lower loss" in wording.interval_text("a", "b", "c", 100, 0, verdict=-1)
    assert "cannot be told apart" in wording.interval_text("a", "b", "c", 100, 0, verdict=0)
    assert wording.flips_text(0, 0, 0, 600).startswith("**No sample of the 600 changes")
    assert "2 wrong either way" in wording.flips_text(10, 5, 3, 600)


def test_brier_names_and_bound_warning():
    assert wording.brier_label(2) == "Brier score" and "brier_score_loss" in wording.brier_help(2)
    assert wording.brier_label(
        4
    ) == "Brier score (4 classes)" and "0 (perfect) to 2" in wording.brier_help(4)
    assert "low end" in wording.bound_warning(0.001) and "high end" in wording.bound_warning(1000.0)
    assert "without converging" in wording.vector_note(False, 100)
    assert "**3 validation rows** (30% of the rows, seed 9)" in wording.split_caption(3, 7, 30, 9)
