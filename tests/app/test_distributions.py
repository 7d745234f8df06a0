"""Distributions page under AppTest: every input moves the numbers xentcore gives.

The table is a data_editor: AppTest cannot type into it, so edits are made the way the
browser reports them, by setting its session state.
"""

import math

import pytest
from app_helpers import enter_page, messages, metrics, open_tab
from streamlit.testing.v1 import AppTest

from explorer.presets import PRESETS, presets_for
from explorer.text import format_value
from xentcore import (
    KERAS_EPSILON,
    SKLEARN_EPSILON,
    TEXTBOOK_EPSILON,
    clipped_cross_entropy,
    cross_entropy,
    entropy,
    js_divergence,
    kl_divergence,
    normalize,
)
from xentcore.decomposition import blend

PAGE = "pages/1_Distributions.py"
EDITOR = "dist_editor"

NAMES = ["red", "green", "blue"]
P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]
METRIC_MEASURES = {
    "Cross-entropy H(P,Q)": lambda p, q, b: cross_entropy(p, q, base=b),
    "Entropy H(P)": lambda p, q, b: entropy(p, base=b),
    "KL divergence KL(P‖Q)": lambda p, q, b: kl_divergence(p, q, base=b),
    "Jensen–Shannon JS(P,Q)": lambda p, q, b: js_divergence(p, q, base=b),
    "Reversed H(Q,P)": lambda p, q, b: cross_entropy(q, p, base=b),
    "Entropy H(Q)": lambda p, q, b: entropy(q, base=b),
    "Reversed KL(Q‖P)": lambda p, q, b: kl_divergence(q, p, base=b),
}
BASES = {"bits": 2, "nats": None, "hartleys": 10}


def open_page(query: dict[str, str] | None = None) -> AppTest:
    return enter_page(PAGE, query)


at = pytest.fixture(open_page, name="at")  # the page as a fresh visit opens it


def edit(at: AppTest, edited=None, added=None, deleted=None) -> AppTest:
    """Apply data_editor deltas (row positions of the table as the page built it)."""
    at.session_state[EDITOR] = {
        "edited_rows": edited or {},
        "added_rows": added or [],
        "deleted_rows": deleted or [],
    }
    at.run()
    assert not at.exception
    return at


def page_text(at: AppTest) -> str:
    parts = [*at.markdown, *at.success, *at.info, *at.error, *at.warning, *at.caption]
    return " ".join(e.value for e in parts)


def expected_metrics(p, q, unit) -> dict[str, str]:
    b = BASES[unit]
    # "+ 0.0": xentcore.entropy([0, 1, 0]) is -0.0, which the page shows as 0.000.
    return {label: format_value(f(p, q, b) + 0.0, unit) for label, f in METRIC_MEASURES.items()}


def assert_measures(at: AppTest, p, q, unit="bits"):
    shown = metrics(at)
    for label, value in expected_metrics(p, q, unit).items():
        assert shown[label] == value, label


def show_section(at: AppTest, section: str) -> AppTest:
    """Open one of the lazy tabs below the measures (only the open one is drawn)."""
    return open_tab(at, "dist_section", section)


def per_class_table(at: AppTest):
    """The per-class table, in the "Class by class" tab (opened first)."""
    return show_section(at, "Class by class").dataframe[1].value


# ---------------------------------------------------------------- defaults and units


def test_default_is_worked_example_one(at):
    shown = metrics(at)
    assert shown["Cross-entropy H(P,Q)"] == "3.288 bits"
    assert shown["Reversed H(Q,P)"] == "2.906 bits"
    assert shown["Entropy H(P)"] == "1.361 bits"
    assert shown["KL divergence KL(P‖Q)"] == "1.927 bits"
    assert_measures(at, P, Q)
    assert "Worked example 1: H(P,Q) = 3.288 bits" in at.success[0].value
    assert not at.error and not at.warning
    assert at.dataframe[0].value.to_dict("list") == {"Class": NAMES, "P": P, "Q": Q}


