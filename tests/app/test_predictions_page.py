"""Your predictions under AppTest: samples, every layout, every bad file, downloads, state.

Each number on the page is checked against xentcore computed here on the same arrays.
The bad files and layouts are the ones of tests/explorer/upload_cases.py.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import pytest
import streamlit as st
import upload_cases
from app_helpers import enter_page, metrics
from sklearn.metrics import accuracy_score, brier_score_loss, log_loss
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from explorer import cache
from explorer.predictions.samples import sample_csv, sample_frame
from explorer.predictions.uploads import extract, reading
from explorer.text import format_value
from xentcore.practice import (
    apply_temperature,
    apply_vector_scaling,
    calibration_errors,
    class_reliability,
    fit_temperature,
    fit_vector_scaling,
    paired_bootstrap,
    perturbed_predictions,
    train_validation_split,
)
from xentcore.predictions import (
    evaluate_predictions,
    framework_reductions,
    in_unit,
    source_example,
    synthetic_predictions,
)

PAGE = "pages/5_Your_predictions.py"


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()  # caches live in the process, across AppTest instances
    cache.clear_all()
    yield
    st.cache_data.clear()
    cache.clear_all()


def open_page(**query) -> AppTest:
    return enter_page(PAGE, {"unit": "nats", **query}, timeout=30)


def upload(at: AppTest, data: bytes, name: str) -> AppTest:
    at.file_uploader(key="pred_file").upload(name, data, "text/csv").run()
    assert not at.exception, at.exception
    return at


def messages(at: AppTest) -> str:
    return "\n".join(e.value for e in [*at.error, *at.warning])


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The first table showing ``column`` (AppTest does not expose st.dataframe keys)."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise KeyError(column)


def show(at: AppTest, view: str) -> AppTest:
    """Open one of the lazy result tabs (only the open tab is drawn)."""
    at.session_state["pred_view"] = view
    at.run()
    assert not at.exception, at.exception
    return at


def reductions_table(at: AppTest) -> pd.DataFrame:
    if not any("Reported by" in frame.value.columns for frame in at.dataframe):
        show(at, "Frameworks & weights")
    return table_with(at, "Reported by")


def page_text(at: AppTest) -> str:
    parts = [*at.markdown, *at.caption, *at.info, *at.error, *at.warning, *at.subheader]
    return "\n".join(str(p.value) for p in parts)


# --- the built-in samples -----------------------------------------------------------


def test_default_is_the_sources_example_at_0_247_nats():
    at = open_page()
    assert at.radio(key="pred_source").value == "binary10"
    shown = metrics(at)
    assert shown["Mean cross-entropy"] == "0.247 nats"
    y, p = source_example()
    ev = evaluate_predictions(p, y, kind="probabilities")
    assert shown["Perplexity"] == format_value(math.exp(ev.mean_loss), digits=3) == "1.280"
    assert shown["Accuracy"] == "100.0%"
    assert shown["Calibration error (ECE)"] == f"{ev.calibration.ece:.3f}"
    assert not at.error


def test_unit_changes_the_mean_and_not_the_perplexity():
    at = open_page(unit="bits")
    y, p = source_example()
    mean = evaluate_predictions(p, y, kind="probabilities").mean_loss
    assert metrics(at)["Mean cross-entropy"] == format_value(mean / math.log(2), "bits")
    assert metrics(at)["Perplexity"] == "1.280"


@pytest.mark.parametrize(
    ("name", "mean", "ece"),
    [("overconfident", "1.104 nats", 0.18), ("calibrated", "0.728 nats", 0.035)],
)
def test_synthetic_samples_show_their_known_numbers(name, mean, ece):
    at = open_page()
    at.radio(key="pred_source").set_value(name).run()
    assert not at.exception
    y, p = synthetic_predictions(name)
    ev = evaluate_predictions(p, y, kind="probabilities")
    shown = metrics(at)
    assert shown["Mean cross-entropy"] == mean == format_value(ev.mean_loss, "nats")
    assert shown["Accuracy"] == "69.5%"
    assert shown["Calibration error (ECE)"] == f"{ev.calibration.ece:.3f}"
    assert abs(ev.calibration.ece - ece) < 0.01
    models = table_with(at, "model")
    assert models["mean cross-entropy (nats)"].tolist() == [0.7278, 1.1038]
    assert models["accuracy"].tolist() == [0.695, 0.695]


def test_baselines_and_label_formats_are_stated():
    at = open_page()
    at.radio(key="pred_source").set_value("calibrated").run()
    text = page_text(show(at, "Frameworks & weights"))
    y, _ = synthetic_predictions("calibrated")
    freq = np.bincount(y) / y.size
    assert f"ln C = {format_value(math.log(3), 'nats')}" in text
    assert f"costs their entropy, {format_value(-(freq * np.log(freq)).sum(), 'nats')}" in text
    assert "One-hot or class index: the same loss." in text
    assert text.count("0.7278 nats") >= 2  # one-hot mean = index mean


# --- every layout ---------------------------------------------------------------------


@pytest.mark.parametrize("layout", list(upload_cases.layout_files()))
def test_every_layout_gives_the_xentcore_loss(layout):
    data, name, kind, scores, labels = upload_cases.layout_files()[layout]
    at = upload(open_page(), data, name)
    assert at.radio(key="pred_source").value == "upload"
    expected = evaluate_predictions(scores, labels, kind=kind).mean_loss
    assert metrics(at)["Mean cross-entropy"] == format_value(expected, "nats")
    table = reductions_table(at)
    assert table["Loss (nats)"].iloc[0] == pytest.approx(expected, abs=1e-6)
    assert not at.error


def test_parquet_upload_and_the_progress_status():
    data, name, *_ = upload_cases.layout_files()["parquet"]
    at = upload(open_page(), data, name)
    assert any("2 samples" not in s.label and "read and evaluated" in s.label for s in at.status)


# --- every bad file ------------------------------------------------------------------


@pytest.mark.parametrize("case", list(upload_cases.bad_files()))
def test_every_bad_file_gets_its_message_and_the_page_stays_usable(case):
    data, name, phrases = upload_cases.bad_files()[case]
    at = upload(open_page(), data, name)
    text = messages(at)
    for phrase in phrases:
        assert phrase in text, (phrase, text)
    assert "**Where:**" in text and "**Fix:**" in text
    assert not at.metric  # no numbers for a bad file
    # The rest of the page still works: settings keep their values, a sample can be picked.
    assert at.slider(key="pred_bins").value == 10
    at.radio(key="pred_source").set_value("binary10").run()
    assert not at.exception and metrics(at)["Mean cross-entropy"] == "0.247 nats"


def test_latin1_file_is_read_with_a_warning():
    text = "label,p_café,p_thé\ncafé,0.3,0.7\nthé,0.6,0.4\n"
    at = upload(open_page(), text.encode("latin-1"), "fr.csv")
    assert "read as Latin-1" in messages(at)
    expected = -(math.log(0.3) + math.log(0.4)) / 2
    assert metrics(at)["Mean cross-entropy"] == format_value(expected, "nats")


def test_too_many_rows_and_cells_name_the_limits(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    at = upload(open_page(), b"label,p\n" + b"1,0.5\n" * 4, "rows.csv")
    assert "Too many rows: more than 3" in messages(at)
    monkeypatch.setattr(reading, "MAX_ROWS", 1_000_000)
    monkeypatch.setattr(extract, "MAX_CELLS", 5)
    at = upload(open_page(), b"label,p_0,p_1\n" + b"1,0.5,0.5\n" * 3, "cells.csv")
    assert "Too many prediction cells: 3 rows × 2 classes" in messages(at)


def test_limits_are_stated_on_the_page():
    at = open_page()
    limits = next(c.value for c in at.caption if "Limits: a file of at most" in c.value)
    assert (
        "**50 MB**" in limits and "**1,000,000 rows**" in limits and "**1,000 classes**" in limits
    )


def test_rows_not_summing_to_one_are_renormalised_with_one_click():
    data = b"label,p_0,p_1\n0,0.2,0.7\n1,0.3,0.7\n0,0.5,0.8\n"
    at = upload(open_page(), data, "sums.csv")
    assert "do not sum to 1: 2 of 3" in messages(at)
    at.button(key="pred_renorm_button").click().run()
    assert not at.exception and not at.error
    assert at.toggle(key="pred_renorm").value is True
    p = np.array([[0.2, 0.7], [0.3, 0.7], [0.5, 0.8]])
    p = p / p.sum(axis=1, keepdims=True)
    expected = -np.log(p[[0, 1, 2], [0, 1, 0]]).mean()
    assert metrics(at)["Mean cross-entropy"] == format_value(expected, "nats")
    assert "2 rows were renormalised" in page_text(at)


def test_mapping_override_changes_the_reading():
    f = pd.DataFrame({"label": [0, 1, 1], "a": [0.2, 0.6, 0.1], "b": [0.8, 0.4, 0.9]})
    at = upload(open_page(), f.to_csv(index=False).encode(), "neutral.csv")
    expected = -np.log([0.2, 0.4, 0.9]).mean()
    assert metrics(at)["Mean cross-entropy"] == format_value(expected, "nats")
    # Read the same columns as logits instead: softmax([a, b]) then the loss.
    kind = next(r for r in at.radio if r.key and r.key.startswith("pred_kind_"))
    kind.set_value("logits").run()
    z = f[["a", "b"]].to_numpy()
    logit_loss = evaluate_predictions(z, f["label"].to_numpy(), kind="logits").mean_loss
    assert metrics(at)["Mean cross-entropy"] == format_value(logit_loss, "nats")
    # Map the label column as a prediction too: a precise mapping error, no exception.
    preds = next(m for m in at.multiselect if m.key.startswith("pred_preds_"))
    preds.set_value(["label", "a", "b"]).run()
    assert "used twice" in messages(at) and not at.exception


# --- weights, smoothing, bins -------------------------------------------------------


def test_class_weights_change_the_reductions_as_xentcore_says():
    at = open_page()
    at.radio(key="pred_source").set_value("calibrated").run()
    at.text_input(key="pred_cw").set_value("1, 2, 0.5").run()
    y, p = synthetic_predictions("calibrated")
    r = framework_reductions(p, y, kind="probabilities", class_weight=[1, 2, 0.5])
    got = reductions_table(at)["Loss (nats)"].tolist()
    np.testing.assert_allclose(
        got, [r.mean, r.torch_mean, r.torch_none_mean, r.keras, r.sklearn], atol=1e-6
    )
    assert "Why they differ" in page_text(at)
    assert metrics(at)["Mean cross-entropy"] == "0.728 nats"  # the plain mean is unweighted


def test_balanced_button_fills_the_class_weights():
    at = open_page()
    at.radio(key="pred_source").set_value("calibrated").run()
    at.button(key="pred_balanced").click().run()
    y, _ = synthetic_predictions("calibrated")
    counts = np.bincount(y)
    expected = ", ".join(f"{len(y) / (3 * k):.4g}" for k in counts)
    assert at.text_input(key="pred_cw").value == expected


def weighted_upload() -> tuple[AppTest, np.ndarray, np.ndarray, np.ndarray]:
    """The page with a 50-sample file that has a sample_weight column: (at, y, p, s)."""
    y, p = synthetic_predictions("calibrated", n_samples=50)
    s = np.linspace(0.1, 2.0, 50)
    f = pd.DataFrame(p, columns=["p_0", "p_1", "p_2"])
    f.insert(0, "label", y)
    f["sample_weight"] = s
    return upload(open_page(), f.to_csv(index=False).encode(), "weighted.csv"), y, p, s


def test_sample_weight_column_enters_keras_and_sklearn():
    at, y, p, s = weighted_upload()
    r = framework_reductions(p, y, kind="probabilities", sample_weight=s)
    got = reductions_table(at)["Loss (nats)"].tolist()
    np.testing.assert_allclose(
        got, [r.mean, r.torch_mean, r.torch_none_mean, r.keras, r.sklearn], atol=1e-6
    )


def keras_row(at: AppTest) -> pd.Series:
    table = reductions_table(at)
    return table[table["Reported by"] == "Keras CategoricalCrossentropy, fit()"].iloc[0]


def test_keras_row_says_how_fit_takes_the_weights():
    at, y, p, s = weighted_upload()
    assert keras_row(at)["Weights it takes"] == "class_weight = w or sample_weight = s"
    assert "at the same time" not in page_text(at)
    at.text_input(key="pred_cw").set_value("1, 2, 0.5").run()
    # Keras' fit() refuses class_weight with sample_weight (tests/core/test_keras_parity.py),
    # so the row is the by-hand fold, sample_weight = s·w[y], and the page says why.
    row = keras_row(at)
    assert row["Weights it takes"] == "sample_weight = s · w[y]"
    r = framework_reductions(p, y, kind="probabilities", class_weight=[1, 2, 0.5], sample_weight=s)
    assert row["Loss (nats)"] == pytest.approx(r.keras, abs=1e-6)
    assert "cannot `class_weight` and `sample_weight` at the same time" in page_text(at)


def test_label_smoothing_for_logits_changes_pytorch_and_keras():
    data, name, _, z, y = upload_cases.layout_files()["indices + logits"]
    at = upload(open_page(), data, name)
    assert at.slider(key="pred_smooth").disabled is False
    at.slider(key="pred_smooth").set_value(0.2).run()
    r = framework_reductions(z, y, kind="logits", label_smoothing=0.2)
    got = reductions_table(at)["Loss (nats)"].tolist()
    np.testing.assert_allclose(
        got, [r.mean, r.torch_mean, r.torch_none_mean, r.keras, r.sklearn], atol=1e-6
    )
    assert got[1] != pytest.approx(got[0], abs=1e-3)  # smoothing moved PyTorch's number
    assert "Label smoothing ε = 0.2" in page_text(at)


def test_smoothing_is_disabled_for_probabilities():
    at = open_page()
    assert at.slider(key="pred_smooth").disabled is True


def test_bins_change_the_calibration_error():
    at = open_page()
    at.radio(key="pred_source").set_value("overconfident").run()
    at.slider(key="pred_bins").set_value(4).run()
    y, p = synthetic_predictions("overconfident")
    ece = evaluate_predictions(p, y, kind="probabilities", n_bins=4).calibration.ece
    assert metrics(at)["Calibration error (ECE)"] == f"{ece:.3f}"


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("abc", "value 1 (‘abc’) is not a number"),
        ("-1, 1", "is not a weight"),
        ("nan, 1", "is not a weight"),
        ("1e300, 1", "from 0 to 1e+06"),
        ("1, 2, 3", "3 number(s) for 2 classes"),
        pytest.param("1," * 2500, "2500 number(s) for 2 classes", id="5000 characters"),
        pytest.param("x" * 25000, "characters long", id="25000 characters"),
    ],
)
def test_hostile_class_weights_get_a_message_and_nothing_else_changes(text, phrase):
    at = open_page()
    at.slider(key="pred_bins").set_value(7).run()
    at.text_input(key="pred_cw").set_value(text).run()
    assert not at.exception
    assert phrase in messages(at) and "Class weights" in messages(at)
    assert at.text_input(key="pred_cw").value == text  # kept as typed, not reset
    assert at.slider(key="pred_bins").value == 7 and at.radio(key="pred_source").value == "binary10"
    assert metrics(at)["Mean cross-entropy"] == "0.247 nats"  # results still shown
    assert reductions_table(at)["Loss (nats)"].iloc[1] == pytest.approx(0.246920, abs=1e-6)


# --- downloads ---------------------------------------------------------------------


class RecordingMediaFileManager(MediaFileManager):
    latest: MediaFileManager | None = None

    def __init__(self, storage):
        super().__init__(storage)
        RecordingMediaFileManager.latest = self


def downloaded(at: AppTest, key: str) -> bytes:
    proto = at.get("download_button")
    button = next(b for b in proto if b.key == key).proto
    mgr = RecordingMediaFileManager.latest
    url = mgr.execute_deferred(button.deferred_file_id) if button.deferred_file_id else button.url
    return mgr._storage.get_file(url.rsplit("/", 1)[1]).content


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def assert_no_formula_cell(content: bytes) -> pd.DataFrame:
    text = content.decode("utf-8")
    table = pd.read_csv(io.StringIO(text, newline=""), dtype=str, keep_default_na=False)
    for cell in [*table.columns, *table.to_numpy().ravel()]:
        if cell.startswith(FORMULA_START):
            float(cell)  # only a plain number may start with "-" (and stays a number)
    return table


def test_downloaded_csv_has_no_formula_leading_cell(monkeypatch):
    monkeypatch.setattr("streamlit.testing.v1.app_test.MediaFileManager", RecordingMediaFileManager)
    names = ["=HYPERLINK(1)", "-1 cat", "+dog", "@bird"]
    rng = np.random.default_rng(3)
    z = rng.normal(size=(12, 4))
    y = rng.integers(0, 4, 12)
    f = pd.DataFrame(z, columns=[f"logit_{n}" for n in names])
    f.insert(0, "label", [names[i] for i in y])
    at = upload(open_page(), f.to_csv(index=False).encode(), "hostile_names.csv")
    assert metrics(at)["Mean cross-entropy"] == format_value(
        evaluate_predictions(z, y, kind="logits").mean_loss, "nats"
    )
    assert at.session_state["pred_view"] == "Costly samples"  # the default tab
    per_sample = assert_no_formula_cell(downloaded(at, "pred_per_sample_csv"))
    assert len(per_sample) == 12
    assert set(per_sample["true class"]) <= {"'" + n for n in names}
    losses = per_sample["loss (nats)"].astype(float).to_numpy()
    np.testing.assert_allclose(losses, evaluate_predictions(z, y, kind="logits").losses, rtol=1e-12)
    worst = assert_no_formula_cell(downloaded(at, "pred_worst_csv"))
    assert len(worst) == 10 and worst["true class"].str.startswith("'").all()
    for view, keys in {
        "Per class": ("pred_class_csv", "pred_confusion_csv"),
        "Frameworks & weights": ("pred_reductions_csv",),
    }.items():
        show(at, view)
        for key in keys:
            table = assert_no_formula_cell(downloaded(at, key))
            assert len(table) >= 4


def test_sample_download_is_the_sample_file(monkeypatch):
    monkeypatch.setattr("streamlit.testing.v1.app_test.MediaFileManager", RecordingMediaFileManager)
    at = open_page()
    assert downloaded(at, "pred_sample_download") == sample_csv("binary10")


# --- parse once, URL state, reset ---------------------------------------------------


def test_the_file_is_parsed_once_whatever_the_settings(monkeypatch):
    calls = []
    original = reading.read_table

    def counting(data, name="x.csv"):
        calls.append(name)
        return original(data, name)

    monkeypatch.setattr(reading, "read_table", counting)
    data, name, *_ = upload_cases.layout_files()["names + probabilities"]
    at = upload(open_page(), data, name)
    at.text_input(key="pred_cw").set_value("1, 2, 3").run()
    at.slider(key="pred_bins").set_value(3).run()
    at.radio(key="unit").set_value("bits").run()
    assert not at.exception
    assert calls.count(name) == 1  # read once, then only the cache


def test_url_opens_the_state_and_garbage_gets_a_notice():
    at = open_page(pred_source="calibrated", pred_bins="5", pred_cw="1,2,3")
    assert at.radio(key="pred_source").value == "calibrated"
    assert at.slider(key="pred_bins").value == 5
    assert at.text_input(key="pred_cw").value == "1,2,3"
    at = open_page(
        pred_source="nope", pred_bins="abc", pred_smooth="5", pred_renorm="maybe", pred_cw="x,1"
    )
    text = "\n".join(w.value for w in at.warning)
    for key in ("pred_source", "pred_bins", "pred_smooth", "pred_renorm", "pred_cw"):
        assert f"The link's {key}=" in text
    assert at.radio(key="pred_source").value == "binary10"
    assert metrics(at)["Mean cross-entropy"] == "0.247 nats"


def test_settings_go_into_the_url():
    at = open_page()
    at.radio(key="pred_source").set_value("overconfident").run()
    at.slider(key="pred_bins").set_value(12).run()
    assert at.query_params["pred_source"] == "overconfident"
    assert at.query_params["pred_bins"] == "12"


def test_reset_restores_the_defaults():
    at = open_page()
    at.radio(key="pred_source").set_value("calibrated").run()
    at.slider(key="pred_bins").set_value(20).run()
    at.text_input(key="pred_cw").set_value("1, 2, 3").run()
    at.button(key="reset_page").click().run()
    assert not at.exception
    assert at.radio(key="pred_source").value == "binary10"
    assert at.slider(key="pred_bins").value == 10
    assert at.text_input(key="pred_cw").value == ""
    assert metrics(at)["Mean cross-entropy"] == "0.247 nats"


def test_upload_source_without_a_file_says_what_to_do():
    at = open_page(pred_source="upload")
    assert any("Upload a file above" in i.value for i in at.info)
    assert not at.metric and not at.error


def test_in_unit_is_what_the_page_uses():
    # The page converts with xentcore.predictions.in_unit; hartleys as a spot check.
    at = open_page(unit="hartleys")
    y, p = source_example()
    mean = evaluate_predictions(p, y, kind="probabilities").mean_loss
    assert metrics(at)["Mean cross-entropy"] == format_value(in_unit(mean, 10), "hartleys")


def test_per_class_tab_matches_xentcore():
    at = open_page()
    at.radio(key="pred_source").set_value("overconfident").run()
    at.text_input(key="pred_cw").set_value("1, 2, 3").run()
    table = table_with(show(at, "Per class"), "samples")
    y, p = synthetic_predictions("overconfident")
    ev = evaluate_predictions(p, y, kind="probabilities")
    assert table["class"].tolist() == ["cat", "dog", "bird"]
    assert table["samples"].tolist() == ev.classes.count.tolist()
    np.testing.assert_allclose(table["mean loss (nats)"], ev.classes.mean_loss, atol=5e-5)
    np.testing.assert_allclose(table["accuracy"], ev.classes.accuracy, atol=5e-5)
    assert table["weight"].tolist() == [1.0, 2.0, 3.0]


def costly_table(at: AppTest) -> pd.DataFrame:
    """The Markdown table of the costliest samples, as the text cells shown."""
    (text,) = [m.value for m in at.markdown if "samples that cost the most" in m.value]
    lines = [line.strip("| ").split(" | ") for line in text.splitlines() if line.startswith("| ")]
    head, _rule, *rows = lines
    return pd.DataFrame(rows, columns=head)


def test_costly_samples_tab_lists_the_worst_samples_first(monkeypatch):
    monkeypatch.setattr("streamlit.testing.v1.app_test.MediaFileManager", RecordingMediaFileManager)
    at = open_page()
    at.radio(key="pred_source").set_value("calibrated").run()
    table = costly_table(at)
    y, p = synthetic_predictions("calibrated")
    ev = evaluate_predictions(p, y, kind="probabilities")
    worst = ev.worst[:10]
    assert table["row"].tolist() == [str(i + 1) for i in worst]
    assert table["loss (nats)"].tolist() == [format_value(v, digits=4) for v in ev.losses[worst]]
    assert table["p(true class)"].tolist() == [f"{v:.4g}" for v in ev.p_true[worst]]
    assert table["correct"].tolist() == [
        "✓" if ok else "✗" for ok in ev.predicted[worst] == y[worst]
    ]
    assert table["true class"].tolist() == [("cat", "dog", "bird")[c] for c in y[worst]]
    # The CSV behind the button has the same rows at full precision.
    csv = pd.read_csv(io.BytesIO(downloaded(at, "pred_worst_csv")))
    assert csv["row"].tolist() == (worst + 1).tolist()
    np.testing.assert_allclose(csv["loss (nats)"], ev.losses[worst], rtol=1e-12)
    assert csv["loss (nats)"].is_monotonic_decreasing


def test_costly_sample_names_are_escaped_in_the_table():
    f = pd.DataFrame({"label": ["*a*", "b|c"], "p_*a*": [0.9, 0.3], "p_b|c": [0.1, 0.7]})
    at = upload(open_page(), f.to_csv(index=False).encode(), "markup_names.csv")
    (text,) = [m.value for m in at.markdown if "samples that cost the most" in m.value]
    assert "\\*a\\*" in text and "b\\|c" in text and "| *a* |" not in text


def test_every_tab_draws_without_an_exception():
    at = open_page()
    at.radio(key="pred_source").set_value("overconfident").run()
    for view in ("Frameworks & weights", "Per class", "Calibration", "Costly samples"):
        show(at, view)
        assert at.session_state["pred_view"] == view
        assert metrics(at)["Mean cross-entropy"] == "1.104 nats"


# --- the Calibrate tab (issue 13) ----------------------------------------------------
# Expected numbers come from scikit-learn (log_loss, brier_score_loss, accuracy_score),
# NumPy and xentcore.practice's public functions, called here on the same arrays.


def markdown_rows(at: AppTest, marker: str) -> pd.DataFrame:
    """The Markdown table of the first markdown element containing ``marker``."""
    text = next(m.value for m in at.markdown if marker in m.value)
    lines = [line.strip("| ").split(" | ") for line in text.splitlines() if line.startswith("| ")]
    head, _rule, *rows = lines
    return pd.DataFrame(rows, columns=head)


def multi_brier(p: np.ndarray, y: np.ndarray) -> float:
    """The multi-class Brier score, written out: mean over rows of Σ_c (p_c − onehot_c)²."""
    return float(np.mean(np.sum((p - np.eye(p.shape[1])[y]) ** 2, axis=1)))


def hostile_logits(names: list[str], n: int, *, seed: int, scale: float = 1.0):
    """A logits file whose class names start like formulas: (its CSV, the logits as read
    back from it, the labels)."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, len(names), n)
    frame = pd.DataFrame(scale * rng.normal(size=(n, len(names))), columns=names).add_prefix(
        "logit_"
    )
    frame.insert(0, "label", [names[i] for i in y])
    data = frame.to_csv(index=False).encode()
    return data, pd.read_csv(io.BytesIO(data)).iloc[:, 1:].to_numpy(), y


