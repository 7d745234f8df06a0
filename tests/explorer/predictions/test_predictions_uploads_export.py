"""explorer.predictions.uploads.export: the Class weights box, and downloads a spreadsheet
cannot run.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import pytest

from explorer.parsing import InputProblem
from explorer.predictions.uploads.export import (
    format_weights,
    neutralise,
    parse_class_weights,
    per_sample_frame,
    safe_csv,
)
from explorer.predictions.uploads.extract import PredictionData
from xentcore.predictions import evaluate_predictions, source_example


def test_class_weights_box():
    names = ["a", "b", "c"]
    np.testing.assert_array_equal(parse_class_weights("1, 2; 0.5", names), [1, 2, 0.5])
    assert parse_class_weights("", names) is None
    for text, phrase in {
        "1, x, 2": "value 2 (‘x’) is not a number",
        "1, -2, 1": "value 2 (\\-2) is not a weight",
        "1, nan, 1": "value 2 (nan) is not a weight",
        "1, 1e300, 1": "from 0 to 1e+06",
        "1, 2": "2 number(s) for 3 classes",
        "1," * 20000: "characters long",
    }.items():
        with pytest.raises(InputProblem, match=None) as info:
            parse_class_weights(text, names)
        assert phrase in info.value.markdown(), (text[:20], str(info.value))
        assert "Class weights" in info.value.markdown()


def test_format_weights_round_trips():
    w = [1.0, 0.6666666, 2.5]
    text = format_weights(w)
    np.testing.assert_allclose(parse_class_weights(text, ["a", "b", "c"]), w, rtol=1e-3)


def test_safe_csv_neutralises_text_but_keeps_numbers():
    frame = pd.DataFrame(
        {
            "=label": ['=HYPERLINK("x")', "+1", "-cat", "@sum", "\tx", "\rx", " =x", "cat"],
            "logit": [-1.5, 2.0, -0.0, 1e-300, -3.0, 0.0, 1.0, 2.0],
            "ok": [True] * 8,
        }
    )
    text = safe_csv(frame).decode()
    lines = text.split("\r\n")
    assert lines[0] == "'=label,logit,ok"
    cells = pd.read_csv(io.StringIO(text, newline=""), dtype=str, keep_default_na=False)
    assert len(cells) == 8  # the cell holding a carriage return is quoted, not split
    for value in cells["'=label"]:
        assert value.startswith("'") or value == "cat"
    assert cells["logit"].iloc[0] == "-1.5"  # a number stays a number
    assert neutralise("cat") == "cat"


def test_per_sample_frame_columns_and_units():
    y, p = source_example()
    d = PredictionData(p, y, ["0", "1"], "probabilities", None, "binary")
    ev = evaluate_predictions(p, y, kind="probabilities")
    frame = per_sample_frame(ev, d, "bits", 2)
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
