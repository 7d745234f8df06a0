"""The Distributions page's learner text: messages, labels, the formulas and the code.

Pure (no Streamlit), so every message is tested directly. User text (class names, the
cells of the table) is escaped with :func:`explorer.text.md_escape` before it goes into
a message, so a name such as ``[x](http://e.vil)`` shows as typed, never as a link.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from explorer.text import SUM_TOLERANCE, format_value, md_escape

__all__ = [
    "INTRO",
    "MATH_TERMS",
    "MEASURES",
    "METRIC_ROWS",
    "code_snippet",
    "describe_distribution_problem",
    "math_intro",
    "math_lines",
    "order_remark",
    "preset_line",
    "quoted_cell",
    "row_label",
    "shown_name",
    "zeros_warning",
]

INTRO = (
    "**P** is how often each class really happens, **Q** what a model predicts. "
    "Edit the table (add or delete rows too) and every number below follows. "
    "Cross-entropy **H(P,Q)** splits into the entropy **H(P)** that no prediction can avoid "
    "plus the divergence **KL(P‖Q)**, the extra cost of predicting Q; swapping P and Q "
    "changes the answer."
)

# ----------------------------------------------------------------------------- the table

#: The heading and its instructions, one element (each element costs rerun time).
TABLE_HEADING = (
    "### Your distributions\n\n"
    ":gray[:small[{least} to {most} classes. Add one with **+** under "
    "the table; delete by ticking rows on the left and pressing the bin icon. "
    "Each column must sum to 1.]]"
)
PILLS_LABEL = "Worked examples: one click sets the table and the unit"
PILLS_HELP = (
    "Each one is a worked example of the classic tutorials; the line after the "
    "examples shows its number, computed from the table."
)

#: The table's problems (formatted by :func:`explorer.distributions.inputs.read_table`).
EMPTY_TABLE = (
    "The table is empty. Add at least 2 classes with the + under the table, "
    "or press Reset this page in the sidebar."
)
TOO_FEW_ROWS = (
    "The table has only {rows} class; a distribution needs at least {least}. "
    "Add a row with the + under the table."
)
TOO_MANY_ROWS = (
    "The table has {rows} classes; at most {most} are allowed. "
    "Delete {extra} rows (select them on the left, then the bin icon)."
)
NAME_EMPTY = "Row {row}: the class name is empty. Type a name in the Class column."
NAME_TOO_LONG = (
    "Row {row}: the class name is {chars:,} characters long (at most {most}). Shorten it."
)
NAME_BAD_CHARACTER = (
    "Row {row} ({name}): the class name contains {bad}, which the "
    "shareable link cannot hold. Use another character, such as / or ;."
)
NAME_TWICE = "Rows {first} and {row} are both called {name}. Class names must differ: rename one."
#: One cell's problem: "{label}: {column} {problem}." with one of the problems below.
CELL = "{label}: {column} {problem}."
CELL_EMPTY = "is empty"
CELL_NOT_A_NUMBER = "is {value}, not a number"
CELL_INFINITE = "is infinite"
CELL_FIX = ". Type a probability from 0 to 1 (0 is allowed)"
CELL_NEGATIVE = (
    "is {value:g}, below 0. A probability cannot be negative: type 0 or a positive number"
)
CELL_ABOVE_ONE = (
    "is {value:g}, above 1. A probability is at most 1: type one from 0 to 1, "
    "or, if column {column} holds counts, press Renormalise {column}"
)
MORE_PROBLEMS = "… and {count} more problems of the same kind."
RENORMALISE_HELP = "Divide each {column} by the column's sum so that it adds up to 1."
CORE_REFUSED = "{problem}. Fix the table, or press Reset this page."


def shown_name(name: str) -> str:
    r"""A class name as quoted in a message: escaped, and cut if long.

    >>> shown_name("*bold*"), shown_name("x" * 30)
    ('\\*bold\\*', 'xxxxxxxxxxxxxxxxxxxxx…')
    """
    short = name if len(name) <= 24 else name[:21] + "…"
    return md_escape(short)


def row_label(row: int, name: str) -> str:
    """ "Row 2 (green)", or "Row 2" for a row without a name."""
    return f"Row {row} ({shown_name(name)})" if name else f"Row {row}"


def quoted_cell(value: Any) -> str:
    r"""A cell that is not a number, as quoted in its message: its ``repr``, cut, escaped.

    The quotes stay bare; what they hold is escaped.

    >>> quoted_cell("x"), quoted_cell(True), quoted_cell("*" * 30)
    ("'x'", 'True', "'\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\.\\.\\.'")
    """
    if isinstance(value, bool):
        return repr(value)
    text = str(value)
    text = repr(text if len(text) <= 20 else text[:17] + "...")
    return text[0] + md_escape(text[1:-1]) + text[-1]


def _format_sum(total: float) -> str:
    # Enough digits to show why a sum is not 1, without float noise (0.30000000000000004).
    return f"{total:.6g}"


def describe_distribution_problem(name: str, values: Sequence[float]) -> str | None:
    """Say what is wrong with a probability vector entered by hand, and how to fix it.

    Returns ``None`` when the values are a valid distribution.

    >>> describe_distribution_problem("Q", [0.8, 0.15, 0.05]) is None
    True
    >>> describe_distribution_problem("Q", [0.8, 0.45, 0.05])
    'Q sums to 1.3, not 1. Probabilities must add up to 1: edit the values or press Renormalise Q.'
    """
    values = [float(v) for v in values]
    if any(math.isnan(v) or math.isinf(v) for v in values):
        return (
            f"{name} has an entry that is not a number. Type a number between 0 and 1 in each box."
        )
    if any(v < 0 for v in values):
        return (
            f"{name} has a negative entry. A probability cannot be below 0: "
            "set it to 0 or a small positive number."
        )
    total = math.fsum(values)
    if total == 0:
        return f"{name} is all zeros. Give at least one event a positive probability."
    if abs(total - 1.0) > SUM_TOLERANCE:
        return (
            f"{name} sums to {_format_sum(total)}, not 1. Probabilities must add up to 1: "
            f"edit the values or press Renormalise {name}."
        )
    return None


# ----------------------------------------------------------------------------- results

NO_CHART = "The chart of P and Q appears once every row of the table is fixed."
NO_RESULTS = (
    "The entropies, cross-entropies and divergences appear once the table is a valid "
    "pair of distributions."
)
NO_SECTION = "This appears once the table is a valid pair of distributions."
DECOMPOSITION_HEADING = "H(P,Q) = H(P) + KL(P‖Q), and the other way round"

#: Label and help text of each measure, by its PairMeasures field.
MEASURES = {
    "h_pq": (
        "Cross-entropy H(P,Q)",
        "Average surprise −Σ p·log q when classes follow P but you predicted Q.",
    ),
    "h_p": ("Entropy H(P)", "The surprise no prediction can remove: H(P,Q) when Q = P."),
    "kl_pq": (
        "KL divergence KL(P‖Q)",
        "H(P,Q) − H(P) = Σ p·log(p/q): the extra cost of predicting Q. 0 only when Q = P.",
    ),
    "js": (
        "Jensen–Shannon JS(P,Q)",
        "½KL(P‖M) + ½KL(Q‖M) with M = (P+Q)/2: symmetric, never infinite, at most 1 bit.",
    ),
    "h_qp": (
        "Reversed H(Q,P)",
        "−Σ q·log p: the same formula with P and Q swapped. Usually a different number.",
    ),
    "h_q": ("Entropy H(Q)", "The entropy of the prediction: how unsure the model is."),
    "kl_qp": ("Reversed KL(Q‖P)", "Σ q·log(q/p) = H(Q,P) − H(Q). KL is not symmetric either."),
}
#: The measures' two rows of metrics: the pair as given, then the other way round.
METRIC_ROWS = (("h_pq", "h_p", "kl_pq", "js"), ("h_qp", "h_q", "kl_qp"))


def preset_line(example: int, quantity: str, value: str, title: str) -> str:
    """ "Worked example 1: H(P,Q) = 3.288 bits (...)", the number computed from the table."""
    return f"Worked example {example}: {quantity} = {value} ({title})"


def order_remark(h_pq: float, h_qp: float, unit: str) -> str:
    """The line under the measures: the two orders differ (or, for P = Q, agree).

    >>> order_remark(1.0, 1.0, "bits")
    '**Here P = Q**, so both orders agree and both KL divergences are 0.'
    """
    if h_pq == h_qp:
        return "**Here P = Q**, so both orders agree and both KL divergences are 0."
    return (
        f"**Order matters.** H(P,Q) = {format_value(h_pq, unit)} but "
        f"H(Q,P) = {format_value(h_qp, unit)}. In training, P (the label) always goes first."
    )


def zeros_warning(
    names: Sequence[str], zeros: Sequence[int], weights: Sequence[float], first: str
) -> str:
    """Why H(first's partner, first) is ∞: ``first`` gives 0 to classes the other gives more.

    ``first`` is "Q" (for H(P,Q)) or "P" (for H(Q,P)); ``weights`` are the other's values.

    >>> print(zeros_warning(["a", "b"], [1], [0.5, 0.5], "Q").split(";")[0])
    **H(P,Q) and KL(P‖Q) are ∞.** Q gives probability 0 to **b** (P = 0.5), which happens under P
    """
    second = "P" if first == "Q" else "Q"
    measure, kl = zero_measures(first)
    culprits = ", ".join(f"**{md_escape(names[i])}** ({second} = {weights[i]:.4g})" for i in zeros)
    note = (
        ""
        if first == "Q"
        else " This is one reason the label P goes first: a one-hot P is 0 on every "
        "class but one, and a model's Q is not."
    )
    return (
        f"**{measure} and {kl} are ∞.** {first} gives probability 0 to {culprits}, which "
        f"happens under {second}; log 0 = −∞.{note} Frameworks clip the prediction to "
        "[ε, 1 − ε] so the loss stays finite; each convention gives its own number:"
    )


def zero_measures(first: str) -> tuple[str, str]:
    """The cross-entropy and KL that a zero in ``first`` ("Q" or "P") makes infinite."""
    return ("H(P,Q)", "KL(P‖Q)") if first == "Q" else ("H(Q,P)", "KL(Q‖P)")


def clip_metric(first: str, name: str, eps: float, source: str) -> tuple[str, str]:
    """Label and help of the metric with one framework's clipped cross-entropy."""
    second = "P" if first == "Q" else "Q"
    measure = zero_measures(first)[0]
    return (
        f"{measure}, {name} clip ε = {eps:.3g}",
        f"−Σ {second.lower()}·log clip({first.lower()}, ε, 1 − ε): {source}.",
    )


# ----------------------------------------------------------------------------- the tabs

PER_CLASS_INTRO = (
    "Each class adds −p·log q to the cross-entropy: its surprisal −log q weighted by how "
    "often it happens. That splits into an entropy part −p·log p and a KL part "
    "p·log(p/q), which is negative where Q gives a class more than P does."
)
DOWNLOAD_LABEL = "Download this table (CSV)"
WALK_INTRO = (
    "Move the prediction a fraction t of the way to the truth: Qₜ = (1 − t)·Q + t·P. "
    "The cross-entropy falls to its floor H(P) exactly when Q = P, which is why "
    "minimising it trains a model's Q toward the data's P."
)
WALK_LABEL = "t: how far Q moves toward P"
WALK_HELP = "0 keeps your Q, 1 replaces it by P."
CODE_INTRO = "NumPy, SciPy and PyTorch reproduce the numbers on this page:"

#: The formulas list at most this many terms, then "+ ⋯": more is unreadable when projected.
MATH_TERMS = 8

_LOG = {"bits": r"\log_2", "nats": r"\ln", "hartleys": r"\log_{10}"}


def math_intro(unit: str) -> str:
    """The sentence above the formulas: how many terms, which logarithm."""
    base = {"bits": "2", "hartleys": "10"}.get(unit, "e")
    return (
        f"The definitions with your numbers (first {MATH_TERMS} classes, in table "
        f"order; logarithms in base {base}, with 0·log 0 = 0):"
    )


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


def _products(a: Sequence[str], b: Sequence[str], log: str) -> str:
    return _tex_sum([f"{x} {log} {y}" for x, y in zip(a, b, strict=True)])


def _ratios(a: Sequence[str], b: Sequence[str], log: str) -> str:
    return _tex_sum([rf"{x} {log} \frac{{{x}}}{{{y}}}" for x, y in zip(a, b, strict=True)])


def _values(values: Sequence[float]) -> str:
    return _tex_sum([_tex_value(x) for x in values])


def _aligned(*steps: str) -> str:
    # One step per line: with 8 classes a single line runs off a projected screen.
    return r"\begin{aligned}" + steps[0] + r" &= " + r" \\ &= ".join(steps[1:]) + r"\end{aligned}"


def _same(a: float, b: float) -> bool:
    return a == b or (math.isfinite(a) and math.isfinite(b) and abs(a - b) < 5e-5)


def _reverse_line(pt: Sequence[str], qt: Sequence[str], m: Any, log: str, u: str) -> str:
    """H(Q,P) worked out, or in one line where it equals H(P,Q)."""
    if _same(m.h_qp, m.h_pq):
        return rf"H(Q,P) = -\sum_i q_i {log} p_i = {_tex_value(m.h_qp)}{u} = H(P,Q)"
    return _aligned(
        r"H(Q,P)",
        rf"-\sum_i q_i {log} p_i",
        rf"-\big({_products(qt, pt, log)}\big)",
        rf"{_tex_value(m.h_qp)}{u} \;\neq\; H(P,Q)",
    )


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
    m = measures
    kl = r"D_{\mathrm{KL}}"
    return [
        _aligned(
            r"H(P)",
            rf"-\sum_i p_i {log} p_i",
            rf"-\big({_products(pt, pt, log)}\big)",
            _values(terms.entropy),
            rf"{_tex_value(m.h_p)}{u}",
        ),
        _aligned(
            r"H(P,Q)",
            rf"-\sum_i p_i {log} q_i",
            rf"-\big({_products(pt, qt, log)}\big)",
            _values(terms.cross_entropy),
            rf"{_tex_value(m.h_pq)}{u}",
        ),
        _aligned(
            rf"{kl}(P\,\|\,Q)",
            rf"\sum_i p_i {log} \frac{{p_i}}{{q_i}}",
            _ratios(pt, qt, log),
            _values(terms.kl),
            rf"{_tex_value(m.kl_pq)}{u}",
        ),
        rf"H(P,Q) = H(P) + {kl}(P\,\|\,Q):\quad {_tex_value(m.h_pq)} = "
        rf"{_tex_value(m.h_p)} + {_tex_value(m.kl_pq)}{u}",
        _reverse_line(pt, qt, m, log, u),
        rf"H(Q,P) = H(Q) + {kl}(Q\,\|\,P):\quad {_tex_value(m.h_qp)} = "
        rf"{_tex_value(m.h_q)} + {_tex_value(m.kl_qp)}{u}",
        rf"\mathrm{{JS}}(P,Q) = \tfrac12 {kl}(P\,\|\,M) + \tfrac12 {kl}(Q\,\|\,M),"
        rf"\quad M = \tfrac12(P+Q):\quad \mathrm{{JS}} = {_tex_value(m.js)}{u}",
    ]


# ----------------------------------------------------------------------------- code

_BASE_CODE = {"bits": "2", "nats": "np.e", "hartleys": "10"}


def code_snippet(
    names: Sequence[str], p: Sequence[float], q: Sequence[float], measures: Any, unit: str
) -> str:
    """NumPy/SciPy/PyTorch code that reproduces the page's numbers for these inputs.

    The numbers in the comments are ``measures`` (the page's), formatted as on screen.
    Runnable: tests execute it and compare with xentcore. The code divides by
    ``np.log(base)`` itself: it is the learner's code, written for NumPy and SciPy.
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


def walk_titles(ts, cross_entropies, kls, unit: str) -> list[str]:
    """The walk chart's title at each point of its own slider.

    >>> walk_titles([0.0], [3.2879430945989], [1.9269790471552188], "bits")
    ['t = 0.00 · H(P, Qₜ) = 3.2879 bits · KL(P‖Qₜ) = 1.9270 bits']
    """
    return [
        f"t = {t:.2f} · H(P, Qₜ) = {format_value(h, unit, 4)} · KL(P‖Qₜ) = "
        f"{format_value(kl, unit, 4)}"
        for t, h, kl in zip(ts, cross_entropies, kls, strict=True)
    ]
