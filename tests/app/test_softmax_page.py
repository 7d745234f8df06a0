"""Softmax & logits page under AppTest: every input moves the numbers xentcore gives.

(Named test_softmax_page.py: tests/core/test_softmax.py already holds the basename.)
"""

import math
from functools import partial

import numpy as np
import pytest
from app_helpers import enter_page, metrics
from streamlit.testing.v1 import AppTest

from explorer.presets import PRESETS
from explorer.softmax.frameworks_wording import PRECISION_TITLE, framework_rows, precision_rows
from explorer.text import format_value
from xentcore.comparison import (
    framework_losses,
    framework_precision,
    gradient_descent_step,
    loss_and_gradient,
    losses_along_path,
)

PAGE = "pages/2_Softmax_and_logits.py"
Z = [2.0, 1.0, 0.1]
BASES = {"bits": 2, "nats": None, "hartleys": 10}


#: open_page(query) opens the page as a link with that query would.
open_page = partial(enter_page, PAGE)


@pytest.fixture
def at() -> AppTest:
    return open_page()


def messages(at: AppTest) -> str:
    return " ".join(e.value for e in [*at.error, *at.warning])


def page_text(at: AppTest) -> str:
    parts = [
        e.value for e in [*at.markdown, *at.caption, *at.info, *at.error, *at.warning, *at.success]
    ]
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    return "\n".join(parts)


def open_section(at: AppTest, name: str) -> AppTest:
    """Open one of the page's tabs (only the open tab's section runs)."""
    at.session_state["section"] = name
    at.run()
    assert not at.exception
    return at


def frame(at: AppTest, column: str):
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no table with a column {column!r}")


def expected_loss(unit="bits", target=0, **kwargs) -> str:
    logits = kwargs.pop("logits", Z)
    r = loss_and_gradient(logits, target, base=BASES[unit], **kwargs)
    return format_value(r.loss, unit, 4)


def inputs(at: AppTest) -> dict:
    """The visible state of every input, to check that a bad entry leaves the others alone."""
    return {
        "logits": at.text_input(key="logits_text").value,
        "temperature": at.slider(key="temperature").value,
        "target": at.radio(key="target").value,
        "cls": at.number_input(key="cls").value,
        "soft": at.text_input(key="soft_text").value,
        "eps": at.slider(key="eps").value,
        "weights": at.text_input(key="weights_text").value,
        # In closed tabs: read from the session (persist_state keeps them).
        "lr": at.session_state["lr"],
        "shift": at.session_state["shift"],
        "scale": at.session_state["scale"],
        "section": at.session_state["section"],
        "unit": at.radio(key="unit").value,
    }


DEFAULTS = {
    "logits": "2, 1, 0.1",
    "temperature": 1.0,
    "target": "class",
    "cls": 0,
    "soft": "0.7, 0.2, 0.1",
    "eps": 0.0,
    "weights": "",
    "lr": 1.0,
    "shift": 0.0,
    "scale": "1000",
    "section": "Softmax & temperature",
    "unit": "bits",
}


# --- defaults ---------------------------------------------------------------------------


def test_defaults_show_the_loss_xentcore_gives(at):
    assert inputs(at) == DEFAULTS
    shown = metrics(at)
    r = loss_and_gradient(Z, 0, base=2)
    assert shown["Loss L"] == format_value(r.loss, "bits", 4) == "0.6016 bits"
    assert shown["p of the target class"] == f"{r.probs[0]:.4f}" == "0.6590"
    assert shown["Entropy of the softmax H(p)"] == format_value(r.entropy, "bits", 4)
    assert not at.error
    assert at.title[0].value == "Softmax & logits"


def test_gradient_table_holds_p_y_and_the_gradient(at):
    open_section(at, "Loss & gradient")
    table = frame(at, "∂L/∂z")
    r = loss_and_gradient(Z, 0)
    assert table["class"].tolist() == ["class 0", "class 1", "class 2"]
    assert table["softmax p"].tolist() == pytest.approx(r.probs.tolist())
    assert table["target y′"].tolist() == [1.0, 0.0, 0.0]
    assert table["∂L/∂z"].tolist() == pytest.approx(r.grad.tolist())
    assert table["∂L/∂z"].tolist() == pytest.approx((r.probs - [1, 0, 0]).tolist())


