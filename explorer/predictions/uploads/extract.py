"""From a read file and its mapping to the arrays the core evaluates, every cell checked.

:func:`extract` applies a (possibly user-edited) :class:`~explorer.predictions.uploads.
mapping.Mapping` and returns a :class:`PredictionData`: the (N, C) scores, the labels as
class indices, the class names and the sample weights. Anything wrong raises
:class:`~explorer.parsing.InputProblem` naming the rows and columns; probability rows
that do not sum to 1 raise :class:`RowSumProblem`, which the page offers to fix.
Pure (pandas and NumPy, no Streamlit).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from explorer.parsing import InputProblem
from explorer.predictions.uploads.mapping import (
    LAYOUTS,
    LOGIT_PREFIXES,
    PROB_PREFIXES,
    Mapping,
    class_names_of,
    strip_prefix,
)
from explorer.predictions.uploads.reading import MAX_CLASSES
from explorer.predictions.wording import EXAMPLES, listed, quoted, row_text
from explorer.text import md_user_text
from xentcore.predictions import KINDS, ROW_SUM_TOLERANCE, RowSums, renormalize_rows, row_sums

__all__ = ["MAX_CELLS", "PredictionData", "RowSumProblem", "extract"]

#: rows × classes: keeps the evaluation's temporaries within a few hundred MB.
MAX_CELLS = 5_000_000


class RowSumProblem(InputProblem):
    """Probability rows that do not sum to 1: the page offers to renormalise them."""

    def __init__(
        self, problem: str, fix: str = "", *, where: str = "", report: RowSums | None = None
    ) -> None:
        super().__init__(problem, fix, where=where)
        self.report = report


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


def _column_problem(mapping: Mapping, columns: list[str]) -> None:
    colset = set(columns)
    used = [mapping.label] if mapping.layout != "one_hot" else []
    used += list(mapping.predictions) + list(mapping.targets)
    if mapping.weight:
        used.append(mapping.weight)
    missing = [c for c in used if c is not None and c not in colset]
    if missing:
        raise InputProblem(
            "A mapped column is not in the file.",
            where=f"column {listed(missing)}; the file has {listed(columns)}",
            fix="Pick the columns again under Column mapping.",
        )
    if mapping.layout != "one_hot" and mapping.label is None:
        raise InputProblem(
            "No label column.",
            where=f"none of the columns {listed(columns)} is named like a label "
            "(label, y, y_true, target, class)",
            fix="Choose the column that holds the true class under Column mapping, or rename "
            "it to ‘label’ in the file.",
        )
    dup = {c for c in used if c is not None and used.count(c) > 1}
    if dup:
        raise InputProblem(
            "A column is used twice in the mapping.",
            where=f"column {listed(sorted(dup))}",
            fix="Under Column mapping, use each column for one role only (label, prediction, "
            "target or weight).",
        )
    n_pred = len(mapping.predictions)
    if mapping.layout == "binary" and n_pred != 1:
        raise InputProblem(
            "The binary layout needs exactly one prediction column.",
            where=f"{n_pred} prediction columns are mapped",
            fix="Choose a single column holding P(positive class) or its logit, or switch the "
            "layout to one prediction column per class.",
        )
    if mapping.layout != "binary" and n_pred < 2:
        raise InputProblem(
            "Too few prediction columns.",
            where=f"{n_pred} prediction column(s) are mapped; the file has {listed(columns)}",
            fix="Map one prediction column per class (at least 2), or use the binary layout for "
            "a single P(y=1) column.",
        )
    if mapping.layout == "one_hot" and len(mapping.targets) != n_pred:
        raise InputProblem(
            "Target and prediction columns do not pair up.",
            where=f"{len(mapping.targets)} one-hot target columns but {n_pred} prediction columns",
            fix="Map one target column and one prediction column per class, in the same order.",
        )
    if n_pred > MAX_CLASSES:
        raise InputProblem(
            f"Too many classes: {n_pred:,}.",
            where="the prediction columns",
            fix=f"The page takes at most {MAX_CLASSES:,} classes. Keep the classes you need.",
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
            f"{row_text(r)}, column {quoted(c)}: {quoted(v)}" for r, c, v in text_cells[:EXAMPLES]
        )
        raise InputProblem(
            f"Non-numeric {what} cells ({n_text:,} in all).",
            where=shown,
            fix=f"Every {what} cell must be a number. Fix or remove those rows, or check that "
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
                    f"{row_text(rows[k])}, column {quoted(cols[js[k]])}"
                    + ("" if label.startswith("Missing") else f": {out[rows[k], js[k]]:g}")
                    for k in order
                )
                raise InputProblem(
                    f"{label} {what} cells ({int(mask.sum()):,} in all).",
                    where=shown,
                    fix=f"{fix}; every {what} cell must be a finite number.",
                )
    return out


def _check_probabilities(x: np.ndarray, cols) -> None:
    if x.min() >= 0 and x.max() <= 1:
        return
    bad = (x < 0) | (x > 1)
    rows, js = np.nonzero(bad)
    order = np.lexsort((js, rows))[:EXAMPLES]
    shown = "; ".join(
        f"{row_text(rows[k])}, column {quoted(cols[js[k]])}: {x[rows[k], js[k]]:g}" for k in order
    )
    neg, big = int((x < 0).sum()), int((x > 1).sum())
    what = " and ".join(
        t for t in (f"{neg:,} negative" if neg else "", f"{big:,} above 1" if big else "") if t
    )
    raise InputProblem(
        f"Probabilities outside [0, 1] ({what}).",
        where=shown,
        fix="A probability lies between 0 and 1. If these columns are logits (raw scores), set "
        "‘Predictions are’ to logits under Column mapping; otherwise fix the export.",
    )


def _label_indices(s: pd.Series, class_names: list[str]) -> tuple[np.ndarray, str]:
    """Labels as class indices, read as class names or as indices 0..C-1."""
    c = len(class_names)
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    if (codes < 0).any():
        rows = np.flatnonzero(codes < 0)
        raise InputProblem(
            f"Missing labels ({rows.size:,} rows).",
            where=", ".join(row_text(r) for r in rows[:EXAMPLES]) + f" of column {quoted(s.name)}",
            fix="Every row needs its true class; fill it in or drop those rows.",
        )
    if len(uniques) > c + 1000:
        raise InputProblem(
            f"The label column has {len(uniques):,} different values, but there are {c} classes.",
            where=f"column {quoted(s.name)}",
            fix="Check that the label column is mapped correctly: it should hold class names or "
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
        values = ", ".join(
            f"{quoted(texts[k])} ({counts[k]:,} rows, first {row_text(int(np.argmax(codes == k)))})"
            for k in bad[:10]
        )
        more = f" and {len(bad) - 10} more" if len(bad) > 10 else ""
        raise InputProblem(
            f"Labels that are not among the {c} classes: {len(bad)} value(s).",
            where=f"column {quoted(s.name)}: {values}{more}",
            fix=f"Labels must be class indices 0 to {c - 1} or the class names "
            f"{listed(class_names)} (taken from the prediction columns). Fix those labels, "
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
        raise InputProblem(
            f"The binary layout needs two classes, but the label column has {len(uniques)}.",
            where=f"column {quoted(s.name)}: {listed(sorted(uniques))}",
            fix="Use the layout with one prediction column per class, or map a label column "
            "with two values.",
        )
    hit = strip_prefix(column, PROB_PREFIXES) or strip_prefix(column, LOGIT_PREFIXES)
    positive = hit[1] if hit and hit[1] in uniques else None
    if positive is None:
        ordered = sorted(uniques)
        if len(ordered) == 1:
            ordered = ["not " + ordered[0], ordered[0]]
        return ordered, f"P(y = {ordered[1]}) (the second class in sorted order, as scikit-learn)"
    negative = next((u for u in uniques if u != positive), "not " + positive)
    return [negative, positive], f"P(y = {positive}) (named by the column)"


def extract(frame: pd.DataFrame, mapping: Mapping, *, renormalise: bool = False) -> PredictionData:
    """Apply ``mapping`` to ``frame`` and check every cell; raise :class:`InputProblem`.

    Probability rows that miss 1 raise :class:`RowSumProblem` unless ``renormalise``.

    >>> from explorer.predictions.uploads.mapping import detect_mapping
    >>> f = pd.DataFrame({"label": ["b", "a"], "p_a": [0.3, 0.9], "p_b": [0.7, 0.1]})
    >>> d = extract(f, detect_mapping(f))
    >>> d.labels.tolist(), d.class_names, d.kind
    ([1, 0], ['a', 'b'], 'probabilities')
    """
    _check_mapping(mapping, [str(c) for c in frame.columns], len(frame))
    preds = list(mapping.predictions)
    x = _numeric_block(frame, preds, "prediction")
    if mapping.kind == "probabilities":
        _check_probabilities(x, preds)
    notes: list[str] = []
    x, labels, names = _labels(frame, mapping, x, notes)
    weights = _sample_weights(frame, mapping.weight) if mapping.weight else None
    renormalised = 0
    if mapping.kind == "probabilities" and mapping.layout != "binary":
        x, renormalised = _checked_row_sums(x, renormalise, notes)
    return PredictionData(
        x, labels, names, mapping.kind, weights, mapping.layout, notes, renormalised
    )


def _check_mapping(mapping: Mapping, columns: list[str], n: int) -> None:
    """A known layout and kind, columns that exist, and not too many cells."""
    if mapping.layout not in LAYOUTS:
        raise InputProblem(
            f"Unknown layout {quoted(mapping.layout)}.",
            where="Column mapping",
            fix="Choose one of the layouts in the list.",
        )
    if mapping.kind not in KINDS:
        raise InputProblem(
            f"Unknown kind of prediction {quoted(mapping.kind)}.",
            where="Column mapping",
            fix="Choose probabilities or logits.",
        )
    _column_problem(mapping, columns)
    n_preds = len(mapping.predictions)
    n_cells = n * (2 if mapping.layout == "binary" else n_preds)
    if n_cells > MAX_CELLS:
        raise InputProblem(
            f"Too many prediction cells: {n:,} rows × {n_preds:,} classes.",
            where="the whole file",
            fix=f"The page evaluates at most {MAX_CELLS:,} cells (rows × classes). Upload a random "
            "sample of the rows.",
        )


def _labels(
    frame: pd.DataFrame, mapping: Mapping, x: np.ndarray, notes: list[str]
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The scores as (N, C), the labels as class indices, and the class names."""
    preds = list(mapping.predictions)
    if mapping.layout == "binary":
        names, meaning = _binary_classes(frame[mapping.label], preds[0])
        notes.append(f"The column {quoted(preds[0])} is read as {md_user_text(meaning, 80)}.")
        col = x[:, 0]
        # Two columns, so every layout is evaluated by the same C-class code:
        # [1 - p, p] for a probability, [0, z] for a logit (softmax([0, z]) = [1 - σ(z), σ(z)]).
        if mapping.kind == "probabilities":
            x = np.column_stack([1.0 - col, col])
        else:
            x = np.column_stack([np.zeros(len(col)), col])
        labels, _ = _label_indices(frame[mapping.label], names)
        return np.asfortranarray(x), labels, names
    names = class_names_of(preds)
    if mapping.layout == "one_hot":
        t = _numeric_block(frame, list(mapping.targets), "target")
        return x, _one_hot_labels(t, list(mapping.targets)), names
    labels, mode = _label_indices(frame[mapping.label], names)
    notes.append(
        "Labels are matched to the class names."
        if mode == "names"
        else f"Labels are read as class indices 0 to {len(names) - 1}."
    )
    return x, labels, names


