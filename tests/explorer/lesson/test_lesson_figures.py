"""The Lesson's charts: every step's figure validated strictly, in both views, and the
room it keeps for its title, legend and slider (tests/e2e/test_lesson_browser.py checks
the drawn result in Chromium)."""

from __future__ import annotations

import pytest
from figure_checks import validated

from explorer.lesson import compute
from explorer.lesson.figures import live_figure
from explorer.lesson.steps import STEPS
from explorer.lesson.wording import chart_title
from explorer.presenter import CHART_SCALE

IDS = [s.key for s in STEPS]


def build(step, *, revealed=True, scale=1.0, max_height=None):
    data = compute.step_data(step.key, step.default, 2)
    titles = [chart_title(step.key, n, "bits", revealed) for n in data.numbers]
    fig = live_figure(step.chart, data, titles, slider_prefix=step.label, revealed=revealed,
                      scale=scale, max_height=max_height)  # fmt: skip
    return data, fig


@pytest.mark.parametrize("step", STEPS, ids=IDS)
@pytest.mark.parametrize("scale", [1.0, CHART_SCALE])
@pytest.mark.parametrize("revealed", [True, False])
def test_every_steps_chart_is_valid_plotly(step, scale, revealed):
    _, fig = build(step, revealed=revealed, scale=scale, max_height=560)
    validated(fig)


@pytest.mark.parametrize("step", STEPS, ids=IDS)
def test_each_slider_position_updates_the_moving_traces_and_the_title(step):
    data, fig = build(step)
    spec = fig.to_dict()
    slider = spec["layout"]["sliders"][0]
    assert len(slider["steps"]) == len(data.grid)
    assert slider["active"] == data.active
    moving = list(range(len(data.static), len(spec["data"])))
    for i, position in enumerate(slider["steps"]):
        restyle, relayout, indices = position["args"]
        assert indices == moving
        assert relayout == {"title.text": chart_title(step.key, data.numbers[i], "bits", True)}
        assert restyle["y"] == [list(t.y) for t in data.frames[i]]


def test_a_longer_title_gets_more_room_and_the_cap_holds():
    clipping = next(s for s in STEPS if s.key == "clipping")
    surprisal = STEPS[0]
    _, long = build(clipping)
    _, short = build(surprisal)
    assert long.to_dict()["layout"]["title"]["text"].count("<br>") == 3
    assert long.to_dict()["layout"]["margin"]["t"] > short.to_dict()["layout"]["margin"]["t"]
    _, present = build(clipping, scale=CHART_SCALE)
    assert present.to_dict()["layout"]["height"] > long.to_dict()["layout"]["height"]
    _, capped = build(clipping, scale=CHART_SCALE, max_height=560)
    assert capped.to_dict()["layout"]["height"] == 560


def test_presenter_view_drops_the_x_title_the_slider_label_repeats():
    step = STEPS[0]
    _, normal = build(step)
    _, present = build(step, scale=CHART_SCALE)
    assert normal.to_dict()["layout"]["xaxis"]["title"]["text"] == step.chart.x_title
    assert present.to_dict()["layout"]["xaxis"]["title"]["text"] == ""


def test_a_marker_label_turns_inward_near_the_plots_edges():
    step = STEPS[1]  # the coin's entropy: its top is at p = 0.5
    data, fig = build(step)
    marker = fig.to_dict()["data"][-1]
    assert marker["textposition"] == "bottom right"  # H = 1 bit: the top of the curve
    last = fig.to_dict()["layout"]["sliders"][0]["steps"][-1]["args"][0]
    assert last["textposition"] == ["top left"]  # p = 1: the right end
