"""The Binary & multi-label page: its inputs, sections and wording.

``pages/4_Binary_and_multilabel.py`` wires these in reading order. Pure helpers
(parsing a typed list, matching presets, LaTeX with the user's numbers, naming the
field behind a core error) are tested directly; the widget helpers bind a slider and
typed text to the page's URL-bound values in ``st.session_state``; each ``show_*``
section reads its inputs, calls ``xentcore.binary`` and draws, turning a bad input
into a message that names the field, never a traceback.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from explorer.figures_binary import (
    bernoulli_figure,
    dataset_figure,
    log_zero_figure,
    multilabel_figure,
)
from explorer.presets import PRESETS, matching_presets, preset_digits, presets_for
from explorer.state import PageState, choice, number, numbers
from explorer.text import UNITS, format_value
from explorer.widgets import csv_download
from xentcore.binary import (
    BCEDecomposition,
    bce_decomposition,
    bce_from_logit,
    bernoulli_curves,
    bernoulli_entropy,
    dataset_losses,
    log_zero_conventions,
    log_zero_curves,
    multilabel_vs_softmax,
)

__all__ = [
    "EXTRA_KEYS",
    "FIELDS",
    "MAX_LIST_CHARS",
    "PAGE_PATH",
    "PARAMS",
    "TABS",
    "bce_latex",
    "bernoulli_chart",
    "dataset_chart",
    "describe_error",
    "format_loss",
    "format_number_list",
    "log_symbol",
    "log_zero_chart",
    "matching_presets",
    "multilabel_chart",
    "number_list_input",
    "parse_number_list",
    "prepare_session",
    "probability_input",
    "show_prediction",
    "show_preset_buttons",
    "show_preset_lines",
    "show_tabs",
]

PAGE_PATH = "pages/4_Binary_and_multilabel.py"
PRESETS_HERE = presets_for(PAGE_PATH)
# Worked example 6 (docs/worked-examples.md) is also the default dataset.
TEN_LABELS = PRESETS_HERE["ten-labels"]
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
LIST_KEYS = ("ys", "ps", "scores", "multi_targets")
# Widget keys that mirror a param (the sliders, the typed lists): reset forgets them.
EXTRA_KEYS = [
    "prob_slider",
    "target_slider",
    *(f"{k}_text" for k in LIST_KEYS),
    *(f"_{k}_text_source" for k in LIST_KEYS),
]
# Core argument name -> (the field as the learner sees it, how to fix it).
FIELDS = {
    "prob": ("Predicted probability p", "Type a probability from 0 to 1."),
    "target": ("Target t", "Type a target from 0 to 1 (0 or 1 for a hard label)."),
    "logit": ("Logit x", "Type any finite number."),
    "pos_weight": ("pos_weight w₊", "Type a weight of 0 or more (1 means no reweighting)."),
    "ys": ("Labels y", "Type one label per sample, each 0 or 1, e.g. 1, 0, 1."),
    "ps": ("Predicted P(y = 1)", "Type one probability from 0 to 1 per label, e.g. 0.8, 0.1."),
    "scores": ("Scores z", "Type 2 to 10 finite logits, e.g. 2, -1, 0.5."),
    "targets": ("Multi-hot target y", "Type one value from 0 to 1 per score, e.g. 1, 0, 1."),
}
ERROR = ":material/error:"


#: A typed list longer than this is refused (a 5,000-character paste is hostile).
MAX_LIST_CHARS = 2000

_SEPARATORS = re.compile(r"[,;\s]+")


def parse_number_list(text: str, *, name: str, max_len: int, min_len: int = 1) -> list[float]:
    """Read numbers separated by commas or spaces; raise ValueError saying what to fix.

    >>> parse_number_list("1, 0 ,1", name="Labels y", max_len=10)
    [1.0, 0.0, 1.0]
    >>> parse_number_list("[0.2; 0.8]", name="p", max_len=10)
    [0.2, 0.8]
    >>> parse_number_list("0.5, abc", name="p", max_len=10)
    Traceback (most recent call last):
    ...
    ValueError: p: item 2 ('abc') is not a number. Type numbers separated by commas, e.g. 0.5, 1.
    """
    text = "" if text is None else str(text)
    if len(text) > MAX_LIST_CHARS:
        raise ValueError(
            f"{name}: the text is {len(text):,} characters long (at most {MAX_LIST_CHARS:,}). "
            f"Type at most {max_len} numbers separated by commas."
        )
    parts = [s for s in _SEPARATORS.split(text.strip().strip("[]()").strip()) if s]
    if not parts:
        raise ValueError(f"{name} is empty. Type numbers separated by commas, e.g. 1, 0, 1.")
    if not min_len <= len(parts) <= max_len:
        raise ValueError(
            f"{name} has {len(parts)} numbers; give {min_len} to {max_len}, separated by commas."
        )
    values = []
    for i, part in enumerate(parts, start=1):
        shown = part if len(part) <= 20 else part[:17] + "..."
        try:
            value = float(part)
        except ValueError:
            raise ValueError(
                f"{name}: item {i} ({shown!r}) is not a number. "
                "Type numbers separated by commas, e.g. 0.5, 1."
            ) from None
        if not math.isfinite(value):
            raise ValueError(f"{name}: item {i} ({shown!r}) is not a finite number.")
        values.append(value)
    return values


def format_number_list(values: Sequence[float]) -> str:
    """Write a list the way a learner would type it.

    >>> format_number_list([1.0, 0, 0.25, 1e300])
    '1, 0, 0.25, 1e+300'
    """
    return ", ".join(f"{float(v):.12g}" for v in values)


def number_list_input(
    label: str, param_key: str, *, max_len: int, min_len: int = 1, help: str | None = None
) -> tuple[list[float] | None, str | None]:
    """A text box for the list param ``param_key``; returns ``(values, None)`` or ``(None, error)``.

    The URL-bound list lives in ``st.session_state[param_key]``; the text box has the key
    ``f"{param_key}_text"``. A preset, a reset or a link that changes the list rewrites
    the text; text that does not parse leaves the list (and so the link) as it was.
    """
    ss = st.session_state
    text_key, source_key = f"{param_key}_text", f"_{param_key}_text_source"
    current = list(ss[param_key])
    if text_key not in ss or ss.get(source_key) != current:
        ss[text_key] = format_number_list(current)
        ss[source_key] = current
    text = st.text_input(label, key=text_key, help=help)
    try:
        values = parse_number_list(text, name=label, max_len=max_len, min_len=min_len)
    except ValueError as err:
        return None, str(err)
    ss[param_key] = values
    ss[source_key] = list(values)
    return values, None


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


def format_loss(value: float, unit: str = "", digits: int = 3) -> str:
    """:func:`explorer.text.format_value`, but 1e300 stays short instead of 301 digits.

    >>> format_loss(0.2469, "nats"), format_loss(1e300, "nats"), format_loss(float("inf"), "bits")
    ('0.247 nats', '1e+300 nats', '∞ bits')
    """
    value = float(value)
    if math.isfinite(value) and abs(value) >= 1e6:
        return f"{value:.4g} {unit}".strip()
    return format_value(value, unit, digits)


def log_symbol(unit: str) -> str:
    """The logarithm of a unit, in LaTeX.

    >>> log_symbol("bits"), log_symbol("nats"), log_symbol("hartleys")
    ('\\\\log_2', '\\\\ln', '\\\\log_{10}')
    """
    return {"bits": r"\log_2", "nats": r"\ln", "hartleys": r"\log_{10}"}[unit]


def _num(x: float) -> str:
    return f"{float(x):.4g}".replace("e", r"\mathrm{e}")


def bce_latex(prob: float, target: float, value_text: str, unit: str) -> str:
    """The BCE formula with the user's p and t substituted.

    >>> print(bce_latex(0.7, 1.0, "0.515 bits", "bits"))  # doctest: +NORMALIZE_WHITESPACE
    \\mathrm{BCE}(p, t) = -\\big[\\,t \\log_2 p + (1 - t) \\log_2 (1 - p)\\,\\big]
    = -\\big[\\,1 \\cdot \\log_2 0.7 + 0 \\cdot \\log_2 0.3\\,\\big] = 0.515\\ \\text{bits}
    """
    log = log_symbol(unit)
    number, _, unit_text = value_text.partition(" ")
    number = number.replace("∞", r"\infty")
    return (
        rf"\mathrm{{BCE}}(p, t) = -\big[\,t {log} p + (1 - t) {log} (1 - p)\,\big]"
        "\n"
        rf"= -\big[\,{_num(target)} \cdot {log} {_num(prob)} + {_num(1.0 - target)} \cdot "
        rf"{log} {_num(1.0 - prob)}\,\big] = {number}\ \text{{{unit_text}}}"
    )


def describe_error(err: Exception, fields: Mapping[str, tuple[str, str]]) -> str:
    """Name the field behind a core error and say how to fix it.

    ``fields`` maps a core argument name to ``(field label, how to fix it)``; the
    core's messages start with the argument name.

    >>> fields = {"prob": ("Predicted probability p", "Use a number from 0 to 1.")}
    >>> describe_error(ValueError("prob must be <= 1.0, got 1.3"), fields)
    'Predicted probability p: prob must be <= 1.0, got 1.3. Use a number from 0 to 1.'
    """
    message = str(err).rstrip(".")
    for arg, (label, fix) in fields.items():
        if message.startswith(arg + " ") or message.startswith(arg + "="):
            return f"{label}: {message}. {fix}"
    return f"{message}."


# Charts, cached per input: a rerun rebuilds only the charts whose inputs changed
# (building a plotly figure costs more than every number on the page). A figure is
# never changed after it is built, so one shared object per input is safe.
@st.cache_resource(max_entries=64, show_spinner=False)
def bernoulli_chart(
    target: float, prob: float | None, bce_at_prob: float | None, unit: str
) -> go.Figure:
    """:func:`bernoulli_figure` of the soft target ``target`` in ``unit``."""
    base = UNITS[unit]
    curves = bernoulli_curves(target, base=base)
    return bernoulli_figure(
        curves.x,
        curves.bce,
        curves.entropy,
        target=target,
        entropy_at_target=bernoulli_entropy(target, base=base),
        prob=prob,
        bce_at_prob=bce_at_prob,
        unit=unit,
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def dataset_chart(ys: tuple[float, ...], ps: tuple[float, ...], unit: str) -> go.Figure:
    """:func:`dataset_figure` of labels ``ys`` and probabilities ``ps`` (valid ones)."""
    data = dataset_losses(ys, ps, base=UNITS[unit])
    return dataset_figure(ys, ps, data.per_sample, data.mean_bce, unit)


@st.cache_resource(max_entries=64, show_spinner=False)
def multilabel_chart(scores: tuple[float, ...], targets: tuple[float, ...]) -> go.Figure:
    """:func:`multilabel_figure` of ``scores`` and a multi-hot target."""
    multi = multilabel_vs_softmax(scores, targets)
    labels = [f"class {k}" for k in range(1, len(scores) + 1)]
    return multilabel_figure(labels, targets, multi.sigmoid_probs, multi.softmax_probs)


@st.cache_resource(max_entries=8, show_spinner=False)
def log_zero_chart(unit: str) -> go.Figure:
    """:func:`log_zero_figure` in ``unit``, each plateau labelled with its value."""
    base = UNITS[unit]
    zero = log_zero_curves(base=base)
    worst = log_zero_conventions(0.0, 1.0, base=base)
    return log_zero_figure(
        zero.p,
        {
            "exact": zero.exact,
            "pytorch": zero.pytorch,
            "keras": zero.keras,
            "sklearn": zero.sklearn,
        },
        {"pytorch": worst.pytorch, "sklearn": worst.sklearn, "keras": worst.keras},
        unit,
    )


# ── The page's sections ─────────────────────────────────────────────────────────
def _apply_preset(state: PageState, preset_id: str) -> None:
    state.apply_preset(preset_id)
    st.session_state["tab"] = PRESET_TAB[preset_id]


def _set_prob_to_target() -> None:
    st.session_state["prob"] = st.session_state["target"]


def show_prediction(unit: str, base: int | None) -> tuple[float, float, BCEDecomposition | None]:
    """p and t (always on screen), BCE(p, t) and its two parts; returns p, t and the parts."""
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
    try:
        parts = bce_decomposition(prob, target, base=base)
    except ValueError as err:
        st.error(describe_error(err, FIELDS), icon=ERROR)
        return prob, target, None
    with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
        st.metric(
            "BCE(p, t)",
            format_loss(parts.bce, unit, 4),
            help="torch.nn.functional.binary_cross_entropy: −[t log p + (1−t) log(1−p)].",
            border=True,
            width=230,
        )
        st.metric(
            "H(t), the floor",
            format_loss(parts.entropy, unit, 4),
            help="Entropy of the target: the smallest BCE any p can reach (at p = t).",
            border=True,
            width=230,
        )
        st.metric(
            "KL(t‖p), the rest",
            format_loss(parts.kl, unit, 4),
            help="BCE − H(t): the part a better prediction removes; 0 only at p = t.",
            border=True,
            width=230,
        )
        st.latex(bce_latex(prob, target, format_loss(parts.exact, unit, 4), unit))
    if math.isinf(parts.exact):
        st.warning(
            f"p = {prob:g} gives probability 0 to an outcome that target t = {target:g} "
            f"allows, so the exact loss is ∞ (log 0 = −∞). PyTorch reports "
            f"{format_loss(parts.bce, unit)} because it clamps the log at −100: see the "
            "log(0) tab.",
            icon=":material/all_inclusive:",
        )
    return prob, target, parts


def _bce_of_itself(
    prob: float, target: float, parts: BCEDecomposition | None, unit: str, base: int | None
) -> None:
    st.markdown(
        "**Why is BCE(x, x) not zero?** For a *soft* target t the loss cannot reach 0: "
        "binary cross-entropy is the entropy of the target plus a KL divergence, and only "
        "the KL part depends on p.\n\n"
        r"$$\mathrm{BCE}(p, t) = \underbrace{H(t)}_{\text{fixed by the target}}"
        r" + \underbrace{D_{\mathrm{KL}}\big(\mathrm{Bern}(t)\,\|\,\mathrm{Bern}(p)\big)}"
        r"_{\ge 0,\ = 0 \text{ only at } p = t}$$"
    )
    try:
        h_t = bernoulli_entropy(target, base=base)
    except ValueError:
        st.info("The chart appears once the target t above is a number from 0 to 1.")
        return
    st.plotly_chart(
        bernoulli_chart(
            float(target),
            None if parts is None else float(prob),
            None if parts is None else parts.exact,
            unit,
        ),
        width="stretch",
        theme=None,
        key="bernoulli_chart",
    )
    st.markdown(
        f"With t = {target:g} the lowest loss is at **p = t**, and it equals "
        f"**H(t) = {format_value(h_t, unit, 4)}**, the Bernoulli entropy of {target:g} (green "
        "diamond). It is 0 only for a hard target, t = 0 or t = 1. The green curve is H(x) for "
        "every x: BCE(x, x) runs exactly along it. So a loss that stops at H(t) is not a bug: "
        "PyTorch's `BCELoss` of x against itself is the entropy of x. The dotted vermillion "
        "gap is KL(t‖p), the part training can still remove."
    )
    st.button(
        "Set p = t",
        key="set_p_to_t",
        on_click=_set_prob_to_target,
        icon=":material/vertical_align_bottom:",
        disabled=parts is None,
        help="Move the prediction onto the target: the loss drops to H(t).",
    )


def _from_logit(target: float, unit: str, base: int | None) -> None:
    st.markdown(
        "Models output a logit x, and σ(x) = 1 / (1 + e^(−x)) is the probability. "
        "`torch.nn.BCEWithLogitsLoss` computes the loss from x directly, which stays exact for "
        "any logit; `pos_weight` w₊ scales the positive term (w₊ > 1 trades precision for "
        "recall on a rare positive class). The target t is the one set above.\n\n"
        r"$$L(x, t) = (1 - t)\,x \;-\; \big(1 + (w_+ - 1)\,t\big)\,\log\sigma(x), \qquad"
        r"\frac{\partial L}{\partial x} = \big(1 + (w_+ - 1)\,t\big)\,\sigma(x) - w_+\,t$$"
    )
    with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
        # persist_state: the value survives while another tab is open (not drawn).
        logit = st.number_input(
            "Logit x",
            step=0.1,
            format="%.6g",
            key="logit",
            width=200,
            persist_state="session",
            help="Any finite score, e.g. 1e300.",
        )
        pos_weight = st.number_input(
            "pos_weight w₊",
            step=0.5,
            format="%.6g",
            key="pos_weight",
            width=200,
            persist_state="session",
            help="Weight of the positive term; 1 means none. Must be 0 or more.",
        )
    try:
        result = bce_from_logit(
            float("nan") if logit is None else logit,
            target,
            pos_weight=float("nan") if pos_weight is None else pos_weight,
            base=base,
        )
    except ValueError as err:
        st.error(describe_error(err, FIELDS), icon=ERROR)
        return
    with st.container(horizontal=True, gap="medium"):
        st.metric("σ(x)", f"{result.prob:.6g}", border=True, width=230)
        st.metric(
            "BCE with logits",
            format_loss(result.loss, unit, 4),
            help="torch.nn.functional.binary_cross_entropy_with_logits(x, t, pos_weight=w₊).",
            border=True,
            width=230,
        )
        st.metric(
            "∂L/∂x",
            format_loss(result.grad, "", 4),
            help=f"In {unit} per unit of logit; σ(x) − t when w₊ = 1.",
            border=True,
            width=230,
        )
    if math.isinf(result.loss):
        st.warning(
            "The loss is larger than the largest float64 number (about 1.8e308), so it shows "
            "as ∞: the logit times pos_weight overflows. Use a smaller |logit| or pos_weight.",
            icon=":material/warning:",
        )
    st.markdown(
        "Through the probability instead (σ(x) first, then BCE, no pos_weight): "
        f"**{format_loss(result.loss_from_probability, unit, 4)}**, against "
        f"**{format_loss(result.loss_unweighted, unit, 4)}** from the logit. They agree for "
        "moderate logits; beyond |x| ≈ 37, σ(x) rounds to exactly 0 or 1 in float64, the "
        "probability route hits log 0 and PyTorch clamps it at 100 nats, while the logit "
        "route stays exact. Try x = 1e300 with t = 0."
    )


def _dataset(unit: str, base: int | None) -> None:
    st.markdown(
        "Average the per-sample loss over a dataset and you get the mean binary cross-entropy. "
        "scikit-learn calls the same number `log_loss`: **binary cross-entropy and log loss "
        "are the same quantity**."
    )
    with st.container(horizontal=True, gap="large"):
        ys, ys_error = number_list_input(
            "Labels y (0 or 1)", "ys", max_len=500, help="One label per sample, e.g. 1, 0, 1."
        )
        ps, ps_error = number_list_input(
            "Predicted P(y = 1)", "ps", max_len=500, help="One probability per label."
        )
    for message in (ys_error, ps_error):
        if message:
            st.error(message, icon=ERROR)
    if ys is None or ps is None:
        return
    try:
        data = dataset_losses(ys, ps, base=base)
    except ValueError as err:
        st.error(describe_error(err, FIELDS), icon=ERROR)
        return
    with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
        st.metric(
            "Mean binary cross-entropy",
            format_loss(data.mean_bce, unit, 4),
            help="torch.nn.functional.binary_cross_entropy(p, y), reduction 'mean'.",
            border=True,
        )
        st.metric(
            "scikit-learn log_loss",
            format_loss(data.log_loss, unit, 4),
            help="sklearn.metrics.log_loss(y, p), in the chosen unit.",
            border=True,
        )
        if math.isclose(data.mean_bce, data.log_loss, rel_tol=1e-9, abs_tol=1e-12):
            st.success(
                f"The same number for these {len(ys)} samples: binary cross-entropy and "
                "log loss are the same quantity.",
                icon=":material/check_circle:",
            )
        else:
            st.info(
                "The two differ only because some p is 0 or 1 against its label: PyTorch "
                "clamps log 0 at −100, scikit-learn clips p at 2.2e-16 (see the log(0) tab).",
                icon=":material/info:",
            )
    samples = pd.DataFrame(
        {
            "sample": range(1, len(ys) + 1),
            "label y": ys,
            "p = P(y=1)": ps,
            "p of its label": data.prob_of_label,
            f"loss ({unit})": data.per_sample,
        }
    )
    chart_col, table_col = st.columns(2, gap="large")
    chart_col.plotly_chart(
        dataset_chart(tuple(ys), tuple(ps), unit),
        width="stretch",
        theme=None,
        key="dataset_chart",
    )
    table_col.dataframe(samples, hide_index=True, height=380)
    csv_download(
        "Per-sample losses (CSV)", samples, "binary_cross_entropy_per_sample.csv", "dataset_csv"
    )


def _multilabel(unit: str, base: int | None) -> None:
    st.markdown(
        "The same scores z can be read two ways. **Multi-label** (a photo can show a cat *and* "
        "a dog): one sigmoid per class, K independent yes/no probabilities that need not sum "
        "to 1, trained with BCE per class. **Exclusive classes** (exactly one is right): one "
        "softmax that shares out a single unit of probability, trained with cross-entropy "
        "against the target divided by its sum.\n\n"
        r"$$L_{\text{sigmoids}} = \frac{1}{K}\sum_{k=1}^{K}\mathrm{BCE}\big(\sigma(z_k), y_k\big)"
        r"\qquad L_{\text{softmax}} = -\sum_{k=1}^{K} \frac{y_k}{\sum_j y_j}\,"
        r"\log \operatorname{softmax}(z)_k$$"
    )
    with st.container(horizontal=True, gap="large"):
        scores, scores_error = number_list_input(
            "Scores z (logits), one per class",
            "scores",
            max_len=10,
            min_len=2,
            help="2 to 10 logits, e.g. 2, -1, 0.5.",
        )
        targets, targets_error = number_list_input(
            "Multi-hot target y, one per class",
            "multi_targets",
            max_len=10,
            min_len=2,
            help="1 where the class is present, 0 where it is not, e.g. 1, 0, 1.",
        )
    for message in (scores_error, targets_error):
        if message:
            st.error(message, icon=ERROR)
    if scores is None or targets is None:
        return
    try:
        multi = multilabel_vs_softmax(scores, targets, base=base)
    except ValueError as err:
        st.error(describe_error(err, FIELDS), icon=ERROR)
        return
    with st.container(horizontal=True, gap="medium"):
        st.metric(
            "Σ σ(z), sigmoids",
            f"{multi.sigmoid_sum:.4g}",
            help="Independent probabilities: their sum can be anything from 0 to K.",
            border=True,
        )
        st.metric("Σ softmax(z)", f"{multi.softmax_sum:.4g}", border=True)
        st.metric(
            "Multi-label BCE (mean over classes)",
            format_loss(multi.bce_mean, unit, 4),
            help="torch.nn.BCEWithLogitsLoss()(z, y).",
            border=True,
        )
        st.metric(
            "Softmax cross-entropy",
            format_loss(multi.softmax_loss, unit, 4),
            help="torch.nn.functional.cross_entropy(z, y / Σy).",
            border=True,
        )
    if math.isnan(multi.softmax_loss):
        st.warning(
            "Every target is 0, so there is no distribution to compare the softmax with "
            "(y / Σy divides by 0): the softmax loss is undefined. Multi-label BCE is fine "
            "with “no class present”. Set at least one target to 1 to see both.",
            icon=":material/warning:",
        )
    per_class = pd.DataFrame(
        {
            "class": [f"class {k}" for k in range(1, len(scores) + 1)],
            "score z": scores,
            "target y": targets,
            "σ(z)": multi.sigmoid_probs,
            f"BCE ({unit})": multi.bce_per_class,
            "softmax(z)": multi.softmax_probs,
            "y / Σy": multi.target_distribution,
        }
    )
    st.plotly_chart(
        multilabel_chart(tuple(scores), tuple(targets)),
        width="stretch",
        theme=None,
        key="multilabel_chart",
    )
    st.dataframe(per_class, hide_index=True)
    csv_download("Per-class table (CSV)", per_class, "multilabel_vs_softmax.csv", "multi_csv")


def _log_zero(prob: float, target: float, ok: bool, unit: str, base: int | None) -> None:
    st.markdown(
        "Predicting exactly 0 for a label that happens costs −log 0 = ∞. Frameworks avoid the "
        "infinity in different ways: **PyTorch** clamps the log at −100 (a loss of 100 nats), "
        "**Keras** clips p to [1e-7, 1 − 1e-7] (16.118 nats), **scikit-learn** clips at "
        "machine epsilon 2.2e-16 (36.04 nats). The same confident mistake costs three "
        "different finite amounts."
    )
    cases = [("p = 0, label 1", 0.0, 1.0), ("p = 1, label 0", 1.0, 0.0)]
    if ok:
        cases.append((f"your p = {prob:g}, t = {target:g}", prob, target))
    rows = []
    for case, p_case, t_case in cases:
        c = log_zero_conventions(p_case, t_case, base=base)
        rows.append(
            {
                "case": case,
                "exact": c.exact,
                "PyTorch BCELoss": c.pytorch,
                "Keras BinaryCrossentropy": c.keras,
                "scikit-learn log_loss": c.sklearn,
            }
        )
    table = pd.DataFrame(rows)
    shown = table.copy()
    for column in table.columns[1:]:
        shown[column] = [format_loss(v, unit, 4) for v in table[column]]
    st.dataframe(shown, hide_index=True)
    csv_download("This table (CSV)", table, "log_zero_conventions.csv", "log_zero_csv")
    st.caption(
        f"Values in {unit}. Frameworks work in nats: 100 nats = 144.3 bits = 43.4 hartleys. "
        "scikit-learn's log_loss takes hard labels, so a soft t goes in as the labels 1 and 0 "
        "with sample weights t and 1 − t."
    )
    st.plotly_chart(log_zero_chart(unit), width="stretch", theme=None, key="log_zero_chart")


def show_tabs(
    prob: float, target: float, parts: BCEDecomposition | None, unit: str, base: int | None
) -> None:
    """The five sections as lazy tabs: only the open one is drawn (and costs a rerun)."""
    tabs = dict(zip(TABS, st.tabs(TABS, key="tab", on_change="rerun"), strict=True))
    sections = {
        "BCE(x, x)": lambda: _bce_of_itself(prob, target, parts, unit, base),
        "From a logit": lambda: _from_logit(target, unit, base),
        "Dataset": lambda: _dataset(unit, base),
        "Multi-label": lambda: _multilabel(unit, base),
        "log(0)": lambda: _log_zero(prob, target, parts is not None, unit, base),
    }
    for name, tab in tabs.items():
        if tab.open:
            with tab:
                sections[name]()


def show_preset_buttons(state: PageState) -> None:
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


def show_preset_lines(
    state: PageState, parts: BCEDecomposition | None, unit: str, base: int | None
) -> None:
    """The worked example's number, computed now, for every preset the inputs match."""
    values = {**state.values(), "unit": unit}
    for preset in matching_presets(PAGE_PATH, values):
        try:
            if preset.id == "ten-labels":
                value = dataset_losses(values["ys"], values["ps"], base=base).mean_bce
            else:
                value = None if parts is None else parts.bce
        except ValueError:
            value = None
        if value is not None:
            st.success(
                f"Worked example {preset.example}: {preset.quantity} = "
                f"{format_value(value, unit, digits=preset_digits(preset))}",
                icon=":material/school:",
            )


def prepare_session() -> None:
    """Run after ``PageState.enter()``: repair foreign values, open a preset link's tab."""
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
