"""Beyond classification in a real Chromium: a deep link to each tab shows its number
(from SciPy, scikit-learn or xentcore.practice called here), a bad list gets its message,
and the CEM's animation plays in the browser (press ▶, the iteration shown moves on)."""

import math
from pathlib import Path
from urllib.parse import quote

import pytest
import sklearn.metrics
from e2e_helpers import (
    alert_text,
    full_page_screenshot,
    metric_value,
    no_exception,
    open_app,
    wait_for_app,
)
from playwright.sync_api import expect
from scipy.stats import norm

from explorer.binary.wording import format_loss
from xentcore.practice import cem_run

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PATH = "/Beyond_classification"
LOAD_TIMEOUT = 90_000  # a fresh server's first run imports pandas and friends
LN2 = math.log(2)


def bits(value: float) -> str:
    return format_loss(value, "bits", 4)


def mean_nll_of_ten() -> str:
    ys, ps = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0], [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]
    return bits(sklearn.metrics.log_loss(ys, ps) / LN2)


def mutual_information() -> str:
    table = [[30, 10], [15, 15], [5, 25]]
    return bits(sklearn.metrics.mutual_info_score(None, None, contingency=table) / LN2)


def gaussian_nll() -> str:
    y, pred = [0.6, 2.4, 2.5, 4.9, 4.2, 6.8], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    return bits(-norm.logpdf(y, pred, 0.5).mean() / LN2)


def gaussian_kl() -> str:  # P = N(0, 1), Q = N(2, 1.5²)
    return bits((math.log(1.5) + (1 + 4) / (2 * 1.5**2) - 0.5) / LN2)


TABS = [
    ("Likelihood", "", "Mean NLL", mean_nll_of_ten),
    ("Squared error", "&sigma=0.5", "Mean NLL", gaussian_nll),
    ("Two variables", "", "I(X; Y)", mutual_information),
    ("Continuous", "&mq=2", "KL(P‖Q)", gaussian_kl),
]


@pytest.mark.parametrize(("tab", "more", "label", "expected"), TABS, ids=[t[0] for t in TABS])
def test_deep_link_to_each_tab(page, app_url, tab, more, label, expected):
    open_app(page, f"{app_url}{PATH}?tab={quote(tab)}{more}", timeout_ms=LOAD_TIMEOUT)
    assert page.get_by_role("tab", name=tab).get_attribute("aria-selected") == "true"
    assert metric_value(page, label) == expected()
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, SCREENSHOTS / f"beyond_{tab.replace(' ', '_').lower()}.png")


def chart_texts(chart, selector: str) -> list[str]:
    """SVG text inside a plotly chart (inner_text does not read SVG)."""
    return chart.locator(selector).evaluate_all("els => els.map(e => e.textContent)")


def test_cem_animation_plays_in_the_browser(page, app_url):
    open_app(page, f"{app_url}{PATH}?tab={quote('CEM optimiser')}&iters=8", timeout_ms=LOAD_TIMEOUT)
    run = cem_run("himmelblau", mean=(0.0, 0.0), n_iterations=8, seed=0)
    main_text = page.locator('[data-testid="stMain"]').inner_text()
    assert f"the best value found is {run.best_values[-1]:.3g}" in main_text
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    current = chart.locator(".slider-group text").first
    assert current.text_content() == "Iteration 1"
    line = chart_texts(chart, ".scatterlayer .textpoint text")
    assert line == [f"Iteration 1: mean ({run.means[1][0]:.3f}, {run.means[1][1]:.3f}), "
                    f"best value so far {run.best_values[0]:.3g}"]  # fmt: skip
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, SCREENSHOTS / "beyond_cem_optimiser.png")
    chart.get_by_text("▶ Play").click()
    # 600 ms a frame: it plays on in the browser, with no rerun of the script
    expect(current).not_to_have_text("Iteration 1", timeout=5_000)
    expect(current).to_have_text("Iteration 8", timeout=15_000)
    last = chart_texts(chart, ".scatterlayer .textpoint text")[0]
    assert last.startswith("Iteration 8: ") and f"{run.best_values[-1]:.3g}" in last
    assert chart.locator(".contourlayer path").count() > 0  # the contours stay
    no_exception(page)
    chart.screenshot(path=str(SCREENSHOTS / "beyond_cem_played.png"))


def test_a_bad_list_gets_its_message_and_keeps_the_rest(page, app_url):
    open_app(page, app_url + PATH + "?repeat=3", timeout_ms=LOAD_TIMEOUT)
    box = page.get_by_role("textbox", name="Predicted P(y = 1)")
    box.fill("0.8, abc")
    box.press("Enter")
    wait_for_app(page, settle_ms=800)
    no_exception(page)
    assert "Predicted P(y = 1): number 2 ('abc') is not a number" in alert_text(page)
    labels = page.get_by_role("textbox", name="Labels y (0 or 1)")
    assert labels.input_value() == "1, 1, 1, 1, 1, 0, 0, 0, 0, 0"
    assert "repeat=3" in page.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, SCREENSHOTS / "beyond_bad_list.png")


def test_a_third_column_keeps_the_measures(page, app_url):
    open_app(page, f"{app_url}{PATH}?tab={quote('Two variables')}", timeout_ms=LOAD_TIMEOUT)
    page.get_by_test_id("stNumberInputStepUp").first.click()
    wait_for_app(page, settle_ms=1_000)
    no_exception(page)
    assert "cols=3" in page.url
    assert metric_value(page, "I(X; Y)") == mutual_information()  # a column of zeros adds nothing
