"""Distributions page in a real Chromium against a real Streamlit server."""

from pathlib import Path

import pytest
from e2e_helpers import full_page_screenshot, wait_for_app
from playwright.sync_api import expect

from explorer.text import format_value
from xentcore import cross_entropy, kl_divergence
from xentcore.decomposition import blend

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
LOAD_MS = 90_000  # generous: a busy CI machine can take long over the first run
P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]


def metric_texts(page) -> str:
    return " ".join(page.locator('[data-testid="stMetric"]').all_inner_texts())


def test_deep_link_shows_worked_example_and_slider_moves_q(page, app_url):
    page.goto(f"{app_url}/Distributions")
    wait_for_app(page, timeout_ms=LOAD_MS)

    assert page.locator('[data-testid="stException"]').count() == 0
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("h1").first.inner_text().strip() == "Distributions"
    assert "Worked example 1: H(P,Q) = 3.288 bits" in main.inner_text()
    text = metric_texts(page)
    for value in ("3.288 bits", "2.906 bits", "1.361 bits", "1.927 bits"):
        assert value in text
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("Distributions", exact=True)).to_have_count(1)
    # The editor, and three charts: P and Q, the decomposition and the walk (the default tab).
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(1)
    expect(page.locator(".js-plotly-plot")).to_have_count(3)

    # The walk slider, moved with the keyboard: Q_t moves toward P and H(P, Q_t) falls.
    # Streamlit 1.67's slider thumb is an <input type="range">: role "slider" implicitly.
    thumb = main.get_by_role("slider").first
    thumb.focus()
    thumb.press("ArrowRight")
    thumb.press("ArrowRight")  # step 0.05 each: t = 0.10
    metrics = page.locator('[data-testid="stMetric"]')
    expect(metrics.filter(has_text="H(P, Qₜ) at t = 0.10")).to_be_visible(timeout=15_000)
    wait_for_app(page, settle_ms=300)
    q_t = blend(P, Q, 0.1)
    text = metric_texts(page)
    assert "H(P, Qₜ) at t = 0.10" in text
    assert format_value(cross_entropy(P, q_t, base=2), "bits") in text
    assert format_value(kl_divergence(P, q_t, base=2), "bits") in text
    assert "walk=0.1" in page.url
    assert page.locator('[data-testid="stException"]').count() == 0

    thumb.press("End")
    expect(metrics.filter(has_text="KL(P‖Qₜ) at t = 1.00")).to_contain_text("0.000 bits")

    # Back to t = 0 for the screenshot of the default state.
    thumb.press("Home")
    expect(metrics.filter(has_text="H(P, Qₜ) at t = 0.00")).to_contain_text("3.288 bits")
    wait_for_app(page, timeout_ms=LOAD_MS)

    # The "Class by class" tab draws the per-class chart and table when opened.
    tab = main.get_by_role("tab", name="Class by class")
    # Click with the tab at the top of the window: the closed tab's content leaves the
    # page, which shrinks, and a tab near the bottom would move away between the mouse's
    # press and release, sending the release to whatever chart scrolls under it.
    tab.evaluate("e => e.scrollIntoView({block: 'start'})")
    tab.click()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(2, timeout=15_000)
    expect(page.locator(".js-plotly-plot")).to_have_count(3)  # the walk's chart is gone
    assert (
        "dist_section=Class+by+class" in page.url or "dist_section=Class%20by%20class" in page.url
    )
    wait_for_app(page, timeout_ms=LOAD_MS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, SCREENSHOTS / "distributions_classes.png")
    main.get_by_role("tab", name="Walk Q toward P").click()
    expect(metrics.filter(has_text="H(P, Qₜ) at t = 0.00")).to_be_visible(timeout=15_000)
    wait_for_app(page, timeout_ms=LOAD_MS)

    # "Show the math" is built when opened: KaTeX renders the learner's numbers.
    tab = main.get_by_role("tab", name="Show the math")
    tab.evaluate("e => e.scrollIntoView({block: 'start'})")  # see the tab click above
    tab.click()
    expect(main.locator(".katex").first).to_be_visible(timeout=15_000)
    expect(main.locator(".katex").nth(1)).to_contain_text("3.2879")  # H(P,Q) in bits
    wait_for_app(page, timeout_ms=LOAD_MS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, SCREENSHOTS / "distributions.png")
    assert (SCREENSHOTS / "distributions.png").stat().st_size > 10_000


def test_link_with_query_parameters_opens_that_state(page, app_url):
    page.goto(f"{app_url}/Distributions?names=cat,dog&p=0.25,0.75&q=0.5,0.5&unit=nats&walk=0.5")
    wait_for_app(page, timeout_ms=LOAD_MS)
    expect(page.locator('[data-testid="stMetric"]').first).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    text = metric_texts(page)
    assert format_value(cross_entropy([0.25, 0.75], [0.5, 0.5]), "nats") in text  # 0.693 nats
    assert "H(P, Qₜ) at t = 0.50" in text
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_role("radio", name="nats").is_checked()
    assert "cat" in page.locator(".js-plotly-plot").first.inner_text()


def test_garbage_link_gives_a_notice_not_an_error(page, app_url):
    page.goto(f"{app_url}/Distributions?p=abc&walk=7")
    wait_for_app(page, timeout_ms=LOAD_MS)
    assert page.locator('[data-testid="stException"]').count() == 0
    alerts = " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())
    assert "The link's p='abc' was not used" in alerts
    assert "The link's walk='7' was not used" in alerts
    assert "3.288 bits" in metric_texts(page)


def test_preset_button_sets_the_table(page, app_url):
    page.goto(f"{app_url}/Distributions")
    wait_for_app(page, timeout_ms=LOAD_MS)
    page.get_by_role("radio", name="4. A terrible prediction").click()  # a pill
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("Worked example 4: H(P,Q) = 6.9078 nats", timeout=15_000)
    wait_for_app(page, settle_ms=300)
    assert "preset" not in page.url and "q=0.001" in page.url
