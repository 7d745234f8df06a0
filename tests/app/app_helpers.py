"""Opening a page under AppTest the way a user enters the app (shared by the page tests).

The entry script runs first, then ``switch_page``: opening a page script directly breaks
once the shared sidebar links app.py (docs/streamlit-notes.md).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "app.py"


def enter_page(
    page: str,
    query: dict[str, str] | None = None,
    *,
    session: dict | None = None,
    before: Callable[[AppTest], None] | None = None,
    timeout: float = 10,
) -> AppTest:
    """Run app.py, then open ``page`` as a link with ``query`` would; no exception allowed.

    ``before`` runs on the Home page first; ``session`` seeds session state (what an
    earlier visit to another page left behind).
    """
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.run()
    if before is not None:
        before(at)
    for key, value in (session or {}).items():
        at.session_state[key] = value
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    """The page's metrics, label -> value as shown."""
    return {m.label: m.value for m in at.metric}
