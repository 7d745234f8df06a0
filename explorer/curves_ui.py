"""The Loss curves page, section by section: its inputs, wording and drawing.

``pages/3_Loss_curves.py`` wires these together. Each ``show_*`` function reads its
section's widgets, calls ``xentcore.curves``, and draws; the wording functions
(``*_sentence``, ``reading_message``, ...) are pure, so tests check them directly.
The sections live here rather than in the page script because Streamlit re-parses
the page script on every run (its "magic" pass costs time in proportion to the
script's length), while an imported module is compiled once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from explorer.figures_curves import (
    gradient_figure,
    loss_curves_figure,
    opposite_path_figure,
    reading_figure,
)
from explorer.presets import active_preset, preset_digits, presets_for
from explorer.state import PageState, Param, choice, flag, integer, number
from explorer.text import format_value, markdown_table
from explorer.widgets import csv_download
from xentcore import sigmoid
from xentcore.curves import (
    CLIP_EPSILONS,
    cross_entropy_curve,
    exact_opposite_losses,
    focal_curve,
    logit,
    logit_gradients,
    opposite_path_curve,
    probability_grid,
    read_average_loss,
    smoothed_cross_entropy_curve,
    smoothed_minimum,
    squared_error_curve,
    uniform_guess_loss,
)

__all__ = [
    "CLIP_LABELS",
    "CONVENTIONS",
    "PAGE_PATH",
    "PARAMS",
    "ce_gradient_formula",
    "field_problem",
    "gradient_sentence",
    "opposite_sentence",
    "reading_message",
    "show_gradients",
    "show_losses",
    "show_opposite",
    "show_preset",
    "show_reading",
    "show_sections",
    "smoothing_sentence",
    "SECTIONS",
    "page_presets",
]

PAGE_PATH = "pages/3_Loss_curves.py"
MAX_CLASSES = 1000
C_FIX = f"Type a whole number from 2 to {MAX_CLASSES}."
# 160 points draw every curve as smoothly as 300 did, for half the bytes on every rerun.
GRID = probability_grid(160)  # p in [1e-4, 1], log-spaced near 0
T_GRID = probability_grid(300, smallest=1e-20, include_zero=True)  # down to the exact opposite
Z_GRID = np.linspace(-10.0, 10.0, 161)
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


# ---------------------------------------------------------------- wording (pure)


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
    return f"{field}: {str(error).rstrip('.')}. {fix}"


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


# ---------------------------------------------------------------- sections (Streamlit)


@dataclass(frozen=True)
class Inputs:
    """The controls at the top of the page, as the widgets returned them."""

    pt: float
    gamma: float
    alpha: float
    eps: float
    classes: int | None  # None when the typed C is not a whole number from 2 to 1000


def page_presets() -> dict[str, dict[str, Any]]:
    """The page's presets for :class:`PageState`, each also opening its number's tab.

    The button and a ``?preset=`` link both apply these values, so either one lands on
    the section where the worked example's number is drawn.
    """
    return {
        name: {**values, "curves_section": PRESET_SECTION.get(name, SECTIONS[0])}
        for name, values in presets_for(PAGE_PATH).items()
    }


def show_sections(inputs: Inputs, unit: str, base: float | None) -> None:
    """The four sections as lazy tabs: only the open one is drawn (and costs a rerun).

    Widgets inside a tab use ``persist_state="session"``, so their values (and the
    URL) survive while their tab is closed.
    """
    tabs = st.tabs(SECTIONS, key="curves_section", on_change="rerun")
    shows = [
        lambda: show_losses(inputs, unit, base),
        lambda: show_gradients(inputs, unit, base),
        lambda: show_opposite(unit, base),
        lambda: show_reading(inputs, unit, base),
    ]
    for tab, show in zip(tabs, shows, strict=True):
        if tab.open:
            with tab:
                show()


def show_preset(state: PageState, unit: str, base: float | None) -> None:
    """The preset button and, while it is active, worked example 12's number (computed)."""
    preset = active_preset(PAGE_PATH, {**state.values(), "unit": unit})
    col_line, col_button = st.columns([3, 1], vertical_alignment="center")
    with col_button:
        st.button(
            "Worked example 12",
            key="preset_opposite",
            icon=":material/play_circle:",
            on_click=state.apply_preset,
            args=("opposite",),
            help="Target [0, 1], prediction sliding from [1, 0] to [0, 1], clip 1e-15, in nats.",
            width="stretch",
        )
    with col_line:
        if preset is None:
            st.caption(
                "Worked example 12 (the sources' plot): a binary target [0, 1] and a prediction "
                "sliding from [1, 0] to [0, 1]. The button sets it up."
            )
            return
        eps = CLIP_EPSILONS[st.session_state["clip"]]
        value = float(opposite_path_curve(0.0, eps=eps, base=base))
        st.success(
            f"Worked example {preset.example}: {preset.quantity} = "
            f"{format_value(value, unit, digits=preset_digits(preset))}",
            icon=":material/check_circle:",
        )


