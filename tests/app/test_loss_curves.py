"""Loss curves page under AppTest: every input moves the numbers xentcore gives.

The page draws only its open tab (``curves_section``), so a test opens the section
whose numbers it reads first (:func:`open_section`). Charts come back as unknown
elements, so the numbers are read from the values table, the metrics and the
messages; the figures themselves are tested in tests/explorer/curves/test_curves_figures.py.
"""

import pytest
from app_helpers import enter_page, metrics, open_tab
from streamlit.testing.v1 import AppTest

from explorer.presets import PRESETS
from explorer.text import format_value
from xentcore.curves import (
    cross_entropy_curve,
    exact_opposite_losses,
    focal_curve,
    logit_gradients,
    read_average_loss,
    smoothed_cross_entropy_curve,
    smoothed_minimum,
    squared_error_curve,
    uniform_guess_loss,
)
from xentcore.registry import LOSS_REGISTRY

PAGE = "pages/3_Loss_curves.py"
DEFAULTS = {
    "pt": 0.05,
    "gamma": 2.0,
    "alpha": 1.0,
    "eps": 0.1,
    "classes": 10.0,
    "gx": "p",
    "clip": "1e-15",
    "logx": True,
    "avg": 1.0,
    "curves_section": "Loss curves",
}
LOSSES, GRADIENTS, CLIPPING, READING = "Loss curves", "Gradients", "Clipping", "Reading a loss"
CURVES_PRESETS = [p for p in PRESETS if p.page == PAGE]


def open_page(query: dict[str, str] | None = None) -> AppTest:
    return enter_page(PAGE, query)


@pytest.fixture
def at() -> AppTest:
    return open_page()


def open_section(at: AppTest, name: str) -> AppTest:
    """Open one of the page's tabs (only the open tab's section runs)."""
    return open_tab(at, "curves_section", name)


def values_table(at: AppTest) -> list[list[str]]:
    """The cells of the Markdown values table at the marked p (header row first)."""
    (table,) = [m.value for m in at.markdown if m.value.startswith("**At p = ")]
    lines = [line for line in table.splitlines() if line.startswith("| ")]
    del lines[1]  # the alignment rule
    return [[c.strip() for c in line.strip("| ").split(" | ")] for line in lines]


def values(at: AppTest) -> dict[str, str]:
    """The values table at the marked p as shown, by the first word of each loss."""
    head, *rows = values_table(at)
    assert head == ["loss", "value", "unit"]
    return {loss.split(" ")[0]: value for loss, value, _ in rows}


def metric_starting(at: AppTest, start: str) -> str:
    (value,) = [m.value for m in at.metric if m.label.startswith(start)]
    return value


def text(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.success, *at.info, *at.warning, *at.error)]
    return "\n".join(str(p) for p in parts)


def errors(at: AppTest) -> str:
    return " ".join(e.value for e in at.error)


