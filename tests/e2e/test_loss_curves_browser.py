"""Loss curves page in a real Chromium against a real Streamlit server."""

from pathlib import Path

import pytest
from e2e_helpers import alert_text, full_page_screenshot, open_app, wait_for_app
from playwright.sync_api import expect

from explorer.curves.compute import more_losses
from explorer.curves.wording import losses_heading
from explorer.text import format_value
from xentcore.curves import exact_opposite_losses, logit_gradients

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PATH = "/Loss_curves"
#: Generous: on a loaded CI machine a rerun with four charts can take many seconds.
TIMEOUT_MS = 90_000
SECTIONS = ("Loss curves", "Gradients", "Clipping", "Reading a loss")


@pytest.fixture(autouse=True)
def patient(page):
    page.set_default_timeout(TIMEOUT_MS)


def ready(page, settle_ms: int = 1_500) -> None:
    wait_for_app(page, timeout_ms=TIMEOUT_MS, settle_ms=settle_ms)


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def metric(page, label_start: str) -> str:
    """The value of the metric whose label starts with ``label_start`` (waits for it)."""
    label = page.locator('[data-testid="stMetricLabel"]', has_text=label_start)
    label.first.wait_for(state="visible", timeout=TIMEOUT_MS)
    for box in page.locator('[data-testid="stMetric"]').all():
        label = box.locator('[data-testid="stMetricLabel"]').inner_text()
        if label.startswith(label_start):
            return box.locator('[data-testid="stMetricValue"]').inner_text()
    raise AssertionError(f"no metric labelled {label_start!r}")


def open_tab(page, name: str) -> None:
    """Click one of the page's tabs and wait for its section to be drawn."""
    page.get_by_role("tab", name=name).click()
    expect(page.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true")
    ready(page, settle_ms=800)


def test_deep_link_shows_the_page_and_its_numbers(page, app_url):
    page.goto(app_url + PATH)
    ready(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stMain"] h1').first.inner_text() == "Loss curves"
    for tab in SECTIONS:
        expect(page.get_by_role("tab", name=tab)).to_have_count(1)
    # Four built-in curves plus one per registered loss that draws one (Dice, issue 13).
    heading = losses_heading(4 + len(more_losses())).removeprefix("## ")
    assert heading == "Five losses against p"
    assert heading in main_text(page)
    page.wait_for_selector(".js-plotly-plot")
    expect(page.locator(".js-plotly-plot")).to_have_count(1)  # the open tab's chart only
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, SCREENSHOTS / "loss_curves.png")
    assert (SCREENSHOTS / "loss_curves.png").stat().st_size > 50_000
    # Defaults: bits, p = 0.05, clip 1e-15; each tab shows its heading, chart and numbers.
    open_tab(page, "Gradients")
    assert "Why cross-entropy trains faster" in main_text(page)
    assert metric(page, "Squared error") == f"{float(logit_gradients(0.05).squared_error):.4f}"
    open_tab(page, "Clipping")
    assert "The sources' plot" in main_text(page)
    assert metric(page, "Loss at the exact opposite") == format_value(
        exact_opposite_losses(base=2)["1e-15"], "bits", digits=4
    )
    open_tab(page, "Reading a loss")
    assert "How to read an average log loss" in main_text(page)
    assert "1.000 bits is below log C = 3.322 bits" in main_text(page)
    page.wait_for_selector(".js-plotly-plot")
    expect(page.locator(".js-plotly-plot")).to_have_count(1)
    assert "curves_section=Reading" in page.url  # the open tab is in the address bar


def test_screenshots_of_every_tab(page, app_url):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(app_url + PATH)
    ready(page)
    for tab, name in zip(SECTIONS[1:], ("gradients", "clipping", "reading"), strict=True):
        open_tab(page, tab)
        page.wait_for_selector(".js-plotly-plot")
        assert page.locator('[data-testid="stException"]').count() == 0
        path = SCREENSHOTS / f"loss_curves_{name}.png"
        full_page_screenshot(page, path)
        assert path.stat().st_size > 30_000


def test_keyboard_on_the_p_slider_moves_the_numbers(page, app_url):
    page.goto(app_url + PATH + "?curves_section=Gradients")
    ready(page)
    main = page.locator('[data-testid="stMain"]')
    before = metric(page, "Squared error")
    assert before == f"{float(logit_gradients(0.05).squared_error):.4f}"
    # Streamlit 1.67's slider thumb is an <input type="range">: role "slider" implicitly.
    thumb = page.get_by_role("slider", name="Marked probability of the true class, p")
    thumb.focus()
    for _ in range(50):  # step 0.001: 0.050 -> 0.100
        thumb.press("ArrowRight")
    expect(main).to_contain_text("At p = 0.100", timeout=TIMEOUT_MS)
    ready(page, settle_ms=500)
    assert metric(page, "Squared error") == f"{float(logit_gradients(0.1).squared_error):.4f}"
    assert metric(page, "Squared error") != before
    thumb.press("End")
    expect(main).to_contain_text("At p = 1.000", timeout=TIMEOUT_MS)
    ready(page, settle_ms=500)
    assert metric(page, "Squared error") == "0.0000"
    assert "both gradients are 0" in main_text(page)
    assert "pt=1" in page.url  # the state is in the address bar, ready to share


def test_a_url_with_parameters_opens_that_state(page, app_url):
    page.goto(app_url + PATH + "?pt=0.2&clip=1e-7&unit=nats&classes=100&gx=logit")
    ready(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    text = main_text(page)
    assert "At p = 0.200" in text
    assert "uniform guess over C = 100" in text
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_role("radio", name="nats").is_checked()
    open_tab(page, "Gradients")
    assert page.get_by_role("radio", name="logit z").is_checked()
    open_tab(page, "Clipping")
    assert metric(page, "Loss at the exact opposite, clip 1e-7") == "16.1181 nats"


def test_the_preset_link_shows_worked_example_12(page, app_url):
    page.goto(app_url + PATH + "?preset=opposite")
    ready(page)
    text = main_text(page)
    assert "Worked example 12: loss at the exact opposite, clipped at 1e-15 = 34.5388 nats" in text
    # the link opens the tab where that number is drawn
    assert page.get_by_role("tab", name="Clipping").get_attribute("aria-selected") == "true"
    assert metric(page, "Loss at the exact opposite") == "34.5388 nats"


def test_a_garbage_url_parameter_gives_a_notice(page, app_url):
    open_app(page, app_url + PATH + "?pt=%3Cb%3Ebold%3C/b%3E&classes=-3", timeout_ms=TIMEOUT_MS)
    notices = alert_text(page)
    assert "The link's pt='<b>bold</b>' was not used" in notices
    assert "The link's classes='-3' was not used" in notices
    assert "At p = 0.050" in main_text(page)
