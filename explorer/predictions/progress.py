"""How long work on an upload shows itself: a status box for uploads, nothing for samples."""

from __future__ import annotations

import streamlit as st

__all__ = ["Progress"]


class Progress:
    """st.status while an upload is read and evaluated; nothing for the small samples."""

    def __init__(self, show: bool, label: str):
        self.box = st.status(label, expanded=False) if show else None

    def update(self, label: str, state: str = "running") -> None:
        if self.box is not None:
            self.box.update(label=label, state=state)
