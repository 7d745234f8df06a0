"""The Two variables tab's table read cell by cell (explorer.beyond.table.read_table)."""

import math

import pandas as pd
import pytest

from explorer.beyond.table import ROW, column_names, grid, read_table, row_names


def frame(rows):
    df = pd.DataFrame({f"y{j + 1}": [r[j] for r in rows] for j in range(len(rows[0]))})
    df.insert(0, ROW, row_names(len(rows)))
    return df


def sentences(reading):
    return [p.sentence() for p in reading.problems]


def test_a_good_table_is_read_as_numbers():
    r = read_table(frame([[30, 10], [15, 15]]), "counts")
    assert r.ok and r.rows == [[30.0, 10.0], [15.0, 15.0]] and r.cells == [30.0, 10.0, 15.0, 15.0]


def test_every_bad_cell_is_named():
    r = read_table(frame([[-1, None], [math.inf, 2]]), "counts")
    assert sentences(r) == [
        "Row x1, column y1 is -1, below 0. Counts and probabilities cannot be negative: type 0 "
        "or a positive number.",
        "Row x1, column y2 is empty. Type a count or a probability, 0 or more (e.g. 5 or 0.25).",
        "Row x2, column y1 is infinite. Type a count or a probability, 0 or more (e.g. 5 or 0.25).",
    ]
    assert not r.ok and math.isnan(r.rows[0][1])


def test_text_the_editor_refused_is_quoted_from_its_raw_edits():
    edits = {"edited_rows": {"1": {"y2": "x" * 5000}}}
    r = read_table(frame([[1, 2], [3, None]]), "counts", edits)
    (message,) = sentences(r)
    assert message.startswith("Row x2, column y2: the text 'xxxxxxxxxxxxxxxxx\\.\\.\\.'")
    assert "(5,000 characters) is not a number" in message


def test_whole_table_problems():
    assert "Every cell is 0" in sentences(read_table(frame([[0, 0], [0, 0]]), "counts"))[0]
    probs = read_table(frame([[0.5, 0.2], [0.2, 0.2]]), "probabilities")
    assert sentences(probs) == [
        "The probabilities sum to 1.1, not 1. Make the cells sum to 1, or choose counts (they "
        "are then divided by their total)."
    ]
    assert read_table(frame([[0.5, 0.2], [0.2, 0.1]]), "probabilities").ok
    above = read_table(frame([[3, 0], [0, 0]]), "probabilities")
    assert sentences(above)[0].startswith("Row x1, column y1 is 3, above 1.")


@pytest.mark.parametrize("rows", [1, 7])
def test_the_row_count_is_bounded(rows):
    r = read_table(frame([[1, 1]] * rows), "counts")
    assert sentences(r)[0].startswith(f"The table has {rows} rows; it takes 2 to 6.")


def test_names_and_grid():
    assert column_names(2) == ["y1", "y2"] and row_names(3) == ["x1", "x2", "x3"]
    assert grid([1, 2, 3, 4], 2) == [[1.0, 2.0], [3.0, 4.0]]