def read_inputs() -> Inputs:
    """The top row of controls; a bad C gets its message here, next to the box."""
    c_p, c_gamma, c_alpha, c_eps, c_classes = st.columns([2, 1, 1, 1, 1], gap="medium")
    with c_p:
        pt = st.slider(
            "Marked probability of the true class, p",
            0.001,
            1.0,
            step=0.001,
            format="%.3f",
            key="pt",
            help="The probability the prediction gives to the class that is really there.",
        )
    with c_gamma:
        gamma = st.slider("Focal γ", 0.0, 5.0, step=0.1, key="gamma", help="0 gives cross-entropy.")
    with c_alpha:
        alpha = st.slider(
            "Focal α",
            0.0,
            1.0,
            step=0.05,
            key="alpha",
            help="Weight of the true class: 1 = no weighting; RetinaNet uses 0.25.",
        )
    with c_eps:
        eps = st.slider(
            "Smoothing ε", 0.0, 1.0, step=0.01, key="eps", help="Label smoothing; 0 turns it off."
        )
    with c_classes:
        typed = st.number_input(
            "Number of classes C",
            step=1.0,
            format="%g",
            key="classes",
            help=f"2 to {MAX_CLASSES}: used by label smoothing and the guide bands (log C).",
        )
    classes = None
    try:
        uniform_guess_loss(typed)  # the core's check: a whole number >= 2
        if typed > MAX_CLASSES:
            raise ValueError(f"C = {typed:g} is more than this page draws ({MAX_CLASSES})")
        classes = int(typed)
    except ValueError as err:
        st.error(field_problem("Number of classes C", err, C_FIX), icon=":material/error:")
    return Inputs(pt, gamma, alpha, eps, classes)


def show_losses(inputs: Inputs, unit: str, base: float | None) -> None:
    """The four curves, the values at p (with a CSV), the formulas and the guide bands."""
    pt, gamma, alpha, eps, classes = (
        inputs.pt,
        inputs.gamma,
        inputs.alpha,
        inputs.eps,
        inputs.classes,
    )
    names = {
        "ce": "cross-entropy −log p",
        "se": "squared error (1 − p)², no unit",
        "focal": f"focal, γ = {gamma:g}, α = {alpha:g}",
        "smoothed": f"label-smoothed CE, ε = {eps:g}",
    }
    both = np.append(GRID, pt)  # the curve and the marked point in one call each
    values = {
        "ce": cross_entropy_curve(both, base=base),
        "se": squared_error_curve(both),
        "focal": focal_curve(both, gamma=gamma, alpha=alpha, base=base),
    }
    uniform = minimum = uniform_p = None
    if classes is not None:
        values["smoothed"] = smoothed_cross_entropy_curve(
            both, smoothing=eps, classes=classes, base=base
        )
        minimum = smoothed_minimum(eps, classes, base=base)
        uniform = uniform_guess_loss(classes, base=base)
        uniform_p = read_average_loss(uniform, classes, base=base).probability  # 1/C
    curves = {k: v[:-1] for k, v in values.items()}
    marked = {k: float(v[-1]) for k, v in values.items()}

    st.markdown("## Four losses against p")
    st.plotly_chart(
        loss_curves_figure(
            GRID,
            curves,
            names,
            marked_p=pt,
            marked=marked,
            unit=unit,
            uniform=uniform,
            uniform_p=uniform_p,
            classes=classes,
            minimum=None if minimum is None else (minimum.p, minimum.loss),
        ),
        width="stretch",
        theme=None,
        key="curves_chart",
    )
    col_table, col_math = st.columns([1, 1], gap="large")
    with col_table:
        rows = [
            ("cross-entropy", marked["ce"], unit),
            ("squared error", marked["se"], "(no unit)"),
            (f"focal (γ = {gamma:g}, α = {alpha:g})", marked["focal"], unit),
        ]
        if "smoothed" in marked:
            rows.append((f"smoothed CE (ε = {eps:g}, C = {classes})", marked["smoothed"], unit))
        # A Markdown table: a few rows of our own text, one light element per rerun.
        st.markdown(
            f"**At p = {pt:.3f}**\n\n"
            + markdown_table(
                ["loss", "value", "unit"], [(n, format_value(v, digits=4), u) for n, v, u in rows]
            )
        )
        csv_download(
            "Download these values (CSV)",
            lambda: pd.DataFrame(rows, columns=["loss", "value", "unit"]),
            f"losses_at_p_{pt:.3f}.csv",
            "download_values",
        )
    with col_math:
        st.latex(
            r"\begin{gathered}"
            r"L_{\mathrm{CE}} = -\log p \qquad L_{\mathrm{SE}} = (1-p)^2 \\[4pt]"
            r"L_{\mathrm{focal}} = -\alpha(1-p)^{\gamma}\log p \\[4pt]"
            r"L_{\varepsilon} = -\Big(1-\varepsilon+\tfrac{\varepsilon}{C}\Big)\log p"
            r" - \tfrac{\varepsilon}{C}\,(C-1)\log\tfrac{1-p}{C-1}"
            r"\end{gathered}"
        )
        st.caption(
            "Squared error is the Brier score of the true class, (1 − p)²: never more than 1 "
            "however wrong the prediction. Focal loss (γ > 0) shrinks the loss of examples "
            "already right, so training spends its effort on the hard ones. Label smoothing "
            "replaces the one-hot target y by (1 − ε)·y + ε/C; here the other C − 1 classes "
            "share 1 − p evenly."
        )
    if minimum is not None:
        st.info(
            smoothing_sentence(minimum.p, minimum.loss, eps, classes, unit), icon=":material/star:"
        )
    if uniform is not None:
        st.markdown(
            f"**Guide bands.** 0 is perfect. A uniform guess over C = {classes} classes gives the "
            f"true class 1/C and scores log C = **{format_value(uniform, unit)}**; the shaded "
            "band below it beats guessing. The cross-entropy curve crosses it at p = 1/C (○)."
        )


