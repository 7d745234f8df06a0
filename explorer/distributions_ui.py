"""The Distributions page, section by section (``pages/1_Distributions.py`` wires them).

``st.data_editor`` hands back whatever the learner typed (or a hostile session state
holds): blank names, text, NaN, 1e300, 57 rows. :func:`read_table` turns that into
clean lists plus one message per problem, each naming the row, the class, the column
and the fix, so the page never computes with (or crashes on) a bad table. The other
helpers render the core's numbers: the per-class table and its CSV, the formulas with
the learner's numbers substituted (LaTeX) and a code snippet that reproduces them.
These helpers are pure and tested directly.

The functions after them draw the page's sections: read inputs, compute with
:mod:`xentcore.decomposition`, draw. They live here rather than in the page script
because Streamlit compiles a page script on every AppTest rerun (a module is imported
once): as a long page script they were a third of a rerun.

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
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from explorer.figures_distributions import (
    blend_figure,
    class_contribution_figure,
    pair_decomposition_figure,
    pq_figure,
)
from explorer.presets import PRESETS, Preset, active_preset, preset_digits
from explorer.state import PageState, choice, number, numbers
from explorer.state import names as name_list
from explorer.text import describe_distribution_problem, format_value
from explorer.uploads import neutralise
from explorer.widgets import csv_download
from xentcore import normalize
from xentcore.decomposition import (
    BlendPath,
    ClassTerms,
    ClippedValue,
    PairMeasures,
    blend,
    blend_path,
    class_terms,
    clipped_cross_entropies,
    infinite_classes,
    pair_measures,
)

__all__ = [
    "CLASS",
    "EDITOR",
    "LAST",
    "MAX_CLASSES",
    "MAX_NAME_CHARS",
    "MIN_CLASSES",
    "P",
    "PAGE_PATH",
    "PARAMS",
    "Q",
    "Results",
    "SECTIONS",
    "TableReading",
    "code_snippet",
    "compute",
    "csv_bytes",
    "editor_frame",
    "enter",
    "escape_markdown",
    "math_lines",
    "per_class_frame",
    "read_inputs",
    "read_table",
    "renormalise_column",
    "show_math_and_code",
    "show_measures",
    "show_per_class",
    "show_preset_line",
    "show_problems",
    "show_results",
    "show_sections",
    "show_walk",
    "show_zeros",
    "sync_url",
]

CLASS, P, Q = "Class", "P", "Q"
MIN_CLASSES, MAX_CLASSES = 2, 50
#: 50 names of 30 characters still fit in one URL parameter (explorer.state allows 2,000).
MAX_NAME_CHARS = 30
#: The formulas list at most this many terms, then "+ ⋯": more is unreadable when projected.
MATH_TERMS = 8
#: Messages beyond this many are summarised in one line.
MAX_MESSAGES = 12

PAGE_PATH = "pages/1_Distributions.py"
EDITOR = "dist_editor"  # the data_editor's deltas, relative to the canonical table
LAST = "dist_last"  # the table as last seen, restored when the learner comes back
TABLE_KEYS = ("names", "p", "q")
PRESET_PILLS = "dist_preset"  # the worked-example pills; shows the active one
#: The deeper sections below the measures, one lazy tab each: only the open one is drawn.
WALK, CLASSES, MATH, CODE = "Walk Q toward P", "Class by class", "Show the math", "As code"
SECTIONS = [WALK, CLASSES, MATH, CODE]
#: The page's URL-bound inputs; the table's keys are the ones presets.py uses.
#: Default: worked example 1 (docs/worked-examples.md), H(P,Q) = 3.288 bits.
PARAMS = [
    name_list("names", ["red", "green", "blue"], min_len=2, max_len=50, max_chars=MAX_NAME_CHARS),
    numbers("p", [0.10, 0.40, 0.50], min_len=2, max_len=50, lo=0.0, hi=1.0),
    numbers("q", [0.80, 0.15, 0.05], min_len=2, max_len=50, lo=0.0, hi=1.0),
    number("walk", 0.0, 0.0, 1.0),
    choice("dist_section", SECTIONS[0], SECTIONS),
]
#: Which measure each preset's "quantity" is.
QUANTITY = {"H(P,Q)": "h_pq", "H(P)": "h_p", "KL(P‖Q)": "kl_pq"}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&^%@])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def escape_markdown(text: str) -> str:
    r"""Make user text inert in ``st.markdown``/``st.error`` (links, colours, LaTeX, icons).

    >>> escape_markdown("[x](http://a) :red[b] $c$")
    '\\[x\\]\\(http\\://a\\) \\:red\\[b\\] \\$c\\$'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _shown(name: str) -> str:
    """A class name as quoted in a message: escaped, and cut if long."""
    short = name if len(name) <= 24 else name[:21] + "…"
    return escape_markdown(short)


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
        return math.nan, "is empty"
    if isinstance(value, bool):
        return math.nan, f"is {value!r}, not a number"
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        text = str(value)
        text = text if len(text) <= 20 else text[:17] + "..."
        return math.nan, f"is {escape_markdown(repr(text))}, not a number"
    if math.isnan(number):
        return math.nan, "is empty"
    if math.isinf(number):
        return number, "is infinite"
    return number, None


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
    errors = reading.errors
    if rows == 0:
        errors.append(
            "The table is empty. Add at least 2 classes with the + under the table, "
            "or press Reset this page in the sidebar."
        )
        return reading
    if rows < MIN_CLASSES:
        errors.append(
            f"The table has only {rows} class; a distribution needs at least {MIN_CLASSES}. "
            "Add a row with the + under the table."
        )
    elif rows > MAX_CLASSES:
        errors.append(
            f"The table has {rows} classes; at most {MAX_CLASSES} are allowed. "
            f"Delete {rows - MAX_CLASSES} rows (select them on the left, then the bin icon)."
        )

    seen: dict[str, int] = {}
    for i, name in enumerate(names, start=1):
        if not name:
            errors.append(f"Row {i}: the class name is empty. Type a name in the Class column.")
        elif len(name) > MAX_NAME_CHARS:
            errors.append(
                f"Row {i}: the class name is {len(name):,} characters long "
                f"(at most {MAX_NAME_CHARS}). Shorten it."
            )
        elif "," in name or _CONTROL.search(name):
            bad = "a comma" if "," in name else "a line break or control character"
            errors.append(
                f"Row {i} ({_shown(name)}): the class name contains {bad}, which the "
                "shareable link cannot hold. Use another character, such as / or ;."
            )
        elif name in seen:
            errors.append(
                f"Rows {seen[name]} and {i} are both called {_shown(name)}. "
                "Class names must differ: rename one."
            )
        else:
            seen[name] = i

    for column, values in ((P, reading.p), (Q, reading.q)):
        cells = df[column] if column in df else [None] * rows
        column_errors = 0
        for i, cell in enumerate(cells, start=1):
            number, problem = _read_number(cell)
            label = f"Row {i} ({_shown(names[i - 1])})" if names[i - 1] else f"Row {i}"
            if problem is None and number < 0:
                problem = (
                    f"is {number:g}, below 0. A probability cannot be negative: "
                    "type 0 or a positive number"
                )
            elif problem is None and number > 1:
                problem = (
                    f"is {number:g}, above 1. A probability is at most 1: type one from 0 to 1, "
                    f"or, if column {column} holds counts, press Renormalise {column}"
                )
            elif problem is not None:
                problem += ". Type a probability from 0 to 1 (0 is allowed)"
            if problem is not None:
                column_errors += 1
                errors.append(f"{label}: {column} {problem}.")
            values.append(number)
        finite = [v for v in values if math.isfinite(v)]
        total = float(np.sum(finite)) if finite else 0.0
        clean = len(finite) == len(values) and all(v >= 0 for v in values)
        if clean and math.isfinite(total) and total > 0 and abs(total - 1.0) > 1e-9:
            reading.renormalisable.append(column)
        if column_errors == 0 and values:
            problem = describe_distribution_problem(column, values)
            if problem is not None:
                reading.sum_problems[column] = problem
    return reading


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