def test_framework_table_matches_the_core(at):
    open_section(at, "Frameworks")
    table = at.table[0].value
    rows = framework_rows(framework_losses(Z, 0))
    assert table.index.tolist() == ["PyTorch", "PyTorch", "Keras", "Keras", "scikit-learn"]
    assert table["loss (nats)"].tolist() == [f"{r['value']:.6g}" for r in rows]
    assert table["why"].tolist() == [r["why"] for r in rows]


def test_precision_table_shows_xentcore_float32_and_float64(at):
    open_section(at, "Frameworks")
    assert PRECISION_TITLE in [h.value for h in at.subheader]
    table = at.table[1].value
    rows = framework_precision(Z, 0)
    assert table.index.tolist() == ["PyTorch", "Keras", "scikit-learn"]
    assert table["float64 (nats)"].tolist() == [f"{r['float64']:.9g}" for r in rows]
    assert table["float32 (nats)"].tolist() == [f"{r['float32']:.9g}" for r in rows]
    assert table["float32 (nats)"].tolist() == ["0.417029947", "0.417030066", "0.417029977"]
    assert table["why"].tolist() == [r["why"] for r in precision_rows(rows)]
    at.button(key="demo_disagreement").click().run()
    shown = at.table[1].value
    far = framework_precision([40.0, 20.0, 0.0], 2)
    assert shown["float64 (nats)"].tolist() == [f"{r['float64']:.9g}" for r in far]
    assert shown["float32 (nats)"].tolist() == [f"{r['float32']:.9g}" for r in far]
    assert shown.loc["scikit-learn", "float32 (nats)"] == "15.9423847"  # -log(1.19e-7)
    assert shown.loc["scikit-learn", "float64 (nats)"] == "36.0436534"  # -log(2.2e-16)


# --- each main input moves the numbers ------------------------------------------------


def test_logits_text(at):
    at.text_input(key="logits_text").set_value("1, 2, 3, 4").run()
    assert not at.exception
    assert metrics(at)["Loss L"] == expected_loss(logits=[1, 2, 3, 4])
    assert at.session_state["logits"] == [1.0, 2.0, 3.0, 4.0]
    assert at.query_params["logits"] == "1,2,3,4"


def test_logits_with_spaces_and_semicolons(at):
    at.text_input(key="logits_text").set_value(" 3 ; -1   0.5 ").run()
    assert metrics(at)["Loss L"] == expected_loss(logits=[3, -1, 0.5])


def test_temperature_slider(at):
    at.slider(key="temperature").set_value(2.5).run()
    assert metrics(at)["Loss L"] == expected_loss(temperature=2.5)
    r = loss_and_gradient(Z, 0, temperature=2.5)
    open_section(at, "Loss & gradient")
    assert frame(at, "∂L/∂z")["∂L/∂z"].tolist() == pytest.approx(r.grad.tolist())
    assert at.query_params["temperature"] == "2.5"


def test_target_class(at):
    at.number_input(key="cls").set_value(2).run()
    shown = metrics(at)
    assert shown["Loss L"] == expected_loss(target=2)
    assert shown["p of the target class"] == "0.0986"
    at.text_input(key="logits_text").set_value("40, 20, 0").run()
    assert metrics(at)["p of the target class"] == "4.25e-18"  # not 0.0000


def test_soft_target(at):
    at.radio(key="target").set_value("soft").run()
    assert metrics(at)["Loss L"] == expected_loss(target=[0.7, 0.2, 0.1])
    at.text_input(key="soft_text").set_value("0.2, 0.3, 0.5").run()
    assert not at.error
    shown = metrics(at)
    assert shown["Loss L"] == expected_loss(target=[0.2, 0.3, 0.5])
    assert shown["Entropy of the target H(q)"] == "1.4855 bits"


