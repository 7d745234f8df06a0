"""Beyond classification page under AppTest: each tab's numbers against SciPy, scikit-learn
and xentcore.practice called here; every bad input's message, with the other inputs kept.

The table of the Two variables tab is a data_editor: AppTest cannot type into it, so edits
are made the way the browser reports them, by setting its session state.
"""

import base64
import json
import math

import numpy as np
import pytest
import sklearn.metrics
from app_helpers import BASES, enter_page, messages, metrics, open_tab
from scipy import integrate
from scipy.stats import bernoulli, entropy, norm
from streamlit.testing.v1 import AppTest

from explorer.binary.wording import format_loss
from xentcore.practice import cem_run, histogram_estimate

PAGE = "pages/9_Beyond_classification.py"
TEN_YS = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
TEN_PS = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]
SE_Y = [0.6, 2.4, 2.5, 4.9, 4.2, 6.8]
SE_PRED = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
TABLE = np.array([[30.0, 10.0], [15.0, 15.0], [5.0, 25.0]])
#: Every URL-bound input the tests may change, and where the page keeps it.
KEYS = (
    "beyond_ys", "beyond_ps", "beyond_repeat", "beyond_y", "beyond_pred", "beyond_sigma",
    "beyond_mi_cols", "beyond_mi_cells", "beyond_mi_kind", "beyond_mp", "beyond_sp",
    "beyond_mq", "beyond_sq", "beyond_n", "beyond_seed", "beyond_cem_fn", "beyond_cem_n",
    "beyond_cem_elite", "beyond_cem_iters", "beyond_cem_seed",
)  # fmt: skip


def open_page(query: dict[str, str] | None = None) -> AppTest:
    return enter_page(PAGE, query, timeout=60)


@pytest.fixture
def at() -> AppTest:
    return open_page()


def show(at: AppTest, tab: str) -> AppTest:
    return open_tab(at, "beyond_tab", tab)


def loss(value: float, unit: str = "bits") -> str:
    return format_loss(value, unit, 4)


def inputs(at: AppTest) -> dict:
    return {k: at.session_state[k] for k in KEYS}


def kept_apart_from(at: AppTest, before: dict, *changed: str) -> None:
    """Every input but ``changed`` is as it was."""
    after = inputs(at)
    assert {k: v for k, v in after.items() if k not in changed} == {
        k: v for k, v in before.items() if k not in changed
    }


def page_text(at: AppTest) -> str:
    parts = [*at.markdown, *at.success, *at.info, *at.caption, *at.warning, *at.error]
    return " ".join(e.value for e in parts)


def type_into(at: AppTest, key: str, text: str) -> AppTest:
    at.text_input(key=f"{key}_text").set_value(text).run()
    assert not at.exception
    return at


def array(spec) -> np.ndarray:
    """A chart's array as sent: a plotly.js typed array ({"dtype", "bdata"}) or a list."""
    if isinstance(spec, dict):
        return np.frombuffer(base64.b64decode(spec["bdata"]), np.dtype(spec["dtype"]))
    return np.asarray(spec)


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


# ---------------------------------------------------------------- the page


def test_default_tab_menu_and_title(at):
    assert at.title[0].value == "Beyond classification"
    assert at.session_state["beyond_tab"] == "Likelihood"
    labels = [link.proto.label for link in at.sidebar.get("page_link")]
    assert labels[-1] == "Beyond classification"
    assert not at.error and not at.warning


# ---------------------------------------------------------------- 1. likelihood


@pytest.mark.parametrize("unit", ["bits", "nats", "hartleys"])
def test_likelihood_of_the_ten_labels(at, unit):
    at.radio(key="unit").set_value(unit).run()
    base = BASES[unit]
    div = 1.0 if base is None else math.log(base)
    log_l = bernoulli.logpmf(TEN_YS, TEN_PS).sum()
    shown = metrics(at)
    assert shown["Likelihood L"] == f"{math.exp(log_l):.4g}" == "0.08465"
    assert shown["log L"] == loss(log_l / div, unit)
    mean = sklearn.metrics.log_loss(TEN_YS, TEN_PS) / div
    assert shown["Mean NLL"] == loss(mean, unit)
    assert shown["Cross-entropy"] == loss(mean, unit)
    text = page_text(at)
    assert "Worked example 6: mean binary cross-entropy = 0.247 nats" in text
    assert "Mean NLL and cross-entropy are the same number" in text


