"""The yardstick for benchmarks/pages.py: one slider and one chart, nothing else."""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

a = st.slider("Amplitude", 0.0, 2.0, 1.0, key="amplitude")
x = np.linspace(0.0, 6.3, 300)
st.plotly_chart(go.Figure(go.Scatter(x=x, y=a * np.sin(x))), width="stretch", key="chart")