def test_label_smoothing(at):
    at.slider(key="eps").set_value(0.2).run()
    assert metrics(at)["Loss L"] == expected_loss(label_smoothing=0.2)
    open_section(at, "Loss & gradient")
    y = frame(at, "target y′")["target y′"].tolist()
    assert y == pytest.approx([0.8 + 0.2 / 3, 0.2 / 3, 0.2 / 3])


def test_class_weights(at):
    at.number_input(key="cls").set_value(2).run()
    at.text_input(key="weights_text").set_value("1, 2, 5").run()
    assert not at.error
    assert metrics(at)["Loss L"] == expected_loss(target=2, weight=[1, 2, 5])
    open_section(at, "Frameworks")
    rows = framework_losses(Z, 2, weight=[1, 2, 5])
    shown = at.table[0].value["loss (nats)"].tolist()
    assert shown == [f"{r['value']:.6g}" for r in rows]
    assert shown[0] != shown[1]  # 'mean' divides by w_2 = 5, 'sum' does not
    assert "w_2 = 5" in at.table[0].value["why"].iloc[0]


@pytest.mark.parametrize("unit", ["nats", "hartleys"])
def test_unit(at, unit):
    at.radio(key="unit").set_value(unit).run()
    assert metrics(at)["Loss L"] == expected_loss(unit)


def test_one_gradient_step_moves_logits_and_lowers_the_loss(at):
    open_section(at, "Gradient step")
    at.button(key="step").click().run()
    assert not at.exception
    step = gradient_descent_step(Z, 0, lr=1.0)
    assert at.session_state["logits"] == pytest.approx(step.after.tolist())
    shown = metrics(at)
    after = format_value(step.loss_after / math.log(2), "bits", 4)
    assert shown["Loss after step 1"] == after
    assert shown["Loss L"] == after
    delta = next(m for m in at.metric if "after step" in m.label)
    assert f"from {format_value(step.loss_before / math.log(2), 'bits', 4)}" in delta.delta
    table = frame(at, "logit after")
    assert table["logit before"].tolist() == Z
    assert table["logit after"].tolist() == pytest.approx(step.after.tolist())
    assert table["p before"].tolist() == pytest.approx(loss_and_gradient(Z, 0).probs.tolist())
    assert table["p after"].tolist() == pytest.approx(
        loss_and_gradient(step.after, 0).probs.tolist()
    )
    assert table["p after"][0] > table["p before"][0]  # the target class gained
    assert at.text_input(key="logits_text").value.startswith("2.34")
    # A second step extends the history.
    at.button(key="step").click().run()
    path = [Z, step.after.tolist(), at.session_state["logits"]]
    losses = losses_along_path(path, 0, base=2)
    assert metrics(at)["Loss after step 2"] == format_value(losses[-1], "bits", 4)
    assert losses[2] < losses[1] < losses[0]


def test_learning_rate_changes_the_step(at):
    open_section(at, "Gradient step")
    at.number_input(key="lr").set_value(0.1).run()
    at.button(key="step").click().run()
    step = gradient_descent_step(Z, 0, lr=0.1)
    assert at.session_state["logits"] == pytest.approx(step.after.tolist())


def test_huge_learning_rate_steps_without_crashing(at):
    open_section(at, "Gradient step")
    at.number_input(key="lr").set_value(1e6).run()
    at.button(key="step").click().run()
    assert not at.exception
    step = gradient_descent_step(Z, 0, lr=1e6)
    assert at.session_state["logits"] == pytest.approx(step.after.tolist())
    assert frame(at, "logit after")["logit after"].tolist()[0] > 3e5
    assert metrics(at)["Loss after step 1"] == "0.0000 bits"


def test_step_that_would_leave_the_logit_range_is_refused(at):
    open_section(at, "Gradient step")
    at.text_input(key="weights_text").set_value("100, 1, 1").run()
    at.number_input(key="lr").set_value(1e6).run()
    at.button(key="step").click().run()
    assert not at.exception
    text = messages(at)
    assert "The step was not taken: lr=1e+06 moves logit 0 to" in text
    assert "beyond ±1e+06; use a smaller learning rate" in text
    assert at.session_state["logits"] == Z  # unchanged
    assert inputs(at) == {**DEFAULTS, "weights": "100, 1, 1", "lr": 1e6, "section": "Gradient step"}


