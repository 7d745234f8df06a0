"""explorer.uploads: every supported layout read back exactly, every bad file named.

``bad_files()`` is also used by tests/app/test_predictions.py, so the page is tested
on exactly the same files.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import pytest

from explorer import uploads
from explorer.samples import SAMPLES, sample_csv, sample_frame
from explorer.uploads import Mapping, UploadProblem
from xentcore.predictions import evaluate_predictions, sample_losses, source_example

RNG = np.random.default_rng(7)
N, C = 30, 3
Z = RNG.normal(0, 2, size=(N, C))
PROBS = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
LABELS = RNG.integers(0, C, N)
NAMES = ["cat", "dog", "bird"]
WEIGHTS = RNG.uniform(0.5, 2.0, N)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode()


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()


def layout_files() -> dict[str, tuple[bytes, str, str, np.ndarray, np.ndarray]]:
    """name -> (bytes, file name, kind, scores (N, C), labels) for every supported layout."""
    out = {}
    f = pd.DataFrame(PROBS, columns=[f"p_{k}" for k in range(C)])
    f.insert(0, "label", LABELS)
    out["indices + probabilities"] = (csv_bytes(f), "a.csv", "probabilities", PROBS, LABELS)
    f = pd.DataFrame(PROBS, columns=[f"p_{n}" for n in NAMES])
    f.insert(0, "label", [NAMES[i] for i in LABELS])
    out["names + probabilities"] = (csv_bytes(f), "b.csv", "probabilities", PROBS, LABELS)
    out["parquet"] = (parquet_bytes(f), "b.parquet", "probabilities", PROBS, LABELS)
    f = pd.DataFrame(Z, columns=[f"logit_{k}" for k in range(C)])
    f.insert(0, "y", LABELS)
    out["indices + logits"] = (csv_bytes(f), "c.csv", "logits", Z, LABELS)
    yb = LABELS % 2
    p1 = PROBS[:, 1]
    f = pd.DataFrame({"label": yb, "p": p1})
    two = np.column_stack([1 - p1, p1])
    out["binary probability"] = (csv_bytes(f), "d.csv", "probabilities", two, yb)
    f = pd.DataFrame({"y_true": yb, "logit": Z[:, 0]})
    out["binary logit"] = (
        csv_bytes(f),
        "e.csv",
        "logits",
        np.column_stack([np.zeros(N), Z[:, 0]]),
        yb,
    )
    onehot = np.eye(C)[LABELS]
    f = pd.concat(
        [
            pd.DataFrame(onehot.astype(int), columns=[f"y_{n}" for n in NAMES]),
            pd.DataFrame(PROBS, columns=[f"p_{n}" for n in NAMES]),
        ],
        axis=1,
    )
    out["one-hot + probabilities"] = (csv_bytes(f), "f.csv", "probabilities", PROBS, LABELS)
    f = pd.concat(
        [
            pd.DataFrame(onehot, columns=[f"true_{k}" for k in range(C)]),
            pd.DataFrame(Z, columns=[f"logit_{k}" for k in range(C)]),
        ],
        axis=1,
    )
    out["one-hot + logits"] = (csv_bytes(f), "g.csv", "logits", Z, LABELS)
    f = pd.DataFrame(PROBS, columns=[f"p_{k}" for k in range(C)])
    f.insert(0, "label", LABELS)
    semicolon = f.to_csv(index=False, sep=";").encode()
    out["semicolon separated"] = (semicolon, "h.csv", "probabilities", PROBS, LABELS)
    return out


def bad_files() -> dict[str, tuple[bytes, str, list[str]]]:
    """name -> (bytes, file name, phrases the message must contain)."""
    wide = ",".join(f"p_{k}" for k in range(uploads.MAX_CLASSES + 1))
    wide_row = ",".join(["0"] + ["0.001"] * (uploads.MAX_CLASSES + 1))
    return {
        "empty": (b"", "empty.csv", ["The file is empty", "0 bytes", "header row"]),
        "blank lines only": (b"\n \n\n", "blank.csv", ["The file is empty"]),
        "header only": (
            b"label,p_0,p_1\n",
            "header.csv",
            ["header but no data rows", "‘label’", "one row per sample"],
        ),
        "binary": (
            bytes(range(256)) * 8,
            "model.csv",
            ["binary file", "NUL byte", "CSV text"],
        ),
        "excel workbook": (
            b"PK\x03\x04" + bytes(200),
            "book.xlsx",
            ["not a CSV text file", "Excel", "Save the predictions as CSV"],
        ),
        "broken parquet": (b"PAR1 not really parquet", "x.parquet", ["Parquet file could not"]),
        "ragged: a long row": (
            b"label,p_0,p_1\n0,0.2,0.8\n1,0.3,0.7,0.1\n",
            "long.csv",
            ["more fields than the header", "line 3", "data row 2", "4 fields", "has 3"],
        ),
        "ragged: a short row": (
            b"label,p_0,p_1\n0,0.2,0.8\n1,0.3\n0,0.5,0.5\n",
            "short.csv",
            ["fewer fields than the header", "line 3 has 2", "header has 3"],
        ),
        "ragged: short header": (
            b"label,p_0\n0,0.2,0.8\n1,0.3,0.7\n",
            "hdr.csv",
            ["more fields than the header", "the header (line 1) has 2 fields"],
        ),
        "duplicate column names": (
            b"label,p_0,p_0\n0,0.2,0.8\n",
            "dup.csv",
            ["Duplicate column names", "‘p\\_0’ (columns 2 and 3)", "its own name"],
        ),
        "single column": (
            b"label\n0\n1\n",
            "one.csv",
            ["single column", "‘label’", "label column and at least one prediction"],
        ),
        "space separated": (
            b"label p_0 p_1\n0 0.2 0.8\n",
            "spaces.csv",
            ["single column", "separated by spaces"],
        ),
        "missing label column": (
            b"p_0,p_1\n0.2,0.8\n0.3,0.7\n",
            "nolabel.csv",
            ["No label column", "‘p\\_0’", "Column mapping"],
        ),
        "non-numeric cells": (
            b"label,p_0,p_1\n0,0.2,0.8\n1,abc,0.7\n0,0.5,0.5\n1,0.1,n/a?\n",
            "text.csv",
            ["Non-numeric prediction cells (2 in all)", "row 2, column ‘p\\_0’: ‘abc’", "row 4"],
        ),
        "missing (NaN) cells": (
            b"label,p_0,p_1\n0,,0.8\n1,0.3,nan\n",
            "nan.csv",
            ["Missing (empty or NaN) prediction cells (2 in all)", "row 1, column ‘p\\_0’"],
        ),
        "infinite cells": (
            b"label,logit_0,logit_1\n0,inf,1\n1,2,-inf\n",
            "inf.csv",
            ["Infinite prediction cells (2 in all)", "row 1, column ‘logit\\_0’: inf", "-inf"],
        ),
        "negative and >1 probabilities": (
            b"label,p_0,p_1\n0,-0.2,1.2\n1,0.3,0.7\n",
            "neg.csv",
            ["outside [0, 1] (1 negative and 1 above 1)", "row 1, column ‘p\\_0’: -0.2", "logits"],
        ),
        "rows not summing to 1": (
            b"label,p_0,p_1\n0,0.2,0.7\n1,0.3,0.7\n0,0.5,0.8\n",
            "sums.csv",
            ["do not sum to 1: 2 of 3", "row 3, which sums to 1.3", "Renormalise"],
        ),
        "labels not among the classes": (
            b"label,p_cat,p_dog\ncat,0.2,0.8\nbird,0.3,0.7\nfish,0.5,0.5\nbird,0.1,0.9\n",
            "labels.csv",
            ["not among the 2 classes: 2 value(s)", "‘bird’ (2 rows, first row 2)", "‘fish’"],
        ),
        "label indices out of range": (
            b"label,p_0,p_1\n0,0.2,0.8\n5,0.3,0.7\n",
            "range.csv",
            ["not among the 2 classes", "‘5’", "indices 0 to 1"],
        ),
        "missing labels": (
            b"label,p_0,p_1\n0,0.2,0.8\n,0.3,0.7\n",
            "nolab.csv",
            ["Missing labels (1 rows)", "row 2 of column ‘label’"],
        ),
        "too many classes": (
            f"label,{wide}\n{wide_row}\n".encode(),
            "wide.csv",
            [f"Too many classes: {uploads.MAX_CLASSES + 1:,}", "at most 1,000 classes"],
        ),
        "one-hot rows that are not one-hot": (
            b"y_a,y_b,p_a,p_b\n1,0,0.2,0.8\n1,1,0.3,0.7\n",
            "onehot.csv",
            ["not one-hot (1 rows)", "row 2 sums to 2", "single 1"],
        ),
    }


def problem_of(data: bytes, name: str, renormalise: bool = False) -> UploadProblem:
    with pytest.raises(UploadProblem) as info:
        table = uploads.read_table(data, name)
        uploads.extract(table.frame, uploads.detect_mapping(table.frame), renormalise=renormalise)
    return info.value


# --- layouts -----------------------------------------------------------------------


@pytest.mark.parametrize("layout", list(layout_files()))
def test_every_layout_reads_back_the_same_arrays_and_loss(layout):
    data, name, kind, scores, labels = layout_files()[layout]
    table = uploads.read_table(data, name)
    mapping = uploads.detect_mapping(table.frame)
    got = uploads.extract(table.frame, mapping)
    assert got.kind == kind
    np.testing.assert_allclose(got.scores, scores, rtol=1e-14, atol=1e-15)
    np.testing.assert_array_equal(got.labels, labels)
    expected = sample_losses(scores, labels, kind=kind).mean()
    ev = evaluate_predictions(got.scores, got.labels, kind=got.kind)
    assert ev.mean_loss == pytest.approx(expected, rel=1e-12)


def test_detected_layouts_and_class_names():
    files = layout_files()
    detect = {
        k: uploads.detect_mapping(uploads.read_table(v[0], v[1]).frame) for k, v in files.items()
    }
    assert detect["names + probabilities"].layout == "label"
    assert detect["names + probabilities"].predictions == ("p_cat", "p_dog", "p_bird")
    assert detect["indices + logits"].kind == "logits"
    assert detect["binary probability"].layout == "binary"
    assert detect["binary logit"] == Mapping("binary", "logits", "y_true", ("logit",))
    assert detect["one-hot + probabilities"].layout == "one_hot"
    assert detect["one-hot + probabilities"].targets == ("y_cat", "y_dog", "y_bird")
    assert detect["one-hot + logits"].kind == "logits"
    table = uploads.read_table(files["names + probabilities"][0])
    assert uploads.extract(table.frame, detect["names + probabilities"]).class_names == NAMES


def test_one_hot_columns_without_prefixes_are_found_by_their_values():
    f = pd.DataFrame(np.eye(3)[LABELS], columns=["a", "b", "c"])
    f[["pa", "pb", "pc"]] = PROBS
    m = uploads.detect_mapping(f)
    assert (m.layout, m.targets) == ("one_hot", ("a", "b", "c"))
    np.testing.assert_array_equal(uploads.extract(f, m).labels, LABELS)


def test_neutral_column_names_are_logits_when_values_leave_0_1():
    f = pd.DataFrame({"label": [0, 1], "a": [2.0, -1.0], "b": [0.5, 0.1]})
    assert uploads.detect_mapping(f).kind == "logits"
    f = pd.DataFrame({"label": [0, 1], "a": [0.2, 0.6], "b": [0.8, 0.4]})
    assert uploads.detect_mapping(f).kind == "probabilities"


def test_sample_weight_column_is_read():
    f = pd.DataFrame(PROBS, columns=[f"p_{k}" for k in range(C)])
    f.insert(0, "label", LABELS)
    f["sample_weight"] = WEIGHTS
    table = uploads.read_table(csv_bytes(f), "w.csv")
    mapping = uploads.detect_mapping(table.frame)
    assert mapping.weight == "sample_weight" and "sample_weight" not in mapping.predictions
    np.testing.assert_allclose(uploads.extract(table.frame, mapping).weights, WEIGHTS)
    bad = f.assign(sample_weight=-WEIGHTS)
    with pytest.raises(UploadProblem, match="Negative sample weights"):
        uploads.extract(bad, mapping)


def test_an_id_column_and_a_text_column_are_ignored():
    f = pd.DataFrame({"id": range(N), "file": ["x.png"] * N, "label": LABELS})
    f[[f"p_{k}" for k in range(C)]] = PROBS
    m = uploads.detect_mapping(f)
    assert m.predictions == ("p_0", "p_1", "p_2")


def test_binary_string_labels_use_the_column_name_or_sorted_order():
    f = pd.DataFrame({"label": ["spam", "ham", "spam"], "p_spam": [0.9, 0.2, 0.6]})
    d = uploads.extract(f, uploads.detect_mapping(f))
    assert d.class_names == ["ham", "spam"] and d.labels.tolist() == [1, 0, 1]
    np.testing.assert_allclose(d.scores[:, 1], [0.9, 0.2, 0.6])
    f = pd.DataFrame({"label": ["yes", "no"], "score": [2.0, -1.0]})
    d = uploads.extract(f, uploads.detect_mapping(f))
    assert d.class_names == ["no", "yes"] and d.kind == "logits"
    assert "second class in sorted order" in " ".join(d.notes)
    f = pd.DataFrame({"label": ["a", "b", "c"], "p": [0.9, 0.2, 0.6]})
    with pytest.raises(UploadProblem, match="needs two classes, but the label column has 3"):
        uploads.extract(f, uploads.detect_mapping(f))


def test_numeric_labels_match_numeric_class_names_first():
    f = pd.DataFrame({"label": [1, 2, 3], "p_1": [0.8, 0.1, 0.1], "p_2": [0.1, 0.8, 0.1]})
    f["p_3"] = [0.1, 0.1, 0.8]
    d = uploads.extract(f, uploads.detect_mapping(f))
    assert d.labels.tolist() == [0, 1, 2] and "matched to the class names" in d.notes[0]


def test_latin1_file_is_read_and_says_so():
    text = "label,p_café,p_thé\ncafé,0.3,0.7\nthé,0.6,0.4\n"
    table = uploads.read_table(text.encode("latin-1"), "fr.csv")
    assert table.encoding == "latin-1"
    assert "not valid UTF-8" in table.notes[0] and "Latin-1" in table.notes[0]
    assert "line 1" in table.notes[0]
    d = uploads.extract(table.frame, uploads.detect_mapping(table.frame))
    assert d.class_names == ["café", "thé"] and d.labels.tolist() == [0, 1]


def test_utf8_bom_and_crlf_are_fine():
    data = "\ufefflabel,p_0,p_1\r\n0,0.2,0.8\r\n1,0.3,0.7\r\n".encode()
    table = uploads.read_table(data, "bom.csv")
    assert list(table.frame.columns) == ["label", "p_0", "p_1"] and not table.notes


def test_trailing_separator_column_is_dropped_with_a_note():
    table = uploads.read_table(b"label,p_0,p_1,\n0,0.2,0.8,\n1,0.3,0.7,\n", "t.csv")
    assert list(table.frame.columns) == ["label", "p_0", "p_1"]
    assert "empty column" in table.notes[0]


def test_semicolon_file_gets_a_note():
    data = layout_files()["semicolon separated"][0]
    assert "semicolon" in uploads.read_table(data, "s.csv").notes[0]


def test_renormalise_fixes_rows_and_reports_how_many():
    data = b"label,p_0,p_1\n0,0.2,0.7\n1,0.3,0.7\n0,0.5,0.8\n"
    table = uploads.read_table(data, "s.csv")
    d = uploads.extract(table.frame, uploads.detect_mapping(table.frame), renormalise=True)
    np.testing.assert_allclose(d.scores.sum(axis=1), 1.0)
    assert d.renormalised == 2 and "2 rows were renormalised" in d.notes[-1]
    zero = b"label,p_0,p_1\n0,0.0,0.0\n1,0.3,0.7\n"
    assert "all zeros" in str(problem_of(zero, "z.csv", renormalise=True))


def test_row_sum_problem_carries_the_report():
    problem = problem_of(b"label,p_0,p_1\n0,0.2,0.7\n1,0.3,0.7\n", "s.csv")
    assert isinstance(problem, uploads.RowSumProblem)
    assert problem.report.n_off == 1 and problem.report.worst_row == 0


def test_samples_are_valid_files_with_their_known_numbers():
    for name in SAMPLES:
        table = uploads.read_table(sample_csv(name), SAMPLES[name].file_name)
        d = uploads.extract(table.frame, uploads.detect_mapping(table.frame))
        ev = evaluate_predictions(d.scores, d.labels, kind=d.kind)
        expected = {"binary10": 0.247, "calibrated": 0.728, "overconfident": 1.104}[name]
        assert round(ev.mean_loss, 3) == expected
    y, p = source_example()
    np.testing.assert_array_equal(sample_frame("binary10")["p"], p[:, 1])


# --- bad files ---------------------------------------------------------------------


@pytest.mark.parametrize("case", list(bad_files()))
def test_every_bad_file_names_problem_place_and_fix(case):
    data, name, phrases = bad_files()[case]
    message = str(problem_of(data, name))
    assert "**Where:**" in message and "**Fix:**" in message
    for phrase in phrases:
        assert phrase in message, (phrase, message)


def test_too_many_rows_at_the_real_limit():
    data = b"label,p\n" + b"0,0.5\n" * (uploads.MAX_ROWS + 1)
    message = str(problem_of(data, "big.csv"))
    assert "Too many rows: more than 1,000,000" in message and "random sample" in message


def test_too_many_cells(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_CELLS", 10)
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
        with pytest.raises(UploadProblem, match=phrase):
            uploads.extract(f, mapping)


def test_user_text_is_escaped_in_messages():
    data = b"label,p_a,p_b\n[x](javascript:alert(1)),0.2,0.8\n"
    message = str(problem_of(data, "x.csv"))
    assert "](javascript" not in message and "\\]\\(javascript\\:" in message
    assert uploads.md_escape("<img src=x>") == "\\<img src\\=x\\>"
    assert len(uploads.md_escape("x" * 5000)) < 60


# --- class weights and downloads ---------------------------------------------------


def test_class_weights_box():
    names = ["a", "b", "c"]
    np.testing.assert_array_equal(uploads.parse_class_weights("1, 2; 0.5", names), [1, 2, 0.5])
    assert uploads.parse_class_weights("", names) is None
    for text, phrase in {
        "1, x, 2": "value 2 (‘x’) is not a number",
        "1, -2, 1": "value 2 (\\-2) is not a weight",
        "1, nan, 1": "value 2 (nan) is not a weight",
        "1, 1e300, 1": "from 0 to 1e+06",
        "1, 2": "2 number(s) for 3 classes",
        "1," * 20000: "characters long",
    }.items():
        with pytest.raises(UploadProblem, match=None) as info:
            uploads.parse_class_weights(text, names)
        assert phrase in str(info.value), (text[:20], str(info.value))
        assert "Class weights" in str(info.value)


def test_format_weights_round_trips():
    w = [1.0, 0.6666666, 2.5]
    text = uploads.format_weights(w)
    np.testing.assert_allclose(uploads.parse_class_weights(text, ["a", "b", "c"]), w, rtol=1e-3)


def test_safe_csv_neutralises_text_but_keeps_numbers():
    frame = pd.DataFrame(
        {
            "=label": ['=HYPERLINK("x")', "+1", "-cat", "@sum", "\tx", "\rx", " =x", "cat"],
            "logit": [-1.5, 2.0, -0.0, 1e-300, -3.0, 0.0, 1.0, 2.0],
            "ok": [True] * 8,
        }
    )
    text = uploads.safe_csv(frame).decode()
    lines = text.split("\r\n")
    assert lines[0] == "'=label,logit,ok"
    cells = pd.read_csv(io.StringIO(text, newline=""), dtype=str, keep_default_na=False)
    assert len(cells) == 8  # the cell holding a carriage return is quoted, not split
    for value in cells["'=label"]:
        assert value.startswith("'") or value == "cat"
    assert cells["logit"].iloc[0] == "-1.5"  # a number stays a number
    assert uploads.neutralise("cat") == "cat"


def test_per_sample_frame_columns_and_units():
    y, p = source_example()
    d = uploads.PredictionData(p, y, ["0", "1"], "probabilities", None, "binary")
    ev = evaluate_predictions(p, y, kind="probabilities")
    frame = uploads.per_sample_frame(ev, d, "bits", 2)
    assert list(frame.columns) == [
        "row",
        "true class",
        "predicted class",
        "p(true class)",
        "confidence",
        "correct",
        "loss (bits)",
    ]
    assert frame["row"].tolist() == list(range(1, 11))
    np.testing.assert_allclose(frame["loss (bits)"], ev.losses / math.log(2))
