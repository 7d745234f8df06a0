"""explorer.predictions.uploads.extract: every supported layout read back exactly, every bad
file named (problem, place and fix).

The layouts and bad files are in tests/explorer/upload_cases.py, shared with the page test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from upload_cases import LABELS, PROBS, WEIGHTS, C, bad_files, csv_bytes, layout_files, problem_of

from explorer.parsing import InputProblem
from explorer.predictions.samples import SAMPLES, sample_csv, sample_frame
from explorer.predictions.uploads import extract as extract_module
from explorer.predictions.uploads.extract import RowSumProblem, extract
from explorer.predictions.uploads.mapping import Mapping, detect_mapping
from explorer.predictions.uploads.reading import read_table
from explorer.text import md_user_text
from xentcore.predictions import evaluate_predictions, sample_losses, source_example


@pytest.mark.parametrize("layout", list(layout_files()))
def test_every_layout_reads_back_the_same_arrays_and_loss(layout):
    data, name, kind, scores, labels = layout_files()[layout]
    table = read_table(data, name)
    mapping = detect_mapping(table.frame)
    got = extract(table.frame, mapping)
    assert got.kind == kind
    np.testing.assert_allclose(got.scores, scores, rtol=1e-14, atol=1e-15)
    np.testing.assert_array_equal(got.labels, labels)
    expected = sample_losses(scores, labels, kind=kind).mean()
    ev = evaluate_predictions(got.scores, got.labels, kind=got.kind)
    assert ev.mean_loss == pytest.approx(expected, rel=1e-12)


def test_sample_weight_column_is_read():
    f = pd.DataFrame(PROBS, columns=[f"p_{k}" for k in range(C)])
    f.insert(0, "label", LABELS)
    f["sample_weight"] = WEIGHTS
    table = read_table(csv_bytes(f), "w.csv")
    mapping = detect_mapping(table.frame)
    assert mapping.weight == "sample_weight" and "sample_weight" not in mapping.predictions
    np.testing.assert_allclose(extract(table.frame, mapping).weights, WEIGHTS)
    bad = f.assign(sample_weight=-WEIGHTS)
    with pytest.raises(InputProblem, match="Negative sample weights"):
        extract(bad, mapping)


def test_binary_string_labels_use_the_column_name_or_sorted_order():
    f = pd.DataFrame({"label": ["spam", "ham", "spam"], "p_spam": [0.9, 0.2, 0.6]})
    d = extract(f, detect_mapping(f))
    assert d.class_names == ["ham", "spam"] and d.labels.tolist() == [1, 0, 1]
    np.testing.assert_allclose(d.scores[:, 1], [0.9, 0.2, 0.6])
    f = pd.DataFrame({"label": ["yes", "no"], "score": [2.0, -1.0]})
    d = extract(f, detect_mapping(f))
    assert d.class_names == ["no", "yes"] and d.kind == "logits"
    assert "second class in sorted order" in " ".join(d.notes)
    f = pd.DataFrame({"label": ["a", "b", "c"], "p": [0.9, 0.2, 0.6]})
    with pytest.raises(InputProblem, match="needs two classes, but the label column has 3"):
        extract(f, detect_mapping(f))


def test_numeric_labels_match_numeric_class_names_first():
    f = pd.DataFrame({"label": [1, 2, 3], "p_1": [0.8, 0.1, 0.1], "p_2": [0.1, 0.8, 0.1]})
    f["p_3"] = [0.1, 0.1, 0.8]
    d = extract(f, detect_mapping(f))
    assert d.labels.tolist() == [0, 1, 2] and "matched to the class names" in d.notes[0]


def test_renormalise_fixes_rows_and_reports_how_many():
    data = b"label,p_0,p_1\n0,0.2,0.7\n1,0.3,0.7\n0,0.5,0.8\n"
    table = read_table(data, "s.csv")
    d = extract(table.frame, detect_mapping(table.frame), renormalise=True)
    np.testing.assert_allclose(d.scores.sum(axis=1), 1.0)
    assert d.renormalised == 2 and "2 rows were renormalised" in d.notes[-1]
    zero = b"label,p_0,p_1\n0,0.0,0.0\n1,0.3,0.7\n"
    assert "all zeros" in str(problem_of(zero, "z.csv", renormalise=True))


def test_row_sum_problem_carries_the_report():
    problem = problem_of(b"label,p_0,p_1\n0,0.2,0.7\n1,0.3,0.7\n", "s.csv")
    assert isinstance(problem, RowSumProblem)
    assert problem.report.n_off == 1 and problem.report.worst_row == 0


def test_samples_are_valid_files_with_their_known_numbers():
    for name in SAMPLES:
        table = read_table(sample_csv(name), SAMPLES[name].file_name)
        d = extract(table.frame, detect_mapping(table.frame))
        ev = evaluate_predictions(d.scores, d.labels, kind=d.kind)
        expected = {"binary10": 0.247, "calibrated": 0.728, "overconfident": 1.104}[name]
        assert round(ev.mean_loss, 3) == expected
    y, p = source_example()
    np.testing.assert_array_equal(sample_frame("binary10")["p"], p[:, 1])


@pytest.mark.parametrize("case", list(bad_files()))
def test_every_bad_file_names_problem_place_and_fix(case):
    data, name, phrases = bad_files()[case]
    message = problem_of(data, name).markdown()
    assert "**Where:**" in message and "**Fix:**" in message
    for phrase in phrases:
        assert phrase in message, (phrase, message)


def test_too_many_cells(monkeypatch):
    monkeypatch.setattr(extract_module, "MAX_CELLS", 10)
    message = str(problem_of(b"label,p_0,p_1\n" + b"0,0.5,0.5\n" * 6, "cells.csv"))
    assert "Too many prediction cells: 6 rows × 2 classes" in message


def test_mapping_problems():
    f = pd.DataFrame({"label": [0, 1], "p_0": [0.2, 0.6], "p_1": [0.8, 0.4]})
    cases = {
        "used twice": Mapping("label", "probabilities", "p_0", ("p_0", "p_1")),
        "not in the file": Mapping("label", "probabilities", "lbl", ("p_0", "p_1")),
        "exactly one prediction column": Mapping(
            "binary", "probabilities", "label", ("p_0", "p_1")
        ),
        "Too few prediction columns": Mapping("label", "probabilities", "label", ("p_0",)),
        "do not pair up": Mapping("one_hot", "probabilities", None, ("p_0", "p_1"), ("label",)),
        "No label column": Mapping("label", "probabilities", None, ("p_0", "p_1")),
        "Unknown layout": Mapping("grid", "probabilities", "label", ("p_0", "p_1")),
        "Unknown kind": Mapping("label", "odds", "label", ("p_0", "p_1")),
    }
    for phrase, mapping in cases.items():
        with pytest.raises(InputProblem, match=phrase):
            extract(f, mapping)


def test_user_text_is_escaped_in_messages():
    data = b"label,p_a,p_b\n[x](javascript:alert(1)),0.2,0.8\n"
    message = problem_of(data, "x.csv").markdown()
    assert "](javascript" not in message and "\\]\\(javascript\\:" in message
    assert md_user_text("<img src=x>") == "\\<img src\\=x\\>"
    assert len(md_user_text("x" * 5000)) < 60
