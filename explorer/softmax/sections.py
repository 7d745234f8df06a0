"""The Softmax & logits page's drawing: its intro, the messages, the metrics, and one
``show_*`` per tab (the Gradient step tab is in :mod:`explorer.softmax.step`).

The tabs are lazy: only the open one runs. Widgets inside a tab use
``persist_state="session"``, so their values (and the URL) survive while it is closed.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from explorer.figures import nearest
from explorer.page import OpenPage
from explorer.presets import PRESETS, active_preset, preset_digits
from explorer.quiz.sections import show_quiz
from explorer.softmax import compute, frameworks_wording, wording
from explorer.softmax.compute import SoftmaxResults
from explorer.softmax.figures import (
    LiveBars,
    gradient_figure,
    softmax_figure,
    temperature_entropy_figure,
)
from explorer.softmax.inputs import QUIZ_KINDS, QUIZ_PREFIX, SCALES, SECTIONS, SoftmaxInputs
from explorer.softmax.limits import SHIFT_LIMIT
from explorer.softmax.step import show_step
from explorer.softmax.tables import metric_stack, number_table
from explorer.text import format_value, markdown_table
from explorer.widgets import Metric, chart, csv_download, lazy_tabs, metric_row
from xentcore import entropy

__all__ = [
    "draw",
    "intro",
    "show_frameworks",
    "show_gradient",
    "show_input_problems",
    "show_logsumexp",
    "show_metrics",
    "show_precision",
    "show_preset",
    "show_sections",
    "show_shift",
    "show_softmax",
]

ERROR = ":material/error:"
WARNING = ":material/warning:"


def intro() -> DeltaGenerator:
    """The page's first paragraph and formula; returns the slot the worked example fills."""
    st.markdown(wording.INTRO)
    st.latex(wording.FORMULA)
    return st.container()


def draw(
    inputs: SoftmaxInputs, results: SoftmaxResults, page: OpenPage, preset_slot: DeltaGenerator
) -> None:
    """Everything below the input panel, in reading order."""
    show_input_problems(inputs)
    show_preset(preset_slot, page, results)
    show_metrics(inputs, results, page.unit, page.base)
    show_sections(inputs, results, page.unit, page.base)


def show_input_problems(inputs: SoftmaxInputs) -> None:
    for message in [*inputs.rejected, *inputs.problems]:
        st.error(message, icon=ERROR)


def show_preset(slot: DeltaGenerator, page: OpenPage, results: SoftmaxResults) -> None:
    """The active worked example's number (computed live) and the preset buttons."""
    path, unit = page.nav.path, page.unit
    with slot:
        preset = active_preset(path, {**page.state.values(), "unit": unit})
        if preset is not None and results.example is not None:
            st.info(
                f"Worked example {preset.example}: {preset.quantity} = "
                f"{format_value(results.example.loss, unit, digits=preset_digits(preset))}",
                icon=":material/school:",
            )
        for p in PRESETS:
            if p.page == path:
                st.button(
                    f"Example {p.example}: {p.title}",
                    key=f"preset_{p.id}",
                    icon=":material/play_circle:",
                    on_click=page.state.apply_preset,
                    args=(p.id,),
                )


def show_metrics(inputs: SoftmaxInputs, results: SoftmaxResults, unit: str, base) -> None:
    if results.error:
        st.error(results.error, icon=ERROR)
    example = results.example
    loss = Metric(
        "Loss L",
        format_value(example.loss, unit, 4) if example else "—",
        help="−Σ w_c y′_c log p_c for this one example (PyTorch's reduction='sum').",
    )
    if inputs.target_kind == "class":
        target = Metric(
            "p of the target class",
            wording.probability_text(results.probs[inputs.cls]) if example else "—",
            help="The probability softmax gives the true class; without weights or "
            "smoothing the loss is −log of it.",
        )
    else:
        target = Metric(
            "Entropy of the target H(q)",
            format_value(entropy(inputs.soft, base=base), unit, 4) if example else "—",
            help="The lowest loss any prediction can reach for this soft target "
            "(all weights 1, ε = 0).",
        )
    spread = Metric(
        "Entropy of the softmax H(p)",
        format_value(results.entropy, unit, 4),
        help="How spread out the predicted probabilities are: 0 for a certain prediction, "
        f"log C = {format_value(results.sweep.max_entropy, unit)} for the uniform one.",
    )
    metric_row([loss, target, spread])


