"""What goes back to the user: class weights read from their box, and the downloads.

Class weights are typed as text and read by the app's one number-list parser. Every
table the page lets the user download goes through :func:`safe_csv`, which neutralises
the cells that a spreadsheet would run as formulas (class names and labels come from
the user's file). Pure (pandas and NumPy, no Streamlit).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from explorer.parsing import InputProblem, ListRules, parse_number_list
from explorer.predictions import wording
from explorer.predictions.uploads.extract import PredictionData
from explorer.predictions.uploads.reading import MAX_CLASSES
from explorer.text import format_value, markdown_table, md_user_text
from xentcore.predictions import in_unit

__all__ = [
    "FORMULA_PREFIXES",
    "MAX_WEIGHT",
    "format_weights",
    "neutralise",
    "parse_class_weights",
    "per_sample_frame",
    "per_sample_markdown",
    "safe_csv",
]

#: Class weights above this are refused (a typo such as 1e300 would overflow the sums).
MAX_WEIGHT = 1e6
#: A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: The Class weights box: numbers from 0 to MAX_WEIGHT separated by commas, semicolons
#: or blanks. How many is checked after the numbers (it depends on the file's classes).
CLASS_WEIGHT_RULES = ListRules(
    min_len=0,
    max_len=20 * MAX_CLASSES,
    lo=0.0,
    hi=MAX_WEIGHT,
    max_chars=20 * MAX_CLASSES,
    separators=r"[,;\s]+",
    allow_empty=True,
)


def parse_class_weights(text: str | None, class_names: list[str]) -> np.ndarray | None:
    """The Class weights box: empty means 1 each; else one number per class.

    >>> parse_class_weights("1, 2.5", ["a", "b"]).tolist()
    [1.0, 2.5]
    >>> parse_class_weights("  ", ["a", "b"]) is None
    True
    >>> parse_class_weights("1, -2", ["a", "b"])
    Traceback (most recent call last):
    explorer.parsing.InputProblem: Class weights: value 2 (\\-2) is not a weight.
    """
    if text is None or not str(text).strip():
        return None
    words = wording.class_weights_wording(len(class_names), MAX_WEIGHT)
    try:
        values = parse_number_list(str(text), CLASS_WEIGHT_RULES, words)
    except InputProblem as err:
        # The wording puts each message's fix after a blank line.
        problem, _, fix = str(err).partition("\n\n")
        raise InputProblem(problem, fix, where=wording.CLASS_WEIGHTS_WHERE) from None
    if len(values) != len(class_names):
        raise wording.class_weights_count_problem(len(values), class_names)
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
    names = [md_user_text(n) for n in data.class_names]
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
