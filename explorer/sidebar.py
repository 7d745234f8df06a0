"""The sidebar every page draws: the app's own navigation and the global unit.

Streamlit's automatic page list is off (``showSidebarNavigation = false``) so the
labels and order here are the only navigation. ``st.navigation`` is not used: with a
``pages/`` folder beside app.py, Streamlit 1.67 shows its own page list on the first
visit to a deep link of a fresh server instead (checked).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import streamlit as st

from explorer.state import HIDE, PRESENT, PageState
from explorer.text import UNITS

__all__ = ["PAGES", "NavPage", "Settings", "linked_pages", "nav_page", "show_sidebar"]

ROOT = Path(__file__).resolve().parent.parent


APP_NAME = "Cross-Entropy Explorer"


@dataclass(frozen=True)
class NavPage:
    """One page: where its script is, how the menu and the browser tab name it."""

    path: str  # relative to the repository root, as st.page_link wants it
    label: str  # in the menu
    icon: str
    name: str  # the page's PageState name (session bookkeeping, never shown)
    heading: str = ""  # the page's title, when it is not the label

    @property
    def title(self) -> str:
        """The heading at the top of the page."""
        return self.heading or self.label

    @property
    def tab_title(self) -> str:
        """The browser tab's title."""
        return APP_NAME if self.path == "app.py" else f"{self.label} · {APP_NAME}"


#: In menu order. Add a page here once its script exists under pages/.
PAGES: list[NavPage] = [
    NavPage("app.py", "Home", ":material/home:", "home", APP_NAME),
    NavPage("pages/0_Lesson.py", "Lesson", ":material/school:", "lesson", "Lesson"),
    NavPage("pages/1_Distributions.py", "Distributions", ":material/bar_chart:", "distributions"),
    NavPage("pages/2_Softmax_and_logits.py", "Softmax & logits", ":material/tune:", "softmax"),
    NavPage("pages/3_Loss_curves.py", "Loss curves", ":material/show_chart:", "curves"),
    NavPage(
        "pages/4_Binary_and_multilabel.py", "Binary & multi-label", ":material/toggle_on:", "binary"
    ),
    NavPage(
        "pages/5_Your_predictions.py", "Your predictions", ":material/upload_file:", "predictions"
    ),
    NavPage("pages/6_Training.py", "Training", ":material/model_training:", "training"),
    NavPage(
        "pages/7_Language_models.py",
        "Language models",
        ":material/text_fields:",
        "language",
        "Language models: cross-entropy and perplexity",
    ),
    NavPage("pages/8_Bits_and_codes.py", "Bits & codes", ":material/data_object:", "codes"),
    NavPage(
        "pages/9_Beyond_classification.py",
        "Beyond classification",
        ":material/explore:",
        "beyond",
    ),
]


def nav_page(path: str) -> NavPage:
    """The entry of PAGES for the script at ``path`` ("pages/6_Training.py")."""
    for page in PAGES:
        if page.path == path:
            return page
    raise KeyError(f"{path} is not in explorer.sidebar.PAGES")


class Settings(TypedDict):
    unit: str
    base: int | None


@functools.cache
def linked_pages() -> tuple[NavPage, ...]:
    """The entries of PAGES whose script exists (a link to a missing page would raise).

    Looked up once per process, not on every rerun of every page.
    """
    return tuple(page for page in PAGES if (ROOT / page.path).is_file())


def show_sidebar(state: PageState | None = None) -> Settings:
    """Draw navigation and global settings; return the settings as a plain dict.

    With a page's :class:`~explorer.state.PageState`, also a "Reset this page" button
    (call ``state.enter()`` before this, so the unit from a shared link is seeded).
    """
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
        if state is not None:
            st.button(
                "Reset this page",
                key="reset_page",
                icon=":material/restart_alt:",
                on_click=state.reset,
                help="Put every input of this page back to its default (the unit stays).",
            )
        show_presenter_controls(state)
    return {"unit": unit, "base": UNITS[unit]}


def show_presenter_controls(state: PageState | None) -> None:
    """The presenter-view toggle and, in presenter view, which controls a link hides."""
    st.toggle(
        "Presenter view",
        key=PRESENT.key,
        persist_state="session",
        help="Large type and charts for a projector, the sidebar folded away, secondary "
        "controls hidden. The link then carries ?present=1.",
    )
    hidden = list(st.session_state.get(HIDE.key, []))
    names = list(state.keys) if state is not None else []
    if st.session_state.get(PRESENT.key) or hidden:
        st.multiselect(
            "Hide controls in this link",
            options=sorted(set(names) | set(hidden)),
            key=HIDE.key,
            persist_state="session",
            placeholder="none",
            help="Share a reduced page: the controls named here are not drawn (their "
            "values still apply). The link carries ?hide=name,name.",
        )