def show_softmax(inputs: SoftmaxInputs, results: SoftmaxResults, unit: str, base) -> None:
    st.subheader("Softmax: logits become probabilities", anchor="softmax")
    c1, c2 = st.columns(2, gap="large")
    target = results.example.smoothed_target if results.example else None
    frames = compute.temperature_frames(inputs, base)
    live = LiveBars(
        [f"{t:.3g}" for t in frames.grid], frames.probs,
        wording.temperature_titles(frames, unit), nearest(frames.grid, inputs.temperature),
        wording.TEMPERATURE_SLIDER,
    )  # fmt: skip
    fig = softmax_figure(inputs.labels, results.probs, target, live)
    chart(fig, key="softmax_chart", where=c1)
    sweep = results.sweep
    chart(
        temperature_entropy_figure(
            sweep.temperatures,
            sweep.entropies,
            inputs.temperature,
            results.entropy,
            sweep.max_entropy,
            unit,
        ),
        key="temperature_chart",
        where=c2,
    )
    c2.caption(
        "Low T: softmax picks the largest logit (entropy → 0). High T: every class gets "
        "nearly the same probability (entropy → log C)."
    )


def show_gradient(inputs: SoftmaxInputs, results: SoftmaxResults, unit: str) -> None:
    st.subheader("The loss and its gradient", anchor="gradient")
    example = results.example
    if example is None:
        st.info("Fix the inputs named above to see the loss and its gradient.")
        return
    st.latex(
        r"\frac{\partial L}{\partial z_k} = \frac{1}{T}\Big(p_k \sum_c w_c y'_c - w_k y'_k\Big)"
        r"\qquad \text{which is } p_k - y'_k \text{ when } T = 1 \text{ and every } w_c = 1"
    )
    table = pd.DataFrame(
        {
            "class": inputs.labels,
            "logit z": inputs.logits,
            "softmax p": example.probs,
            "target y′": example.smoothed_target,
            "weight w": inputs.weight or [1.0] * len(inputs.logits),
            "∂L/∂z": example.grad,
        }
    )
    g1, g2 = st.columns([1.1, 1], gap="large")
    download = ("Download this table (CSV)", "softmax_gradient.csv", "gradient_csv")
    number_table(g1, table, "gradient_table", download, number_format="%.4g")
    g1.caption(
        f"Loss L = {format_value(example.loss, unit, 4)} ({example.loss_nats:.4f} nats). "
        "The gradient (of the loss in nats) always sums to 0: a step raises the logits of "
        "negative bars and lowers the others, never all together."
    )
    chart(gradient_figure(inputs.labels, example.grad), key="grad_chart", where=g2)
    _show_registered_losses(inputs, unit)


def _show_registered_losses(inputs: SoftmaxInputs, unit: str) -> None:
    """The same example under every loss Training knows (the registry, default settings)."""
    rows = compute.registered_losses(inputs, unit)
    if rows is None:
        return
    st.markdown(wording.REGISTERED_HEADING)
    st.markdown(markdown_table(*wording.registered_table(rows, inputs.labels, unit)))
    st.caption(wording.REGISTERED_CAPTION)


def show_shift(inputs: SoftmaxInputs, results: SoftmaxResults, unit: str, base) -> None:
    st.subheader("Adding a constant to every logit changes nothing", anchor="shift")
    shift = st.columns(3)[0].number_input(
        "Constant c added to every logit",
        key="shift",
        step=1.0,
        format="%g",
        persist_state="session",
        help=f"Any number from {-SHIFT_LIMIT:g} to {SHIFT_LIMIT:g}.",
    )
    if message := wording.shift_problem(shift):
        st.error(message, icon=ERROR)
        return
    check = compute.shift_check(inputs, shift, results.example is not None, base)
    table = pd.DataFrame(
        {
            "class": inputs.labels,
            "z": inputs.logits,
            "z + c": check.shifted_logits,
            "softmax(z)": check.probs,
            "softmax(z + c)": check.shifted_probs,
        }
    )
    t1, t2 = st.columns([1.4, 1], gap="large")
    download = ("Download this table (CSV)", "softmax_shift.csv", "shift_csv")
    number_table(t1, table, "shift_table", download, number_format="%.6g")
    if check.loss is not None:
        metric_stack(
            t2,
            [
                Metric("Loss of z", format_value(check.loss, unit, 4)),
                Metric("Loss of z + c", format_value(check.shifted_loss, unit, 4)),
            ],
        )
    exact = " (exactly equal)." if check.max_prob_difference == 0 else " (float rounding)."
    t2.markdown(
        f"Largest change of a probability: **{check.max_prob_difference:.2g}**{exact} "
        "The factor e^c cancels between the numerator and the denominator of softmax."
    )


def _overflow_verdict(inputs: SoftmaxInputs, naive) -> None:
    """Say whether the naive softmax overflowed, underflowed, or agrees."""
    if naive.overflow:
        big = ", ".join(inputs.labels[i] for i in naive.overflowed)
        st.warning(
            f"Overflow: exp(x) exceeds float64's largest number (≈1.8e308) for {big}, so it "
            "becomes inf, and inf / inf = nan. The naive softmax is broken; the stable one, "
            "which subtracts the largest x first, is exact.",
            icon=WARNING,
        )
    elif naive.underflow:
        st.warning(
            "Underflow: every exp(x) rounds to 0, so the naive softmax divides 0 by 0 = nan. "
            "The stable one subtracts the largest x first and is exact.",
            icon=WARNING,
        )
    else:
        st.success(
            "No overflow at this scale: the naive and the stable softmax agree. Try ×1000.",
            icon=":material/check_circle:",
        )