def test_changing_logits_by_hand_forgets_the_step_history(at):
    open_section(at, "Gradient step")
    at.button(key="step").click().run()
    assert "Loss after step 1" in metrics(at)
    at.text_input(key="logits_text").set_value("0, 0, 0").run()
    assert not any("after step" in label for label in metrics(at))


def test_shift_changes_nothing(at):
    open_section(at, "Adding a constant")
    at.number_input(key="shift").set_value(100.0).run()
    shown = metrics(at)
    assert shown["Loss of z"] == shown["Loss of z + c"] == expected_loss()
    table = frame(at, "softmax(z + c)")
    assert table["z + c"].tolist() == [102.0, 101.0, 100.1]
    assert table["softmax(z + c)"].tolist() == pytest.approx(table["softmax(z)"].tolist())


def test_scale_shows_the_naive_softmax_overflowing(at):
    open_section(at, "Log-sum-exp")
    assert "Overflow" in messages(at)
    table = frame(at, "naive exp(x)")
    assert table["naive exp(x)"].tolist()[:2] == ["inf", "inf"]
    assert table["naive exp(x) / Σ exp(x)"].tolist()[:2] == ["nan", "nan"]
    assert table["stable softmax"].tolist() == ["1", "0", "0"]
    assert metrics(at)["Naive log Σ exp(x)"] == "inf"
    assert metrics(at)["Stable log-sum-exp"] == "2000"
    at.radio(key="scale").set_value("1").run()
    assert "Overflow" not in messages(at)
    assert "No overflow at this scale" in at.success[0].value
    assert metrics(at)["Naive log Σ exp(x)"] == metrics(at)["Stable log-sum-exp"]


def test_negative_huge_logits_show_underflow(at):
    open_section(at, "Log-sum-exp")
    at.text_input(key="logits_text").set_value("-2, -1").run()
    assert "Underflow" in messages(at)


def test_disagreement_button_shows_the_clips(at):
    open_section(at, "Frameworks")
    at.button(key="demo_disagreement").click().run()
    assert at.text_input(key="logits_text").value == "40, 20, 0"
    shown = at.table[0].value["loss (nats)"].tolist()
    assert shown == ["40", "40", "40", "16.1181", "36.0437"]


# --- presets ---------------------------------------------------------------------------

PAGE_PRESETS = [p for p in PRESETS if p.page == PAGE]


def test_the_page_has_its_presets():
    assert [p.id for p in PAGE_PRESETS] == ["uniform-10"]


@pytest.mark.parametrize("preset", PAGE_PRESETS, ids=[p.id for p in PAGE_PRESETS])
def test_preset_button_shows_the_worked_example(at, preset):
    at.button(key=f"preset_{preset.id}").click().run()
    assert not at.exception
    assert preset.expected in page_text(at)
    assert f"Worked example {preset.example}: loss = {preset.expected}" in at.info[0].value
    assert metrics(at)["Loss L"] == preset.expected
    assert at.text_input(key="logits_text").value == ", ".join(["0"] * 10)


@pytest.mark.parametrize("preset", PAGE_PRESETS, ids=[p.id for p in PAGE_PRESETS])
def test_preset_link_opens_the_worked_example(preset):
    at = open_page({"preset": preset.id})
    assert preset.expected in page_text(at)
    assert metrics(at)["Loss L"] == preset.expected


def test_preset_line_disappears_when_an_input_changes(at):
    at.button(key="preset_uniform-10").click().run()
    at.number_input(key="cls").set_value(3).run()
    assert not at.info or "Worked example" not in at.info[0].value
    assert metrics(at)["Loss L"] == "2.3026 nats"  # still uniform, another class


# --- URL state -----------------------------------------------------------------------


def test_a_closed_tab_keeps_its_input_and_the_link_holds_it(at):
    open_section(at, "Gradient step")
    at.number_input(key="lr").set_value(0.25).run()
    open_section(at, "Log-sum-exp")
    at.radio(key="scale").set_value("10").run()
    open_section(at, "Frameworks")
    assert at.session_state["lr"] == 0.25 and at.session_state["scale"] == "10"
    assert at.query_params["lr"] == "0.25"
    assert at.query_params["scale"] == "10"
    assert at.query_params["section"] == "Frameworks"
    again = open_page({"lr": "0.25", "section": "Gradient step"})
    assert again.number_input(key="lr").value == 0.25
    assert again.button(key="step").label == "Take one gradient step"