def test_likelihood_peaks_at_the_labels_frequency(at):
    text = page_text(at)
    assert "θ̂ = 0.5" in text
    assert f"**{loss(entropy([0.5, 0.5], base=2))}** (the entropy of the labels)" in text
    spec = chart_specs(at)[0]
    assert spec["data"][2]["x"] == [0.5]  # the maximum-likelihood star


def test_repeating_the_sample_underflows_the_product(at):
    before = inputs(at)
    at.slider(key="beyond_repeat").set_value(300).run()
    log_l = 300 * bernoulli.logpmf(TEN_YS, TEN_PS).sum()
    shown = metrics(at)
    assert shown["Likelihood L"] == f"10^{log_l / math.log(10):.2f} (underflows)".replace("-", "−")
    assert shown["log L"] == loss(log_l / math.log(2))
    assert shown["Mean NLL"] == loss(sklearn.metrics.log_loss(TEN_YS, TEN_PS) / math.log(2))
    assert "underflows to 0" in page_text(at)
    kept_apart_from(at, before, "beyond_repeat")


def test_typed_labels_and_predictions_move_the_numbers(at):
    type_into(at, "beyond_ys", "1, 0, 1, 1")
    type_into(at, "beyond_ps", "0.9 0.2 0.7 0.4")
    ys, ps = [1, 0, 1, 1], [0.9, 0.2, 0.7, 0.4]
    shown = metrics(at)
    assert shown["Mean NLL"] == loss(sklearn.metrics.log_loss(ys, ps) / math.log(2))
    assert "θ̂ = 0.75" in page_text(at)
    assert "Worked example 6" not in page_text(at)


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("beyond_ps", "0.8, 0.9", "probs has 2 values but labels has 10"),
        ("beyond_ys", "1, 0.5, 1, 1, 1, 0, 0, 0, 0, 0", "labels must be 0 or 1, but has 0.5"),
        ("beyond_ps", "-0.2, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3", "but has -0.2"),
        ("beyond_ps", "1.3, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3", "but has 1.3"),
        ("beyond_ps", "0.8, abc", "Predicted P(y = 1): number 2 ('abc') is not a number"),
        ("beyond_ys", "1, nan", "Labels y (0 or 1): number 2 ('nan') is not a finite"),
        ("beyond_ys", "", "Labels y (0 or 1) is empty"),
        ("beyond_ys", "1," * 2500, "5,000 characters long"),
    ],
)
def test_bad_lists_name_the_field_and_keep_the_rest(at, key, text, expected):
    at.slider(key="beyond_repeat").set_value(3).run()
    before = inputs(at)
    type_into(at, key, text)
    shown = messages(at)
    assert expected in shown
    assert not at.metric  # nothing computed from a refused input
    parse_error = any(w in expected for w in ("not a number", "not finite", "empty", "long"))
    # A text that does not parse leaves its list as it was; one that parses is kept (it is
    # the pair that the core refuses).
    kept_apart_from(at, before, *(() if parse_error else (key,)))
    assert at.session_state["beyond_repeat"] == 3


def test_core_messages_say_the_field_and_the_fix(at):
    type_into(at, "beyond_ps", "0.8, 0.9")
    assert "Predicted P(y = 1): probs has 2 values" in messages(at)
    assert "Type one probability from 0 to 1 per label" in messages(at)


def test_likelihood_table_download(at):
    button = at.get("download_button")[0]
    assert button.proto.label == "Per-sample table (CSV)"
    table = at.dataframe[0].value
    assert list(table["p̂ of its label"]) == pytest.approx(
        [p if y else 1 - p for y, p in zip(TEN_YS, TEN_PS, strict=True)]
    )
    assert list(table["−log p̂ (bits)"]) == pytest.approx(
        -bernoulli.logpmf(TEN_YS, TEN_PS) / math.log(2)
    )


