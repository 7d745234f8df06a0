"""The Lesson under AppTest: every step's number, answer and link, the URL step, the quiz.

Expected numbers come from xentcore's public functions called here directly, not from
the lesson's own compute module.
"""

from __future__ import annotations

import math
from urllib.parse import parse_qs

import pytest
from app_helpers import enter_page
from streamlit.testing.v1 import AppTest

import xentcore as xc
from xentcore.exercises import make_exercise

PAGE = "pages/0_Lesson.py"
P, Q = [0.10, 0.40, 0.50], [0.80, 0.15, 0.05]
Z = [2.0, 1.0, 0.1]
BASES = {"bits": 2, "nats": None, "hartleys": 10}


def nats_to(unit: str, value: float) -> float:
    return value / (math.log(BASES[unit]) if BASES[unit] else 1.0)


def blend(t: float) -> list[float]:
    return [(1 - t) * q + t * p for p, q in zip(P, Q, strict=True)]


def weighted_mean(w1: float) -> float:
    logits = [[2.0, 0.5], [1.0, 0.2], [0.3, 0.1], [0.4, 1.2]]
    return float(xc.softmax_cross_entropy(logits, [0, 0, 0, 1], weight=[1.0, w1]))


#: step number -> (slider key, a value to set, the step's number there, the answer), in
#: unit u (None for a number without a unit).
def expected(unit: str):
    b = BASES[unit]
    return {
        1: ("lesson_surprisal", 0.25, nats_to(unit, -math.log(0.25)), nats_to(unit, math.log(8))),
        2: ("lesson_entropy", 0.3, float(xc.entropy([0.3, 0.7], base=b)),
            float(xc.entropy([26 / 30, 4 / 30], base=b))),
        3: ("lesson_cross_entropy", 0.4, float(xc.cross_entropy(P, blend(0.4), base=b)),
            float(xc.cross_entropy(P, Q, base=b))),
        4: ("lesson_decomposition", 0.4, float(xc.kl_divergence(P, blend(0.4), base=b)),
            float(xc.kl_divergence(P, Q, base=b))),
        5: ("lesson_order", 0.4, float(xc.cross_entropy(blend(0.4), P, base=b)),
            float(xc.cross_entropy(Q, P, base=b))),
        6: ("lesson_clipping", -4.0, nats_to(unit, -math.log(1e-4)), nats_to(unit, 100.0)),
        7: ("lesson_temperature", 2.5, float(xc.entropy(xc.softmax(Z, temperature=2.5), base=b)),
            nats_to(unit, math.log(3))),
        8: ("lesson_gradient", 0.5, float(xc.softmax([0.5, 1.0, 0.1])[0] - 1),
            float(xc.softmax(Z)[0] - 1)),
        9: ("lesson_smoothing", 0.2,
            nats_to(unit, float(xc.softmax_cross_entropy([Z], [0], label_smoothing=0.2))), 0.91),
        10: ("lesson_weights", 4.0, nats_to(unit, weighted_mean(4.0)),
             nats_to(unit, weighted_mean(3.0))),
        11: ("lesson_bce", 0.3, nats_to(unit, float(xc.binary_cross_entropy([0.3], [0.4]))),
             nats_to(unit, float(xc.binary_cross_entropy([0.4], [0.4])))),
        12: ("lesson_faster", 0.2, 0.2 - 1.0, 0.01 - 1.0),
        13: ("lesson_perplexity", 7.0, nats_to(unit, math.log(7)), nats_to(unit, math.log(10))),
    }  # fmt: skip


UNIT_FREE_NUMBER = {8, 12}
UNIT_FREE_ANSWER = {8, 9, 12}


def shown(value: float, unit: str, unit_free: bool) -> str:
    return f"{value:.4f}" if unit_free else f"{value:.4f} {unit}"


def texts(at: AppTest) -> str:
    return "\n".join(e.value for e in [*at.markdown, *at.success, *at.error, *at.warning])


def open_step(number: int, unit: str = "bits") -> AppTest:
    query = {"step": str(number)} if unit == "bits" else {"step": str(number), "unit": unit}
    return enter_page(PAGE, query)


@pytest.mark.parametrize("unit", ["bits", "nats"])
@pytest.mark.parametrize("number", range(1, 14))
def test_every_step_shows_xentcores_number_after_the_reveal(number, unit):
    key, value, number_at_value, answer = expected(unit)[number]
    at = open_step(number, unit)
    assert at.title[0].value.startswith(f"Step {number} of 14 · ")
    assert ": ?" in texts(at)  # predict first: no number before the reveal
    at.slider(key=key).set_value(value).run()
    at.text_input(key=f"lesson_guess_{key.removeprefix('lesson_')}").input("1").run()
    at.button(key=f"lesson_reveal_{key.removeprefix('lesson_')}").click().run()
    assert not at.exception
    body = texts(at)
    assert f": {shown(number_at_value, unit, number in UNIT_FREE_NUMBER)}" in body
    assert f"**{shown(answer, unit, number in UNIT_FREE_ANSWER)}.**" in body
    assert at.text_input(key=f"lesson_guess_{key.removeprefix('lesson_')}").value == "1"