def test_a_link_opens_that_state():
    at = open_page(
        {
            "logits": "1,2,3",
            "cls": "2",
            "temperature": "2",
            "eps": "0.1",
            "weights": "1,1,4",
            "unit": "nats",
        }
    )
    assert not at.warning or "link" not in messages(at)
    assert at.text_input(key="logits_text").value == "1, 2, 3"
    assert at.text_input(key="weights_text").value == "1, 1, 4"
    expected = expected_loss(
        "nats", 2, logits=[1, 2, 3], temperature=2.0, label_smoothing=0.1, weight=[1, 1, 4]
    )
    assert metrics(at)["Loss L"] == expected


def test_a_soft_target_link():
    at = open_page({"target": "soft", "soft": "0.1,0.1,0.8", "unit": "nats"})
    assert metrics(at)["Loss L"] == expected_loss("nats", [0.1, 0.1, 0.8])


@pytest.mark.parametrize(
    "key, value",
    [
        ("logits", "abc"),
        ("logits", "1e300,0"),
        ("logits", "5"),
        ("logits", ",".join(["1"] * 21)),
        ("temperature", "0"),
        ("temperature", "nan"),
        ("cls", "-3"),
        ("cls", "nan"),
        ("eps", "1.5"),
        ("weights", "1,-2,1"),
        ("soft", "x,y,z"),
        ("lr", "-1"),
        ("shift", "inf"),
        ("scale", "7"),
        ("target", "maybe"),
        ("section", "<script>"),
        ("preset", "nope"),
        ("logits", "9" * 5000),
    ],
)
def test_garbage_url_parameter_gives_a_notice_and_the_default(key, value):
    at = open_page({key: value})
    text = messages(at)
    assert f"The link's {key}=" in text
    assert "was not used" in text or "is not a preset" in text
    assert metrics(at)["Loss L"] == "0.6016 bits"  # defaults everywhere


# --- hostile values in each input --------------------------------------------------------


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("2, abc, 1", "value 2 ('abc') is not a number"),
        ("nan, 1", "is not a finite number"),
        ("1e300, 0", "is outside [-1e+06, 1e+06]"),
        ("5", "has 1 values, not 2 to 20"),
        (", ".join(["1"] * 21), "has 21 values, not 2 to 20"),
        ("", "Logits is empty"),
        ("1" * 5000, "characters long"),
    ],
)
def test_bad_logits_text_gives_a_message_and_keeps_everything_else(at, text, fragment):
    at.slider(key="eps").set_value(0.1).run()
    before = inputs(at)
    at.text_input(key="logits_text").set_value(text).run()
    assert not at.exception
    error = messages(at)
    assert fragment in error
    assert "Type 2 to 20 comma-separated numbers" in error
    assert "last valid logits: 2, 1, 0.1" in error
    after = inputs(at)
    assert after == {**before, "logits": text}
    assert at.session_state["logits"] == Z
    assert metrics(at)["Loss L"] == expected_loss(label_smoothing=0.1)


@pytest.mark.parametrize("cls", [3, -1, 19])
def test_class_out_of_range(at, cls):
    open_section(at, "Gradient step")
    at.number_input(key="cls").set_value(cls).run()
    assert not at.exception
    assert f"Target class {cls} does not exist" in messages(at)
    assert "Pick a class from 0 to 2" in messages(at)
    assert metrics(at)["Loss L"] == "—"
    assert inputs(at) == {**DEFAULTS, "cls": cls, "section": "Gradient step"}
    assert at.button(key="step").disabled


def test_shrinking_the_logits_puts_the_class_out_of_range(at):
    at.number_input(key="cls").set_value(2).run()
    at.text_input(key="logits_text").set_value("1, 0").run()
    assert "Target class 2 does not exist: with 2 logits" in messages(at)
    assert at.number_input(key="cls").value == 2  # not reset behind the user's back


