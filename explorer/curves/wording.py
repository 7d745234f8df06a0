"""What the Loss curves page says: its labels, sentences and messages (no Streamlit).

Each sentence takes the numbers xentcore computed and says what they mean, so a test
can check the wording without running the page.
"""

from __future__ import annotations

import math

from explorer.parsing import InputProblem
from explorer.text import format_value

__all__ = [
    "CLIP_LABELS",
    "CONVENTIONS",
    "C_FIX",
    "ce_gradient_formula",
    "field_problem",
    "gradient_sentence",
    "guide_band_sentence",
    "intro",
    "live_titles",
    "loss_names",
    "losses_heading",
    "opposite_sentence",
    "reading_message",
    "smoothing_sentence",
]

#: The largest number of classes the page draws (the URL and the box accept no more).
MAX_CLASSES = 1000
C_FIX = f"Type a whole number from 2 to {MAX_CLASSES}."

#: The clip choices (keys of xentcore.curves.CLIP_EPSILONS) as the radio shows them.
CLIP_LABELS = {
    "none": "no clip",
    "1e-15": "1e-15 (textbook)",
    "1e-7": "1e-7 (Keras)",
    "eps": "2.2e-16 (scikit-learn)",
}

#: Rows of the conventions table: key of exact_opposite_losses, who, what it does.
CONVENTIONS = [
    ("none", "Plain NumPy / math", "no clip: log 0 = −∞"),
    ("1e-15", "The tutorials", "log(q + 1e-15), or q clipped to [1e-15, 1 − 1e-15]"),
    ("1e-7", "Keras", "q clipped to [1e-7, 1 − 1e-7] (keras.backend.epsilon())"),
    ("eps", "scikit-learn log_loss", "q clipped to machine epsilon, 2.22e-16"),
    ("torch", "PyTorch binary_cross_entropy", "log q clamped at −100 (natural log)"),
]

_LN = {"bits": "ln 2", "nats": "", "hartleys": "ln 10"}

PRESET_HELP = "Target [0, 1], prediction sliding from [1, 0] to [0, 1], clip 1e-15, in nats."
PRESET_CAPTION = (
    "Worked example 12 (the sources' plot): a binary target [0, 1] and a prediction "
    "sliding from [1, 0] to [0, 1]. The button sets it up."
)

LOSS_FORMULAS = (
    r"\begin{gathered}"
    r"L_{\mathrm{CE}} = -\log p \qquad L_{\mathrm{SE}} = (1-p)^2 \\[4pt]"
    r"L_{\mathrm{focal}} = -\alpha(1-p)^{\gamma}\log p \\[4pt]"
    r"L_{\varepsilon} = -\Big(1-\varepsilon+\tfrac{\varepsilon}{C}\Big)\log p"
    r" - \tfrac{\varepsilon}{C}\,(C-1)\log\tfrac{1-p}{C-1}"
    r"\end{gathered}"
)
LOSS_CAPTION = (
    "Squared error is the Brier score of the true class, (1 − p)²: never more than 1 "
    "however wrong the prediction. Focal loss (γ > 0) shrinks the loss of examples "
    "already right, so training spends its effort on the hard ones. Label smoothing "
    "replaces the one-hot target y by (1 − ε)·y + ε/C; here the other C − 1 classes "
    "share 1 − p evenly."
)

GRADIENTS_HEADING = (
    "## Why cross-entropy trains faster\n\n"
    "A sigmoid output p = σ(z) with target 1. The gradient with respect to the logit z "
    "is what moves the model: compare cross-entropy with squared error."
)
GRADIENT_FORMULAS = (
    r"\frac{\partial}{\partial z}\big(-\log\sigma(z)\big) = p - 1 \qquad\qquad "
    r"\frac{\partial}{\partial z}\big(1-\sigma(z)\big)^2 = -2p(1-p)^2"
)
GRADIENT_AXES = {"p": "probability p", "logit": "logit z"}

OPPOSITE_HEADING = (
    "## The sources' plot: from [1, 0] to [0, 1]\n\n"
    "The target is [0, 1]; the prediction [1 − t, t] slides from the exact opposite "
    "(t = 0) to perfect (t = 1). At t = 0 the loss is −log 0 = ∞, so code clips the "
    "probability to [ε, 1 − ε] and the worst loss becomes −log ε."
)

