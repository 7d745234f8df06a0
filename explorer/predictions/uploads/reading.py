"""Reading an uploaded predictions file: bytes (CSV or Parquet) in, a DataFrame out.

UTF-8 first, then Latin-1 (and says so); the separator is sniffed from the header. A
file that cannot be used raises :class:`~explorer.parsing.InputProblem` naming the
problem, the place (line, column) and the fix. Pure (pandas and NumPy, no Streamlit).
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from explorer.parsing import InputProblem
from explorer.predictions.wording import EXAMPLES, listed, quoted
from explorer.text import md_user_text

__all__ = ["MAX_CLASSES", "MAX_ROWS", "Table", "read_table"]

#: Limits of the page (the upload size itself is server.maxUploadSize in config.toml).
MAX_ROWS = 1_000_000
MAX_CLASSES = 1_000

_SEPARATORS = (",", ";", "\t", "|")
_SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
_MAGIC = {
    b"PK\x03\x04": "a ZIP archive (an Excel .xlsx workbook is one)",
    b"\x1f\x8b": "gzip-compressed",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls workbook",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}
_RAGGED = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


@dataclass
class Table:
    """A file read into a DataFrame, and how it was read."""

    frame: pd.DataFrame
    source: str  # "CSV" or "Parquet"
    notes: list[str] = field(default_factory=list)  # shown as warnings
    encoding: str = "utf-8"
    separator: str = ","


def read_table(data: bytes, name: str = "predictions.csv") -> Table:
    """Read CSV or Parquet bytes; raise :class:`InputProblem` for a file that is not usable.

    >>> t = read_table(b"label,p\\n1,0.8\\n0,0.1\\n")
    >>> t.frame.shape, t.source
    ((2, 2), 'CSV')
    """
    if len(data) == 0 or not data.strip():
        raise InputProblem(
            "The file is empty.",
            where=f"the whole file ({len(data)} bytes, no header and no rows)",
            fix="Export the predictions again: a header row such as label,p_0,p_1 and then one "
            "row per sample.",
        )
    lower = name.lower()
    if data[:4] == b"PAR1" or lower.endswith((".parquet", ".pq")):
        table = _read_parquet(data)
    else:
        for magic, what in _MAGIC.items():
            if data.startswith(magic):
                raise InputProblem(
                    f"This is not a CSV text file: it looks like {what}.",
                    where="the first bytes of the file",
                    fix="Save the predictions as CSV (comma-separated text, UTF-8) or Parquet, "
                    "then upload that file.",
                )
        table = _read_csv(data)
    return _tidy(table)


def _read_parquet(data: bytes) -> Table:
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises several types for a broken file
        raise InputProblem(
            "The Parquet file could not be read.",
            where=f"the file as a whole (the reader said: {md_user_text(exc, 160)})",
            fix="Write it again with pandas.DataFrame.to_parquet, or export CSV instead.",
        ) from None
    frame.columns = [str(c) for c in frame.columns]
    return Table(frame, "Parquet", encoding="binary", separator="")


def _decode_head(data: bytes) -> tuple[str, str, list[str]]:
    """Decode enough of the file to sniff it; return (text head, encoding, notes)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data[:65536].decode("utf-16", errors="replace"), "utf-16", []
    try:
        if not data.isascii():  # isascii() is a fast scan; decoding all of it is not
            data.decode("utf-8")
        return data[:65536].decode("utf-8-sig", errors="replace"), "utf-8-sig", []
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        note = (
            f"The file is not valid UTF-8 (byte 0x{data[err.start]:02X} on line {line} is not "
            "UTF-8), so it was read as Latin-1 (ISO-8859-1) instead. If a class name looks "
            "wrong, save the file as UTF-8 and upload it again."
        )
        return data[:65536].decode("latin-1"), "latin-1", [note]


def _read_csv(data: bytes) -> Table:
    head, encoding, notes = _decode_head(data)
    sample = head[:8192]
    nul = sample.find("\x00")
    controls = sum(ch < " " and ch not in "\t\r\n" for ch in sample)
    if nul >= 0 or controls > 0.05 * max(len(sample), 1):
        where = f"byte {nul}" if nul >= 0 else "the first 8 KB"
        raise InputProblem(
            "This looks like a binary file, not CSV text: it contains control characters"
            + (" (a NUL byte)" if nul >= 0 else "")
            + ".",
            where=f"{where} of the file",
            fix="Upload the predictions as CSV text (UTF-8) or as Parquet (.parquet).",
        )
    lines = [ln for ln in head.splitlines() if ln.strip()]
    header_line = lines[0] if lines else ""
    counts = {sep: header_line.count(sep) for sep in _SEPARATORS}
    sep = max(_SEPARATORS, key=lambda s: counts[s]) if any(counts.values()) else ","
    header = next(csv.reader([header_line], delimiter=sep))
    header = [h.strip() for h in header]
    _check_header(header, sep)
    if sep != ",":
        notes.append(f"Columns are separated by a {_SEPARATOR_NAMES[sep]}; read it that way.")

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            frame = pd.read_csv(
                io.BytesIO(data),
                sep=sep,
                encoding=encoding,
                index_col=False,
                nrows=MAX_ROWS + 1,
                low_memory=False,
            )
        except pd.errors.EmptyDataError:
            raise InputProblem(
                "The file is empty.",
                where="the whole file (only blank lines)",
                fix="Export the predictions again with a header row and one row per sample.",
            ) from None
        except pd.errors.ParserError as err:
            raise _parser_problem(str(err), len(header)) from None
    if any("does not match length of data" in str(w.message) for w in caught):
        raise InputProblem(
            "Ragged rows: the data rows have more fields than the header.",
            where=f"the header (line 1) has {len(header)} fields; the rows below it have more",
            fix="Give every column a name in the header (or remove the extra values) so that "
            "each row has as many fields as the header.",
        )
    frame.columns = [str(c).strip() for c in frame.columns]
    table = Table(frame, "CSV", notes, encoding.replace("-sig", ""), sep)
    _check_short_rows(data, table, len(header))
    return table


