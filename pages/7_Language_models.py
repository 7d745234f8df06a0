"""Language models: cross-entropy and perplexity of text under a character n-gram model.

Wiring only; the sections are in explorer/language_ui.py and the model in xentcore/ngram.py.
"""

import streamlit as st

from explorer import language_ui as ui
from explorer.presets import presets_for
from explorer.sidebar import show_sidebar
from explorer.state import PageState

PAGE_PATH = "pages/7_Language_models.py"

st.set_page_config(page_title="Language models · Cross-Entropy Explorer", layout="wide")
state = PageState("language", ui.PARAMS, presets=presets_for(PAGE_PATH), extra_keys=ui.TEXT_KEYS)
notices = state.enter()
settings = show_sidebar(state)
for notice in notices:
    st.warning(notice, icon=":material/link_off:")

st.title("Language models: cross-entropy and perplexity")
ui.show_intro()
inputs = ui.show_inputs()  # 1. read inputs
texts = ui.read_texts(inputs)  # the texts, or a message saying what is missing
if texts is not None:
    ui.show_results(inputs, texts, settings["unit"], settings["base"])  # 2. compute, 3. draw
ui.show_method()

state.sync_url()
