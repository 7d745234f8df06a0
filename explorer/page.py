"""The first lines of every page: its config, its URL state, the sidebar, link notices.

Every script under ``pages/`` (and ``app.py``) has the same skeleton::

    page = open_page(PAGE, inputs.PARAMS, presets=..., extra_keys=inputs.EXTRA_KEYS)
    values = inputs.read()                   # 1. read the widgets into a plain object
    results = compute(values, page.base)     # 2. call xentcore
    sections.draw(values, results, page)     # 3. draw
    page.state.sync_url()                    # last: the URL holds every non-default value

The page's title and icon come from :data:`explorer.sidebar.PAGES`, never repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from explorer import presenter
from explorer.presenter import is_presenting
from explorer.presets import presets_for
from explorer.sidebar import NavPage, nav_page, show_sidebar
from explorer.state import PageState, Param

__all__ = ["OpenPage", "open_page", "show_notices"]

LINK_OFF = ":material/link_off:"


@dataclass(frozen=True)
class OpenPage:
    """What a page's script needs after its first lines: state, unit, and the notices."""

    nav: NavPage
    state: PageState
    unit: str
    base: int | None
    notices: list[str] = field(default_factory=list)


def show_notices(notices: Iterable[str]) -> None:
    """One warning per URL value that was not used (each says why, and what was used)."""
    for notice in notices:
        st.warning(notice, icon=LINK_OFF)


def open_page(
    path: str,
    params: Sequence[Param],
    *,
    presets: Mapping[str, Mapping[str, Any]] | None = None,
    extra_keys: Sequence[str] = (),
    enter: Callable[[PageState], list[str]] | None = None,
    reset: bool = True,
    notices_now: bool = True,
    title: bool = True,
) -> OpenPage:
    """Configure the page at ``path`` and open its URL state, in the order Streamlit needs.

    ``presets`` default to the worked examples of :mod:`explorer.presets` for the page;
    ``enter`` replaces :meth:`PageState.enter` for a page that seeds more than its params;
    ``reset=False`` leaves the "Reset this page" button out (Home has no URL inputs).
    With ``notices_now=False`` the page shows ``.notices`` itself (after its intro),
    with ``title=False`` it writes its own heading.
    """
    nav = nav_page(path)
    state = PageState(
        nav.name,
        list(params),
        presets=presets_for(path) if presets is None else presets,
        extra_keys=extra_keys,
    )
    notices = enter(state) if enter is not None else state.enter()
    # After enter(): a link's ?present=1 is in the session by now (Streamlit 1.67 takes
    # the page config at any point of the run, as long as it comes before other output).
    st.set_page_config(
        page_title=nav.tab_title,
        page_icon=nav.icon,
        layout="wide",
        initial_sidebar_state="collapsed" if is_presenting() else "auto",
    )
    settings = show_sidebar(state if reset else None)
    presenter.apply()
    if notices_now:
        show_notices(notices)
    if title:
        st.title(nav.title)
    return OpenPage(nav, state, settings["unit"], settings["base"], list(notices))