def notices(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


def inputs(at: AppTest) -> dict:
    return {key: at.session_state[key] for key in DEFAULTS}


def expected_values(pt, gamma=2.0, alpha=1.0, eps=0.1, classes=10, base=2):
    return {
        "cross-entropy": float(cross_entropy_curve(pt, base=base)),
        "squared": float(squared_error_curve(pt)),
        "focal": float(focal_curve(pt, gamma=gamma, alpha=alpha, base=base)),
        "smoothed": float(
            smoothed_cross_entropy_curve(pt, smoothing=eps, classes=classes, base=base)
        ),
    }


def shown_as(value: float) -> str:
    """How the values table writes a number (4 decimals, as before in the dataframe)."""
    return format_value(value, digits=4)


def assert_values(at, **kwargs):
    shown = values(at)
    for key, value in expected_values(**kwargs).items():
        assert shown[key] == shown_as(value), key


# ---------------------------------------------------------------- defaults


def test_defaults_show_xentcore_numbers(at):
    assert not at.exception and not at.error
    assert inputs(at) == DEFAULTS
    assert at.radio(key="unit").value == "bits"
    assert_values(at, pt=0.05)
    assert "log C = **3.322 bits**" in text(at)  # the guide band for C = 10
    # nothing non-default, so nothing in the URL
    assert dict(at.query_params) == {}
    open_section(at, GRADIENTS)
    g = logit_gradients(0.05, base=2)
    assert metric_starting(at, "Cross-entropy ∂L/∂z = (p − 1)/ln 2") == (
        f"{float(g.cross_entropy):.4f}"
    )
    assert metric_starting(at, "Squared error ∂L/∂z") == f"{float(g.squared_error):.4f}"
    assert metric_starting(at, "Cross-entropy pulls harder by") == f"{float(g.ratio):.3g}×"
    assert "why cross-entropy trains faster" in text(at)
    open_section(at, CLIPPING)
    assert metric_starting(at, "Loss at the exact opposite") == format_value(
        exact_opposite_losses(base=2)["1e-15"], "bits", digits=4
    )
    open_section(at, READING)
    assert "1.000 bits is below log C = 3.322 bits" in text(at)
    assert not at.error
    assert dict(at.query_params) == {"curves_section": READING}


#: Registered losses the page draws its own way (each has a row of its own in the table).
OWN = {"cross_entropy", "weighted_cross_entropy", "squared_error", "focal", "label_smoothing"}


def test_only_the_open_section_is_drawn(at):
    assert [t.label for t in at.tabs] == [LOSSES, GRADIENTS, CLIPPING, READING]
    # The loss curves' values table: a header, the page's four losses and one row for each
    # other registered loss with a curve (the soft Dice loss of issue 13).
    others = [e for n, e in LOSS_REGISTRY.items() if e.curve_fn is not None and n not in OWN]
    assert len(values_table(at)) == 5 + len(others) and not at.metric
    open_section(at, GRADIENTS)
    assert len(at.metric) == 3 and not at.dataframe
    assert not [m for m in at.markdown if m.value.startswith("**At p = ")]
    open_section(at, READING)
    assert not at.metric and not at.dataframe and at.number_input(key="avg").value == 1.0


def test_conventions_table_lists_each_frameworks_loss_at_the_opposite(at):
    open_section(at, CLIPPING)
    table = at.dataframe[0].value
    losses = exact_opposite_losses(base=2)
    shown = dict(zip(table["convention"], table["loss at the exact opposite"], strict=True))
    assert shown["Plain NumPy / math"] == "∞"
    assert shown["The tutorials"] == format_value(losses["1e-15"], digits=4)
    assert shown["Keras"] == format_value(losses["1e-7"], digits=4) == "23.2535"
    assert shown["scikit-learn log_loss"] == format_value(losses["eps"], digits=4)
    assert shown["PyTorch binary_cross_entropy"] == "144.2695"
    chosen = table[table[""] == "◀ chosen"]["convention"].tolist()
    assert chosen == ["The tutorials"]


# ---------------------------------------------------------------- each input moves the numbers


def test_moving_p_moves_every_number(at):
    at.slider(key="pt").set_value(0.3).run()
    assert not at.exception
    assert_values(at, pt=0.3)
    open_section(at, GRADIENTS)
    g = logit_gradients(0.3, base=2)
    assert metric_starting(at, "Squared error ∂L/∂z") == f"{float(g.squared_error):.4f}"
    assert "At p = 0.300 (logit z = −0.847)" in text(at)
    assert at.query_params["pt"] == "0.3"


def test_p_at_one_stops_both_gradients(at):
    at.slider(key="pt").set_value(1.0).run()
    assert not at.exception
    shown = values(at)
    assert shown["cross-entropy"] == shown["squared"] == "0.0000"
    assert shown["smoothed"] == "∞"  # label smoothing punishes certainty
    open_section(at, GRADIENTS)
    assert metric_starting(at, "Cross-entropy pulls harder by") == "—"
    assert "both gradients are 0" in text(at)


def test_gamma_changes_the_focal_loss(at):
    at.slider(key="gamma").set_value(0.5).run()
    assert_values(at, pt=0.05, gamma=0.5)
    at.slider(key="gamma").set_value(0.0).run()
    shown = values(at)
    assert shown["focal"] == shown["cross-entropy"]  # γ = 0 is cross-entropy


def test_alpha_weights_the_focal_loss(at):
    at.slider(key="alpha").set_value(0.25).run()
    assert_values(at, pt=0.05, alpha=0.25)
    assert values(at)["focal"] == shown_as(0.25 * float(focal_curve(0.05, base=2)))


def test_smoothing_moves_the_smoothed_curve_and_its_minimum(at):
    at.slider(key="eps").set_value(0.3).run()
    assert_values(at, pt=0.05, eps=0.3)
    m = smoothed_minimum(0.3, 10, base=2)
    assert f"p = 1 − ε + ε/C = {m.p:.4g}, not at p = 1" in text(at)
    assert format_value(m.loss, "bits") in text(at)
    at.slider(key="eps").set_value(0.0).run()
    assert values(at)["smoothed"] == values(at)["cross-entropy"]
    assert "label smoothing is off" in text(at)


def test_classes_move_smoothing_guide_band_and_reading(at):
    at.number_input(key="classes").set_value(1000).run()
    assert not at.exception and not at.error
    assert_values(at, pt=0.05, classes=1000)
    log_c = uniform_guess_loss(1000, base=2)
    assert f"log C = **{format_value(log_c, 'bits')}**" in text(at)
    assert at.query_params["classes"] == "1000"
    open_section(at, READING)
    assert "below log C = 9.966 bits" in text(at)


BASES = {"bits": 2, "nats": None, "hartleys": 10}


def test_unit_changes_every_loss(at):
    for unit, base in BASES.items():
        at.radio(key="unit").set_value(unit).run()
        assert not at.exception
        assert_values(at, pt=0.05, base=base)
        assert values(at)["squared"] == "0.9025"  # no unit: unchanged
        open_section(at, CLIPPING)
        assert metric_starting(at, "Loss at the exact opposite") == format_value(
            exact_opposite_losses(base=base)["1e-15"], unit, digits=4
        )
        open_section(at, LOSSES)


def test_gradient_axis_switches_to_the_logit(at):
    open_section(at, GRADIENTS)
    before = metrics(at)
    at.radio(key="gx").set_value("logit").run()
    assert not at.exception
    assert metrics(at) == before  # the same point, drawn against z
    assert at.query_params["gx"] == "logit"


@pytest.mark.parametrize("clip", ["none", "1e-15", "1e-7", "eps"])
def test_clip_changes_the_loss_at_the_opposite(at, clip):
    open_section(at, CLIPPING)
    at.radio(key="unit").set_value("nats")
    at.radio(key="clip").set_value(clip).run()
    assert not at.exception
    value = exact_opposite_losses()[clip]
    assert metric_starting(at, "Loss at the exact opposite") == format_value(value, "nats", 4)
    expected = {"none": "∞ nats", "1e-15": "34.5388 nats", "1e-7": "16.1181 nats"}
    if clip in expected:
        assert metric_starting(at, "Loss at the exact opposite") == expected[clip]
    if clip == "none":
        assert "one such example makes the mean ∞" in text(at)


def test_log_axis_toggle_is_kept_in_the_url(at):
    open_section(at, CLIPPING)
    at.toggle(key="logx").set_value(False).run()
    assert not at.exception
    assert at.query_params["logx"] == "0"
    assert metric_starting(at, "Loss at the exact opposite") == "49.8289 bits"


def test_average_loss_is_read_against_log_c(at):
    open_section(at, READING)
    at.number_input(key="avg").set_value(2.0).run()
    r = read_average_loss(2.0, 10, base=2)
    assert r.probability == 0.25
    assert "the true class got probability 0.25 on average" in text(at)
    at.number_input(key="avg").set_value(4.0).run()  # above log2(10) = 3.32
    assert "no better than a uniform guess over C = 10" in notices(at)


# ---------------------------------------------------------------- presets


@pytest.mark.parametrize("preset", CURVES_PRESETS, ids=[p.id for p in CURVES_PRESETS])
def test_each_preset_shows_its_worked_example(preset):
    at = open_page({"preset": preset.id})
    shown = " ".join(s.value for s in at.success)
    assert preset.expected in shown
    assert f"Worked example {preset.example}: {preset.quantity} = {preset.expected}" in shown
    # the link opens the tab where the number is drawn, and the number is there too
    assert at.session_state["curves_section"] == CLIPPING
    assert metric_starting(at, "Loss at the exact opposite") == preset.expected


def test_preset_button_sets_the_state_and_shows_the_number(at):
    open_section(at, CLIPPING)
    at.slider(key="pt").set_value(0.4)
    at.radio(key="clip").set_value("1e-7").run()
    assert not at.success or "Worked example 12" not in at.success[0].value
    at.button(key="preset_opposite").click().run()
    assert not at.exception
    assert at.radio(key="unit").value == "nats"
    assert at.radio(key="clip").value == "1e-15"
    assert at.slider(key="pt").value == 0.05  # the rest back to defaults
    line = at.success[0].value
    value = exact_opposite_losses()["1e-15"]
    assert line == (
        "Worked example 12: loss at the exact opposite, clipped at 1e-15 = "
        f"{format_value(value, 'nats', digits=4)}"
    )
    assert "34.5388 nats" in line
    assert at.session_state["curves_section"] == CLIPPING  # the preset opens its tab
    assert metric_starting(at, "Loss at the exact opposite") == "34.5388 nats"


def test_the_preset_opens_its_section_from_another_tab(at):
    open_section(at, GRADIENTS)
    at.button(key="preset_opposite").click().run()
    assert at.session_state["curves_section"] == CLIPPING
    assert metric_starting(at, "Loss at the exact opposite") == "34.5388 nats"


def test_a_section_in_the_url_opens_that_tab():
    at = open_page({"curves_section": CLIPPING, "clip": "1e-7", "unit": "nats"})
    assert at.session_state["curves_section"] == CLIPPING
    assert metric_starting(at, "Loss at the exact opposite") == "16.1181 nats"
    at = open_page({"preset": "opposite", "curves_section": GRADIENTS})
    assert at.session_state["curves_section"] == GRADIENTS  # the URL's own choice wins
    assert "34.5388 nats" in " ".join(s.value for s in at.success)


# ---------------------------------------------------------------- URL state


def test_url_opens_that_state():
    at = open_page({"pt": "0.2", "clip": "1e-7", "unit": "nats", "classes": "100", "gx": "logit"})
    assert not at.warning or "was not used" not in notices(at)
    assert at.slider(key="pt").value == 0.2
    assert_values(at, pt=0.2, classes=100, base=None)
    open_section(at, GRADIENTS)
    assert at.radio(key="gx").value == "logit"
    open_section(at, CLIPPING)
    assert metric_starting(at, "Loss at the exact opposite") == "16.1181 nats"


HOSTILE_URL = {
    "pt": ["-1", "nan", "0", "1e300", "abc", "x" * 5000],
    "gamma": ["-2", "inf", "1e300", "two"],
    "alpha": ["-0.5", "nan", "1.5"],
    "eps": ["-0.1", "2", "nan"],
    "classes": ["-5", "0", "1", "2.5", "1e300", "nan", "<script>"],
    "gx": ["z", ""],
    "clip": ["1e-3", "<b>none</b>"],
    "logx": ["maybe"],
    "avg": ["-1", "nan", "1e300"],
    "unit": ["furlongs"],
    "curves_section": ["Nope", ""],
}


@pytest.mark.parametrize(
    ("key", "raw"),
    [(k, v) for k, vs in HOSTILE_URL.items() for v in vs],
    ids=[f"{k}={v[:12]}" for k, vs in HOSTILE_URL.items() for v in vs],
)
def test_a_hostile_url_value_gives_a_notice_and_keeps_the_rest(key, raw):
    other = {"pt": "0.3"} if key != "pt" else {"gamma": "1"}
    at = open_page({key: raw, **other})
    assert not at.exception
    assert f"The link's {key}=" in notices(at) and "was not used" in notices(at)
    default = "bits" if key == "unit" else DEFAULTS[key]
    assert at.session_state[key] == default
    other_key, other_value = next(iter(other.items()))
    assert at.session_state[other_key] == float(other_value)  # the good value is kept


def test_an_unknown_preset_gives_a_notice():
    at = open_page({"preset": "nonsense"})
    assert "preset='nonsense' is not a preset of this page" in notices(at)
    assert inputs(at) == DEFAULTS


# ---------------------------------------------------------------- hostile typed values


@pytest.mark.parametrize("bad", [-5, 0, 1, 2.5, 1e300, 5000, float("nan")])
def test_a_bad_number_of_classes_names_the_field_and_keeps_the_rest(at, bad):
    open_section(at, READING)
    at.slider(key="pt").set_value(0.2)
    at.slider(key="gamma").set_value(1.0)
    at.number_input(key="avg").set_value(0.5)
    at.number_input(key="classes").set_value(bad).run()
    assert not at.exception
    message = errors(at)
    assert "Number of classes C:" in message
    assert "Type a whole number from 2 to 1000" in message
    assert "needs the number of classes C" in notices(at)
    # the other inputs are untouched, and what does not need C is still computed
    assert at.number_input(key="avg").value == 0.5
    open_section(at, LOSSES)
    assert "Number of classes C:" in errors(at)  # the message stays next to the box
    assert at.slider(key="pt").value == 0.2
    assert at.slider(key="gamma").value == 1.0
    assert at.session_state["avg"] == 0.5
    shown = values(at)
    assert "smoothed" not in shown
    assert shown["cross-entropy"] == shown_as(float(cross_entropy_curve(0.2, base=2)))
    assert shown["focal"] == shown_as(float(focal_curve(0.2, gamma=1.0, base=2)))


def test_fixing_classes_brings_everything_back(at):
    at.number_input(key="classes").set_value(-5).run()
    assert errors(at)
    at.number_input(key="classes").set_value(3).run()
    assert not at.error
    assert_values(at, pt=0.05, classes=3)


def test_a_negative_average_loss_names_the_field(at):
    open_section(at, READING)
    at.slider(key="pt").set_value(0.2)
    at.number_input(key="avg").set_value(-1.0).run()
    assert not at.exception
    assert "Your model's average loss: loss must be >= 0.0, got -1.0" in errors(at)
    assert "type a number ≥ 0" in errors(at)
    assert at.slider(key="pt").value == 0.2
    open_section(at, LOSSES)
    assert_values(at, pt=0.2)


@pytest.mark.parametrize("bad", [0.0, float("nan")])  # Streamlit turns NaN into 0.0
def test_an_average_loss_of_zero_is_flagged(at, bad):
    open_section(at, READING)
    at.number_input(key="avg").set_value(bad).run()
    assert not at.exception
    assert "exactly 0 means every true class got probability 1" in notices(at)


def test_a_huge_average_loss_is_worse_than_guessing(at):
    open_section(at, READING)
    at.number_input(key="avg").set_value(1e300).run()
    assert not at.exception
    message = notices(at)
    assert message.startswith("1e+300 bits is at or above log C = 3.322 bits")
    assert "among ∞ classes" in message


# ---------------------------------------------------------------- reset


def test_reset_restores_the_defaults(at):
    at.slider(key="pt").set_value(0.7)
    at.slider(key="gamma").set_value(4.0)
    at.slider(key="eps").set_value(0.5)
    at.number_input(key="classes").set_value(-3)
    open_section(at, CLIPPING)
    at.radio(key="clip").set_value("none")
    at.toggle(key="logx").set_value(False).run()
    assert dict(at.query_params)
    at.button(key="reset_page").click().run()
    assert not at.exception and not at.error
    assert inputs(at) == DEFAULTS
    assert dict(at.query_params) == {}
    assert_values(at, pt=0.05)
