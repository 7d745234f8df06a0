"""Loss curves: each loss against the predicted probability of the true class.

The headline inputs sit above four lazy tabs (only the open one is drawn). The
sections (inputs, computation with xentcore.curves, drawing) are in
explorer/curves_ui.py; this script wires them in reading order.
"""

import streamlit as st

from explorer import curves_ui as ui
from explorer.sidebar import show_sidebar
from explorer.state import PageState

st.set_page_config(
    page_title="Loss curves · Cross-Entropy Explorer",
    page_icon=":material/show_chart:",
    layout="wide",
)
state = PageState("curves", ui.PARAMS, presets=ui.page_presets())
notices = state.enter()
settings = show_sidebar(state)
unit, base = settings["unit"], settings["base"]
for notice in notices:
    st.warning(notice, icon=":material/link_off:")

st.title("Loss curves")
st.markdown(
    "A classifier gives the true class some probability **p**. Each loss turns that one "
    "number into a penalty; how fast the penalty grows as p falls, and how hard its "
    "gradient pushes back, decide how a model learns. Move **p** and the other controls: "
    f"every loss is in **{unit}** (change the unit in the sidebar)."
)
ui.show_preset(state, unit, base)

inputs = ui.read_inputs()
ui.show_sections(inputs, unit, base)

state.sync_url()
