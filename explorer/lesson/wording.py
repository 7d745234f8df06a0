"""What the lesson says, step by step: pure text, no Streamlit.

Each step has two or three sentences, a question to answer before the number is shown
("predict, then reveal"), what the reveal adds, and how its number is written. Texts
take the unit's name (``{unit}``) because every number follows the sidebar's unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from explorer.text import format_value

__all__ = ["WORDS", "StepWords", "chart_title", "number_text", "step_heading"]


@dataclass(frozen=True)
class StepWords:
    """A step's learner text. A gradient or a probability has no unit: ``number_unit_free``
    for the step's number, ``answer_unit_free`` for the question's answer."""

    text: str
    question: str
    reveal: str
    number_label: str
    number_unit_free: bool = False
    answer_unit_free: bool = False


WORDS: dict[str, StepWords] = {
    "surprisal": StepWords(
        "An event of probability p carries a **surprise** of −log p: a sure thing (p = 1) "
        "tells you nothing, a rare one a lot. With log base 2 the surprise is in bits: each "
        "halving of p adds one bit.",
        "An event has probability 1/8. How many {unit} of surprise does it carry?",
        "1/8 is three halvings of 1, so it carries 3 bits (or 3 · ln 2 = 2.079 nats).",
        "surprise −log p",
    ),
    "entropy": StepWords(
        "**Entropy** H(P) = −Σ p log p is the surprise you expect on average. A fair coin is "
        "as unpredictable as a coin can be; a coin that always lands heads carries none.",
        "A container holds 26 triangles and 4 circles. What is the entropy, in {unit}, of "
        "the shape you draw?",
        "H = −(26/30 log 26/30 + 4/30 log 4/30): little, because triangles dominate.",
        "entropy H",
    ),
    "cross_entropy": StepWords(
        "**Cross-entropy** H(P,Q) = −Σ p log q is the average surprise when events follow P "
        "but you expected Q. Here P = (0.10, 0.40, 0.50) and the prediction Q = (0.80, 0.15, "
        "0.05) is poor. Slide t to move Q toward P.",
        "At t = 0 (Q as given), guess H(P,Q) in {unit}.",
        "Q gives blue only 0.05 though blue happens half the time: −0.5 log 0.05 is most of it.",
        "H(P,Q)",
    ),
    "decomposition": StepWords(
        "Cross-entropy splits into two parts: H(P,Q) = H(P) + KL(P‖Q). The entropy H(P) is "
        "the surprise no prediction can avoid; the **KL divergence** is the extra cost of "
        "predicting Q instead of P. Only KL shrinks as Q moves toward P.",
        "At t = 0, what is KL(P‖Q) in {unit}?",
        "KL = H(P,Q) − H(P): the part of the loss a better model removes. It is 0 at t = 1.",
        "KL(P‖Q)",
    ),
    "order": StepWords(
        "Cross-entropy is not symmetric: H(P,Q) asks how surprising P's events are under Q, "
        "H(Q,P) the reverse. Training minimises H(P,Q) with P the truth, never the other "
        "way round.",
        "Swap the roles: at t = 0, what is H(Q,P) in {unit}?",
        "H(Q,P) ≠ H(P,Q): pair ordering matters (worked example 1).",
        "H(Q,P)",
    ),
    "clipping": StepWords(
        "As the probability q of what really happened goes to 0, −log q grows without "
        "bound: log 0 = −∞. Frameworks stop it: Keras clips q at 1e-7, scikit-learn at the "
        "float's machine epsilon, PyTorch's binary cross-entropy clamps log q at −100.",
        "PyTorch's binary_cross_entropy gets p = 0 for a label of 1. What loss does it "
        "report, in {unit}?",
        "log 0 is clamped to −100, so the loss is 100 nats however wrong the prediction.",
        "−log q",
    ),
    "temperature": StepWords(
        "**Softmax** turns logits z into probabilities p_i = e^(z_i/T) / Σ e^(z_j/T). A low "
        "temperature T sharpens them toward the largest logit; a high one flattens them.",
        "As T grows very large, what entropy, in {unit}, does softmax of 3 logits approach?",
        "Every class gets 1/3, the most uncertain 3 outcomes can be: log 3.",
        "entropy of softmax(z/T)",
    ),
    "gradient": StepWords(
        "For a class target y, the loss is −log p_y and its gradient with respect to the "
        "logits is simply **p − y**: push the true class up by 1 − p_y, every other class "
        "down by its probability.",
        "Logits (2, 1, 0.1), true class 0: what is the gradient on z₀ (the loss in nats)?",
        "p₀ = 0.659, so ∂L/∂z₀ = 0.659 − 1 = −0.341: gradient descent raises z₀.",
        "∂L/∂z₀ = p₀ − 1",
        number_unit_free=True,
        answer_unit_free=True,
    ),
    "smoothing": StepWords(
        "**Label smoothing** trains against y′ = (1 − ε) y + ε / C instead of a hard one-hot "
        "target, so the model is never pushed to infinite confidence.",
        "With ε = 0.1 and C = 10 classes, what target probability does the true class get?",
        "(1 − 0.1) · 1 + 0.1 / 10 = 0.91; every other class gets 0.01.",
        "loss against y′",
        answer_unit_free=True,
    ),
    "weights": StepWords(
        "A **class weight** w multiplies each sample's loss by the weight of its class. "
        'PyTorch\'s reduction="mean" then divides by the sum of the weights, Σ w l / Σ w, '
        "not by the number of samples.",
        "Three samples of class 0 and one of class 1, weights (1, 3): what mean loss, in "
        "{unit}, does PyTorch report?",
        "The class-1 sample counts three times, and the mean is over 1 + 1 + 1 + 3 = 6.",
        "weighted mean loss",
    ),
    "bce": StepWords(
        "**Binary cross-entropy** BCE(p, t) = −[t log p + (1 − t) log(1 − p)] is "
        "cross-entropy with two outcomes. With a soft target t = 0.4 its minimum is at p = t, "
        "and that minimum is not 0.",
        "Why is BCE(x, x) not zero? What is BCE(0.4, 0.4) in {unit}?",
        "At p = t the KL part is 0 and what is left is the entropy of the target, H(0.4).",
        "BCE(p, 0.4)",
    ),
    "faster": StepWords(
        "Under a sigmoid, cross-entropy's gradient on the logit is p − 1 for a positive "
        "label: largest when the model is most wrong. Squared error's is 2(p − 1)·p(1 − p), "
        "which vanishes there, so a confidently wrong model barely learns.",
        "At p = 0.01, what is cross-entropy's gradient on the logit?",
        "p − 1 = −0.99, while squared error gives −0.0196: fifty times weaker.",
        "gradient on the logit",
        number_unit_free=True,
        answer_unit_free=True,
    ),
    "perplexity": StepWords(
        "A fresh classifier that guesses uniformly over C classes has loss log C: the "
        'number behind "why is my loss 2.30?". **Perplexity** b^H turns a cross-entropy '
        "back into a number of equally likely choices.",
        "A fresh classifier over 10 classes: what is its loss in {unit}?",
        "ln 10 = 2.3026 nats (3.32 bits): its perplexity is exactly 10 choices.",
        "loss log C",
    ),
}


def step_heading(number: int, total: int, title: str) -> str:
    """The heading of a step, e.g. "Step 3 of 14 · Cross-entropy".

    >>> step_heading(3, 14, "Cross-entropy")
    'Step 3 of 14 · Cross-entropy'
    """
    return f"Step {number} of {total} · {title}"


def number_text(value: float, unit: str, unit_free: bool) -> str:
    """A step's number as it is shown: 4 decimals, with the unit unless it has none.

    >>> number_text(3.2879430945989, "bits", False), number_text(-0.341, "bits", True)
    ('3.2879 bits', '-0.3410')
    """
    if unit_free and math.isfinite(value):
        return f"{value:.4f}"
    return format_value(value, "" if unit_free else unit, 4)


#: The other numbers a step's title shows after its own: (index in its numbers, label).
_MORE: dict[str, tuple[tuple[int, str], ...]] = {
    "decomposition": ((1, "H(P)"), (2, "H(P,Q) = H(P) + KL")),
    "order": ((1, "H(P,Q)"),),
    "clipping": ((1, "Keras"), (2, "scikit-learn"), (3, "PyTorch BCE")),
    "gradient": ((1, "loss"),),
    "weights": ((1, "plain mean"),),
    "bce": ((1, "H(0.4)"), (2, "KL")),
    "faster": ((1, "squared error"),),
    "perplexity": ((1, "perplexity"),),
}
#: Extra numbers that have no unit whatever the step's own.
_NO_UNIT = {("faster", 1), ("perplexity", 1)}


def chart_title(key: str, numbers: tuple[float, ...], unit: str, revealed: bool) -> str:
    """The title of a step's chart at one slider position; "?" until the reveal.

    One number a line (plotly's ``<br>``), so a title with four numbers still fits a
    narrow chart in presenter view.

    >>> chart_title("order", (2.9058, 3.2879), "bits", True)
    'H(Q,P) = 2.9058 bits<br>H(P,Q) = 3.2879 bits'
    >>> chart_title("order", (2.9058, 3.2879), "bits", False)
    'H(Q,P) = ?'
    """
    words = WORDS[key]
    if not revealed:
        return f"{words.number_label} = ?"
    parts = [f"{words.number_label} = {number_text(numbers[0], unit, words.number_unit_free)}"]
    for i, label in _MORE.get(key, ()):
        free = words.number_unit_free or (key, i) in _NO_UNIT
        parts.append(f"{label} = {number_text(numbers[i], unit, free)}")
    return "<br>".join(parts)