# ----------------------------------------------------------------------------- per class


def per_class_frame(
    names: Sequence[str],
    p: Sequence[float],
    q: Sequence[float],
    terms: Any,
    totals: Mapping[str, float],
    unit: str,
) -> pd.DataFrame:
    """The per-class table, with a last row of sums (= H(P,Q), H(P), KL(P‖Q)).

    ``terms`` is :class:`xentcore.decomposition.ClassTerms`; ``totals`` has the keys
    ``h_pq``, ``h_p`` and ``kl_pq`` (the page's measures, so the sums shown are exactly
    the metrics).
    """
    u = f" ({unit})"
    frame = pd.DataFrame(
        {
            CLASS: list(names) + ["Σ (sum)"],
            "p": [*map(float, p), float(np.sum(p))],
            "q": [*map(float, q), float(np.sum(q))],
            "surprisal −log q" + u: [*map(float, terms.surprisal), math.nan],
            "−p·log q" + u: [*map(float, terms.cross_entropy), totals["h_pq"]],
            "−p·log p" + u: [*map(float, terms.entropy), totals["h_p"]],
            "p·log(p/q)" + u: [*map(float, terms.kl), totals["kl_pq"]],
        }
    )
    return frame


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as CSV; a class name that a spreadsheet would run as a formula is quoted.

    >>> csv_bytes(pd.DataFrame({"Class": ["=1+1", "red"], "p": [0.5, 0.5]})).decode()
    "Class,p\\n'=1+1,0.5\\nred,0.5\\n"
    """
    out = frame.copy()
    if CLASS in out:
        # OWASP "CSV injection": a leading = + - @ makes a spreadsheet evaluate the cell.
        out[CLASS] = [neutralise(s) if isinstance(s, str) else s for s in out[CLASS]]
    return out.to_csv(index=False).encode("utf-8")


# ----------------------------------------------------------------------------- math

_LOG = {"bits": r"\log_2", "nats": r"\ln", "hartleys": r"\log_{10}"}


def _tex_number(x: float) -> str:
    """A probability for a formula: 4 significant digits, 10^k instead of e-notation."""
    if x == 0:
        return "0"
    text = f"{x:.4g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def _tex_value(x: float) -> str:
    if math.isinf(x):
        return r"\infty" if x > 0 else r"-\infty"
    return f"{x:.4f}"


def _tex_sum(parts: Sequence[str]) -> str:
    """Join terms with + (a term starting with - joins with -), cut after MATH_TERMS."""
    shown = list(parts[:MATH_TERMS])
    out = shown[0] if shown else "0"
    for part in shown[1:]:
        out += f" - {part[1:]}" if part.startswith("-") else f" + {part}"
    if len(parts) > MATH_TERMS:
        out += rf" + \cdots \text{{ ({len(parts) - MATH_TERMS} more)}}"
    return out


def math_lines(
    p: Sequence[float], q: Sequence[float], terms: Any, measures: Any, unit: str
) -> list[str]:
    r"""The formulas of the page with the learner's numbers substituted (for ``st.latex``).

    ``terms`` is :class:`xentcore.decomposition.ClassTerms` and ``measures``
    :class:`xentcore.decomposition.PairMeasures`, both in ``unit``.

    >>> from xentcore.decomposition import class_terms, pair_measures
    >>> p, q = [0.5, 0.5], [0.25, 0.75]
    >>> lines = math_lines(p, q, class_terms(p, q, base=2), pair_measures(p, q, base=2), "bits")
    >>> print(lines[1].replace(r" \\ ", "\n"))
    \begin{aligned}H(P,Q) &= -\sum_i p_i \log_2 q_i
    &= -\big(0.5 \log_2 0.25 + 0.5 \log_2 0.75\big)
    &= 1.0000 + 0.2075
    &= 1.2075\ \text{bits}\end{aligned}
    """
    log = _LOG.get(unit, r"\log")
    u = rf"\ \text{{{unit}}}"
    pt = [_tex_number(v) for v in p]
    qt = [_tex_number(v) for v in q]

    def products(a: Sequence[str], b: Sequence[str]) -> str:
        return _tex_sum([f"{x} {log} {y}" for x, y in zip(a, b, strict=True)])

    def ratios() -> str:
        return _tex_sum([rf"{x} {log} \frac{{{x}}}{{{y}}}" for x, y in zip(pt, qt, strict=True)])

    def values(v: Sequence[float]) -> str:
        return _tex_sum([_tex_value(x) for x in v])

    m = measures

    def aligned(*steps: str) -> str:
        # One step per line: with 8 classes a single line runs off a projected screen.
        return (
            r"\begin{aligned}"
            + steps[0]
            + r" &= "
            + r" \\ &= ".join(steps[1:])
            + (r"\end{aligned}")
        )

    reverse = (
        aligned(
            r"H(Q,P)",
            rf"-\sum_i q_i {log} p_i",
            rf"-\big({products(qt, pt)}\big)",
            rf"{_tex_value(m.h_qp)}{u} \;\neq\; H(P,Q)",
        )
        if not _same(m.h_qp, m.h_pq)
        else rf"H(Q,P) = -\sum_i q_i {log} p_i = {_tex_value(m.h_qp)}{u} = H(P,Q)"
    )
    return [
        aligned(
            r"H(P)",
            rf"-\sum_i p_i {log} p_i",
            rf"-\big({products(pt, pt)}\big)",
            values(terms.entropy),
            rf"{_tex_value(m.h_p)}{u}",
        ),
        aligned(
            r"H(P,Q)",
            rf"-\sum_i p_i {log} q_i",
            rf"-\big({products(pt, qt)}\big)",
            values(terms.cross_entropy),
            rf"{_tex_value(m.h_pq)}{u}",
        ),
        aligned(
            r"D_{\mathrm{KL}}(P\,\|\,Q)",
            rf"\sum_i p_i {log} \frac{{p_i}}{{q_i}}",
            ratios(),
            values(terms.kl),
            rf"{_tex_value(m.kl_pq)}{u}",
        ),
        rf"H(P,Q) = H(P) + D_{{\mathrm{{KL}}}}(P\,\|\,Q):\quad {_tex_value(m.h_pq)} = "
        rf"{_tex_value(m.h_p)} + {_tex_value(m.kl_pq)}{u}",
        reverse,
        rf"H(Q,P) = H(Q) + D_{{\mathrm{{KL}}}}(Q\,\|\,P):\quad {_tex_value(m.h_qp)} = "
        rf"{_tex_value(m.h_q)} + {_tex_value(m.kl_qp)}{u}",
        r"\mathrm{JS}(P,Q) = \tfrac12 D_{\mathrm{KL}}(P\,\|\,M) "
        r"+ \tfrac12 D_{\mathrm{KL}}(Q\,\|\,M),"
        rf"\quad M = \tfrac12(P+Q):\quad \mathrm{{JS}} = {_tex_value(m.js)}{u}",
    ]


def _same(a: float, b: float) -> bool:
    return a == b or (math.isfinite(a) and math.isfinite(b) and abs(a - b) < 5e-5)


# ----------------------------------------------------------------------------- code

_BASE_CODE = {"bits": "2", "nats": "np.e", "hartleys": "10"}


def code_snippet(
    names: Sequence[str], p: Sequence[float], q: Sequence[float], measures: Any, unit: str
) -> str:
    """NumPy/SciPy/PyTorch code that reproduces the page's numbers for these inputs.

    The numbers in the comments are ``measures`` (the page's), formatted as on screen.
    Runnable: tests execute it and compare with xentcore.
    """
    m = measures

    def shown(value: float) -> str:
        return format_value(value, unit, digits=4)

    def listing(values: Sequence[float]) -> str:
        return "[" + ", ".join(repr(float(v)) for v in values) + "]"

    return f"""import math

import numpy as np
from scipy.spatial.distance import jensenshannon
from scipy.special import rel_entr, xlogy
from scipy.stats import entropy

classes = {[str(n) for n in names]!r}
p = np.array({listing(p)})  # P, the truth
q = np.array({listing(q)})  # Q, the prediction
base = {_BASE_CODE.get(unit, "np.e")}  # {unit}

# xlogy(a, b) = a * log(b) with 0 * log(0) = 0; q = 0 where p > 0 gives inf.
H_p = entropy(p, base=base)  # H(P) = {shown(m.h_p)}
H_q = entropy(q, base=base)  # H(Q) = {shown(m.h_q)}
H_pq = -xlogy(p, q).sum() / np.log(base)  # H(P,Q) = {shown(m.h_pq)}
H_qp = -xlogy(q, p).sum() / np.log(base)  # H(Q,P) = {shown(m.h_qp)}
KL_pq = rel_entr(p, q).sum() / np.log(base)  # KL(P||Q) = {shown(m.kl_pq)}
KL_qp = rel_entr(q, p).sum() / np.log(base)  # KL(Q||P) = {shown(m.kl_qp)}
JS = jensenshannon(p, q, base=base) ** 2  # JS(P,Q) = {shown(m.js)} (SciPy gives its square root)

# Per class, as in the table: -log q, -p log q and p log(p/q).
with np.errstate(divide="ignore"):
    surprisal = -np.log(q) / np.log(base)
ce_terms = -xlogy(p, q) / np.log(base)
kl_terms = rel_entr(p, q) / np.log(base)

# The same in PyTorch (float64, to match to the last digit).
import torch

P = torch.tensor(p, dtype=torch.float64)
Q = torch.tensor(q, dtype=torch.float64)
H_pq_torch = -torch.xlogy(P, Q).sum() / math.log(base)  # H(P,Q)
# = F.kl_div(Q.log(), P, reduction="sum") when no class has p = q = 0:
KL_pq_torch = (torch.xlogy(P, P) - torch.xlogy(P, Q)).sum() / math.log(base)  # KL(P||Q)
"""


# ----------------------------------------------------------------------------- sections

# What depends on the table alone (the core's results, three figures, the per-class
# table) is kept between reruns, so moving the walk slider recomputes only the walk. A
# small LRU dict rather than st.cache_data/st.cache_resource, whose argument hashing
# cost as much as the work saved. Nothing kept is modified after it is built
# (st.plotly_chart and st.dataframe copy their input), so sessions may share it.
_KEPT: OrderedDict[tuple, Any] = OrderedDict()
_KEPT_LOCK = threading.Lock()
_KEPT_MAX = 128


def _memo(key: tuple, build: Any) -> Any:
    """``build()``, or its value from an earlier call with the same ``key``."""
    with _KEPT_LOCK:
        if key in _KEPT:
            _KEPT.move_to_end(key)
            return _KEPT[key]
    value = build()
    with _KEPT_LOCK:
        _KEPT[key] = value
        while len(_KEPT) > _KEPT_MAX:
            _KEPT.popitem(last=False)
    return value


#: The metrics of the page: label, PairMeasures field, help text; two rows.
METRICS = (
    (
        (
            "Cross-entropy H(P,Q)",
            "h_pq",
            "Average surprise −Σ p·log q when classes follow P but you predicted Q.",
        ),
        ("Entropy H(P)", "h_p", "The surprise no prediction can remove: H(P,Q) when Q = P."),
        (
            "KL divergence KL(P‖Q)",
            "kl_pq",
            "H(P,Q) − H(P) = Σ p·log(p/q): the extra cost of predicting Q. 0 only when Q = P.",
        ),
        (
            "Jensen–Shannon JS(P,Q)",
            "js",
            "½KL(P‖M) + ½KL(Q‖M) with M = (P+Q)/2: symmetric, never infinite, at most 1 bit.",
        ),
    ),
    (
        (
            "Reversed H(Q,P)",
            "h_qp",
            "−Σ q·log p: the same formula with P and Q swapped. Usually a different number.",
        ),
        ("Entropy H(Q)", "h_q", "The entropy of the prediction: how unsure the model is."),
        ("Reversed KL(Q‖P)", "kl_qp", "Σ q·log(q/p) = H(Q,P) − H(Q). KL is not symmetric either."),
    ),
)


@dataclass
class Results:
    """Everything the core says about a valid table, in the chosen unit."""

    measures: PairMeasures
    terms: ClassTerms
    zeros_pq: list[int]  # classes with q = 0 < p: H(P,Q) = ∞
    zeros_qp: list[int]  # classes with p = 0 < q: H(Q,P) = ∞
    clipped_pq: list[ClippedValue]  # each framework's clip, where H(P,Q) = ∞
    clipped_qp: list[ClippedValue]
    path: BlendPath


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


def read_inputs(state: PageState, unit: str) -> tuple[TableReading, Preset | None, Any, Any]:
    """Presets, the editable table and its problems (left), and room for the chart (right).

    Returns the table as read, the active preset, the presets' row (for the preset's line)
    and the right-hand column.
    """
    ss = st.session_state
    # The presets' pills, filled once the table is read; the active example's line follows.
    buttons = st.container()
    left, right = st.columns([2, 3], gap="large")
    with left:
        # The heading and its instructions in one element (each element costs a rerun time).
        st.markdown(
            "### Your distributions\n\n"
            f":gray[:small[{MIN_CLASSES} to {MAX_CLASSES} classes. Add one with **+** under "
            "the table; delete by ticking rows on the left and pressing the bin icon. "
            "Each column must sum to 1.]]"
        )
        key = ("editor", *(tuple(ss[k]) for k in TABLE_KEYS))
        edited = st.data_editor(
            _memo(key, lambda: editor_frame(ss["names"], ss["p"], ss["q"])),  # copied by Streamlit
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
    table = read_table(edited)
    ss[LAST] = {"names": table.names, "p": table.p, "q": table.q}
    if table.ok:
        # The last valid P and Q, for other pages (Bits & codes: "use P and Q from the
        # Distributions page").
        ss["distributions_current"] = dict(ss[LAST])
    preset = active_preset(
        PAGE_PATH, {"names": table.names, "p": table.p, "q": table.q, "unit": unit}
    )
    examples = {p.id: p for p in PRESETS if p.page == PAGE_PATH}
    # One pills widget rather than a button per example (one element, not eight). It
    # shows the example the table matches right now, and nothing once the table is edited.
    ss[PRESET_PILLS] = preset.id if preset is not None else None
    buttons.pills(
        "Worked examples: one click sets the table and the unit",
        options=list(examples),
        format_func=lambda pid: f"{examples[pid].example}. {examples[pid].title}",
        key=PRESET_PILLS,
        width="stretch",  # the pills wrap onto more lines instead of running off the edge
        on_change=_apply_preset_pill,
        args=(state,),
        help="Each one is a worked example of the classic tutorials; the line after the "
        "examples shows its number, computed from the table.",
    )
    with left:
        show_problems(table)
    return table, preset, buttons, right


def _apply_preset_pill(state: PageState) -> None:
    chosen = st.session_state.get(PRESET_PILLS)
    if chosen is not None:  # None: the active example was clicked again; nothing to do
        state.apply_preset(chosen)


def show_problems(table: TableReading) -> None:
    """Every problem of the table, and a Renormalise button per fixable column."""
    for message in table.errors[:MAX_MESSAGES]:
        st.error(message, icon=":material/error:")
    if len(table.errors) > MAX_MESSAGES:
        st.error(f"… and {len(table.errors) - MAX_MESSAGES} more problems of the same kind.")
    for message in table.sum_problems.values():
        st.error(message, icon=":material/functions:")
    for column in table.renormalisable:
        st.button(
            f"Renormalise {column}",
            key=f"renormalise_{column}",
            icon=":material/balance:",
            on_click=renormalise_column,
            args=(column, table.names, table.p, table.q),
            help=f"Divide each {column} by the column's sum so that it adds up to 1.",
        )


def compute(table: TableReading, base: float | None) -> Results | None:
    """The core's numbers for a valid table (``None`` otherwise, never an exception)."""
    if not table.ok:
        return None
    p, q = table.p, table.q
    try:
        return _memo(("results", tuple(p), tuple(q), base), lambda: _results(p, q, base))
    except ValueError as err:  # read_table should have caught it; say so, never crash
        st.error(f"{err}. Fix the table, or press Reset this page.", icon=":material/error:")
        return None