def calibrate_page(**query) -> AppTest:
    return open_page(pred_view="Calibrate", **query)


def test_calibrate_tab_fits_t_on_the_validation_rows_and_scores_the_held_out_ones():
    at = calibrate_page(pred_source="overconfident")
    y, p = synthetic_predictions("overconfident")
    split = train_validation_split(600, validation_fraction=0.5, seed=0)
    v, h = split.validation, split.train
    fit = fit_temperature(p[v], y[v], kind="probabilities")
    shown = metrics(at)
    assert shown["Temperature T"] == f"{fit.temperature:.3f}"
    assert 2.5 < fit.temperature < 3.0  # the sample's logits were multiplied by 3
    before, after = p[h], apply_temperature(p[h], fit.temperature, kind="probabilities")
    nll_before, nll_after = log_loss(y[h], before), log_loss(y[h], after)
    assert shown["NLL, held out"] == format_value(nll_after, "nats", 4)
    ece = calibration_errors(after, y[h]).ece
    assert shown["ECE, held out"] == f"{ece:.4f}"
    assert shown["Brier score, held out"] == f"{multi_brier(after, y[h]):.4f}"
    deltas = {m.label: m.proto.delta for m in at.metric}
    assert deltas["NLL, held out"] == f"{nll_after - nll_before:+.4f} nats"
    text = page_text(at)
    assert "T is fitted on **300 validation rows** (50% of the rows, seed 0)" in text
    assert "checked on the **300 held-out rows**" in text
    assert "the model was over-confident" in text
    table = markdown_rows(at, "| rows | measure |")
    held = table[table["rows"] == "held out (300)"].set_index("measure")
    val = table[table["rows"] == "validation (300)"].set_index("measure")
    t_col = f"temperature (T = {fit.temperature:.3f})"
    assert held.loc["NLL (nats)", "before (T = 1)"] == f"{nll_before:.4f}"
    assert held.loc["MCE", t_col] == f"{calibration_errors(after, y[h]).mce:.4f}"
    assert (
        held.loc["Brier score (3 classes)", "before (T = 1)"] == f"{multi_brier(before, y[h]):.4f}"
    )
    assert val.loc["NLL (nats)", t_col] == f"{fit.nll_after:.4f}"
    assert val.loc["NLL (nats)", "before (T = 1)"] == f"{log_loss(y[v], p[v]):.4f}"
    assert "vector scaling" not in table.columns  # probabilities: no vector scaling
    assert "Vector scaling multiplies each class's logit" in text
    classes = markdown_rows(at, "| class | class ECE before |")
    after_ece = class_reliability(after, y[h]).ece
    assert classes["class"].tolist() == ["cat", "dog", "bird"]
    assert classes["class ECE after T"].tolist() == [f"{e:.4f}" for e in after_ece]


