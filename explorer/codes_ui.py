"""The Bits & codes page, section by section: its inputs, wording and drawing.

``pages/8_Bits_and_codes.py`` wires these together: read inputs, call
:mod:`xentcore.coding`, draw. The sections live here rather than in the page script
because Streamlit re-parses the page script on every run (its "magic" pass costs time
in proportion to the script's length), while an imported module is compiled once.

The symbols, P and Q are typed as comma-separated text (``dog, cat, fish``;
``0.5, 0.25, 0.25``). The text itself is the URL-bound value, so a link reproduces what
was typed; :func:`read_code_inputs` turns it into validated lists and learner-facing
messages that name the field and the fix. The parsing and wording functions are pure,
so tests check them directly. Symbol names are the user's text: in Streamlit markdown
they go inside :func:`code_span`, never as markdown or HTML.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from explorer.figures_codes import code_area_figure, convergence_figure
from explorer.presets import presets_for
from explorer.state import BadParam, PageState, Param, choice, integer
from explorer.text import SUM_TOLERANCE, format_value
from explorer.widgets import csv_download
from xentcore import normalize
from xentcore.coding import (
    CodeComparison,
    compare_codes,
    decode_bits,
    encode_message,
    expected_code_length,
    running_bits_per_symbol,
    sample_message,
)

__all__ = [
    # constants and examples
    "BARS",
    "DEFAULTS",
    "EXAMPLES",
    "MAX_NAME_CHARS",
    "MAX_SYMBOLS",
    "PAGE_PATH",
    "Example",
    # pure: parsing the text boxes and wording
    "CodeInputs",
    "InputProblem",
    "bound_text",
    "code_span",
    "code_table",
    "distributions_to_texts",
    "message_columns",
    "parse_names",
    "parse_probabilities",
    "probabilities_text",
    "read_code_inputs",
    "text_param",
    "wrap_bits",
    # the page's sections (Streamlit)
    "Controls",
    "compute",
    "page_state",
    "show_code",
    "show_examples",
    "show_inputs",
    "show_intro",
    "show_message",
    "show_notices",
    "show_numbers",
    "show_sections",
    "sync_url",
]

#: A–Z: enough for letter frequencies, small enough for a readable table and picture.
MAX_SYMBOLS = 26
#: As the app's other name lists (explorer.state.names).
MAX_NAME_CHARS = 40
PAGE_PATH = "pages/8_Bits_and_codes.py"
UNIT = "bits"  # code lengths count 0s and 1s: this page ignores the sidebar's unit
SHOWN_SYMBOLS = 60  # how much of the message is printed with its bits
CURVE_POINTS = 200  # message lengths on the convergence curve
MAX_LENGTH = 100_000
#: What the bars of the picture can show, by the URL value of codes_bars.
#: The deeper sections below the numbers, one lazy tab each: only the open one is drawn.
MESSAGE_TAB, CODE_TAB = "A message from P", "The code table and its picture"
SECTIONS = [MESSAGE_TAB, CODE_TAB]
BARS = {
    "huffman": "Huffman codeword lengths",
    "shannon": "Shannon lengths ⌈−log₂ q⌉",
    "ideal": "ideal lengths −log₂ q",
}


class InputProblem(ValueError):
    """A bad text input: ``problem`` says what is wrong, ``fix`` what to do."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


