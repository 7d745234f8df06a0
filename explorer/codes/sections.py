"""The Bits & codes page's drawing: problems, the numbers and the bound, then two lazy tabs
(a message from P; the code table and its picture)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from explorer.codes.compute import Results, code_view, convergence, message
from explorer.codes.inputs import Controls, renormalise
from explorer.codes.reading import CodeInputs
from explorer.codes.wording import (
    NUMBERS,
    SECTIONS,
    UNIT,
    bound_text,
    convergence_text,
    intro,
    message_columns,
    message_text,
    rescaled_note,
    uncoded_note,
    wrap_bits,
)
from explorer.text import format_value
from explorer.widgets import Metric, chart, csv_download, metric_row
from xentcore.coding import CodeComparison

__all__ = [
    "draw",
    "show_code",
    "show_intro",
    "show_message",
    "show_numbers",
    "show_problems",
    "show_sections",
]


def show_intro(unit: str) -> None:
    """What the page shows, and why it is always in bits."""
    st.markdown(intro(unit))


def show_problems(results: Results) -> None:
    """Every problem of the texts; else the renormalised sums and the uncodable symbols."""
    checked, comp = results.checked, results.comp
    for text in checked.errors:
        st.error(text, icon=":material/error:")
    if comp is None:
        st.info("Fix the inputs above to see the codes.", icon=":material/info:")
        return
    for label, total in checked.rescaled.items():
        c_text, c_button = st.columns([4, 1], vertical_alignment="center")
        c_text.warning(rescaled_note(label, total), icon=":material/balance:")
        c_button.button(
            f"Renormalise {label}",
            key=f"codes_renormalise_{label.lower()}",
            on_click=renormalise,
            args=(label,),
        )
    for i in comp.uncoded:
        st.warning(uncoded_note(checked.names[i], checked.p[i]), icon=":material/all_inclusive:")


def draw(results: Results, controls: Controls) -> None:
    """The problems, then (if the texts are valid) the numbers and the two tabs."""
    show_problems(results)
    if results.comp is not None:
        show_numbers(results.checked, results.comp)
        show_sections(results.checked, results.comp, controls)


def show_numbers(inputs: CodeInputs, comp: CodeComparison) -> None:
    """H(P), H(P,Q), both expected lengths, and the bound stated with them."""
    metric_row(
        [
            Metric(label, format_value(getattr(comp, name), UNIT), help=help)
            for label, name, help in NUMBERS
        ]
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


def show_code(inputs: CodeInputs, bars: str) -> None:
    """The code table (with its CSV), then the picture whose areas are expected lengths."""
    table, fig = code_view(tuple(inputs.names), tuple(inputs.p), tuple(inputs.q), bars)
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
    chart(fig, key="codes_area_chart")


def show_message(inputs: CodeInputs, comp: CodeComparison, length: int, seed: int) -> None:
    """A sample message encoded, and bits per symbol converging as it grows."""
    if length == 0:
        st.warning(
            "Message length: a message of 0 symbols has no bits per symbol. Move the "
            "Message length slider above 0.",
            icon=":material/warning:",
        )
        return
    sent = message(
        tuple(inputs.p),
        tuple(comp.codewords),
        tuple(comp.huffman_lengths),
        tuple(comp.shannon_lengths),
        length,
        seed,
    )
    st.markdown(message_text(len(sent.head), length, seed, sent.bits, sent.decodes))
    columns = message_columns([inputs.names[i] for i in sent.head], sent.shown)
    st.code(columns + ("\n\n" + wrap_bits(sent.bits) if sent.bits else ""), language=None)
    if sent.curve is None:
        st.info(
            "No bits-per-symbol curve: the message holds a symbol that Q gives probability "
            "0, so its bits per symbol are infinite."
        )
        return
    _, huff_run, shan_run = sent.curve
    st.markdown(convergence_text(length, huff_run[-1], shan_run[-1], comp))
    chart(convergence(comp, sent.curve), key="codes_convergence_chart")


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
