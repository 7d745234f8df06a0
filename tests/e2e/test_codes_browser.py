"""Bits & codes in a real Chromium against a real Streamlit server."""

from pathlib import Path

import pytest
from e2e_helpers import full_page_screenshot, wait_for_app
from playwright.sync_api import expect

from explorer.text import format_value
from xentcore.coding import compare_codes, running_bits_per_symbol, sample_message

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
P = [0.5, 0.25, 0.125, 0.125]
Q = [0.125, 0.5, 0.25, 0.125]


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def alert_text(page) -> str:
    return " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())


def metric_text(page) -> str:
    return " ".join(page.locator('[data-testid="stMetric"]').all_inner_texts())


def measured(p, q, length: int, seed: int = 0) -> str:
    c = compare_codes(p, q)
    _, b = running_bits_per_symbol(sample_message(p, length, seed=seed), c.huffman_lengths)
    return format_value(b[-1], "bits")


def test_codes_page_deep_link_slider_and_screenshot(page, app_url):
    page.goto(app_url + "/Bits_and_codes")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stMain"] h1').first.inner_text() == "Bits & codes"
    assert "2.375 bits" in metric_text(page)  # H(P,Q), Huffman and Shannon
    assert "1.750 bits" in metric_text(page)  # H(P)
    expect(page.locator(".js-plotly-plot")).to_have_count(1)  # the message tab's curve (default)
    text = main_text(page)
    assert f"On all 10,000 symbols the Huffman code for Q used {measured(P, Q, 10_000)}" in text
    assert "110" in page.locator('[data-testid="stCode"]').first.inner_text()

    # Move the message-length slider with the keyboard: one step is 100 symbols.
    # Streamlit 1.67's slider thumb is an <input type="range">: role "slider" implicitly.
    thumb = page.locator('[data-testid="stMain"]').get_by_role("slider").first
    thumb.focus()
    thumb.press("ArrowRight")
    wait_for_app(page)
    text = main_text(page)
    assert f"On all 10,100 symbols the Huffman code for Q used {measured(P, Q, 10_100)}" in text
    assert "codes_length=10100" in page.url
    assert page.locator('[data-testid="stException"]').count() == 0

    # The code table and its area picture are drawn when their tab is opened.
    main = page.locator('[data-testid="stMain"]')
    tab = main.get_by_role("tab", name="The code table and its picture")
    # Click with the tab at the top of the window: the closed tab's content leaves the
    # page, which shrinks, and a tab near the bottom would move away between the mouse's
    # press and release, sending the release to whatever chart scrolls under it.
    tab.evaluate("e => e.scrollIntoView({block: 'start'})")
    tab.click()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(1, timeout=15_000)
    expect(page.locator(".js-plotly-plot")).to_have_count(1)
    assert "codes_section=" in page.url
    wait_for_app(page, settle_ms=1_500)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, SCREENSHOTS / "codes_table.png")

    page.goto(app_url + "/Bits_and_codes")
    wait_for_app(page, settle_ms=2_500)
    full_page_screenshot(page, SCREENSHOTS / "codes.png")
    assert (SCREENSHOTS / "codes.png").stat().st_size > 10_000


def test_codes_url_opens_that_state(page, app_url):
    page.goto(
        app_url + "/Bits_and_codes?codes_names=red,green,blue&codes_p=0.1,0.4,0.5"
        "&codes_q=0.8,0.15,0.05&codes_length=5000&codes_seed=3"
    )
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    c = compare_codes([0.1, 0.4, 0.5], [0.8, 0.15, 0.05])
    shown = metric_text(page)
    assert "3.288 bits" in shown  # worked example 1: H(P,Q)
    assert format_value(c.huffman_length, "bits") in shown
    assert format_value(c.shannon_length, "bits") in shown
    assert "On all 5,000 symbols" in main_text(page)
    assert (
        page.get_by_role("textbox", name="Symbols (comma-separated names)").input_value()
        == "red, green, blue"
    )


def test_codes_hostile_inputs_in_the_browser(page, app_url):
    page.goto(app_url + "/Bits_and_codes?codes_length=%3Cscript%3E&codes_q=0.5,0.5,0,0")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    alerts = alert_text(page)
    assert "The link's codes_length='<script>' was not used" in alerts
    assert "Q gives probability 0 to fish" in alerts
    assert "∞ bits" in metric_text(page)

    names = page.get_by_role("textbox", name="Symbols (comma-separated names)")
    names.fill("a, b, <img src=x onerror=alert(1)>, **d**")
    names.press("Enter")
    wait_for_app(page)
    alerts = alert_text(page)
    assert "Q gives probability 0 to <img src=x onerror=alert(1)>" in alerts  # shown as text
    assert "Q gives probability 0 to **d**" in alerts
    assert page.locator('[data-testid="stMain"] img[src="x"]').count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0

    box = page.get_by_role("textbox", name="P: how often each symbol really occurs")
    box.fill("0.5, -1, abc")
    box.press("Enter")
    wait_for_app(page)
    alerts = alert_text(page)
    assert "P: value 2 is -1, and a probability cannot be negative" in alerts
    assert page.locator('[data-testid="stException"]').count() == 0
    assert names.input_value() == "a, b, <img src=x onerror=alert(1)>, **d**"
