"""Figures and pure helpers of the Binary & multi-label page (no Streamlit run needed)."""

import math

import numpy as np
import plotly.graph_objects as go
import pytest
from figure_checks import validated

from explorer.binary_ui import (
    MAX_LIST_CHARS,
    bce_latex,
    describe_error,
    format_loss,
    format_number_list,
    matching_presets,
    parse_number_list,
)
from explorer.figures import COLORS
from explorer.figures_binary import (
    bernoulli_figure,
    dataset_figure,
    log_zero_figure,
    multilabel_figure,
)
from xentcore.binary import (
    bce_decomposition,
    bernoulli_curves,
    bernoulli_entropy,
    dataset_losses,
    log_zero_conventions,
    log_zero_curves,
    multilabel_vs_softmax,
)

PAGE = "pages/4_Binary_and_multilabel.py"
TEN_YS = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
TEN_PS = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]


def strict(fig: go.Figure) -> go.Figure:
    """Validate ``fig`` fully (raises on an invalid property) and return it unchanged.

    The rebuilt copy would hold NumPy arrays as base64 dicts, so tests read the original.
    """
    validated(fig)
    return fig


def bernoulli(target=0.4, prob=0.7, unit="nats", base=None):
    c = bernoulli_curves(target, base=base)
    return bernoulli_figure(
        c.x,
        c.bce,
        c.entropy,
        target=target,
        entropy_at_target=bernoulli_entropy(target, base=base),
        prob=prob,
        bce_at_prob=None if prob is None else float(c.bce[round(prob * 400)]),
        unit=unit,
    )


# ── figures ───────────────────────────────────────────────────────────────────────
def test_bernoulli_figure_marks_the_minimum_at_p_equals_t():
    fig = strict(bernoulli(0.4, 0.7))
    names = [t.name for t in fig.data]
    assert names[0] == "H(x): Bernoulli entropy = BCE(x, x)"
    assert names[2] == "minimum at p = t: H(t) = 0.6730 nats"
    assert (fig.data[2].x[0], round(fig.data[2].y[0], 4)) == (0.4, 0.6730)
    assert fig.data[0].line.color == COLORS["H"] and fig.data[1].line.color == COLORS["Q"]
    assert fig.data[3].line.color == COLORS["KL"]  # the KL gap at the current p
    assert list(fig.data[3].y) == pytest.approx(
        [bernoulli_entropy(0.4), bce_decomposition(0.7, 0.4).exact]
    )
    assert fig.layout.shapes[0].y0 == pytest.approx(0.6730116670092565)


def test_bernoulli_figure_leaves_gaps_for_infinity_and_pins_huge_losses():
    fig = strict(bernoulli(1.0, 0.0, unit="bits", base=2))
    bce = np.asarray(fig.data[1].y, dtype=float)
    assert np.isnan(bce[0]) and np.isfinite(bce[1:]).all()
    top = fig.layout.yaxis.range[1]
    assert top == pytest.approx(2.5)  # 2.5 × H(0.5) = 2.5 bits
    assert fig.data[4].y[0] == top  # the ∞ loss sits on the top edge ...
    assert fig.data[4].text[0] == "∞ bits"  # ... and says what it is


def test_bernoulli_figure_without_a_valid_prediction():
    fig = strict(bernoulli(0.4, None))
    assert len(fig.data) == 3


def test_multilabel_figure_groups_target_sigmoids_and_softmax():
    r = multilabel_vs_softmax([2.0, -1.0, 0.5], [1, 0, 1])
    fig = strict(multilabel_figure(["a", "b", "c"], [1, 0, 1], r.sigmoid_probs, r.softmax_probs))
    assert fig.layout.barmode == "group"
    assert [t.name.split(":")[0] for t in fig.data] == [
        "target y (multi-hot)",
        "σ(z)",
        "softmax(z)",
    ]
    assert list(fig.data[0].y) == [1.0, 0.0, 1.0]
    assert list(fig.data[1].text) == ["0.88", "0.27", "0.62"]
    assert sum(fig.data[2].y) == pytest.approx(1.0)
    assert fig.data[0].marker.color == COLORS["P"] and fig.data[2].marker.color == COLORS["Q"]


def test_dataset_figure_splits_by_label_and_draws_the_mean():
    d = dataset_losses(TEN_YS, TEN_PS)
    fig = strict(dataset_figure(TEN_YS, TEN_PS, d.per_sample, d.mean_bce, "nats"))
    assert list(fig.data[0].x) == ["1", "2", "3", "4", "5"]
    assert list(fig.data[1].x) == ["6", "7", "8", "9", "10"]
    assert fig.data[0].y[0] == pytest.approx(-math.log(0.8))
    assert fig.data[2].name == "mean = log loss = 0.247 nats"
    assert list(fig.data[2].y) == pytest.approx([d.mean_bce] * 10)
    assert list(fig.data[2].x) == [str(i) for i in range(1, 11)]


