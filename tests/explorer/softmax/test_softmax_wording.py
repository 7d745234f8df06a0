"""explorer/softmax/wording.py: the page's messages, and the sentences behind each framework row.

The framework assertions came from tests/core/test_comparison.py when the prose moved out
of xentcore.comparison.framework_losses (which now gives reason codes): the same texts,
asserted on framework_rows() of the core's rows.
"""

import pytest

from explorer.softmax import frameworks_wording, wording
from explorer.softmax.frameworks_wording import framework_rows
from xentcore.comparison import FRAMEWORK_REASONS, FRAMEWORK_ROWS, framework_losses

Z = [2.0, 1.0, 0.1]
W = [1.0, 2.0, 5.0]


# --- moved from tests/core/test_comparison.py -------------------------------------------


def test_large_logits_make_the_clips_visible():
    rows = framework_rows(framework_losses([40.0, 20.0, 0.0], 2))
    assert "raised to 1e-7" in rows[3]["why"] and "16.12" in rows[3]["why"]
    assert "raised to 2.2e-16" in rows[4]["why"] and "36.04" in rows[4]["why"]
    assert "exact 40" in rows[4]["why"]


def test_weights_enter_each_reduction_differently():
    rows = framework_rows(framework_losses(Z, 2, weight=W))
    assert "w_2 = 5" in rows[0]["why"] and "cancels" in rows[0]["why"]
    assert "sample weight" in rows[2]["why"]


def test_smoothing_with_weights_separates_torch_from_keras():
    rows = framework_rows(framework_losses(Z, 2, weight=W, label_smoothing=0.3))
    assert "ε = 0.3 is ignored" in rows[4]["why"]


def test_soft_target_has_no_scikit_learn_number():
    rows = framework_rows(framework_losses(Z, [0.7, 0.2, 0.1], weight=W))
    assert "not applicable" in rows[4]["call"]


def test_zero_weight_of_the_target_gives_nan_like_pytorch():
    rows = framework_rows(framework_losses(Z, 0, weight=[0.0, 1.0, 1.0]))
    assert "0/0" in rows[0]["why"]


# --- every reason and row has its words -------------------------------------------------


def test_every_reason_code_has_a_sentence():
    assert set(frameworks_wording.WHY) == set(FRAMEWORK_REASONS)


@pytest.mark.parametrize("target", [0, 2, [0.7, 0.2, 0.1]])
@pytest.mark.parametrize("weight", [None, W, [0.0, 1.0, 1.0]])
@pytest.mark.parametrize("eps", [0.0, 0.3])
def test_each_row_reads_as_sentences(target, weight, eps):
    core = framework_losses([40.0, 20.0, 0.0], target, weight=weight, label_smoothing=eps)
    assert [r["row"] for r in core] == list(FRAMEWORK_ROWS)
    rows = framework_rows(core)
    assert [r["value"] for r in rows] == [r["value"] for r in core]
    for row in rows:
        assert row["why"].endswith(".") and "{" not in row["why"] and "  " not in row["why"]
        assert "{" not in row["call"]


def test_the_default_rows_word_for_word():
    rows = framework_rows(framework_losses(Z, 0))
    assert [(r["call"], r["why"]) for r in rows] == [
        (
            "F.cross_entropy(z, y)",
            "Exact log-softmax, no clipping. All weights 1 and one example: the loss itself.",
        ),
        (
            "F.cross_entropy(z, y, reduction='sum')",
            "The weighted loss of the example, −Σ w·y′·log p: what this page calls the loss.",
        ),
        (
            "CategoricalCrossentropy(from_logits=True)(y, z)",
            "Exact log-softmax from logits, no clipping. No class weights here, so no sample "
            "weight.",
        ),
        (
            "CategoricalCrossentropy()(y, softmax(z))",
            "From probabilities: renormalises p / Σp, then clips to [1e-7, 1 − 1e-7] before "
            "the log. No probability is within the clip of 0 or 1 here, so it changes nothing "
            "visible. No class weights here, so no sample weight.",
        ),
        (
            "log_loss([0], [softmax(z)], labels=range(3))",
            "Clips p to [2.2e-16, 1 − 2.2e-16] (float64 machine epsilon). No probability is "
            "within the clip of 0 or 1 here, so it changes nothing visible.",
        ),
    ]


def test_weighted_smoothed_soft_target_word_for_word():
    rows = framework_rows(framework_losses(Z, [0.2, 0.3, 0.5], weight=W, label_smoothing=0.1))
    assert rows[0]["call"] == "F.cross_entropy(z, q, weight=w, label_smoothing=0.1)"
    assert rows[2]["why"] == (
        "Exact log-softmax from logits, no clipping. Smoothing y′ = y(1 − ε) + ε/C with "
        "ε = 0.1, as PyTorch. Class weights are not part of a Keras loss: "
        "model.fit(class_weight=...) turns them into a sample weight, the weight of the "
        "arg-max class 2 of the soft target (w = 5), which multiplies the whole loss; "
        "'sum_over_batch_size' then divides by N = 1, not by the weight. PyTorch instead "
        "weights each class's smoothing term by its w_c."
    )
    assert rows[4] == {
        "framework": "scikit-learn",
        "call": "log_loss(...): not applicable",
        "value": None,
        "why": "log_loss takes class labels, not a soft target distribution, so it has no "
        "number for these inputs.",
    }


# --- the inputs' messages -------------------------------------------------------------


def test_rejected_text_names_the_list_in_use():
    assert wording.rejected_text("Logits: bad.", "logits", [2.0, 1.0, 0.1]) == (
        "Logits: bad. Until then the page uses the last valid logits: 2, 1, 0.1."
    )


@pytest.mark.parametrize(
    "values, n, message",
    [
        (
            [0.5, 0.5],
            3,
            "Soft target has 2 probabilities but there are 3 logits. Type 3 "
            "probabilities, or press Uniform.",
        ),
        (
            [0.5, float("nan"), 0.5],
            3,
            "Soft target has a negative or non-numeric entry. Type numbers from 0 to 1.",
        ),
        (
            [0.0, 0.0],
            2,
            "Soft target is all zeros. Give at least one class a positive probability.",
        ),
    ],
)
def test_soft_target_problems(values, n, message):
    assert wording.soft_target_problem(values, n) == message


@pytest.mark.parametrize(
    "lr, message",
    [
        (float("nan"), "Learning rate is not a number. Type a number above 0, e.g. 1."),
        (-1.0, "Learning rate must be above 0 (it is -1): a negative step climbs the loss. Try 1."),
        (1e300, "Learning rate 1e+300 is above the limit 1e+06. Type a smaller one, e.g. 1."),
    ],
)
def test_lr_problems(lr, message):
    assert wording.lr_problem(lr) == message


def test_a_fine_shift_has_no_problem():
    assert wording.shift_problem(-1e6) is None
    assert wording.shift_problem(float("inf")) == (
        "The constant inf is beyond ±1e+06. Type a number from -1e+06 to 1e+06."
    )