# ---------------------------------------------------------------- 2. squared error


@pytest.mark.parametrize("sigma", [1.0, 0.25, 2.5])
def test_gaussian_nll_is_scaled_squared_error(at, sigma):
    show(at, "Squared error")
    at.slider(key="beyond_sigma").set_value(sigma).run()
    nll = -norm.logpdf(SE_Y, SE_PRED, sigma) / math.log(2)
    mse = sklearn.metrics.mean_squared_error(SE_Y, SE_PRED)
    shown = metrics(at)
    assert shown["Mean squared error"] == f"{mse:.4g}"
    assert shown["Mean NLL"] == loss(nll.mean())
    assert shown["½ log(2πσ²)"] == loss(-norm.logpdf(0.0, 0.0, sigma) / math.log(2))
    assert shown["1/(2σ²)"] == loss(1 / (2 * sigma**2) / math.log(2))
    table = at.dataframe[0].value
    assert list(table["NLL (bits)"]) == pytest.approx(nll, rel=1e-12)
    assert at.get("download_button")[0].proto.label == "Per-point table (CSV)"


def test_squared_error_in_nats_and_new_points(at):
    show(at, "Squared error")
    at.radio(key="unit").set_value("nats").run()
    type_into(at, "beyond_y", "1, 2, 3")
    type_into(at, "beyond_pred", "1.5, 2, 2")
    assert metrics(at)["Mean NLL"] == loss(-norm.logpdf([1, 2, 3], [1.5, 2, 2]).mean(), "nats")


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("beyond_pred", "1, 2, 3", "Targets y has 6 numbers but Predictions ŷ has 3"),
        ("beyond_y", "1, inf", "Targets y: number 2 ('inf') is not a finite"),
        ("beyond_pred", "x" * 5000, "5,000 characters long"),
    ],
)
def test_squared_error_bad_input(at, key, text, expected):
    show(at, "Squared error")
    at.slider(key="beyond_sigma").set_value(2.0).run()
    before = inputs(at)
    type_into(at, key, text)
    assert expected in messages(at)
    assert not at.metric
    kept_apart_from(at, before, key)
    assert at.session_state["beyond_sigma"] == 2.0


# ---------------------------------------------------------------- 3. two variables


def editor_key(at: AppTest) -> str:
    return f"beyond_mi_editor_{at.session_state['beyond_mi_gen']}"


def edit(at: AppTest, edited=None, added=None, deleted=None) -> AppTest:
    at.session_state[editor_key(at)] = {
        "edited_rows": edited or {},
        "added_rows": added or [],
        "deleted_rows": deleted or [],
    }
    at.run()
    assert not at.exception
    return at


def expected_measures(table: np.ndarray, unit: str = "bits") -> dict[str, str]:
    base = BASES[unit]
    p = table / table.sum()
    h_x, h_y = entropy(p.sum(axis=1), base=base), entropy(p.sum(axis=0), base=base)
    h_xy = entropy(p.ravel(), base=base)
    mi = sklearn.metrics.mutual_info_score(None, None, contingency=p * 1e6)  # nats; scaled
    mi = mi if base is None else mi / math.log(base)
    values = {
        "H(X)": h_x,
        "H(Y)": h_y,
        "H(X, Y)": h_xy,
        "H(X | Y)": h_xy - h_y,
        "H(Y | X)": h_xy - h_x,
        "I(X; Y)": mi,
    }
    return {k: loss(v, unit) for k, v in values.items()}


@pytest.mark.parametrize("unit", ["bits", "nats"])
def test_table_measures_match_scipy_and_sklearn(at, unit):
    show(at, "Two variables")
    at.radio(key="unit").set_value(unit).run()
    shown = metrics(at)
    for label, value in expected_measures(TABLE, unit).items():
        assert shown[label] == value, label
    assert at.get("download_button")[0].proto.label == "p(x, y) and its margins (CSV)"