@pytest.mark.parametrize("unit", ["nats", "hartleys"])
def test_unit_changes_every_measure(at, unit):
    at.radio(key="unit").set_value(unit).run()
    assert not at.exception
    assert_measures(at, P, Q, unit)
    if unit == "nats":
        assert metrics(at)["KL divergence KL(P‖Q)"] == "1.336 nats"
    table = per_class_table(at)
    assert f"−p·log q ({unit})" in table.columns
    assert table[f"−p·log q ({unit})"].iloc[-1] == pytest.approx(
        cross_entropy(P, Q, base=BASES[unit]), rel=1e-12
    )


def test_per_class_table_terms_and_sums(at):
    table = per_class_table(at)
    assert list(table["Class"]) == [*NAMES, "Σ (sum)"]
    assert list(table["surprisal −log q (bits)"][:3]) == pytest.approx(
        [-math.log2(v) for v in Q], rel=1e-14
    )
    assert list(table["−p·log q (bits)"][:3]) == pytest.approx(
        [-p * math.log2(q) for p, q in zip(P, Q, strict=True)], rel=1e-14
    )
    assert list(table["p·log(p/q) (bits)"][:3]) == pytest.approx(
        [p * math.log2(p / q) for p, q in zip(P, Q, strict=True)], rel=1e-14
    )
    assert table["p·log(p/q) (bits)"].iloc[-1] == pytest.approx(kl_divergence(P, Q, base=2))
    button = at.get("download_button")[0]
    assert button.label == "Download this table (CSV)"


# ---------------------------------------------------------------- each input


def test_editing_p_changes_the_numbers(at):
    edit(at, edited={0: {"P": 0.2}, 1: {"P": 0.3}})
    p = [0.2, 0.3, 0.5]
    assert_measures(at, p, Q)
    assert not at.success  # no longer a worked example
    assert at.query_params["p"] == "0.2,0.3,0.5"


def test_editing_q_changes_the_numbers(at):
    edit(at, edited={0: {"Q": 0.6}, 2: {"Q": 0.25}})
    q = [0.6, 0.15, 0.25]
    assert_measures(at, P, q)
    assert at.query_params["q"] == "0.6,0.15,0.25"


def test_renaming_a_class_shows_in_the_table_and_the_link(at):
    edit(at, edited={1: {"Class": "lime"}})
    assert list(per_class_table(at)["Class"][:3]) == ["red", "lime", "blue"]
    assert at.query_params["names"] == "red,lime,blue"
    assert_measures(at, P, Q)


def test_adding_a_class_with_zero_probability(at):
    edit(at, added=[{"Class": "yellow", "P": 0.0, "Q": 0.0}])
    table = per_class_table(at)
    assert list(table["Class"]) == [*NAMES, "yellow", "Σ (sum)"]
    assert_measures(at, [*P, 0.0], [*Q, 0.0])
    assert at.query_params["names"] == "red,green,blue,yellow"


def test_walk_slider_moves_q_toward_p(at):
    at.slider(key="walk").set_value(0.5).run()
    assert not at.exception
    q_half = blend(P, Q, 0.5)
    shown = metrics(at)
    assert shown["H(P, Qₜ) at t = 0.50"] == format_value(cross_entropy(P, q_half, base=2), "bits")
    assert shown["KL(P‖Qₜ) at t = 0.50"] == format_value(kl_divergence(P, q_half, base=2), "bits")
    assert shown["Cross-entropy H(P,Q)"] == "3.288 bits"  # the table itself is unchanged
    assert at.query_params["walk"] == "0.5"
    at.slider(key="walk").set_value(1.0).run()
    assert metrics(at)["KL(P‖Qₜ) at t = 1.00"] == "0.000 bits"