def _results(p: list[float], q: list[float], base: float | None) -> Results:
    zeros_pq = infinite_classes(p, q).tolist()
    zeros_qp = infinite_classes(q, p).tolist()
    return Results(
        measures=pair_measures(p, q, base=base),
        terms=class_terms(p, q, base=base),
        zeros_pq=zeros_pq,
        zeros_qp=zeros_qp,
        clipped_pq=clipped_cross_entropies(p, q, base=base) if zeros_pq else [],
        clipped_qp=clipped_cross_entropies(q, p, base=base) if zeros_qp else [],
        path=blend_path(p, q, base=base, num=101),
    )


def show_preset_line(placeholder: Any, preset: Preset | None, m: PairMeasures, unit: str) -> None:
    """ "Worked example 1: H(P,Q) = 3.288 bits", the number computed from the table."""
    if preset is None:
        return
    value = format_value(getattr(m, QUANTITY[preset.quantity]), unit, preset_digits(preset))
    placeholder.success(
        f"Worked example {preset.example}: {preset.quantity} = {value} ({preset.title})",
        icon=":material/school:",
    )


def show_measures(m: PairMeasures, unit: str) -> None:
    """The seven measures as metrics, and the "order matters" remark."""
    st.subheader("The measures", anchor=False)
    # One horizontal container per row of four (cheaper than st.columns: one block, not five).
    for row in METRICS:
        box = st.container(horizontal=True, gap="small")
        for label, name, help_text in row:
            box.metric(label, format_value(getattr(m, name), unit), border=True, help=help_text)
    box.markdown(
        f"**Order matters.** H(P,Q) = {format_value(m.h_pq, unit)} but "
        f"H(Q,P) = {format_value(m.h_qp, unit)}. In training, P (the label) always goes first."
        if m.h_pq != m.h_qp
        else "**Here P = Q**, so both orders agree and both KL divergences are 0."
    )


