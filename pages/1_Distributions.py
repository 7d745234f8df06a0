"""Distributions: P and Q over named classes, and everything cross-entropy says about them.

The sections (the table, the computation with xentcore.decomposition, the drawing) are
in explorer/distributions_ui.py; this script wires them in reading order.
"""

import streamlit as st

from explorer import distributions_ui as ui
from explorer.presets import presets_for
from explorer.sidebar import show_sidebar
from explorer.state import PageState

st.set_page_config(
    page_title="Distributions · Cross-Entropy Explorer",
    page_icon=":material/bar_chart:",
    layout="wide",
)
state = PageState(
    "distributions", ui.PARAMS, presets=presets_for(ui.PAGE_PATH), extra_keys=(ui.EDITOR, ui.LAST)
)
notices = ui.enter(state)
settings = show_sidebar(state)
unit, base = settings["unit"], settings["base"]
for notice in notices:
    st.warning(notice, icon=":material/link_off:")

st.title("Distributions")
st.markdown(
    "**P** is how often each class really happens, **Q** what a model predicts. "
    "Edit the table (add or delete rows too) and every number below follows. "
    "Cross-entropy **H(P,Q)** splits into the entropy **H(P)** that no prediction can avoid "
    "plus the divergence **KL(P‖Q)**, the extra cost of predicting Q; swapping P and Q "
    "changes the answer."
)

table, preset, preset_line, right = ui.read_inputs(state, unit)
results = ui.compute(table, base)
ui.show_results(table, results, preset, (preset_line, right), unit)
t = ui.show_sections(table, results, unit, base)

ui.sync_url(state, table, t)