def show_logsumexp(inputs: SoftmaxInputs) -> None:
    st.subheader("Why log-sum-exp matters", anchor="logsumexp")
    st.latex(
        r"\log \sum_i e^{x_i} = m + \log \sum_i e^{x_i - m}, \qquad m = \max_i x_i"
        r"\qquad\Rightarrow\qquad "
        r"\operatorname{softmax}(x)_i = e^{x_i - m} \Big/ \sum_j e^{x_j - m}"
    )
    scale = st.radio(
        "Multiply the logits by",
        SCALES,
        format_func=lambda s: f"×{s}",
        key="scale",
        horizontal=True,
        persist_state="session",
        help="exp(x) overflows float64 for x above about 709.8.",
    )
    try:
        demo = compute.naive_vs_stable(inputs, float(scale))
    except ValueError as err:
        st.error(f"{err}.", icon=ERROR)
        return
    columns = {
        "x = z × scale / T": demo.logits,
        "naive exp(x)": demo.naive.exp,
        "naive exp(x) / Σ exp(x)": demo.naive.probs,
        "stable softmax": demo.stable,
    }
    table = pd.DataFrame(
        {"class": inputs.labels}
        | {name: [f"{v:.6g}" for v in values] for name, values in columns.items()}
    )
    n1, n2 = st.columns([2.2, 1], gap="large")
    download = ("Download this table (CSV)", "naive_vs_stable_softmax.csv", "naive_csv")
    number_table(n1, table, "naive_table", download)
    metric_stack(
        n2,
        [
            Metric("Naive log Σ exp(x)", f"{demo.naive_logsumexp:.6g}"),
            Metric("Stable log-sum-exp", f"{demo.logsumexp:.6g}"),
        ],
    )
    _overflow_verdict(inputs, demo.naive)


def _set_disagreement() -> None:
    # Logits whose target probability (≈4e-18) is below Keras' and scikit-learn's clips.
    st.session_state.update({"logits": [40.0, 20.0, 0.0], "target": "class", "cls": 2})


def show_frameworks(inputs: SoftmaxInputs, results: SoftmaxResults) -> None:
    st.subheader("What PyTorch, Keras and scikit-learn report", anchor="frameworks")
    st.markdown(frameworks_wording.FRAMEWORKS_INTRO)
    st.button(
        frameworks_wording.DISAGREEMENT_LABEL,
        key="demo_disagreement",
        on_click=_set_disagreement,
        help=frameworks_wording.DISAGREEMENT_HELP,
    )
    if results.example is None:
        st.info("Fix the inputs named above to compare the frameworks.")
        return
    rows = frameworks_wording.framework_rows(compute.frameworks(inputs))
    table = pd.DataFrame(
        {
            "framework": [r["framework"] for r in rows],
            "call": [r["call"] for r in rows],
            "loss (nats)": ["—" if r["value"] is None else f"{r['value']:.6g}" for r in rows],
            "why": [r["why"] for r in rows],
        }
    ).set_index("framework")
    st.table(table)
    csv_download(
        "Download this table (CSV)", table, "framework_losses.csv", "frameworks_csv", index=True
    )
    st.caption(frameworks_wording.FRAMEWORKS_CAPTION)
    show_precision(inputs)


def show_precision(inputs: SoftmaxInputs) -> None:
    """The same loss in float32 and float64 per framework, and why the two differ."""
    st.subheader(frameworks_wording.PRECISION_TITLE, anchor="precision")
    st.markdown(frameworks_wording.PRECISION_INTRO)
    rows = frameworks_wording.precision_rows(compute.precision(inputs))
    table = pd.DataFrame(
        {
            "framework": [r["framework"] for r in rows],
            "call": [r["call"] for r in rows],
            "float64 (nats)": [r["float64"] for r in rows],
            "float32 (nats)": [r["float32"] for r in rows],
            "float32 − float64": [r["difference"] for r in rows],
            "why": [r["why"] for r in rows],
        }
    ).set_index("framework")
    st.table(table)
    csv_download(
        "Download this table (CSV)", table, "framework_precision.csv", "precision_csv", index=True
    )


def show_sections(inputs: SoftmaxInputs, results: SoftmaxResults, unit: str, base) -> None:
    """The deeper sections as tabs; only the open tab's section runs."""
    draws = [
        lambda: show_softmax(inputs, results, unit, base),
        lambda: show_gradient(inputs, results, unit),
        lambda: show_step(inputs, results, unit, base),
        lambda: show_shift(inputs, results, unit, base),
        lambda: show_logsumexp(inputs),
        lambda: show_frameworks(inputs, results),
        lambda: show_quiz(QUIZ_PREFIX, QUIZ_KINDS, unit, base),
    ]
    lazy_tabs(dict(zip(SECTIONS, draws, strict=True)), key="section")