def test_sections_are_lazy_tabs_and_the_walk_survives_the_other_tab(at):
    assert at.session_state["dist_section"] == "Walk Q toward P"
    assert len(at.dataframe) == 1  # only the editor: the per-class table is not drawn
    at.slider(key="walk").set_value(0.5).run()
    show_section(at, "Class by class")
    assert not at.slider  # the walk's tab is closed...
    assert at.query_params["walk"] == "0.5"  # ...but its value stays in the link
    assert at.query_params["dist_section"] == "Class by class"
    assert metrics(at)["Cross-entropy H(P,Q)"] == "3.288 bits"  # the headline stays
    show_section(at, "Walk Q toward P")
    assert at.slider(key="walk").value == 0.5
    assert "dist_section" not in at.query_params  # the default tab is not in the link


def test_a_link_opens_the_class_by_class_tab():
    at = open_page({"dist_section": "Class by class"})
    assert list(at.dataframe[1].value["Class"]) == [*NAMES, "Σ (sum)"]


# ---------------------------------------------------------------- renormalise


def test_deleting_a_row_asks_to_renormalise_then_renormalise_fixes_it(at):
    edit(at, deleted=[2])  # without blue, P sums to 0.5 and Q to 0.95
    text = messages(at)
    assert "P sums to 0.5, not 1" in text and "Q sums to 0.95, not 1" in text
    assert not at.metric
    at.button(key="renormalise_P").click().run()
    assert not at.exception
    assert "Q sums to 0.95" in messages(at) and "P sums" not in messages(at)
    at.button(key="renormalise_Q").click().run()
    assert not at.exception and not at.error
    p, q = normalize([0.1, 0.4]).tolist(), normalize([0.8, 0.15]).tolist()
    assert at.dataframe[0].value.to_dict("list") == {"Class": ["red", "green"], "P": p, "Q": q}
    assert_measures(at, p, q)


def test_renormalise_after_adding_a_row_does_not_duplicate_it(at):
    edit(at, added=[{"Class": "yellow", "P": 0.25, "Q": 0.0}])
    assert "P sums to 1.25, not 1" in messages(at)
    at.button(key="renormalise_P").click().run()
    at.run()  # one more rerun: the added row must not come back twice
    assert not at.exception
    assert list(at.dataframe[0].value["Class"]) == [*NAMES, "yellow"]
    p = normalize([*P, 0.25]).tolist()
    assert_measures(at, p, [*Q, 0.0])


def test_counts_above_one_can_be_renormalised(at):
    edit(at, edited={0: {"P": 26.0}, 1: {"P": 4.0}, 2: {"P": 0.0}})
    text = messages(at)
    assert "Row 1 (red): P is 26, above 1" in text and "Renormalise P" in text
    at.button(key="renormalise_P").click().run()
    assert not at.error
    assert_measures(at, [26 / 30, 4 / 30, 0.0], Q)


# ---------------------------------------------------------------- zeros


def test_zero_prediction_names_the_class_and_shows_each_clip(at):
    edit(at, edited={0: {"Q": 0.85}, 2: {"Q": 0.0}})
    q = [0.85, 0.15, 0.0]
    shown = metrics(at)
    assert shown["Cross-entropy H(P,Q)"] == "∞ bits"
    assert shown["KL divergence KL(P‖Q)"] == "∞ bits"
    assert_measures(at, P, q)
    warning = " ".join(w.value for w in at.warning)
    assert "H(P,Q) and KL(P‖Q) are ∞" in warning and "**blue** (P = 0.5)" in warning
    for name, eps in (
        ("Textbook", TEXTBOOK_EPSILON),
        ("Keras", KERAS_EPSILON),
        ("scikit-learn", SKLEARN_EPSILON),
    ):
        label = f"H(P,Q), {name} clip ε = {eps:.3g}"
        assert shown[label] == format_value(clipped_cross_entropy(P, q, eps=eps, base=2), "bits")
    assert shown["H(P,Q), Keras clip ε = 1e-07"] == "12.745 bits"


