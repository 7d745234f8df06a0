"""explorer.predictions.wording: the page's messages, word for word."""

from __future__ import annotations

import pytest

from explorer.parsing import InputProblem, ListRules, parse_number_list
from explorer.predictions import wording

RULES = ListRules(min_len=0, max_len=100, lo=0.0, hi=1e6, allow_empty=True)


def weights_message(text: str, n_classes: int = 3) -> str:
    with pytest.raises(InputProblem) as info:
        parse_number_list(text, RULES, wording.class_weights_wording(n_classes, 1e6))
    return str(info.value)


NOT_A_NUMBER = {
    "1, x, 2": "value 2 (‘x’)",
    "abc": "value 1 (‘abc’)",
    "1, *x*": "value 2 (‘\\*x\\*’)",
}
NOT_A_WEIGHT = {
    "1, -2, 1": "value 2 (\\-2)",
    "1, nan, 1": "value 2 (nan)",
    "1, 1e300": "value 2 (1e300)",
}


@pytest.mark.parametrize("text", [*NOT_A_NUMBER, *NOT_A_WEIGHT])
def test_a_bad_weight_is_the_problem_then_its_fix(text):
    problem, fix = weights_message(text).split("\n\n")
    if text in NOT_A_NUMBER:
        assert problem == f"Class weights: {NOT_A_NUMBER[text]} is not a number."
        assert fix == "Give 3 comma-separated numbers such as 1, 1, 1."
    else:
        assert problem == f"Class weights: {NOT_A_WEIGHT[text]} is not a weight."
        assert fix == "Each weight must be a finite number from 0 to 1e+06."


def test_the_count_problem_names_the_classes_in_order():
    problem = wording.class_weights_count_problem(2, ["cat", "dog", "*bird*"])
    assert str(problem) == "Class weights: 2 number(s) for 3 classes."
    assert problem.where == "the Class weights box; the classes are ‘cat’, ‘dog’, ‘\\*bird\\*’"
    assert problem.fix.startswith("Give exactly 3 numbers, one per class in that order")


@pytest.mark.parametrize(
    ("beats_base", "beats_uniform", "verdict"),
    [
        (True, True, "beats both"),
        (False, True, "beats the uniform guess but not the base rates"),
        (False, False, "does not even beat a uniform guess."),
    ],
)
def test_baselines_verdict(beats_base, beats_uniform, verdict):
    text = wording.baselines_text(
        3,
        "1.585 bits",
        "1.582 bits",
        "1.592 bits",
        beats_base=beats_base,
        beats_uniform=beats_uniform,
    )
    assert text.startswith("**Baselines.** A uniform guess over the 3 classes costs ln C = 1.585")
    assert f"At 1.592 bits this model {verdict}" in text


def test_reductions_why_names_each_setting():
    assert "agree here" in wording.reductions_why(weighted=False, both=False, smoothing=0.0)
    both = wording.reductions_why(weighted=True, both=True, smoothing=0.2)
    assert both.startswith("**Why they differ.**")
    assert "at the same time" in both and "Label smoothing ε = 0.2" in both


def test_reduction_labels_follow_the_kind_and_the_weights():
    rows = wording.reduction_labels("logits", both=True, binary=True)
    assert rows[1][0] == "PyTorch F.cross_entropy(z, y), reduction='mean'"
    assert rows[3][1] == "sample_weight = s · w[y]"
    assert rows[-1][0] == "PyTorch F.binary_cross_entropy_with_logits"
    assert len(wording.reduction_labels("probabilities", both=False, binary=False)) == 5
