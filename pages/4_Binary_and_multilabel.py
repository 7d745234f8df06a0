"""Binary & multi-label: BCE from probabilities and logits, BCE(x, x), log loss, log(0).

The prediction p and the target t sit above five lazy tabs (only the open one is
drawn). The sections live in explorer/binary_ui.py; this script wires them in
reading order: read the inputs, compute with xentcore.binary, draw.
"""

import streamlit as st

from explorer import binary_ui as ui
from explorer.presets import presets_for
from explorer.sidebar import show_sidebar
from explorer.state import PageState

st.set_page_config(
    page_title="Binary & multi-label · Cross-Entropy Explorer",
    page_icon=":material/toggle_on:",
    layout="wide",
)
state = PageState("binary", ui.PARAMS, presets=presets_for(ui.PAGE_PATH), extra_keys=ui.EXTRA_KEYS)
notices = state.enter()
ui.prepare_session()
settings = show_sidebar(state)
unit, base = settings["unit"], settings["base"]

st.title("Binary & multi-label")
st.markdown(
    "Binary cross-entropy (BCE) is cross-entropy with two outcomes: the label is 1 with "
    "probability p and 0 with probability 1 − p. It is the loss of logistic regression, "
    "scikit-learn's **log loss**, and, one sigmoid per class, the loss of multi-label models."
)
for notice in notices:
    st.warning(notice, icon=":material/link_off:")
ui.show_preset_buttons(state)
preset_slot = st.container()  # filled last, from this run's inputs

prob, target, parts = ui.show_prediction(unit, base)
ui.show_tabs(prob, target, parts, unit, base)
with preset_slot:
    ui.show_preset_lines(state, parts, unit, base)

state.sync_url()
