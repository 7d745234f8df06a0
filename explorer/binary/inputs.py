"""The Binary & multi-label page's inputs: URL parameters, widgets, typed lists.

:func:`read` draws the prediction p and the target t, always on screen above the tabs;
the widgets of a tab (the logit, pos_weight, the typed lists) are drawn by its section
through the functions below. Every input is bound to its URL parameter in
``st.session_state``, so a bad value reaches the core and gets its message there.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace

import streamlit as st

from explorer.binary.wording import list_wording
from explorer.parsing import ListRules, parse_number_list
from explorer.presets import PRESETS, presets_for
from explorer.state import PageState, choice, number, numbers
from explorer.widgets import ListInput, list_input_keys, number_list_input

__all__ = [
    "EXTRA_KEYS",
    "LISTS",
    "MAX_LIST_CHARS",
    "PAGE_PATH",
    "PARAMS",
    "TABS",
    "Prediction",
    "enter",
    "list_input",
    "logit_inputs",
    "parse_list",
    "preset_buttons",
    "probability_input",
    "read",
]

PAGE_PATH = "pages/4_Binary_and_multilabel.py"
# Worked example 6 (explorer/presets.toml) is also the default dataset.
TEN_LABELS = presets_for(PAGE_PATH)["ten-labels"]
TABS = ["BCE(x, x)", "From a logit", "Dataset", "Multi-label", "log(0)"]
# The tab a preset's number lives in, opened by its button or a ?preset= link.
PRESET_TAB = {"ten-labels": "Dataset", "bce-self": "BCE(x, x)"}

PARAMS = [
    number("prob", 0.7, 0.0, 1.0),
    number("target", 1.0, 0.0, 1.0),
    replace(number("logit", 0.85, -math.inf, math.inf), expects="any finite number"),
    replace(number("pos_weight", 1.0, 0.0, math.inf), expects="a number >= 0"),
    numbers("ys", TEN_LABELS["ys"], max_len=500, lo=0.0, hi=1.0),
    numbers("ps", TEN_LABELS["ps"], max_len=500, lo=0.0, hi=1.0),
    numbers("scores", [2.0, -1.0, 0.5], min_len=2, max_len=10),
    numbers("multi_targets", [1.0, 0.0, 1.0], min_len=2, max_len=10, lo=0.0, hi=1.0),
    choice("tab", TABS[0], TABS),
]

#: A typed list longer than this is refused (a 5,000-character paste is hostile).
MAX_LIST_CHARS = 2000


@dataclass(frozen=True)
class ListField:
    """A typed list: its text box's label and tooltip, and how many numbers it takes."""

    label: str
    help: str
    max_len: int
    min_len: int = 1


#: URL param -> its text box. Ranges are the core's to check, so its message names them.
LISTS = {
    "ys": ListField("Labels y (0 or 1)", "One label per sample, e.g. 1, 0, 1.", 500),
    "ps": ListField("Predicted P(y = 1)", "One probability per label.", 500),
    "scores": ListField(
        "Scores z (logits), one per class", "2 to 10 logits, e.g. 2, -1, 0.5.", 10, 2
    ),
    "multi_targets": ListField(
        "Multi-hot target y, one per class",
        "1 where the class is present, 0 where it is not, e.g. 1, 0, 1.",
        10,
        2,
    ),
}
# Widget keys that mirror a param (the sliders, the typed lists): reset forgets them.
EXTRA_KEYS = ["prob_slider", "target_slider", *(k for key in LISTS for k in list_input_keys(key))]


@dataclass(frozen=True)
class Prediction:
    """The prediction p and the target t as typed (``nan`` for an empty box)."""

    prob: float
    target: float


def parse_list(text: str, *, name: str, max_len: int, min_len: int = 1) -> list[float]:
    """Read numbers separated by commas or spaces; raise ValueError saying what to fix.

    >>> parse_list("1, 0 ,1", name="Labels y", max_len=10)
    [1.0, 0.0, 1.0]
    >>> parse_list("[0.2; 0.8]", name="p", max_len=10)
    [0.2, 0.8]
    >>> parse_list("0.5, abc", name="p", max_len=10)
    Traceback (most recent call last):
    ...
    explorer.parsing.InputProblem: p: item 2 ('abc') is not a number. Type numbers separated by commas, e.g. 0.5, 1.
    """  # noqa: E501 (a doctest's expected line is as long as the message)
    rules = ListRules(min_len, max_len, max_chars=MAX_LIST_CHARS, brackets=True)
    return parse_number_list(text, rules, list_wording(name))