def _sample_weights(frame: pd.DataFrame, column: str) -> np.ndarray:
    w = _numeric_block(frame, [column], "sample-weight")[:, 0]
    if (w < 0).any():
        r = int(np.argmax(w < 0))
        raise InputProblem(
            f"Negative sample weights ({int((w < 0).sum()):,} rows).",
            where=f"{row_text(r)}, column {quoted(column)}: {w[r]:g}",
            fix="A sample weight counts how much a row matters: use 0 or a positive number.",
        )
    return w


def _checked_row_sums(x: np.ndarray, renormalise: bool, notes: list[str]) -> tuple[np.ndarray, int]:
    """Probability rows that sum to 1, renormalised if asked; and how many were."""
    report = row_sums(x)
    if not report.n_off:
        return x, 0
    if not renormalise:
        raise RowSumProblem(
            f"Probability rows that do not sum to 1: {report.n_off:,} of {len(x):,}.",
            where=f"the worst is {row_text(report.worst_row)}, which sums to "
            f"{report.worst_sum:.9g} (allowed: 1 ± {ROW_SUM_TOLERANCE:g})",
            fix="Renormalise the rows (divide each by its sum) with the button below, or "
            "export the probabilities again at full precision. If these are logits, "
            "set ‘Predictions are’ to logits.",
            report=report,
        )
    try:
        x = np.asfortranarray(renormalize_rows(x))
    except ValueError:
        r = int(np.argmax(x.sum(axis=1) <= 0))
        raise InputProblem(
            "A probability row is all zeros, so it cannot be renormalised.",
            where=f"{row_text(r)}",
            fix="Give every row at least one positive probability, or drop those rows.",
        ) from None
    notes.append(
        f"{report.n_off:,} rows were renormalised to sum to 1 (the worst summed to "
        f"{report.worst_sum:.9g})."
    )
    return x, report.n_off


def _one_hot_labels(t: np.ndarray, cols: list[str]) -> np.ndarray:
    ok_values = (t == 0) | (t == 1)
    sums = t.sum(axis=1)
    bad = ~ok_values.all(axis=1) | (sums != 1)
    if bad.any():
        rows = np.flatnonzero(bad)
        shown = "; ".join(f"{row_text(r)} sums to {sums[r]:g}" for r in rows[:EXAMPLES])
        raise InputProblem(
            f"Target rows that are not one-hot ({rows.size:,} rows).",
            where=f"the target columns {listed(cols)}: {shown}",
            fix="Each target row must hold a single 1 (the true class) and 0 elsewhere.",
        )
    return t.argmax(axis=1)
