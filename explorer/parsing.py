"""What the user typed, read: one problem type and one parser for lists of numbers.

Every input a page checks by hand (a text box, a URL value, an uploaded file's column)
reports a bad value as an :class:`InputProblem`: what is wrong, where, and how to fix it,
so the message can name the field and the fix.

Every list of numbers typed as text goes through :func:`parse_number_list`. A field's
rules (how many numbers, their range, the separators) are a :class:`ListRules`, and its
wording is a :class:`ListWording` of message templates, declared beside the page's other
learner text; the parsing itself is written once, here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = ["InputProblem", "ListRules", "ListWording", "parse_number_list", "short_token"]


class InputProblem(ValueError):
    """A bad input: ``problem`` says what is wrong, ``fix`` what to do, ``where`` where.

    ``str()`` is the problem alone; :meth:`sentence` and :meth:`markdown` are the two
    ways pages show the whole of it.

    >>> err = InputProblem("value 2 is -0.5", "Set it to 0.", where="the P box", field="P")
    >>> str(err), err.sentence()
    ('value 2 is -0.5', 'P: value 2 is -0.5. Set it to 0.')
    >>> print(err.markdown())
    **value 2 is -0.5**
    <BLANKLINE>
    **Where:** the P box
    <BLANKLINE>
    **Fix:** Set it to 0.
    """

    def __init__(self, problem: str, fix: str = "", *, where: str = "", field: str = "") -> None:
        super().__init__(problem, fix, where, field)
        self.problem, self.fix, self.where, self.field = problem, fix, where, field

    def __str__(self) -> str:
        return self.problem

    def sentence(self) -> str:
        """``field: problem. fix`` on one line (each part only when it is set)."""
        text = f"{self.field}: {self.problem}" if self.field else self.problem
        text = text if text.endswith((".", "?", "!")) else text + "."
        return f"{text} {self.fix}".strip()

    def markdown(self) -> str:
        """The problem in bold, then **Where:** and **Fix:** as paragraphs."""
        parts = [f"**{self.problem}**"]
        if self.where:
            parts.append(f"**Where:** {self.where}")
        if self.fix:
            parts.append(f"**Fix:** {self.fix}")
        return "\n\n".join(parts)


@dataclass(frozen=True)
class ListRules:
    """What a list of numbers must be: a count, a range, how the numbers are separated."""

    min_len: int = 1
    max_len: int = 50
    lo: float = -math.inf
    hi: float = math.inf
    #: A longer text is refused before it is split (a 5,000-character paste is hostile).
    max_chars: int = 2000
    #: Regular expression between two numbers.
    separators: str = r"[\s,;]+"
    #: Whether one pair of surrounding brackets, as in ``[0.2, 0.8]``, is dropped.
    brackets: bool = False
    #: Whether an empty text is the empty list rather than a problem.
    allow_empty: bool = False
    #: Whether empty pieces (",2" or "1,,2") are passed over rather than reported.
    skip_blank: bool = True


@dataclass(frozen=True)
class ListWording:
    """The messages of one field, as ``str.format`` templates.

    Each template may use ``{field}``, ``{fix}``, ``{item}`` (the word before an index),
    ``{i}`` (1-based index), ``{token}`` (the bad text, cut to 20 characters with "..."),
    ``{cut}`` (its first 20 characters), ``{raw}`` (the bad text as typed), ``{value}``
    (the number read), ``{count}``, ``{chars}`` and the rules' ``{min_len}``,
    ``{max_len}``, ``{lo}``, ``{hi}``, ``{max_chars}``.
    """

    field: str
    fix: str = "Type numbers separated by commas, e.g. 0.5, 1."
    item: str = "value"
    too_long: str = "{field}: the text is {chars:,} characters long (at most {max_chars:,}). {fix}"
    empty: str = "{field} is empty. {fix}"
    count: str = "{field} has {count} numbers; give {min_len} to {max_len}. {fix}"
    blank: str = "{field}: {item} {i} is empty. {fix}"
    not_a_number: str = "{field}: {item} {i} ({token!r}) is not a number. {fix}"
    not_finite: str = "{field}: {item} {i} ({token!r}) is not a finite number. {fix}"
    below: str = "{field}: {item} {i} ({value:g}) is outside [{lo:g}, {hi:g}]. {fix}"
    above: str = "{field}: {item} {i} ({value:g}) is outside [{lo:g}, {hi:g}]. {fix}"


def short_token(text: str, limit: int = 20) -> str:
    """A piece of user text as quoted in a message: at most ``limit`` characters.

    >>> short_token("0.5"), short_token("a" * 30)
    ('0.5', 'aaaaaaaaaaaaaaaaa...')
    """
    return text if len(text) <= limit else text[: limit - 3] + "..."


def parse_number_list(text: str | None, rules: ListRules, wording: ListWording) -> list[float]:
    """Read a typed list of numbers by ``rules``; a bad one raises :class:`InputProblem`.

    The problem's text comes from ``wording``, so each field keeps its own voice.

    >>> rules, words = ListRules(min_len=2, lo=0.0), ListWording("Logits")
    >>> parse_number_list("2 1; 0.1", rules, words)
    [2.0, 1.0, 0.1]
    >>> try:
    ...     parse_number_list("2, abc", rules, words)
    ... except InputProblem as err:
    ...     print(err)
    Logits: value 2 ('abc') is not a number. Type numbers separated by commas, e.g. 0.5, 1.
    """
    text = "" if text is None else str(text)
    facts = {
        "field": wording.field,
        "fix": wording.fix,
        "item": wording.item,
        "min_len": rules.min_len,
        "max_len": rules.max_len,
        "lo": rules.lo,
        "hi": rules.hi,
        "max_chars": rules.max_chars,
        "chars": len(text),
    }

    def problem(template: str, **more: object) -> InputProblem:
        # The template is the whole message (field and fix included, in the field's order).
        return InputProblem(template.format(**facts, **more).strip())

    if len(text) > rules.max_chars:
        raise problem(wording.too_long)
    body = text.strip()
    if rules.brackets:
        body = body.strip("[]()").strip()
    parts = [p.strip() for p in re.split(rules.separators, body)] if body else []
    if rules.skip_blank:
        parts = [p for p in parts if p]
    if not any(parts):
        if rules.allow_empty:
            return []
        raise problem(wording.empty)
    if not rules.min_len <= len(parts) <= rules.max_len:
        raise problem(wording.count, count=len(parts))
    values = []
    for i, part in enumerate(parts, start=1):
        seen = {"i": i, "token": short_token(part), "cut": part[:20], "raw": part}
        if not part:
            raise problem(wording.blank, **seen)
        try:
            value = float(part)
        except ValueError:
            raise problem(wording.not_a_number, **seen) from None
        if not math.isfinite(value):
            raise problem(wording.not_finite, value=value, **seen)
        if value < rules.lo:
            raise problem(wording.below, value=value, **seen)
        if value > rules.hi:
            raise problem(wording.above, value=value, **seen)
        values.append(value)
    return values
