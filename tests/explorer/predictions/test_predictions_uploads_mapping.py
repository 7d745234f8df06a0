"""explorer.predictions.uploads.mapping: which column is the label, the predictions, the weights.

The layouts and bad files are in tests/explorer/upload_cases.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from upload_cases import LABELS, NAMES, PROBS, C, N, layout_files

from explorer.predictions.uploads.extract import extract
from explorer.predictions.uploads.mapping import Mapping, detect_mapping
from explorer.predictions.uploads.reading import read_table


def test_detected_layouts_and_class_names():
    files = layout_files()
    detect = {k: detect_mapping(read_table(v[0], v[1]).frame) for k, v in files.items()}
    assert detect["names + probabilities"].layout == "label"
    assert detect["names + probabilities"].predictions == ("p_cat", "p_dog", "p_bird")
    assert detect["indices + logits"].kind == "logits"
    assert detect["binary probability"].layout == "binary"
    assert detect["binary logit"] == Mapping("binary", "logits", "y_true", ("logit",))
    assert detect["one-hot + probabilities"].layout == "one_hot"
    assert detect["one-hot + probabilities"].targets == ("y_cat", "y_dog", "y_bird")
    assert detect["one-hot + logits"].kind == "logits"
    table = read_table(files["names + probabilities"][0])
    assert extract(table.frame, detect["names + probabilities"]).class_names == NAMES


def test_one_hot_columns_without_prefixes_are_found_by_their_values():
    f = pd.DataFrame(np.eye(3)[LABELS], columns=["a", "b", "c"])
    f[["pa", "pb", "pc"]] = PROBS
    m = detect_mapping(f)
    assert (m.layout, m.targets) == ("one_hot", ("a", "b", "c"))
    np.testing.assert_array_equal(extract(f, m).labels, LABELS)


def test_neutral_column_names_are_logits_when_values_leave_0_1():
    f = pd.DataFrame({"label": [0, 1], "a": [2.0, -1.0], "b": [0.5, 0.1]})
    assert detect_mapping(f).kind == "logits"
    f = pd.DataFrame({"label": [0, 1], "a": [0.2, 0.6], "b": [0.8, 0.4]})
    assert detect_mapping(f).kind == "probabilities"


def test_an_id_column_and_a_text_column_are_ignored():
    f = pd.DataFrame({"id": range(N), "file": ["x.png"] * N, "label": LABELS})
    f[[f"p_{k}" for k in range(C)]] = PROBS
    m = detect_mapping(f)
    assert m.predictions == ("p_0", "p_1", "p_2")
