"""explorer.predictions.uploads.reading: encodings, separators, and files too big to read.

The layouts and bad files are in tests/explorer/upload_cases.py.
"""

from __future__ import annotations

from upload_cases import layout_files, problem_of

from explorer.predictions.uploads.extract import extract
from explorer.predictions.uploads.mapping import detect_mapping
from explorer.predictions.uploads.reading import MAX_ROWS, read_table


def test_latin1_file_is_read_and_says_so():
    text = "label,p_café,p_thé\ncafé,0.3,0.7\nthé,0.6,0.4\n"
    table = read_table(text.encode("latin-1"), "fr.csv")
    assert table.encoding == "latin-1"
    assert "not valid UTF-8" in table.notes[0] and "Latin-1" in table.notes[0]
    assert "line 1" in table.notes[0]
    d = extract(table.frame, detect_mapping(table.frame))
    assert d.class_names == ["café", "thé"] and d.labels.tolist() == [0, 1]


def test_utf8_bom_and_crlf_are_fine():
    data = "\ufefflabel,p_0,p_1\r\n0,0.2,0.8\r\n1,0.3,0.7\r\n".encode()
    table = read_table(data, "bom.csv")
    assert list(table.frame.columns) == ["label", "p_0", "p_1"] and not table.notes


def test_trailing_separator_column_is_dropped_with_a_note():
    table = read_table(b"label,p_0,p_1,\n0,0.2,0.8,\n1,0.3,0.7,\n", "t.csv")
    assert list(table.frame.columns) == ["label", "p_0", "p_1"]
    assert "empty column" in table.notes[0]


def test_semicolon_file_gets_a_note():
    data = layout_files()["semicolon separated"][0]
    assert "semicolon" in read_table(data, "s.csv").notes[0]


def test_too_many_rows_at_the_real_limit():
    data = b"label,p\n" + b"0,0.5\n" * (MAX_ROWS + 1)
    message = problem_of(data, "big.csv").markdown()
    assert "Too many rows: more than 1,000,000" in message and "random sample" in message
