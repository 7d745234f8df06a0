"""Drawing the Language models page, section by section, from its inputs and results."""

from __future__ import annotations

import streamlit as st

from explorer.language import compute, wording
from explorer.language.compute import SAMPLE_CHARS, Analysis
from explorer.language.corpora import text_hash
from explorer.language.figures import compression_figure, order_curve_figure
from explorer.language.inputs import Inputs
from explorer.language.strip import STRIP_CHARS, show_strip
from explorer.language.texts import LONG_TEXT, Texts, resolve_texts
from explorer.parsing import InputProblem
from explorer.text import format_value
from explorer.widgets import Metric, chart, csv_download, metric_row
from xentcore.ngram import MAX_ORDER

__all__ = ["draw", "first_fit", "show_intro", "show_method", "show_texts"]

#: Where each progress step of a first fit stands on the bar.
_FIT_PROGRESS = (0.05, 0.4, 0.6, 0.8)


def show_intro() -> None:
    st.markdown(wording.INTRO)


def show_texts(values: Inputs) -> Texts | None:
    """The texts the inputs describe with their notes shown, or None after the refusal."""
    texts = resolve_texts(values)
    if isinstance(texts, str):
        st.error(texts, icon=":material/error:")
        return None
    for message in texts.warnings:
        st.warning(message, icon=":material/warning:")
    for message in texts.infos:
        st.info(message, icon=":material/hourglass_top:")
    return texts


def first_fit(texts: Texts, base: float | None) -> None:
    """Fit a long text step by step under a progress bar, the first time it is seen.

    The steps fill the caches that :func:`compute.results` then reads; later reruns skip
    this.
    """
    fitted = st.session_state.setdefault("_lm_fitted", set())
    keys = (text_hash(texts.train), text_hash(texts.test))
    if keys in fitted or len(texts.train) + len(texts.test) <= LONG_TEXT:
        return
    messages = wording.first_fit_messages(len(texts.train))
    progress = st.progress(_FIT_PROGRESS[0], text=messages[0])
    steps = zip(_FIT_PROGRESS, messages, compute.first_fit_steps(texts, base), strict=True)
    for fraction, message, step in steps:
        progress.progress(fraction, text=message)
        step()
    progress.empty()
    fitted.add(keys)


def _notes(values: Inputs, r: Analysis) -> None:
    """What the user should know about these settings before the numbers."""
    if r.tune_error:
        st.warning(wording.tune_failed(r.tune_error, r.lam), icon=":material/tune:")
    if r.lams:
        st.caption(wording.tuned_caption(r.lams, r.lam))
    if r.unseen:
        st.info(wording.unseen_note(r.unseen, r.unseen_count), icon=":material/help:")
    if r.zero:
        st.warning(wording.zero_note(r.zero, values.smoothing), icon=":material/all_inclusive:")
    if values.smoothing == "add-k" and values.k >= 100:
        st.info(wording.huge_k_note(values.k, r.vocab_size), icon=":material/help:")


def _numbers(values: Inputs, texts: Texts, r: Analysis, unit: str) -> None:
    """The metric row, the sizes caption, and the three formulas with these numbers."""
    per_char = f"{unit}/char"
    metric_row(
        [
            Metric(wording.CE_LABEL, format_value(r.h, per_char), help=wording.CE_HELP),
            Metric(wording.PP_LABEL, wording.pp_text(r.pp), help=wording.PP_HELP),
            Metric(
                wording.FREQ_LABEL, format_value(r.test_entropy, per_char), help=wording.FREQ_HELP
            ),
        ]
    )
    st.caption(
        wording.texts_caption(
            len(texts.train),
            len(texts.test),
            r.vocab_size,
            values.order,
            values.smoothing,
            values.k,
            r.lam,
        )
    )
    st.markdown(wording.bounds_intro(unit, *wording.best_compressor(r.rates)))
    lines = [wording.perplexity_latex(r.h, r.pp, unit, values.order)]
    if (bound := wording.bound_latex(r.h, values.order, r.test_ce)) is not None:
        lines.append(bound)
    lines.append(wording.gibbs_latex(r.h0, r.h0_cross))
    st.latex(r"\begin{gathered}" + r" \\[0.4em] ".join(lines) + r"\end{gathered}")


def _charts(values: Inputs, r: Analysis, unit: str) -> None:
    """The order curves and the compressor bars, then the numbers behind both."""
    per_char = f"{unit}/char"
    st.subheader("Cross-entropy against order: overfitting", anchor=False)
    test_name = wording.test_name(values.test_source)
    chart(
        order_curve_figure(
            list(range(MAX_ORDER + 1)),
            r.train_ce,
            r.test_ce,
            unit=unit,
            order=values.order,
            frequency_entropy=r.train_entropy,
            test_name=test_name,
        ),
        key="lm_order_chart",
    )
    st.caption(wording.overfitting_story(r.train_ce, r.test_ce, test_name, per_char))

    st.subheader("The model against real compressors", anchor=False)
    labels, rates, kinds = wording.compression_bars(values.order, r.h, r.rates)
    chart(compression_figure(labels, rates, kinds, unit=unit), key="lm_compression_chart")
    st.caption(wording.COMPRESSORS_CAPTION.format(unit=unit))
    order_header, order_rows = wording.order_table(
        r.train_ce, r.test_ce, r.pp_by_order, test_name, per_char
    )
    method_header = ["method", per_char]
    method_rows = [[label, v] for label, v in zip(labels, rates, strict=True)]
    with st.expander("The numbers behind both charts"):
        st.markdown(wording.numbers_markdown(order_header, order_rows, method_header, method_rows))
        csv_download(
            "Download CSV: cross-entropy by order",
            lambda: wording.csv_text(order_header, order_rows),  # built only when clicked
            "cross_entropy_by_order.csv",
            "lm_download_orders",
        )
        csv_download(
            "Download CSV: model and compressors",
            lambda: wording.csv_text(method_header, method_rows),
            "model_vs_compressors.csv",
            "lm_download_compressors",
        )


def draw(values: Inputs, texts: Texts, results: Analysis | InputProblem, unit: str) -> None:
    """3. Draw every result, or the message saying which input to fix."""
    if isinstance(results, InputProblem):
        st.error(str(results), icon=":material/error:")
        return
    _notes(values, results)
    _numbers(values, texts, results, unit)
    show_strip(results.strip, wording.strip_note(values.order, STRIP_CHARS, len(texts.test)))
    _charts(values, results, unit)
    st.markdown(wording.sample_heading(values.order, SAMPLE_CHARS))
    st.code(results.sample, language=None, wrap_lines=True)


def show_method() -> None:
    with st.expander("How the model works"):
        st.markdown(wording.METHOD)
