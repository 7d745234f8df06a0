"""Bits & codes: cross-entropy as the length of a code built for Q, used on messages from P.

The sections live in explorer/codes_ui.py (an imported module is compiled once; this
script is re-parsed on every run).
"""

import streamlit as st

from explorer import codes_ui as ui
from explorer.sidebar import show_sidebar

st.set_page_config(page_title="Bits & codes", page_icon=":material/data_object:", layout="wide")
state = ui.page_state()
notices = state.enter()
settings = show_sidebar(state)
ui.show_notices(notices)

# 1. Read inputs.
ui.show_intro(settings["unit"])
ui.show_examples(state)
controls = ui.show_inputs()

# 2. Compute with xentcore.coding; a bad entry becomes a message, never a traceback.
inputs, comp = ui.compute(controls)

# 3. Draw.
if comp is not None:
    ui.show_numbers(inputs, comp)
    ui.show_sections(inputs, comp, controls)

ui.sync_url(state)