def test_editing_a_cell_and_probabilities(at):
    show(at, "Two variables")
    edit(at, {0: {"y2": 50.0}})
    changed = TABLE.copy()
    changed[0, 1] = 50.0
    assert metrics(at)["I(X; Y)"] == expected_measures(changed)["I(X; Y)"]
    assert at.session_state["beyond_mi_cells"] == changed.ravel().tolist()  # into the link
    at.radio(key="beyond_mi_kind").set_value("probabilities").run()
    assert "Row x1, column y1 is 30, above 1" in messages(at)
    edit(at, {i: {"y1": 0.2, "y2": 0.2} for i in range(3)})
    assert "The probabilities sum to 1.2, not 1. Make the cells sum to 1" in messages(at)
    edit(at, {0: {"y1": 0.25, "y2": 0.25}, 1: {"y1": 0.1, "y2": 0.2}, 2: {"y1": 0.1, "y2": 0.1}})
    probs = np.array([[0.25, 0.25], [0.1, 0.2], [0.1, 0.1]])
    assert metrics(at)["H(X, Y)"] == expected_measures(probs)["H(X, Y)"]
    assert "I(X; Y) = 0" not in page_text(at)


def test_an_independent_table_has_no_mutual_information(at):
    show(at, "Two variables")
    edit(at, {0: {"y1": 1.0, "y2": 3.0}, 1: {"y1": 2.0, "y2": 6.0}, 2: {"y1": 3.0, "y2": 9.0}})
    assert metrics(at)["I(X; Y)"] == "0.0000 bits"
    assert "The table is independent" in page_text(at)


def test_more_columns_and_rows(at):
    show(at, "Two variables")
    at.number_input(key="beyond_mi_cols").set_value(3).run()
    assert not at.exception and not at.error
    wider = np.column_stack([TABLE, np.zeros(3)])
    assert metrics(at)["H(X, Y)"] == expected_measures(wider)["H(X, Y)"]
    edit(at, {0: {"y3": 12.0}}, added=[{"y1": 1.0, "y2": 2.0, "y3": 3.0}])
    grown = np.vstack([wider, [1.0, 2.0, 3.0]])
    grown[0, 2] = 12.0
    assert metrics(at)["I(X; Y)"] == expected_measures(grown)["I(X; Y)"]
    assert at.session_state["beyond_mi_cols"] == 3
    assert len(at.session_state["beyond_mi_cells"]) == 12


@pytest.mark.parametrize(
    ("edited", "added", "expected"),
    [
        ({1: {"y1": -3.0}}, None, "Row x2, column y1 is -3, below 0. Counts and probabilities"),
        ({2: {"y2": None}}, None, "Row x3, column y2 is empty. Type a count or a probability"),
        ({0: {"y1": float("nan")}}, None, "Row x1, column y1 is empty."),
        ({0: {"y2": float("inf")}}, None, "Row x1, column y2 is infinite."),
        ({1: {"y2": "z" * 5000}}, None, "Row x2, column y2: the text 'zzzzzzzzzzzzzzzzz"),
        ({1: {"y2": "z" * 5000}}, None, "(5,000 characters) is not a number"),
        (
            {i: {"y1": 0.0, "y2": 0.0} for i in range(3)},
            None,
            "Every cell is 0, so the table describes nothing. Type at least one positive",
        ),
        (None, [{"y1": 1.0, "y2": 1.0}] * 4, "The table has 7 rows; it takes 2 to 6. Delete"),
    ],
)
def test_bad_cells_name_the_cell_and_the_fix(at, edited, added, expected):
    show(at, "Two variables")
    before = inputs(at)
    edit(at, edited, added)
    assert expected in messages(at)
    assert not at.metric
    kept_apart_from(at, before)  # the link keeps the last valid table


def test_a_cell_above_one_as_a_probability(at):
    show(at, "Two variables")
    at.radio(key="beyond_mi_kind").set_value("probabilities").run()
    assert "Row x1, column y1 is 30, above 1" in messages(at)
    assert "choose counts" in messages(at)