def _check_header(header: list[str], sep: str) -> None:
    if len(header) > 2 * MAX_CLASSES + 10:
        raise InputProblem(
            f"Too many columns: {len(header):,}.",
            where="the header (line 1)",
            fix=f"The page takes at most {MAX_CLASSES:,} classes (one prediction column each, "
            "plus a label and a weight column). Keep only the columns it needs.",
        )
    seen: dict[str, int] = {}
    dups = []
    for i, h in enumerate(header, start=1):
        if h and h in seen:
            dups.append(f"{quoted(h)} (columns {seen[h]} and {i})")
        seen.setdefault(h, i)
    if dups:
        raise InputProblem(
            "Duplicate column names.",
            where="the header (line 1): " + ", ".join(dups[:EXAMPLES]),
            fix="Give every column its own name (e.g. p_0, p_1, ...), then upload again.",
        )


def _parser_problem(message: str, n_header: int) -> InputProblem:
    m = _RAGGED.search(message)
    if m:
        expected, line, saw = (int(g) for g in m.groups())
        return InputProblem(
            "Ragged rows: a row has more fields than the header.",
            where=f"line {line} of the file (data row {line - 1}) has {saw} fields; the header "
            f"has {expected}",
            fix="Make every row have one value per header column: remove the extra separator "
            "(a stray comma, or a decimal comma in a comma-separated file) or add the "
            "missing column name.",
        )
    return InputProblem(
        "The CSV text could not be parsed.",
        where=f"the reader said: {md_user_text(message, 160)}",
        fix="Check the file's quotes and separators; a CSV exported by pandas or a "
        "spreadsheet reads cleanly.",
    )


def _check_short_rows(data: bytes, table: Table, n_header: int) -> None:
    """Rows with fewer fields than the header (pandas pads them with NaN silently)."""
    frame = table.frame
    if not len(frame) or b'"' in data or not frame.isna().to_numpy().any():
        return  # quoted fields may hold separators or newlines: cells are checked later
    arr = np.frombuffer(data, dtype=np.uint8)
    newline = np.flatnonzero(arr == 10)
    starts = np.concatenate([[0], newline + 1])
    starts = starts[starts < arr.size]
    is_sep = (arr == ord(table.separator)).astype(np.int64)
    seps = np.add.reduceat(is_sep, starts)
    ends = np.concatenate([newline, [arr.size]])[: starts.size]
    blank = (ends - starts) <= 1  # empty line, or a lone "\r"
    short = np.flatnonzero(~blank & (seps < n_header - 1))
    if short.size:
        lines = short + 1
        first = ", ".join(f"line {ln} has {seps[ln - 1] + 1}" for ln in lines[:EXAMPLES])
        more = f" ({short.size:,} such rows)" if short.size > 1 else ""
        raise InputProblem(
            "Ragged rows: a row has fewer fields than the header.",
            where=f"{first} field(s), but the header has {n_header}{more}",
            fix="Give every row one value per header column (leave no value out), then "
            "upload again.",
        )


def _tidy(table: Table) -> Table:
    frame = table.frame
    dup = frame.columns[frame.columns.duplicated()].tolist()
    if dup:
        raise InputProblem(
            "Duplicate column names.",
            where=f"the columns {listed(dict.fromkeys(dup))}",
            fix="Give every column its own name (e.g. p_0, p_1, ...), then upload again.",
        )
    # A trailing separator on every line makes an empty, unnamed last column.
    empty = [c for c in frame.columns if c.startswith("Unnamed: ") and frame[c].isna().all()]
    if empty:
        frame = frame.drop(columns=empty)
        table.notes.append(f"Ignored {len(empty)} empty column(s) without a name.")
    table.frame = frame
    if frame.shape[1] == 0:
        raise InputProblem(
            "The file has no columns.",
            where="the header (line 1)",
            fix="Export the predictions with a header row such as label,p_0,p_1.",
        )
    if len(frame) == 0:
        raise InputProblem(
            "The file has a header but no data rows.",
            where=f"below the header, whose columns are {listed(frame.columns)}",
            fix="Export the predictions again with one row per sample under the header.",
        )
    if len(frame) > MAX_ROWS:
        raise InputProblem(
            f"Too many rows: more than {MAX_ROWS:,}.",
            where=f"rows {MAX_ROWS + 1:,} and beyond",
            fix=f"The page evaluates at most {MAX_ROWS:,} rows. Upload a random sample of the "
            "rows (the mean loss of a large random sample is a close estimate).",
        )
    if frame.shape[1] == 1:
        col = frame.columns[0]
        hint = (
            " It looks separated by spaces; use commas."
            if " " in col.strip() and len(col.split()) > 1
            else ""
        )
        raise InputProblem(
            "The file has a single column.",
            where=f"the only column, {quoted(col)}",
            fix="The page needs a label column and at least one prediction column, separated "
            "by commas (or semicolons or tabs), e.g. label,p_0,p_1." + hint,
        )
    return table