def show_zeros(table: TableReading, r: Results, unit: str) -> None:
    """Name the classes that make a cross-entropy infinite; show each framework's clip."""
    directions = (
        (r.zeros_pq, r.clipped_pq, "Q", "P", "H(P,Q)", "KL(P‖Q)", table.p),
        (r.zeros_qp, r.clipped_qp, "P", "Q", "H(Q,P)", "KL(Q‖P)", table.q),
    )
    for zeros, clipped, first, second, measure, kl, weights in directions:
        if not zeros:
            continue
        culprits = ", ".join(
            f"**{escape_markdown(table.names[i])}** ({second} = {weights[i]:.4g})" for i in zeros
        )
        note = (
            ""
            if first == "Q"
            else " This is one reason the label P goes first: a one-hot P is 0 on every "
            "class but one, and a model's Q is not."
        )
        st.warning(
            f"**{measure} and {kl} are ∞.** {first} gives probability 0 to {culprits}, which "
            f"happens under {second}; log 0 = −∞.{note} Frameworks clip the prediction to "
            "[ε, 1 − ε] so the loss stays finite; each convention gives its own number:",
            icon=":material/all_inclusive:",
        )
        row = st.container(horizontal=True)
        for value in clipped:
            conv = value.convention
            row.metric(
                f"{measure}, {conv.name} clip ε = {conv.eps:.3g}",
                format_value(value.value, unit),
                border=True,
                help=f"−Σ {second.lower()}·log clip({first.lower()}, ε, 1 − ε): {conv.source}.",
            )