def test_soft_target_not_summing_to_one_and_renormalise(at):
    at.radio(key="target").set_value("soft").run()
    at.text_input(key="soft_text").set_value("0.5, 0.4, 0.3").run()
    assert "Soft target sums to 1.2, not 1" in messages(at)
    assert metrics(at)["Loss L"] == "—"
    at.button(key="soft_renormalise").click().run()
    assert not at.error
    q = [0.5 / 1.2, 0.4 / 1.2, 0.3 / 1.2]
    assert at.session_state["soft"] == pytest.approx(q)
    assert metrics(at)["Loss L"] == expected_loss(target=q)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("-0.1, 0.6, 0.5", "value 1 (-0.1) is outside [0, 1e+06]"),
        ("nan, 0.5, 0.5", "is not a finite number"),
        ("0.5, 0.5", "Soft target has 2 probabilities but there are 3 logits"),
        ("0, 0, 0", "Soft target is all zeros"),
    ],
)
def test_bad_soft_target(at, text, fragment):
    at.radio(key="target").set_value("soft").run()
    at.text_input(key="soft_text").set_value(text).run()
    assert not at.exception
    assert fragment in messages(at)
    assert inputs(at) == {**DEFAULTS, "target": "soft", "soft": text}


def test_uniform_soft_target_button(at):
    at.radio(key="target").set_value("soft").run()
    at.text_input(key="logits_text").set_value("1, 2, 3, 4").run()
    assert "Soft target has 3 probabilities but there are 4 logits" in messages(at)
    at.button(key="soft_uniform").click().run()
    assert not at.error
    assert metrics(at)["Loss L"] == expected_loss(logits=[1, 2, 3, 4], target=[0.25] * 4)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("-1, 1, 1", "value 1 (-1) is outside [0, 1e+06]"),
        ("nan, 1, 1", "is not a finite number"),
        ("1e300, 1, 1", "is outside [0, 1e+06]"),
        ("1, 2", "Class weights: 2 weights for 3 classes"),
        ("1, 2, 3, 4", "Class weights: 4 weights for 3 classes"),
    ],
)
def test_bad_weights(at, text, fragment):
    at.text_input(key="weights_text").set_value(text).run()
    assert not at.exception
    assert fragment in messages(at)
    assert inputs(at) == {**DEFAULTS, "weights": text}


def test_emptying_the_weights_means_every_weight_one(at):
    at.text_input(key="weights_text").set_value("1, 2").run()
    assert "Class weights: 2 weights" in messages(at)
    at.text_input(key="weights_text").set_value(" ").run()
    assert not at.error
    assert at.session_state["weights"] == []
    assert metrics(at)["Loss L"] == "0.6016 bits"


def test_zero_weights_give_zero_loss_and_nan_for_mean(at):
    at.text_input(key="weights_text").set_value("0, 0, 0").run()
    assert not at.exception
    assert metrics(at)["Loss L"] == "0.0000 bits"
    open_section(at, "Frameworks")
    assert at.table[0].value["loss (nats)"].iloc[0] == "nan"


@pytest.mark.parametrize(
    "lr, fragment",
    [
        (0.0, "Learning rate must be above 0 (it is 0)"),
        (-1.0, "a negative step climbs the loss"),
        (float("nan"), "Learning rate must be above 0"),  # the widget turns NaN into 0
        (1e300, "is above the limit 1e+06"),
    ],
)
def test_bad_learning_rate(at, lr, fragment):
    open_section(at, "Gradient step")
    at.number_input(key="lr").set_value(lr).run()
    assert not at.exception
    assert fragment in messages(at)
    assert at.button(key="step").disabled
    assert metrics(at)["Loss L"] == "0.6016 bits"


@pytest.mark.parametrize("shift", [1e9, -1e300])
def test_bad_shift(at, shift):
    open_section(at, "Adding a constant")
    at.number_input(key="shift").set_value(shift).run()
    assert not at.exception
    assert "beyond ±1e+06" in messages(at)
    assert metrics(at)["Loss L"] == "0.6016 bits"


