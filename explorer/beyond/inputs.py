"""The Beyond classification page's inputs: URL parameters and each tab's widgets.

Every section is a lazy tab, so each one draws its own widgets here, with
``persist_state="session"`` so their values (and the link) survive while it is closed.
Session keys start with ``beyond_``; the link names them shortly (``Param(url=...)``).
Typed lists go through :func:`explorer.parsing.parse_number_list` with the page's
:func:`~explorer.beyond.wording.list_wording`; a text that does not parse leaves the
list (and the link) as it was, and its section shows the message instead of numbers.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import streamlit as st

from explorer.beyond import table, wording
from explorer.parsing import ListRules, parse_number_list
from explorer.presets import BINARY, presets_for
from explorer.state import BadParam, PageState, Param, choice, integer, number, numbers
from explorer.widgets import ListInput, list_input_keys, number_list_input
from xentcore.practice import CEM_OBJECTIVES

__all__ = [
    "EXTRA_KEYS",
    "LISTS",
    "MAX_LABELS",
    "MAX_POINTS",
    "MAX_REPEAT",
    "PAGE_PATH",
    "PARAMS",
    "SAMPLE_COUNTS",
    "SECTIONS",
    "CEMInputs",
    "GaussianInputs",
    "cem_inputs",
    "enter",
    "gaussian_inputs",
    "list_input",
    "repeat_input",
    "sigma_input",
    "table_inputs",
]

PAGE_PATH = "pages/9_Beyond_classification.py"
SECTIONS = ["Likelihood", "Squared error", "Two variables", "Continuous", "CEM optimiser"]
#: The sources' ten binary labels (worked example 6, mean log loss 0.247 nats).
TEN_LABELS = presets_for(BINARY)["ten-labels"]
MAX_LABELS, MAX_POINTS, MAX_REPEAT = 500, 200, 1000
#: The sample counts of the Continuous tab (its slider's stops; the link takes no other).
SAMPLE_COUNTS = (100, 300, 1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000)
MAX_SEED = 1_000_000


def _url(param: Param, url: str) -> Param:
    return replace(param, url=url)


def _one_of(key: str, default: int, options: tuple[int, ...]) -> Param:
    """A whole number that must be one of ``options`` (a select slider's stops)."""
    whole = integer(key, default, min(options), max(options))

    def parse(text: str) -> int:
        value = whole.parse(text)
        if value not in options:
            raise BadParam(f"{value:,} is not one of the choices")
        return value

    expects = "one of " + ", ".join(str(v) for v in options)
    return Param(key, default, parse, expects, str)


PARAMS: list[Param] = [
    _url(choice("beyond_tab", SECTIONS[0], SECTIONS), "tab"),
    # 1. likelihood
    _url(numbers("beyond_ys", TEN_LABELS["ys"], max_len=MAX_LABELS, lo=0.0, hi=1.0), "ys"),
    _url(numbers("beyond_ps", TEN_LABELS["ps"], max_len=MAX_LABELS, lo=0.0, hi=1.0), "ps"),
    _url(integer("beyond_repeat", 1, 1, MAX_REPEAT), "repeat"),
    # 2. squared error
    _url(numbers("beyond_y", [0.6, 2.4, 2.5, 4.9, 4.2, 6.8], max_len=MAX_POINTS), "y"),
    _url(numbers("beyond_pred", [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], max_len=MAX_POINTS), "pred"),
    _url(number("beyond_sigma", 1.0, 0.1, 5.0), "sigma"),
    # 3. two variables
    _url(integer(table.COLS, table.DEFAULT_COLS, table.MIN_SIZE, table.MAX_SIZE), "cols"),
    _url(numbers(table.CELLS, table.DEFAULT_CELLS, min_len=4, max_len=36, lo=0.0), "cells"),
    _url(choice(table.KIND, "counts", ["counts", "probabilities"]), "kind"),
    # 4. continuous
    _url(number("beyond_mp", 0.0, -5.0, 5.0), "mp"),
    _url(number("beyond_sp", 1.0, 0.2, 3.0), "sp"),
    _url(number("beyond_mq", 1.0, -5.0, 5.0), "mq"),
    _url(number("beyond_sq", 1.5, 0.2, 3.0), "sq"),
    _url(_one_of("beyond_n", 10_000, SAMPLE_COUNTS), "n"),
    _url(integer("beyond_seed", 0, 0, MAX_SEED), "seed"),
    # 5. the cross-entropy method
    _url(choice("beyond_cem_fn", "himmelblau", CEM_OBJECTIVES), "fn"),
    _url(integer("beyond_cem_n", 100, 10, 400), "cem_n"),
    _url(number("beyond_cem_elite", 0.1, 0.01, 0.5), "elite"),
    _url(integer("beyond_cem_iters", 20, 1, 40), "iters"),
    _url(integer("beyond_cem_seed", 0, 0, MAX_SEED), "cem_seed"),
]


@dataclass(frozen=True)
class ListField:
    """A typed list: its box's label and tooltip, how many numbers it takes."""

    label: str
    help: str
    max_len: int


LISTS = {
    "beyond_ys": ListField("Labels y (0 or 1)", "One label per sample, e.g. 1, 0, 1.", MAX_LABELS),
    "beyond_ps": ListField("Predicted P(y = 1)", "One probability per label.", MAX_LABELS),
    "beyond_y": ListField("Targets y", "The observed values, e.g. 1.2, 1.9, 3.2.", MAX_POINTS),
    "beyond_pred": ListField("Predictions ŷ", "One prediction per target.", MAX_POINTS),
}
EXTRA_KEYS = [
    *(k for key in LISTS for k in list_input_keys(key)),
    table.BASE,
    table.LAST,
]


def _parse(text: str, *, name: str, max_len: int) -> list[float]:
    rules = ListRules(1, max_len, brackets=True)
    return parse_number_list(text, rules, wording.list_wording(name))


def list_input(key: str) -> ListInput:
    """The text box of list param ``key``: the list in force and a rejected text's message."""
    spec = LISTS[key]
    parse = functools.partial(_parse, name=spec.label, max_len=spec.max_len)
    return number_list_input(key, spec.label, parse, help=spec.help)


def repeat_input() -> int:
    """The Likelihood tab's "use the sample k times"."""
    return st.slider(
        "Use the sample k times",
        1,
        MAX_REPEAT,
        key="beyond_repeat",
        persist_state="session",
        help=wording.REPEAT_HELP,
    )


def sigma_input() -> float:
    """The Squared error tab's σ."""
    return st.slider(
        "σ of the Gaussian",
        0.1,
        5.0,
        step=0.05,
        key="beyond_sigma",
        persist_state="session",
        help=wording.SIGMA_HELP,
    )


def table_inputs() -> tuple[str, table.TableReading]:
    """The Two variables tab: counts or probabilities, the column count, the table."""
    with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
        kind = st.radio(
            "The cells are",
            ["counts", "probabilities"],
            horizontal=True,
            key=table.KIND,
            persist_state="session",
            help=wording.KIND_HELP,
        )
        st.number_input(
            "Values of Y (columns)",
            min_value=table.MIN_SIZE,
            max_value=table.MAX_SIZE,
            step=1,
            key=table.COLS,
            on_change=table.resize,
            width=200,
            persist_state="session",
            help=f"{table.MIN_SIZE} to {table.MAX_SIZE}; rows are added in the table.",
        )
    st.caption(wording.TABLE_HELP)
    return kind, table.read(kind)


@dataclass(frozen=True)
class GaussianInputs:
    """The Continuous tab: P = N(mp, sp²), Q = N(mq, sq²), how many samples, the seed."""

    mean_p: float
    sigma_p: float
    mean_q: float
    sigma_q: float
    n_samples: int
    seed: int


def _slider(label: str, key: str, lo: float, hi: float, step: float, where=st, **more):
    return where.slider(label, lo, hi, step=step, key=key, persist_state="session", **more)


def gaussian_inputs() -> GaussianInputs:
    """Means and σ's as sliders, the sample count and the seed."""
    c_p, c_q = st.columns(2, gap="large")
    mp = _slider("Mean of P, μ_P", "beyond_mp", -5.0, 5.0, 0.1, c_p)
    sp = _slider("σ_P", "beyond_sp", 0.2, 3.0, 0.05, c_p)
    mq = _slider("Mean of Q, μ_Q", "beyond_mq", -5.0, 5.0, 0.1, c_q)
    sq = _slider("σ_Q", "beyond_sq", 0.2, 3.0, 0.05, c_q)
    c_n, c_seed = st.columns([3, 1], vertical_alignment="bottom")
    n = c_n.select_slider(
        "Samples of P",
        options=list(SAMPLE_COUNTS),
        format_func=lambda v: f"{v:,}",
        key="beyond_n",
        persist_state="session",
        help=wording.SAMPLES_HELP,
    )
    seed = c_seed.number_input(
        "Seed", 0, MAX_SEED, step=1, key="beyond_seed", persist_state="session"
    )
    return GaussianInputs(mp, sp, mq, sq, int(n), int(seed))


@dataclass(frozen=True)
class CEMInputs:
    """The CEM tab: the objective and the run's settings."""

    objective: str
    n_samples: int
    elite_fraction: float
    iterations: int
    seed: int


def cem_inputs() -> CEMInputs:
    """Objective, samples per iteration, elite fraction, iterations and seed."""
    c_fn, c_seed = st.columns([3, 1], vertical_alignment="bottom")
    fn = c_fn.selectbox(
        "Function to minimise",
        list(CEM_OBJECTIVES),
        format_func=wording.OBJECTIVE_NAMES.get,
        key="beyond_cem_fn",
        persist_state="session",
    )
    seed = c_seed.number_input(
        "Seed", 0, MAX_SEED, step=1, key="beyond_cem_seed", persist_state="session"
    )
    c_n, c_elite, c_iters = st.columns(3, gap="medium")
    n = _slider("Samples per iteration", "beyond_cem_n", 10, 400, 10, c_n)
    elite = _slider(
        "Elite fraction", "beyond_cem_elite", 0.01, 0.5, 0.01, c_elite, help="The best share kept."
    )
    iters = _slider("Iterations", "beyond_cem_iters", 1, 40, 1, c_iters)
    return CEMInputs(fn, int(n), float(elite), int(iters), int(seed))


def enter(state: PageState) -> list[str]:
    """:meth:`PageState.enter`, then check the link's table has a shape the page takes."""
    ss = st.session_state
    link_sets_table = any(k in st.query_params for k in ("cells", "cols"))
    entering = state.entering
    notices = state.enter()
    cells, cols = ss[table.CELLS], ss[table.COLS]
    rows, left = divmod(len(cells), cols)
    if left or not table.MIN_SIZE <= rows <= table.MAX_SIZE:
        notices.append(
            f"The link's table has {len(cells)} cells, which is not {table.MIN_SIZE} to "
            f"{table.MAX_SIZE} rows of {cols} columns; showing the default table."
        )
        ss[table.CELLS], ss[table.COLS] = list(table.DEFAULT_CELLS), table.DEFAULT_COLS
    if entering and link_sets_table:
        ss.pop(table.LAST, None)  # the link's table, not the one last edited
        ss.pop(table.BASE, None)
    return notices