def test_edits_survive_another_tab(at):
    show(at, "Two variables")
    edit(at, {0: {"y1": -1.0}})
    show(at, "Continuous")
    show(at, "Two variables")
    assert "Row x1, column y1 is -1, below 0" in messages(at)
    edit(at, {0: {"y1": 7.0}})  # the reopened editor starts from the table last seen
    changed = TABLE.copy()
    changed[0, 0] = 7.0
    assert metrics(at)["H(X, Y)"] == expected_measures(changed)["H(X, Y)"]


def test_a_link_opens_a_table():
    at = open_page({"tab": "Two variables", "cols": "3", "cells": "1,2,3,4,5,6"})
    table = np.array([[1.0, 2, 3], [4, 5, 6]])
    assert metrics(at)["H(X, Y)"] == expected_measures(table)["H(X, Y)"]


def test_a_link_with_a_misshaped_table_gives_a_notice():
    at = open_page({"tab": "Two variables", "cols": "4", "cells": "1,2,3,4,5,6"})
    assert "showing the default table" in messages(at)
    assert metrics(at)["H(X, Y)"] == expected_measures(TABLE)["H(X, Y)"]


# ---------------------------------------------------------------- 4. continuous


def closed_forms(mp, sp, mq, sq, base=2):
    div = math.log(base)
    h = norm(mp, sp).entropy() / div

    def integrand(x):
        return -norm.pdf(x, mp, sp) * norm.logpdf(x, mq, sq)

    cross = integrate.quad(integrand, mp - 12 * sp, mp + 12 * sp)[0] / div
    return h, cross, cross - h


@pytest.mark.parametrize(
    "moves", [{}, {"beyond_mq": -2.0, "beyond_sq": 0.5}, {"beyond_sp": 2.0, "beyond_mp": 1.5}]
)
def test_gaussians_against_scipy(at, moves):
    show(at, "Continuous")
    for key, value in moves.items():
        at.slider(key=key).set_value(value).run()
    g = {"mp": 0.0, "sp": 1.0, "mq": 1.0, "sq": 1.5}
    g.update({k.removeprefix("beyond_"): v for k, v in moves.items()})
    h, cross, kl = closed_forms(g["mp"], g["sp"], g["mq"], g["sq"])
    shown = metrics(at)
    assert shown["h(P)"] == loss(h)
    assert shown["H(P, Q)"] == loss(cross)
    assert shown["KL(P‖Q)"] == loss(kl)
    est = histogram_estimate(g["mp"], g["sp"], g["mq"], g["sq"], n_samples=10_000, seed=0, base=2)
    text = page_text(at)
    assert f"| H(P, Q) | {loss(cross)} | {loss(est.cross_entropy)} |" in text
    assert est.cross_entropy == pytest.approx(cross, rel=0.01)  # and it is close


def test_more_samples_and_another_seed(at):
    show(at, "Continuous")
    at.select_slider(key="beyond_n").set_value(100_000).run()
    at.number_input(key="beyond_seed").set_value(7).run()
    est = histogram_estimate(0.0, 1.0, 1.0, 1.5, n_samples=100_000, seed=7, base=2)
    assert f"| KL(P‖Q) | {loss(closed_forms(0, 1, 1, 1.5)[2])} | {loss(est.kl_divergence)} |" in (
        page_text(at)
    )
    assert "100,000 samples of P" in page_text(at)
    # the convergence chart: the estimate at every sample count up to 100,000
    counts = array(chart_specs(at)[1]["data"][0]["x"])
    assert counts.tolist() == [100, 300, 1_000, 3_000, 10_000, 30_000, 100_000]
    ests = [
        histogram_estimate(0.0, 1.0, 1.0, 1.5, n_samples=int(n), seed=7, base=2) for n in counts
    ]
    values = array(chart_specs(at)[1]["data"][0]["y"])
    assert values == pytest.approx([e.cross_entropy for e in ests], rel=1e-12)


# ---------------------------------------------------------------- 5. the CEM


