"""The Lesson in a real Chromium: the arrow keys, every chart's own slider under a drag,
presenter view at 1024 x 768, the quiz, and a link that hides a control.

Expected titles come from the lesson's compute and wording modules called here, in the
test process; the main number is checked once more against xentcore called directly.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from e2e_helpers import APP_READY, no_exception, wait_for_app
from playwright.sync_api import expect

import xentcore as xc
from explorer.lesson import compute
from explorer.lesson.steps import STEPS
from explorer.lesson.wording import chart_title
from xentcore.exercises import make_exercise

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PATH = "/Lesson"
TOTAL = len(STEPS) + 1
#: Generous: on a loaded machine a rerun, and a chart mounting after it, can take seconds.
TIMEOUT_MS = 60_000
P, Q, Z = (0.10, 0.40, 0.50), (0.80, 0.15, 0.05), (2.0, 1.0, 0.1)
STEP_IDS = [f"{i}-{s.key}" for i, s in enumerate(STEPS, start=1)]

CHART = ".js-plotly-plot"
#: The chart's title, its slider's position and every trace's data, as plotly holds them.
CHART_STATE = """() => {
  const d = document.querySelector('.js-plotly-plot');
  if (!d || !d._fullLayout || !d._fullData) return null;
  const list = (a) => (a ? Array.from(a, (v) => (typeof v === 'number' ? v : String(v))) : []);
  const title = d.querySelector('.gtitle');
  return {
    text: title ? title.textContent : '',
    title: d._fullLayout.title.text,
    active: d._fullLayout.sliders[0].active,
    x: d._fullData.map((t) => list(t.x)),
    y: d._fullData.map((t) => list(t.y)),
  };
}"""
#: Every non-empty SVG text of the chart: its font size and box in the viewport.
CHART_TEXTS = """() => {
  const d = document.querySelector('.js-plotly-plot');
  return Array.from(d.querySelectorAll('svg text'))
    .filter((t) => t.textContent.trim() && t.getClientRects().length)
    .map((t) => { const r = t.getBoundingClientRect();
      return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize),
              left: r.left, top: r.top, right: r.right, bottom: r.bottom}; });
}"""


#: Pairs of chart texts of different parts (title, legend, axes, slider, data labels)
#: whose boxes overlap by more than 2 px each way: text drawn over other text.
OVERLAPS = """() => {
  const d = document.querySelector('.js-plotly-plot');
  const parts = [['.gtitle', 'title'], ['.legend', 'legend'], ['.xtick', 'x tick'],
                 ['.ytick', 'y tick'], ['.xtitle', 'x title'], ['.ytitle', 'y title'],
                 ['.slider-container', 'slider']];
  const part = (t) => { for (const [sel, name] of parts) if (t.closest(sel)) return name;
                        return 'data'; };
  const items = Array.from(d.querySelectorAll('svg text'))
    .filter((t) => t.textContent.trim() && t.getClientRects().length)
    .map((t) => ({part: part(t), text: t.textContent, r: t.getBoundingClientRect()}));
  const out = [];
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
    const a = items[i], b = items[j];
    if (a.part === b.part) continue;
    const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
    const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
    if (x > 2 && y > 2) out.push(`${a.part} "${a.text}" / ${b.part} "${b.text}"`);
  }
  return out;
}"""


@pytest.fixture(autouse=True)
def patient(page):
    page.set_default_timeout(TIMEOUT_MS)


def ready(page, settle_ms: int = 800) -> None:
    """The run has finished and the step's heading (the page's h1) is drawn."""
    wait_for_app(page, timeout_ms=TIMEOUT_MS, settle_ms=settle_ms)


def open_lesson(page, app_url: str, query: str = "") -> None:
    page.goto(app_url + PATH + query)
    ready(page)
    no_exception(page)


def heading(page):
    return page.locator('[data-testid="stMain"] h1', has_text="Step ").first


def number_line(page):
    """The step's number under its slider: "#### <what> at <name> = <value>: <number>"."""
    return page.locator('[data-testid="stMain"] h4').first


