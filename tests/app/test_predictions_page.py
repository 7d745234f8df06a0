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
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from explorer import cache
from explorer.predictions.samples import sample_csv
from explorer.predictions.uploads import extract, reading
from explorer.text import format_value
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
