"""The lesson's steps, in order: each one's widget, chart and full page, as data.

A step's one live widget is a slider over the step's continuous parameter, bound to the
URL (``lesson_<key>``); its chart carries the same parameter on a plotly slider that
follows a drag in the browser (explorer/lesson/compute.py precomputes its positions).
"Open in the full page" opens the page the step comes from, with the step's state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from explorer.lesson.compute import EXAMPLE_P, EXAMPLE_Q, LOGITS, WEIGHT_LOGITS
from explorer.state import Param, number

__all__ = ["QUIZ", "STEPS", "Chart", "Step", "step_count"]

DISTRIBUTIONS = "pages/1_Distributions.py"
SOFTMAX = "pages/2_Softmax_and_logits.py"
CURVES = "pages/3_Loss_curves.py"
BINARY = "pages/4_Binary_and_multilabel.py"


def _list(values) -> str:
    return ",".join(f"{float(v):.12g}" for v in values)


@dataclass(frozen=True)
class Chart:
    """How a step's numbers are drawn: ``curve`` (lines and a moving marker), ``bars``
    (classes side by side) or ``stack`` (one bar split in two)."""

    kind: str
    x_title: str = ""
    y_title: str = ""
    categories: tuple[str, ...] = ()
    log_x: bool = False
    #: The moving trace's marker x is shown as a power of ten (the clipping step).
    exponent: bool = False


@dataclass(frozen=True)
class Step:
    """One step: its compute key, title, slider and where its full page is."""

    key: str
    title: str
    lo: float
    hi: float
    default: float
    step: float
    label: str
    chart: Chart
    page: str
    link: Callable[[float], dict[str, str]]
    fmt: str = "%.2f"
    #: The parameter's name in the step's number line ("at T = 1.00"); default: the
    #: label up to its colon.
    symbol: str = ""

    @property
    def name(self) -> str:
        """The parameter's short name: ``symbol``, else the label up to its colon."""
        return self.symbol or self.label.split(":")[0]

    @property
    def param(self) -> Param:
        return number(f"lesson_{self.key}", self.default, self.lo, self.hi)


_WALK = Chart("bars", "", "probability", ("red", "green", "blue"))

STEPS: tuple[Step, ...] = (
    Step("surprisal", "Surprise", 0.01, 1.0, 0.5, 0.005, "Probability p of the event",
         Chart("curve", "probability p", "surprise"), CURVES,
         lambda v: {"pt": f"{max(v, 0.001):.12g}"}, "%.3f", symbol="p"),
    Step("entropy", "Entropy", 0.0, 1.0, 0.5, 0.01, "P(heads)",
         Chart("curve", "P(heads)", "entropy"), DISTRIBUTIONS,
         lambda v: {"names": "heads,tails", "p": _list((v, 1 - v)), "q": "0.5,0.5"}),
    Step("cross_entropy", "Cross-entropy", 0.0, 1.0, 0.0, 0.02, "t: move Q toward P",
         _WALK, DISTRIBUTIONS,
         lambda v: {"p": _list(EXAMPLE_P), "q": _list(EXAMPLE_Q), "walk": f"{v:.12g}"}),
    Step("decomposition", "KL divergence: the part a better model removes", 0.0, 1.0, 0.0,
         0.02, "t: move Q toward P", Chart("stack", "", ""), DISTRIBUTIONS,
         lambda v: {"p": _list(EXAMPLE_P), "q": _list(EXAMPLE_Q), "walk": f"{v:.12g}"}),
    Step("order", "Pair ordering matters", 0.0, 1.0, 0.0, 0.02, "t: move Q toward P",
         Chart("curve", "t", "cross-entropy"), DISTRIBUTIONS,
         lambda v: {"p": _list(EXAMPLE_P), "q": _list(EXAMPLE_Q), "walk": f"{v:.12g}"}),
    Step("clipping", "log 0 and clipping", -16.0, 0.0, -1.0, 0.25, "log₁₀ q",
         Chart("curve", "q (log scale)", "−log q", log_x=True, exponent=True), CURVES,
         lambda v: {"preset": "opposite"}),
    Step("temperature", "Softmax and temperature", 0.1, 10.0, 1.0, 0.05, "Temperature T",
         Chart("bars", "", "probability", ("class 0", "class 1", "class 2")), SOFTMAX,
         lambda v: {"logits": _list(LOGITS), "temperature": f"{v:.12g}"}, symbol="T"),
    Step("gradient", "The loss of a class, and its gradient p − y", -3.0, 6.0, 2.0, 0.1,
         "Logit z₀ of the true class", Chart("bars", "", "∂L/∂z", ("z₀", "z₁", "z₂")),
         SOFTMAX,
         lambda v: {"logits": _list((v, *LOGITS[1:])), "section": "Loss & gradient"}, "%.1f",
         symbol="z₀"),
    Step("smoothing", "Label smoothing", 0.0, 0.5, 0.0, 0.01, "Label smoothing ε",
         Chart("bars", "", "probability", ("class 0", "class 1", "class 2")), SOFTMAX,
         lambda v: {"logits": _list(LOGITS), "eps": f"{v:.12g}"}, symbol="ε"),
    Step("weights", "Class weights and reduction=\"mean\"", 0.5, 10.0, 1.0, 0.25,
         "Weight w₁ of class 1",
         Chart("bars", "", "loss", ("sample 1<br>class 0", "sample 2<br>class 0",
                                    "sample 3<br>class 0", "sample 4<br>class 1")),
         SOFTMAX,
         lambda v: {"logits": _list(WEIGHT_LOGITS[3]), "cls": "1", "weights": _list((1, v)),
                    "section": "Frameworks"}, symbol="w₁"),
    Step("bce", "Binary cross-entropy", 0.02, 0.98, 0.7, 0.01, "Predicted probability p",
         Chart("curve", "p", "BCE"), BINARY,
         lambda v: {"prob": f"{v:.12g}", "target": "0.4"}, symbol="p"),
    Step("faster", "Why cross-entropy trains faster than squared error", 0.01, 0.99, 0.5,
         0.01, "Probability p of the true class", Chart("curve", "p", "gradient on the logit"),
         CURVES, lambda v: {"pt": f"{v:.12g}", "curves_section": "Gradients"}, symbol="p"),
    Step("perplexity", "Perplexity, and why a fresh model's loss is 2.30", 2, 100, 2, 1,
         "Number of classes C", Chart("curve", "C", "loss"), SOFTMAX,
         lambda v: {"preset": "uniform-10"}, "%d", symbol="C"),
)  # fmt: skip

#: The last step: a quiz in the learner's own numbers (explorer/quiz).
QUIZ = "Quiz: your turn"


def step_count() -> int:
    """Steps in the lesson, the quiz included."""
    return len(STEPS) + 1