def show_gradients(inputs: Inputs, unit: str, base: float | None) -> None:
    """∂L/∂z of cross-entropy and squared error under a sigmoid: why CE trains faster."""
    st.markdown(
        "## Why cross-entropy trains faster\n\n"
        "A sigmoid output p = σ(z) with target 1. The gradient with respect to the logit z "
        "is what moves the model: compare cross-entropy with squared error."
    )
    st.latex(
        r"\frac{\partial}{\partial z}\big(-\log\sigma(z)\big) = p - 1 \qquad\qquad "
        r"\frac{\partial}{\partial z}\big(1-\sigma(z)\big)^2 = -2p(1-p)^2"
    )
    gx = st.radio(
        "Horizontal axis",
        ["p", "logit"],
        format_func={"p": "probability p", "logit": "logit z"}.get,
        horizontal=True,
        key="gx",
        persist_state="session",
    )
    pt = inputs.pt
    x_axis = Z_GRID if gx == "logit" else GRID
    curve = logit_gradients(sigmoid(Z_GRID) if gx == "logit" else GRID, base=base)
    at_p = logit_gradients(pt, base=base)
    ce, se, ratio = float(at_p.cross_entropy), float(at_p.squared_error), float(at_p.ratio)
    z = float(logit(pt))
    row = st.container(horizontal=True)  # one flex row: fewer elements than columns
    row.metric(f"Cross-entropy ∂L/∂z = {ce_gradient_formula(unit)}", f"{ce:.4f}", border=True)
    row.metric("Squared error ∂L/∂z = −2p(1 − p)²", f"{se:.4f}", border=True)
    row.metric(
        "Cross-entropy pulls harder by", "—" if math.isnan(ratio) else f"{ratio:.3g}×", border=True
    )
    st.plotly_chart(
        gradient_figure(
            x_axis,
            curve.cross_entropy,
            curve.squared_error,
            x_kind=gx,
            marked_x=z if gx == "logit" else pt,
            marked_ce=ce,
            marked_se=se,
            unit=unit,
            ce_formula=ce_gradient_formula(unit),
        ),
        width="stretch",
        theme=None,
        key="gradient_chart",
    )
    st.info(gradient_sentence(pt, z, ce, se, ratio, unit), icon=":material/speed:")


