"""The Two variables tab's table: an ``st.data_editor`` of p(x, y), read cell by cell.

``st.data_editor`` hands back whatever was typed (or a hostile session state holds):
empty cells, NaN, -3, 1e309, a 5,000-character text, eight rows. :func:`read_table`
turns that into rows of numbers plus one message per problem, each naming the cell and
the fix, so the page never computes with (or crashes on) a bad table.

The table's state. The link holds the last valid table (``beyond_mi_cells``, row by
row, and ``beyond_mi_cols``). The editor is built from ``BASE``, set only when a fresh
editor starts (first visit, reset, new column count, or the tab reopened: an editor that
is not drawn loses its edits); each start gets a new widget key, so the browser never
re-sends the edits of an old table. ``LAST`` keeps the table as last read, valid or not,
so reopening the tab shows it again.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from explorer.beyond import wording
from explorer.parsing import InputProblem, short_token
from explorer.text import md_escape

__all__ = [
    "BASE",
    "CELLS",
    "COLS",
    "DEFAULT_CELLS",
    "DEFAULT_COLS",
    "EDITOR",
    "GEN",
    "KIND",
    "LAST",
    "MAX_SIZE",
    "MIN_SIZE",
    "ROW",
    "TableReading",
    "column_names",
    "draw_editor",
    "editor_key",
    "grid",
    "read_table",
    "read",
    "resize",
    "row_names",
]

MIN_SIZE, MAX_SIZE = 2, 6
CELLS, COLS, KIND = "beyond_mi_cells", "beyond_mi_cols", "beyond_mi_kind"
EDITOR = "beyond_mi_editor"  # the editor's key is EDITOR + "_" + its generation
GEN = "beyond_mi_gen"  # never reset: a new editor always gets a key never used before
BASE = "beyond_mi_base"  # rows the editor was built from
LAST = "beyond_mi_last"  # rows as last read
ROW = "X"  # the editor's first column: the rows' names, not editable
#: Weather (rows: sun, cloud, rain) against an umbrella (columns: no, yes), as counts.
DEFAULT_CELLS = [30.0, 10.0, 15.0, 15.0, 5.0, 25.0]
DEFAULT_COLS = 2
#: How far probabilities may sum away from 1 (they are typed by hand).
SUM_TOLERANCE = 1e-6


def column_names(count: int) -> list[str]:
    """``y1`` to ``yK``.

    >>> column_names(3)
    ['y1', 'y2', 'y3']
    """
    return [f"y{j}" for j in range(1, count + 1)]


def row_names(count: int) -> list[str]:
    """``x1`` to ``xR``."""
    return [f"x{i}" for i in range(1, count + 1)]


def grid(cells: Sequence[float], cols: int) -> list[list[float]]:
    """A flat row-by-row list as rows of ``cols``.

    >>> grid([1, 2, 3, 4, 5, 6], 3)
    [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    """
    values = [float(v) for v in cells]
    return [values[i : i + cols] for i in range(0, len(values), cols)]


@dataclass
class TableReading:
    """The table as numbers (NaN where a cell is unusable) and what is wrong with it."""

    rows: list[list[float]]
    problems: list[InputProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def cells(self) -> list[float]:
        """Row by row, as the link holds them."""
        return [v for row in self.rows for v in row]


def _raw_edit(edits: Mapping | None, row: int, column: str) -> Any:
    """What the browser (or a session) sent for one cell, before the editor parsed it."""
    if not isinstance(edits, Mapping):
        return None
    rows = edits.get("edited_rows")
    if not isinstance(rows, Mapping):
        return None
    cell = rows.get(row, rows.get(str(row)))
    return cell.get(column) if isinstance(cell, Mapping) else None


def _cell(value: Any, raw: Any, where: str) -> tuple[float, InputProblem | None]:
    """One cell as a number, or NaN with the message naming it."""
    if isinstance(raw, str) and raw.strip():
        try:
            float(raw)
        except ValueError:
            shown = md_escape(short_token(" ".join(raw.split())))
            problem = f"{where}: the text '{shown}' ({len(raw):,} characters) is not a number"
            return math.nan, InputProblem(problem, wording.CELL_FIX)
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        shown = md_escape(short_token(str(value)))
        return math.nan, InputProblem(f"{where}: '{shown}' is not a number", wording.CELL_FIX)
    if math.isnan(number):
        return math.nan, InputProblem(f"{where} is empty", wording.CELL_FIX)
    if math.isinf(number):
        return math.nan, InputProblem(f"{where} is infinite", wording.CELL_FIX)
    if number < 0:
        fix = "Counts and probabilities cannot be negative: type 0 or a positive number."
        return number, InputProblem(f"{where} is {number:g}, below 0", fix)
    return number, None


def _whole_table_problems(rows: list[list[float]], kind: str) -> list[InputProblem]:
    """The sum of a table whose every cell is fine: not 0, and 1 for probabilities."""
    cells = [v for row in rows for v in row]
    total = math.fsum(cells)
    if total == 0:
        return [
            InputProblem(
                "Every cell is 0, so the table describes nothing",
                "Type at least one positive count or probability.",
            )
        ]
    if kind != "probabilities":
        return []
    above = [(i, j, v) for i, row in enumerate(rows, 1) for j, v in enumerate(row, 1) if v > 1]
    if above:
        i, j, v = above[0]
        fix = "Type a probability from 0 to 1, or choose counts above the table."
        return [InputProblem(f"{wording.cell_label(i, j)} is {v:g}, above 1", fix)]
    if abs(total - 1.0) > SUM_TOLERANCE:
        fix = "Make the cells sum to 1, or choose counts (they are then divided by their total)."
        return [InputProblem(f"The probabilities sum to {total:.6g}, not 1", fix)]
    return []


def read_table(df: pd.DataFrame, kind: str, edits: Mapping | None = None) -> TableReading:
    """Read the edited table into rows of numbers, with one message per bad cell.

    ``edits`` are the editor's raw edits (its session value), to quote text it refused.

    >>> frame = pd.DataFrame({"y1": [1.0, -2.0], "y2": [float("nan"), 3.0]})
    >>> for p in read_table(frame, "counts").problems:
    ...     print(p.sentence())
    Row x1, column y2 is empty. Type a count or a probability, 0 or more (e.g. 5 or 0.25).
    Row x2, column y1 is -2, below 0. Counts and probabilities cannot be negative: type 0 or a positive number.
    """  # noqa: E501 (a doctest's expected line is as long as the message)
    n_rows = len(df)
    reading = TableReading(rows=[])
    if not MIN_SIZE <= n_rows <= MAX_SIZE:
        fix = (
            f"Delete rows (select one, then press Delete) down to {MAX_SIZE}."
            if n_rows > MAX_SIZE
            else "Add a row with the + under the table."
        )
        problem = f"The table has {n_rows} rows; it takes {MIN_SIZE} to {MAX_SIZE}"
        reading.problems.append(InputProblem(problem, fix))
    columns = [c for c in df.columns if c != ROW]
    for i in range(n_rows):
        row = []
        for j, column in enumerate(columns, start=1):
            raw = _raw_edit(edits, i, str(column))
            number, problem = _cell(df[column].iloc[i], raw, wording.cell_label(i + 1, j))
            row.append(number)
            if problem is not None:
                reading.problems.append(problem)
        reading.rows.append(row)
    if reading.ok:
        reading.problems.extend(_whole_table_problems(reading.rows, kind))
    return reading


# ---------------------------------------------------------------- the widget


def editor_key() -> str:
    """The key of the editor now on screen."""
    return f"{EDITOR}_{st.session_state.get(GEN, 0)}"


def _frame(rows: list[list[float]], cols: int) -> pd.DataFrame:
    data = {name: [row[j] for row in rows] for j, name in enumerate(column_names(cols))}
    frame = pd.DataFrame(data, dtype="float64")
    frame.insert(0, ROW, row_names(len(rows)))
    return frame


def resize() -> None:
    """``on_change`` of the column count: the table keeps its cells, new ones are 0."""
    ss = st.session_state
    cols = int(ss[COLS])
    rows = ss.get(LAST) or ss.get(BASE) or grid(DEFAULT_CELLS, DEFAULT_COLS)
    ss[LAST] = [(list(row) + [0.0] * cols)[:cols] for row in rows]
    ss.pop(BASE, None)  # a fresh editor on the resized table


def draw_editor() -> tuple[pd.DataFrame, Mapping | None]:
    """The editor (a fresh one when needed, see the module docstring); the table as edited
    and the raw edits."""
    ss = st.session_state
    cols = int(ss[COLS])
    if BASE not in ss or editor_key() not in ss:
        ss[GEN] = ss.get(GEN, 0) + 1
        ss[BASE] = ss.get(LAST) or grid(ss[CELLS], cols)
    key = editor_key()
    config = {
        name: st.column_config.NumberColumn(name, default=0.0, format="%.4g", help=f"Y = {name}")
        for name in column_names(cols)
    }
    config[ROW] = st.column_config.TextColumn(ROW, disabled=True, help="The values of X.")
    edited = st.data_editor(
        _frame(ss[BASE], cols), key=key, num_rows="dynamic", hide_index=True, column_config=config
    )
    return edited, ss.get(key)


def read(kind: str) -> TableReading:
    """Draw the editor and read it; a valid table becomes the one in the link."""
    edited, edits = draw_editor()
    reading = read_table(edited, kind, edits)
    ss = st.session_state
    ss[LAST] = [list(row) for row in reading.rows] if reading.rows else ss.get(BASE)
    if reading.ok:
        ss[CELLS] = reading.cells
    return reading
