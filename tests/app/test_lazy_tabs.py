"""explorer.widgets.lazy_tabs: only the open tab is drawn, and its key says which one."""

from streamlit.testing.v1 import AppTest


def tabs_script():
    import streamlit as st

    from explorer.widgets import lazy_tabs

    st.session_state.setdefault("drawn", [])
    lazy_tabs(
        ["One", "Two"],
        "which",
        [
            lambda: (st.session_state.drawn.append("one"), st.markdown("first tab")),
            lambda: (st.session_state.drawn.append("two"), st.markdown("second tab")),
        ],
    )


def test_only_the_open_tab_is_drawn():
    at = AppTest.from_function(tabs_script, default_timeout=10)
    at.run()
    assert not at.exception
    assert at.session_state["drawn"] == ["one"]
    assert [m.value for m in at.markdown] == ["first tab"]
    at.session_state["which"] = "Two"
    at.run()
    assert at.session_state["drawn"] == ["one", "two"]
    assert [m.value for m in at.markdown] == ["second tab"]
