"""The charts that follow a drag: Softmax (T), Loss curves (p), Distributions (the walk t).

Each chart carries its own plotly slider whose positions xentcore computed beforehand.
The test presses the mouse on its grip and moves it: the chart's title and its data must
change while the button is still down (no server round trip), and after the release the
title's number must be xentcore's at the position the slider is on.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from e2e_helpers import open_app

import xentcore as xc
from explorer.softmax.compute import TEMPERATURE_GRID

pytestmark = pytest.mark.browser

P, Q = [0.10, 0.40, 0.50], [0.80, 0.15, 0.05]
Z = [2.0, 1.0, 0.1]


def chart_state(page, key: str) -> dict:
    """The title, the slider's active position and label, and the traces' data of one chart."""
    page.wait_for_selector(f".st-key-{key} .js-plotly-plot .slider-grip-rect", timeout=30_000)
    return page.evaluate(
        """(key) => {
          const el = document.querySelector(`.st-key-${key} .js-plotly-plot`);
          const s = el._fullLayout.sliders[0];
          return {title: el._fullLayout.title.text, active: s.active,
                  label: s.steps[s.active].label,
                  data: el._fullData.map(t => [Array.from(t.x || []), Array.from(t.y || [])])};
        }""",
        key,
    )


def drag(page, key: str, fraction: float) -> tuple[dict, dict]:
    """Drag the chart's slider grip by ``fraction`` of its rail; the state mid-drag and after."""
    chart = page.locator(f".st-key-{key} .js-plotly-plot")
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    grip = chart.locator(".slider-grip-rect").first.bounding_box()
    rail = chart.locator(".slider-rail-rect").first.bounding_box()
    x0, y0 = grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2
    page.mouse.move(x0, y0)
    page.mouse.down()
    for i in range(1, 9):
        page.mouse.move(x0 + rail["width"] * fraction * i / 8, y0)
        page.wait_for_timeout(40)
    during = chart_state(page, key)
    page.mouse.up()
    page.wait_for_timeout(200)
    return during, chart_state(page, key)


def dragged(page, url: str, key: str, title: str, fraction: float) -> dict:
    """Open ``url``, check the chart's first title, drag its slider; the state after.

    The title and the data must already have changed while the button was down."""
    open_app(page, url)
    before = chart_state(page, key)
    assert before["title"].startswith(title), before["title"]
    during, after = drag(page, key, fraction)
    assert during["title"] != before["title"] and during["data"] != before["data"]
    return after


def number(title: str, label: str) -> float:
    """The number after ``label =`` in a chart title."""
    match = re.search(re.escape(label) + r" = (-?[0-9.]+)", title)
    assert match, (label, title)
    return float(match.group(1))


def test_the_softmax_chart_follows_a_drag_of_t(page, app_url):
    title = "T = 1 · L = 0.6016 bits · H(p) = 1.2216 bits"
    after = dragged(page, app_url + "/Softmax_and_logits", "softmax_chart", title, 0.3)
    # The slider's positions (an input, not a number under test) and the page's T = 1.
    grid = sorted({*TEMPERATURE_GRID, 1.0})
    t = grid[after["active"]]
    assert after["label"] == f"{t:.3g}"
    probs = xc.softmax(Z, temperature=t)
    assert after["data"][1][1] == pytest.approx(list(probs), rel=1e-12)
    assert number(after["title"], "H(p)") == pytest.approx(xc.entropy(probs, base=2), abs=5e-5)
    loss = xc.loss_and_gradient(Z, 0, temperature=t, base=2).loss
    assert number(after["title"], "L") == pytest.approx(loss, abs=5e-5)


def test_the_loss_curves_chart_follows_a_drag_of_p(page, app_url):
    title = "At p = 0.050: cross-entropy 4.3219 bits"
    after = dragged(page, app_url + "/Loss_curves", "curves_chart", title, 0.25)
    p = float(re.search(r"At p = ([0-9.]+)", after["title"]).group(1))
    marked_x = after["data"][-1][0]
    assert marked_x[0] == pytest.approx(p, abs=5e-4)
    ce = float(xc.cross_entropy_curve(marked_x[0], base=2))
    assert number(after["title"].replace("cross-entropy", "cross-entropy ="), "cross-entropy") == (
        pytest.approx(ce, abs=5e-5)
    )


def test_the_walk_chart_follows_a_drag_of_t(page, app_url):
    title = "t = 0.00 · H(P, Qₜ) = 3.2879 bits · KL(P‖Qₜ) = 1.9270 bits"
    after = dragged(page, app_url + "/Distributions", "walk_chart", title, 0.4)
    t = float(after["label"])
    q_t = (1 - t) * np.array(Q) + t * np.array(P)
    assert number(after["title"], "H(P, Qₜ)") == pytest.approx(
        xc.cross_entropy(P, q_t, base=2), abs=5e-5
    )
    assert number(after["title"], "KL(P‖Qₜ)") == pytest.approx(
        xc.kl_divergence(P, q_t, base=2), abs=5e-5
    )
    assert after["data"][2][0] == [pytest.approx(t)]  # the marker sits at t