def code_span(text: str) -> str:
    """User text as a markdown code span: shown literally (no markdown, HTML or LaTeX).

    The fence is one backtick longer than the longest run inside the text (CommonMark).

    >>> code_span("dog")
    '`dog`'
    >>> code_span("a`b")
    '``a`b``'
    >>> code_span("**x** $y$ <b>")
    '`**x** $y$ <b>`'
    """
    flat = " ".join(str(text).splitlines()) or " "
    runs = [len(r) for r in re.findall(r"`+", flat)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _shown(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def parse_names(text: str) -> list[str]:
    """Comma-separated symbol names: 2 to 26, each non-empty, at most 40 characters, distinct.

    >>> parse_names(" dog, cat ,fish")
    ['dog', 'cat', 'fish']
    >>> parse_names("a, a")
    Traceback (most recent call last):
    ...
    explorer.codes_ui.InputProblem: the name 'a' appears twice
    """
    if not str(text).strip():
        raise InputProblem("there are no names", "Type the symbols' names, separated by commas.")
    parts = [s.strip() for s in str(text).split(",")]
    if len(parts) < 2:
        raise InputProblem(
            f"there is only 1 symbol ({parts[0]!r})",
            "A code needs 2 to 26 symbols: add another name, and its probability in P and Q.",
        )
    if len(parts) > MAX_SYMBOLS:
        raise InputProblem(
            f"there are {len(parts)} names",
            f"This page codes at most {MAX_SYMBOLS} symbols: remove {len(parts) - MAX_SYMBOLS}.",
        )
    for i, part in enumerate(parts, start=1):
        if not part:
            raise InputProblem(
                f"name {i} is empty",
                "Remove the extra comma or type a name between the commas.",
            )
        if len(part) > MAX_NAME_CHARS:
            raise InputProblem(
                f"name {i} is {len(part)} characters long",
                f"Use names of at most {MAX_NAME_CHARS} characters.",
            )
    seen: set[str] = set()
    for part in parts:
        if part in seen:
            raise InputProblem(
                f"the name {_shown(part)!r} appears twice",
                "Give every symbol a different name.",
            )
        seen.add(part)
    return parts


def parse_probabilities(text: str) -> list[float]:
    """Comma-separated probabilities: 1 to 26 finite, non-negative numbers (sum unchecked).

    >>> parse_probabilities("0.5, .25,2.5e-1")
    [0.5, 0.25, 0.25]
    >>> parse_probabilities("0.5, -0.5")
    Traceback (most recent call last):
    ...
    explorer.codes_ui.InputProblem: value 2 is -0.5, and a probability cannot be negative
    """
    if not str(text).strip():
        raise InputProblem(
            "there are no values",
            "Type one probability per symbol, separated by commas, e.g. 0.5, 0.25, 0.25.",
        )
    parts = [s.strip() for s in str(text).split(",")]
    if len(parts) > MAX_SYMBOLS:
        raise InputProblem(
            f"there are {len(parts)} values",
            f"This page codes at most {MAX_SYMBOLS} symbols: give one value per symbol.",
        )
    values = []
    for i, part in enumerate(parts, start=1):
        try:
            value = float(part)
        except ValueError:
            value = None
        if value is None or not math.isfinite(value):
            what = "is empty" if not part else f"({_shown(part)!r}) is not a number"
            raise InputProblem(
                f"value {i} {what}",
                "Type numbers between 0 and 1 separated by commas, e.g. 0.5, 0.25, 0.25.",
            )
        if value < 0:
            raise InputProblem(
                f"value {i} is {value:g}, and a probability cannot be negative",
                "Set it to 0 or to a small positive number.",
            )
        values.append(value)
    return values


def probabilities_text(values: Sequence[float]) -> str:
    """Probabilities written back into a box: 12 significant digits (the sum stays 1 to ~1e-12).

    >>> probabilities_text([0.5, 1 / 3, 1 / 6])
    '0.5, 0.333333333333, 0.166666666667'
    """
    return ", ".join(f"{float(v):.12g}" for v in values)


def text_param(key: str, default: str, parse, expects: str) -> Param:
    """A URL-bound text box whose text must pass ``parse`` (else the link's value is not used)."""

    def check(text: str) -> str:
        try:
            parse(text)
        except InputProblem as err:
            raise BadParam(err.problem) from None
        return ", ".join(s.strip() for s in text.split(","))

    return Param(key, default, check, expects, lambda t: ",".join(s.strip() for s in t.split(",")))


@dataclass
class CodeInputs:
    """The page's validated inputs: names, and P and Q as distributions (renormalised)."""

    names: list[str] = field(default_factory=list)
    p: list[float] | None = None
    q: list[float] | None = None
    #: Problems that stop the page (no numbers are shown), each naming its field and fix.
    errors: list[str] = field(default_factory=list)
    #: Distributions that were renormalised: name -> its sum (the page says so).
    rescaled: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_code_inputs(names_text: str, p_text: str, q_text: str) -> CodeInputs:
    """Validate the three text boxes; renormalise P or Q when they do not sum to 1.

    A sum off by more than 1e-9 is reported in ``rescaled`` and the values are divided
    by it (the page says so and offers to write the result into the box).

    >>> r = read_code_inputs("a, b", "2, 2", "0.25, 0.75")
    >>> r.ok, r.p, r.q, r.rescaled
    (True, [0.5, 0.5], [0.25, 0.75], {'P': 4.0})
    >>> for error in read_code_inputs("a, b, c", "0.5, 0.5", "x, 1, 0").errors:
    ...     print(error.split(". ")[0])
    Q: value 1 ('x') is not a number
    P has 2 values but there are 3 symbols
    """
    out = CodeInputs()
    try:
        out.names = parse_names(names_text)
    except InputProblem as err:
        out.errors.append(f"Symbols: {err.problem}. {err.fix}")
    parsed: dict[str, list[float]] = {}
    for label, text in (("P", p_text), ("Q", q_text)):
        try:
            parsed[label] = parse_probabilities(text)
        except InputProblem as err:
            out.errors.append(f"{label}: {err.problem}. {err.fix}")
    for label, values in parsed.items():
        if out.names and len(values) != len(out.names):
            out.errors.append(
                f"{label} has {len(values)} value{'s' if len(values) != 1 else ''} but there "
                f"are {len(out.names)} symbols. Give one probability per symbol, in the same order."
            )
            continue
        try:
            total = math.fsum(values)
        except OverflowError:  # e.g. 1e308 + 1e308
            total = math.inf
        if total == 0:
            out.errors.append(
                f"{label} is all zeros. Give at least one symbol a positive probability."
            )
            continue
        if not math.isfinite(total):
            out.errors.append(
                f"{label}'s values are too large to add up. Use probabilities between 0 and 1."
            )
            continue
        if abs(total - 1.0) > SUM_TOLERANCE:
            out.rescaled[label] = total
        normalised = [v / total for v in values]
        if label == "P":
            out.p = normalised
        else:
            out.q = normalised
    if out.errors:
        out.p = out.q = None
    return out


def distributions_to_texts(data: Any) -> dict[str, str]:
    """The Distributions page's ``{"names", "p", "q"}`` as this page's three texts.

    Raises ``ValueError`` when ``data`` is not such a dict of equal-length lists.

    >>> distributions_to_texts({"names": ["a", "b"], "p": [0.5, 0.5], "q": [1.0, 0.0]})["q"]
    '1, 0'
    """
    if not isinstance(data, dict) or not all(k in data for k in ("names", "p", "q")):
        raise ValueError("no P and Q stored")
    names = [str(n) for n in data["names"]]
    p = [float(v) for v in data["p"]]
    q = [float(v) for v in data["q"]]
    if not names or len(p) != len(names) or len(q) != len(names):
        raise ValueError("the stored names, P and Q have different lengths")
    return {
        "names": ", ".join(n.replace(",", " ") for n in names),
        "p": probabilities_text(p),
        "q": probabilities_text(q),
    }


def message_columns(symbols: Sequence[str], codewords: Sequence[str], *, width: int = 72) -> str:
    """Symbols over their codewords, aligned in columns and wrapped at ``width`` characters.

    >>> print(message_columns(["dog", "cat", "dog"], ["0", "10", "0"]))
    dog cat dog
    0   10  0
    """
    lines: list[str] = []
    top: list[str] = []
    bottom: list[str] = []
    used = 0
    for sym, word in zip(symbols, codewords, strict=True):
        cell = max(len(sym), len(word))
        if top and used + cell > width:
            lines += [" ".join(top).rstrip(), " ".join(bottom).rstrip(), ""]
            top, bottom, used = [], [], 0
        top.append(sym.ljust(cell))
        bottom.append(word.ljust(cell))
        used += cell + 1
    if top:
        lines += [" ".join(top).rstrip(), " ".join(bottom).rstrip()]
    return "\n".join(lines)


def wrap_bits(bits: str, width: int = 72) -> str:
    """A long bit string cut into lines of ``width`` characters.

    >>> print(wrap_bits("0101101", 3))
    010
    110
    1
    """
    return "\n".join(bits[i : i + width] for i in range(0, len(bits), width)) or "(no bits)"


@dataclass(frozen=True)
class Example:
    """A one-click example of this page (applied like a preset: ``?preset=ID`` too)."""

    label: str
    values: dict[str, Any]


_ANIMALS = "dog, cat, fish, bird"
#: English letter frequencies in % (a–z), the commonly quoted table (Lewand, 2000).
_LETTERS = [
    8.167, 1.492, 2.782, 4.253, 12.702, 2.228, 2.015, 6.094, 6.966, 0.153, 0.772, 4.025, 2.406,
    6.749, 7.507, 1.929, 0.095, 5.987, 6.327, 9.056, 2.758, 0.978, 2.360, 0.150, 1.974, 0.074,
]  # fmt: skip


def _rounded_distribution(weights: Sequence[float], digits: int) -> str:
    """Weights as probabilities with ``digits`` decimals that still sum to 1.

    The largest one takes up the rounding; an example then reads well in its text box.

    >>> _rounded_distribution([1, 1, 1], 2)
    '0.34, 0.33, 0.33'
    """
    total = math.fsum(weights)
    rounded = [round(w / total, digits) for w in weights]
    big = max(range(len(rounded)), key=rounded.__getitem__)
    rounded[big] = round(1 - math.fsum(rounded[:big] + rounded[big + 1 :]), digits)
    return ", ".join(f"{v:.{digits}f}" for v in rounded)


_LETTERS_P = _rounded_distribution(_LETTERS, 5)

#: The page's inputs when nothing else is chosen: Colah's "Visual Information Theory",
#: Bob's words (P) sent with the code built for Alice's (Q); everything is dyadic, so the
#: code lengths are exactly -log2 q and the expected length is exactly H(P,Q) = 2.375 bits.
DEFAULTS = {
    "codes_names": _ANIMALS,
    "codes_p": "0.5, 0.25, 0.125, 0.125",
    "codes_q": "0.125, 0.5, 0.25, 0.125",
}

EXAMPLES: dict[str, Example] = {
    "animals": Example("Bob's words, Alice's code", dict(DEFAULTS)),
    "same": Example(
        "P = Q: the code fits",
        {**DEFAULTS, "codes_q": DEFAULTS["codes_p"]},
    ),
    "colours": Example(
        "Red, green, blue",
        {
            "codes_names": "red, green, blue",
            "codes_p": "0.1, 0.4, 0.5",
            "codes_q": "0.8, 0.15, 0.05",
        },
    ),
    "letters": Example(
        "English letters, uniform code",
        {
            "codes_names": ", ".join("abcdefghijklmnopqrstuvwxyz"),
            "codes_p": _LETTERS_P,
            "codes_q": probabilities_text([1 / 26] * 26),
        },
    ),
}


# --- The page's state and callbacks ---------------------------------------------------


def page_state() -> PageState:
    """The page's URL-bound inputs; ``?preset=ID`` opens one of :data:`EXAMPLES`."""
    numbers_expected = f"1 to {MAX_SYMBOLS} comma-separated non-negative numbers"
    return PageState(
        "codes",
        [
            text_param(
                "codes_names",
                DEFAULTS["codes_names"],
                parse_names,
                f"2 to {MAX_SYMBOLS} different comma-separated names",
            ),
            text_param("codes_p", DEFAULTS["codes_p"], parse_probabilities, numbers_expected),
            text_param("codes_q", DEFAULTS["codes_q"], parse_probabilities, numbers_expected),
            integer("codes_length", 10_000, 0, MAX_LENGTH),
            integer("codes_seed", 0, 0, 2**31 - 1),
            choice("codes_bars", "huffman", list(BARS)),
            choice("codes_section", SECTIONS[0], SECTIONS),
        ],
        presets={**{k: e.values for k, e in EXAMPLES.items()}, **presets_for(PAGE_PATH)},
    )


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


def _renormalise(label: str) -> None:
    key = f"codes_{label.lower()}"
    try:
        st.session_state[key] = probabilities_text(
            normalize(parse_probabilities(st.session_state[key]))
        )
    except ValueError:  # InputProblem, or xentcore's InputError
        st.session_state["codes_note"] = (
            "warning",
            f"Renormalise {label} needs non-negative numbers with a positive sum; "
            f"fix the values of {label} by hand first.",
        )


# --- 1. Read inputs ---------------------------------------------------------------------


def show_notices(notices: Sequence[str]) -> None:
    for notice in notices:
        st.warning(notice, icon=":material/link_off:")


def show_intro(unit: str) -> None:
    """Title, what the page shows, and why it is always in bits."""
    st.title("Bits & codes")
    unit_note = f" (the sidebar's {unit} apply to the other pages)" if unit != UNIT else ""
    st.markdown(
        "Cross-entropy is a **code length**. Build a code for the distribution **Q**: "
        "frequent symbols get short codewords, rare ones long codewords. Now send messages "
        "whose symbols really follow **P**. The average number of bits per symbol is about "
        "**H(P,Q)**: exactly H(P,Q) with the ideal lengths −log₂ q, within one bit of it with "
        "whole-bit codewords. When P = Q it is the entropy H(P), the shortest average any "
        "code can reach.\n\n"
        f":small[Every number on this page is in **bits**{unit_note}: a codeword's length "
        "counts its 0s and 1s.]"
    )


def show_examples(state: PageState) -> None:
    """One-click examples (each one a preset: ``?preset=ID`` opens it too)."""
    st.pills(
        "Examples",
        options=list(EXAMPLES),
        format_func=lambda preset_id: EXAMPLES[preset_id].label,
        key="codes_example",
        on_change=_apply_example,
        args=(state,),
    )


@dataclass(frozen=True)
class Controls:
    names: str
    p: str
    q: str
    length: int
    seed: int
    bars: str


def show_inputs() -> Controls:
    """The three text boxes, the message length, the seed and the picture's bar heights."""
    col_dist, col_msg = st.columns([3, 2], gap="large")
    with col_dist:
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
    with col_msg:
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
    return Controls(names, p, q, int(length), int(seed), bars)


# --- 2. Compute -------------------------------------------------------------------------


def compute(controls: Controls) -> tuple[CodeInputs, CodeComparison | None]:
    """Validate the texts (messages for every problem) and compare the codes."""
    inputs = read_code_inputs(controls.names, controls.p, controls.q)
    for message in inputs.errors:
        st.error(message, icon=":material/error:")
    if not inputs.ok:
        st.info("Fix the inputs above to see the codes.", icon=":material/info:")
        return inputs, None
    comp = compare_codes(inputs.p, inputs.q)
    for label, total in inputs.rescaled.items():
        c_text, c_button = st.columns([4, 1], vertical_alignment="center")
        c_text.warning(
            f"{label} sums to {total:.6g}, not 1. The page divides each value of {label} by "
            f"{total:.6g} so that it sums to 1; press Renormalise {label} to write the "
            "result into the box.",
            icon=":material/balance:",
        )
        c_button.button(
            f"Renormalise {label}",
            key=f"codes_renormalise_{label.lower()}",
            on_click=_renormalise,
            args=(label,),
        )
    for i in comp.uncoded:
        name = code_span(inputs.names[i])
        st.warning(
            f"Q gives probability 0 to {name}, but P says it happens (p = {inputs.p[i]:.4g}). "
            f"A code built for Q has no codeword for {name} (−log₂ 0 = ∞), so P's messages "
            "cannot be encoded: the expected code length and H(P,Q) are infinite. Give it a "
            "small positive probability in Q.",
            icon=":material/all_inclusive:",
        )
    return inputs, comp


@st.cache_data(max_entries=32, show_spinner=False)
def _simulate(p: tuple, words: tuple, huffman: tuple, shannon: tuple, length: int, seed: int):
    """One message from P: its first symbols, and bits per symbol as it grows (both codes)."""
    message = sample_message(p, length, seed=seed)
    head = message[:SHOWN_SYMBOLS]
    coded = [i for i, w in enumerate(words) if w is not None]
    if length == 0 or not np.isin(message, coded).all():
        return head, None
    # 200 log-spaced message lengths draw a smooth curve on the log axis.
    n, huff = running_bits_per_symbol(message, huffman, points=CURVE_POINTS)
    _, shan = running_bits_per_symbol(message, shannon, points=CURVE_POINTS)
    return head, (n, huff, shan)


# --- 3. Draw ----------------------------------------------------------------------------


def bound_text(comp: CodeComparison, same: bool) -> str:
    r"""The bound H(P,Q) ≤ Σ p⌈−log₂ q⌉ < H(P,Q) + 1 and Huffman's place, with the numbers.

    >>> from xentcore.coding import compare_codes
    >>> text = bound_text(compare_codes([0.5, 0.5], [0.5, 0.5]), True)
    >>> print(text.split(". ")[0])
    **The bound:** H(P,Q) = 1.000 bits ≤ Σ p⌈−log₂ q⌉ = 1.000 bits < H(P,Q) + 1 = 2.000 bits
    >>> print(text.split("\n\n")[1].split(": ")[1])
    H(P) = 1.000 bits ≤ 1.000 bits < H(P) + 1 = 2.000 bits.
    """
    h_pq = format_value(comp.cross_entropy, UNIT)
    shannon = format_value(comp.shannon_length, UNIT)
    if comp.uncoded:
        return (
            f"**The bound:** H(P,Q) = {h_pq} ≤ Σ p⌈−log₂ q⌉ = {shannon}. Both are infinite: "
            "no code built for Q can send a symbol that Q rules out."
        )
    text = (
        f"**The bound:** H(P,Q) = {h_pq} ≤ Σ p⌈−log₂ q⌉ = {shannon} < H(P,Q) + 1 = "
        f"{format_value(comp.cross_entropy + 1, UNIT)}. Rounding each length up costs less "
        "than one bit per symbol."
    )
    huff, h_p = comp.huffman_length, comp.entropy
    huff_text, h_p_text = format_value(huff, UNIT), format_value(h_p, UNIT)
    if same:
        return text + (
            "\n\n**P = Q**, so the Huffman code is the best prefix code for P: "
            f"H(P) = {h_p_text} ≤ {huff_text} < H(P) + 1 = {format_value(h_p + 1, UNIT)}."
        )
    beats = (
        f"Here it even comes in under H(P,Q) = {h_pq}: its whole-bit codewords for Q "
        "happen to suit P better than the ideal lengths −log₂ q do. "
        if huff < comp.cross_entropy - 1e-12
        else ""
    )
    return text + (
        "\n\n**Huffman's code is built for Q:** on Q's own messages it averages "
        f"{format_value(comp.huffman_length_q, UNIT)} per symbol, the fewest any prefix code "
        f"can; on P's it averages {huff_text}. {beats}"
        f"No code beats H(P) = {h_p_text} on P's messages."
    )


def show_numbers(inputs: CodeInputs, comp: CodeComparison) -> None:
    """H(P), H(P,Q), both expected lengths, and the bound stated with them."""
    row = st.container(horizontal=True)  # one flex row: fewer elements than columns
    row.metric(
        "Entropy H(P)",
        format_value(comp.entropy, UNIT),
        help="The fewest bits per symbol any code can average on P's messages.",
        border=True,
    )
    row.metric(
        "Cross-entropy H(P,Q)",
        format_value(comp.cross_entropy, UNIT),
        help="Σ p·(−log₂ q): the average length with ideal (fractional) codewords for Q.",
        border=True,
    )
    row.metric(
        "Huffman code for Q, on P",
        format_value(comp.huffman_length, UNIT),
        help="Σ p·(length of the Huffman codeword for Q): bits per symbol of P's messages.",
        border=True,
    )
    row.metric(
        "Shannon code for Q, on P",
        format_value(comp.shannon_length, UNIT),
        help="Σ p·⌈−log₂ q⌉: each ideal length −log₂ q rounded up to whole bits.",
        border=True,
    )
    lo, mid, hi = (
        format_value(v, UNIT).replace("∞", r"$\infty$")
        for v in (comp.cross_entropy, comp.shannon_length, comp.cross_entropy + 1)
    )
    st.latex(
        r"\underbrace{H(P,Q)}_{\text{" + lo + r"}} \;\le\; "
        r"\underbrace{\sum_x p(x)\,\lceil -\log_2 q(x)\rceil}_{\text{" + mid + r"}} \;<\; "
        r"\underbrace{H(P,Q) + 1}_{\text{" + hi + "}}"
    )
    same = bool(np.allclose(inputs.p, inputs.q, rtol=0, atol=1e-12))
    st.markdown(bound_text(comp, same))


def code_table(inputs: CodeInputs, comp: CodeComparison) -> pd.DataFrame:
    """The code table: one row per symbol (also the CSV download)."""
    return pd.DataFrame(
        {
            "symbol": inputs.names,
            "p": inputs.p,
            "q": inputs.q,
            "Huffman codeword": ["none (q = 0)" if w is None else w for w in comp.codewords],
            "Huffman length": comp.huffman_lengths,
            "Shannon length ⌈−log₂ q⌉": comp.shannon_lengths,
            "−log₂ q": comp.ideal_lengths,
        }
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def _code_view(names: tuple, p: tuple, q: tuple, bars: str) -> tuple[pd.DataFrame, go.Figure]:
    """The code table and the area picture for these inputs, built once.

    Shared read-only between reruns and sessions (st.dataframe and st.plotly_chart only
    read them), so moving the message slider or the seed does not rebuild them.
    """
    inputs = CodeInputs(names=list(names), p=list(p), q=list(q))
    comp = compare_codes(p, q)
    lengths = {
        "huffman": comp.huffman_lengths,
        "shannon": comp.shannon_lengths,
        "ideal": comp.ideal_lengths,
    }[bars]
    area_p = {
        "huffman": comp.huffman_length,
        "shannon": comp.shannon_length,
        "ideal": comp.cross_entropy,
    }[bars]
    fig = code_area_figure(
        names,
        p,
        q,
        lengths,
        codewords=comp.codewords if bars == "huffman" else None,
        length_name=BARS[bars],
        area_p=area_p,
        area_q=expected_code_length(q, lengths),
    )
    return code_table(inputs, comp), fig


def show_code(inputs: CodeInputs, bars: str) -> None:
    """The code table (with its CSV), then the picture whose areas are expected lengths."""
    table, fig = _code_view(tuple(inputs.names), tuple(inputs.p), tuple(inputs.q), bars)
    st.dataframe(
        table,
        hide_index=True,
        key="codes_table",
        column_config={
            "p": st.column_config.NumberColumn(format="%.4f"),
            "q": st.column_config.NumberColumn(format="%.4f"),
            "Huffman length": st.column_config.NumberColumn(format="%d"),
            "Shannon length ⌈−log₂ q⌉": st.column_config.NumberColumn(format="%d"),
            "−log₂ q": st.column_config.NumberColumn(format="%.3f"),
        },
    )
    csv_download(
        "Download the code table (CSV)",
        table,
        "code_table.csv",
        "codes_download",
        on_click="ignore",
    )
    st.markdown(
        "### Area = expected length\n"
        "Each symbol is a bar: width = its probability, height = its code length in bits, "
        "so a bar's area is probability × length and all the bars together cover the "
        "expected length. The code is the same in both panels (same heights); only the "
        "widths change. Q's frequent symbols got the short codewords, so Q's bars are wide "
        "where they are low. P's messages pay for every symbol that P uses more often "
        "than Q expected: the right-hand area is the cost of the code on P."
    )
    st.plotly_chart(fig, width="stretch", theme=None, key="codes_area_chart")


def show_message(inputs: CodeInputs, comp: CodeComparison, length: int, seed: int) -> None:
    """A sample message encoded, and bits per symbol converging as it grows."""
    if length == 0:
        st.warning(
            "Message length: a message of 0 symbols has no bits per symbol. Move the "
            "Message length slider above 0.",
            icon=":material/warning:",
        )
        return
    words = tuple(comp.codewords)
    head, curve = _simulate(
        tuple(inputs.p),
        words,
        tuple(comp.huffman_lengths),
        tuple(comp.shannon_lengths),
        length,
        seed,
    )
    shown = encode_message(head, words, missing="✗")
    text = (
        "### A message from P, encoded with Q's Huffman code\n"
        f"The first {len(head)} of {length:,} symbols drawn from P (seed {seed}), each over "
        "its codeword, then the bits as sent."
    )
    bits = ""
    if "✗" in shown:
        text += (
            " ✗ marks a symbol with no codeword: Q gives it probability 0, so the code "
            "cannot send it."
        )
    else:
        bits = "".join(shown)
        text += (
            f" {len(bits):,} bits for {len(head)} symbols: "
            f"{format_value(len(bits) / len(head), UNIT)} per symbol."
        )
        if all(words[i] for i in head) and np.array_equal(decode_bits(bits, words), head):
            text += (
                " Reading the bits from the left gives the same symbols back without any "
                "separators, because no codeword is the start of another (a prefix code)."
            )
    st.markdown(text)
    columns = message_columns([inputs.names[i] for i in head], shown)
    st.code(columns + ("\n\n" + wrap_bits(bits) if bits else ""), language=None)

    if curve is None:
        st.info(
            "No bits-per-symbol curve: the message holds a symbol that Q gives probability "
            "0, so its bits per symbol are infinite."
        )
        return
    n, huff_run, shan_run = curve
    st.markdown(
        "### Bits per symbol as the message grows\n"
        f"On all {length:,} symbols the Huffman code for Q used "
        f"**{format_value(huff_run[-1], UNIT)} per symbol** (expected: "
        f"{format_value(comp.huffman_length, UNIT)}), the Shannon code "
        f"**{format_value(shan_run[-1], UNIT)}** (expected: "
        f"{format_value(comp.shannon_length, UNIT)}). The running average wanders for short "
        "messages and settles on the expected length Σ p·length as the message grows (the "
        "law of large numbers)."
    )
    st.plotly_chart(
        convergence_figure(
            n,
            huff_run,
            shan_run,
            entropy=comp.entropy,
            cross_entropy=comp.cross_entropy,
            huffman_length=comp.huffman_length,
            shannon_length=comp.shannon_length,
        ),
        width="stretch",
        theme=None,
        key="codes_convergence_chart",
    )


def show_sections(inputs: CodeInputs, comp: CodeComparison, controls: Controls) -> None:
    """The message and the code table as lazy tabs: only the open one is drawn.

    The message's controls (length, seed) and the picture's bar heights stay above the
    tabs with the other inputs, so their values are kept while their tab is closed.
    """
    tabs = st.tabs(SECTIONS, key="codes_section", on_change="rerun")
    if tabs[0].open:
        with tabs[0]:
            show_message(inputs, comp, controls.length, controls.seed)
    if tabs[1].open:
        with tabs[1]:
            show_code(inputs, controls.bars)


def sync_url(state: PageState) -> None:
    """Write the inputs into the URL; a text box that does not parse keeps its text only."""
    current = state.values()
    for key, parse in (
        ("codes_names", parse_names),
        ("codes_p", parse_probabilities),
        ("codes_q", parse_probabilities),
    ):
        try:
            parse(current[key])
        except InputProblem:
            current[key] = DEFAULTS[key]
    state.sync_url(current)
