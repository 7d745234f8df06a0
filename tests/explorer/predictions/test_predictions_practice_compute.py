"""The tabs' cached work: the checks before a calibration, the pairing of model B with
model A, and the fits, against xentcore.practice and scikit-learn called here."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import log_loss

from explorer import cache
from explorer.predictions import compute as page_compute
from explorer.predictions.practice import compute
from explorer.predictions.uploads.extract import PredictionData
from xentcore.practice import apply_temperature, fit_temperature, train_validation_split


@pytest.fixture(autouse=True)
def fresh_caches():
    cache.clear_all()
    yield
    cache.clear_all()


def data(scores, labels, kind="probabilities") -> PredictionData:
    scores = np.asarray(scores, dtype=float)
    names = [str(c) for c in range(scores.shape[1])]
    return PredictionData(scores, np.asarray(labels), names, kind, None, "label_columns")


def test_calibration_problem_checks_in_order():
    p = np.array([[0.3, 0.7], [0.6, 0.4]] * 6)
    y = np.array([0, 1] * 6)
    assert compute.calibration_problem(data(p, y), "f.csv", 50) is None
    assert "too few" in compute.calibration_problem(data(p[:3], y[:3]), "f", 50).problem
    assert "same class" in compute.calibration_problem(data(p, np.zeros(12, int)), "f", 50).problem
    same = np.tile([0.3, 0.7], (12, 1))
    assert "same prediction" in compute.calibration_problem(data(same, y), "f", 50).problem
    zero = p.copy()
    zero[1] = [1.0, 0.0]
    problem = compute.calibration_problem(data(zero, y), "f", 50)
    assert "probability 0 on 1 row" in problem.problem and problem.where == "first at row 2"
    share = compute.calibration_problem(data(p, y), "f", 10)  # 10% of 12 rows: 1 row
    # 30% of 12 is 3.6, so 4 rows; 70% leaves 12 - 8 = 4: the workable range.
    assert "leaves 1 row" in share.problem and "between 30% and 70%" in share.fix
    # Logits far below the others underflow in a softmax, but are no zero probability.
    z = np.array([[0.0, -800.0], [0.0, 1.0]] * 6)
    assert compute.calibration_problem(data(z, y, "logits"), "f", 50) is None


def sample_reading(key: str):
    content, file = page_compute.sample_file(key)
    info, _ = page_compute.file_info(file)
    return content, page_compute.Reading(file, info.auto.key(), False)


def test_temperature_result_is_xentcores_fit_and_sklearns_losses():
    content, how = sample_reading("overconfident")
    result, problem = compute.temperature_result(how, 40, 7, 10)
    assert problem is None and (result.n_validation, result.n_held_out) == (240, 360)
    frame = pd.read_csv(io.BytesIO(content.data))
    p = frame[["p_cat", "p_dog", "p_bird"]].to_numpy()
    y = frame["label"].map({"cat": 0, "dog": 1, "bird": 2}).to_numpy()
    split = train_validation_split(600, validation_fraction=0.4, seed=7)
    fit = fit_temperature(p[split.validation], y[split.validation], kind="probabilities")
    assert result.fit.temperature == pytest.approx(fit.temperature, rel=1e-12)
    after = apply_temperature(p[split.train], fit.temperature, kind="probabilities")
    assert result.held_out[1].nll == pytest.approx(log_loss(y[split.train], after), rel=1e-9)
    assert result.held_out[0].nll == pytest.approx(log_loss(y[split.train], p[split.train]))
    assert compute.temperature_result(how, 40, 7, 10)[0] is result  # cached


def test_comparison_pairs_model_b_with_model_a():
    content_a, a = sample_reading("binary10")
    content_b, b = sample_reading("calibrated")
    versus, problem = compute.comparison(a, compute.ModelB("calibrated", "c.csv", b))
    assert versus is None and "600 rows but model A has 10 rows" in problem.problem
    versus, problem = compute.comparison(a, compute.ModelB("flatter", "x"))
    assert problem is None and versus.cmp.flipped.size == 0
    iv = compute.bootstrap(a, compute.ModelB("flatter", "x"), 100, 0, report=None)
    assert iv.n_resamples == 100 and iv.low <= iv.mean_difference <= iv.high
    seen = []
    compute.bootstrap(a, compute.ModelB("flatter", "x"), 200, 1, report=lambda d, t: seen.append(d))
    assert seen[-1] == 200
