"""The Softmax & logits page's inputs: its URL params and the input panel, read into
:class:`SoftmaxInputs`.

Lists of numbers (logits, soft target, class weights) live in
``st.session_state[param.key]`` as lists of floats: what the URL, presets and "Reset
this page" set. The text box the learner edits (:func:`explorer.widgets.number_list_input`)
has its own key ``f"{param.key}_text"``: a good text replaces the list; a bad one leaves
the list as it was and yields a message naming the field and the fix. When the list
changes elsewhere (a preset, reset, a gradient step, a link), the text box follows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from explorer.parsing import ListRules, ListWording, parse_number_list
from explorer.quiz.sections import quiz_keys, quiz_params
from explorer.softmax import wording
from explorer.softmax.limits import LOGIT_LIMIT, LR_LIMIT, MAX_CLASSES, SHIFT_LIMIT
from explorer.state import MAX_PARAM_CHARS, Param, choice, integer, number, numbers
from explorer.widgets import ListInput, list_input_keys, number_list_input
from xentcore import normalize

__all__ = [
    "EXTRA_KEYS",
    "LOGITS",
    "PARAMS",
    "PATH_KEY",
    "SCALES",
    "SECTIONS",
    "SOFT",
    "STEP_ERROR_KEY",
    "TARGETS",
    "WEIGHTS",
    "ListField",
    "SoftmaxInputs",
    "read",
]

#: Session keys of the gradient-step history (logits after each step) and its last error.
PATH_KEY = "_softmax_step_path"
STEP_ERROR_KEY = "_softmax_step_error"


@dataclass(frozen=True)
class ListField:
    """A list param typed in a text box: the param, the rules and words of its text."""

    param: Param
    rules: ListRules
    wording: ListWording
    what: str  # how the message about the last valid list names it

    def parse(self, text: str) -> list[float]:
        """The list a text holds, or an ``InputProblem`` that names the field and the fix."""
        return parse_number_list(text, self.rules, self.wording)


def _list_field(
    key: str, default: list[float], lo: float, hi: float, name: str, what: str, **rules: Any
) -> ListField:
    # The text box accepts what the URL accepts, with commas, spaces or semicolons between.
    param = numbers(key, default, min_len=2, max_len=MAX_CLASSES, lo=lo, hi=hi)
    return ListField(
        param,
        ListRules(2, MAX_CLASSES, lo, hi, max_chars=MAX_PARAM_CHARS, **rules),
        wording.list_wording(name, param.expects),
        what,
    )


LOGITS = _list_field("logits", [2.0, 1.0, 0.1], -LOGIT_LIMIT, LOGIT_LIMIT, "Logits", "logits")
SOFT = _list_field("soft", [0.7, 0.2, 0.1], 0.0, 1e6, "Soft target", "soft target")
# Empty means "every class weight 1", so a preset with any number of classes works.
WEIGHTS = _list_field("weights", [], 0.0, 1e6, "Class weights", "class weights", allow_empty=True)
TARGETS = {"class": "a class", "soft": "a soft distribution"}
#: The page's deeper sections, one tab each; only the open one runs (lazy tabs).
SECTIONS = [
    "Softmax & temperature",
    "Loss & gradient",
    "Gradient step",
    "Adding a constant",
    "Log-sum-exp",
    "Frameworks",
    "Quiz",
]
#: The Quiz tab: a seeded softmax-loss question (explorer/quiz), its seed in the URL.
QUIZ_PREFIX, QUIZ_KINDS = "softmax_quiz", ("loss",)
SCALES = ["1", "10", "100", "1000"]
PARAMS: list[Param] = [
    LOGITS.param,
    number("temperature", 1.0, 0.05, 10.0),
    choice("target", "class", list(TARGETS)),
    integer("cls", 0, 0, MAX_CLASSES - 1),
    SOFT.param,
    number("eps", 0.0, 0.0, 1.0),
    WEIGHTS.param,
    number("lr", 1.0, 1e-6, LR_LIMIT),
    number("shift", 0.0, -SHIFT_LIMIT, SHIFT_LIMIT),
    choice("scale", "1000", SCALES),
    choice("section", SECTIONS[0], SECTIONS),
    *quiz_params(QUIZ_PREFIX, QUIZ_KINDS),
]
#: Session keys "Reset this page" must clear besides the params.
EXTRA_KEYS = [
    *(k for field in (LOGITS, SOFT, WEIGHTS) for k in list_input_keys(field.param.key)),
    PATH_KEY,
    STEP_ERROR_KEY,
    *quiz_keys(QUIZ_PREFIX),
]


@dataclass(frozen=True)
class SoftmaxInputs:
    """The page's main inputs as drawn, with the valid target and weights (None if not)."""

    logits: list[float]
    temperature: float
    target_kind: str
    cls: int
    soft: list[float]
    eps: float
    weights: list[float]
    rejected: list[str]  # messages about rejected texts (the last valid list is used)
    problems: list[str]  # messages that stop the loss from being computed
    target: int | list[float] | None
    weight: list[float] | None

    @property
    def labels(self) -> list[str]:
        return [f"class {i}" for i in range(len(self.logits))]

    @property
    def loss_kwargs(self) -> dict[str, Any]:
        return {"weight": self.weight, "label_smoothing": self.eps, "temperature": self.temperature}


