"""Your predictions: upload a model's outputs and get the cross-entropy story of them."""

import streamlit as st

from explorer import predictions_ui as view
from explorer.presets import presets_for
from explorer.sidebar import show_sidebar
from explorer.state import PageState

PAGE_PATH = "pages/5_Your_predictions.py"

st.set_page_config(
    page_title="Your predictions · Cross-Entropy Explorer",
    page_icon=":material/upload_file:",
    layout="wide",
)
state = PageState("predictions", view.PARAMS, presets=presets_for(PAGE_PATH))
notices = state.enter()
settings = show_sidebar(state)
for notice in notices:
    st.warning(notice, icon=":material/link_off:")

view.intro()
# 1. Read inputs: the file (read, mapped and checked once per content), then the settings.
source = view.source_inputs()
loaded = view.load(source)
chosen = view.settings_inputs(loaded)
# 2. Compute with xentcore (cached by the file's digest and the settings).
data, evaluation = view.evaluate_loaded(loaded, chosen)
# 3. Draw.
if evaluation is not None:
    view.show_results(loaded, data, evaluation, chosen, settings["unit"], settings["base"], source)

state.sync_url()
