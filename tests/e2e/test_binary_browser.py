"""Binary & multi-label page in a real Chromium against a real Streamlit server."""

from pathlib import Path

import pytest
from e2e_helpers import (
    alert_text,
    full_page_screenshot,
    metric_value,
    no_exception,
    open_app,
    screenshot_tabs,
    wait_for_app,
)
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PATH = "/Binary_and_multilabel"
# A page's first run on a fresh server imports pandas and friends; on a busy machine
# that alone has taken more than wait_for_app's default 30 s.
LOAD_TIMEOUT = 90_000


def metric_text(page) -> str:
    return " ".join(page.locator('[data-testid="stMetric"]').all_inner_texts())


def test_deep_link_shows_the_page(page, app_url):
    open_app(page, app_url + PATH, timeout_ms=LOAD_TIMEOUT)
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("h1").first.inner_text().startswith("Binary & multi-label")
    assert metric_value(page, "BCE(p, t)") == "0.5146 bits"
    for tab in ("BCE(x, x)", "From a logit", "Dataset", "Multi-label", "log(0)"):
        expect(page.get_by_role("tab", name=tab)).to_have_count(1)
    expect(page.locator(".js-plotly-plot")).to_have_count(1)  # the open tab's chart only


def test_slider_moved_with_the_keyboard_changes_the_loss(page, app_url):
    page.goto(app_url + PATH)
    wait_for_app(page, timeout_ms=LOAD_TIMEOUT)
    # Streamlit 1.67 draws the thumb as an <input type="range"> (role "slider" implicitly).
    thumb = page.get_by_role("slider", name="Predicted probability p = P(y = 1)")
    thumb.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")  # 0.70 -> 0.75, step 0.01
    wait_for_app(page, settle_ms=800)
    no_exception(page)
    assert metric_value(page, "BCE(p, t)") == "0.4150 bits"  # -log2(0.75)
    assert "prob=0.75" in page.url
    page.keyboard.press("End")  # p = 1: a perfect prediction
    wait_for_app(page, settle_ms=800)
    assert metric_value(page, "BCE(p, t)") == "0.0000 bits"


def test_url_with_parameters_opens_that_state(page, app_url):
    open_app(
        page,
        app_url + PATH + "?prob=0.4&target=0.4&unit=nats&tab=Dataset&ys=1,0,1&ps=0.9,0.2,0.6",
        timeout_ms=LOAD_TIMEOUT,
    )
    assert metric_value(page, "BCE(p, t)") == "0.6730 nats"
    assert metric_value(page, "H(t), the floor") == "0.6730 nats"
    assert page.get_by_role("tab", name="Dataset").get_attribute("aria-selected") == "true"
    assert metric_value(page, "Mean binary cross-entropy") == "0.2798 nats"
    assert (
        "Worked example 10: BCE(0.4, 0.4) = 0.6730 nats"
        in page.locator('[data-testid="stAlert"]').all_inner_texts()[0]
    )


def test_preset_link_and_a_garbage_parameter(page, app_url):
    open_app(
        page, app_url + PATH + "?preset=ten-labels&logit=%3Cscript%3E", timeout_ms=LOAD_TIMEOUT
    )
    alerts = alert_text(page)
    assert "The link's logit='<script>' was not used" in alerts
    assert "Worked example 6: mean binary cross-entropy = 0.247 nats" in alerts
    assert metric_value(page, "scikit-learn log_loss") == "0.2469 nats"


def test_screenshots_of_every_tab(page, app_url):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(app_url + PATH + "?target=0.4")
    wait_for_app(page, timeout_ms=LOAD_TIMEOUT)
    full_page_screenshot(page, SCREENSHOTS / "binary.png")
    assert (SCREENSHOTS / "binary.png").stat().st_size > 10_000
    tabs = {
        "From a logit": "logit",
        "Dataset": "dataset",
        "Multi-label": "multilabel",
        "log(0)": "log_zero",
    }
    screenshot_tabs(page, [(tab, SCREENSHOTS / f"binary_{name}.png") for tab, name in tabs.items()])