def test_tiny_temperature_with_huge_logits(at):
    open_section(at, "Log-sum-exp")
    at.text_input(key="logits_text").set_value("1000000, -1000000, 0").run()
    at.slider(key="temperature").set_value(0.05).run()
    assert not at.exception
    assert metrics(at)["Loss L"] == expected_loss(logits=[1e6, -1e6, 0.0], temperature=0.05)
    at.number_input(key="cls").set_value(1).run()
    assert metrics(at)["Loss L"] == format_value(4e7 / math.log(2), "bits", 4)
    assert "Overflow" in messages(at)


# --- reset -------------------------------------------------------------------------------


def test_reset_restores_the_defaults(at):
    at.text_input(key="logits_text").set_value("5, 1, 1, 1").run()
    at.slider(key="temperature").set_value(3.0).run()
    at.slider(key="eps").set_value(0.3).run()
    open_section(at, "Gradient step")
    at.number_input(key="lr").set_value(0.5).run()
    at.button(key="step").click().run()
    assert "Loss after step 1" in metrics(at)
    open_section(at, "Frameworks")
    at.radio(key="target").set_value("soft").run()
    at.text_input(key="weights_text").set_value("x").run()
    at.button(key="reset_page").click().run()
    assert not at.exception
    assert inputs(at) == DEFAULTS
    assert not at.error
    assert metrics(at)["Loss L"] == "0.6016 bits"
    assert not any("after step" in label for label in metrics(at))
    assert dict(at.query_params) == {}
    assert np.asarray(at.session_state["logits"]).tolist() == Z


@pytest.mark.parametrize("unit", ["bits", "nats"])
def test_the_gradient_tab_lists_every_registered_loss_with_xentcores_numbers(unit):
    from xentcore.registry import LOSS_REGISTRY

    at = open_section(open_page({"unit": unit, "logits": "2,1,0.1", "cls": "1"}), "Loss & gradient")
    shown = page_text(at)
    scale = math.log(BASES[unit]) if BASES[unit] else 1.0
    for entry in LOSS_REGISTRY.values():
        weights = {p.name: [1.0, 1.0, 1.0] for p in entry.params if p.kind == "class_weights"}
        value = entry.loss([Z], [1], reduction="sum", **weights)
        grad = entry.grad([Z], [1], reduction="sum", **weights)[0]
        value_text = f"{value / scale:.4f} {unit}" if entry.has_unit else f"{value:.4f}"
        cells = [entry.label, value_text, *(f"{g:.4f}" for g in grad)]
        assert "| " + " | ".join(cells) + " |" in shown, entry.name


def test_the_quiz_tab_asks_for_a_softmax_loss_and_checks_it():
    from xentcore.exercises import make_exercise

    ex = make_exercise("loss", 4, base=None)
    at = open_section(open_page({"unit": "nats", "softmax_quiz_seed": "4"}), "Quiz")
    z = ", ".join(f"{v:g}" for v in ex.logits)
    assert any(f"Logits z = ({z}), true class y = {ex.target}." in m.value for m in at.markdown)
    at.text_input(key="softmax_quiz_answer").input(f"{ex.answer + 0.1:.2f}").run()
    at.button(key="softmax_quiz_check").click().run()
    assert f"the answer is {ex.answer:.4f} nats" in at.error[0].value
    at.text_input(key="softmax_quiz_answer").input("1e309").run()
    at.button(key="softmax_quiz_check").click().run()
    assert "1e309 is not a finite number" in at.error[0].value


def test_a_hostile_hide_value_is_refused_by_name_and_reaches_no_style_sheet():
    # ?hide= names go into the page's <style> (st.html): only control names may get there.
    hostile = "x}</style><script>alert(1)</script>"
    at = open_page({"hide": hostile, "logits": "1,2,9"})
    warnings = " ".join(w.value for w in at.warning)
    assert "The link's hide=" in warnings and "is not a control name" in warnings
    html = " ".join(str(e.proto) for e in at.get("html"))
    assert "<script" not in html and "alert(1)" not in html and "st-key-x" not in html
    assert at.text_input(key="logits_text").value == "1, 2, 9"  # the rest of the link stays
