"""The quiz's text: questions, the check of an answer, and the worked solution.

"Compute its cross-entropy corrected to 2 decimal places" (the source texts' exercise):
an answer is right when it agrees with the exact value to 2 decimals, i.e. lies within
0.005 of it. The solution is written out with the learner's own numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.parsing import ListRules, ListWording, parse_number_list
from xentcore.exercises import Exercise

__all__ = [
    "ANSWER_RULES",
    "ANSWER_WORDING",
    "KIND_LABELS",
    "Verdict",
    "check_answer",
    "question_text",
    "solution_latex",
]

#: Within half a unit of the second decimal: the answer rounds to the true value.
TOLERANCE = 0.005
KIND_LABELS = {
    "entropy": "entropy H(P)",
    "cross_entropy": "cross-entropy H(P,Q)",
    "kl_divergence": "KL divergence KL(P‖Q)",
    "loss": "softmax cross-entropy loss",
}
ANSWER_RULES = ListRules(min_len=1, max_len=1, max_chars=40)
ANSWER_WORDING = ListWording(
    field="Your answer",
    fix="Type one number, to 2 decimal places, e.g. 1.36.",
    too_long="{field} is {chars:,} characters long (at most {max_chars}). {fix}",
    empty="{field} is empty. {fix}",
    count="{field} holds {count} numbers. {fix}",
    not_a_number="{field}: {token!r} is not a number. {fix}",
    not_finite="{field}: {token} is not a finite number (too large for a float?). {fix}",
)
_LOG = {"bits": r"\log_2", "nats": r"\ln", "hartleys": r"\log_{10}"}


@dataclass(frozen=True)
class Verdict:
    """The result of checking one answer: right or not, the value read and the truth."""

    right: bool
    guess: float
    answer: float


def check_answer(text: str, exercise: Exercise) -> Verdict:
    """Read the typed answer and compare it with the exercise's, to 2 decimals.

    A text that is not one finite number raises :class:`explorer.parsing.InputProblem`
    with a message that says what to type.

    >>> from xentcore.exercises import make_exercise
    >>> ex = make_exercise("cross_entropy", 1)
    >>> round(ex.answer, 4), check_answer("1.33", ex).right, check_answer("1.32", ex).right
    (1.3253, True, False)
    """
    guess = parse_number_list(text, ANSWER_RULES, ANSWER_WORDING)[0]
    return Verdict(abs(guess - exercise.answer) <= TOLERANCE + 1e-12, guess, exercise.answer)


def _dist(values) -> str:
    return "(" + ", ".join(f"{v:g}" for v in values) + ")"


def question_text(exercise: Exercise, unit: str) -> str:
    """The question in Markdown, with the exercise's numbers.

    >>> from xentcore.exercises import make_exercise
    >>> question_text(make_exercise("entropy", 1), "bits")
    'P = (0.5, 0.25, 0.25). What is the **entropy H(P)**, in bits, to 2 decimal places?'
    """
    label = KIND_LABELS[exercise.kind]
    if exercise.kind == "loss":
        given = f"Logits z = {_dist(exercise.logits)}, true class y = {exercise.target}."
    elif exercise.kind == "entropy":
        given = f"P = {_dist(exercise.p)}."
    else:
        given = f"P = {_dist(exercise.p)} and Q = {_dist(exercise.q)}."
    return f"{given} What is the **{label}**, in {unit}, to 2 decimal places?"


def _sum_of_terms(terms, unit: str) -> str:
    shown = " + ".join(f"{t:.4f}" for t in terms).replace("+ -", "- ")
    return rf"{shown} = {sum(terms):.4f}\ \text{{{unit}}}"


def solution_latex(exercise: Exercise, unit: str) -> str:
    """The worked solution in LaTeX, term by term, with the exercise's numbers.

    >>> from xentcore.exercises import make_exercise
    >>> print(solution_latex(make_exercise("entropy", 1), "bits"))
    H(P) = -\\sum_i p_i \\log_2 p_i = -\\big(0.5 \\log_2 0.5 + 0.25 \\log_2 0.25 + 0.25 \\log_2 0.25\\big) \\\\ = 0.5000 + 0.5000 + 0.5000 = 1.5000\\ \\text{bits}
    """  # noqa: E501
    log = _LOG.get(unit, r"\log")
    ex = exercise
    if ex.kind == "loss":
        zs = ", ".join(f"{z:g}" for z in ex.logits)
        return (
            rf"L = -{log} \operatorname{{softmax}}(z)_{{{ex.target}}} = -{log} "
            rf"\frac{{e^{{{ex.logits[ex.target]:g}}}}}{{\sum_j e^{{z_j}}}},\ z = ({zs}) "
            rf"\\ = -{log} {ex.q[ex.target]:.4f} = {ex.answer:.4f}\ \text{{{unit}}}"
        )
    if ex.kind == "entropy":
        head, inner = r"H(P) = -\sum_i p_i " + log + " p_i", [(p, p) for p in ex.p]
        items = " + ".join(f"{p:g} {log} {p:g}" for p, _ in inner)
        return rf"{head} = -\big({items}\big) \\ = {_sum_of_terms(ex.terms, unit)}"
    pairs = list(zip(ex.p, ex.q, strict=True))
    if ex.kind == "cross_entropy":
        items = " + ".join(f"{p:g} {log} {q:g}" for p, q in pairs)
        head = rf"H(P,Q) = -\sum_i p_i {log} q_i = -\big({items}\big)"
    else:
        items = " + ".join(rf"{p:g} {log} \tfrac{{{p:g}}}{{{q:g}}}" for p, q in pairs)
        head = rf"\mathrm{{KL}}(P\|Q) = \sum_i p_i {log} \frac{{p_i}}{{q_i}} = {items}"
    return rf"{head} \\ = {_sum_of_terms(ex.terms, unit)}"
