"""What the Beyond classification page says: each section's explanation, numbers in its
sentences, and the messages of bad typed lists (explorer.beyond.wording)."""

import math

import pytest

from explorer.beyond import wording
from explorer.parsing import InputProblem, ListRules, parse_number_list
from xentcore.practice import CEM_MINIMA, CEM_OBJECTIVES

EXPLANATIONS = [
    wording.LIKELIHOOD,
    wording.SQUARED_ERROR,
    wording.JOINT,
    wording.CONTINUOUS,
    wording.CEM,
]


@pytest.mark.parametrize("text", EXPLANATIONS)
def test_each_explanation_is_two_to_four_sentences(text):
    sentences = [s for s in text.replace("e.g.", "eg").split(". ") if s.strip()]
    assert 2 <= len(sentences) <= 4, text


def test_the_explanations_carry_the_sources_ideas():
    assert "maximum likelihood is the model of minimum cross-entropy" in wording.LIKELIHOOD
    assert "squared error is the cross-entropy of regression" in wording.SQUARED_ERROR
    assert "I(X; Y) = H(X) + H(Y) − H(X, Y)" in wording.JOINT
    assert "H(P, Q) = h(P) + KL(P‖Q)" in wording.CONTINUOUS
    assert "Rubinstein, 1997" in wording.CEM and "elites" in wording.CEM
    assert set(wording.OBJECTIVE_NAMES) == set(CEM_OBJECTIVES)


def test_likelihood_shown_as_a_product_or_a_power_of_ten():
    assert wording.format_likelihood(0.084653, math.log10(0.084653)) == "0.08465"
    assert wording.format_likelihood(None, -1072.486) == "10^−1072.49 (underflows)"
    text = wording.underflow_sentence(3000, "−3562.3 bits", -1072.486)
    assert "3,000 probabilities is about 10^−1072.5" in text and "−3562.3 bits" in text


def test_likelihood_sentences():
    assert "θ̂ = 0.7" in wording.mle_sentence(0.7, "0.8813 bits", "0.5 bits")
    assert "0.247 nats" in wording.worked_example_sentence(0.24691)
    assert "for these 10 labels" in wording.equal_sentence(10, "0.3562 bits")


def test_regression_sentence_adds_up():
    text = wording.regression_sentence(0.4433, 0.5, 0.9189, "1.1406 nats")
    assert "0.4433 × 0.5 + 0.9189 = **1.1406 nats**" in text
    assert "least squares is maximum likelihood" in text


def test_independence_sentence():
    assert "independent" in wording.independence_sentence(0.0, "bits")
    assert "saves 0.180 bits" in wording.independence_sentence(0.1805, "bits")


def test_cem_titles_and_best_sentence():
    titles = wording.cem_titles([5.63, 0.01], [(-2.5, 2.986), (3.0, 2.0)])
    assert titles == [
        "Iteration 1: mean (-2.500, 2.986), best value so far 5.63",
        "Iteration 2: mean (3.000, 2.000), best value so far 0.01",
    ]
    text = wording.best_sentence(20, 2.7e-5, (2.9999, 2.0001), CEM_MINIMA["himmelblau"])
    assert "**2.7e-05**" in text and "nearest true minimum is at (3, 2)" in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1, abc", "Labels y: number 2 ('abc') is not a number. Separate numbers by commas"),
        ("1, inf", "Labels y: number 2 ('inf') is not a finite number. Separate numbers by"),
        ("", "Labels y is empty. Separate numbers by commas or spaces, e.g. 1, 0, 1."),
        ("1 " * 11, "Labels y has 11 numbers; this page takes 1 to 10."),
        ("1," * 2500, "Labels y: the text is 5,000 characters long (at most 2,000)."),
    ],
)
def test_list_messages_name_the_field_and_the_fix(text, message):
    with pytest.raises(InputProblem) as err:
        parse_number_list(text, ListRules(1, 10), wording.list_wording("Labels y"))
    assert str(err.value).startswith(message)


def test_every_core_argument_has_a_field_and_a_fix():
    for field, fix in wording.FIELDS.values():
        assert field and fix.endswith(".")
    assert wording.lengths_problem("Targets y", 6, "Predictions ŷ", 5, "Fix it.") == (
        "Targets y has 6 numbers but Predictions ŷ has 5. Fix it."
    )