def binary_logit_file(n: int = 400, seed: int = 2) -> tuple[bytes, np.ndarray, np.ndarray]:
    """A binary file of over-confident logits: (its CSV, the (N, 2) logits, the labels)."""
    rng = np.random.default_rng(seed)
    s = rng.normal(0.0, 1.5, n)
    y = (rng.random(n) < 1 / (1 + np.exp(-s))).astype(int)
    z = 2.5 * s + 0.4  # sharper than the truth, and shifted: vector scaling fixes both
    data = pd.DataFrame({"label": y, "logit": z}).to_csv(index=False).encode()
    return data, np.column_stack([np.zeros(n), z]), y


def test_calibrate_a_binary_logit_file_brier_is_sklearns_and_vector_scaling_is_fitted():
    data, z, y = binary_logit_file()
    at = upload(calibrate_page(unit="bits"), data, "binary_logits.csv")
    z = pd.read_csv(io.BytesIO(data))["logit"].to_numpy()  # the values as read back
    z = np.column_stack([np.zeros(z.size), z])
    split = train_validation_split(y.size, validation_fraction=0.5, seed=0)
    v, h = split.validation, split.train
    fit = fit_temperature(z[v], y[v], kind="logits")
    after = apply_temperature(z[h], fit.temperature, kind="logits")
    shown = metrics(at)
    assert shown["Temperature T"] == f"{fit.temperature:.3f}"
    assert shown["NLL, held out"] == format_value(log_loss(y[h], after) / math.log(2), "bits", 4)
    assert shown["Brier score, held out"] == f"{brier_score_loss(y[h], after[:, 1]):.4f}"
    vec = fit_vector_scaling(z[v], y[v])
    q = apply_vector_scaling(z[h], vec.w, vec.b)
    table = markdown_rows(at, "| rows | measure |")
    held = table[table["rows"] == f"held out ({h.size})"].set_index("measure")
    assert held.loc["NLL (bits)", "vector scaling"] == f"{log_loss(y[h], q) / math.log(2):.4f}"
    assert held.loc["Brier score", "vector scaling"] == f"{brier_score_loss(y[h], q[:, 1]):.4f}"
    classes = markdown_rows(at, "| class | class ECE before |")
    assert classes["scale w"].tolist() == [f"{w:.4f}" for w in vec.w]
    assert classes["bias b"].tolist() == [f"{b:.4f}" for b in vec.b]
    assert "Vector scaling converged in" in page_text(at)
    # Uploads show their progress; the status ends complete.
    assert any(s.label.endswith(f"{y.size:,} rows calibrated") for s in at.status)