def show_results(
    table: TableReading, r: Results | None, preset: Preset | None, placeholders: Any, unit: str
) -> None:
    """P and Q, the measures, the zeros and the decomposition (always shown)."""
    preset_line, right = placeholders
    with right:
        if table.drawable:
            key = ("pq", *map(tuple, (table.names, table.p, table.q)))
            fig = _memo(key, lambda: pq_figure(table.names, table.p, table.q))
            st.plotly_chart(fig, width="stretch", theme=None, key="pq_chart")
        else:
            st.info("The chart of P and Q appears once every row of the table is fixed.")
    if r is None:
        st.info(
            "The entropies, cross-entropies and divergences appear once the table is a valid "
            "pair of distributions.",
            icon=":material/info:",
        )
        return
    m = r.measures
    show_preset_line(preset_line, preset, m, unit)
    show_measures(m, unit)
    show_zeros(table, r, unit)

    st.subheader("H(P,Q) = H(P) + KL(P‖Q), and the other way round", anchor=False)
    key = ("decomposition", m.h_p, m.kl_pq, m.h_q, m.kl_qp, unit)
    fig = _memo(key, lambda: pair_decomposition_figure(m.h_p, m.kl_pq, m.h_q, m.kl_qp, unit))
    st.plotly_chart(fig, width="stretch", theme=None, key="decomposition_chart")