def test_cem_run_matches_xentcore(at):
    show(at, "CEM optimiser")
    run = cem_run(
        "himmelblau", mean=(0.0, 0.0), cov=((4.0, 0.0), (0.0, 4.0)), n_iterations=20,
        n_samples=100, elite_fraction=0.1, seed=0,
    )  # fmt: skip
    table = at.dataframe[0].value
    assert list(table["best value so far"]) == pytest.approx(run.best_values, rel=1e-12)
    assert list(table["mean x"]) == pytest.approx(run.means[1:, 0], rel=1e-12)
    assert f"the best value found is **{run.best_values[-1]:.3g}**" in page_text(at)
    spec = chart_specs(at)[0]
    assert len(spec["frames"]) == 20
    assert [b["label"] for b in spec["layout"]["updatemenus"][0]["buttons"]] == [
        "▶ Play",
        "❚❚ Pause",
    ]
    assert len(spec["layout"]["sliders"][0]["steps"]) == 20
    assert at.get("download_button")[0].proto.label == "Every iteration (CSV)"


def test_cem_controls_change_the_run(at):
    show(at, "CEM optimiser")
    at.selectbox(key="beyond_cem_fn").set_value("rosenbrock").run()
    at.slider(key="beyond_cem_iters").set_value(12).run()
    at.slider(key="beyond_cem_n").set_value(200).run()
    at.number_input(key="beyond_cem_seed").set_value(3).run()
    run = cem_run(
        "rosenbrock", mean=(-4.0, 4.0), n_iterations=12, n_samples=200, elite_fraction=0.1, seed=3
    )
    table = at.dataframe[0].value
    assert list(table["best value so far"]) == pytest.approx(run.best_values, rel=1e-12)
    assert len(chart_specs(at)[0]["frames"]) == 12


def test_too_few_elites_is_a_message_not_an_error(at):
    show(at, "CEM optimiser")
    at.slider(key="beyond_cem_iters").set_value(7).run()
    before = inputs(at)
    at.slider(key="beyond_cem_n").set_value(10).run()
    text = messages(at)
    assert "Elite fraction: elite_fraction=0.1 of 10 samples keeps 1 elite" in text
    assert "so at least 2 are kept" in text
    assert not at.get("plotly_chart")
    kept_apart_from(at, before, "beyond_cem_n")


# ---------------------------------------------------------------- the link and reset


def test_deep_links_open_each_tab():
    at = open_page({"tab": "Continuous", "mq": "2", "unit": "nats"})
    assert metrics(at)["KL(P‖Q)"] == loss(closed_forms(0, 1, 2, 1.5, math.e)[2], "nats")
    at = open_page({"tab": "Squared error", "sigma": "0.5"})
    assert metrics(at)["Mean NLL"] == loss(-norm.logpdf(SE_Y, SE_PRED, 0.5).mean() / math.log(2))
    at = open_page({"tab": "CEM optimiser", "fn": "sphere", "iters": "5"})
    assert len(at.dataframe[0].value) == 5


def test_bad_link_values_give_notices_and_defaults():
    at = open_page({"tab": "Nope", "n": "5000", "sigma": "-1", "ys": "1,x"})
    text = messages(at)
    assert "The link's tab='Nope' was not used" in text
    assert "The link's n='5000' was not used: 5,000 is not one of the choices" in text
    assert "The link's sigma='-1' was not used" in text
    assert "The link's ys='1,x' was not used" in text
    assert at.session_state["beyond_tab"] == "Likelihood"
    assert metrics(at)["Likelihood L"] == "0.08465"


def test_state_goes_into_the_url_and_reset_clears_it(at):
    at.slider(key="beyond_repeat").set_value(4).run()
    show(at, "Squared error")
    at.slider(key="beyond_sigma").set_value(2.0).run()
    assert at.query_params["repeat"] == "4"
    assert at.query_params["sigma"] == "2"
    at.button(key="reset_page").click().run()
    assert not at.exception
    assert at.session_state["beyond_repeat"] == 1
    assert at.session_state["beyond_tab"] == "Likelihood"
    assert "sigma" not in at.query_params


def test_presenter_view_keeps_the_animation():
    at = open_page({"tab": "CEM optimiser", "present": "1", "iters": "6"})
    spec = chart_specs(at)[0]
    assert len(spec["frames"]) == 6
    assert spec["layout"]["font"]["size"] > 18  # scaled up for a projector
