"""The Training page's pure wording helpers: parsing its text boxes, its messages, its table."""

from __future__ import annotations

import math

import numpy as np

from explorer.state import parse_url
from explorer.training.inputs import PARAMS
from explorer.training.logistic_text import logistic_latex
from explorer.training.logistic_text import number_table as markdown_table
from explorer.training.wording import (
    clamp_count,
    describe_run_problem,
    empty_class_note,
    parse_beta,
    parse_weights,
)
from xentcore.training import LossSpec, ModelSpec, make_dataset, train

# ---------------------------------------------------------------- wording


def test_parse_weights():
    assert parse_weights(" Balanced ", 3) == (None, None)
    assert parse_weights("1,2,3", 3) == ((1.0, 2.0, 3.0), None)
    assert "value 2 ('x') is not a number" in parse_weights("1, x", 2)[1]
    assert "value 1 (-2) is negative" in parse_weights("-2, 1", 2)[1]
    assert "3 values for 2 classes" in parse_weights("1,1,1", 2)[1]
    assert "e.g. 1, 1, 1, 1, or type balanced" in parse_weights("", 4)[1]


def test_parse_beta():
    assert parse_beta("0,0,0") == ((0.0, 0.0, 0.0), None)
    assert "β has 2 values, not 3" in parse_beta("1,2")[1]
    assert "must be a number from -1e6 to 1e6" in parse_beta("1e7, 0, 0")[1]
    assert "β has 1 values, not 3" in parse_beta("a" * 5000)[1]
    assert "value 1 ('aaaaaaaaaaaaaaaaaaaa') is not a number" in parse_beta("a" * 5000 + ",1,2")[1]


def test_url_params_parse_and_refuse():
    good, bad = parse_url(PARAMS, {"train_lr": "1e6", "train_weights": "1,2", "train_steps": "9"})
    assert good == {"train_lr": 1e6, "train_weights": "1,2", "train_steps": 9} and not bad
    good, bad = parse_url(PARAMS, {"train_lr": "inf", "train_weights": "x", "train_beta": "1"})
    assert not good and len(bad) == 3


def test_clamp_count():
    assert clamp_count(300, "Points", 10, 2000).value == 300
    c = clamp_count(-1, "Seed", 0, 10, "Type 0 or more.")
    assert (
        c.is_error
        and c.value is None
        and c.message == "Seed: -1 is too small (at least 0). Type 0 or more."
    )
    c = clamp_count(9000, "Steps", 0, 5000)
    assert c.value == 5000 and not c.is_error
    assert clamp_count(None, "N", 1, 5).is_error
    assert clamp_count(float("nan"), "N", 1, 5).is_error


def test_describe_run_problem():
    data = make_dataset("moons", n_points=80, n_classes=2, seed=0)
    relu = ModelSpec("hidden_layer", hidden=8, activation="relu")
    broke = train(data, relu, LossSpec(), learning_rate=1e300, steps=20)
    level, message = describe_run_problem(broke, "Run A (cross-entropy)")
    assert level == "error"
    assert f"the loss became inf/nan at step {broke.diverged_at}" in message
    assert "lower the learning rate" in message
    wild = train(data, ModelSpec("hidden_layer", hidden=8), LossSpec(), learning_rate=1e6, steps=50)
    level, message = describe_run_problem(wild, "Run A")
    assert level == "warning" and "1e+06 is too large" in message
    calm = train(data, ModelSpec(), LossSpec(), learning_rate=0.5, steps=50)
    assert describe_run_problem(calm, "Run A") is None
    assert describe_run_problem(train(data, ModelSpec(), LossSpec(), steps=0), "Run A") is None


def test_empty_class_note():
    assert empty_class_note([3, 0], ["class 0", "class 1"]).startswith("class 1 has no points")
    assert "class 1, class 2 and class 3 have" in empty_class_note(
        [3, 0, 0, 0], [f"class {c}" for c in range(4)]
    )


def test_logistic_latex_and_table():
    tex = logistic_latex(np.array([[1.0, -0.5], [1.0, 2.0]]), [0.25, -0.75], [-0.25, -0.8125])
    assert r"\frac{1}{2}" in tex and "-0.50" in tex and "-0.812" in tex
    table = markdown_table({"a": [1.0, -0.0001], "b": [0.5, 2.0]})
    assert table.splitlines()[3] == "| 0.000 | 2.000 |"  # no "−0.000"
    assert not math.isnan(float(table.splitlines()[2].split("|")[1].replace("−", "-")))