def show_sections(table: TableReading, r: Results | None, unit: str, base: float | None) -> float:
    """The walk, the per-class view, the math and the code as lazy tabs; returns t.

    Only the open tab is drawn (and costs a rerun).

    The walk's slider keeps its value (and the link its ``walk``) while its tab is closed.
    """
    tabs = st.tabs(SECTIONS, key="dist_section", on_change="rerun")
    t = float(st.session_state.get("walk", 0.0))
    if tabs[0].open:
        with tabs[0]:
            t = show_walk(table, r, unit, base)
    for name, tab in zip(SECTIONS[1:], tabs[1:], strict=True):
        if tab.open:
            with tab:
                if r is None:
                    st.info(
                        "This appears once the table is a valid pair of distributions.",
                        icon=":material/info:",
                    )
                elif name == CLASSES:
                    show_per_class(table, r, unit)
                else:
                    show_math_and_code(table, r, unit, name)
    return t


def show_per_class(table: TableReading, r: Results, unit: str) -> None:
    """Each class's share of H(P,Q): a chart, and the table with its CSV download."""
    st.markdown(
        "Each class adds −p·log q to the cross-entropy: its surprisal −log q weighted by how "
        "often it happens. That splits into an entropy part −p·log p and a KL part "
        "p·log(p/q), which is negative where Q gives a class more than P does."
    )
    key = ("contribution", *map(tuple, (table.names, table.p, table.q)), unit)
    fig = _memo(key, lambda: class_contribution_figure(table.names, r.terms, unit))
    st.plotly_chart(fig, width="stretch", theme=None, key="contribution_chart")
    m = r.measures
    totals = {"h_pq": m.h_pq, "h_p": m.h_p, "kl_pq": m.kl_pq}
    key = ("per-class", *map(tuple, (table.names, table.p, table.q)), unit)
    frame = _memo(
        key, lambda: per_class_frame(table.names, table.p, table.q, r.terms, totals, unit)
    )
    number_format = st.column_config.NumberColumn(format="%.4f")
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key="per_class_table",
        placeholder="—",
        column_config={c: number_format for c in frame.columns if c != CLASS},
    )
    csv_download(
        "Download this table (CSV)",
        frame,
        f"cross_entropy_per_class_{unit}.csv",
        "per_class_csv",
        write=csv_bytes,
    )


