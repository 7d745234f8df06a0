"""Language models page in a real Chromium against a real Streamlit server."""

from pathlib import Path

import pytest
from e2e_helpers import full_page_screenshot, no_exception, wait_for_app
from playwright.sync_api import expect

from explorer.language.corpora import load_corpus
from explorer.language.strip import STRIP_CHARS
from explorer.text import format_value
from xentcore.ngram import count_contexts, fit_ngram, split_text, text_cross_entropy

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
TRAIN, TEST = split_text(load_corpus("shakespeare"), 0.1)
#: Generous: a rerun on a loaded CI machine can take many seconds.
WAIT_MS = 45_000
HOSTILE = "<script>window.__xss = 1</script><b>bold?</b> <img src=x onerror=alert(1)> *a* $x$"


def cross_entropy_text(order: int, *, unit: str = "bits", train=TRAIN, test=TEST, **kw) -> str:
    settings = {"smoothing": "interpolated", "k": 0.1, "lam": 0.8, **kw}
    base = {"bits": 2, "nats": None}[unit]
    h = text_cross_entropy(count_contexts(fit_ngram(train), test), order, base=base, **settings)
    return format_value(h, f"{unit}/char")


def metrics(page):
    return page.locator('[data-testid="stMetric"]')


def metric_texts(page) -> str:
    return " ".join(metrics(page).all_inner_texts())


def test_deep_link_keyboard_slider_and_screenshot(page, app_url):
    page.goto(f"{app_url}/Language_models")
    wait_for_app(page)
    no_exception(page)
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("h1").first.inner_text().strip() == (
        "Language models: cross-entropy and perplexity"
    )
    expect(metrics(page).first).to_contain_text(cross_entropy_text(3), timeout=WAIT_MS)
    expect(main).to_contain_text("28,795 training and 3,199 test characters")
    assert page.locator(".lm-strip span").count() == STRIP_CHARS
    expect(page.locator(".js-plotly-plot")).to_have_count(2)

    # The order slider, moved with the keyboard (Streamlit 1.67: an <input type="range">).
    thumb = page.locator(".st-key-lm_order").get_by_role("slider")
    thumb.focus()
    thumb.press("ArrowRight")
    expect(metrics(page).first).to_contain_text(cross_entropy_text(4), timeout=WAIT_MS)
    wait_for_app(page, settle_ms=300)
    assert "lm_order=4" in page.url
    assert "What the order-4 model writes" in main.inner_text()
    wait_for_app(page, settle_ms=300)
    thumb.press("End")
    expect(metrics(page).first).to_contain_text(cross_entropy_text(5), timeout=WAIT_MS)
    wait_for_app(page, settle_ms=300)
    thumb.press("ArrowLeft")
    thumb.press("ArrowLeft")
    expect(metrics(page).first).to_contain_text(cross_entropy_text(3), timeout=WAIT_MS)
    wait_for_app(page)
    no_exception(page)

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, SCREENSHOTS / "language.png")
    assert (SCREENSHOTS / "language.png").stat().st_size > 10_000


def test_link_with_query_parameters_opens_that_state(page, app_url):
    page.goto(f"{app_url}/Language_models?lm_order=1&lm_smoothing=add-k&lm_k=0.5&unit=nats")
    wait_for_app(page)
    no_exception(page)
    expected = cross_entropy_text(1, unit="nats", smoothing="add-k", k=0.5)
    expect(metrics(page).first).to_contain_text(expected, timeout=WAIT_MS)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_role("radio", name="nats").is_checked()


def commit_text(page, key: str, text: str, *, paste: bool = False) -> None:
    """Type (or paste) ``text`` into a text area and commit it with Ctrl+Enter.

    A paste is one input event. Playwright's fill() inserts text in a way whose cost
    grows faster than linearly in Chromium (30,000 characters: ~9 s; 100,000: over a
    minute), so long texts are pasted by setting the value the way React expects.
    """
    area = page.locator(f".st-key-{key} textarea")
    if paste:
        area.evaluate(
            """(el, text) => {
                const proto = HTMLTextAreaElement.prototype;
                Object.getOwnPropertyDescriptor(proto, "value").set.call(el, text);
                el.dispatchEvent(new Event("input", { bubbles: true }));
            }""",
            text,
        )
    else:
        area.fill(text)
    area.press("Control+Enter")  # Streamlit's text_area commits on Ctrl+Enter (or blur)


def test_pasted_markup_is_shown_as_text_never_run(page, app_url):
    page.goto(f"{app_url}/Language_models?lm_test=paste")
    wait_for_app(page)
    alerts = page.locator('[data-testid="stAlert"]')
    expect(alerts.first).to_contain_text("The test text is empty", timeout=WAIT_MS)
    commit_text(page, "lm_test_text", HOSTILE)
    expected = cross_entropy_text(3, train=load_corpus("shakespeare"), test=HOSTILE)
    expect(metrics(page).first).to_contain_text(expected, timeout=WAIT_MS)
    wait_for_app(page, settle_ms=500)
    no_exception(page)
    strip = page.locator(".lm-strip")
    shown = strip.inner_text().replace("\n", "")
    assert "<script>window.__xss = 1</script><b>bold?</b>" in shown
    assert "<img src=x onerror=alert(1)> *a* $x$" in shown
    assert strip.locator("script, b, img").count() == 0
    assert page.evaluate("window.__xss === undefined")
    assert strip.locator("span").count() == len(HOSTILE)


def test_garbage_link_and_empty_corpus_give_messages(page, app_url):
    page.goto(f"{app_url}/Language_models?lm_order=abc&lm_corpus=%3Cscript%3E&lm_lambda=7")
    wait_for_app(page)
    no_exception(page)
    # the defaults instead, with a notice per bad value
    expect(metrics(page).first).to_contain_text(cross_entropy_text(3), timeout=WAIT_MS)
    alerts = " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())
    assert "The link's lm_order='abc' was not used" in alerts
    assert "The link's lm_corpus='<script>' was not used" in alerts
    assert "The link's lm_lambda='7' was not used" in alerts

    page.goto(f"{app_url}/Language_models?lm_corpus=paste")
    wait_for_app(page)
    no_exception(page)
    alert = page.locator('[data-testid="stAlert"]').first
    expect(alert).to_contain_text("The training text is empty", timeout=WAIT_MS)
    assert metrics(page).count() == 0


def test_a_hundred_thousand_pasted_characters(page, app_url):
    page.goto(f"{app_url}/Language_models?lm_corpus=paste")
    wait_for_app(page)
    big = (load_corpus("shakespeare") * 4)[:100_000]
    commit_text(page, "lm_train_text", big, paste=True)
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("90,000 training and 10,000 test characters", timeout=60_000)
    wait_for_app(page, timeout_ms=60_000)
    no_exception(page)
    train, test = split_text(big, 0.1)
    assert cross_entropy_text(3, train=train, test=test) in metric_texts(page)
    alerts = " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())
    assert "Long text: 90,000 training and 10,000 test characters" in alerts
