"""What the Binary & multi-label page says: field names, messages, formulas (no Streamlit).

The core's messages start with its argument name (``prob must be ...``);
:func:`describe_error` turns that into the field the learner sees and how to fix it.
A typed list's messages are a :class:`~explorer.parsing.ListWording` (:func:`list_wording`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from explorer.parsing import InputProblem, ListWording
from explorer.text import format_value, log_symbol

__all__ = [
    "FIELDS",
    "bce_latex",
    "describe_error",
    "format_loss",
    "list_wording",
]

# Core argument name -> (the field as the learner sees it, how to fix it).
FIELDS = {
    "prob": ("Predicted probability p", "Type a probability from 0 to 1."),
    "target": ("Target t", "Type a target from 0 to 1 (0 or 1 for a hard label)."),
    "logit": ("Logit x", "Type any finite number."),
    "pos_weight": ("pos_weight w₊", "Type a weight of 0 or more (1 means no reweighting)."),
    "ys": ("Labels y", "Type one label per sample, each 0 or 1, e.g. 1, 0, 1."),
    "ps": ("Predicted P(y = 1)", "Type one probability from 0 to 1 per label, e.g. 0.8, 0.1."),
    "scores": ("Scores z", "Type 2 to 10 finite logits, e.g. 2, -1, 0.5."),
    "targets": ("Multi-hot target y", "Type one value from 0 to 1 per score, e.g. 1, 0, 1."),
}

_SEPARATED = "Type numbers separated by commas"


def list_wording(field: str) -> ListWording:
    """The messages of the typed list labelled ``field`` (a problem names the item).

    >>> from explorer.parsing import ListRules, parse_number_list
    >>> try:
    ...     parse_number_list("1, a", ListRules(), list_wording("Labels y"))
    ... except InputProblem as err:
    ...     print(err)
    Labels y: item 2 ('a') is not a number. Type numbers separated by commas, e.g. 0.5, 1.
    """
    return ListWording(
        field,
        fix=f"{_SEPARATED}, e.g. 0.5, 1.",
        item="item",
        too_long=(
            "{field}: the text is {chars:,} characters long (at most {max_chars:,}). "
            "Type at most {max_len} numbers separated by commas."
        ),
        empty=f"{{field}} is empty. {_SEPARATED}, e.g. 1, 0, 1.",
        count="{field} has {count} numbers; give {min_len} to {max_len}, separated by commas.",
        not_a_number="{field}: {item} {i} ({token!r}) is not a number. {fix}",
        not_finite="{field}: {item} {i} ({token!r}) is not a finite number.",
    )


def format_loss(value: float, unit: str = "", digits: int = 3) -> str:
    """:func:`explorer.text.format_value`, but 1e300 stays short instead of 301 digits.

    >>> format_loss(0.2469, "nats"), format_loss(1e300, "nats"), format_loss(float("inf"), "bits")
    ('0.247 nats', '1e+300 nats', '∞ bits')
    """
    value = float(value)
    if math.isfinite(value) and abs(value) >= 1e6:
        return f"{value:.4g} {unit}".strip()
    return format_value(value, unit, digits)


def _num(x: float) -> str:
    return f"{float(x):.4g}".replace("e", r"\mathrm{e}")


def bce_latex(prob: float, target: float, value_text: str, unit: str) -> str:
    """The BCE formula with the user's p and t substituted.

    >>> print(bce_latex(0.7, 1.0, "0.515 bits", "bits"))  # doctest: +NORMALIZE_WHITESPACE
    \\mathrm{BCE}(p, t) = -\\big[\\,t \\log_2 p + (1 - t) \\log_2 (1 - p)\\,\\big]
    = -\\big[\\,1 \\cdot \\log_2 0.7 + 0 \\cdot \\log_2 0.3\\,\\big] = 0.515\\ \\text{bits}
    """
    log = log_symbol(unit)
    number, _, unit_text = value_text.partition(" ")
    number = number.replace("∞", r"\infty")
    return (
        rf"\mathrm{{BCE}}(p, t) = -\big[\,t {log} p + (1 - t) {log} (1 - p)\,\big]"
        "\n"
        rf"= -\big[\,{_num(target)} \cdot {log} {_num(prob)} + {_num(1.0 - target)} \cdot "
        rf"{log} {_num(1.0 - prob)}\,\big] = {number}\ \text{{{unit_text}}}"
    )


def describe_error(err: Exception, fields: Mapping[str, tuple[str, str]]) -> str:
    """Name the field behind a core error and say how to fix it.

    ``fields`` maps a core argument name to ``(field label, how to fix it)``; the
    core's messages start with the argument name.

    >>> fields = {"prob": ("Predicted probability p", "Use a number from 0 to 1.")}
    >>> describe_error(ValueError("prob must be <= 1.0, got 1.3"), fields)
    'Predicted probability p: prob must be <= 1.0, got 1.3. Use a number from 0 to 1.'
    """
    message = str(err).rstrip(".")
    for arg, (label, fix) in fields.items():
        if message.startswith(arg + " ") or message.startswith(arg + "="):
            return InputProblem(message, fix, field=label).sentence()
    return f"{message}."


# ---------------------------------------------------------------- the bordered losses

#: (label, field of the core's result, tooltip) of each loss in a row of metrics.
PREDICTION_LOSSES = (
    (
        "BCE(p, t)",
        "bce",
        "torch.nn.functional.binary_cross_entropy: −[t log p + (1−t) log(1−p)].",
    ),
    (
        "H(t), the floor",
        "entropy",
        "Entropy of the target: the smallest BCE any p can reach (at p = t).",
    ),
    (
        "KL(t‖p), the rest",
        "kl",
        "BCE − H(t): the part a better prediction removes; 0 only at p = t.",
    ),
)
LOGIT_LOSSES = (
    (
        "BCE with logits",
        "loss",
        "torch.nn.functional.binary_cross_entropy_with_logits(x, t, pos_weight=w₊).",
    ),
)
DATASET_LOSSES = (
    (
        "Mean binary cross-entropy",
        "mean_bce",
        "torch.nn.functional.binary_cross_entropy(p, y), reduction 'mean'.",
    ),
    ("scikit-learn log_loss", "log_loss", "sklearn.metrics.log_loss(y, p), in the chosen unit."),
)
MULTILABEL_LOSSES = (
    ("Multi-label BCE (mean over classes)", "bce_mean", "torch.nn.BCEWithLogitsLoss()(z, y)."),
    ("Softmax cross-entropy", "softmax_loss", "torch.nn.functional.cross_entropy(z, y / Σy)."),
)
SIGMOID_SUM_HELP = "Independent probabilities: their sum can be anything from 0 to K."


def gradient_help(unit: str) -> str:
    """The tooltip of ∂L/∂x: its unit, and what it is without pos_weight."""
    return f"In {unit} per unit of logit; σ(x) − t when w₊ = 1."


# ---------------------------------------------------------------- the page's paragraphs

INTRO = (
    "Binary cross-entropy (BCE) is cross-entropy with two outcomes: the label is 1 with "
    "probability p and 0 with probability 1 − p. It is the loss of logistic regression, "
    "scikit-learn's **log loss**, and, one sigmoid per class, the loss of multi-label models."
)


def infinite_loss_warning(prob: float, target: float, clamped: str) -> str:
    """Why the exact BCE is ∞, and what PyTorch reports instead (``clamped``)."""
    return (
        f"p = {prob:g} gives probability 0 to an outcome that target t = {target:g} "
        f"allows, so the exact loss is ∞ (log 0 = −∞). PyTorch reports "
        f"{clamped} because it clamps the log at −100: see the "
        "log(0) tab."
    )


BCE_SELF = (
    "**Why is BCE(x, x) not zero?** For a *soft* target t the loss cannot reach 0: "
    "binary cross-entropy is the entropy of the target plus a KL divergence, and only "
    "the KL part depends on p.\n\n"
    r"$$\mathrm{BCE}(p, t) = \underbrace{H(t)}_{\text{fixed by the target}}"
    r" + \underbrace{D_{\mathrm{KL}}\big(\mathrm{Bern}(t)\,\|\,\mathrm{Bern}(p)\big)}"
    r"_{\ge 0,\ = 0 \text{ only at } p = t}$$"
)
BCE_SELF_NEEDS_T = "The chart appears once the target t above is a number from 0 to 1."


def floor_sentence(target: float, floor: str) -> str:
    """The BCE(x, x) tab's reading of the chart: the lowest loss is H(t) (``floor``)."""
    return (
        f"With t = {target:g} the lowest loss is at **p = t**, and it equals "
        f"**H(t) = {floor}**, the Bernoulli entropy of {target:g} (green "
        "diamond). It is 0 only for a hard target, t = 0 or t = 1. The green curve is H(x) for "
        "every x: BCE(x, x) runs exactly along it. So a loss that stops at H(t) is not a bug: "
        "PyTorch's `BCELoss` of x against itself is the entropy of x. The dotted vermillion "
        "gap is KL(t‖p), the part training can still remove."
    )