READING_FIX = "A cross-entropy is never negative: type a number ≥ 0, such as 0.35."
READING_NEEDS_C = "Reading a loss needs the number of classes C: fix it above. " + C_FIX
READING_NOTES = (
    "- **0** is perfect: every true class got probability 1.\n"
    "- **log C** is a uniform guess over C classes (an untrained classifier); below it "
    "beats guessing.\n"
    "- A model that always predicts the class frequencies scores their entropy, at most "
    "log C: with imbalanced classes, that is the bar to beat.\n"
    "- An average loss L in bits means the true class got probability $2^{-L}$ on "
    "average (the geometric mean); in nats, $e^{-L}$."
)


def intro(unit: str) -> str:
    """The paragraph under the title: what the page shows, in the sidebar's unit."""
    return (
        "A classifier gives the true class some probability **p**. Each loss turns that one "
        "number into a penalty; how fast the penalty grows as p falls, and how hard its "
        "gradient pushes back, decide how a model learns. Move **p** and the other controls: "
        f"every loss is in **{unit}** (change the unit in the sidebar)."
    )


def losses_heading(count: int) -> str:
    """The chart's heading, counting the curves it draws.

    >>> losses_heading(4), losses_heading(5)
    ('## Four losses against p', '## Five losses against p')
    """
    words = {4: "Four", 5: "Five", 6: "Six", 7: "Seven", 8: "Eight"}
    return f"## {words.get(count, str(count))} losses against p"


def loss_names(gamma: float, alpha: float, eps: float) -> dict[str, str]:
    """The legend entry of each curve, keyed like ``CURVE_STYLES``."""
    return {
        "ce": "cross-entropy −log p",
        "se": "squared error (1 − p)², no unit",
        "focal": f"focal, γ = {gamma:g}, α = {alpha:g}",
        "smoothed": f"label-smoothed CE, ε = {eps:g}",
    }


def ce_gradient_formula(unit: str) -> str:
    """The cross-entropy gradient ∂L/∂z in ``unit``: p − 1 in nats, (p − 1)/ln 2 in bits.

    >>> ce_gradient_formula("nats"), ce_gradient_formula("bits")
    ('p − 1', '(p − 1)/ln 2')
    """
    ln = _LN.get(unit, "")
    return f"(p − 1)/{ln}" if ln else "p − 1"


def field_problem(field: str, error: Exception | str, fix: str) -> str:
    """A message naming the field, what the core found wrong, and how to fix it.

    >>> field_problem("Number of classes C", "classes must be >= 2, got 0.0", "Type 2 to 9.")
    'Number of classes C: classes must be >= 2, got 0.0. Type 2 to 9.'
    """
    return InputProblem(str(error).rstrip("."), fix, field=field).sentence()


def _minus(text: str) -> str:
    return text.replace("-", "−")


def gradient_sentence(p: float, z: float, ce: float, se: float, ratio: float, unit: str) -> str:
    """The two gradients at the marked point, and why cross-entropy trains faster.

    >>> print(gradient_sentence(0.1, -2.1972, -0.9, -0.162, 5.5556, "nats")[:60])
    At p = 0.100 (logit z = −2.197), cross-entropy's gradient is
    """
    if ce == 0 and se == 0:
        return (
            f"At p = {p:.3f} both gradients are 0: the prediction is already perfect and "
            "there is nothing left to learn."
        )
    z_text = "∞" if math.isinf(z) else _minus(f"{z:.3f}")
    return (
        f"At p = {p:.3f} (logit z = {z_text}), cross-entropy's gradient is "
        f"∂L/∂z = {ce_gradient_formula(unit)} = {_minus(f'{ce:.4g}')} (loss in {unit}); "
        f"squared error's is −2p(1 − p)² = {_minus(f'{se:.4g}')}: cross-entropy pulls "
        f"{ratio:.3g}× harder. As p → 0, when the model is confidently wrong, the squared "
        "error's gradient vanishes (the flat tail of the sigmoid cancels it) while "
        "cross-entropy's stays near its largest value: this is why cross-entropy trains faster."
    )


def opposite_sentence(clip: str, value: float, unit: str) -> str:
    """The loss at the exact opposite [1, 0] of the target [0, 1] under the chosen clip.

    >>> print(opposite_sentence("1e-15", 34.538776, "nats").split(", ")[-1])
    the loss clipped at 1e-15 is −log ε = 34.5388 nats.
    >>> print(opposite_sentence("none", float("inf"), "bits").split(", ")[-1])
    without a clip the loss is −log 0 = ∞ bits: one such example makes the mean ∞.
    """
    where = "At the exact opposite, [1, 0] for the target [0, 1],"
    shown = format_value(value, unit, digits=4)
    if clip == "none":
        return (
            f"{where} without a clip the loss is −log 0 = {shown}: "
            "one such example makes the mean ∞."
        )
    label = CLIP_LABELS.get(clip, clip).split(" ")[0]
    return f"{where} the loss clipped at {label} is −log ε = {shown}."