def test_log_zero_figure_shows_each_plateau():
    z = log_zero_curves()
    worst = log_zero_conventions(0.0, 1.0)
    curves = {"exact": z.exact, "pytorch": z.pytorch, "keras": z.keras, "sklearn": z.sklearn}
    plateaus = {"pytorch": worst.pytorch, "sklearn": worst.sklearn, "keras": worst.keras}
    fig = strict(log_zero_figure(z.p, curves, plateaus, "nats"))
    assert fig.layout.xaxis.type == "log"
    assert [a.text for a in fig.layout.annotations] == ["100.00 nats", "36.04 nats", "16.118 nats"]
    assert max(fig.data[1].y) == 100.0
    assert [t.name.split(":")[0] for t in fig.data] == [
        "exact −log p (→ ∞)",
        "PyTorch",
        "scikit-learn",
        "Keras",
    ]


# ── parsing typed lists ───────────────────────────────────────────────────────────
def test_parse_number_list_accepts_commas_spaces_and_brackets():
    assert parse_number_list("1, 0 1;0", name="y", max_len=10) == [1.0, 0.0, 1.0, 0.0]
    assert parse_number_list(" [1e300, -2] ", name="z", max_len=10) == [1e300, -2.0]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Labels y is empty. Type numbers separated by commas"),
        ("   ", "Labels y is empty"),
        ("1, a, 0", "Labels y: item 2 ('a') is not a number"),
        ("1, nan", "Labels y: item 2 ('nan') is not a finite number"),
        ("1, inf", "Labels y: item 2 ('inf') is not a finite number"),
        ("1, " * 5 + "1", "Labels y has 6 numbers; give 2 to 5"),
        ("1", "Labels y has 1 numbers; give 2 to 5"),
        ("x" * 5000, "Labels y: the text is 5,000 characters long (at most 2,000)"),
    ],
)
def test_parse_number_list_says_what_to_fix(text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_number_list(text, name="Labels y", max_len=5, min_len=2)


def test_long_item_is_shortened_in_the_message():
    with pytest.raises(ValueError, match=r"item 1 \('aaaaaaaaaaaaaaaaa\.\.\.'\)"):
        parse_number_list("a" * 100, name="p", max_len=5)
    assert MAX_LIST_CHARS == 2000


def test_format_number_list_round_trips():
    values = [1.0, 0.0, 0.1, 1e300, -2.5]
    assert format_number_list(values) == "1, 0, 0.1, 1e+300, -2.5"
    assert parse_number_list(format_number_list(values), name="x", max_len=10) == values


# ── wording ───────────────────────────────────────────────────────────────────────
def test_describe_error_names_the_field_and_the_fix():
    fields = {
        "ps": ("Predicted P(y = 1)", "Type one probability per label."),
        "prob": ("Predicted probability p", "Type a probability from 0 to 1."),
    }
    text = describe_error(ValueError("ps must be probabilities in [0, 1], but has -0.2"), fields)
    assert text == (
        "Predicted P(y = 1): ps must be probabilities in [0, 1], but has -0.2. "
        "Type one probability per label."
    )
    assert describe_error(ValueError("prob must be <= 1.0, got 1.3"), fields).startswith(
        "Predicted probability p: "
    )
    assert describe_error(ValueError("something else"), fields) == "something else."


def test_format_loss_keeps_huge_values_short():
    assert format_loss(0.24697, "nats") == "0.247 nats"
    assert format_loss(1e300, "nats", 4) == "1e+300 nats"
    assert format_loss(-2e7, "") == "-2e+07"
    assert format_loss(math.inf, "bits") == "∞ bits"
    assert format_loss(math.nan, "bits") == "undefined"


def test_bce_latex_substitutes_the_numbers():
    text = bce_latex(0.4, 0.4, "0.6730 nats", "nats")
    assert r"0.4 \cdot \ln 0.4 + 0.6 \cdot \ln 0.6" in text
    assert text.endswith(r"= 0.6730\ \text{nats}")
    assert r"\infty" in bce_latex(0.0, 1.0, "∞ bits", "bits")
    assert r"1\mathrm{e}-09" in bce_latex(1e-9, 1.0, "29.90 bits", "bits")


def test_matching_presets_lists_every_match():
    both = {"ys": TEN_YS, "ps": TEN_PS, "prob": 0.4, "target": 0.4, "unit": "nats"}
    assert [p.id for p in matching_presets(PAGE, both)] == ["ten-labels", "bce-self"]
    assert matching_presets(PAGE, {**both, "unit": "bits"}) == []
    near = {**both, "prob": 0.4 + 1e-15}
    assert [p.id for p in matching_presets(PAGE, near)] == ["ten-labels", "bce-self"]
    assert [p.id for p in matching_presets(PAGE, {**both, "ps": TEN_PS[:-1]})] == ["bce-self"]
