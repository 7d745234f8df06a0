"""Home's learner text: what cross-entropy is, the example's labels and its messages.

Pure (no Streamlit), so the messages are tested directly.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "CAPTION",
    "EXAMPLES_HEADING",
    "EXAMPLES_INTRO",
    "INTRO",
    "LATEX",
    "METRICS",
    "RENORMALISE_FAILED",
    "TRY_IT_HEADING",
    "TRY_IT_INTRO",
    "describe_impossible_events",
    "example_label",
]

INTRO = """
**Cross-entropy** measures how surprised you are, on average, when events really happen
with probabilities **P** but you expected them with probabilities **Q**. It is the
average number of bits needed to encode outcomes of P with a code built for Q.
Classifiers are trained by making it small: P is the true label, Q the model's prediction.

It splits into two parts: the **entropy** H(P), the surprise no prediction can avoid,
plus the **Kullback–Leibler divergence** KL(P‖Q), the extra cost of predicting Q instead of P.
"""
LATEX = r"H(P,Q) \;=\; -\sum_x P(x)\,\log Q(x) \;=\; H(P) \;+\; D_{\mathrm{KL}}(P\,\|\,Q)"

TRY_IT_HEADING = "Try it: a bag of coloured balls"
TRY_IT_INTRO = (
    "P is how often each colour is really drawn; Q is what a model predicts. "
    "Change any number and watch the cross-entropy."
)
RENORMALISE_FAILED = (
    "Renormalise {name} needs non-negative numbers with a positive sum; "
    "fix the entries of {name} by hand first."
)

#: The example's metrics: label, field of :class:`explorer.home.compute.Measures`, help.
METRICS = (
    (
        "Cross-entropy H(P,Q)",
        "h_pq",
        "Average surprise when outcomes follow P but you predicted Q.",
    ),
    (
        "Entropy H(P)",
        "h_p",
        "The surprise no prediction can remove: the cross-entropy of a perfect Q = P.",
    ),
    (
        "KL divergence KL(P‖Q)",
        "kl",
        "H(P,Q) − H(P): the extra cost of predicting Q instead of P. Zero only when Q = P.",
    ),
    (
        "Reversed H(Q,P)",
        "h_qp",
        "Swapping the roles of P and Q gives a different number: order matters.",
    ),
)
CAPTION = "H(P,Q) = {h_pq} is not H(Q,P) = {h_qp}: cross-entropy is not symmetric."

EXAMPLES_HEADING = "Worked examples, one click each"
EXAMPLES_INTRO = (
    "Every worked example of the classic tutorials opens as a preset on its own page. "
    "The link in the address bar then reopens exactly that state: share it with a class."
)


def example_label(example: int, title: str, quantity: str, expected: str) -> str:
    """A worked example's link: "Example 1: ... (H(P,Q) = 3.288 bits)".

    >>> example_label(3, "A great prediction", "H(P,Q)", "")
    'Example 3: A great prediction'
    """
    label = f"Example {example}: {title}"
    return f"{label} ({quantity} = {expected})" if expected else label


def describe_impossible_events(
    labels: Sequence[str], p: Sequence[float], q: Sequence[float]
) -> str | None:
    """Explain an infinite H(P,Q): Q rules out an event that P says can happen.

    >>> message = describe_impossible_events(["red", "blue"], [0.5, 0.5], [1.0, 0.0])
    >>> message.split(". ")[0]
    'Q gives probability 0 to an event that happens under P: blue (P = 0.50)'
    >>> describe_impossible_events(["red", "blue"], [1.0, 0.0], [1.0, 0.0]) is None
    True
    """
    ruled_out = [
        f"{label} (P = {pi:.2f})"
        for label, pi, qi in zip(labels, p, q, strict=True)
        if qi == 0 and pi > 0
    ]
    if not ruled_out:
        return None
    return (
        f"Q gives probability 0 to an event that happens under P: {', '.join(ruled_out)}. "
        "Since log 0 = −∞, the cross-entropy is infinite; training code avoids this by "
        "clipping predictions (e.g. to 1e-15 or 1e-7)."
    )