FROM_LOGIT = (
    "Models output a logit x, and σ(x) = 1 / (1 + e^(−x)) is the probability. "
    "`torch.nn.BCEWithLogitsLoss` computes the loss from x directly, which stays exact for "
    "any logit; `pos_weight` w₊ scales the positive term (w₊ > 1 trades precision for "
    "recall on a rare positive class). The target t is the one set above.\n\n"
    r"$$L(x, t) = (1 - t)\,x \;-\; \big(1 + (w_+ - 1)\,t\big)\,\log\sigma(x), \qquad"
    r"\frac{\partial L}{\partial x} = \big(1 + (w_+ - 1)\,t\big)\,\sigma(x) - w_+\,t$$"
)
OVERFLOW = (
    "The loss is larger than the largest float64 number (about 1.8e308), so it shows "
    "as ∞: the logit times pos_weight overflows. Use a smaller |logit| or pos_weight."
)


def two_routes_sentence(from_probability: str, from_logit: str) -> str:
    """The loss through σ(x) then BCE against the loss from the logit itself."""
    return (
        "Through the probability instead (σ(x) first, then BCE, no pos_weight): "
        f"**{from_probability}**, against "
        f"**{from_logit}** from the logit. They agree for "
        "moderate logits; beyond |x| ≈ 37, σ(x) rounds to exactly 0 or 1 in float64, the "
        "probability route hits log 0 and PyTorch clamps it at 100 nats, while the logit "
        "route stays exact. Try x = 1e300 with t = 0."
    )