def list_input(key: str) -> ListInput:
    """The text box of the list param ``key``: the list in force, and a rejected text's message.

    Text that does not parse leaves the list (and so the link) as it was; the section
    that needs it shows the message instead of computing.
    """
    field = LISTS[key]
    parse = functools.partial(
        parse_list, name=field.label, max_len=field.max_len, min_len=field.min_len
    )
    return number_list_input(key, field.label, parse, help=field.help)


def _copy_value(source: str, destination: str) -> None:
    st.session_state[destination] = st.session_state[source]


def probability_input(label: str, key: str, *, symbol: str, help: str | None = None) -> float:
    """A slider (to drive with the mouse or keys) and a box for an exact value.

    Call it inside a horizontal container so the two sit side by side.
    The box (key ``key``) holds the value, so anything typed there, even -0.2, reaches
    the core and gets its message; the slider (key ``f"{key}_slider"``) follows it
    while it is a probability and writes into it when moved.
    """
    ss = st.session_state
    slider_key = f"{key}_slider"
    value = ss.get(key)
    if isinstance(value, int | float) and 0.0 <= value <= 1.0:
        ss[slider_key] = float(value)
    elif slider_key not in ss:
        ss[slider_key] = 0.5
    st.slider(
        label,
        min_value=0.0,
        max_value=1.0,
        step=0.01,
        key=slider_key,
        on_change=_copy_value,
        args=(slider_key, key),
        help=help,
        width="stretch",
    )
    typed = st.number_input(
        f"exact {symbol}",
        step=0.01,
        format="%.6g",
        key=key,
        width=130,
        help="Type any value, e.g. 1e-9 to see how log(0) is avoided.",
    )
    return float("nan") if typed is None else float(typed)


def read() -> Prediction:
    """p and t, always on screen: a slider and an exact box each, side by side."""
    with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
        prob = probability_input(
            "Predicted probability p = P(y = 1)",
            "prob",
            symbol="p",
            help="What the model says: the probability that the label is 1.",
        )
        target = probability_input(
            "Target t",
            "target",
            symbol="t",
            help="The label: 0 or 1, or a soft target in between (label smoothing, a teacher).",
        )
    return Prediction(prob, target)


def _exact_box(label: str, key: str, *, step: float, help: str) -> float:
    # persist_state: the value survives while another tab is open (not drawn).
    typed = st.number_input(
        label, step=step, format="%.6g", key=key, width=200, persist_state="session", help=help
    )
    return float("nan") if typed is None else typed


def logit_inputs() -> tuple[float, float]:
    """The From a logit tab's logit x and pos_weight w₊ (``nan`` for an empty box)."""
    with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
        logit = _exact_box("Logit x", "logit", step=0.1, help="Any finite score, e.g. 1e300.")
        pos_weight = _exact_box(
            "pos_weight w₊",
            "pos_weight",
            step=0.5,
            help="Weight of the positive term; 1 means none. Must be 0 or more.",
        )
    return logit, pos_weight


def _apply_preset(state: PageState, preset_id: str) -> None:
    state.apply_preset(preset_id)
    st.session_state["tab"] = PRESET_TAB[preset_id]


def preset_buttons(state: PageState) -> None:
    """One button per worked example of this page (it also opens the example's tab)."""
    with st.container(horizontal=True, gap="small"):
        for preset in (p for p in PRESETS if p.page == PAGE_PATH):
            st.button(
                f"Worked example {preset.example}: {preset.title}",
                key=f"preset_{preset.id}",
                on_click=_apply_preset,
                args=(state, preset.id),
                icon=":material/play_circle:",
            )


def set_prob_to_target() -> None:
    """``on_click`` of "Set p = t": the prediction moves onto the target."""
    st.session_state["prob"] = st.session_state["target"]


def enter(state: PageState) -> list[str]:
    """:meth:`PageState.enter`, then repair foreign values and open a preset link's tab."""
    notices = state.enter()
    ss = st.session_state
    # Another page may keep something else under the same key (the Softmax page's
    # "target" is a choice): a value of the wrong kind falls back to the default.
    for param in PARAMS[:4]:
        value = ss[param.key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            ss[param.key] = param.default
    # A ?preset= link opens the tab its number is in (once: the URL then loses it).
    link_preset = st.query_params.get("preset")
    if link_preset != ss.get("_binary_preset_link"):
        ss["_binary_preset_link"] = link_preset
        if link_preset in PRESET_TAB and "tab" not in st.query_params:
            ss["tab"] = PRESET_TAB[link_preset]
    return notices
