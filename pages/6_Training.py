"""Training: gradient descent on cross-entropy, watched live.

The sections (controls, cached training with xentcore.training, drawing) are in
explorer/training_ui.py; this script wires them in reading order.
"""

import streamlit as st

from explorer import training_ui as ui
from explorer.sidebar import show_sidebar
from explorer.state import PageState

st.set_page_config(
    page_title="Training · Cross-Entropy Explorer",
    page_icon=":material/model_training:",
    layout="wide",
)
state = PageState("training", ui.PARAMS, extra_keys=ui.EXTRA_KEYS)
notices = state.enter()
settings = show_sidebar(state)
unit, base = settings["unit"], settings["base"]
for notice in notices:
    st.warning(notice, icon=":material/link_off:")

st.title("Training")
st.markdown(
    "Gradient descent on cross-entropy, step by step. A small model learns to separate "
    "2-D points by repeatedly nudging its weights against the gradient of the loss, "
    "θ ← θ − η ∇L. **Run A** uses the loss you pick; **run B** starts from the very same "
    "weights with another loss, so you can watch, for example, cross-entropy train faster "
    f"than squared error. Cross-entropy is shown in **{unit}** (change it in the sidebar)."
)

controls = ui.show_controls()
for message in controls.errors:
    st.error(message, icon=":material/error:")
for message in controls.warnings:
    st.warning(message, icon=":material/warning:")
data, runs = ui.train_runs(controls)
ui.show_results(data, runs, unit, base)

state.sync_url()
