"""Binary & multi-label page under AppTest: numbers from xentcore, presets, bad input, URL state."""

import math

import pytest
import sklearn.metrics
from app_helpers import enter_page, messages, metrics, open_tab
from streamlit.testing.v1 import AppTest

from explorer.binary.wording import format_loss
from explorer.presets import PRESETS
from explorer.text import format_value
from xentcore import binary_cross_entropy_with_logits, log_loss
from xentcore.binary import (
    bce_decomposition,
    bce_from_logit,
    bernoulli_entropy,
    dataset_losses,
    log_zero_conventions,
    multilabel_vs_softmax,
)

PAGE = "pages/4_Binary_and_multilabel.py"
TEN_YS = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
TEN_PS = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]
LN2 = math.log(2)


def open_page(query: dict[str, str] | None = None, before=None) -> AppTest:
    return enter_page(PAGE, query, before=before, timeout=15)


@pytest.fixture
def at() -> AppTest:
    return open_page()


def show(at: AppTest, tab: str) -> AppTest:
    return open_tab(at, "tab", tab)


def page_text(at: AppTest) -> str:
    parts = [*at.markdown.values, *(s.value for s in at.success), *(i.value for i in at.info)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return " ".join(parts)


def inputs(at: AppTest) -> dict:
    """Every input of the page, read from its URL-bound session value."""
    keys = ("prob", "target", "logit", "pos_weight", "ys", "ps", "scores", "multi_targets")
    return {k: at.session_state[k] for k in keys}


def type_list(at: AppTest, tab: str, key: str, text: str, lists: tuple[str, str]) -> None:
    """Type ``text`` into the list box ``key`` of ``tab``: no exception, and every input
    but the tab's two ``lists`` stays as it was."""
    show(at, tab)
    before = inputs(at)
    at.text_input(key=key).set_value(text).run()
    assert not at.exception
    others = {k: v for k, v in inputs(at).items() if k not in lists}
    assert others == {k: v for k, v in before.items() if k not in lists}


def bits(value: float) -> str:
    return format_loss(value, "bits", 4)


# ── defaults and every main input ─────────────────────────────────────────────────
def test_default_state_matches_xentcore(at):
    parts = bce_decomposition(0.7, 1.0, base=2)
    shown = metrics(at)
    assert shown["BCE(p, t)"] == bits(parts.bce) == "0.5146 bits"
    assert shown["H(t), the floor"] == "0.0000 bits"
    assert shown["KL(t‖p), the rest"] == bits(parts.kl)
    assert at.slider(key="prob_slider").value == 0.7
    assert at.number_input(key="target").value == 1.0
    assert at.session_state["tab"] == "BCE(x, x)"
    assert not at.error and not at.warning
    assert any(r"\log_2 0.7" in latex.value for latex in at.latex)


def test_unit_changes_every_number(at):
    at.radio(key="unit").set_value("nats").run()
    assert metrics(at)["BCE(p, t)"] == format_loss(-math.log(0.7), "nats", 4) == "0.3567 nats"
    at.radio(key="unit").set_value("hartleys").run()
    assert metrics(at)["BCE(p, t)"] == format_loss(-math.log10(0.7), "hartleys", 4)


def test_typed_probability_moves_the_numbers_and_the_slider(at):
    at.number_input(key="prob").set_value(0.25).run()
    assert metrics(at)["BCE(p, t)"] == bits(bce_decomposition(0.25, 1.0, base=2).bce)
    assert at.slider(key="prob_slider").value == 0.25


def test_slider_moves_the_numbers_and_the_box(at):
    at.slider(key="prob_slider").set_value(0.4).run()
    assert at.number_input(key="prob").value == 0.4
    assert metrics(at)["BCE(p, t)"] == bits(-math.log2(0.4))


def test_soft_target_gives_a_floor_and_a_kl_part(at):
    at.slider(key="target_slider").set_value(0.3).run()
    parts = bce_decomposition(0.7, 0.3, base=2)
    shown = metrics(at)
    assert at.number_input(key="target").value == 0.3
    assert shown["BCE(p, t)"] == bits(parts.bce)
    assert shown["H(t), the floor"] == bits(bernoulli_entropy(0.3, base=2)) == "0.8813 bits"
    assert shown["KL(t‖p), the rest"] == bits(parts.kl)


def test_bce_x_x_tab_explains_the_floor_and_sets_p_to_t(at):
    at.number_input(key="target").set_value(0.4).run()
    assert "H(t) = 0.9710 bits" in page_text(at)
    at.button(key="set_p_to_t").click().run()
    assert at.number_input(key="prob").value == 0.4
    assert metrics(at)["BCE(p, t)"] == bits(bernoulli_entropy(0.4, base=2))
    assert metrics(at)["KL(t‖p), the rest"] == "0.0000 bits"


def test_logit_tab_default_and_each_input(at):
    show(at, "From a logit")
    expected = bce_from_logit(0.85, 1.0, base=2)
    assert metrics(at)["BCE with logits"] == bits(expected.loss)
    assert metrics(at)["σ(x)"] == f"{expected.prob:.6g}" == "0.700567"
    at.number_input(key="logit").set_value(-2.0).run()
    loss = binary_cross_entropy_with_logits([-2.0], [1.0]) / LN2
    assert metrics(at)["BCE with logits"] == bits(loss)
    at.number_input(key="pos_weight").set_value(3.0).run()
    loss = binary_cross_entropy_with_logits([-2.0], [1.0], pos_weight=[3.0]) / LN2
    assert metrics(at)["BCE with logits"] == bits(loss)
    assert metrics(at)["∂L/∂x"] == format_loss(
        bce_from_logit(-2.0, 1.0, pos_weight=3.0, base=2).grad, "", 4
    )
    at.number_input(key="target").set_value(0.0).run()
    loss = binary_cross_entropy_with_logits([-2.0], [0.0], pos_weight=[3.0]) / LN2
    assert metrics(at)["BCE with logits"] == bits(loss)


def test_logit_and_pos_weight_survive_a_visit_to_another_tab(at):
    show(at, "From a logit")
    at.number_input(key="logit").set_value(4.0).run()
    show(at, "Dataset")
    show(at, "From a logit")
    assert at.number_input(key="logit").value == 4.0
    assert at.query_params["logit"] == ["4"] or at.query_params["logit"] == "4"


def test_dataset_tab_default_is_log_loss_and_each_list_changes_it(at):
    show(at, "Dataset")
    expected = log_loss(TEN_YS, TEN_PS) / LN2
    assert metrics(at)["Mean binary cross-entropy"] == bits(expected) == "0.3562 bits"
    assert metrics(at)["scikit-learn log_loss"] == bits(
        sklearn.metrics.log_loss(TEN_YS, TEN_PS) / LN2
    )
    assert "binary cross-entropy and log loss are the same quantity" in page_text(at)
    table = at.dataframe[0].value
    assert table["loss (bits)"].tolist() == pytest.approx(
        dataset_losses(TEN_YS, TEN_PS, base=2).per_sample.tolist()
    )
    at.text_input(key="ps_text").set_value("0.5, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3").run()
    ps = [0.5, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]
    assert metrics(at)["Mean binary cross-entropy"] == bits(log_loss(TEN_YS, ps) / LN2)
    at.text_input(key="ys_text").set_value("0 1 1 1 1 0 0 0 0 1").run()
    ys = [0, 1, 1, 1, 1, 0, 0, 0, 0, 1]
    assert metrics(at)["scikit-learn log_loss"] == bits(log_loss(ys, ps) / LN2)
    assert at.session_state["ys"] == ys


def test_multilabel_tab_default_and_each_list(at):
    show(at, "Multi-label")
    r = multilabel_vs_softmax([2.0, -1.0, 0.5], [1, 0, 1], base=2)
    shown = metrics(at)
    assert shown["Σ σ(z), sigmoids"] == "1.772"
    assert shown["Σ softmax(z)"] == "1"
    assert shown["Multi-label BCE (mean over classes)"] == bits(r.bce_mean)
    assert shown["Softmax cross-entropy"] == bits(r.softmax_loss)
    at.text_input(key="scores_text").set_value("3, 3, -3, 0").run()
    assert "scores has 4 classes but targets has 3 values" in messages(at)
    at.text_input(key="multi_targets_text").set_value("1, 1, 0, 0").run()
    r = multilabel_vs_softmax([3, 3, -3, 0], [1, 1, 0, 0], base=2)
    shown = metrics(at)
    assert shown["Multi-label BCE (mean over classes)"] == bits(r.bce_mean)
    assert shown["Softmax cross-entropy"] == bits(r.softmax_loss) == "1.0372 bits"
    assert at.dataframe[0].value["σ(z)"].tolist() == pytest.approx(r.sigmoid_probs.tolist())


def test_log_zero_tab_table(at):
    at.radio(key="unit").set_value("nats").run()
    show(at, "log(0)")
    table = at.dataframe[0].value
    assert table["case"].tolist() == ["p = 0, label 1", "p = 1, label 0", "your p = 0.7, t = 1"]
    assert table["exact"].tolist()[:2] == ["∞ nats", "∞ nats"]
    assert table["PyTorch BCELoss"].tolist()[0] == "100.0000 nats"
    assert table["Keras BinaryCrossentropy"].tolist()[0] == "16.1181 nats"
    assert table["scikit-learn log_loss"].tolist()[0] == "36.0437 nats"
    mine = log_zero_conventions(0.7, 1.0)
    assert table["scikit-learn log_loss"].tolist()[2] == format_loss(mine.sklearn, "nats", 4)
    at.number_input(key="prob").set_value(1e-9).run()
    table = at.dataframe[0].value
    assert table["case"].tolist()[2] == "your p = 1e-09, t = 1"
    assert table["Keras BinaryCrossentropy"].tolist()[2] == "16.1181 nats"  # clipped at 1e-7
    assert table["PyTorch BCELoss"].tolist()[2] == format_loss(-math.log(1e-9), "nats", 4)


# ── presets ───────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("preset", [p for p in PRESETS if p.page == PAGE], ids=lambda p: p.id)
def test_every_preset_button_shows_its_worked_example(at, preset):
    at.button(key=f"preset_{preset.id}").click().run()
    assert not at.exception
    line = f"Worked example {preset.example}: {preset.quantity} = {preset.expected}"
    assert line in [s.value for s in at.success]
    assert preset.expected in page_text(at)


@pytest.mark.parametrize("preset", [p for p in PRESETS if p.page == PAGE], ids=lambda p: p.id)
def test_every_preset_link_shows_its_worked_example(preset):
    at = open_page({"preset": preset.id})
    assert f"{preset.quantity} = {preset.expected}" in page_text(at)


def test_worked_example_6_is_computed_live(at):
    at.button(key="preset_ten-labels").click().run()
    assert at.session_state["tab"] == "Dataset"
    assert metrics(at)["Mean binary cross-entropy"] == "0.2469 nats"
    expected = format_value(dataset_losses(TEN_YS, TEN_PS).mean_bce, "nats", 3)
    assert f"Worked example 6: mean binary cross-entropy = {expected}" in page_text(at)
    at.text_input(key="ps_text").set_value("0.9, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3").run()
    assert "Worked example 6" not in page_text(at)  # no longer the worked example


def test_worked_example_10(at):
    at.button(key="preset_bce-self").click().run()
    assert metrics(at)["BCE(p, t)"] == "0.6730 nats"
    assert metrics(at)["H(t), the floor"] == "0.6730 nats"
    assert "Worked example 10: BCE(0.4, 0.4) = 0.6730 nats" in page_text(at)


# ── hostile input: a message naming the field, no exception, other inputs kept ────
@pytest.mark.parametrize(
    "key, value, expected",
    [
        (
            "prob",
            -0.2,
            "Predicted probability p: prob must be probabilities in [0, 1], but has -0.2",
        ),
        ("prob", 1.3, "Predicted probability p: prob must be probabilities in [0, 1], but has 1.3"),
        ("target", 1.5, "Target t: target must be probabilities in [0, 1], but has 1.5"),
        ("target", -1.0, "Target t: target must be probabilities in [0, 1], but has -1.0"),
        ("prob", 1e300, "Predicted probability p: prob must be probabilities in [0, 1]"),
    ],
)
def test_bad_probability_or_target(at, key, value, expected):
    before = inputs(at)
    at.number_input(key=key).set_value(value).run()
    assert not at.exception
    assert expected in messages(at)
    assert "Type a" in messages(at)
    assert {k: v for k, v in inputs(at).items() if k != key} == {
        k: v for k, v in before.items() if k != key
    }
    assert at.number_input(key=key).value == value  # kept as typed, not reset
    assert at.slider(key=f"{key}_slider").value == before[key]  # the slider stays valid


def test_nan_probability_becomes_zero_and_shows_infinity(at):
    # Streamlit's number_input turns NaN into 0.0 (checked on 1.67).
    at.number_input(key="prob").set_value(float("nan")).run()
    assert not at.exception
    assert at.number_input(key="prob").value == 0.0
    assert metrics(at)["BCE(p, t)"] == bits(100 / LN2)
    assert "the exact loss is ∞" in messages(at)


def test_a_bad_target_also_explains_itself_in_the_other_tabs(at):
    at.number_input(key="target").set_value(2.0).run()
    assert "appears once the target t above is a number from 0 to 1" in at.info[0].value
    show(at, "From a logit")
    assert "Target t: target must be <= 1.0, got 2.0" in messages(at)
    show(at, "log(0)")
    assert at.dataframe[0].value["case"].tolist() == ["p = 0, label 1", "p = 1, label 0"]


def test_huge_logit_is_exact(at):
    show(at, "From a logit")
    at.number_input(key="target").set_value(0.0)
    at.number_input(key="logit").set_value(1e300).run()
    assert not at.exception
    at.radio(key="unit").set_value("nats").run()
    assert metrics(at)["BCE with logits"] == "1e+300 nats"
    assert "**100.0000 nats**, against **1e+300 nats** from the logit" in page_text(at)


def test_overflowing_pos_weight_is_explained(at):
    show(at, "From a logit")
    at.number_input(key="logit").set_value(-1e300)
    at.number_input(key="pos_weight").set_value(1e10).run()
    assert not at.exception
    assert metrics(at)["BCE with logits"] == "∞ bits"
    assert "larger than the largest float64 number" in messages(at)


@pytest.mark.parametrize(
    "key, value, expected",
    [
        ("pos_weight", -1.0, "pos_weight w₊: pos_weight must be >= 0.0, got -1.0"),
        ("logit", float("inf"), None),  # Streamlit turns ±inf into a finite value or 0
    ],
)
def test_bad_logit_inputs(at, key, value, expected):
    show(at, "From a logit")
    before = inputs(at)
    at.number_input(key=key).set_value(value).run()
    assert not at.exception
    if expected:
        assert expected in messages(at)
        assert "Type a weight of 0 or more" in messages(at)
    assert {k: v for k, v in inputs(at).items() if k != key} == {
        k: v for k, v in before.items() if k != key
    }


@pytest.mark.parametrize(
    "key, text, expected",
    [
        (
            "ys_text",
            "1, 2, 1, 1, 1, 0, 0, 0, 0, 0",
            "Labels y: ys must be labels 0 or 1, but has 2.0",
        ),
        ("ys_text", "1, 0, 1", "ys has 3 labels but ps has 10 probabilities"),
        ("ys_text", "", "Labels y (0 or 1) is empty"),
        ("ps_text", "", "Predicted P(y = 1) is empty"),
        ("ps_text", "-0.2, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3", "but has -0.2 at index 0"),
        ("ps_text", "0.8, nan", "item 2 ('nan') is not a finite number"),
        ("ps_text", "0." + "9" * 4998, "the text is 5,000 characters long"),
        ("ys_text", "yes, no", "item 1 ('yes') is not a number"),
    ],
)
def test_bad_dataset_lists(at, key, text, expected):
    type_list(at, "Dataset", key, text, ("ys", "ps"))
    assert expected in messages(at)
    assert not at.metric or "Mean binary cross-entropy" not in metrics(at)
    assert at.text_input(key=key).value == text  # what the user typed stays
    # and the other list is untouched
    other = "ps_text" if key == "ys_text" else "ys_text"
    assert at.text_input(key=other).value == (
        "1, 1, 1, 1, 1, 0, 0, 0, 0, 0"
        if other == "ys_text"
        else "0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3"
    )


@pytest.mark.parametrize(
    "key, text, expected",
    [
        ("scores_text", "2", "Scores z (logits), one per class has 1 numbers; give 2 to 10"),
        ("scores_text", ", ".join(["1"] * 11), "has 11 numbers; give 2 to 10"),
        ("scores_text", "abc, 1, 2", "item 1 ('abc') is not a number"),
        ("multi_targets_text", "1, 2, 0", "targets must be probabilities in [0, 1], but has 2.0"),
        ("multi_targets_text", "1, 0", "scores has 3 classes but targets has 2 values"),
        ("multi_targets_text", "", "Multi-hot target y, one per class is empty"),
        ("multi_targets_text", "0, 0, 0", "the softmax loss is undefined"),
    ],
)
def test_bad_multilabel_lists(at, key, text, expected):
    type_list(at, "Multi-label", key, text, ("scores", "multi_targets"))
    assert expected in messages(at)


def test_huge_scores_are_fine(at):
    show(at, "Multi-label")
    at.text_input(key="scores_text").set_value("1e300, -1e300, 0").run()
    assert not at.exception
    assert metrics(at)["Multi-label BCE (mean over classes)"] == bits(
        multilabel_vs_softmax([1e300, -1e300, 0], [1, 0, 1], base=2).bce_mean
    )


# ── URL state ─────────────────────────────────────────────────────────────────────
def test_url_opens_that_state():
    at = open_page(
        {
            "prob": "0.25",
            "target": "0.5",
            "unit": "nats",
            "tab": "Multi-label",
            "scores": "1,2,3",
            "multi_targets": "0,1,1",
        }
    )
    assert metrics(at)["BCE(p, t)"] == format_loss(bce_decomposition(0.25, 0.5).bce, "nats", 4)
    r = multilabel_vs_softmax([1, 2, 3], [0, 1, 1])
    assert metrics(at)["Softmax cross-entropy"] == format_loss(r.softmax_loss, "nats", 4)
    assert at.text_input(key="scores_text").value == "1, 2, 3"


def test_changes_are_written_to_the_url(at):
    at.number_input(key="prob").set_value(0.25).run()
    show(at, "Dataset")
    at.text_input(key="ys_text").set_value("1, 0, 1, 1, 1, 0, 0, 0, 0, 0").run()
    query = at.query_params
    assert query["prob"] in ("0.25", ["0.25"])
    assert query["ys"] in ("1,0,1,1,1,0,0,0,0,0", ["1,0,1,1,1,0,0,0,0,0"])
    assert query["tab"] in ("Dataset", ["Dataset"])


@pytest.mark.parametrize(
    "key, value, expected",
    [
        ("prob", "abc", "The link's prob='abc' was not used: not a number"),
        ("prob", "-0.2", "-0.2 is outside [0, 1]"),
        ("prob", "nan", "not a finite number"),
        ("target", "1.3", "1.3 is outside [0, 1]"),
        ("logit", "inf", "The link's logit='inf' was not used"),
        ("pos_weight", "-1", "-1 is outside [0, inf]"),
        ("ys", "1,2,x", "The link's ys='1,2,x' was not used"),
        ("ps", "x" * 5000, "it is 5,000 characters long"),
        ("scores", "1", "has 1 values, not 2 to 10"),
        ("tab", "nope", "The link's tab='nope' was not used: not one of the choices"),
        ("preset", "nope", "The link's preset='nope' is not a preset of this page"),
    ],
)
def test_garbage_url_parameter_gives_a_notice_and_the_default(key, value, expected):
    at = open_page({key: value})
    notices = " ".join(w.value for w in at.warning)
    assert expected in notices
    assert metrics(at)["BCE(p, t)"] == "0.5146 bits"  # everything else at its default


def test_a_value_of_another_kind_left_by_another_page_falls_back_to_the_default():
    # The Softmax page keeps "target" as a choice ("class"/"soft") under the same key.
    at = open_page(before=lambda a: a.session_state.__setitem__("target", "class"))
    assert at.number_input(key="target").value == 1.0
    assert metrics(at)["BCE(p, t)"] == "0.5146 bits"


# ── reset ─────────────────────────────────────────────────────────────────────────
def test_reset_restores_every_default(at):
    defaults = inputs(at)
    at.number_input(key="prob").set_value(-0.2)
    at.number_input(key="target").set_value(0.3).run()
    show(at, "Dataset")
    at.text_input(key="ys_text").set_value("garbage").run()
    show(at, "From a logit")
    at.number_input(key="logit").set_value(5.0).run()
    at.button(key="reset_page").click().run()
    assert not at.exception
    assert inputs(at) == defaults
    assert at.session_state["tab"] == "BCE(x, x)"
    assert metrics(at)["BCE(p, t)"] == "0.5146 bits"
    assert not at.error
    show(at, "Dataset")
    assert at.text_input(key="ys_text").value == "1, 1, 1, 1, 1, 0, 0, 0, 0, 0"
    show(at, "From a logit")
    assert at.number_input(key="logit").value == 0.85