def reveal(page, step) -> None:
    """Press the step's Reveal and wait until its number and the chart's title show."""
    page.locator(f".st-key-lesson_reveal_{step.key} button").click()
    expect(number_line(page)).not_to_have_text(re.compile(r": \?$"))
    page.wait_for_selector(APP_READY, timeout=TIMEOUT_MS)
    page.wait_for_function(
        "() => { const t = document.querySelector('.js-plotly-plot .gtitle');"
        " return t && !t.textContent.includes('?'); }",
        timeout=TIMEOUT_MS,
    )
    page.wait_for_timeout(500)


def chart_state(page) -> dict:
    return page.evaluate(CHART_STATE)


def expected_title(step, index: int) -> str:
    """The chart's title at grid point ``index``, from the lesson's own modules (bits)."""
    data = compute.step_data(step.key, step.default, 2)
    return chart_title(step.key, data.numbers[index], "bits", True)


def moving_numbers(step, state: dict) -> list[list[float]]:
    """The numbers the moving traces show: y, or x on the one-bar stack."""
    data = compute.step_data(step.key, step.default, 2)
    first = len(data.static)
    axis = state["x"] if step.chart.kind == "stack" else state["y"]
    return [[float(v) for v in values] for values in axis[first:]]


def direct_number(key: str, g: float) -> float | None:
    """The step's main number at chart slider value ``g``, from xentcore directly (bits),
    where that is one call; None for the other steps."""
    walked = [(1 - g) * q + g * p for p, q in zip(P, Q, strict=True)]
    numbers = {
        "surprisal": lambda: -math.log2(g),
        "entropy": lambda: float(xc.entropy([g, 1 - g], base=2)),
        "cross_entropy": lambda: float(xc.cross_entropy(P, walked, base=2)),
        "decomposition": lambda: float(xc.kl_divergence(P, walked, base=2)),
        "order": lambda: float(xc.cross_entropy(walked, P, base=2)),
        "temperature": lambda: float(xc.entropy(xc.softmax(Z, temperature=g), base=2)),
        "bce": lambda: float(xc.binary_cross_entropy([g], [0.4])) / math.log(2),
        "perplexity": lambda: math.log2(g),
    }
    return numbers[key]() if key in numbers else None


# ---------------------------------------------------------------- the arrow keys


