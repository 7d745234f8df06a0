"""Presenter view and reduced pages, for a teacher projecting the app to a room.

``?present=1`` (or the sidebar's "Presenter view" toggle) turns any page into its
projector form: larger type, larger chart fonts, the sidebar folded away, and secondary
controls (downloads, code, anything a page marks ``secondary_``) hidden, and narrow side
margins, so the page reads from the back of a room at 1024 x 768.
``?hide=temperature,eps`` draws any page without the named controls (the names in its
links), as TensorFlow Playground's URL flags do: a teacher shares a page reduced to what
the lesson needs. Hidden controls keep their values; only their widgets are not shown.

Both work through CSS on Streamlit's own markers: every widget with a ``key`` carries
the class ``st-key-<key>`` (Streamlit 1.67), so no page needs code of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st

from explorer.state import HIDE, PRESENT

__all__ = [
    "CHART_SCALE",
    "apply",
    "hidden_controls",
    "is_presenting",
    "page_css",
    "scale_fonts",
]

#: How much larger chart text is in presenter view (18 px becomes 23 px).
CHART_SCALE = 1.3
#: The root size the page's rem-based type follows in presenter view (Streamlit: 17 px).
PRESENTER_ROOT_PX = 21

_PRESENTER_CSS = f"""
html {{ font-size: {PRESENTER_ROOT_PX}px; }}
[data-testid="stMainBlockContainer"] {{ padding: 3.5rem 1.5rem 1rem; }}
[data-testid="stDownloadButton"], [class*="st-key-secondary_"] {{ display: none !important; }}
.katex-display {{ overflow-x: auto; overflow-y: hidden; }}
"""


def is_presenting() -> bool:
    """Whether this session is in presenter view."""
    return bool(st.session_state.get(PRESENT.key, PRESENT.default))


def hidden_controls() -> list[str]:
    """The control names this session's link hides."""
    return list(st.session_state.get(HIDE.key, HIDE.default))


def page_css(presenting: bool, hidden: Iterable[str]) -> str:
    """The style sheet for presenter view and hidden controls ("" when neither applies).

    A control ``k`` is the widget keyed ``k``, or its text box ``k_text`` and slider
    ``k_slider`` where a page draws a value through those.

    >>> print(page_css(False, ["eps"]))
    .st-key-eps, .st-key-eps_text, .st-key-eps_slider { display: none !important; }
    >>> page_css(False, [])
    ''
    """
    rules = _PRESENTER_CSS.strip() + "\n" if presenting else ""
    names = list(hidden)
    if names:
        selectors = ", ".join(f".st-key-{n}, .st-key-{n}_text, .st-key-{n}_slider" for n in names)
        rules += selectors + " { display: none !important; }"
    return rules.strip()


def apply() -> None:
    """Add this session's style sheet to the page (nothing when no view applies)."""
    css = page_css(is_presenting(), hidden_controls())
    if css:
        st.html(f"<style>\n{css}\n</style>")


def _scaled(value: Any, factor: float, inside_font: bool) -> Any:
    if isinstance(value, dict):
        return {
            k: (
                round(v * factor, 1)
                if inside_font and k == "size" and isinstance(v, int | float)
                else _scaled(v, factor, k in ("font", "textfont", "tickfont") or k.endswith("font"))
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_scaled(v, factor, inside_font) for v in value]
    return value


def scale_fonts(spec: Mapping[str, Any], factor: float = CHART_SCALE) -> dict[str, Any]:
    """A copy of a figure dict with every font size multiplied by ``factor``.

    Font sizes live under ``font``, ``textfont``, ``tickfont`` and other ``*font`` keys of
    the layout and the traces; ``uniformtext.minsize`` is scaled too. The figure given is
    not changed (it may be a cached, shared one).

    >>> spec = {"layout": {"font": {"size": 18}, "uniformtext": {"minsize": 16}}, "data": []}
    >>> scaled = scale_fonts(spec)
    >>> scaled["layout"]["font"]["size"], scaled["layout"]["uniformtext"]["minsize"]
    (23.4, 20.8)
    >>> spec["layout"]["font"]["size"]
    18
    """
    out = _scaled(dict(spec), factor, False)
    uniform = out.get("layout", {}).get("uniformtext")
    if isinstance(uniform, dict) and isinstance(uniform.get("minsize"), int | float):
        uniform["minsize"] = round(uniform["minsize"] * factor, 1)
    return out
