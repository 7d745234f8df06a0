"""Home: what cross-entropy is, and one live example to play with."""

import streamlit as st

from explorer.figures import decomposition_figure, distribution_figure
from explorer.presets import PRESETS
from explorer.sidebar import ROOT, show_sidebar
from explorer.state import PageState
from explorer.text import (
    describe_distribution_problem,
    describe_impossible_events,
    format_value,
)
from explorer.widgets import distribution_inputs
from xentcore import cross_entropy, entropy, kl_divergence

# Worked example 1 (docs/worked-examples.md): 3.288 bits of cross-entropy.
EVENTS = ["red", "green", "blue"]
DEFAULT_P = [0.10, 0.40, 0.50]
DEFAULT_Q = [0.80, 0.15, 0.05]

st.set_page_config(
    page_title="Cross-Entropy Explorer", page_icon=":material/functions:", layout="wide"
)
state = PageState("home", [])
notices = state.enter()
settings = show_sidebar()
unit, base = settings["unit"], settings["base"]
for notice in notices:
    st.warning(notice, icon=":material/link_off:")

st.title("Cross-Entropy Explorer")
st.markdown(
    """
**Cross-entropy** measures how surprised you are, on average, when events really happen
with probabilities **P** but you expected them with probabilities **Q**. It is the
average number of bits needed to encode outcomes of P with a code built for Q.
Classifiers are trained by making it small: P is the true label, Q the model's prediction.

It splits into two parts: the **entropy** H(P), the surprise no prediction can avoid,
plus the **Kullback–Leibler divergence** KL(P‖Q), the extra cost of predicting Q instead of P.
"""
)
st.latex(r"H(P,Q) \;=\; -\sum_x P(x)\,\log Q(x) \;=\; H(P) \;+\; D_{\mathrm{KL}}(P\,\|\,Q)")

st.header("Try it: a bag of coloured balls")
st.markdown(
    "P is how often each colour is really drawn; Q is what a model predicts. "
    "Change any number and watch the cross-entropy."
)

# 1. Read inputs.
col_p, col_q, col_chart = st.columns([1, 1, 2], gap="large")
with col_p:
    st.subheader("P (true)", anchor=False)
    p, p_renorm_failed = distribution_inputs("P", EVENTS, DEFAULT_P, key="p")
with col_q:
    st.subheader("Q (predicted)", anchor=False)
    q, q_renorm_failed = distribution_inputs("Q", EVENTS, DEFAULT_Q, key="q")

# 2. Compute with the core; a bad entry becomes a message, never a traceback.
try:
    results = {
        "h_p": entropy(p, base=base),
        "h_pq": cross_entropy(p, q, base=base),
        "kl": kl_divergence(p, q, base=base),
        "h_qp": cross_entropy(q, p, base=base),
    }
except ValueError as err:
    results = None
    problems = [
        message
        for name, values in (("P", p), ("Q", q))
        if (message := describe_distribution_problem(name, values)) is not None
    ] or [str(err)]

# 3. Draw.
with col_chart:
    st.plotly_chart(
        distribution_figure(EVENTS, p, q), width="stretch", theme=None, key="dist_chart"
    )

for name, failed in (("P", p_renorm_failed), ("Q", q_renorm_failed)):
    if failed:
        st.warning(
            f"Renormalise {name} needs non-negative numbers with a positive sum; "
            f"fix the entries of {name} by hand first."
        )

if results is None:
    for message in problems:
        st.error(message, icon=":material/error:")
else:
    if (message := describe_impossible_events(EVENTS, p, q)) is not None:
        st.warning(message, icon=":material/all_inclusive:")
    row = st.container(horizontal=True)  # one flex row: fewer elements than columns
    row.metric(
        "Cross-entropy H(P,Q)",
        format_value(results["h_pq"], unit),
        help="Average surprise when outcomes follow P but you predicted Q.",
        border=True,
    )
    row.metric(
        "Entropy H(P)",
        format_value(results["h_p"], unit),
        help="The surprise no prediction can remove: the cross-entropy of a perfect Q = P.",
        border=True,
    )
    row.metric(
        "KL divergence KL(P‖Q)",
        format_value(results["kl"], unit),
        help="H(P,Q) − H(P): the extra cost of predicting Q instead of P. Zero only when Q = P.",
        border=True,
    )
    row.metric(
        "Reversed H(Q,P)",
        format_value(results["h_qp"], unit),
        help="Swapping the roles of P and Q gives a different number: order matters.",
        border=True,
    )
    st.plotly_chart(
        decomposition_figure(results["h_p"], results["kl"], unit),
        width="stretch",
        theme=None,
        key="decomposition_chart",
    )
    st.caption(
        f"H(P,Q) = {format_value(results['h_pq'], unit)} is not H(Q,P) = "
        f"{format_value(results['h_qp'], unit)}: cross-entropy is not symmetric."
    )

st.header("Worked examples, one click each")
st.markdown(
    "Every worked example of the classic tutorials opens as a preset on its own page. "
    "The link in the address bar then reopens exactly that state: share it with a class."
)
for preset in PRESETS:
    label = f"Example {preset.example}: {preset.title}"
    if preset.expected:
        label += f" ({preset.quantity} = {preset.expected})"
    if (ROOT / preset.page).is_file():
        st.page_link(
            preset.page,
            label=label,
            query_params={"preset": preset.id},
            icon=":material/play_circle:",
        )
    else:
        st.markdown(f"- {label} *(page coming soon)*")

state.sync_url()
