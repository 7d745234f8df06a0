"""The Calibrate and Model A vs B tabs of Your predictions in a real Chromium (issue 13).

Model B's file goes through its own uploader's real <input type="file">; every number
checked is recomputed here with xentcore and scikit-learn on the same arrays.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from e2e_helpers import full_page_screenshot, metric_value, no_exception, open_app, upload
from playwright.sync_api import expect
from sklearn.metrics import log_loss

from explorer.predictions.samples import sample_csv
from explorer.text import format_value
from xentcore.practice import apply_temperature, fit_temperature, train_validation_split
from xentcore.predictions import synthetic_predictions

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PATH = "/Your_predictions"
TIMEOUT_MS = 60_000
MODEL_B = "Model B's predictions"  # the second uploader's label


@pytest.fixture(autouse=True)
def patient(page):
    page.set_default_timeout(TIMEOUT_MS)


def test_calibrate_tab_shows_xentcores_fitted_t_and_held_out_nll(page, app_url):
    query = "?pred_source=overconfident&pred_view=Calibrate&unit=nats"
    open_app(page, app_url + PATH + query, timeout_ms=TIMEOUT_MS)
    y, p = synthetic_predictions("overconfident")
    split = train_validation_split(600, validation_fraction=0.5, seed=0)
    fit = fit_temperature(p[split.validation], y[split.validation], kind="probabilities")
    h = split.train
    after = apply_temperature(p[h], fit.temperature, kind="probabilities")
    assert metric_value(page, "Temperature T") == f"{fit.temperature:.3f}"
    assert metric_value(page, "NLL, held out") == format_value(log_loss(y[h], after), "nats", 4)
    main = page.locator('[data-testid="stMain"]')
    heading = f"NLL against the temperature: minimum at T = {fit.temperature:.3f}"
    expect(main.get_by_text(heading)).to_have_count(1)
    expect(main.get_by_text("Reliability per class, before and after")).to_have_count(1)
    # The T curve and the three reliability panels are drawn (one figure each).
    assert page.locator('[data-testid="stMain"] .js-plotly-plot').count() >= 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, SCREENSHOTS / "predictions_calibrate.png")
    assert (SCREENSHOTS / "predictions_calibrate.png").stat().st_size > 10_000


def test_model_b_of_another_length_gets_a_message_then_a_good_file_is_compared(page, app_url):
    query = "?pred_source=overconfident&pred_view=Model%20A%20vs%20B&unit=nats"
    open_app(page, app_url + PATH + query, timeout_ms=TIMEOUT_MS)
    short = pd.read_csv(io.BytesIO(sample_csv("calibrated"))).head(10)
    upload(
        page,
        "short.csv",
        short.to_csv(index=False).encode(),
        uploader=MODEL_B,
        timeout_ms=TIMEOUT_MS,
    )
    no_exception(page)
    error = page.locator('[data-testid="stAlertContentError"]').first.inner_text()
    assert "Model B has 10 rows but model A has 600 rows." in error
    assert "Where: model B: ‘short.csv’" in error and "Fix:" in error
    # Model A's own results stay on the page.
    assert metric_value(page, "Mean cross-entropy") == "1.104 nats"

    upload(page, "model_b.csv", sample_csv("calibrated"), uploader=MODEL_B, timeout_ms=TIMEOUT_MS)
    no_exception(page)
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    y, p_a = synthetic_predictions("overconfident")
    _, p_b = synthetic_predictions("calibrated")
    assert metric_value(page, "Mean loss, model A") == format_value(log_loss(y, p_a), "nats", 4)
    assert metric_value(page, "Mean loss, model B") == format_value(log_loss(y, p_b), "nats", 4)
    delta = log_loss(y, p_a) - log_loss(y, p_b)
    assert metric_value(page, "Mean Δ = A − B") == format_value(delta, "nats", 4)
    assert np.all(p_a.argmax(axis=1) == p_b.argmax(axis=1))
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "No sample of the 600 changes its predicted class" in main
    assert "model B has the lower loss" in main
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, SCREENSHOTS / "predictions_versus.png")
    assert (SCREENSHOTS / "predictions_versus.png").stat().st_size > 10_000
