"""The Lesson's inputs: which step is open, each step's slider, the quiz's question.

The step rides in the URL as ``?step=5`` (its session key is ``lesson_step``: session
keys are shared by all pages, and the Softmax page has a button called ``step``), so a
teacher's link opens the lesson where the teacher is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import streamlit as st

from explorer.lesson.steps import STEPS, Step, step_count
from explorer.quiz.sections import quiz_keys, quiz_params
from explorer.state import Param, integer

__all__ = [
    "EXTRA_KEYS",
    "PARAMS",
    "QUIZ_KINDS",
    "QUIZ_PREFIX",
    "REVEALED",
    "STEP",
    "LessonInputs",
    "read",
    "read_value",
]

STEP = replace(integer("lesson_step", 1, 1, step_count()), url="step")
QUIZ_PREFIX = "lesson_quiz"
QUIZ_KINDS = ("cross_entropy", "entropy", "kl_divergence", "loss")
#: Session key of the steps whose answer has been revealed (not in the URL: a link
#: opens every question unanswered, for the class to predict).
REVEALED = "_lesson_revealed"

PARAMS: list[Param] = [STEP, *(s.param for s in STEPS), *quiz_params(QUIZ_PREFIX, QUIZ_KINDS)]
EXTRA_KEYS = [REVEALED, *(f"lesson_guess_{s.key}" for s in STEPS), *quiz_keys(QUIZ_PREFIX)]


@dataclass(frozen=True)
class LessonInputs:
    """The open step (1-based; ``step`` is None on the quiz) and its widget's value."""

    number: int
    step: Step | None
    value: float
    revealed: bool


def read() -> LessonInputs:
    """Which step is open and whether its answer is shown (its slider is read later)."""
    ss = st.session_state
    number = int(ss[STEP.key])
    step = STEPS[number - 1] if number <= len(STEPS) else None
    value = float(ss[step.param.key]) if step else float("nan")
    return LessonInputs(number, step, value, bool(step) and step.key in ss.get(REVEALED, []))


def read_value(step: Step, where=st) -> float:
    """Draw the step's slider and return its value."""
    return float(
        where.slider(
            step.label, min_value=step.lo, max_value=step.hi, step=step.step,
            format=step.fmt, key=step.param.key,
        )
    )  # fmt: skip
