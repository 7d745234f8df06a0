"""The sidebar every page draws: the app's own navigation and the global unit.

Streamlit's automatic page list is off (``showSidebarNavigation = false``) so the
labels and order here are the only navigation; see docs/streamlit-notes.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import streamlit as st

from explorer.text import UNITS

__all__ = ["PAGES", "NavPage", "Settings", "linked_pages", "show_sidebar"]

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class NavPage:
    path: str  # relative to the repository root, as st.page_link wants it
    label: str
    icon: str


#: In menu order. Add a page here once its script exists under pages/.
PAGES: list[NavPage] = [
    NavPage("app.py", "Home", ":material/home:"),
]


class Settings(TypedDict):
    unit: str
    base: int | None


def linked_pages() -> list[NavPage]:
    """The entries of PAGES whose script exists (a link to a missing page would raise)."""
    return [page for page in PAGES if (ROOT / page.path).is_file()]


def show_sidebar() -> Settings:
    """Draw navigation and global settings; return the settings as a plain dict."""
    with st.sidebar:
        st.markdown("### Cross-Entropy Explorer")
        for page in linked_pages():
            st.page_link(page.path, label=page.label, icon=page.icon)
        st.divider()
        # Same key and persist_state="session" on every page, so the choice survives
        # page switches (checked on Streamlit 1.67).
        unit = st.radio(
            "Unit",
            options=list(UNITS),
            index=0,
            key="unit",
            persist_state="session",
            captions=["log base 2", "natural log", "log base 10"],
            help="Which logarithm measures information: 1 nat = 1.443 bits.",
        )
    return {"unit": unit, "base": UNITS[unit]}