def test_calibrate_share_and_seed_change_the_split_and_go_into_the_url():
    at = calibrate_page(pred_source="overconfident")
    at.slider(key="pred_cal_val").set_value(30).run()
    at.number_input(key="pred_cal_seed").set_value(5).run()
    assert not at.exception
    y, p = synthetic_predictions("overconfident")
    split = train_validation_split(600, validation_fraction=0.3, seed=5)
    fit = fit_temperature(p[split.validation], y[split.validation], kind="probabilities")
    assert metrics(at)["Temperature T"] == f"{fit.temperature:.3f}"
    assert "**180 validation rows** (30% of the rows, seed 5)" in page_text(at)
    assert "**420 held-out rows**" in page_text(at)
    assert at.query_params["pred_cal_val"] == "30" and at.query_params["pred_cal_seed"] == "5"
    # The settings survive another tab being opened, and the link reopens them.
    show(at, "Per class")
    show(at, "Calibrate")
    assert at.slider(key="pred_cal_val").value == 30
    again = calibrate_page(pred_source="overconfident", pred_cal_val="30", pred_cal_seed="5")
    assert metrics(again)["Temperature T"] == f"{fit.temperature:.3f}"


def test_calibrate_curve_marks_the_fitted_t():
    at = calibrate_page(pred_source="calibrated")
    y, p = synthetic_predictions("calibrated")
    split = train_validation_split(600, validation_fraction=0.5, seed=0)
    fit = fit_temperature(p[split.validation], y[split.validation], kind="probabilities")
    (chart,) = [c for c in at.get("plotly_chart") if "NLL against the temperature" in c.proto.spec]
    assert f"minimum at T = {fit.temperature:.3f}" in chart.proto.spec
    assert "the model was under-confident" in page_text(at) or "about as sure" in page_text(at)


