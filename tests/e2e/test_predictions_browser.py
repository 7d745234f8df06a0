"""Your predictions page in a real Chromium against a real Streamlit server.

Uploads go through the uploader's real <input type="file">, downloads through the
browser's download, so the whole path a user takes is exercised.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest
from e2e_helpers import (
    full_page_screenshot,
    metric_value,
    no_exception,
    screenshot_tabs,
    upload,
    wait_for_app,
)
from playwright.sync_api import expect

from explorer.predictions.samples import sample_csv
from explorer.text import format_value
from xentcore.predictions import evaluate_predictions, synthetic_predictions

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PATH = "/Your_predictions"


def test_deep_link_shows_the_sources_example(page, app_url):
    page.goto(app_url + PATH + "?unit=nats")
    wait_for_app(page)
    no_exception(page)
    assert page.locator('[data-testid="stMain"] h1').first.inner_text() == "Your predictions"
    assert metric_value(page, "Mean cross-entropy") == "0.247 nats"
    assert metric_value(page, "Perplexity") == "1.280"
    limits = page.get_by_text("Limits: a file of at most").inner_text()
    assert "50 MB" in limits and "1,000,000 rows" in limits
    expect(page.locator(".js-plotly-plot")).to_have_count(1)  # the open tab's histogram


def test_bins_slider_moved_with_the_keyboard_changes_the_ece(page, app_url):
    page.goto(app_url + PATH + "?pred_source=overconfident&unit=nats")
    wait_for_app(page)
    y, p = synthetic_predictions("overconfident")

    def ece(bins: int) -> str:
        return (
            f"{evaluate_predictions(p, y, kind='probabilities', n_bins=bins).calibration.ece:.3f}"
        )

    assert metric_value(page, "Calibration error (ECE)") == ece(10)
    thumb = page.get_by_role("slider", name="Reliability-diagram bins")
    thumb.focus()
    page.keyboard.press("ArrowRight")
    wait_for_app(page, settle_ms=800)
    no_exception(page)
    assert metric_value(page, "Calibration error (ECE)") == ece(11)
    assert "pred_bins=11" in page.url
    page.keyboard.press("End")
    wait_for_app(page, settle_ms=800)
    assert metric_value(page, "Calibration error (ECE)") == ece(50)


def test_url_with_parameters_opens_that_state(page, app_url):
    page.goto(
        app_url + PATH + "?pred_source=calibrated&pred_bins=5&unit=nats&pred_view=Calibration"
    )
    wait_for_app(page)
    no_exception(page)
    y, p = synthetic_predictions("calibrated")
    ev = evaluate_predictions(p, y, kind="probabilities", n_bins=5)
    assert metric_value(page, "Mean cross-entropy") == format_value(ev.mean_loss, "nats")
    assert metric_value(page, "Calibration error (ECE)") == f"{ev.calibration.ece:.3f}"
    assert page.get_by_role("tab", name="Calibration").get_attribute("aria-selected") == "true"
    page.goto(app_url + PATH + "?pred_bins=%3Cscript%3E")
    wait_for_app(page)
    alerts = " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())
    assert "The link's pred_bins='<script>' was not used" in alerts


def test_uploading_a_sample_file_end_to_end(page, app_url):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(app_url + PATH + "?unit=nats")
    wait_for_app(page)
    upload(page, "three_classes_overconfident.csv", sample_csv("overconfident"))
    no_exception(page)
    assert page.get_by_role("radio", name="Your file").is_checked()
    assert metric_value(page, "Mean cross-entropy") == "1.104 nats"
    assert metric_value(page, "Accuracy") == "69.5%"
    assert (
        "600 samples × 3 classes read and evaluated"
        in page.locator('[data-testid="stExpander"]').first.inner_text()
    )

    # The per-sample download, through the browser, has no formula-leading text cell.
    with page.expect_download() as info:
        page.get_by_role("button", name="All 600 per-sample results as CSV").click()
    content = Path(info.value.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(content, newline="")))
    assert rows[0][:3] == ["row", "true class", "predicted class"] and len(rows) == 601
    for cell in (c for row in rows for c in row):
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
            float(cell)

    page.get_by_role("tab", name="Frameworks & weights").click()
    wait_for_app(page, settle_ms=1000)
    expect(page.get_by_text("One-hot or class index: the same loss.")).to_have_count(1)
    page.get_by_role("tab", name="Costly samples").click()
    wait_for_app(page, settle_ms=1000)
    full_page_screenshot(page, SCREENSHOTS / "predictions_upload.png")
    assert (SCREENSHOTS / "predictions_upload.png").stat().st_size > 10_000


def test_uploading_a_bad_file_gives_a_precise_message_and_a_fix(page, app_url):
    page.goto(app_url + PATH + "?unit=nats")
    wait_for_app(page)
    upload(page, "rows.csv", b"label,p_0,p_1\n0,0.2,0.7\n1,0.3,0.7\n0,0.5,0.8\n")
    no_exception(page)
    error = page.locator('[data-testid="stAlertContentError"]').first.inner_text()
    assert "do not sum to 1: 2 of 3" in error
    assert "Where: the worst is row 3, which sums to 1.3" in error
    assert "Fix:" in error
    assert page.locator('[data-testid="stMetric"]').count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, SCREENSHOTS / "predictions_bad_file.png")
    page.set_viewport_size({"width": 1400, "height": 900})
    # One click renormalises the rows and the results appear.
    page.get_by_role("button", name="Renormalise the rows").click()
    wait_for_app(page, settle_ms=1200)
    no_exception(page)
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    expected = -(math.log(0.2 / 0.9) + math.log(0.7 / 1.0) + math.log(0.5 / 1.3)) / 3
    assert metric_value(page, "Mean cross-entropy") == format_value(expected, "nats")
    # A binary file that is not CSV: a message, and the page still works.
    upload(page, "model.bin", bytes(range(256)) * 8)
    no_exception(page)
    error = page.locator('[data-testid="stAlertContentError"]').first.inner_text()
    assert "binary file" in error and "Fix:" in error
    sources = page.locator('[data-testid="stMain"] [data-testid="stRadio"]').first
    sources.get_by_text("The sources' 10 binary predictions").click()
    wait_for_app(page, settle_ms=800)
    assert metric_value(page, "Mean cross-entropy") == "0.247 nats"


def test_screenshot_of_the_default_page(page, app_url):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(app_url + PATH + "?pred_source=overconfident")
    wait_for_app(page)
    no_exception(page)
    full_page_screenshot(page, SCREENSHOTS / "predictions.png")
    assert (SCREENSHOTS / "predictions.png").stat().st_size > 10_000
    shots = {
        "Frameworks & weights": SCREENSHOTS / "predictions_frameworks.png",
        "Per class": SCREENSHOTS / "predictions_per_class.png",
        "Calibration": SCREENSHOTS / "predictions_calibration.png",
    }
    screenshot_tabs(page, shots.items())
