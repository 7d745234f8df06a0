"""explorer/softmax/inputs.py: the text boxes read lists as the URL does, in the field's words."""

import pytest

from explorer.parsing import InputProblem
from explorer.softmax.inputs import EXTRA_KEYS, LOGITS, PARAMS, SOFT, WEIGHTS

LOGITS_FIX = "Type 2 to 20 comma-separated numbers in [-1e+06, 1e+06]."
POSITIVE_FIX = "Type 2 to 20 comma-separated numbers in [0, 1e+06]."


def test_session_keys_are_the_params_and_the_boxes():
    assert [p.key for p in PARAMS] == [
        "logits",
        "temperature",
        "target",
        "cls",
        "soft",
        "eps",
        "weights",
        "lr",
        "shift",
        "scale",
        "section",
        "softmax_quiz_seed",  # the Quiz tab's question (explorer/quiz)
        "softmax_quiz_kind",
    ]
    assert EXTRA_KEYS == [
        *("logits_text", "_logits_shown", "_logits_error"),
        *("soft_text", "_soft_shown", "_soft_error"),
        *("weights_text", "_weights_shown", "_weights_error"),
        "_softmax_step_path",
        "_softmax_step_error",
        *("softmax_quiz_answer", "_softmax_quiz_verdict", "_softmax_quiz_score"),
        "_softmax_quiz_done",
    ]


@pytest.mark.parametrize(
    "field, text, values",
    [
        (LOGITS, " 3 ; -1   0.5 ", [3.0, -1.0, 0.5]),
        (LOGITS, "2,1,0.1", [2.0, 1.0, 0.1]),
        (WEIGHTS, " ", []),
        (SOFT, "0.7\t0.2\n0.1", [0.7, 0.2, 0.1]),
    ],
)
def test_good_texts(field, text, values):
    assert field.parse(text) == values


@pytest.mark.parametrize(
    "field, text, message",
    [
        (LOGITS, "2, abc, 1", f"Logits: value 2 ('abc') is not a number. {LOGITS_FIX}"),
        (LOGITS, "nan, 1", f"Logits: value 1 ('nan') is not a finite number. {LOGITS_FIX}"),
        (LOGITS, "1e300, 0", f"Logits: value 1 (1e+300) is outside [-1e+06, 1e+06]. {LOGITS_FIX}"),
        (LOGITS, "5", f"Logits: has 1 values, not 2 to 20. {LOGITS_FIX}"),
        (LOGITS, "", f"Logits is empty. {LOGITS_FIX}"),
        (
            LOGITS,
            "1" * 5000,
            f"Logits: the text is 5,000 characters long (at most 2,000). {LOGITS_FIX}",
        ),
        (
            SOFT,
            "-0.1, 0.6, 0.5",
            f"Soft target: value 1 (-0.1) is outside [0, 1e+06]. {POSITIVE_FIX}",
        ),
        (WEIGHTS, "1", f"Class weights: has 1 values, not 2 to 20. {POSITIVE_FIX}"),
        (
            WEIGHTS,
            "x" * 30 + ", 1",
            "Class weights: value 1 ('" + "x" * 20 + "') is not a number. " + POSITIVE_FIX,
        ),
    ],
)
def test_bad_texts_say_what_and_how(field, text, message):
    with pytest.raises(InputProblem) as caught:
        field.parse(text)
    assert str(caught.value) == message