def press(page, key: str) -> None:
    """Press ``key`` with the focus on the page itself, not in a widget."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    assert page.evaluate("() => document.activeElement === document.body")
    page.keyboard.press(key)


def test_the_arrow_keys_walk_the_lesson_and_the_url_follows(page, app_url):
    open_lesson(page, app_url)
    expect(heading(page)).to_have_text("Step 1 of 14 · Surprise")
    expect(page.locator(".st-key-lesson_prev button")).to_be_disabled()
    expect(page.locator(".st-key-lesson_next button")).to_be_enabled()
    titles = [s.title for s in STEPS] + ["Quiz: your turn"]
    for number in range(2, TOTAL + 1):
        press(page, "ArrowRight")
        expect(heading(page)).to_have_text(f"Step {number} of 14 · {titles[number - 1]}")
        expect(page).to_have_url(re.compile(rf"[?&]step={number}(&|$)"))
        ready(page, settle_ms=300)
        no_exception(page)
    expect(page.locator(".st-key-lesson_next button")).to_be_disabled()
    press(page, "ArrowRight")  # past the quiz: nothing to go to
    ready(page, settle_ms=300)
    expect(heading(page)).to_have_text("Step 14 of 14 · Quiz: your turn")
    for number in range(TOTAL - 1, 0, -1):
        press(page, "ArrowLeft")
        expect(heading(page)).to_have_text(f"Step {number} of 14 · {titles[number - 1]}")
        if number > 1:
            expect(page).to_have_url(re.compile(rf"[?&]step={number}(&|$)"))
        ready(page, settle_ms=300)
    expect(page).not_to_have_url(re.compile(r"[?&]step="))  # step 1 is the default
    expect(page.locator(".st-key-lesson_prev button")).to_be_disabled()


# ---------------------------------------------------------------- the chart's own slider


@pytest.mark.parametrize("number", range(1, len(STEPS) + 1), ids=STEP_IDS)
def test_dragging_the_charts_own_slider_redraws_the_chart_during_the_drag(page, app_url, number):
    step = STEPS[number - 1]
    data = compute.step_data(step.key, step.default, 2)
    open_lesson(page, app_url, f"?step={number}")
    reveal(page, step)
    before = chart_state(page)
    line = number_line(page).inner_text()
    assert before["active"] == data.active
    assert before["title"] == expected_title(step, data.active)
    assert before["text"] == before["title"].replace("<br>", "")

    grip = page.locator(f"{CHART} .slider-grip-rect").first
    grip.scroll_into_view_if_needed()
    box = grip.bounding_box()
    rail = page.locator(f"{CHART} .slider-rail-rect").first.bounding_box()
    x0, y0 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    # Toward the far end: six moves over 40 % of the rail.
    sign = 1 if data.active < (len(data.grid) - 1) / 2 else -1
    moves = [x0 + sign * rail["width"] * 0.4 * k / 6 for k in range(1, 7)]
    page.mouse.move(x0, y0)
    page.mouse.down()
    seen = set()
    try:
        for x in moves:
            page.mouse.move(x, y0)
            during = chart_state(page)
            seen.add(during["active"])
            # Mouse still down: the chart has already followed, and its title is the
            # one precomputed for the grid point the slider is on.
            assert during["title"] == expected_title(step, during["active"])
        assert during["active"] != before["active"]
        assert during["text"] != before["text"]
        assert moving_numbers(step, during) != moving_numbers(step, before)
    finally:
        page.mouse.up()
    assert len(seen) >= 3, f"the drag passed only {sorted(seen)}"
    page.wait_for_timeout(300)

    after = chart_state(page)
    index = after["active"]
    assert index != data.active
    title = expected_title(step, index)
    assert after["title"] == title
    assert after["text"] == title.replace("<br>", "")
    # The moving traces hold xentcore's numbers at that grid point.
    frame = data.frames[index]
    expected = [v for t in frame for v in (t.x if step.chart.kind == "stack" else t.y)]
    shown_data = [v for values in moving_numbers(step, after) for v in values]
    assert shown_data == pytest.approx(expected, abs=1e-9)
    # The main number, against xentcore called here directly where that is one call.
    main = direct_number(step.key, data.grid[index])
    if main is not None:
        shown = re.search(r"= (-?\d+\.\d{4})", after["text"]).group(1)
        assert shown == f"{main:.4f}", (step.key, data.grid[index])
    assert page.evaluate(OVERLAPS) == []
    # The page's own number (at the widget's value) has not moved: no round trip.
    assert number_line(page).inner_text() == line
    no_exception(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")
    page.wait_for_timeout(200)
    page.screenshot(path=str(SCREENSHOTS / f"lesson_step_{number}.png"))


# ---------------------------------------------------------------- presenter view


def inside(box: dict, width: int, height: int) -> bool:
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= width
        and box["y"] + box["height"] <= height
    )


@pytest.mark.parametrize("number", range(1, TOTAL + 1), ids=[*STEP_IDS, "14-quiz"])
def test_presenter_view_fits_each_step_on_a_1024_by_768_screen(browser, app_url, number):
    width, height = 1024, 768
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        open_lesson(page, app_url, f"?step={number}&present=1")
        expect(heading(page)).to_have_text(re.compile(rf"^Step {number} of 14 · "))
        if number <= len(STEPS):
            reveal(page, STEPS[number - 1])
        # What the room sees first: the page as opened, not scrolled.
        page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")
        page.wait_for_timeout(300)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"lesson_present_step_{number}.png"))
        assert (
            page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop") == 0
        )
        assert inside(heading(page).bounding_box(), width, height)
        if number > len(STEPS):
            question = page.locator('[data-testid="stMain"] p', has_text="Question 1.").first
            expect(question).to_be_visible()
            assert inside(question.bounding_box(), width, height)
            box = page.get_by_role("textbox", name="Your answer")
            expect(box).to_be_visible()
            assert inside(box.bounding_box(), width, height)
            assert inside(page.locator(".st-key-lesson_quiz_check").bounding_box(), width, height)
            return
        line = number_line(page)
        expect(line).to_have_text(re.compile(r"^.+ at .+ = .+: -?\d+\.\d{4}( \w+)?$"))
        assert inside(line.bounding_box(), width, height), line.bounding_box()
        chart = page.locator(CHART).first
        chart_box = chart.bounding_box()
        assert inside(chart_box, width, height), chart_box
        texts = page.evaluate(CHART_TEXTS)
        assert len(texts) > 10
        small = [(t["text"], t["size"]) for t in texts if t["size"] < 18]
        assert not small, f"chart text under 18 px: {small}"
        # No text runs out of the chart (a clipped title would hide its numbers).
        right, bottom = chart_box["x"] + chart_box["width"], chart_box["y"] + chart_box["height"]
        out = [
            t["text"]
            for t in texts
            if t["left"] < chart_box["x"] - 1
            or t["right"] > right + 1
            or t["top"] < chart_box["y"] - 1
            or t["bottom"] > bottom + 1
        ]
        assert not out, f"chart text outside the chart: {out}"
        assert page.evaluate(OVERLAPS) == []
        title = page.locator(f"{CHART} .gtitle").first.text_content()
        assert "?" not in title and re.search(r"= -?\d+\.\d{4}", title)
        no_exception(page)
    finally:
        context.close()


# ---------------------------------------------------------------- the quiz and hidden controls


def test_the_quiz_checks_an_answer_and_keeps_a_bad_one(page, app_url):
    open_lesson(page, app_url, "?step=14")
    exercise = make_exercise("cross_entropy", 1, base=2)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("Question 1.")
    box = page.get_by_role("textbox", name="Your answer")
    check = page.locator(".st-key-lesson_quiz_check button")
    box.fill(f"{exercise.answer:.2f}")
    check.click()
    ready(page, settle_ms=300)
    alert = page.locator('[data-testid="stAlert"]').first
    expect(alert).to_contain_text("Right:")
    expect(alert).to_contain_text(f"agrees with {exercise.answer:.4f} bits")
    expect(box).to_have_value(f"{exercise.answer:.2f}")
    assert page.locator(".katex").count() >= 1  # the worked solution
    box.fill("abc")
    check.click()
    ready(page, settle_ms=300)
    expect(page.locator('[data-testid="stAlert"]').first).to_contain_text(
        "Your answer: 'abc' is not a number. Type one number, to 2 decimal places"
    )
    expect(box).to_have_value("abc")
    expect(page.locator('[data-testid="stAlert"]', has_text="Right:")).to_have_count(0)
    no_exception(page)


def test_a_link_can_hide_the_steps_slider_and_keep_its_chart(page, app_url):
    open_lesson(page, app_url, "?step=7")
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("slider", name="Temperature T")).to_have_count(1)

    open_lesson(page, app_url, "?step=7&hide=lesson_temperature")
    expect(heading(page)).to_have_text("Step 7 of 14 · Softmax and temperature")
    expect(main.get_by_role("slider", name="Temperature T")).to_have_count(0)
    expect(page.locator(".st-key-lesson_temperature")).to_be_hidden()
    expect(page.locator(CHART)).to_be_visible()
    page.wait_for_selector(f"{CHART} .slider-grip-rect")
    state = chart_state(page)
    assert state["title"] == "entropy of softmax(z/T) = ?"
    expect(page.locator(f"{CHART} .slider-container")).to_contain_text("Temperature T: 1")
    expect(number_line(page)).to_have_text("entropy of softmax(z/T) at T = 1.00: ?")
    assert "hide=lesson_temperature" in page.url