# --- button callbacks: they run before the widgets are drawn again -----------------


def _renormalise_soft() -> None:
    try:
        st.session_state["soft"] = [float(v) for v in normalize(st.session_state["soft"])]
    except ValueError:
        st.session_state["_soft_error"] = (
            "Renormalise needs a soft target with at least one positive entry; type one first."
        )


def _uniform_soft(n_classes: int) -> None:
    st.session_state["soft"] = [1.0 / n_classes] * n_classes


# --- the input panel: one column each ----------------------------------------------


def _list_box(field: ListField, label: str, help: str, placeholder: str) -> ListInput:
    return number_list_input(
        field.param.key, label, field.parse, help=help, placeholder=placeholder
    )


def _logits_column() -> tuple[ListInput, float]:
    logits = _list_box(
        LOGITS,
        f"Logits z (2 to {MAX_CLASSES} numbers)",
        "One score per class, separated by commas. Any real numbers: they need not "
        "be positive or sum to anything.",
        "2, 1, 0.1",
    )
    temperature = st.slider(
        "Temperature T",
        0.05,
        10.0,
        step=0.05,
        key="temperature",
        help="Softmax of z / T: T < 1 sharpens the probabilities, T > 1 flattens them.",
    )
    return logits, float(temperature)


def _target_column(n_classes: int) -> tuple[str, int, ListInput]:
    target_kind = st.radio(
        "Target", list(TARGETS), format_func=TARGETS.get, key="target", horizontal=True
    )
    soft_mode = target_kind == "soft"
    cls = st.number_input(
        "Target class",
        step=1,
        key="cls",
        disabled=soft_mode,
        help=f"The true class, from 0 to {n_classes - 1}.",
    )
    soft = _list_box(
        SOFT,
        "Soft target q (one probability per class)",
        "A distribution over the classes, e.g. from a teacher model or averaged labels.",
        "0.7, 0.2, 0.1",
    )
    buttons = st.container(horizontal=True)
    buttons.button(
        "Renormalise",
        key="soft_renormalise",
        on_click=_renormalise_soft,
        disabled=not soft_mode,
        help="Divide the soft target by its sum so that it adds up to 1.",
    )
    buttons.button(
        "Uniform",
        key="soft_uniform",
        on_click=_uniform_soft,
        args=(n_classes,),
        disabled=not soft_mode,
        help=f"Set the soft target to 1/{n_classes} for every class.",
    )
    return target_kind, int(cls), soft


def _weights_column() -> tuple[float, ListInput]:
    eps = st.slider(
        "Label smoothing ε",
        0.0,
        1.0,
        step=0.01,
        key="eps",
        help="Mixes the target with the uniform distribution: y′ = (1 − ε) y + ε / C.",
    )
    weights = _list_box(
        WEIGHTS,
        "Class weights w (empty: every weight 1)",
        "One non-negative weight per class, e.g. to up-weight a rare class.",
        "every weight 1",
    )
    return float(eps), weights


def _checked(
    logits: ListInput,
    temperature: float,
    target_kind: str,
    cls: int,
    soft: ListInput,
    eps: float,
    weights: ListInput,
) -> SoftmaxInputs:
    """The inputs with what is wrong with them, and the target and weights if valid."""
    n_classes = len(logits.values)
    boxes = ((LOGITS, logits), (SOFT, soft), (WEIGHTS, weights))
    rejected = [
        wording.rejected_text(box.error, field.what, box.values)
        for field, box in boxes
        if box.error
    ]
    if target_kind == "soft":
        target_problem = wording.soft_target_problem(soft.values, n_classes)
        target = None if target_problem else soft.values
    else:
        target_problem = wording.class_problem(cls, n_classes)
        target = None if target_problem else cls
    weight_problem = wording.weights_problem(weights.values, n_classes)
    return SoftmaxInputs(
        logits=logits.values,
        temperature=temperature,
        target_kind=target_kind,
        cls=cls,
        soft=soft.values,
        eps=eps,
        weights=weights.values,
        rejected=rejected,
        problems=[p for p in (target_problem, weight_problem) if p],
        target=target,
        weight=(weights.values or None) if weight_problem is None else None,
    )


def read() -> SoftmaxInputs:
    """Draw the input panel and return what it holds, with the problems found."""
    with st.container(border=True):
        col_z, col_y, col_w = st.columns([1.2, 1, 1], gap="large")
    with col_z:
        logits, temperature = _logits_column()
    with col_y:
        target_kind, cls, soft = _target_column(len(logits.values))
    with col_w:
        eps, weights = _weights_column()
    return _checked(logits, temperature, target_kind, cls, soft, eps, weights)
