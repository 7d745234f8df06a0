"""Prediction files for the Your predictions tests: every supported layout, every bad file.

Shared by tests/explorer/predictions/test_predictions_uploads_*.py and
tests/app/test_predictions_page.py, so the page is tested on exactly the same files.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from explorer.parsing import InputProblem
from explorer.predictions.uploads import reading
from explorer.predictions.uploads.extract import extract
from explorer.predictions.uploads.mapping import detect_mapping

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


def bad(data: bytes, name: str, *phrases: str) -> tuple[bytes, str, list[str]]:
    """One bad file: its bytes, its name, and the phrases its message must contain."""
    return data, name, list(phrases)


def bad_files() -> dict[str, tuple[bytes, str, list[str]]]:
    """name -> (bytes, file name, phrases the message must contain)."""
    wide = ",".join(f"p_{k}" for k in range(reading.MAX_CLASSES + 1))
    wide_row = ",".join(["0"] + ["0.001"] * (reading.MAX_CLASSES + 1))
    return {
        "empty": bad(b"", "empty.csv", "The file is empty", "0 bytes", "header row"),
        "blank lines only": bad(b"\n \n\n", "blank.csv", "The file is empty"),
        "header only": bad(
            b"label,p_0,p_1\n",
            "header.csv",
            "header but no data rows",
            "‘label’",
            "one row per sample",
        ),
        "binary": bad(bytes(range(256)) * 8, "model.csv", "binary file", "NUL byte", "CSV text"),
        "excel workbook": bad(
            b"PK\x03\x04" + bytes(200),
            "book.xlsx",
            "not a CSV text file",
            "Excel",
            "Save the predictions as CSV",
        ),
        "broken parquet": bad(b"PAR1 not really parquet", "x.parquet", "Parquet file could not"),
        "ragged: a long row": bad(
            b"label,p_0,p_1\n0,0.2,0.8\n1,0.3,0.7,0.1\n",
            "long.csv",
            "more fields than the header",
            "line 3",
            "data row 2",
            "4 fields",
            "has 3",
        ),
        "ragged: a short row": bad(
            b"label,p_0,p_1\n0,0.2,0.8\n1,0.3\n0,0.5,0.5\n",
            "short.csv",
            "fewer fields than the header",
            "line 3 has 2",
            "header has 3",
        ),
        "ragged: short header": bad(
            b"label,p_0\n0,0.2,0.8\n1,0.3,0.7\n",
            "hdr.csv",
            "more fields than the header",
            "the header (line 1) has 2 fields",
        ),
        "duplicate column names": bad(
            b"label,p_0,p_0\n0,0.2,0.8\n",
            "dup.csv",
            "Duplicate column names",
            "‘p\\_0’ (columns 2 and 3)",
            "its own name",
        ),
        "single column": bad(
            b"label\n0\n1\n",
            "one.csv",
            "single column",
            "‘label’",
            "label column and at least one prediction",
        ),
        "space separated": bad(
            b"label p_0 p_1\n0 0.2 0.8\n", "spaces.csv", "single column", "separated by spaces"
        ),
        "missing label column": bad(
            b"p_0,p_1\n0.2,0.8\n0.3,0.7\n",
            "nolabel.csv",
            "No label column",
            "‘p\\_0’",
            "Column mapping",
        ),
        "non-numeric cells": bad(
            b"label,p_0,p_1\n0,0.2,0.8\n1,abc,0.7\n0,0.5,0.5\n1,0.1,n/a?\n",
            "text.csv",
            "Non-numeric prediction cells (2 in all)",
            "row 2, column ‘p\\_0’: ‘abc’",
            "row 4",
        ),
        "missing (NaN) cells": bad(
            b"label,p_0,p_1\n0,,0.8\n1,0.3,nan\n",
            "nan.csv",
            "Missing (empty or NaN) prediction cells (2 in all)",
            "row 1, column ‘p\\_0’",
        ),
        "infinite cells": bad(
            b"label,logit_0,logit_1\n0,inf,1\n1,2,-inf\n",
            "inf.csv",
            "Infinite prediction cells (2 in all)",
            "row 1, column ‘logit\\_0’: inf",
            "-inf",
        ),
        "negative and >1 probabilities": bad(
            b"label,p_0,p_1\n0,-0.2,1.2\n1,0.3,0.7\n",
            "neg.csv",
            "outside [0, 1] (1 negative and 1 above 1)",
            "row 1, column ‘p\\_0’: -0.2",
            "logits",
        ),
        "rows not summing to 1": bad(
            b"label,p_0,p_1\n0,0.2,0.7\n1,0.3,0.7\n0,0.5,0.8\n",
            "sums.csv",
            "do not sum to 1: 2 of 3",
            "row 3, which sums to 1.3",
            "Renormalise",
        ),
        "labels not among the classes": bad(
            b"label,p_cat,p_dog\ncat,0.2,0.8\nbird,0.3,0.7\nfish,0.5,0.5\nbird,0.1,0.9\n",
            "labels.csv",
            "not among the 2 classes: 2 value(s)",
            "‘bird’ (2 rows, first row 2)",
            "‘fish’",
        ),
        "label indices out of range": bad(
            b"label,p_0,p_1\n0,0.2,0.8\n5,0.3,0.7\n",
            "range.csv",
            "not among the 2 classes",
            "‘5’",
            "indices 0 to 1",
        ),
        "missing labels": bad(
            b"label,p_0,p_1\n0,0.2,0.8\n,0.3,0.7\n",
            "nolab.csv",
            "Missing labels (1 rows)",
            "row 2 of column ‘label’",
        ),
        "too many classes": bad(
            f"label,{wide}\n{wide_row}\n".encode(),
            "wide.csv",
            f"Too many classes: {reading.MAX_CLASSES + 1:,}",
            "at most 1,000 classes",
        ),
        "one-hot rows that are not one-hot": bad(
            b"y_a,y_b,p_a,p_b\n1,0,0.2,0.8\n1,1,0.3,0.7\n",
            "onehot.csv",
            "not one-hot (1 rows)",
            "row 2 sums to 2",
            "single 1",
        ),
    }


def problem_of(data: bytes, name: str, renormalise: bool = False) -> InputProblem:
    """The problem that reading, mapping and extracting ``data`` stops at."""
    with pytest.raises(InputProblem) as info:
        table = reading.read_table(data, name)
        extract(table.frame, detect_mapping(table.frame), renormalise=renormalise)
    return info.value