def smoothing_sentence(p_min: float, loss_min: float, eps: float, classes: int, unit: str) -> str:
    """Where label-smoothed cross-entropy is smallest, and why that is not p = 1.

    >>> print(smoothing_sentence(0.91, 0.5003, 0.1, 10, "nats")[:71])
    With ε = 0.10 and C = 10, label-smoothed cross-entropy is smallest at p
    """
    if eps == 0:
        return (
            "With ε = 0 label smoothing is off: the curve is plain cross-entropy, smallest "
            "(0) at p = 1."
        )
    return (
        f"With ε = {eps:.2f} and C = {classes}, label-smoothed cross-entropy is smallest at "
        f"p = 1 − ε + ε/C = {p_min:.4g}, not at p = 1. There it equals the entropy of the "
        f"smoothed target, {format_value(loss_min, unit)} (the ★); at p = 1 it is ∞, because "
        "the other classes get 0 while the smoothed target gives each ε/C. The model is "
        "rewarded for stopping short of certainty."
    )


def guide_band_sentence(uniform: float, classes: int, unit: str) -> str:
    """What the shaded band of the loss curves means: below log C beats a uniform guess.

    >>> guide_band_sentence(3.3219, 10, "bits").split("; ")[0].split(" and ")[1]
    'scores log C = **3.322 bits**'
    """
    return (
        f"**Guide bands.** 0 is perfect. A uniform guess over C = {classes} classes gives the "
        f"true class 1/C and scores log C = **{format_value(uniform, unit)}**; the shaded "
        "band below it beats guessing. The cross-entropy curve crosses it at p = 1/C (○)."
    )


def reading_message(
    loss: float, uniform: float, probability: float, perplexity: float, classes: int, unit: str
) -> tuple[str, str]:
    """("success" | "warning", text): an average log loss against 0 and log C.

    >>> level, text = reading_message(1.0, 3.3219, 0.5, 2.0, 10, "bits")
    >>> level, text.split(":")[0]
    ('success', '1.000 bits is below log C = 3.322 bits')
    >>> reading_message(0.0, 3.3219, 1.0, 1.0, 10, "bits")[0]
    'warning'
    """
    shown = format_value(loss, unit) if loss < 1e6 else f"{loss:.3g} {unit}"
    landmark = f"log C = {format_value(uniform, unit)}"
    pp = "∞" if math.isinf(perplexity) else f"{perplexity:.4g}"
    typical = (
        f"the true class got probability {probability:.4g} on average (geometric mean), as "
        f"unsure as a uniform guess among {pp} classes (the perplexity)"
    )
    if loss == 0:
        return (
            "warning",
            "An average loss of exactly 0 means every true class got probability 1. On "
            "training data that is overfitting; on held-out data, look for a leak (the "
            "label hiding in the features).",
        )
    if loss < uniform:
        return (
            "success",
            f"{shown} is below {landmark}: better than a uniform guess over C = {classes} "
            f"classes. In plain words, {typical}.",
        )
    return (
        "warning",
        f"{shown} is at or above {landmark}: no better than a uniform guess over "
        f"C = {classes} classes (an untrained classifier scores log C). Here {typical}. "
        "Check the labels, the learning rate, and that the loss is averaged over examples.",
    )


#: How each curve is named in the live chart's title (the registry's others: their short).
SHORT_NAMES = {"ce": "cross-entropy", "se": "squared error", "focal": "focal",
               "smoothed": "smoothed"}  # fmt: skip


def live_titles(ps, values: dict, shorts: dict, unit: str) -> list[str]:
    """The loss chart's title at each position of its own p slider.

    >>> live_titles([0.05], {"ce": [4.32], "se": [0.9025]}, {}, "bits")
    ['At p = 0.050: cross-entropy 4.3200 bits · squared error 0.9025']
    """
    names = {**SHORT_NAMES, **shorts}
    titles = []
    for i, p in enumerate(ps):
        parts = [
            f"{names[k]} {format_value(v[i], '' if k == 'se' else unit, 4)}"
            for k, v in values.items()
        ]
        titles.append(f"At p = {p:.3f}: " + " · ".join(parts))
    return titles