def test_one_hot_p_makes_the_reverse_infinite_and_says_why():
    at = open_page({"preset": "one-hot"})
    warning = " ".join(w.value for w in at.warning)
    assert "H(Q,P) and KL(Q‖P) are ∞" in warning
    assert "**cat** (Q = 0.228)" in warning and "**bird** (Q = 0.153)" in warning
    assert metrics(at)["Reversed H(Q,P)"] == "∞ nats"


# ---------------------------------------------------------------- presets


@pytest.mark.parametrize("preset", [p for p in PRESETS if p.page == PAGE], ids=lambda p: p.id)
def test_every_preset_button_shows_its_worked_example(at, preset):
    edit(at, edited={0: {"P": 0.3}})  # presets also replace edits in progress
    at.radio(key="unit").set_value("hartleys").run()
    at.button_group(key="dist_preset").set_value(preset.id).run()
    assert not at.exception
    line = at.success[0].value
    assert f"Worked example {preset.example}: {preset.quantity} = {preset.expected}" in line
    assert at.radio(key="unit").value == preset.values["unit"]
    values = preset.values
    assert at.dataframe[0].value.to_dict("list") == {
        "Class": values["names"],
        "P": values["p"],
        "Q": values["q"],
    }
    assert_measures(at, values["p"], values["q"], values["unit"])


def test_the_pills_show_the_example_the_table_matches(at):
    pills = at.button_group(key="dist_preset")
    assert pills.value == "colours"  # the default table is worked example 1
    colours = next(p for p in PRESETS if p.id == "colours")
    assert pills.options[0] == f"1. {colours.title}"
    pills.set_value(None).run()  # clicking the active example again changes nothing
    assert at.button_group(key="dist_preset").value == "colours"
    assert "Worked example 1: H(P,Q) = 3.288 bits" in at.success[0].value
    edit(at, edited={0: {"P": 0.2, "Q": 0.7}})
    assert at.button_group(key="dist_preset").value is None and not at.success
    at.button_group(key="dist_preset").set_value("same").run()
    assert at.button_group(key="dist_preset").value == "same"
    assert "Worked example 9" in at.success[0].value


def test_preset_link_opens_the_preset():
    at = open_page({"preset": "terrible"})
    assert "Worked example 4: H(P,Q) = 6.9078 nats" in at.success[0].value
    assert at.radio(key="unit").value == "nats"


def test_page_presets_are_the_documented_ones():
    assert set(presets_for(PAGE)) == {
        "colours",
        "one-hot",
        "great",
        "terrible",
        "undecided",
        "shapes",
        "one-shape",
        "same",
    }


# ---------------------------------------------------------------- hostile values

