"""The Distributions page's inputs: the table of P and Q, the worked examples, the link.

``st.data_editor`` hands back whatever the learner typed (or a hostile session state
holds): blank names, text, NaN, 1e300, 57 rows. :func:`read_table` turns that into
clean lists plus one message per problem, each naming the row, the class, the column
and the fix, so the page never computes with (or crashes on) a bad table.

The table's state: the canonical lists ``names``, ``p``, ``q`` in ``st.session_state``
(seeded by :class:`~explorer.state.PageState` from the link, a preset or the defaults)
build the editor's table. The editor's edits come back as a new frame, used for every
number and for the link, and are never written back into the canonical lists (the
editor would then apply its deltas twice, duplicating added rows). Only a preset,
Renormalise and reset replace the canonical lists, and they drop the editor's deltas.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from explorer.cache import shared_cache
from explorer.distributions import wording
from explorer.presets import PRESETS, Preset, active_preset
from explorer.quiz.sections import quiz_keys, quiz_params
from explorer.state import PageState, choice, number, numbers
from explorer.state import names as name_list
from xentcore import normalize

__all__ = [
    "CLASS",
    "EDITOR",
    "EXTRA_KEYS",
    "LAST",
    "MAX_CLASSES",
    "MAX_NAME_CHARS",
    "MIN_CLASSES",
    "P",
    "PAGE_PATH",
    "PARAMS",
    "Q",
    "SECTIONS",
    "Areas",
    "Inputs",
    "TableReading",
    "editor_frame",
    "enter",
    "read",
    "read_table",
    "renormalise_column",
    "sync_url",
]

CLASS, P, Q = "Class", "P", "Q"
MIN_CLASSES, MAX_CLASSES = 2, 50
#: 50 names of 30 characters still fit in one URL parameter (explorer.state allows 2,000).
MAX_NAME_CHARS = 30

PAGE_PATH = "pages/1_Distributions.py"
EDITOR = "dist_editor"  # the data_editor's deltas, relative to the canonical table
LAST = "dist_last"  # the table as last seen, restored when the learner comes back
#: The Quiz tab: seeded H, H(P,Q) and KL questions (explorer/quiz), the seed in the URL.
QUIZ_PREFIX, QUIZ_KINDS = "dist_quiz", ("cross_entropy", "entropy", "kl_divergence")
EXTRA_KEYS = (EDITOR, LAST, *quiz_keys(QUIZ_PREFIX))
TABLE_KEYS = ("names", "p", "q")
PRESET_PILLS = "dist_preset"  # the worked-example pills; shows the active one
#: The deeper sections below the measures, one lazy tab each: only the open one is drawn.
WALK, CLASSES, MATH, CODE = "Walk Q toward P", "Class by class", "Show the math", "As code"
QUIZ = "Quiz"
SECTIONS = [WALK, CLASSES, MATH, CODE, QUIZ]
#: The table a first visit shows: worked example 1 of explorer/presets.toml,
#: H(P,Q) = 3.288 bits.
DEFAULT = next(p for p in PRESETS if p.id == "colours").values
#: The page's URL-bound inputs; the table's keys are the ones presets.toml uses.
PARAMS = [
    name_list("names", DEFAULT["names"], min_len=2, max_len=50, max_chars=MAX_NAME_CHARS),
    numbers("p", DEFAULT["p"], min_len=2, max_len=50, lo=0.0, hi=1.0),
    numbers("q", DEFAULT["q"], min_len=2, max_len=50, lo=0.0, hi=1.0),
    number("walk", 0.0, 0.0, 1.0),
    choice("dist_section", SECTIONS[0], SECTIONS),
    *quiz_params(QUIZ_PREFIX, QUIZ_KINDS),
]

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class TableReading:
    """What the table says, and what is wrong with it."""

    names: list[str]
    p: list[float]  # NaN where a cell is not a usable number
    q: list[float]
    #: Problems that stop every computation (rows, names, cells), each a full sentence.
    errors: list[str] = field(default_factory=list)
    #: Column ("P"/"Q") -> its sum problem, when its cells are fine one by one.
    sum_problems: dict[str, str] = field(default_factory=dict)
    #: Columns that Renormalise can fix (finite, non-negative, positive sum, not 1).
    renormalisable: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.sum_problems

    @property
    def drawable(self) -> bool:
        """Every cell usable, so P and Q can at least be plotted."""
        return not self.errors


@dataclass(frozen=True)
class Inputs:
    """The table as read, and the worked example it matches (if any)."""

    table: TableReading
    preset: Preset | None


@dataclass(frozen=True)
class Areas:
    """Where the results go beside the inputs: under the pills, and right of the table."""

    preset_line: Any  # the container of the pills; the active example's line follows them
    left: Any  # the table's column: its problems go under it
    right: Any  # the chart of P and Q


# ----------------------------------------------------------------------------- reading


def editor_frame(names: Sequence[Any], p: Sequence[Any], q: Sequence[Any]) -> pd.DataFrame:
    """The editor's starting table; columns of different lengths get empty cells.

    >>> editor_frame(["a", "b"], [0.5, 0.5], [1.0]).to_dict("list")
    {'Class': ['a', 'b'], 'P': [0.5, 0.5], 'Q': [1.0, nan]}
    """
    n = max(len(names), len(p), len(q))

    def pad(values: Sequence[Any], fill: Any) -> list[Any]:
        return list(values) + [fill] * (n - len(values))

    return pd.DataFrame(
        {
            CLASS: pd.Series(pad(names, None), dtype="object"),
            P: pd.Series([_to_float_or_nan(v) for v in pad(p, None)], dtype="float64"),
            Q: pd.Series([_to_float_or_nan(v) for v in pad(q, None)], dtype="float64"),
        }
    )


@shared_cache(max_entries=32)
def _editor_table(names: tuple, p: tuple, q: tuple) -> pd.DataFrame:
    # Shared: st.data_editor copies the frame it is given.
    return editor_frame(names, p, q)


def _to_float_or_nan(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _read_name(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _read_number(value: Any) -> tuple[float, str | None]:
    """(number, problem) for one cell; problem is None for a usable value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan, wording.CELL_EMPTY
    if isinstance(value, bool):
        return math.nan, wording.CELL_NOT_A_NUMBER.format(value=wording.quoted_cell(value))
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return math.nan, wording.CELL_NOT_A_NUMBER.format(value=wording.quoted_cell(value))
    if math.isnan(number):
        return math.nan, wording.CELL_EMPTY
    if math.isinf(number):
        return number, wording.CELL_INFINITE
    return number, None


