"""Helpers for the browser tests (kept out of conftest.py so tests can import them)."""

from __future__ import annotations

import urllib.request

__all__ = [
    "APP_READY",
    "CHROMIUM_ARGS",
    "alert_text",
    "fetch",
    "full_page_screenshot",
    "metric_value",
    "no_exception",
    "open_app",
    "screenshot_tabs",
    "upload",
    "wait_for_app",
]

#: Debian's Chromium, headless, with nothing that reaches the network on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

#: Streamlit marks the app root this way once connected and done running the script.
APP_READY = (
    '[data-testid="stApp"]'
    '[data-test-connection-state="CONNECTED"]'
    '[data-test-script-state="notRunning"]'
)


def fetch(url: str, timeout: float = 5) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode()


def wait_for_app(page, timeout_ms: int = 30_000, settle_ms: int = 1_500) -> None:
    """Wait until Streamlit is connected and the script run has finished.

    The first run only starts after the websocket connects, so wait for some rendered
    content before trusting "notRunning"; charts mount a moment after the run ends.
    Widgets, metrics and page links are drawn by components the browser loads on first
    use; until each arrives Streamlit shows a grey ``stSkeleton`` in its place (on a
    busy machine for seconds after the run ended), so wait for those to go too.
    """
    page.wait_for_selector(APP_READY, timeout=timeout_ms)
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=timeout_ms)
    page.wait_for_selector(APP_READY, timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout_ms
    )
    page.wait_for_timeout(settle_ms)


def full_page_screenshot(page, path) -> None:
    """Screenshot the whole app, not just the first screen.

    Streamlit scrolls inside [data-testid="stMain"], not the document, so Playwright's
    full_page=True alone stops at the viewport: grow the viewport to the content first.
    """
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": max(height, 600)})
    page.wait_for_timeout(800)  # let plotly re-layout at the new size
    page.screenshot(path=str(path), full_page=True)


# ---------------------------------------------------------------- shared steps
# Added in the regroup (the Loss curves and Binary browser tests; other pages' tests
# repeat the same steps and may use them too).


def no_exception(page) -> None:
    """No Python traceback is on the page."""
    assert page.locator('[data-testid="stException"]').count() == 0


def open_app(page, url: str, **wait) -> None:
    """Go to ``url`` and wait for the run to finish (``wait`` goes to :func:`wait_for_app`);
    the page must show no traceback."""
    page.goto(url)
    wait_for_app(page, **wait)
    no_exception(page)


def upload(page, name: str, content: bytes, *, uploader: str = "", **wait) -> None:
    """Give ``content`` as file ``name`` to a file uploader's real ``<input type="file">``
    (the first one, or the one whose box shows ``uploader``), then wait for the rerun
    the upload triggers (``wait`` goes to :func:`wait_for_app`; settle 1.2 s unless told)."""
    box = page.locator('[data-testid="stFileUploader"]').filter(has_text=uploader)
    box.first.locator('input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    page.wait_for_timeout(500)  # the upload request, then the rerun it triggers
    wait_for_app(page, **{"settle_ms": 1200, **wait})


def alert_text(page) -> str:
    """The text of every alert on the page (notices, errors, successes), space-joined."""
    return " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())


def screenshot_tabs(page, shots, *, settle_ms: int = 1_200) -> None:
    """For each ``(tab label, path)``: open the tab from a 1400×900 window, then save a
    full-page screenshot to ``path``. No tab may show a traceback."""
    for tab, path in shots:
        page.set_viewport_size({"width": 1400, "height": 900})
        page.get_by_role("tab", name=tab).click()
        wait_for_app(page, settle_ms=settle_ms)
        no_exception(page)
        full_page_screenshot(page, path)


def metric_value(page, label: str) -> str:
    """The value shown in the first metric whose text holds ``label``."""
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()