def test_next_and_previous_walk_the_steps_and_the_url_follows():
    at = open_step(1)
    for number in range(2, 15):
        at.button(key="lesson_next").click().run()
        assert at.title[0].value.startswith(f"Step {number} of 14")
        assert at.query_params["step"] == str(number)
    assert at.button(key="lesson_next").disabled
    at.button(key="lesson_prev").click().run()
    assert at.title[0].value.startswith("Step 13 of 14")
    at.button(key="lesson_prev").click().run()
    assert at.query_params["step"] == "12"


def test_step_one_has_no_previous_and_the_default_step_leaves_the_url_clean():
    at = enter_page(PAGE)
    assert at.title[0].value == "Step 1 of 14 · Surprise"
    assert at.button(key="lesson_prev").disabled
    assert "step" not in at.query_params


@pytest.mark.parametrize("bad", ["99", "0", "abc", "2.5", "x" * 5000])
def test_a_bad_step_in_the_link_says_so_and_opens_step_one(bad):
    at = enter_page(PAGE, {"step": bad, "lesson_temperature": "3"})
    notices = " ".join(w.value for w in at.warning)
    assert "The link's step=" in notices and "using the default 1" in notices
    assert at.title[0].value.startswith("Step 1 of 14")
    assert at.session_state["lesson_temperature"] == 3.0  # the good value is kept


def test_a_slider_value_rides_in_the_link_and_opens_there():
    at = open_step(7)
    at.slider(key="lesson_temperature").set_value(4.0).run()
    assert at.query_params["lesson_temperature"] == "4"
    again = enter_page(PAGE, {"step": "7", "lesson_temperature": "4"})
    assert again.slider(key="lesson_temperature").value == 4.0


@pytest.mark.parametrize(
    ("number", "page", "query"),
    [
        (3, "pages/1_Distributions.py", {"p": "0.1,0.4,0.5", "q": "0.8,0.15,0.05", "walk": "0"}),
        (7, "pages/2_Softmax_and_logits.py", {"logits": "2,1,0.1", "temperature": "1"}),
        (11, "pages/4_Binary_and_multilabel.py", {"prob": "0.7", "target": "0.4"}),
        (13, "pages/2_Softmax_and_logits.py", {"preset": "uniform-10"}),
    ],
)
def test_open_in_the_full_page_carries_the_steps_state(number, page, query):
    at = open_step(number)
    link = next(e.proto for e in at.get("page_link") if "full page" in e.proto.label)
    assert link.page == page.split("/")[-1].removesuffix(".py").split("_", 1)[1]
    assert parse_qs(link.query_string) == {k: [v] for k, v in {**query, "unit": "bits"}.items()}


def quiz(seed: int = 1, kind: str = "cross_entropy", unit: str = "bits") -> AppTest:
    return enter_page(PAGE, {"step": "14", "lesson_quiz_seed": str(seed),
                             "lesson_quiz_kind": kind, "unit": unit})  # fmt: skip


def answer(at: AppTest, text: str) -> AppTest:
    at.text_input(key="lesson_quiz_answer").input(text).run()
    at.button(key="lesson_quiz_check").click().run()
    assert not at.exception
    return at


@pytest.mark.parametrize("kind", ["cross_entropy", "entropy", "kl_divergence", "loss"])
def test_the_quiz_says_right_or_wrong_and_shows_the_solution_in_the_learners_numbers(kind):
    ex = make_exercise(kind, 5, base=2)
    at = quiz(5, kind)
    assert "**Question 5.**" in texts(at)
    right = answer(at, f"{ex.answer:.2f}")
    assert "Right:" in right.success[0].value
    solution = right.get("latex")[0].value
    assert f"{ex.answer:.4f}" in solution
    for term in ex.terms:
        assert f"{abs(term):.4f}" in solution
    wrong = answer(quiz(5, kind), f"{ex.answer + 0.02:.2f}")
    assert f"the answer is {ex.answer:.4f} bits" in wrong.error[0].value


def test_the_quiz_numbers_follow_the_unit_and_the_score_counts_each_question_once():
    ex = make_exercise("cross_entropy", 3, base=None)
    at = quiz(3, unit="nats")
    assert "in nats" in texts(at)
    answer(at, f"{ex.answer:.2f}")
    answer(at, f"{ex.answer:.2f}")
    assert at.caption[-1].value == "Score this session: 1 right out of 1."
    at.button(key="lesson_quiz_new").click().run()
    assert at.session_state["lesson_quiz_seed"] == 4
    assert at.text_input(key="lesson_quiz_answer").value == ""
    nxt = make_exercise("cross_entropy", 4, base=None)
    answer(at, f"{nxt.answer + 0.5:.2f}")
    assert at.caption[-1].value == "Score this session: 1 right out of 2."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "Your answer: 'abc' is not a number. Type one number, to 2 decimal places"),
        ("", "Your answer is empty. Type one number"),
        ("1e309", "Your answer: 1e309 is not a finite number"),
        ("1, 2", "Your answer holds 2 numbers."),
        ("9" * 50, "Your answer is 50 characters long (at most 40)."),
    ],
)
def test_bad_answers_get_a_message_and_keep_the_text(text, message):
    at = answer(quiz(), text)
    assert message in at.error[0].value
    assert at.text_input(key="lesson_quiz_answer").value == text
    assert not at.success


def test_presenter_view_from_the_link_folds_the_sidebar_and_keeps_present_in_the_url():
    at = enter_page(PAGE, {"step": "4", "present": "1"})
    assert at.session_state["present"] is True
    assert at.query_params["present"] == "1"
    assert at.title[0].value.startswith("Step 4 of 14")
