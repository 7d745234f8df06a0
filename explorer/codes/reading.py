"""The Bits & codes page's three text boxes read: symbol names, P and Q, checked.

Pure (no Streamlit). :func:`read_code_inputs` turns the texts into validated lists and
messages that name the field and the fix; P and Q are read by
:func:`explorer.parsing.parse_number_list` with the wording of :mod:`explorer.codes.wording`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from explorer.codes.wording import (
    MAX_NAME_CHARS,
    MAX_SYMBOLS,
    NEGATIVE_FIX,
    NUMBERS_FIX,
    PROBABILITY_RULES,
    PROBABILITY_WORDING,
)
from explorer.parsing import InputProblem, parse_number_list, short_token
from explorer.text import SUM_TOLERANCE, format_number_list

__all__ = [
    "CodeInputs",
    "distributions_to_texts",
    "parse_names",
    "parse_probabilities",
    "read_code_inputs",
]


def parse_names(text: str) -> list[str]:
    """Comma-separated symbol names: 2 to 26, each non-empty, at most 40 characters, distinct.

    >>> parse_names(" dog, cat ,fish")
    ['dog', 'cat', 'fish']
    >>> parse_names("a, a")
    Traceback (most recent call last):
    ...
    explorer.parsing.InputProblem: the name 'a' appears twice
    """
    if not str(text).strip():
        raise InputProblem("there are no names", "Type the symbols' names, separated by commas.")
    parts = [s.strip() for s in str(text).split(",")]
    if len(parts) < 2:
        raise InputProblem(
            f"there is only 1 symbol ({parts[0]!r})",
            "A code needs 2 to 26 symbols: add another name, and its probability in P and Q.",
        )
    if len(parts) > MAX_SYMBOLS:
        raise InputProblem(
            f"there are {len(parts)} names",
            f"This page codes at most {MAX_SYMBOLS} symbols: remove {len(parts) - MAX_SYMBOLS}.",
        )
    for i, part in enumerate(parts, start=1):
        if not part:
            raise InputProblem(
                f"name {i} is empty",
                "Remove the extra comma or type a name between the commas.",
            )
        if len(part) > MAX_NAME_CHARS:
            raise InputProblem(
                f"name {i} is {len(part)} characters long",
                f"Use names of at most {MAX_NAME_CHARS} characters.",
            )
    seen: set[str] = set()
    for part in parts:
        if part in seen:
            raise InputProblem(
                f"the name {short_token(part)!r} appears twice",
                "Give every symbol a different name.",
            )
        seen.add(part)
    return parts


def _problem_and_fix(err: InputProblem) -> InputProblem:
    """The parser's whole message split back into the problem and its fix."""
    for fix in (NUMBERS_FIX, NEGATIVE_FIX):
        if err.problem.endswith(". " + fix):
            return InputProblem(err.problem[: -len(fix) - 2], fix)
    return err


def parse_probabilities(text: str) -> list[float]:
    """Comma-separated probabilities: 1 to 26 finite, non-negative numbers (sum unchecked).

    >>> parse_probabilities("0.5, .25,2.5e-1")
    [0.5, 0.25, 0.25]
    >>> parse_probabilities("0.5, -0.5")
    Traceback (most recent call last):
    ...
    explorer.parsing.InputProblem: value 2 is -0.5, and a probability cannot be negative
    """
    text = str(text)
    if not text.strip():
        raise InputProblem(
            "there are no values",
            "Type one probability per symbol, separated by commas, e.g. 0.5, 0.25, 0.25.",
        )
    count = text.count(",") + 1
    if count > MAX_SYMBOLS:
        raise InputProblem(
            f"there are {count} values",
            f"This page codes at most {MAX_SYMBOLS} symbols: give one value per symbol.",
        )
    try:
        return parse_number_list(text, PROBABILITY_RULES, PROBABILITY_WORDING)
    except InputProblem as err:
        raise _problem_and_fix(err) from None


@dataclass
class CodeInputs:
    """The page's validated inputs: names, and P and Q as distributions (renormalised)."""

    names: list[str] = field(default_factory=list)
    p: list[float] | None = None
    q: list[float] | None = None
    #: Problems that stop the page (no numbers are shown), each naming its field and fix.
    errors: list[str] = field(default_factory=list)
    #: Distributions that were renormalised: name -> its sum (the page says so).
    rescaled: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _distribution_problem(label: str, values: list[float], n_names: int) -> str | float:
    """What is wrong with P or Q as a distribution of ``n_names`` symbols, or its sum."""
    if n_names and len(values) != n_names:
        return (
            f"{label} has {len(values)} value{'s' if len(values) != 1 else ''} but there "
            f"are {n_names} symbols. Give one probability per symbol, in the same order."
        )
    try:
        total = math.fsum(values)
    except OverflowError:  # e.g. 1e308 + 1e308
        total = math.inf
    if total == 0:
        return f"{label} is all zeros. Give at least one symbol a positive probability."
    if not math.isfinite(total):
        return f"{label}'s values are too large to add up. Use probabilities between 0 and 1."
    return total


def read_code_inputs(names_text: str, p_text: str, q_text: str) -> CodeInputs:
    """Validate the three text boxes; renormalise P or Q when they do not sum to 1.

    A sum off by more than 1e-9 is reported in ``rescaled`` and the values are divided
    by it (the page says so and offers to write the result into the box).

    >>> r = read_code_inputs("a, b", "2, 2", "0.25, 0.75")
    >>> r.ok, r.p, r.q, r.rescaled
    (True, [0.5, 0.5], [0.25, 0.75], {'P': 4.0})
    >>> for error in read_code_inputs("a, b, c", "0.5, 0.5", "x, 1, 0").errors:
    ...     print(error.split(". ")[0])
    Q: value 1 ('x') is not a number
    P has 2 values but there are 3 symbols
    """
    out = CodeInputs()
    try:
        out.names = parse_names(names_text)
    except InputProblem as err:
        out.errors.append(f"Symbols: {err.problem}. {err.fix}")
    parsed: dict[str, list[float]] = {}
    for label, text in (("P", p_text), ("Q", q_text)):
        try:
            parsed[label] = parse_probabilities(text)
        except InputProblem as err:
            out.errors.append(f"{label}: {err.problem}. {err.fix}")
    for label, values in parsed.items():
        total = _distribution_problem(label, values, len(out.names))
        if isinstance(total, str):
            out.errors.append(total)
            continue
        if abs(total - 1.0) > SUM_TOLERANCE:
            out.rescaled[label] = total
        normalised = [v / total for v in values]
        if label == "P":
            out.p = normalised
        else:
            out.q = normalised
    if out.errors:
        out.p = out.q = None
    return out


def distributions_to_texts(data: Any) -> dict[str, str]:
    """The Distributions page's ``{"names", "p", "q"}`` as this page's three texts.

    Raises ``ValueError`` when ``data`` is not such a dict of equal-length lists.

    >>> distributions_to_texts({"names": ["a", "b"], "p": [0.5, 0.5], "q": [1.0, 0.0]})["q"]
    '1, 0'
    """
    if not isinstance(data, dict) or not all(k in data for k in ("names", "p", "q")):
        raise ValueError("no P and Q stored")
    names = [str(n) for n in data["names"]]
    p = [float(v) for v in data["p"]]
    q = [float(v) for v in data["q"]]
    if not names or len(p) != len(names) or len(q) != len(names):
        raise ValueError("the stored names, P and Q have different lengths")
    return {
        "names": ", ".join(n.replace(",", " ") for n in names),
        "p": format_number_list(p),
        "q": format_number_list(q),
    }
