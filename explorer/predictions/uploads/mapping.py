"""Which column of a predictions file is what: the layout, label, prediction and weight columns.

:func:`detect_mapping` guesses a :class:`Mapping` from the column names (and, where names
say nothing, from the values); the page shows it for the user to correct, and
:func:`describe` sums up a read file for that. Pure (pandas and NumPy, no Streamlit).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from explorer.predictions.uploads.reading import Table

__all__ = [
    "LAYOUTS",
    "FileInfo",
    "Mapping",
    "class_names_of",
    "describe",
    "detect_mapping",
    "strip_prefix",
]

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


def strip_prefix(name: str, prefixes) -> tuple[str, str] | None:
    """The first of ``prefixes`` that ``name`` starts with (any case), and the rest.

    >>> strip_prefix("P_cat", PROB_PREFIXES), strip_prefix("pear", PROB_PREFIXES)
    (('p_', 'cat'), None)
    """
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

    targets = tuple(c for c in rest if strip_prefix(c, TARGET_PREFIXES) and not _pred_name(c))
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
        strip_prefix(name, PROB_PREFIXES)
        or strip_prefix(name, LOGIT_PREFIXES)
        or strip_prefix(name, TARGET_PREFIXES)
    )


def _pred_name(name: str) -> bool:
    low = name.lower()
    return bool(
        low.startswith(("y_pred", "y_prob", "y_score"))
        or strip_prefix(name, LOGIT_PREFIXES)
        or low in PROB_NAMES + LOGIT_NAMES
    )


def _kind(frame: pd.DataFrame, preds) -> str:
    """Logits or probabilities: by the column names first, then by the values."""
    if not preds:
        return "probabilities"
    if all(strip_prefix(c, LOGIT_PREFIXES) or c.lower() in LOGIT_NAMES for c in preds):
        return "logits"
    if all(strip_prefix(c, PROB_PREFIXES) or c.lower() in PROB_NAMES for c in preds):
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
            strip_prefix(c, PROB_PREFIXES)
            or strip_prefix(c, LOGIT_PREFIXES)
            or strip_prefix(c, TARGET_PREFIXES)
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

    >>> from explorer.predictions.uploads.reading import read_table
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