DATASET = (
    "Average the per-sample loss over a dataset and you get the mean binary cross-entropy. "
    "scikit-learn calls the same number `log_loss`: **binary cross-entropy and log loss "
    "are the same quantity**."
)
DATASET_DIFFERS = (
    "The two differ only because some p is 0 or 1 against its label: PyTorch "
    "clamps log 0 at −100, scikit-learn clips p at 2.2e-16 (see the log(0) tab)."
)


def same_number_sentence(samples: int) -> str:
    """Mean BCE and log loss agree: one quantity under two names."""
    return (
        f"The same number for these {samples} samples: binary cross-entropy and "
        "log loss are the same quantity."
    )


MULTILABEL = (
    "The same scores z can be read two ways. **Multi-label** (a photo can show a cat *and* "
    "a dog): one sigmoid per class, K independent yes/no probabilities that need not sum "
    "to 1, trained with BCE per class. **Exclusive classes** (exactly one is right): one "
    "softmax that shares out a single unit of probability, trained with cross-entropy "
    "against the target divided by its sum.\n\n"
    r"$$L_{\text{sigmoids}} = \frac{1}{K}\sum_{k=1}^{K}\mathrm{BCE}\big(\sigma(z_k), y_k\big)"
    r"\qquad L_{\text{softmax}} = -\sum_{k=1}^{K} \frac{y_k}{\sum_j y_j}\,"
    r"\log \operatorname{softmax}(z)_k$$"
)
NO_TARGET = (
    "Every target is 0, so there is no distribution to compare the softmax with "
    "(y / Σy divides by 0): the softmax loss is undefined. Multi-label BCE is fine "
    "with “no class present”. Set at least one target to 1 to see both."
)

LOG_ZERO = (
    "Predicting exactly 0 for a label that happens costs −log 0 = ∞. Frameworks avoid the "
    "infinity in different ways: **PyTorch** clamps the log at −100 (a loss of 100 nats), "
    "**Keras** clips p to [1e-7, 1 − 1e-7] (16.118 nats), **scikit-learn** clips at "
    "machine epsilon 2.2e-16 (36.04 nats). The same confident mistake costs three "
    "different finite amounts."
)


def log_zero_caption(unit: str) -> str:
    """Under the log(0) table: its unit, and how scikit-learn takes a soft target."""
    return (
        f"Values in {unit}. Frameworks work in nats: 100 nats = 144.3 bits = 43.4 hartleys. "
        "scikit-learn's log_loss takes hard labels, so a soft t goes in as the labels 1 and 0 "
        "with sample weights t and 1 − t."
    )
