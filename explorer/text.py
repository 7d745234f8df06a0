"""Number formatting and learner-facing messages.

Kept free of Streamlit so the wording can be tested directly.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

__all__ = [
    "LOG_SYMBOLS",
    "MARKDOWN_SPECIAL",
    "UNITS",
    "format_number_list",
    "format_value",
    "log_symbol",
    "markdown_table",
    "md_escape",
    "md_user_text",
]

#: Unit name -> log base as xentcore takes it (None = natural log = nats).
UNITS: dict[str, int | None] = {"bits": 2, "nats": None, "hartleys": 10}

#: How far a sum may miss 1 before it is reported; matches xentcore's own check.
SUM_TOLERANCE = 1e-9


def format_value(value: float, unit: str = "", digits: int = 3) -> str:
    """Format a measure for display: ``3.288 bits``, ``∞ bits`` or ``undefined``.

    >>> format_value(3.2879430945989, "bits")
    '3.288 bits'
    >>> format_value(float("inf"), "nats")
    '∞ nats'
    >>> format_value(float("nan"), "bits")
    'undefined'
    """
    value = float(value)
    if math.isnan(value):
        return "undefined"
    if math.isinf(value):
        number = "∞" if value > 0 else "−∞"
    else:
        number = f"{value:.{digits}f}"
    return f"{number} {unit}".strip()


#: Every character that Streamlit's Markdown, its HTML, LaTeX (``$``), colour and icon
#: directives (``:red[...]``, ``:material/x:``) or a table cell (``|``) would act on.
#: CommonMark lets a backslash make any of them literal, and a literal one shows as itself.
MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~$:=&^%@\"'")


def format_number_list(values: Sequence[float]) -> str:
    """Write a list of numbers back into its text box: short, and exact to 12 digits.

    A distribution written this way still sums to 1 within ~1e-12.

    >>> format_number_list([2.0, 1.0, 0.1, -3.5e-07, 1e300, 1 / 3])
    '2, 1, 0.1, -3.5e-07, 1e+300, 0.333333333333'
    """
    return ", ".join(f"{float(v):.12g}" for v in values)


def md_escape(text: object) -> str:
    r"""Make text inert in ``st.markdown``, ``st.error`` and friends: nothing in it takes effect.

    The one escaper of the app: every piece of user text shown in Markdown goes through it.

    >>> md_escape("[x](http://a) :red[b] $c$ *d* <b>")
    '\\[x\\]\\(http\\://a\\) \\:red\\[b\\] \\$c\\$ \\*d\\* \\<b\\>'
    """
    return "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in str(text))


def md_user_text(text: object, limit: int = 40) -> str:
    r"""User text quoted in a message: cut to ``limit`` characters, on one line, escaped.

    Text that is only blanks is shown as its ``repr`` so the reader sees what it was.

    >>> md_user_text("**bold**  [link](x)")
    '\\*\\*bold\\*\\* \\[link\\]\\(x\\)'
    >>> md_user_text("a" * 50, limit=5), md_user_text("  ")
    ('aaaaa…', "\\'  \\'")
    """
    s = str(text)
    s = s if len(s) <= limit else s[:limit] + "…"
    s = " ".join(s.split()) if s.strip() else repr(s)
    return md_escape(s)


def markdown_table(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A small table as GitHub Markdown, numbers right-aligned, for ``st.markdown``.

    For a handful of rows of our own text: one light element, where ``st.dataframe``
    costs about 1.5 ms on every rerun (a pandas frame, then Arrow). Cells are written with
    ``str``; a ``|`` in a cell is escaped so it cannot split the row (text that went
    through ``md_escape`` already has its ``|`` escaped, and keeps it).

    >>> print(markdown_table(["loss", "value"], [("cross-entropy", "0.7370"), ("a|b", "∞")]))
    | loss | value |
    | :-- | --: |
    | cross-entropy | 0.7370 |
    | a\\|b | ∞ |
    """

    def cell(value: object) -> str:
        return re.sub(r"(?<!\\)\|", r"\\|", str(value))  # a | already escaped stays as it is

    def number(value: object) -> bool:
        try:
            float(str(value).replace("∞", "inf").replace("−", "-"))
        except ValueError:
            return False
        return True

    head = "| " + " | ".join(cell(c) for c in columns) + " |"
    rule = "| " + " | ".join(
        "--:" if rows and all(number(row[j]) for row in rows) else ":--"
        for j in range(len(columns))
    )
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join([head, rule + " |", *body])


# ---------------------------------------------------------------- logarithms in formulas
# Added in the regroup (the Binary page; Distributions writes the same table as _LOG).

#: Unit name -> its logarithm in LaTeX, for formulas with the user's numbers.
LOG_SYMBOLS = {"bits": r"\log_2", "nats": r"\ln", "hartleys": r"\log_{10}"}


def log_symbol(unit: str) -> str:
    """The logarithm of a unit, in LaTeX (``\\log`` for a unit it does not know).

    >>> log_symbol("bits"), log_symbol("nats"), log_symbol("hartleys")
    ('\\\\log_2', '\\\\ln', '\\\\log_{10}')
    """
    return LOG_SYMBOLS.get(unit, r"\log")
