"""Softmax & logits page in a real Chromium against a real Streamlit server."""

from pathlib import Path

import pytest
from e2e_helpers import alert_text, full_page_screenshot, wait_for_app
from playwright.sync_api import expect

from explorer.text import format_value
from xentcore.comparison import framework_losses, gradient_descent_step, loss_and_gradient

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PATH = "/Softmax_and_logits"
Z = [2.0, 1.0, 0.1]


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def open_link(page, url: str) -> None:
    """Open ``url`` as a user following a link would; the page must show no exception."""
    page.goto(url)
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0


def metric(page, label_start: str) -> str:
    """The value of the metric whose label starts with ``label_start``."""
    for box in page.locator('[data-testid="stMetric"]').all():
        label = box.locator('[data-testid="stMetricLabel"]').inner_text()
        if label.startswith(label_start):
            return box.locator('[data-testid="stMetricValue"]').inner_text()
    raise AssertionError(f"no metric labelled {label_start!r}")


def loss(unit="bits", base=2, **kwargs) -> str:
    logits = kwargs.pop("logits", Z)
    target = kwargs.pop("target", 0)
    return format_value(loss_and_gradient(logits, target, base=base, **kwargs).loss, unit, 4)


def test_deep_link_shows_the_page_and_its_numbers(page, app_url):
    open_link(page, app_url + PATH)
    assert page.locator('[data-testid="stMain"] h1').first.inner_text() == "Softmax & logits"
    text = main_text(page)
    assert "Softmax: logits become probabilities" in text  # the open tab
    for tab in ("Loss & gradient", "Gradient step", "Adding a constant", "Log-sum-exp"):
        expect(page.get_by_role("tab", name=tab)).to_have_count(1)
    assert metric(page, "Loss L") == loss() == "0.6016 bits"
    assert metric(page, "p of the target class") == "0.6590"
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("Softmax & logits", exact=True)).to_have_count(1)
    page.wait_for_selector(".js-plotly-plot >> nth=1", timeout=15_000)
    expect(page.locator(".js-plotly-plot")).to_have_count(2)  # softmax and temperature
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, SCREENSHOTS / "softmax.png")
    assert (SCREENSHOTS / "softmax.png").stat().st_size > 50_000
    # The gradient tab: its table and bar chart.
    page.get_by_role("tab", name="Loss & gradient").click()
    wait_for_app(page, settle_ms=800)
    assert "The loss and its gradient" in main_text(page)
    page.wait_for_selector(".js-plotly-plot", timeout=15_000)
    assert "section=Loss" in page.url
    full_page_screenshot(page, SCREENSHOTS / "softmax_gradient.png")


def test_keyboard_on_the_temperature_slider_moves_the_loss(page, app_url):
    page.goto(app_url + PATH)
    wait_for_app(page)
    assert metric(page, "Loss L") == "0.6016 bits"
    # The slider thumb is an <input type="range">, role "slider" (implicit, so no CSS match).
    thumb = page.locator('[data-testid="stMain"]').get_by_role("slider", name="Temperature T")
    thumb.focus()
    for _ in range(20):  # step 0.05: T = 1 -> 2
        thumb.press("ArrowRight")
    wait_for_app(page, settle_ms=800)
    assert metric(page, "Loss L") == loss(temperature=2.0)
    thumb.press("End")
    wait_for_app(page, settle_ms=800)
    assert metric(page, "Loss L") == loss(temperature=10.0)
    assert "temperature=10" in page.url  # the state is in the address bar, ready to share


def test_a_url_with_parameters_opens_that_state(page, app_url):
    open_link(page, app_url + PATH + "?logits=1,2,3,4&cls=3&eps=0.1&weights=1,1,1,5&unit=nats")
    assert (
        page.get_by_role("textbox", name="Logits z (2 to 20 numbers)").input_value() == "1, 2, 3, 4"
    )
    assert metric(page, "Loss L") == loss(
        "nats", None, logits=[1, 2, 3, 4], target=3, label_smoothing=0.1, weight=[1, 1, 1, 5]
    )
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_role("radio", name="nats").is_checked()


def test_the_frameworks_tab_by_link_and_the_preset(page, app_url):
    page.goto(app_url + PATH + "?logits=40,20,0&cls=2&section=Frameworks")
    wait_for_app(page)
    text = main_text(page)
    assert "What PyTorch, Keras and scikit-learn report" in text
    values = [f"{r['value']:.6g}" for r in framework_losses([40.0, 20.0, 0.0], 2)]
    assert values[3] == "16.1181" and values[4] == "36.0437"
    # The first table is the frameworks'; the second is float32 against float64 (issue 12).
    tables = page.locator('[data-testid="stTable"]')
    assert tables.count() == 2
    table = tables.first.inner_text()
    for value in values:
        assert value in table
    full_page_screenshot(page, SCREENSHOTS / "softmax_frameworks.png")

    page.goto(app_url + PATH + "?preset=uniform-10")
    wait_for_app(page)
    assert "Worked example 11: loss = 2.3026 nats" in main_text(page)


def test_one_gradient_step_in_the_browser(page, app_url):
    page.goto(app_url + PATH)
    wait_for_app(page)
    page.get_by_role("tab", name="Gradient step").click()
    wait_for_app(page, settle_ms=500)
    page.get_by_role("button", name="Take one gradient step").click()
    wait_for_app(page, settle_ms=800)
    step = gradient_descent_step(Z, 0, lr=1.0)
    after = format_value(loss_and_gradient(step.after, 0, base=2).loss, "bits", 4)
    assert metric(page, "Loss after step 1") == after
    assert metric(page, "Loss L") == after
    value = page.get_by_role("textbox", name="Logits z (2 to 20 numbers)").input_value()
    assert value.startswith("2.34")


def test_a_garbage_url_parameter_and_a_bad_text_give_messages(page, app_url):
    open_link(page, app_url + PATH + "?logits=%3Cb%3Ex%3C/b%3E&temperature=0")
    notices = alert_text(page)
    assert "The link's logits='<b>x</b>' was not used" in notices
    assert "The link's temperature='0' was not used" in notices
    box = page.get_by_role("textbox", name="Logits z (2 to 20 numbers)")
    box.fill("2, abc, 1")
    box.press("Enter")
    wait_for_app(page, settle_ms=800)
    alerts = alert_text(page)
    assert "Logits: value 2 ('abc') is not a number" in alerts
    assert page.locator('[data-testid="stException"]').count() == 0
    assert metric(page, "Loss L") == "0.6016 bits"
