"""The quiz, drawn: a seeded question, an answer box, the verdict and the worked solution.

Used by the Lesson's last step and by a tab on the Distributions and Softmax pages. The
question comes from its seed, which rides in the URL (``<prefix>_seed``), so a class
opening the same link gets the same question. The score is the session's own.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from explorer.parsing import InputProblem
from explorer.quiz.wording import KIND_LABELS, check_answer, question_text, solution_latex
from explorer.state import Param, choice, integer
from explorer.text import UNITS
from xentcore.exercises import make_exercise

__all__ = ["quiz_keys", "quiz_params", "show_quiz"]

MAX_SEED = 2**32 - 1


def quiz_params(prefix: str, kinds: Sequence[str]) -> list[Param]:
    """The URL-bound inputs of one quiz: its question's seed and kind."""
    return [
        integer(f"{prefix}_seed", 1, 0, MAX_SEED),
        choice(f"{prefix}_kind", kinds[0], list(kinds)),
    ]


def quiz_keys(prefix: str) -> list[str]:
    """Session keys a quiz owns besides its params ("Reset this page" clears them)."""
    return [f"{prefix}_answer", f"_{prefix}_verdict", f"_{prefix}_score", f"_{prefix}_done"]


def _check(prefix: str) -> None:
    # on_click: runs before the script, so it may record the verdict for this run.
    ss = st.session_state
    seed, kind, unit = ss[f"{prefix}_seed"], ss[f"{prefix}_kind"], ss.get("unit", "bits")
    exercise = make_exercise(kind, int(seed), base=UNITS[unit])
    try:
        verdict = check_answer(ss.get(f"{prefix}_answer", ""), exercise)
    except InputProblem as err:
        ss[f"_{prefix}_verdict"] = {"problem": str(err)}
        return
    ss[f"_{prefix}_verdict"] = {"question": (seed, kind, unit), "right": verdict.right,
                                "guess": verdict.guess}  # fmt: skip
    done = ss.setdefault(f"_{prefix}_done", [])
    if [seed, kind] not in done:  # each question counts once in the score
        done.append([seed, kind])
        right, asked = ss.get(f"_{prefix}_score", (0, 0))
        ss[f"_{prefix}_score"] = (right + verdict.right, asked + 1)


def _new_question(prefix: str) -> None:
    ss = st.session_state
    ss[f"{prefix}_seed"] = (int(ss[f"{prefix}_seed"]) + 1) % (MAX_SEED + 1)
    ss[f"{prefix}_answer"] = ""
    ss.pop(f"_{prefix}_verdict", None)


def _show_verdict(prefix: str, exercise, unit: str) -> None:
    ss = st.session_state
    verdict = ss.get(f"_{prefix}_verdict")
    if not verdict:
        return
    if "problem" in verdict:
        st.error(verdict["problem"], icon=":material/error:")
        return
    if tuple(verdict["question"]) != (ss[f"{prefix}_seed"], ss[f"{prefix}_kind"], unit):
        return  # answered another question (or in another unit): nothing to show yet
    exact = f"{exercise.answer:.4f} {unit}"
    if verdict["right"]:
        st.success(f"Right: {verdict['guess']:g} agrees with {exact} to 2 decimal places.",
                   icon=":material/check_circle:")  # fmt: skip
    else:
        st.error(f"Not quite: you typed {verdict['guess']:g}, the answer is {exact}.",
                 icon=":material/cancel:")  # fmt: skip
    st.markdown("**The worked solution, with your numbers:**")
    st.latex(solution_latex(exercise, unit))


def show_quiz(prefix: str, kinds: Sequence[str], unit: str, base) -> None:
    """Draw the quiz with the given question ``kinds`` (its params must be the page's)."""
    ss = st.session_state
    if len(kinds) > 1:
        st.segmented_control(
            "Question about", list(kinds), key=f"{prefix}_kind",
            format_func=lambda k: KIND_LABELS[k], required=True,
        )  # fmt: skip
    exercise = make_exercise(ss[f"{prefix}_kind"], int(ss[f"{prefix}_seed"]), base=base)
    st.markdown(f"**Question {ss[f'{prefix}_seed']}.** {question_text(exercise, unit)}")
    row = st.container(horizontal=True, vertical_alignment="bottom")
    row.text_input("Your answer", key=f"{prefix}_answer", placeholder="e.g. 1.36", width=220)
    row.button("Check", key=f"{prefix}_check", on_click=_check, args=(prefix,), type="primary")
    row.button("New question", key=f"{prefix}_new", on_click=_new_question, args=(prefix,),
               icon=":material/casino:")  # fmt: skip
    _show_verdict(prefix, exercise, unit)
    right, asked = ss.get(f"_{prefix}_score", (0, 0))
    if asked:
        st.caption(f"Score this session: {right} right out of {asked}.")
