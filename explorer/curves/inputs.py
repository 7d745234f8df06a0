"""The Loss curves page's inputs: its URL parameters and the widgets that set them.

:func:`read` draws the row of controls above the tabs and returns them as a plain
:class:`Inputs`; the widgets that live inside a tab (the gradient axis, the clip, the
average loss) are drawn by that tab's section through the functions below, with
``persist_state="session"`` so their values (and the URL) survive while it is closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from explorer.curves.wording import CLIP_LABELS, GRADIENT_AXES, MAX_CLASSES
from explorer.parsing import InputProblem
from explorer.presets import presets_for
from explorer.state import Param, choice, flag, integer, number
from xentcore.curves import CLIP_EPSILONS, uniform_guess_loss

__all__ = [
    "EXTRA_KEYS",
    "Inputs",
    "PAGE_PATH",
    "PARAMS",
    "SECTIONS",
    "average_loss_input",
    "clip_inputs",
    "gradient_axis",
    "page_presets",
    "read",
]

PAGE_PATH = "pages/3_Loss_curves.py"
#: The page's sections, one lazy tab each: only the open one is drawn (and costs a rerun).
SECTIONS = ["Loss curves", "Gradients", "Clipping", "Reading a loss"]
#: The tab each preset's number is shown in: the preset (button or ?preset= link) opens it.
PRESET_SECTION = {"opposite": "Clipping"}

# C is typed into a float box (Streamlit's integer box cannot even hold a hostile NaN,
# it raises), but the URL only accepts a whole number from 2 to 1000.
_WHOLE_C = integer("classes", 10, 2, MAX_CLASSES)
PARAMS: list[Param] = [
    number("pt", 0.05, 0.001, 1.0),
    number("gamma", 2.0, 0.0, 5.0),
    number("alpha", 1.0, 0.0, 1.0),
    number("eps", 0.1, 0.0, 1.0),
    Param(
        "classes",
        10.0,
        lambda text: float(_WHOLE_C.parse(text)),
        _WHOLE_C.expects,
        lambda v: str(int(v)) if float(v).is_integer() else repr(float(v)),
    ),
    choice("gx", "p", ["p", "logit"]),
    choice("clip", "1e-15", list(CLIP_EPSILONS)),  # as the "opposite" preset names them
    flag("logx", True),
    number("avg", 1.0, 0.0, 1e6),
    choice("curves_section", SECTIONS[0], SECTIONS),
]
#: Every widget key is a param: "Reset this page" has nothing more to forget.
EXTRA_KEYS: list[str] = []


@dataclass(frozen=True)
class Inputs:
    """The controls at the top of the page, as the widgets returned them."""

    pt: float
    gamma: float
    alpha: float
    eps: float
    classes: int | None  # None when the typed C is not a whole number from 2 to 1000
    classes_problem: InputProblem | None = None  # why C was refused, for the message


def page_presets() -> dict[str, dict[str, Any]]:
    """The page's presets for :class:`PageState`, each also opening its number's tab.

    The button and a ``?preset=`` link both apply these values, so either one lands on
    the section where the worked example's number is drawn.
    """
    return {
        name: {**values, "curves_section": PRESET_SECTION.get(name, SECTIONS[0])}
        for name, values in presets_for(PAGE_PATH).items()
    }


def whole_classes(typed: float) -> int:
    """The typed C as a whole number from 2 to 1000, checked by the core first.

    >>> whole_classes(10.0)
    10
    >>> whole_classes(5000.0)
    Traceback (most recent call last):
    ...
    explorer.parsing.InputProblem: C = 5000 is more than this page draws (1000)
    """
    uniform_guess_loss(typed)  # the core's check: a whole number >= 2
    if typed > MAX_CLASSES:
        raise InputProblem(f"C = {typed:g} is more than this page draws ({MAX_CLASSES})")
    return int(typed)


#: key -> (label, lowest, highest, step, tooltip) of each slider of the top row, in order.
SLIDERS = {
    "pt": (
        "Marked probability of the true class, p",
        0.001,
        1.0,
        0.001,
        "The probability the prediction gives to the class that is really there.",
    ),
    "gamma": ("Focal γ", 0.0, 5.0, 0.1, "0 gives cross-entropy."),
    "alpha": (
        "Focal α",
        0.0,
        1.0,
        0.05,
        "Weight of the true class: 1 = no weighting; RetinaNet uses 0.25.",
    ),
    "eps": ("Smoothing ε", 0.0, 1.0, 0.01, "Label smoothing; 0 turns it off."),
}


def read() -> Inputs:
    """The top row of controls: p, focal γ and α, smoothing ε and the number of classes."""
    *slots, c_classes = st.columns([2, 1, 1, 1, 1], gap="medium")
    pt, gamma, alpha, eps = (
        slot.slider(
            label,
            lo,
            hi,
            step=step,
            format="%.3f" if key == "pt" else None,
            key=key,
            help=tip,
        )
        for slot, (key, (label, lo, hi, step, tip)) in zip(slots, SLIDERS.items(), strict=True)
    )
    typed = c_classes.number_input(
        "Number of classes C",
        step=1.0,
        format="%g",
        key="classes",
        help=f"2 to {MAX_CLASSES}: used by label smoothing and the guide bands (log C).",
    )
    try:
        return Inputs(pt, gamma, alpha, eps, whole_classes(typed))
    except ValueError as err:
        problem = err if isinstance(err, InputProblem) else InputProblem(str(err))
        return Inputs(pt, gamma, alpha, eps, None, problem)


def gradient_axis() -> str:
    """The Gradients tab's choice of horizontal axis: ``"p"`` or ``"logit"``."""
    return st.radio(
        "Horizontal axis",
        ["p", "logit"],
        format_func=GRADIENT_AXES.get,
        horizontal=True,
        key="gx",
        persist_state="session",
    )


def clip_inputs() -> tuple[str, bool]:
    """The Clipping tab's clip (a key of ``CLIP_EPSILONS``) and its log-scale toggle."""
    c_clip, c_logx = st.columns([3, 1], vertical_alignment="bottom")
    clip = c_clip.radio(
        "Clip ε",
        list(CLIP_EPSILONS),
        format_func=CLIP_LABELS.get,
        horizontal=True,
        key="clip",
        persist_state="session",
    )
    log_x = c_logx.toggle("Log-scale t (shows the clip)", key="logx", persist_state="session")
    return clip, log_x


def average_loss_input(unit: str, where=st) -> float:
    """The Reading tab's box for a model's average loss, in the sidebar's unit."""
    return where.number_input(
        f"Your model's average loss ({unit})",
        step=0.1,
        format="%.4g",
        key="avg",
        persist_state="session",
        help="The mean cross-entropy (log loss) your training reports, in the sidebar's unit.",
    )