CALIBRATE_BAD = {
    "two rows": (b"label,p_0,p_1\n0,0.3,0.7\n1,0.4,0.6\n", ["2 rows are too few to calibrate"]),
    "one class": (
        b"label,p_0,p_1\n" + b"0,0.3,0.7\n0,0.6,0.4\n" * 6,
        ["Every label is the same class, ‘0’", "the label column of"],
    ),
    "identical predictions": (
        b"label,p_0,p_1\n" + b"0,0.3,0.7\n1,0.3,0.7\n" * 6,
        ["All 12 rows hold the same prediction", "every row"],
    ),
    "uniform logits": (
        b"label,logit_0,logit_1\n" + b"0,1,1\n1,2,2\n" * 6,
        ["All 12 rows hold the same prediction"],
    ),
    "true class probability 0": (
        b"label,p_0,p_1\n" + b"0,0.3,0.7\n1,1.0,0.0\n" * 6,
        ["true class probability 0 on 6 rows", "first at row 2"],
    ),
}


@pytest.mark.parametrize("case", list(CALIBRATE_BAD))
def test_calibrate_bad_files_get_a_message_not_a_traceback(case):
    data, phrases = CALIBRATE_BAD[case]
    at = calibrate_page()
    at.slider(key="pred_bins").set_value(7).run()
    at = upload(at, data, case.replace(" ", "_") + ".csv")
    text = messages(at)
    for phrase in phrases:
        assert phrase in text, (phrase, text)
    assert "**Where:**" in text and "**Fix:**" in text
    assert "Temperature T" not in metrics(at)
    assert metrics(at)["Mean cross-entropy"]  # the rest of the page still works
    assert at.slider(key="pred_bins").value == 7


