"""Home's inputs: P and Q of worked example 1, one number box per colour.

The example is the "colours" preset of explorer/presets.toml: P = (0.1, 0.4, 0.5),
Q = (0.8, 0.15, 0.05) over red, green, blue, H(P,Q) = 3.288 bits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from explorer.presets import PRESETS
from explorer.widgets import distribution_inputs

__all__ = ["DEFAULT_P", "DEFAULT_Q", "EVENTS", "Inputs", "read"]

_EXAMPLE = next(p for p in PRESETS if p.id == "colours").values
EVENTS: list[str] = list(_EXAMPLE["names"])
DEFAULT_P: list[float] = list(_EXAMPLE["p"])
DEFAULT_Q: list[float] = list(_EXAMPLE["q"])


@dataclass(frozen=True)
class Inputs:
    """P and Q as typed (``nan`` for an empty box), and whether Renormalise just failed."""

    p: list[float]
    q: list[float]
    p_renormalise_failed: bool
    q_renormalise_failed: bool


def read() -> tuple[Inputs, Any]:
    """The P and Q boxes side by side; returns them and the column left for the chart."""
    col_p, col_q, col_chart = st.columns([1, 1, 2], gap="large")
    with col_p:
        st.subheader("P (true)", anchor=False)
        p, p_failed = distribution_inputs("P", EVENTS, DEFAULT_P, key="p")
    with col_q:
        st.subheader("Q (predicted)", anchor=False)
        q, q_failed = distribution_inputs("Q", EVENTS, DEFAULT_Q, key="q")
    return Inputs(p, q, p_failed, q_failed), col_chart
