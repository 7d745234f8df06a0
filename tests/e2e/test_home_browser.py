"""Home page in a real Chromium against a real Streamlit server."""

from pathlib import Path

import pytest
from e2e_helpers import fetch, full_page_screenshot, wait_for_app
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def test_health_endpoint_says_ok(app_url):
    assert fetch(f"{app_url}/_stcore/health").strip() == "ok"


def test_home_renders_worked_example(page, app_url):
    page.goto(app_url)
    wait_for_app(page)

    assert page.locator('[data-testid="stException"]').count() == 0
    main = page.locator('[data-testid="stMain"]')
    assert "Cross-Entropy Explorer" in main.locator("h1").first.inner_text()
    metric_text = " ".join(page.locator('[data-testid="stMetric"]').all_inner_texts())
    assert "3.288 bits" in metric_text
    assert "1.927 bits" in metric_text
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("Home", exact=True)).to_have_count(1)
    expect(page.locator(".js-plotly-plot")).to_have_count(2)

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, SCREENSHOTS / "home.png")
    assert (SCREENSHOTS / "home.png").stat().st_size > 10_000