HOSTILE = {
    "negative": ({0: {"P": -0.1}}, "Row 1 (red): P is -0.1, below 0"),
    "NaN": ({1: {"Q": float("nan")}}, "Row 2 (green): Q is empty"),
    "empty cell": ({1: {"P": None}}, "Row 2 (green): P is empty"),
    "text": ({2: {"Q": "abc"}}, "Row 3 (blue): Q is empty"),  # the editor drops text
    "1e300": ({2: {"P": 1e300}}, "Row 3 (blue): P is 1e+300, above 1"),
    "above one": ({0: {"Q": 1.5}}, "Row 1 (red): Q is 1.5, above 1"),
    "empty name": ({1: {"Class": ""}}, "Row 2: the class name is empty"),
    "blank name": ({1: {"Class": "   "}}, "Row 2: the class name is empty"),
    "duplicate name": ({2: {"Class": "red"}}, "Rows 1 and 3 are both called red"),
    "long name": ({0: {"Class": "x" * 5000}}, "Row 1: the class name is 5,000 characters long"),
    "comma in name": ({0: {"Class": "a,b"}}, "the class name contains a comma"),
    "line break in name": ({0: {"Class": "a\nb"}}, "contains a line break"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_cell_gets_a_message_and_other_inputs_stay(at, case):
    at.radio(key="unit").set_value("nats").run()
    at.slider(key="walk").set_value(0.25).run()
    kept = {0: {"Q": 0.7}, 1: {"Q": 0.25}}  # an earlier edit that must survive
    edit(at, edited=kept)
    rows, message = HOSTILE[case]
    merged = {row: dict(change) for row, change in kept.items()}
    for row, change in rows.items():
        merged.setdefault(row, {}).update(change)  # the browser merges a row's edits
    edit(at, edited=merged)
    assert message in messages(at)
    assert not any(m.label.startswith("Cross-entropy") for m in at.metric)
    # The other inputs are untouched: the unit, the slider, the other cells.
    assert at.radio(key="unit").value == "nats"
    assert at.slider(key="walk").value == 0.25
    # Undo only the hostile cell: the earlier edit is still there.
    edit(at, edited=kept)
    assert_measures(at, P, [0.7, 0.25, 0.05], "nats")


def test_zero_everywhere_in_a_column(at):
    edit(at, edited={0: {"P": 0.0}, 1: {"P": 0.0}, 2: {"P": 0.0}})
    assert "P is all zeros. Give at least one event a positive probability." in messages(at)
    assert not any(b.key == "renormalise_P" for b in at.button)  # nothing to divide by


def test_emptied_table(at):
    edit(at, deleted=[0, 1, 2])
    assert "The table is empty. Add at least 2 classes" in messages(at)
    assert not any(m.label.startswith("Cross") for m in at.metric)
    assert at.radio(key="unit").value == "bits"
    assert at.slider(key="walk").disabled


def test_one_row_is_too_few(at):
    edit(at, deleted=[1, 2])
    assert "only 1 class; a distribution needs at least 2" in messages(at)


def test_more_than_fifty_rows(at):
    rows = [{"Class": f"c{i}", "P": 0.0, "Q": 0.0} for i in range(48)]
    edit(at, added=rows)
    assert "The table has 51 classes; at most 50" in messages(at)
    rows.pop()
    edit(at, added=rows)  # 50 is fine
    assert not at.error
    assert_measures(at, [*P, *[0.0] * 47], [*Q, *[0.0] * 47])


def test_many_bad_rows_are_summarised(at):
    rows = [{"Class": "", "P": -1.0, "Q": None} for _ in range(20)]
    edit(at, added=rows)
    assert any("more problems of the same kind" in e.value for e in at.error)
    assert len(at.error) <= 14


def test_markdown_in_a_class_name_is_shown_as_text(at):
    edit(at, edited={0: {"Class": "[x](http://e.vil)", "Q": 0.0}, 2: {"Q": 0.85}})
    warning = " ".join(w.value for w in at.warning)
    assert "\\[x\\]\\(http\\://e\\.vil\\)" in warning  # escaped: no link
    assert per_class_table(at)["Class"][0] == "[x](http://e.vil)"


# ---------------------------------------------------------------- URL state


def test_link_with_parameters_opens_that_state():
    at = open_page({"names": "a,b", "p": "0.3,0.7", "q": "0.6,0.4", "unit": "nats", "walk": "0.5"})
    assert not at.warning
    assert_measures(at, [0.3, 0.7], [0.6, 0.4], "nats")
    assert at.slider(key="walk").value == 0.5
    assert at.radio(key="unit").value == "nats"
    assert list(at.dataframe[0].value["Class"]) == ["a", "b"]


@pytest.mark.parametrize(
    ("key", "value", "notice"),
    [
        ("p", "abc", "The link's p='abc' was not used"),
        ("q", "0.5,-0.5", "The link's q='0.5,-0.5' was not used"),
        ("p", "1e300,0", "outside [0, 1]"),
        ("names", "a,,b", "has an empty name"),
        ("names", "x" * 5000, "5,000 characters long"),
        ("walk", "nan", "The link's walk='nan' was not used"),
        ("walk", "7", "7 is outside [0, 1]"),
        ("unit", "furlongs", "The link's unit='furlongs' was not used"),
        ("preset", "nope", "preset='nope' is not a preset of this page"),
    ],
)
def test_garbage_link_parameter_gives_a_notice_and_the_default(key, value, notice):
    at = open_page({key: value, **({"unit": "nats"} if key != "unit" else {})})
    assert notice in messages(at)
    assert_measures(at, P, Q, "nats" if key != "unit" else "bits")  # the rest still works


def test_a_garbage_link_value_leaves_the_other_link_values_alone():
    at = open_page({"names": "x,y,z", "p": "0.1,abc,0.5", "q": "0.2,0.3,0.5", "unit": "nats"})
    assert "The link's p='0.1,abc,0.5' was not used: value 2 ('abc')" in messages(at)
    assert list(at.dataframe[0].value["Class"]) == ["x", "y", "z"]
    assert_measures(at, P, [0.2, 0.3, 0.5], "nats")


def test_link_with_columns_of_different_lengths_names_the_missing_cell():
    at = open_page({"p": "0.5,0.5"})
    assert "Row 3 (blue): P is empty" in messages(at)


def test_edits_survive_a_visit_to_another_page(at):
    edit(at, edited={0: {"Q": 0.7}, 1: {"Q": 0.25}})
    at.switch_page("app.py")
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    assert_measures(at, P, [0.7, 0.25, 0.05])
    assert at.query_params["q"] == "0.7,0.25,0.05"


# ---------------------------------------------------------------- reset, math, code


def test_reset_restores_the_defaults(at):
    edit(at, edited={0: {"P": 0.2}, 1: {"P": 0.3}}, added=[{"Class": "x", "P": 0.0, "Q": 0.0}])
    at.slider(key="walk").set_value(0.75).run()
    at.button(key="reset_page").click().run()
    assert not at.exception
    assert at.dataframe[0].value.to_dict("list") == {"Class": NAMES, "P": P, "Q": Q}
    assert at.slider(key="walk").value == 0.0
    assert metrics(at)["Cross-entropy H(P,Q)"] == "3.288 bits"
    assert "Worked example 1" in at.success[0].value
    assert not at.query_params.get("p")


def test_math_and_code_are_built_only_when_opened(at):
    assert not at.latex and not at.code  # lazy tabs: drawn only while open


def test_show_the_math_substitutes_the_numbers(at):
    show_section(at, "Show the math")  # the learner opens the tab
    latex = " ".join(e.value for e in at.latex)
    assert r"0.1 \log_2 0.8 + 0.4 \log_2 0.15 + 0.5 \log_2 0.05" in latex
    assert r"3.2879\ \text{bits}" in latex and r"1.9270\ \text{bits}" in latex


def test_as_code_holds_the_users_values(at):
    at.session_state["dist_section"] = "As code"
    edit(at, edited={0: {"Q": 0.7}, 1: {"Q": 0.25}})
    code = at.code[0].value
    assert "q = np.array([0.7, 0.25, 0.05])" in code
    assert (
        f"# H(P,Q) = {format_value(cross_entropy(P, [0.7, 0.25, 0.05], base=2), 'bits', 4)}" in code
    )


@pytest.mark.parametrize("kind", ["cross_entropy", "entropy", "kl_divergence"])
def test_the_quiz_tab_checks_an_answer_against_xentcore(kind):
    from xentcore.exercises import make_exercise

    ex = make_exercise(kind, 9, base=2)
    at = enter_page(
        "pages/1_Distributions.py",
        {"dist_section": "Quiz", "dist_quiz_seed": "9", "dist_quiz_kind": kind},
    )
    assert any("**Question 9.**" in m.value for m in at.markdown)
    at.text_input(key="dist_quiz_answer").input(f"{ex.answer:.2f}").run()
    at.button(key="dist_quiz_check").click().run()
    assert any("Right:" in s.value for s in at.success)  # beside the worked-example line
    at.text_input(key="dist_quiz_answer").input("abc").run()
    at.button(key="dist_quiz_check").click().run()
    assert any("Your answer: 'abc' is not a number" in e.value for e in at.error)
    assert at.query_params["dist_quiz_seed"] == "9"