def _cell_problem(value: Any, column: str) -> tuple[float, str | None]:
    """(number, problem) for one cell of column P or Q, ranges included."""
    number, problem = _read_number(value)
    if problem is not None:
        return number, problem + wording.CELL_FIX
    if number < 0:
        return number, wording.CELL_NEGATIVE.format(value=number)
    if number > 1:
        return number, wording.CELL_ABOVE_ONE.format(value=number, column=column)
    return number, None


def _size_problem(rows: int) -> str | None:
    if rows < MIN_CLASSES:
        return wording.TOO_FEW_ROWS.format(rows=rows, least=MIN_CLASSES)
    if rows > MAX_CLASSES:
        return wording.TOO_MANY_ROWS.format(rows=rows, most=MAX_CLASSES, extra=rows - MAX_CLASSES)
    return None


def _name_problems(names: Sequence[str]) -> list[str]:
    """One message per bad class name: empty, too long, unfit for the link, repeated."""
    problems = []
    seen: dict[str, int] = {}
    for row, name in enumerate(names, start=1):
        if not name:
            problems.append(wording.NAME_EMPTY.format(row=row))
        elif len(name) > MAX_NAME_CHARS:
            problems.append(
                wording.NAME_TOO_LONG.format(row=row, chars=len(name), most=MAX_NAME_CHARS)
            )
        elif "," in name or _CONTROL.search(name):
            bad = "a comma" if "," in name else "a line break or control character"
            problems.append(
                wording.NAME_BAD_CHARACTER.format(row=row, name=wording.shown_name(name), bad=bad)
            )
        elif name in seen:
            problems.append(
                wording.NAME_TWICE.format(first=seen[name], row=row, name=wording.shown_name(name))
            )
        else:
            seen[name] = row
    return problems


def _read_column(df: pd.DataFrame, column: str, reading: TableReading) -> list[float]:
    """Column P or Q as numbers; its cells' problems go to ``reading.errors``, its sum's
    to ``reading.sum_problems``, and whether Renormalise can fix it to ``renormalisable``."""
    names = reading.names
    cells = df[column] if column in df else [None] * len(names)
    values, problems = [], 0
    for row, cell in enumerate(cells, start=1):
        number, problem = _cell_problem(cell, column)
        if problem is not None:
            problems += 1
            label = wording.row_label(row, names[row - 1])
            reading.errors.append(wording.CELL.format(label=label, column=column, problem=problem))
        values.append(number)
    finite = [v for v in values if math.isfinite(v)]
    total = float(np.sum(finite)) if finite else 0.0
    clean = len(finite) == len(values) and all(v >= 0 for v in values)
    if clean and math.isfinite(total) and total > 0 and abs(total - 1.0) > 1e-9:
        reading.renormalisable.append(column)
    if problems == 0 and values:
        sum_problem = wording.describe_distribution_problem(column, values)
        if sum_problem is not None:
            reading.sum_problems[column] = sum_problem
    return values


def read_table(df: pd.DataFrame) -> TableReading:
    """Read the edited table into names, P and Q, with one message per problem.

    >>> r = read_table(pd.DataFrame({"Class": ["a", "a"], "P": [0.5, -1.0], "Q": [0.5, 0.5]}))
    >>> for message in r.errors:
    ...     print(message)
    Rows 1 and 2 are both called a. Class names must differ: rename one.
    Row 2 (a): P is -1, below 0. A probability cannot be negative: type 0 or a positive number.
    """
    rows = len(df)
    names = [_read_name(v) for v in (df[CLASS] if CLASS in df else [None] * rows)]
    reading = TableReading(names=names, p=[], q=[])
    if rows == 0:
        reading.errors.append(wording.EMPTY_TABLE)
        return reading
    if (problem := _size_problem(rows)) is not None:
        reading.errors.append(problem)
    reading.errors.extend(_name_problems(names))
    reading.p = _read_column(df, P, reading)
    reading.q = _read_column(df, Q, reading)
    return reading