def show_walk(table: TableReading, r: Results | None, unit: str, base: float | None) -> float:
    """The slider that moves Q toward P, H(P, Q_t) and KL(P‖Q_t); returns t.

    The slider is drawn even for a broken table (disabled), so it keeps its value.
    """
    if r is not None:
        st.markdown(
            "Move the prediction a fraction t of the way to the truth: Qₜ = (1 − t)·Q + t·P. "
            "The cross-entropy falls to its floor H(P) exactly when Q = P, which is why "
            "minimising it trains a model's Q toward the data's P."
        )
    row = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
    with row:
        t = st.slider(
            "t: how far Q moves toward P",
            min_value=0.0,
            max_value=1.0,
            step=0.05,
            key="walk",
            persist_state="session",  # keeps its value while the other tab is open
            disabled=r is None,
            help="0 keeps your Q, 1 replaces it by P.",
        )
    if r is None:
        return t
    walk = pair_measures(table.p, blend(table.p, table.q, t), base=base)
    row.metric(f"H(P, Qₜ) at t = {t:.2f}", format_value(walk.h_pq, unit), border=True)
    row.metric(f"KL(P‖Qₜ) at t = {t:.2f}", format_value(walk.kl_pq, unit), border=True)
    fig = blend_figure(r.path.t, r.path.cross_entropy, r.measures.h_p, t, walk.h_pq, unit)
    st.plotly_chart(fig, width="stretch", theme=None, key="walk_chart")
    return t


def show_math_and_code(table: TableReading, r: Results, unit: str, which: str) -> None:
    """The "Show the math" (``which == MATH``) or "As code" tab, with the learner's numbers."""
    if which == MATH:
        base = {"bits": "2", "hartleys": "10"}.get(unit, "e")
        st.markdown(
            f"The definitions with your numbers (first {MATH_TERMS} classes, in table "
            f"order; logarithms in base {base}, with 0·log 0 = 0):"
        )
        for line in math_lines(table.p, table.q, r.terms, r.measures, unit):
            st.latex(line)
    else:
        st.markdown("NumPy, SciPy and PyTorch reproduce the numbers on this page:")
        code = code_snippet(table.names, table.p, table.q, r.measures, unit)
        st.code(code, language="python")


def sync_url(state: PageState, table: TableReading, t: float) -> None:
    """The link holds the table as edited, or the canonical one where an edit cannot be."""
    current: dict[str, Any] = {
        "walk": t,
        "dist_section": st.session_state.get("dist_section", SECTIONS[0]),
    }
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
