"""Softmax & logits: from scores to probabilities, the loss, its gradient and one step.

The sections (inputs, computation with xentcore.comparison, drawing) are in
explorer/softmax_ui.py; this script wires them in reading order.
"""

import streamlit as st

from explorer import softmax_ui as ui
from explorer.presets import presets_for
from explorer.sidebar import show_sidebar
from explorer.state import PageState

st.set_page_config(
    page_title="Softmax & logits · Cross-Entropy Explorer",
    page_icon=":material/tune:",
    layout="wide",
)
state = PageState("softmax", ui.PARAMS, presets=presets_for(ui.PAGE_PATH), extra_keys=ui.EXTRA_KEYS)
notices = state.enter()
settings = show_sidebar(state)
unit, base = settings["unit"], settings["base"]
for notice in notices:
    st.warning(notice, icon=":material/link_off:")

st.title("Softmax & logits")
st.markdown(
    "A classifier outputs one score per class, the **logits** z. **Softmax** turns them into "
    "probabilities p, and **cross-entropy** compares p with the target y′. Change any input "
    "and every number below follows."
)
st.latex(
    r"p_i = \operatorname{softmax}(z/T)_i = \frac{e^{z_i/T}}{\sum_j e^{z_j/T}}, \qquad "
    r"L = -\sum_c w_c\, y'_c \log p_c, \qquad y'_c = (1-\varepsilon)\, y_c + \frac{\varepsilon}{C}"
)
preset_slot = st.container()

inputs = ui.read_inputs()  # 1. read
ui.show_input_problems(inputs)
results = ui.compute(inputs, base)  # 2. compute
ui.show_preset(preset_slot, state, results, unit)  # 3. draw
ui.show_metrics(inputs, results, unit, base)
ui.show_sections(inputs, results, unit, base)

state.sync_url()
