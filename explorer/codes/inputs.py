"""The Bits & codes page's inputs: its URL parameters, the example pills, the three text
boxes and the message's controls, read into one :class:`Controls`.

The texts themselves are the URL-bound values, so a link reproduces what was typed;
:mod:`explorer.codes.reading` checks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from explorer.codes.examples import DEFAULTS, EXAMPLES
from explorer.codes.reading import distributions_to_texts, parse_names, parse_probabilities
from explorer.codes.wording import BARS, MAX_SYMBOLS, SECTIONS
from explorer.parsing import InputProblem
from explorer.presets import presets_for
from explorer.state import BadParam, PageState, Param, choice, integer
from explorer.text import format_number_list
from xentcore import normalize

__all__ = [
    "MAX_LENGTH",
    "PARAMS",
    "Controls",
    "presets",
    "read",
    "renormalise",
    "sync_url",
    "text_param",
]

MAX_LENGTH = 100_000
#: Text boxes: session key -> the parser a text must pass to go into the link.
_TEXTS = {
    "codes_names": parse_names,
    "codes_p": parse_probabilities,
    "codes_q": parse_probabilities,
}


def text_param(key: str, default: str, parse, expects: str) -> Param:
    """A URL-bound text box whose text must pass ``parse`` (else the link's value is not used)."""

    def check(text: str) -> str:
        try:
            parse(text)
        except InputProblem as err:
            raise BadParam(err.problem) from None
        return ", ".join(s.strip() for s in text.split(","))

    return Param(key, default, check, expects, lambda t: ",".join(s.strip() for s in t.split(",")))


_NUMBERS_EXPECTED = f"1 to {MAX_SYMBOLS} comma-separated non-negative numbers"
PARAMS: list[Param] = [
    text_param(
        "codes_names",
        DEFAULTS["codes_names"],
        parse_names,
        f"2 to {MAX_SYMBOLS} different comma-separated names",
    ),
    text_param("codes_p", DEFAULTS["codes_p"], parse_probabilities, _NUMBERS_EXPECTED),
    text_param("codes_q", DEFAULTS["codes_q"], parse_probabilities, _NUMBERS_EXPECTED),
    integer("codes_length", 10_000, 0, MAX_LENGTH),
    integer("codes_seed", 0, 0, 2**31 - 1),
    choice("codes_bars", "huffman", list(BARS)),
    choice("codes_section", SECTIONS[0], SECTIONS),
]


def presets(path: str) -> dict[str, dict[str, Any]]:
    """The page's presets: its examples, and the worked examples of explorer.presets."""
    return {**{k: e.values for k, e in EXAMPLES.items()}, **presets_for(path)}


@dataclass(frozen=True)
class Controls:
    """The three texts as typed, the message's length and seed, the picture's bars."""

    names: str
    p: str
    q: str
    length: int
    seed: int
    bars: str


# Callbacks run before the widgets are drawn: the one moment a widget's value may change.
def _use_distributions() -> None:
    try:
        texts = distributions_to_texts(st.session_state.get("distributions_current"))
    except (TypeError, ValueError):
        st.session_state["codes_note"] = (
            "info",
            "There are no P and Q from the Distributions page yet: open the Distributions "
            "page first, enter P and Q there, then come back and press the button again.",
        )
        return
    for key, text in texts.items():
        st.session_state[f"codes_{key}"] = text
    st.session_state["codes_note"] = (
        "success",
        "Copied the symbols, P and Q of the Distributions page.",
    )


def _apply_example(state: PageState) -> None:
    preset_id = st.session_state.get("codes_example")
    if preset_id in EXAMPLES:
        state.apply_preset(preset_id)
    st.session_state["codes_example"] = None  # a pill is an action here, not a setting


def renormalise(label: str) -> None:
    """Button callback: write P (or Q) divided by its sum back into its box."""
    key = f"codes_{label.lower()}"
    try:
        st.session_state[key] = format_number_list(
            normalize(parse_probabilities(st.session_state[key]))
        )
    except ValueError:  # InputProblem, or xentcore's InputError
        st.session_state["codes_note"] = (
            "warning",
            f"Renormalise {label} needs non-negative numbers with a positive sum; "
            f"fix the values of {label} by hand first.",
        )


def _show_examples(state: PageState) -> None:
    """One-click examples (each one a preset: ``?preset=ID`` opens it too)."""
    st.pills(
        "Examples",
        options=list(EXAMPLES),
        format_func=lambda preset_id: EXAMPLES[preset_id].label,
        key="codes_example",
        on_change=_apply_example,
        args=(state,),
    )


def _text_boxes() -> tuple[str, str, str]:
    names = st.text_input(
        "Symbols (comma-separated names)",
        key="codes_names",
        max_chars=2000,
        help=f"2 to {MAX_SYMBOLS} different names, e.g. dog, cat, fish, bird.",
    )
    p = st.text_input(
        "P: how often each symbol really occurs",
        key="codes_p",
        max_chars=2000,
        help="One probability per symbol, in the same order, separated by commas.",
    )
    q = st.text_input(
        "Q: the distribution the code is built for",
        key="codes_q",
        max_chars=2000,
        help="One probability per symbol. A symbol with q = 0 gets no codeword.",
    )
    st.button(
        "Use P and Q from the Distributions page",
        key="codes_use_distributions",
        on_click=_use_distributions,
        icon=":material/input:",
    )
    if (note := st.session_state.pop("codes_note", None)) is not None:
        kind, text = note
        getattr(st, kind)(text)
    return names, p, q


def _message_controls() -> tuple[int, int, str]:
    length = st.slider(
        "Message length (symbols drawn from P)",
        min_value=0,
        max_value=MAX_LENGTH,
        step=100,
        key="codes_length",
    )
    seed = st.number_input(
        "Seed of the random message",
        min_value=0,
        max_value=2**31 - 1,
        step=1,
        key="codes_seed",
    )
    bars = st.radio(
        "Bar heights in the picture",
        options=list(BARS),
        format_func=BARS.get,
        horizontal=True,
        key="codes_bars",
    )
    return int(length), int(seed), bars


def read(state: PageState) -> Controls:
    """The example pills, then the three text boxes beside the message's controls."""
    _show_examples(state)
    col_dist, col_msg = st.columns([3, 2], gap="large")
    with col_dist:
        names, p, q = _text_boxes()
    with col_msg:
        length, seed, bars = _message_controls()
    return Controls(names, p, q, length, seed, bars)


def sync_url(state: PageState) -> None:
    """Write the inputs into the URL; a text box that does not parse keeps its text only."""
    current = state.values()
    for key, parse in _TEXTS.items():
        try:
            parse(current[key])
        except InputProblem:
            current[key] = DEFAULTS[key]
    state.sync_url(current)
