"""explorer.widgets.lazy_tabs draws only the open tab; metric_row returns its row."""

from streamlit.testing.v1 import AppTest


def _page() -> None:
    import streamlit as st

    from explorer.widgets import Metric, lazy_tabs, metric_row

    st.session_state.setdefault("section", "One")
    lazy_tabs(
        {"One": lambda: st.markdown("first section"), "Two": lambda: st.markdown("second")},
        key="section",
    )
    row = metric_row([Metric("a", "1"), Metric("b", "2")], width=230, vertical_alignment="center")
    row.markdown("beside the metrics")


def test_only_the_open_tab_is_drawn():
    at = AppTest.from_function(_page).run()
    assert not at.exception
    assert [t.label for t in at.tabs] == ["One", "Two"]
    shown = [m.value for m in at.markdown]
    assert "first section" in shown and "second" not in shown
    at.session_state["section"] = "Two"
    at.run()
    shown = [m.value for m in at.markdown]
    assert "second" in shown and "first section" not in shown


def test_metric_row_holds_its_metrics_and_what_the_caller_adds():
    at = AppTest.from_function(_page).run()
    assert [(m.label, m.value) for m in at.metric] == [("a", "1"), ("b", "2")]
    assert "beside the metrics" in [m.value for m in at.markdown]