def show_opposite(unit: str, base: float | None) -> None:
    """The sources' plot with the chosen clip, and each framework's loss at the opposite."""
    st.markdown(
        "## The sources' plot: from [1, 0] to [0, 1]\n\n"
        "The target is [0, 1]; the prediction [1 − t, t] slides from the exact opposite "
        "(t = 0) to perfect (t = 1). At t = 0 the loss is −log 0 = ∞, so code clips the "
        "probability to [ε, 1 − ε] and the worst loss becomes −log ε."
    )
    c_clip, c_logx = st.columns([3, 1], vertical_alignment="bottom")
    with c_clip:
        clip = st.radio(
            "Clip ε",
            list(CLIP_EPSILONS),
            format_func=CLIP_LABELS.get,
            horizontal=True,
            key="clip",
            persist_state="session",
        )
    with c_logx:
        log_x = st.toggle("Log-scale t (shows the clip)", key="logx", persist_state="session")
    opposites, fig, table, shown = _opposite_view(clip, base, unit, log_x)
    st.metric(
        f"Loss at the exact opposite, clip {CLIP_LABELS[clip]}",
        format_value(opposites[clip], unit, digits=4),
        border=True,
    )
    st.markdown(opposite_sentence(clip, opposites[clip], unit))
    st.plotly_chart(fig, width="stretch", theme=None, key="opposite_chart")
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key="conventions_table",
    )
    csv_download(
        "Download the conventions (CSV)",
        table,
        "loss_at_exact_opposite.csv",
        "download_conventions",
    )


# cache_resource, not cache_data: the figure is shared rather than pickled and rebuilt on
# every hit (rebuilding costs more than drawing). Nothing mutates it: st.plotly_chart
# copies it with to_dict(). None of it depends on the marked p, so moving p costs nothing here.
@st.cache_resource(max_entries=64, show_spinner=False)
def _opposite_view(
    clip: str, base: float | None, unit: str, log_x: bool
) -> tuple[dict[str, float], go.Figure, pd.DataFrame, pd.DataFrame]:
    """Loss at the exact opposite per convention, the figure, the table (CSV and shown)."""
    eps = CLIP_EPSILONS[clip]
    path = opposite_path_curve(T_GRID, eps=eps, base=base)
    unclipped = None if eps is None else opposite_path_curve(T_GRID, eps=None, base=base)
    opposites = exact_opposite_losses(base=base)
    fig = opposite_path_figure(
        T_GRID,
        path,
        unclipped,
        clip_label=CLIP_LABELS[clip],
        ceiling=opposites[clip],
        eps=eps,
        unit=unit,
        log_x=log_x,
    )
    table = pd.DataFrame(
        [(who, how, opposites[key], unit) for key, who, how in CONVENTIONS],
        columns=["convention", "what it does", "loss at the exact opposite", "unit"],
    )
    # As displayed: ∞ and 4 decimals, the chosen row marked (the CSV keeps full precision).
    shown = table.copy()
    shown["loss at the exact opposite"] = [
        format_value(v, digits=4) for v in table["loss at the exact opposite"]
    ]
    shown[""] = ["◀ chosen" if key == clip else "" for key, _, _ in CONVENTIONS]
    return opposites, fig, table, shown


def show_reading(inputs: Inputs, unit: str, base: float | None) -> None:
    """Read an average log loss against 0 (perfect) and log C (a uniform guess)."""
    uniform = None if inputs.classes is None else uniform_guess_loss(inputs.classes, base=base)
    st.markdown("## How to read an average log loss")
    col_in, col_read = st.columns([1, 3], gap="large")
    with col_in:
        avg = st.number_input(
            f"Your model's average loss ({unit})",
            step=0.1,
            format="%.4g",
            key="avg",
            persist_state="session",
            help="The mean cross-entropy (log loss) your training reports, in the sidebar's unit.",
        )
    with col_read:
        if uniform is None:
            st.warning(
                "Reading a loss needs the number of classes C: fix it above. " + C_FIX,
                icon=":material/error:",
            )
        else:
            try:
                reading = read_average_loss(avg, inputs.classes, base=base)
            except ValueError as err:
                st.error(
                    field_problem(
                        "Your model's average loss",
                        err,
                        "A cross-entropy is never negative: type a number ≥ 0, such as 0.35.",
                    ),
                    icon=":material/error:",
                )
            else:
                level, text = reading_message(
                    reading.loss,
                    reading.uniform,
                    reading.probability,
                    reading.perplexity,
                    inputs.classes,
                    unit,
                )
                (st.success if level == "success" else st.warning)(text)
                st.plotly_chart(
                    reading_figure(reading.loss, reading.uniform, inputs.classes, unit),
                    width="stretch",
                    theme=None,
                    key="reading_chart",
                )
    st.markdown(
        "- **0** is perfect: every true class got probability 1.\n"
        "- **log C** is a uniform guess over C classes (an untrained classifier); below it "
        "beats guessing.\n"
        "- A model that always predicts the class frequencies scores their entropy, at most "
        "log C: with imbalanced classes, that is the bar to beat.\n"
        "- An average loss L in bits means the true class got probability $2^{-L}$ on "
        "average (the geometric mean); in nats, $e^{-L}$."
    )