def test_calibrate_a_share_that_leaves_too_few_rows_names_the_slider_and_the_range():
    at = calibrate_page(pred_cal_val="10")  # 10% of the sources' 10 rows is 1 row
    text = messages(at)
    assert "Validation share: 10% of 10 rows leaves 1 row on one side" in text
    assert "the Validation share slider of the Calibrate tab" in text
    assert "Set the share between 35% and 65%." in text
    at.slider(key="pred_cal_val").set_value(50).run()
    assert not at.error and metrics(at)["Temperature T"]


def test_calibrated_probabilities_download_is_xentcores_and_has_no_formula(monkeypatch):
    monkeypatch.setattr("streamlit.testing.v1.app_test.MediaFileManager", RecordingMediaFileManager)
    names = ["=cmd", "-1 cat", "@bird"]
    data, z, y = hostile_logits(names, 60, seed=4, scale=2.0)
    at = upload(calibrate_page(), data, "hostile.csv")
    split = train_validation_split(60, validation_fraction=0.5, seed=0)
    fit = fit_temperature(z[split.validation], y[split.validation], kind="logits")
    table = assert_no_formula_cell(downloaded(at, "pred_calibrated_csv"))
    assert len(table) == 60 and table["row"].tolist() == [str(i) for i in range(1, 61)]
    assert (table["part"] == "validation").sum() == 30
    assert set(table["true class"]) == {"'" + n for n in names}
    t = f"{fit.temperature:.4g}"
    got = table[[f"p_{n} (T = {t})" for n in names]].astype(float).to_numpy()
    np.testing.assert_allclose(
        got, apply_temperature(z, fit.temperature, kind="logits"), rtol=1e-12
    )
    vec = fit_vector_scaling(z[split.validation], y[split.validation])
    by_vector = table[[f"p_{n} (vector scaling)" for n in names]].astype(float).to_numpy()
    np.testing.assert_allclose(by_vector, apply_vector_scaling(z, vec.w, vec.b), rtol=1e-12)
    classes = markdown_rows(at, "| class | class ECE before |")
    assert classes["class"].tolist() == ["\\=cmd", "\\-1 cat", "\\@bird"]  # escaped


