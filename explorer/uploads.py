"""A predictions file in, arrays out: reading, layout detection and every bad-file message.

Three steps, each pure (pandas and NumPy, no Streamlit) so the page can cache them by
the file's content and tests can call them directly:

1. :func:`read_table` turns the uploaded bytes (CSV or Parquet) into a DataFrame:
   UTF-8 first, then Latin-1 (and says so), separator sniffed from the header.
2. :func:`detect_mapping` guesses which column is the label, which ones hold the
   predictions (probabilities or logits) and which the sample weights.
3. :func:`extract` applies a (possibly user-edited) :class:`Mapping` and returns the
   arrays ``xentcore.predictions`` evaluates.

Anything wrong raises :class:`UploadProblem`, whose message names the problem, the
place (row and column) and the fix. Text taken from the user's file is escaped before
it goes into a message (Streamlit renders messages as Markdown), and cells written to
a downloaded CSV are neutralised so that a spreadsheet does not run them as formulas.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from explorer.text import format_value, markdown_table
from xentcore.predictions import (
    KINDS,
    ROW_SUM_TOLERANCE,
    RowSums,
    in_unit,
    renormalize_rows,
    row_sums,
)

__all__ = [
    "FORMULA_PREFIXES",
    "FileInfo",
    "LAYOUTS",
    "MAX_CELLS",
    "MAX_CLASSES",
    "MAX_ROWS",
    "Mapping",
    "PredictionData",
    "RowSumProblem",
    "Table",
    "UploadProblem",
    "describe",
    "detect_mapping",
    "extract",
    "format_weights",
    "md_escape",
    "neutralise",
    "parse_class_weights",
    "per_sample_frame",
    "per_sample_markdown",
    "read_table",
    "safe_csv",
]

#: Limits of the page (the upload size itself is server.maxUploadSize in config.toml).
MAX_ROWS = 1_000_000
MAX_CLASSES = 1_000
#: rows × classes: keeps the evaluation's temporaries within a few hundred MB.
MAX_CELLS = 5_000_000
#: Class weights above this are refused (a typo such as 1e300 would overflow the sums).
MAX_WEIGHT = 1e6

LAYOUTS = {
    "label": "Label column + one prediction column per class",
    "binary": "Binary: label column + one prediction column",
    "one_hot": "One-hot target columns + prediction columns",
}

#: Column names that hold the true label, sample weights, or row ids (ignored).
LABEL_NAMES = (
    "label",
    "labels",
    "y",
    "y_true",
    "true",
    "target",
    "targets",
    "class",
    "true_label",
    "truth",
    "actual",
    "ground_truth",
    "gt",
)
WEIGHT_NAMES = ("sample_weight", "sample_weights", "weight", "weights", "w")
ID_NAMES = ("id", "index", "row", "sample", "sample_id", "idx")
#: Prefixes of per-class columns, longest first; a bare name is the binary column.
PROB_PREFIXES = ("y_proba_", "y_prob_", "y_pred_", "probability_", "proba_", "probs_")
PROB_PREFIXES += ("prob_", "pred_", "p_", "p")
LOGIT_PREFIXES = ("logits_", "logit_", "scores_", "score_", "z_")
TARGET_PREFIXES = ("onehot_", "one_hot_", "target_", "true_", "label_", "y_", "t_")
PROB_NAMES = ("p", "prob", "proba", "probability", "y_prob", "y_proba", "y_score", "pred")
LOGIT_NAMES = ("logit", "logits", "score", "z", "decision_function")

#: A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: How many offending cells a message lists.
EXAMPLES = 5

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


class UploadProblem(ValueError):
    """A bad file or setting: what is wrong, where, and how to fix it."""

    def __init__(self, problem: str, where: str, fix: str):
        super().__init__(problem, where, fix)
        self.problem, self.where, self.fix = problem, where, fix

    def __str__(self) -> str:
        return f"**{self.problem}**\n\n**Where:** {self.where}\n\n**Fix:** {self.fix}"


class RowSumProblem(UploadProblem):
    """Probability rows that do not sum to 1: the page offers to renormalise them."""

    def __init__(self, problem: str, where: str, fix: str, report: RowSums | None = None):
        UploadProblem.__init__(self, problem, where, fix)
        self.args = (problem, where, fix, report)
        self.report = report


def md_escape(text: object, limit: int = 40) -> str:
    """User text made safe for a Markdown message: shortened, one line, specials escaped.

    >>> md_escape("**bold** [link](x)")
    '\\\\*\\\\*bold\\\\*\\\\* \\\\[link\\\\]\\\\(x\\\\)'
    >>> md_escape("a" * 50, limit=5)
    'aaaaa…'
    """
    s = str(text)
    s = s if len(s) <= limit else s[:limit] + "…"
    s = " ".join(s.split()) if s.strip() else repr(s)
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])", r"\\\1", s)


def _q(text: object) -> str:
    """A quoted, escaped name for a message: ‘p\\_0’."""
    return f"‘{md_escape(text)}’"


def _names(items, limit: int = 8) -> str:
    items = list(items)
    shown = ", ".join(_q(i) for i in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


# ---------------------------------------------------------------------------
# 1. Reading
# ---------------------------------------------------------------------------


@dataclass
class Table:
    """A file read into a DataFrame, and how it was read."""

    frame: pd.DataFrame
    source: str  # "CSV" or "Parquet"
    notes: list[str] = field(default_factory=list)  # shown as warnings
    encoding: str = "utf-8"
    separator: str = ","


def read_table(data: bytes, name: str = "predictions.csv") -> Table:
    """Read CSV or Parquet bytes; raise :class:`UploadProblem` for a file that is not usable.

    >>> t = read_table(b"label,p\\n1,0.8\\n0,0.1\\n")
    >>> t.frame.shape, t.source
    ((2, 2), 'CSV')
    """
    if len(data) == 0 or not data.strip():
        raise UploadProblem(
            "The file is empty.",
            f"the whole file ({len(data)} bytes, no header and no rows)",
            "Export the predictions again: a header row such as label,p_0,p_1 and then one "
            "row per sample.",
        )
    lower = name.lower()
    if data[:4] == b"PAR1" or lower.endswith((".parquet", ".pq")):
        table = _read_parquet(data)
    else:
        for magic, what in _MAGIC.items():
            if data.startswith(magic):
                raise UploadProblem(
                    f"This is not a CSV text file: it looks like {what}.",
                    "the first bytes of the file",
                    "Save the predictions as CSV (comma-separated text, UTF-8) or Parquet, "
                    "then upload that file.",
                )
        table = _read_csv(data)
    return _tidy(table)


def _read_parquet(data: bytes) -> Table:
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises several types for a broken file
        raise UploadProblem(
            "The Parquet file could not be read.",
            f"the file as a whole (the reader said: {md_escape(exc, 160)})",
            "Write it again with pandas.DataFrame.to_parquet, or export CSV instead.",
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
        raise UploadProblem(
            "This looks like a binary file, not CSV text: it contains control characters"
            + (" (a NUL byte)" if nul >= 0 else "")
            + ".",
            f"{where} of the file",
            "Upload the predictions as CSV text (UTF-8) or as Parquet (.parquet).",
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
            raise UploadProblem(
                "The file is empty.",
                "the whole file (only blank lines)",
                "Export the predictions again with a header row and one row per sample.",
            ) from None
        except pd.errors.ParserError as err:
            raise _parser_problem(str(err), len(header)) from None
    if any("does not match length of data" in str(w.message) for w in caught):
        raise UploadProblem(
            "Ragged rows: the data rows have more fields than the header.",
            f"the header (line 1) has {len(header)} fields; the rows below it have more",
            "Give every column a name in the header (or remove the extra values) so that "
            "each row has as many fields as the header.",
        )
    frame.columns = [str(c).strip() for c in frame.columns]
    table = Table(frame, "CSV", notes, encoding.replace("-sig", ""), sep)
    _check_short_rows(data, table, len(header))
    return table


def _check_header(header: list[str], sep: str) -> None:
    if len(header) > 2 * MAX_CLASSES + 10:
        raise UploadProblem(
            f"Too many columns: {len(header):,}.",
            "the header (line 1)",
            f"The page takes at most {MAX_CLASSES:,} classes (one prediction column each, "
            "plus a label and a weight column). Keep only the columns it needs.",
        )
    seen: dict[str, int] = {}
    dups = []
    for i, h in enumerate(header, start=1):
        if h and h in seen:
            dups.append(f"{_q(h)} (columns {seen[h]} and {i})")
        seen.setdefault(h, i)
    if dups:
        raise UploadProblem(
            "Duplicate column names.",
            "the header (line 1): " + ", ".join(dups[:EXAMPLES]),
            "Give every column its own name (e.g. p_0, p_1, ...), then upload again.",
        )


def _parser_problem(message: str, n_header: int) -> UploadProblem:
    m = _RAGGED.search(message)
    if m:
        expected, line, saw = (int(g) for g in m.groups())
        return UploadProblem(
            "Ragged rows: a row has more fields than the header.",
            f"line {line} of the file (data row {line - 1}) has {saw} fields; the header "
            f"has {expected}",
            "Make every row have one value per header column: remove the extra separator "
            "(a stray comma, or a decimal comma in a comma-separated file) or add the "
            "missing column name.",
        )
    return UploadProblem(
        "The CSV text could not be parsed.",
        f"the reader said: {md_escape(message, 160)}",
        "Check the file's quotes and separators; a CSV exported by pandas or a "
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
        raise UploadProblem(
            "Ragged rows: a row has fewer fields than the header.",
            f"{first} field(s), but the header has {n_header}{more}",
            "Give every row one value per header column (leave no value out), then upload again.",
        )


def _tidy(table: Table) -> Table:
    frame = table.frame
    dup = frame.columns[frame.columns.duplicated()].tolist()
    if dup:
        raise UploadProblem(
            "Duplicate column names.",
            f"the columns {_names(dict.fromkeys(dup))}",
            "Give every column its own name (e.g. p_0, p_1, ...), then upload again.",
        )
    # A trailing separator on every line makes an empty, unnamed last column.
    empty = [c for c in frame.columns if c.startswith("Unnamed: ") and frame[c].isna().all()]
    if empty:
        frame = frame.drop(columns=empty)
        table.notes.append(f"Ignored {len(empty)} empty column(s) without a name.")
    table.frame = frame
    if frame.shape[1] == 0:
        raise UploadProblem(
            "The file has no columns.",
            "the header (line 1)",
            "Export the predictions with a header row such as label,p_0,p_1.",
        )
    if len(frame) == 0:
        raise UploadProblem(
            "The file has a header but no data rows.",
            f"below the header, whose columns are {_names(frame.columns)}",
            "Export the predictions again with one row per sample under the header.",
        )
    if len(frame) > MAX_ROWS:
        raise UploadProblem(
            f"Too many rows: more than {MAX_ROWS:,}.",
            f"rows {MAX_ROWS + 1:,} and beyond",
            f"The page evaluates at most {MAX_ROWS:,} rows. Upload a random sample of the "
            "rows (the mean loss of a large random sample is a close estimate).",
        )
    if frame.shape[1] == 1:
        col = frame.columns[0]
        hint = (
            " It looks separated by spaces; use commas."
            if " " in col.strip() and len(col.split()) > 1
            else ""
        )
        raise UploadProblem(
            "The file has a single column.",
            f"the only column, {_q(col)}",
            "The page needs a label column and at least one prediction column, separated "
            "by commas (or semicolons or tabs), e.g. label,p_0,p_1." + hint,
        )
    return table


# ---------------------------------------------------------------------------
# 2. Which column is what
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Mapping:
    """Which columns hold what; the page lets the user override every field."""

    layout: str  # a key of LAYOUTS
    kind: str  # "probabilities" or "logits"
    label: str | None = None
    predictions: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()  # one-hot layout only
    weight: str | None = None
    reason: str = field(default="", compare=False)  # how it was detected

    def key(self) -> tuple:
        """A hashable key for caches."""
        return (self.layout, self.kind, self.label, self.predictions, self.targets, self.weight)


def _strip_prefix(name: str, prefixes) -> tuple[str, str] | None:
    low = name.lower()
    for pre in prefixes:
        if low.startswith(pre) and len(name) > len(pre):
            rest = name[len(pre) :]
            if pre == "p" and not rest[:1].isdigit():
                continue  # "p" prefixes only p0, p1, ... ("pear" is not P(ear))
            return pre, rest
    return None


def _numeric_share(s: pd.Series) -> float:
    if pd.api.types.is_bool_dtype(s):
        return 0.0
    if pd.api.types.is_numeric_dtype(s):
        return 1.0
    head = s.head(200)
    conv = pd.to_numeric(head, errors="coerce")
    return float(conv.notna().sum()) / max(int(head.notna().sum()), 1)


def _kind_from_values(frame: pd.DataFrame, cols) -> str:
    values = []
    for c in cols:
        v = pd.to_numeric(frame[c], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        values.append(v)
    x = np.concatenate(values) if values else np.zeros(0)
    x = x[np.isfinite(x)]
    return "probabilities" if x.size == 0 or (x.min() >= 0 and x.max() <= 1) else "logits"


def _is_one_hot(frame: pd.DataFrame, cols) -> bool:
    try:
        x = frame[list(cols)].to_numpy(dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return bool(np.isin(x, (0.0, 1.0)).all() and (x.sum(axis=1) == 1).all())


def detect_mapping(frame: pd.DataFrame, layout: str | None = None) -> Mapping:
    """Guess the layout, label, prediction and weight columns from names and values.

    ``layout`` forces a layout (the user's choice); the other fields are then guessed
    for it. The result may lack a label or predictions; :func:`extract` reports that.

    >>> m = detect_mapping(pd.DataFrame({"y": [0, 1], "p_0": [.4, .3], "p_1": [.6, .7]}))
    >>> m.layout, m.kind, m.label, m.predictions
    ('label', 'probabilities', 'y', ('p_0', 'p_1'))
    """
    cols = [str(c) for c in frame.columns]
    low = {c: c.lower().strip() for c in cols}
    label = next((c for c in cols if low[c] in LABEL_NAMES), None)
    weight = next((c for c in cols if low[c] in WEIGHT_NAMES and c != label), None)
    rest = [c for c in cols if c not in (label, weight) and low[c] not in ID_NAMES]
    # Text-only columns (file names, notes) are not predictions.
    rest = [c for c in rest if _numeric_share(frame[c]) > 0 or _prefixed(c)]

    targets = tuple(c for c in rest if _strip_prefix(c, TARGET_PREFIXES) and not _pred_name(c))
    preds_all = tuple(c for c in rest if c not in targets)
    want = layout
    if want is None:
        if label is None and len(targets) >= 2 and len(targets) == len(preds_all):
            want = "one_hot"
        elif label is None and len(rest) >= 4 and len(rest) % 2 == 0:
            half = len(rest) // 2
            if _is_one_hot(frame, rest[:half]):
                targets, preds_all, want = tuple(rest[:half]), tuple(rest[half:]), "one_hot"
        if want is None:
            want = "binary" if len(preds_all if label else rest) == 1 else "label"

    if want == "one_hot":
        if not targets:
            half = len(rest) // 2
            targets, preds_all = tuple(rest[:half]), tuple(rest[half:])
        preds = preds_all
        reason = f"{len(targets)} one-hot target columns and {len(preds)} prediction columns"
        return Mapping("one_hot", _kind(frame, preds), None, preds, targets, weight, reason=reason)
    preds = tuple(c for c in rest if c != label)
    if want == "binary":
        preds = preds[:1] if len(preds) else ()
    reason = (
        f"label column {label!r} and {len(preds)} prediction column(s)"
        if label
        else "no column is named like a label (label, y, target, class, ...)"
    )
    return Mapping(want, _kind(frame, preds), label, preds, (), weight, reason=reason)


def _prefixed(name: str) -> bool:
    return bool(
        _strip_prefix(name, PROB_PREFIXES)
        or _strip_prefix(name, LOGIT_PREFIXES)
        or _strip_prefix(name, TARGET_PREFIXES)
    )


def _pred_name(name: str) -> bool:
    low = name.lower()
    return bool(
        low.startswith(("y_pred", "y_prob", "y_score"))
        or _strip_prefix(name, LOGIT_PREFIXES)
        or low in PROB_NAMES + LOGIT_NAMES
    )


def _kind(frame: pd.DataFrame, preds) -> str:
    """Logits or probabilities: by the column names first, then by the values."""
    if not preds:
        return "probabilities"
    if all(_strip_prefix(c, LOGIT_PREFIXES) or c.lower() in LOGIT_NAMES for c in preds):
        return "logits"
    if all(_strip_prefix(c, PROB_PREFIXES) or c.lower() in PROB_NAMES for c in preds):
        return "probabilities"
    return _kind_from_values(frame, preds)


def class_names_of(columns) -> list[str]:
    """Class names from per-class column names: p_cat, p_dog -> cat, dog.

    >>> class_names_of(["p_cat", "p_dog"]), class_names_of(["logit_0", "logit_1"])
    (['cat', 'dog'], ['0', '1'])
    """
    cols = [str(c) for c in columns]
    stripped = []
    for c in cols:
        hit = (
            _strip_prefix(c, PROB_PREFIXES)
            or _strip_prefix(c, LOGIT_PREFIXES)
            or _strip_prefix(c, TARGET_PREFIXES)
        )
        stripped.append(hit[1] if hit else c)
    return stripped if len(set(stripped)) == len(stripped) else cols


@dataclass
class FileInfo:
    """What the page needs to draw the column mapping, without the data itself."""

    columns: list[str]
    n_rows: int
    source: str
    notes: list[str]
    auto: Mapping  # the detected mapping
    per_layout: dict[str, Mapping]  # the best guess for each layout


def describe(table: Table) -> FileInfo:
    """Columns, size and the detected mapping (for each layout) of a read file.

    >>> info = describe(read_table(b"label,p\\n1,0.8\\n0,0.1\\n"))
    >>> info.n_rows, info.auto.layout, sorted(info.per_layout)
    (2, 'binary', ['binary', 'label', 'one_hot'])
    """
    frame = table.frame
    auto = detect_mapping(frame)
    per_layout = {
        layout: auto if layout == auto.layout else detect_mapping(frame, layout)
        for layout in LAYOUTS
    }
    return FileInfo(
        [str(c) for c in frame.columns],
        len(frame),
        table.source,
        list(table.notes),
        auto,
        per_layout,
    )


# ---------------------------------------------------------------------------
# 3. Arrays
# ---------------------------------------------------------------------------


@dataclass
class PredictionData:
    """What the core evaluates, and how the file was understood."""

    scores: np.ndarray  # (N, C) probabilities or logits
    labels: np.ndarray  # (N,) class indices
    class_names: list[str]
    kind: str
    weights: np.ndarray | None  # (N,) sample weights
    layout: str
    notes: list[str] = field(default_factory=list)
    renormalised: int = 0  # rows renormalised


def _row_text(i: int) -> str:
    return f"row {i + 1:,}"


def _column_problem(mapping: Mapping, columns: list[str]) -> None:
    colset = set(columns)
    used = [mapping.label] if mapping.layout != "one_hot" else []
    used += list(mapping.predictions) + list(mapping.targets)
    if mapping.weight:
        used.append(mapping.weight)
    missing = [c for c in used if c is not None and c not in colset]
    if missing:
        raise UploadProblem(
            "A mapped column is not in the file.",
            f"column {_names(missing)}; the file has {_names(columns)}",
            "Pick the columns again under Column mapping.",
        )
    if mapping.layout != "one_hot" and mapping.label is None:
        raise UploadProblem(
            "No label column.",
            f"none of the columns {_names(columns)} is named like a label "
            "(label, y, y_true, target, class)",
            "Choose the column that holds the true class under Column mapping, or rename "
            "it to ‘label’ in the file.",
        )
    dup = {c for c in used if c is not None and used.count(c) > 1}
    if dup:
        raise UploadProblem(
            "A column is used twice in the mapping.",
            f"column {_names(sorted(dup))}",
            "Under Column mapping, use each column for one role only (label, prediction, "
            "target or weight).",
        )
    n_pred = len(mapping.predictions)
    if mapping.layout == "binary" and n_pred != 1:
        raise UploadProblem(
            "The binary layout needs exactly one prediction column.",
            f"{n_pred} prediction columns are mapped",
            "Choose a single column holding P(positive class) or its logit, or switch the "
            "layout to one prediction column per class.",
        )
    if mapping.layout != "binary" and n_pred < 2:
        raise UploadProblem(
            "Too few prediction columns.",
            f"{n_pred} prediction column(s) are mapped; the file has {_names(columns)}",
            "Map one prediction column per class (at least 2), or use the binary layout for "
            "a single P(y=1) column.",
        )
    if mapping.layout == "one_hot" and len(mapping.targets) != n_pred:
        raise UploadProblem(
            "Target and prediction columns do not pair up.",
            f"{len(mapping.targets)} one-hot target columns but {n_pred} prediction columns",
            "Map one target column and one prediction column per class, in the same order.",
        )
    if n_pred > MAX_CLASSES:
        raise UploadProblem(
            f"Too many classes: {n_pred:,}.",
            "the prediction columns",
            f"The page takes at most {MAX_CLASSES:,} classes. Keep the classes you need.",
        )


def _numeric_block(frame: pd.DataFrame, cols, what: str) -> np.ndarray:
    """The columns as an (N, C) float array (column-major, as pandas stores them).

    Raises for text, NaN or infinite cells, listing the first few with row and column.
    """
    n = len(frame)
    out = np.empty((n, len(cols)), order="F")
    text_cells: list[tuple[int, str, object]] = []
    n_text = 0
    for j, c in enumerate(cols):
        s = frame[c]
        if pd.api.types.is_bool_dtype(s):
            out[:, j] = s.to_numpy(dtype=np.float64)
            continue
        if pd.api.types.is_numeric_dtype(s):
            out[:, j] = s.to_numpy(dtype=np.float64, na_value=np.nan)
            continue
        conv = pd.to_numeric(s, errors="coerce")
        bad = conv.isna().to_numpy() & s.notna().to_numpy()
        if bad.any():
            rows = np.flatnonzero(bad)
            n_text += rows.size
            text_cells += [(int(r), c, s.iloc[r]) for r in rows[:EXAMPLES]]
        out[:, j] = conv.to_numpy(dtype=np.float64, na_value=np.nan)
    if n_text:
        text_cells.sort()
        shown = "; ".join(
            f"{_row_text(r)}, column {_q(c)}: {_q(v)}" for r, c, v in text_cells[:EXAMPLES]
        )
        raise UploadProblem(
            f"Non-numeric {what} cells ({n_text:,} in all).",
            shown,
            f"Every {what} cell must be a number. Fix or remove those rows, or check that "
            "the right columns are mapped (a decimal comma such as 0,5 must be 0.5).",
        )
    # min and max propagate NaN: two fast reductions instead of a full-size mask.
    if out.size and not (np.isfinite(out.min()) and np.isfinite(out.max())):
        nan = np.isnan(out)
        inf = np.isinf(out)
        for mask, label, fix in (
            (nan, "Missing (empty or NaN)", "Fill in every cell or drop the incomplete rows"),
            (inf, "Infinite", "Replace them with finite numbers (a log of 0 gives -inf)"),
        ):
            if mask.any():
                rows, js = np.nonzero(mask)
                order = np.lexsort((js, rows))[:EXAMPLES]
                shown = "; ".join(
                    f"{_row_text(rows[k])}, column {_q(cols[js[k]])}"
                    + ("" if label.startswith("Missing") else f": {out[rows[k], js[k]]:g}")
                    for k in order
                )
                raise UploadProblem(
                    f"{label} {what} cells ({int(mask.sum()):,} in all).",
                    shown,
                    f"{fix}; every {what} cell must be a finite number.",
                )
    return out


def _check_probabilities(x: np.ndarray, cols) -> None:
    if x.min() >= 0 and x.max() <= 1:
        return
    bad = (x < 0) | (x > 1)
    rows, js = np.nonzero(bad)
    order = np.lexsort((js, rows))[:EXAMPLES]
    shown = "; ".join(
        f"{_row_text(rows[k])}, column {_q(cols[js[k]])}: {x[rows[k], js[k]]:g}" for k in order
    )
    neg, big = int((x < 0).sum()), int((x > 1).sum())
    what = " and ".join(
        t for t in (f"{neg:,} negative" if neg else "", f"{big:,} above 1" if big else "") if t
    )
    raise UploadProblem(
        f"Probabilities outside [0, 1] ({what}).",
        shown,
        "A probability lies between 0 and 1. If these columns are logits (raw scores), set "
        "‘Predictions are’ to logits under Column mapping; otherwise fix the export.",
    )


def _label_indices(s: pd.Series, class_names: list[str]) -> tuple[np.ndarray, str]:
    """Labels as class indices, read as class names or as indices 0..C-1."""
    c = len(class_names)
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    if (codes < 0).any():
        rows = np.flatnonzero(codes < 0)
        raise UploadProblem(
            f"Missing labels ({rows.size:,} rows).",
            ", ".join(_row_text(r) for r in rows[:EXAMPLES]) + f" of column {_q(s.name)}",
            "Every row needs its true class; fill it in or drop those rows.",
        )
    if len(uniques) > c + 1000:
        raise UploadProblem(
            f"The label column has {len(uniques):,} different values, but there are {c} classes.",
            f"column {_q(s.name)}",
            "Check that the label column is mapped correctly: it should hold class names or "
            "indices 0 to C-1.",
        )
    texts = [_label_text(u) for u in uniques]
    name_pos = {n: i for i, n in enumerate(class_names)}
    by_name = [name_pos.get(t) for t in texts]
    by_index = [_as_index(u, c) for u in uniques]
    if all(i is not None for i in by_name):
        table, mode = by_name, "names"
    elif all(i is not None for i in by_index):
        table, mode = by_index, "indices"
    else:
        bad = [k for k in range(len(uniques)) if by_name[k] is None and by_index[k] is None]
        counts = np.bincount(codes, minlength=len(uniques))
        listed = ", ".join(
            f"{_q(texts[k])} ({counts[k]:,} rows, first {_row_text(int(np.argmax(codes == k)))})"
            for k in bad[:10]
        )
        more = f" and {len(bad) - 10} more" if len(bad) > 10 else ""
        raise UploadProblem(
            f"Labels that are not among the {c} classes: {len(bad)} value(s).",
            f"column {_q(s.name)}: {listed}{more}",
            f"Labels must be class indices 0 to {c - 1} or the class names "
            f"{_names(class_names)} (taken from the prediction columns). Fix those labels, "
            "or map the prediction columns so that every class has one.",
        )
    lookup = np.asarray(table, dtype=np.int64)
    return lookup[codes], mode


def _label_text(u) -> str:
    if isinstance(u, bool | np.bool_):
        return str(int(u))
    if isinstance(u, float | np.floating) and float(u).is_integer():
        return str(int(u))
    return str(u).strip()


def _as_index(u, c: int) -> int | None:
    if isinstance(u, bool | np.bool_):
        return int(u) if c == 2 else None
    try:
        f = float(u)
    except (TypeError, ValueError):
        return None
    if not np.isfinite(f) or not f.is_integer() or not 0 <= f < c:
        return None
    return int(f)


def _binary_classes(s: pd.Series, column: str) -> tuple[list[str], str]:
    """The two class names of a binary label column and which one the column predicts."""
    uniques = [_label_text(u) for u in pd.unique(s.dropna())]
    if set(uniques) <= {"0", "1"}:
        return ["0", "1"], "P(y = 1)"
    if len(uniques) > 2:
        raise UploadProblem(
            f"The binary layout needs two classes, but the label column has {len(uniques)}.",
            f"column {_q(s.name)}: {_names(sorted(uniques))}",
            "Use the layout with one prediction column per class, or map a label column "
            "with two values.",
        )
    hit = _strip_prefix(column, PROB_PREFIXES) or _strip_prefix(column, LOGIT_PREFIXES)
    positive = hit[1] if hit and hit[1] in uniques else None
    if positive is None:
        ordered = sorted(uniques)
        if len(ordered) == 1:
            ordered = ["not " + ordered[0], ordered[0]]
        return ordered, f"P(y = {ordered[1]}) (the second class in sorted order, as scikit-learn)"
    negative = next((u for u in uniques if u != positive), "not " + positive)
    return [negative, positive], f"P(y = {positive}) (named by the column)"


def extract(frame: pd.DataFrame, mapping: Mapping, *, renormalise: bool = False) -> PredictionData:
    """Apply ``mapping`` to ``frame`` and check every cell; raise :class:`UploadProblem`.

    Probability rows that miss 1 raise :class:`RowSumProblem` unless ``renormalise``.

    >>> f = pd.DataFrame({"label": ["b", "a"], "p_a": [0.3, 0.9], "p_b": [0.7, 0.1]})
    >>> d = extract(f, detect_mapping(f))
    >>> d.labels.tolist(), d.class_names, d.kind
    ([1, 0], ['a', 'b'], 'probabilities')
    """
    if mapping.layout not in LAYOUTS:
        raise UploadProblem(
            f"Unknown layout {_q(mapping.layout)}.",
            "Column mapping",
            "Choose one of the layouts in the list.",
        )
    if mapping.kind not in KINDS:
        raise UploadProblem(
            f"Unknown kind of prediction {_q(mapping.kind)}.",
            "Column mapping",
            "Choose probabilities or logits.",
        )
    columns = [str(c) for c in frame.columns]
    _column_problem(mapping, columns)
    n = len(frame)
    preds = list(mapping.predictions)
    n_cells = n * (2 if mapping.layout == "binary" else len(preds))
    if n_cells > MAX_CELLS:
        raise UploadProblem(
            f"Too many prediction cells: {n:,} rows × {len(preds):,} classes.",
            "the whole file",
            f"The page evaluates at most {MAX_CELLS:,} cells (rows × classes). Upload a random "
            "sample of the rows.",
        )
    notes: list[str] = []
    x = _numeric_block(frame, preds, "prediction")
    if mapping.kind == "probabilities":
        _check_probabilities(x, preds)

    if mapping.layout == "binary":
        names, meaning = _binary_classes(frame[mapping.label], preds[0])
        notes.append(f"The column {_q(preds[0])} is read as {md_escape(meaning, 80)}.")
        col = x[:, 0]
        # Two columns, so every layout is evaluated by the same C-class code:
        # [1 - p, p] for a probability, [0, z] for a logit (softmax([0, z]) = [1 - σ(z), σ(z)]).
        if mapping.kind == "probabilities":
            x = np.column_stack([1.0 - col, col])
        else:
            x = np.column_stack([np.zeros(n), col])
        x = np.asfortranarray(x)
        labels, _ = _label_indices(frame[mapping.label], names)
    elif mapping.layout == "one_hot":
        names = class_names_of(preds)
        t = _numeric_block(frame, list(mapping.targets), "target")
        labels = _one_hot_labels(t, list(mapping.targets))
    else:
        names = class_names_of(preds)
        labels, mode = _label_indices(frame[mapping.label], names)
        notes.append(
            "Labels are matched to the class names."
            if mode == "names"
            else f"Labels are read as class indices 0 to {len(names) - 1}."
        )

    weights = None
    if mapping.weight:
        w = _numeric_block(frame, [mapping.weight], "sample-weight")[:, 0]
        if (w < 0).any():
            r = int(np.argmax(w < 0))
            raise UploadProblem(
                f"Negative sample weights ({int((w < 0).sum()):,} rows).",
                f"{_row_text(r)}, column {_q(mapping.weight)}: {w[r]:g}",
                "A sample weight counts how much a row matters: use 0 or a positive number.",
            )
        weights = w

    renormalised = 0
    if mapping.kind == "probabilities" and mapping.layout != "binary":
        report = row_sums(x)
        if report.n_off:
            if not renormalise:
                raise RowSumProblem(
                    f"Probability rows that do not sum to 1: {report.n_off:,} of {n:,}.",
                    f"the worst is {_row_text(report.worst_row)}, which sums to "
                    f"{report.worst_sum:.9g} (allowed: 1 ± {ROW_SUM_TOLERANCE:g})",
                    "Renormalise the rows (divide each by its sum) with the button below, or "
                    "export the probabilities again at full precision. If these are logits, "
                    "set ‘Predictions are’ to logits.",
                    report,
                )
            try:
                x = np.asfortranarray(renormalize_rows(x))
            except ValueError:
                r = int(np.argmax(x.sum(axis=1) <= 0))
                raise UploadProblem(
                    "A probability row is all zeros, so it cannot be renormalised.",
                    f"{_row_text(r)}",
                    "Give every row at least one positive probability, or drop those rows.",
                ) from None
            renormalised = report.n_off
            notes.append(
                f"{report.n_off:,} rows were renormalised to sum to 1 (the worst summed to "
                f"{report.worst_sum:.9g})."
            )
    return PredictionData(
        x, labels, names, mapping.kind, weights, mapping.layout, notes, renormalised
    )


def _one_hot_labels(t: np.ndarray, cols: list[str]) -> np.ndarray:
    ok_values = (t == 0) | (t == 1)
    sums = t.sum(axis=1)
    bad = ~ok_values.all(axis=1) | (sums != 1)
    if bad.any():
        rows = np.flatnonzero(bad)
        shown = "; ".join(f"{_row_text(r)} sums to {sums[r]:g}" for r in rows[:EXAMPLES])
        raise UploadProblem(
            f"Target rows that are not one-hot ({rows.size:,} rows).",
            f"the target columns {_names(cols)}: {shown}",
            "Each target row must hold a single 1 (the true class) and 0 elsewhere.",
        )
    return t.argmax(axis=1)


# ---------------------------------------------------------------------------
# Class weights and downloads
# ---------------------------------------------------------------------------


def parse_class_weights(text: str, class_names: list[str]) -> np.ndarray | None:
    """The Class weights box: empty means 1 each; else one number per class.

    >>> parse_class_weights("1, 2.5", ["a", "b"]).tolist()
    [1.0, 2.5]
    >>> parse_class_weights("  ", ["a", "b"]) is None
    True
    """
    c = len(class_names)
    if text is None or not str(text).strip():
        return None
    text = str(text)
    where = "the Class weights box"
    if len(text) > 20 * MAX_CLASSES:
        raise UploadProblem(
            f"Class weights: the text is {len(text):,} characters long.",
            where,
            f"Give {c} comma-separated numbers, one per class.",
        )
    parts = [p.strip() for p in re.split(r"[,;\s]+", text.strip()) if p.strip()]
    values = []
    for i, part in enumerate(parts, start=1):
        try:
            v = float(part)
        except ValueError:
            raise UploadProblem(
                f"Class weights: value {i} ({_q(part)}) is not a number.",
                where,
                f"Give {c} comma-separated numbers such as {', '.join(['1'] * min(c, 4))}.",
            ) from None
        if not np.isfinite(v) or v < 0 or v > MAX_WEIGHT:
            raise UploadProblem(
                f"Class weights: value {i} ({md_escape(part)}) is not a weight.",
                where,
                f"Each weight must be a finite number from 0 to {MAX_WEIGHT:g}.",
            )
        values.append(v)
    if len(values) != c:
        shown = _names(class_names)
        raise UploadProblem(
            f"Class weights: {len(values)} number(s) for {c} classes.",
            f"{where}; the classes are {shown}",
            f"Give exactly {c} numbers, one per class in that order, or empty the box for "
            "weight 1 each.",
        )
    return np.array(values)


def format_weights(weights) -> str:
    """Weights as the Class weights box shows them.

    >>> format_weights([1.0, 2.0 / 3.0])
    '1, 0.6667'
    """
    return ", ".join(f"{float(w):.4g}" for w in weights)


def neutralise(text: str) -> str:
    """Make a text cell inert in a spreadsheet: prefix ``'`` if it starts like a formula.

    >>> neutralise("=HYPERLINK(1)"), neutralise("-1 cat"), neutralise("cat")
    ("'=HYPERLINK(1)", "'-1 cat", 'cat')
    """
    s = str(text)
    risky = s.startswith(FORMULA_PREFIXES) or s.lstrip(" ").startswith(FORMULA_PREFIXES)
    return "'" + s if risky else s


def safe_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes in which no text cell (or header) starts like a spreadsheet formula.

    Only text is neutralised: numeric columns stay numbers, because a negative number
    (``-0.5``) must remain a number a spreadsheet can compute with, and a cell that is
    just a number cannot run anything. Class names and labels from the user's file are
    text, so ``-1 cat`` or ``=cmd`` becomes ``'-1 cat`` or ``'=cmd``.

    >>> safe_csv(pd.DataFrame({"label": ["=1+1", "ok"], "logit": [-0.5, 2.0]})).decode()
    "label,logit\\r\\n'=1+1,-0.5\\r\\nok,2.0\\r\\n"
    """
    out = frame.copy()
    out.columns = [neutralise(c) for c in out.columns]
    for c in out.columns:
        s = out[c]
        if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            continue
        if len(s) <= 1000:  # a small table: a list is faster than the .str machinery
            out[c] = [neutralise(v) for v in s.astype(str)]
            continue
        text = s.astype(str)
        risky = text.str.startswith(FORMULA_PREFIXES) | text.str.lstrip(" ").str.startswith(
            FORMULA_PREFIXES
        )
        out[c] = text.where(~risky, "'" + text)
    # CRLF line ends (RFC 4180): the writer then quotes any cell holding a \r or \n,
    # which would otherwise split a row in two.
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def per_sample_frame(
    evaluation, data: PredictionData, unit: str, base, rows: np.ndarray | None = None
) -> pd.DataFrame:
    """One row per sample (or per index in ``rows``): true and predicted class, loss.

    ``evaluation`` is a :class:`xentcore.predictions.Evaluation` of ``data``; ``row`` is
    the sample's 1-based data row in the file.
    """
    idx = np.arange(evaluation.n) if rows is None else np.asarray(rows, dtype=np.int64)
    names = np.asarray(data.class_names, dtype=object)
    labels, predicted = data.labels[idx], evaluation.predicted[idx]
    frame = pd.DataFrame(
        {
            "row": idx + 1,
            "true class": names[labels],
            "predicted class": names[predicted],
            "p(true class)": evaluation.p_true[idx],
            "confidence": evaluation.confidence[idx],
            "correct": predicted == labels,
            f"loss ({unit})": in_unit(evaluation.losses[idx], base),
        }
    )
    if data.weights is not None:
        frame["sample weight"] = data.weights[idx]
    return frame


def per_sample_markdown(evaluation, data: PredictionData, unit: str, base, rows: np.ndarray) -> str:
    """The rows of :func:`per_sample_frame` listed in ``rows`` as a Markdown table.

    For the few costliest samples on screen: built from the arrays directly, with no
    pandas frame and no Arrow table on every rerun. Class names are the user's text and
    are escaped; probabilities keep 4 significant digits (the costliest are tiny), losses
    4 decimals, and "correct" is ✓ or ✗.

    >>> from xentcore.predictions import evaluate_predictions
    >>> y = np.array([0, 1]); p = np.array([[0.9, 0.1], [0.8, 0.2]])
    >>> d = PredictionData(p, y, ["*cat*", "dog"], "probabilities", None, "label_columns")
    >>> ev = evaluate_predictions(p, y, kind="probabilities")
    >>> print(per_sample_markdown(ev, d, "nats", None, np.array([1])))
    | row | true class | predicted class | p(true class) | confidence | correct | loss (nats) |
    | --: | :-- | :-- | --: | --: | :-- | --: |
    | 2 | dog | \\*cat\\* | 0.2 | 0.8 | ✗ | 1.6094 |
    """
    idx = np.asarray(rows, dtype=np.int64)
    names = [md_escape(n) for n in data.class_names]
    labels, predicted = data.labels[idx], evaluation.predicted[idx]
    losses = in_unit(evaluation.losses[idx], base)
    columns = ["row", "true class", "predicted class", "p(true class)", "confidence", "correct"]
    columns.append(f"loss ({unit})")
    table = [
        [
            str(i + 1),
            names[t],
            names[k],
            f"{evaluation.p_true[i]:.4g}",
            f"{evaluation.confidence[i]:.4g}",
            "✓" if t == k else "✗",
            format_value(loss, digits=4),
        ]
        for i, t, k, loss in zip(idx, labels, predicted, losses, strict=True)
    ]
    if data.weights is not None:
        columns.append("sample weight")
        for line, w in zip(table, data.weights[idx], strict=True):
            line.append(f"{w:.4g}")
    return markdown_table(columns, table)
