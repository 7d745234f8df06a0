"""Across pages in a real Chromium: deep links, the app's own navigation, the unit
kept from page to page, and state opened from a URL."""

from pathlib import Path

import pytest
from e2e_helpers import full_page_screenshot, wait_for_app
from playwright.sync_api import expect

from explorer.sidebar import linked_pages

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PAGES = linked_pages()
OTHER_PAGES = [p for p in PAGES if p.path != "app.py"]


def url_path(script: str) -> str:
    """Streamlit's URL for a page script: pages/1_Distributions.py -> /Distributions."""
    if script == "app.py":
        return "/"
    name = Path(script).stem
    return "/" + (name.split("_", 1)[1] if name.split("_", 1)[0].isdigit() else name)


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


@pytest.mark.parametrize("nav", PAGES, ids=[p.label for p in PAGES])
def test_every_page_opens_by_deep_link(page, app_url, nav):
    page.goto(app_url + url_path(nav.path))
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    # The page's own title, not the Home page that a broken deep link falls back to.
    title = page.locator('[data-testid="stMain"] h1').first.inner_text()
    if nav.path != "app.py":
        assert title != "Cross-Entropy Explorer"
    # The app's own navigation, with every label, on every page. expect() waits for the
    # sidebar: on a loaded machine the DOM can lag the "notRunning" flag (seen once in CI).
    for other in PAGES:
        expect(sidebar(page).get_by_text(other.label, exact=True)).to_have_count(1)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, SCREENSHOTS / f"page_{url_path(nav.path).strip('/') or 'home'}.png")


def radio(page, label):
    return sidebar(page).get_by_role("radio", name=label)


def test_unit_chosen_on_one_page_is_kept_on_another(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    sidebar(page).get_by_text("nats", exact=True).click()
    wait_for_app(page, settle_ms=500)
    assert "nats" in " ".join(page.locator('[data-testid="stMetric"]').all_inner_texts())
    target = OTHER_PAGES[0] if OTHER_PAGES else PAGES[0]
    sidebar(page).get_by_text(target.label, exact=True).click()
    wait_for_app(page)
    assert radio(page, "nats").is_checked()
    assert not radio(page, "bits").is_checked()
    # ... and back on Home the numbers are still in nats
    sidebar(page).get_by_text("Home", exact=True).click()
    wait_for_app(page)
    assert radio(page, "nats").is_checked()
    assert "1.336 nats" in " ".join(page.locator('[data-testid="stMetric"]').all_inner_texts())


def test_url_parameters_open_that_state(page, app_url):
    page.goto(app_url + "/?unit=hartleys")
    wait_for_app(page)
    assert radio(page, "hartleys").is_checked()
    assert "hartleys" in " ".join(page.locator('[data-testid="stMetric"]').all_inner_texts())


def test_a_garbage_url_parameter_gives_a_notice_not_an_error(page, app_url):
    page.goto(app_url + "/?unit=%3Cscript%3Ealert(1)%3C/script%3E")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    notice = " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())
    assert "was not used" in notice and "bits" in notice
    assert radio(page, "bits").is_checked()
