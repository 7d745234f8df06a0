"""The Lesson, drawn: a step's heading and navigation, its text, widget, question and chart.

The layout fits one screen at 1024 x 768 in presenter view: the words, the slider, the
step's number there and the question on the left, the chart on the right (its own
slider, and its title with the numbers as the chart's slider moves).
"""

from __future__ import annotations

import streamlit as st

from explorer.lesson import compute, inputs
from explorer.lesson.figures import live_figure
from explorer.lesson.inputs import REVEALED, STEP, LessonInputs
from explorer.lesson.steps import QUIZ, STEPS, Step, step_count
from explorer.lesson.wording import WORDS, chart_title, number_text, step_heading
from explorer.page import OpenPage
from explorer.presenter import CHART_SCALE, is_presenting
from explorer.quiz.sections import show_quiz
from explorer.widgets import chart

__all__ = ["show_lesson", "show_navigation"]

#: The tallest a step's chart is in presenter view, in px: at 1024 x 768 it stays on the
#: screen under a two-line heading.
PRESENTER_CHART_MAX = 560


def _go(delta: int) -> None:
    ss = st.session_state
    ss[STEP.key] = min(max(int(ss[STEP.key]) + delta, 1), step_count())


def _reveal(key: str) -> None:
    revealed = st.session_state.setdefault(REVEALED, [])
    if key not in revealed:
        revealed.append(key)


HEADING = "lesson_heading"


def show_navigation(number: int) -> None:
    """The step's heading with Previous / Next (also the ← and → keys)."""
    title = STEPS[number - 1].title if number <= len(STEPS) else QUIZ
    # The page's one h1 is the step's heading, set at a subheading's size so the step
    # fits a projected screen (every page has an h1: its title).
    st.html(f"<style>.st-key-{HEADING} h1 {{ font-size: 1.6rem; padding: 0.25rem 0; }}</style>")
    row = st.container(horizontal=True, vertical_alignment="center", wrap=False, key=HEADING)
    row.title(step_heading(number, step_count(), title), anchor=False, width="stretch")
    row.button("Previous", key="lesson_prev", icon=":material/arrow_back:", on_click=_go,
               args=(-1,), disabled=number <= 1, shortcut="Left")  # fmt: skip
    row.button("Next", key="lesson_next", icon=":material/arrow_forward:", on_click=_go,
               args=(1,), disabled=number >= step_count(), shortcut="Right",
               type="primary")  # fmt: skip


def _show_question(step: Step, revealed: bool, unit: str, base) -> None:
    words = WORDS[step.key]
    st.markdown(f"**Predict, then reveal.** {words.question.format(unit=unit)}")
    row = st.container(horizontal=True, vertical_alignment="bottom", wrap=False)
    row.text_input("Your guess", key=f"lesson_guess_{step.key}", width=150,
                   placeholder="a number")  # fmt: skip
    row.button("Reveal", key=f"lesson_reveal_{step.key}", on_click=_reveal, args=(step.key,),
               icon=":material/visibility:", disabled=revealed)  # fmt: skip
    if revealed:
        answer = compute.step_data(step.key, step.default, base).answer
        shown = number_text(answer, unit, words.answer_unit_free)
        st.success(f"**{shown}.** {words.reveal}", icon=":material/lightbulb:")


def _show_number(step: Step, value: float, revealed: bool, unit: str, base) -> None:
    """The step's number at the slider's value, under the slider ("?" until the reveal)."""
    words = WORDS[step.key]
    data = compute.step_data(step.key, value, base)
    shown = number_text(data.current[0], unit, words.number_unit_free) if revealed else "?"
    st.markdown(f"#### {words.number_label} at {step.name} = {step.fmt % value}: {shown}")


def _show_chart(step: Step, value: float, revealed: bool, unit: str, base) -> None:
    data = compute.step_data(step.key, value, base)
    titles = [chart_title(step.key, n, unit, revealed) for n in data.numbers]
    # In presenter view the chart's fonts are drawn larger (widgets.chart): give them the
    # room, and keep the chart on the screen under the step's heading.
    scale, cap = (CHART_SCALE, PRESENTER_CHART_MAX) if is_presenting() else (1.0, None)
    fig = live_figure(step.chart, data, titles, slider_prefix=step.label, revealed=revealed,
                      scale=scale, max_height=cap)  # fmt: skip
    chart(fig, key=f"lesson_chart_{step.key}")
    st.caption("Drag the chart's own slider: the chart follows as you drag. The slider on "
               "the left sets the value the page, its number and the link use.")  # fmt: skip


def show_lesson(values: LessonInputs, page: OpenPage) -> None:
    """The open step (or the quiz), below its navigation."""
    show_navigation(values.number)
    step = values.step
    if step is None:
        st.markdown("Compute it yourself, then check: a new question each time you ask.")
        show_quiz(inputs.QUIZ_PREFIX, inputs.QUIZ_KINDS, page.unit, page.base)
        return
    left, right = st.columns([5, 7], gap="medium")
    with left:
        st.markdown(WORDS[step.key].text)
        value = inputs.read_value(step)
        _show_number(step, value, values.revealed, page.unit, page.base)
        _show_question(step, values.revealed, page.unit, page.base)
        query = {k: v for k, v in step.link(value).items()}
        st.page_link(step.page, label="Open in the full page", icon=":material/open_in_new:",
                     query_params={**query, "unit": page.unit})  # fmt: skip
    with right:
        _show_chart(step, value, values.revealed, page.unit, page.base)