@pytest.mark.slow
def test_calibrate_a_200000_row_file_shows_its_progress():
    rng = np.random.default_rng(0)
    s = rng.normal(0.0, 1.5, 200_000)
    y = (rng.random(s.size) < 1 / (1 + np.exp(-s))).astype(int)
    data = pd.DataFrame({"label": y, "logit": 3 * s}).to_csv(index=False).encode()
    at = open_page(pred_view="Calibrate")
    at.default_timeout = 120
    at = upload(at, data, "big.csv")
    labels = [s.label for s in at.status]
    assert "big\\.csv: 200,000 samples × 2 classes read and evaluated" in labels
    assert "big\\.csv: 200,000 rows calibrated" in labels
    assert 2.5 < float(metrics(at)["Temperature T"]) < 3.5


# --- the Model A vs B tab (issue 13) -------------------------------------------------


def versus_page(**query) -> AppTest:
    return open_page(pred_view="Model A vs B", **query)


def true_class_losses(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """−ln p(true class), written out with NumPy."""
    return -np.log(p[np.arange(y.size), y])


def interval_line(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "paired bootstrap interval" in m.value)


def test_versus_default_model_b_is_a_with_noise_and_the_numbers_are_sklearns():
    at = versus_page(pred_source="calibrated")
    y, p = synthetic_predictions("calibrated")
    q = perturbed_predictions(p, kind="probabilities", noise=1.0, seed=0)
    shown = metrics(at)
    assert shown["Accuracy, model A"] == f"{accuracy_score(y, p.argmax(axis=1)):.1%}" == "69.5%"
    assert shown["Accuracy, model B"] == f"{accuracy_score(y, q.argmax(axis=1)):.1%}"
    assert shown["Mean loss, model A"] == format_value(log_loss(y, p), "nats", 4) == "0.7278 nats"
    assert shown["Mean loss, model B"] == format_value(log_loss(y, q), "nats", 4)
    assert shown["Mean Δ = A − B"] == format_value(log_loss(y, p) - log_loss(y, q), "nats", 4)
    la, lb = true_class_losses(p, y), true_class_losses(q, y)
    iv = paired_bootstrap(la, lb, n_resamples=1000, seed=0)
    line = interval_line(at)
    assert f"[{format_value(iv.low, 'nats', 4)}, {format_value(iv.high, 'nats', 4)}]" in line
    assert "(1,000 resamples, seed 0)" in line
    assert iv.high < 0 and "**model A has the lower loss**" in line
    # The flips: every sample whose predicted class changes, the largest |Δ| first.
    a, b = p.argmax(axis=1), q.argmax(axis=1)
    flipped = np.flatnonzero(a != b)
    fixed, broken = np.sum((a != y) & (b == y)), np.sum((a == y) & (b != y))
    assert (
        f"**{flipped.size} of 600 samples change their predicted class**: {fixed} fixed "
        f"(A wrong, B right), {broken} broken (A right, B wrong)" in page_text(at)
    )
    table = markdown_rows(at, "| row | outcome |")
    order = flipped[np.argsort(-np.abs(la - lb)[flipped], kind="stable")][:20]
    assert table["row"].tolist() == [str(i + 1) for i in order]
    assert table["loss A (nats)"].tolist() == [f"{v:.4f}" for v in la[order]]
    assert table["loss B (nats)"].tolist() == [f"{v:.4f}" for v in lb[order]]
    names = ["cat", "dog", "bird"]
    assert table["B predicts"].tolist() == [names[k] for k in b[order]]
    expect = [
        "fixed" if y[i] == b[i] else "broken" if y[i] == a[i] else "wrong either way" for i in order
    ]
    assert table["outcome"].tolist() == expect


def test_versus_the_sample_pair_same_accuracy_and_b_better():
    at = versus_page(pred_source="overconfident", pred_b_source="calibrated")
    shown = metrics(at)
    y, p_a = synthetic_predictions("overconfident")
    _, p_b = synthetic_predictions("calibrated")
    assert shown["Mean loss, model A"] == format_value(log_loss(y, p_a), "nats", 4) == "1.1038 nats"
    assert shown["Mean loss, model B"] == format_value(log_loss(y, p_b), "nats", 4) == "0.7278 nats"
    assert shown["Accuracy, model A"] == shown["Accuracy, model B"] == "69.5%"
    assert "No sample of the 600 changes its predicted class" in page_text(at)
    assert "**model B has the lower loss**" in interval_line(at)
    assert (
        "Model A: 3 classes, over-confident model. Model B: 3 classes, calibrated model."
        in page_text(at)
    )


@pytest.mark.parametrize(("source", "t"), [("sharper", 0.5), ("flatter", 2.0)])
def test_versus_a_tempered_model_b_in_bits(source, t):
    at = versus_page(pred_b_source=source, unit="bits")
    y, p = source_example()
    q = apply_temperature(p, t, kind="probabilities")
    assert metrics(at)["Mean loss, model B"] == format_value(
        log_loss(y, q) / math.log(2), "bits", 4
    )


def test_versus_resamples_and_seed_come_from_the_link_and_go_back_into_it():
    at = versus_page(pred_source="overconfident", pred_boot="200", pred_boot_seed="3")
    y, p = synthetic_predictions("overconfident")
    q = perturbed_predictions(p, kind="probabilities", noise=1.0, seed=0)
    iv = paired_bootstrap(true_class_losses(p, y), true_class_losses(q, y), n_resamples=200, seed=3)
    line = interval_line(at)
    assert "(200 resamples, seed 3)" in line
    assert f"[{format_value(iv.low, 'nats', 4)}, {format_value(iv.high, 'nats', 4)}]" in line
    at.number_input(key="pred_boot").set_value(5000).run()
    assert "(5,000 resamples, seed 3)" in interval_line(at)
    assert at.query_params["pred_boot"] == "5000" and at.query_params["pred_boot_seed"] == "3"
    bad = versus_page(pred_boot="50", pred_b_source="nope")
    text = "\n".join(w.value for w in bad.warning)
    assert "The link's pred_boot='50' was not used" in text and "from 100 to 10000" in text
    assert "The link's pred_b_source='nope' was not used" in text
    assert "(1,000 resamples, seed 0)" in interval_line(bad)


def b_frame(labels=None, drop=None, extra=None) -> bytes:
    """The over-confident sample as a second file, with its labels or columns changed."""
    f = sample_frame("overconfident")
    if labels is not None:
        f.loc[labels, "label"] = "cat"
    if extra is not None:
        f["p_fish"] = 0.0
    return f.to_csv(index=False).encode()


def versus_upload(data: bytes, name: str = "model_b.csv", **query) -> AppTest:
    at = versus_page(pred_source="calibrated", **query)
    at.file_uploader(key="pred_file_b").upload(name, data, "text/csv").run()
    assert not at.exception, at.exception
    assert at.radio(key="pred_b_source").value == "upload"  # a fresh upload becomes model B
    return at


def test_versus_a_second_upload_is_model_b_and_survives_closing_the_tab():
    at = versus_upload(sample_csv("overconfident"))
    y, p = synthetic_predictions("overconfident")
    assert metrics(at)["Mean loss, model B"] == format_value(log_loss(y, p), "nats", 4)
    show(at, "Calibrate")
    show(at, "Model A vs B")
    assert metrics(at)["Mean loss, model B"] == "1.1038 nats"
    assert "Model B’s file: ‘model\\_b\\.csv’" in page_text(at)


VERSUS_BAD = {
    "labels that differ": (
        lambda: versus_upload(b_frame(labels=[3, 10])),
        ["The labels of the two files differ at 2 of 600 rows", "first at row 4: ‘cat’"],
    ),
    "a different number of classes": (
        lambda: versus_upload(b_frame(extra=True)),
        ["Model B has 4 classes but model A has 3", "‘fish’"],
    ),
    "a binary second file": (
        lambda: versus_upload(bytes(range(256)) * 8, "model.bin"),
        ["Model B's file:", "binary file"],
    ),
    "two files of different lengths": (
        lambda: versus_page(pred_b_source="calibrated"),
        ["Model B has 600 rows but model A has 10 rows", "model B: ‘three\\_classes"],
    ),
}


@pytest.mark.parametrize("case", list(VERSUS_BAD))
def test_versus_bad_model_b_gets_a_message_naming_the_field_and_the_fix(case):
    make, phrases = VERSUS_BAD[case]
    at = make()
    text = messages(at)
    for phrase in phrases:
        assert phrase in text, (phrase, text)
    assert "**Where:**" in text and "**Fix:**" in text
    assert "Mean loss, model B" not in metrics(at)
    assert metrics(at)["Mean cross-entropy"]  # model A's results are still there
    at.radio(key="pred_b_source").set_value("flatter").run()
    assert not at.exception and not at.error and metrics(at)["Mean loss, model B"]


def test_versus_a_file_of_one_class_is_compared_with_a_warning():
    f = pd.DataFrame({"label": ["cat"] * 40, "p_cat": np.linspace(0.5, 0.9, 40)})
    f["p_dog"] = 1 - f["p_cat"]
    at = upload(versus_page(), f.to_csv(index=False).encode(), "cats.csv")
    text = messages(at)
    assert "Every label is ‘cat’ (all 40 rows of the label column)" in text
    assert "Compare the models on samples of every class" in text
    q = perturbed_predictions(f[["p_cat", "p_dog"]].to_numpy(), kind="probabilities")
    y = np.zeros(40, dtype=int)
    assert metrics(at)["Mean loss, model B"] == format_value(
        log_loss(y, q, labels=[0, 1]), "nats", 4
    )


def test_versus_upload_source_without_a_file_says_what_to_do():
    at = versus_page(pred_b_source="upload")
    assert any("Upload model B's predictions above" in i.value for i in at.info)
    assert not at.error


def test_versus_flipped_samples_download_is_safe(monkeypatch):
    monkeypatch.setattr("streamlit.testing.v1.app_test.MediaFileManager", RecordingMediaFileManager)
    names = ["=HYPERLINK(1)", "+dog", "@bird"]
    data, z, y = hostile_logits(names, 80, seed=8)
    at = upload(versus_page(), data, "hostile.csv")
    q = perturbed_predictions(z, kind="logits", noise=1.0, seed=0)
    flipped = np.flatnonzero(z.argmax(axis=1) != q.argmax(axis=1))
    table = assert_no_formula_cell(downloaded(at, "pred_flips_csv"))
    assert sorted(table["row"].astype(int)) == (flipped + 1).tolist()
    assert set(table["true class"]) <= {"'" + n for n in names}
    shown = markdown_rows(at, "| row | outcome |")
    assert "\\=HYPERLINK\\(1\\)" in "".join(shown["true class"]) + "".join(shown["A predicts"])


def test_every_new_tab_draws_for_every_sample():
    for source in ("binary10", "calibrated", "overconfident"):
        at = open_page(pred_source=source)
        for view in ("Calibrate", "Model A vs B"):
            show(at, view)
            assert at.session_state["pred_view"] == view
            assert not at.error
