"""Training page under AppTest: every input moves the numbers xentcore.training gives.

(Named test_training_page.py: tests/core/test_training.py already holds the basename.)

Each expected number is computed here with xentcore.training from the same settings
and formatted as the page formats it. Training is cached per process, so the default
runs are trained once for the whole file.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from app_helpers import BASES, enter_page
from streamlit.testing.v1 import AppTest

from explorer.text import format_value
from explorer.training.wording import format_metric
from xentcore.training import (
    LossSpec,
    ModelSpec,
    balanced_class_weights,
    class_counts,
    logistic_example,
    logistic_regression_gradient,
    make_dataset,
    train,
)

PAGE = "pages/6_Training.py"

DEFAULTS = {
    "kind": "moons",
    "n": 300,
    "k": 3,
    "noise": 0.2,
    "imbalance": 0.0,
    "seed": 0,
    "model": "hidden_layer",
    "hidden": 16,
    "activation": "tanh",
    "lr": 1.0,
    "steps": 200,
    "weights": "balanced",
    "smoothing": 0.1,
    "gamma": 2.0,
}


def open_page(query: dict[str, str] | None = None) -> AppTest:
    return enter_page(PAGE, query, timeout=60)


@pytest.fixture
def at() -> AppTest:
    return open_page()


def open_section(at: AppTest, name: str) -> AppTest:
    """Open one of the page's tabs (only the open tab's section is drawn)."""
    at.session_state["train_section"] = name
    return at.run()


def expected_run(loss: str = "cross_entropy", **changes):
    s = {**DEFAULTS, **changes}
    k = 2 if s["kind"] == "moons" else s["k"]
    data = make_dataset(
        s["kind"],
        n_points=s["n"],
        n_classes=k,
        noise=s["noise"],
        imbalance=s["imbalance"],
        seed=s["seed"],
    )
    model = (
        ModelSpec("hidden_layer", s["hidden"], s["activation"])
        if s["model"] == "hidden_layer"
        else ModelSpec()
    )
    weights = None
    if loss == "weighted_cross_entropy":
        if s["weights"] == "balanced":
            weights = tuple(balanced_class_weights(data.y, k).tolist())
        else:
            weights = tuple(float(v) for v in s["weights"].split(","))
    spec = LossSpec(loss, weights, s["smoothing"], s["gamma"])
    return train(data, model, spec, learning_rate=s["lr"], steps=s["steps"], seed=s["seed"])


def shown(run, which: str, unit: str = "bits") -> dict[str, str]:
    """The four metrics the page shows for a run, formatted as the page does."""
    return {
        f"Run {which} cross-entropy": format_metric(
            float(run.cross_entropy_in(BASES[unit])[-1]), unit
        ),
        f"Run {which} accuracy": f"{float(run.accuracy[-1]):.1%}",
        f"Run {which} mean confidence": f"{float(run.confidence[-1]):.3f}",
        f"Run {which} training loss": format_metric(
            float(run.objective[-1]), "" if run.loss.name == "squared_error" else "nats"
        ),
    }


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def assert_shows(at: AppTest, run, which: str, unit: str = "bits") -> None:
    got = metrics(at)
    for label, value in shown(run, which, unit).items():
        assert got[label] == value, label


def messages(at: AppTest) -> str:
    return " ".join(e.value for e in [*at.error, *at.warning, *at.info])


def page_text(at: AppTest) -> str:
    parts = [e.value for e in [*at.markdown, *at.caption, *at.error, *at.warning, *at.info]]
    return "\n".join(parts)


# ---------------------------------------------------------------- the defaults


def test_defaults_show_both_runs_as_xentcore_trains_them(at):
    assert metrics(at)["Steps trained"] == "200"
    assert_shows(at, expected_run("cross_entropy"), "A")
    assert_shows(at, expected_run("squared_error"), "B")
    assert metrics(at)["Run A training loss"].endswith(" nats")
    assert (
        metrics(at)["Run B training loss"] == f"{expected_run('squared_error').objective[-1]:.4f}"
    )
    assert not at.error and not at.warning


def test_cross_entropy_trains_faster_than_squared_error_from_the_same_start(at):
    a, b = expected_run("cross_entropy"), expected_run("squared_error")
    assert a.cross_entropy[0] == b.cross_entropy[0] == pytest.approx(math.log(2))
    assert a.cross_entropy[-1] < b.cross_entropy[-1]
    assert metrics(at)["Run A cross-entropy"] < metrics(at)["Run B cross-entropy"]


@pytest.mark.parametrize("unit", ["nats", "hartleys"])
def test_unit_changes_the_cross_entropy(at, unit):
    at.radio(key="unit").set_value(unit).run()
    assert_shows(at, expected_run("cross_entropy"), "A", unit)


# ---------------------------------------------------------------- every input


CHANGES = [
    # (widget kind, key, value, expected_run changes)
    ("slider", "train_noise", 0.5, {"noise": 0.5}),
    ("slider", "train_imbalance", 0.5, {"imbalance": 0.5}),
    ("number_input", "train_seed", 3, {"seed": 3}),
    ("number_input", "train_points", 120, {"n": 120}),
    ("slider", "train_hidden", 5, {"hidden": 5}),
    ("radio", "train_activation", "relu", {"activation": "relu"}),
    ("radio", "train_model", "softmax_regression", {"model": "softmax_regression"}),
    ("number_input", "train_lr", 0.3, {"lr": 0.3}),
]


@pytest.mark.parametrize("kind,key,value,changes", CHANGES, ids=[c[1] for c in CHANGES])
def test_each_input_changes_the_numbers(at, kind, key, value, changes):
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception and not at.error
    a, b = expected_run("cross_entropy", **changes), expected_run("squared_error", **changes)
    assert_shows(at, a, "A")
    assert_shows(at, b, "B")
    assert shown(a, "A") != shown(expected_run("cross_entropy"), "A")


def test_dataset_and_classes(at):
    at.selectbox(key="train_data").set_value("blobs").run()
    assert_shows(at, expected_run(kind="blobs", k=3), "A")
    at.slider(key="train_classes").set_value(5).run()
    assert_shows(at, expected_run(kind="blobs", k=5), "A")
    at.selectbox(key="train_data").set_value("spirals").run()
    assert_shows(at, expected_run("squared_error", kind="spirals", k=5), "B")


@pytest.mark.parametrize(
    "loss,key,value,changes",
    [
        ("weighted_cross_entropy", None, None, {}),
        ("weighted_cross_entropy", "train_weights", "1, 3", {"weights": "1,3"}),
        ("label_smoothing", None, None, {}),
        ("label_smoothing", "train_smoothing", 0.3, {"smoothing": 0.3}),
        ("focal", None, None, {}),
        ("focal", "train_gamma", 4.0, {"gamma": 4.0}),
    ],
)
def test_each_loss_and_its_parameter(at, loss, key, value, changes):
    at.selectbox(key="train_loss").set_value(loss).run()
    if key is not None:
        widget = at.text_input(key=key) if key == "train_weights" else at.slider(key=key)
        widget.set_value(value).run()
    assert not at.exception and not at.error
    assert_shows(at, expected_run(loss, **changes), "A")
    assert_shows(at, expected_run("squared_error", **changes), "B")


def test_comparison_loss_and_no_comparison(at):
    at.selectbox(key="train_compare").set_value("focal").run()
    assert_shows(at, expected_run("focal"), "B")
    at.selectbox(key="train_compare").set_value("none").run()
    assert "Run B accuracy" not in metrics(at)
    assert_shows(at, expected_run("cross_entropy"), "A")


def test_imbalanced_blobs_with_balanced_weights(at):
    at.selectbox(key="train_data").set_value("blobs").run()
    at.slider(key="train_imbalance").set_value(0.8).run()
    at.selectbox(key="train_compare").set_value("weighted_cross_entropy").run()
    run = expected_run("weighted_cross_entropy", kind="blobs", imbalance=0.8)
    assert run.loss.class_weights[2] > run.loss.class_weights[0]  # the rare class counts more
    assert_shows(at, run, "B")


# ---------------------------------------------------------------- training controls


def test_step_once_train_n_and_back_to_zero(at):
    at.button(key="train_step_once").click().run()
    assert metrics(at)["Steps trained"] == "201"
    assert_shows(at, expected_run(steps=201), "A")
    at.number_input(key="train_n").set_value(50).run()
    at.button(key="train_go").click().run()
    assert metrics(at)["Steps trained"] == "251"
    assert_shows(at, expected_run("squared_error", steps=251), "B")
    at.button(key="train_restart").click().run()
    assert metrics(at)["Steps trained"] == "0"
    assert metrics(at)["Run A cross-entropy"] == "1.0000 bits"  # ln 2 nats: a fair coin
    assert metrics(at)["Run A accuracy"] == f"{np.mean(expected_run(steps=0).accuracy):.1%}"


def test_training_stops_at_the_page_limit(at):
    at.radio(key="train_model").set_value("softmax_regression")
    at.number_input(key="train_points").set_value(40).run()
    at.number_input(key="train_n").set_value(4990).run()
    at.button(key="train_go").click().run()
    assert metrics(at)["Steps trained"] == "5,000"
    assert "this page stops at 5,000 steps" in messages(at)
    assert_shows(at, expected_run(model="softmax_regression", n=40, steps=5000), "A")


def test_sections_are_tabs_and_only_the_open_one_is_drawn(at):
    assert at.session_state["train_section"] == "Loss & accuracy curves"
    assert len(at.get("plotly_chart")) == 2  # the two curve charts
    assert not at.select_slider and not at.latex
    open_section(at, "Decision regions")
    assert len(at.get("plotly_chart")) == 2  # run A's and run B's regions
    assert at.select_slider(key="train_replay").value == 200
    open_section(at, "Logistic-regression gradient")
    assert not at.get("plotly_chart") and len(at.latex) == 2
    assert_shows(at, expected_run("cross_entropy"), "A")  # the headline stays
    assert at.query_params["train_section"] == "Logistic-regression gradient"


def test_the_section_opens_from_the_url():
    at = open_page({"train_section": "Decision regions"})
    assert at.select_slider(key="train_replay").value == 200


def test_the_scrubber_replays_a_recorded_step(at):
    run = expected_run("cross_entropy")
    open_section(at, "Decision regions")
    assert at.select_slider(key="train_replay").value == 200
    at.select_slider(key="train_replay").set_value(100).run()
    text = page_text(at)
    assert "**Step 100**" in text
    ce = format_value(float(run.cross_entropy_in(2)[100]), "bits", digits=4)
    assert f"Run A (cross-entropy): cross-entropy {ce}, accuracy {run.accuracy[100]:.1%}" in text
    assert_shows(at, run, "A")  # the end-of-run numbers do not move


def test_the_scrubber_follows_new_steps_when_at_the_end(at):
    open_section(at, "Decision regions")
    at.button(key="train_step_once").click().run()
    assert at.select_slider(key="train_replay").value == 201
    at.select_slider(key="train_replay").set_value(50).run()
    at.button(key="train_step_once").click().run()
    assert at.select_slider(key="train_replay").value == 50


def test_logistic_regression_gradient_panel(at):
    data = make_dataset("moons", n_points=300, n_classes=2, noise=0.2, seed=0)
    X, y = logistic_example(data, 6)
    g = logistic_regression_gradient(X, y, [0.5, -1.0, 2.0])
    open_section(at, "Logistic-regression gradient")
    numbers = ", ".join(f"{v:.4f}" for v in g.gradient).replace("-", "−")
    assert f"**∇β L = ({numbers})**" in page_text(at)
    assert f"Mean binary cross-entropy L = {g.loss:.4f} nats" in page_text(at)
    assert f"{g.residual[0]:.3f}" in at.latex[1].value
    at.text_input(key="train_beta").set_value("0, 0, 0").run()
    g0 = logistic_regression_gradient(X, y, [0.0, 0.0, 0.0])
    assert np.allclose(g0.probability, 0.5)
    numbers = ", ".join(f"{v:.4f}" for v in g0.gradient).replace("-", "−")
    assert f"**∇β L = ({numbers})**" in page_text(at)


# ---------------------------------------------------------------- hostile input


def test_learning_rate_of_a_million_warns_and_draws_no_garbage(at):
    at.number_input(key="train_lr").set_value(1e6).run()
    assert not at.exception
    text = messages(at)
    assert "The learning rate 1e+06 is too large: lower the learning rate" in text
    for m in at.metric:
        assert "nan" not in m.value.lower() and "inf" not in m.value.lower()
    assert at.number_input(key="train_points").value == 300  # other inputs untouched


def test_a_diverging_run_says_at_which_step(at):
    at.radio(key="train_activation").set_value("relu")
    at.number_input(key="train_lr").set_value(1e300).run()
    assert not at.exception
    run = expected_run(activation="relu", lr=1e300)
    assert run.diverged_at is not None
    assert f"the loss became inf/nan at step {run.diverged_at:,}" in messages(at)
    assert "lower the learning rate" in messages(at)
    assert_shows(at, run, "A")


@pytest.mark.parametrize("value", [0.0, -1.0])
def test_learning_rate_zero_or_negative(at, value):
    at.number_input(key="train_lr").set_value(value).run()
    assert not at.exception
    assert "Learning rate η" in messages(at) and "Type a positive number" in messages(at)
    assert "Run A accuracy" not in metrics(at)
    assert at.slider(key="train_noise").value == 0.2


@pytest.mark.parametrize(
    "key,value,expected",
    [
        ("train_points", 0, "Points: 0 is too small (at least 10)"),
        ("train_points", -50, "Points: -50 is too small"),
        ("train_seed", -1, "Seed: -1 is too small (at least 0)"),
        ("train_n", 0, "N, steps per click: 0 is too small (at least 1)"),
    ],
)
def test_zero_or_negative_counts(at, key, value, expected):
    at.number_input(key=key).set_value(value).run()
    assert not at.exception
    assert expected in messages(at)
    assert at.number_input(key=key).value == value  # kept as typed, not reset
    assert at.number_input(key="train_lr").value == 1.0


def test_too_many_points_are_clamped(at):
    at.radio(key="train_model").set_value("softmax_regression")
    at.number_input(key="train_points").set_value(10**7).run()
    assert "Points: 10,000,000 is more than the 2,000 this page allows; using 2,000" in messages(at)
    assert_shows(at, expected_run(model="softmax_regression", n=2000), "A")


def test_huge_n_is_clamped(at):
    at.number_input(key="train_n").set_value(10**9).run()
    assert "N, steps per click: 1,000,000,000 is more than the 5,000" in messages(at)
    assert at.button(key="train_go").proto.label == "Train 5,000 steps"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("1", "Class weights: 1 values for 2 classes"),
        ("abc, 1", "Class weights: value 1 ('abc') is not a number"),
        ("-1, 1", "Class weights: value 1 (-1) is negative"),
        ("", "Class weights is empty"),
        ("nan, 1", "Class weights: value 1 (nan) is not a finite number"),
        ("0, 0", "class_weights give weight 0 to every point"),
        ("1," * 2500, "Class weights: 2501 values for 2 classes"),
    ],
)
def test_bad_class_weights(at, text, expected):
    at.selectbox(key="train_loss").set_value("weighted_cross_entropy").run()
    at.text_input(key="train_weights").set_value(text).run()
    assert not at.exception
    assert expected in messages(at)
    assert_shows(at, expected_run("squared_error"), "B")  # the other run still trains


@pytest.mark.parametrize("text", ["x", "1, 2", "1, 2, 3, 4", "1e400, 0, 0", "a" * 5000])
def test_bad_beta(at, text):
    open_section(at, "Logistic-regression gradient")
    at.text_input(key="train_beta").set_value(text).run()
    assert not at.exception
    assert "β" in " ".join(e.value for e in at.error)
    assert_shows(at, expected_run("cross_entropy"), "A")


def test_a_class_without_points(at):
    at.selectbox(key="train_data").set_value("blobs").run()
    at.slider(key="train_imbalance").set_value(1.0).run()
    assert not at.exception
    assert "class 2 has no points" in messages(at)
    assert_shows(at, expected_run(kind="blobs", imbalance=1.0), "A")
    counts = class_counts(300, 3, 1.0)
    caption = " ".join(c.value for c in at.caption)
    assert f"Points per class: class 0: {counts[0]}, class 1: {counts[1]}, class 2: 0." in caption


def test_too_few_points_for_every_class(at):
    at.selectbox(key="train_data").set_value("blobs").run()
    at.slider(key="train_classes").set_value(8).run()
    at.number_input(key="train_points").set_value(10).run()
    at.slider(key="train_imbalance").set_value(1.0).run()
    assert not at.exception
    assert "have no points" in messages(at)


# ---------------------------------------------------------------- URL state


def test_url_opens_that_state():
    query = {
        "train_data": "blobs",
        "train_classes": "4",
        "train_model": "softmax_regression",
        "train_lr": "0.5",
        "train_steps": "50",
        "train_compare": "focal",
        "train_gamma": "1",
        "unit": "nats",
    }
    at = open_page(query)
    assert metrics(at)["Steps trained"] == "50"
    changes = {"kind": "blobs", "k": 4, "model": "softmax_regression", "lr": 0.5, "steps": 50}
    assert_shows(at, expected_run(**changes), "A", "nats")
    assert_shows(at, expected_run("focal", gamma=1.0, **changes), "B", "nats")


@pytest.mark.parametrize(
    "key,value,expected",
    [
        ("train_lr", "abc", "The link's train_lr='abc' was not used: not a number"),
        ("train_lr", "nan", "The link's train_lr='nan' was not used: not a finite number"),
        ("train_points", "1.5", "The link's train_points='1.5' was not used: not a whole number"),
        ("train_data", "circles", "The link's train_data='circles' was not used"),
        ("train_noise", "-1", "The link's train_noise='-1' was not used"),
        ("train_steps", "x", "The link's train_steps='x' was not used: not a number"),
        ("train_weights", "1,x", "The link's train_weights='1,x' was not used"),
        ("train_beta", "1,2", "The link's train_beta='1,2' was not used"),
    ],
)
def test_garbage_url_parameter_gives_a_notice(key, value, expected):
    at = open_page({key: value})
    assert expected in " ".join(w.value for w in at.warning)
    assert_shows(at, expected_run("cross_entropy"), "A")


def test_negative_step_count_in_the_url():
    at = open_page({"train_steps": "-5"})
    assert "Steps trained: -5 is below 0; showing step 0." in messages(at)
    assert metrics(at)["Steps trained"] == "0"
    assert_shows(at, expected_run(steps=0), "A")


def test_huge_step_count_in_the_url_is_clamped():
    query = {
        "train_steps": "1000000",
        "train_model": "softmax_regression",
        "train_points": "40",
        "train_compare": "none",
    }
    at = open_page(query)
    assert "Steps trained: 1,000,000 is more than the 5,000 this page allows" in messages(at)
    assert metrics(at)["Steps trained"] == "5,000"
    assert_shows(at, expected_run(model="softmax_regression", n=40, steps=5000), "A")


def test_changes_go_into_the_url(at):
    at.number_input(key="train_lr").set_value(0.25).run()
    at.button(key="train_step_once").click().run()
    assert at.query_params["train_lr"] == "0.25"
    assert at.query_params["train_steps"] == "201"


def test_reset_restores_the_defaults(at):
    at.number_input(key="train_lr").set_value(1e6).run()
    at.selectbox(key="train_loss").set_value("focal").run()
    at.button(key="train_step_once").click().run()
    at.button(key="reset_page").click().run()
    assert at.number_input(key="train_lr").value == 1.0
    assert at.selectbox(key="train_loss").value == "cross_entropy"
    assert metrics(at)["Steps trained"] == "200"
    assert_shows(at, expected_run("cross_entropy"), "A")
    assert not at.warning and not at.error