# ----------------------------------------------------------------------------- widgets


def renormalise_column(column: str, names: list[str], p: list[float], q: list[float]) -> None:
    """``on_click`` callback: divide one column by its sum; that table becomes canonical."""
    values = p if column == P else q
    try:
        fixed = [float(v) for v in normalize(values)]
    except ValueError:
        return  # the button is only offered for a fixable column; nothing to do
    if not all(math.isfinite(v) for v in fixed):
        return
    ss = st.session_state
    ss["names"], ss["p"], ss["q"] = list(names), list(p), list(q)
    ss[column.lower()] = fixed
    ss.pop(EDITOR, None)  # its deltas belong to the old table
    ss.pop(LAST, None)


def enter(state: PageState) -> list[str]:
    """``state.enter()``, then bring back the table last seen if the learner returns.

    The editor's deltas die with the widget when the learner leaves the page; the table
    they last saw is kept under ``LAST``, unless the link itself sets the table.
    """
    ss = st.session_state
    entering = state.entering
    link_sets_table = any(k in st.query_params for k in (*TABLE_KEYS, "preset"))
    notices = state.enter()
    if entering:
        ss.pop(EDITOR, None)
        if link_sets_table:
            ss.pop(LAST, None)
        elif LAST in ss:
            for key in TABLE_KEYS:
                ss[key] = list(ss[LAST][key])
    return notices


def _editor() -> pd.DataFrame:
    """The table editor over the canonical lists; returns the table as edited."""
    ss = st.session_state
    return st.data_editor(
        _editor_table(*(tuple(ss[k]) for k in TABLE_KEYS)),
        key=EDITOR,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            CLASS: st.column_config.TextColumn(
                "Class", help="A short name (no commas).", max_chars=MAX_NAME_CHARS
            ),
            P: st.column_config.NumberColumn(
                "P (true)", help="True probability.", min_value=0.0, default=0.0, format="%.4g"
            ),
            Q: st.column_config.NumberColumn(
                "Q (predicted)",
                help="Predicted probability.",
                min_value=0.0,
                default=0.0,
                format="%.4g",
            ),
        },
    )


def _pills(where: Any, state: PageState, preset: Preset | None) -> None:
    """The worked examples as one pills widget, showing the one the table matches."""
    examples = {p.id: p for p in PRESETS if p.page == PAGE_PATH}
    # One pills widget rather than a button per example (one element, not eight). It
    # shows the example the table matches right now, and nothing once the table is edited.
    st.session_state[PRESET_PILLS] = preset.id if preset is not None else None
    where.pills(
        wording.PILLS_LABEL,
        options=list(examples),
        format_func=lambda pid: f"{examples[pid].example}. {examples[pid].title}",
        key=PRESET_PILLS,
        width="stretch",  # the pills wrap onto more lines instead of running off the edge
        on_change=_apply_preset_pill,
        args=(state,),
        help=wording.PILLS_HELP,
    )


def _apply_preset_pill(state: PageState) -> None:
    chosen = st.session_state.get(PRESET_PILLS)
    if chosen is not None:  # None: the active example was clicked again; nothing to do
        state.apply_preset(chosen)


def read(state: PageState, unit: str) -> tuple[Inputs, Areas]:
    """The presets, and the editable table (left) with room for the chart (right)."""
    ss = st.session_state
    # The presets' pills, filled once the table is read; the active example's line follows.
    buttons = st.container()
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.markdown(wording.TABLE_HEADING.format(least=MIN_CLASSES, most=MAX_CLASSES))
        edited = _editor()
    table = read_table(edited)
    ss[LAST] = {"names": table.names, "p": table.p, "q": table.q}
    if table.ok:
        # The last valid P and Q, for other pages (Bits & codes: "use P and Q from the
        # Distributions page").
        ss["distributions_current"] = dict(ss[LAST])
    preset = active_preset(
        PAGE_PATH, {"names": table.names, "p": table.p, "q": table.q, "unit": unit}
    )
    _pills(buttons, state, preset)
    return Inputs(table, preset), Areas(buttons, left, right)


def sync_url(state: PageState, table: TableReading, t: float) -> None:
    """The link holds the table as edited, or the canonical one where an edit cannot be."""
    current: dict[str, Any] = {**state.values(), "walk": t}
    edited = {"names": table.names, "p": table.p, "q": table.q}
    for param in PARAMS:
        if param.key in TABLE_KEYS:
            value = edited[param.key]
            try:
                param.parse(param.to_url(value))
            except (ValueError, TypeError):
                value = st.session_state[param.key]
            current[param.key] = value
    state.sync_url(current=current)
