"""Training page in a real Chromium against a real Streamlit server."""

from pathlib import Path

import pytest
from e2e_helpers import full_page_screenshot, wait_for_app
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
#: The first visit trains two runs (a second or so, more on a busy machine).
TIMEOUT_MS = 120_000


def open_training(page, app_url: str, query: str = "") -> None:
    page.goto(app_url + "/Training" + query)
    wait_for_app(page, timeout_ms=TIMEOUT_MS, settle_ms=2_000)
    assert page.locator('[data-testid="stException"]').count() == 0


def metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def slider(page, key: str):
    # Streamlit 1.67 draws the thumb as an <input type="range"> (role "slider" implicitly);
    # every keyed widget sits in a container with the class st-key-<key>.
    return page.locator(f".st-key-{key}").get_by_role("slider")


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def open_tab(page, name: str) -> None:
    """Open one of the page's section tabs (only the open tab is drawn)."""
    page.get_by_role("tab", name=name).click()
    wait_for_app(page, timeout_ms=TIMEOUT_MS, settle_ms=1_500)


def test_training_page_renders_both_runs(page, app_url):
    open_training(page, app_url)
    assert page.locator('[data-testid="stMain"] h1').first.inner_text() == "Training"
    assert metric(page, "Steps trained") == "200"
    assert metric(page, "Run A cross-entropy").endswith(" bits")
    assert metric(page, "Run B cross-entropy").endswith(" bits")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # The open tab: the two curve charts (cross-entropy; accuracy and mean confidence).
    expect(page.locator(".js-plotly-plot")).to_have_count(2)
    full_page_screenshot(page, SCREENSHOTS / "training.png")
    assert (SCREENSHOTS / "training.png").stat().st_size > 50_000
    # The decision regions of both runs, with the replay scrubber.
    open_tab(page, "Decision regions")
    expect(page.locator(".js-plotly-plot")).to_have_count(2)
    expect(slider(page, "train_replay")).to_have_count(1)
    assert "train_section=Decision" in page.url
    full_page_screenshot(page, SCREENSHOTS / "training_regions.png")
    open_tab(page, "Logistic-regression gradient")
    assert "Logistic regression: the gradient, with its numbers" in main_text(page)
    assert page.locator(".js-plotly-plot").count() == 0
    full_page_screenshot(page, SCREENSHOTS / "training_logistic.png")


def test_the_replay_slider_moves_with_the_keyboard(page, app_url):
    open_training(page, app_url, "?train_section=Decision+regions")
    assert "Step 200 —" in main_text(page)
    thumb = slider(page, "train_replay")
    thumb.focus()
    thumb.press("Home")
    wait_for_app(page, timeout_ms=TIMEOUT_MS, settle_ms=800)
    text = main_text(page)
    assert "Step 0 —" in text
    assert "Run A (cross-entropy): cross-entropy 1.0000 bits" in text  # ln 2 nats at the start
    thumb = slider(page, "train_replay")
    thumb.focus()
    thumb.press("ArrowRight")
    wait_for_app(page, timeout_ms=TIMEOUT_MS, settle_ms=800)
    assert "Step 2 —" in main_text(page)
    assert metric(page, "Steps trained") == "200"  # replaying never retrains


def test_a_control_slider_retrains(page, app_url):
    open_training(page, app_url)
    before = metric(page, "Run A cross-entropy")
    thumb = slider(page, "train_noise")
    thumb.focus()
    thumb.press("ArrowRight")  # noise 0.20 -> 0.25
    wait_for_app(page, timeout_ms=TIMEOUT_MS, settle_ms=800)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert metric(page, "Run A cross-entropy") != before
    assert "0.25" in page.locator(".st-key-train_noise").inner_text()


def test_step_once_button(page, app_url):
    open_training(page, app_url)
    open_tab(page, "Decision regions")
    page.get_by_role("button", name="Step once").click()
    wait_for_app(page, timeout_ms=TIMEOUT_MS, settle_ms=800)
    assert metric(page, "Steps trained") == "201"
    assert "Step 201 —" in main_text(page)  # the replay follows the newest step


def test_url_opens_that_state(page, app_url):
    query = (
        "?train_data=blobs&train_classes=4&train_model=softmax_regression"
        "&train_steps=50&train_compare=none&unit=nats"
    )
    open_training(page, app_url, query)
    assert metric(page, "Steps trained") == "50"
    assert metric(page, "Run A cross-entropy").endswith(" nats")
    assert page.locator('[data-testid="stMetric"]').filter(has_text="Run B").count() == 0
    assert (
        page.locator(".st-key-train_model")
        .get_by_role("radio", name="Softmax regression")
        .is_checked()
    )
    assert (
        page.locator(".st-key-train_classes").get_by_role("slider").get_attribute("aria-valuetext")
        == "4"
    )


def test_hostile_learning_rate_and_garbage_url(page, app_url):
    open_training(page, app_url, "?train_lr=1000000&train_points=abc")
    alerts = " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())
    assert "The link's train_points='abc' was not used" in alerts
    assert "too large" in alerts and "lower the learning rate" in alerts
    values = " ".join(page.locator('[data-testid="stMetricValue"]').all_inner_texts()).lower()
    assert "nan" not in values
