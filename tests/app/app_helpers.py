"""Opening a page under AppTest the way a user enters the app (shared by the page tests).

The entry script runs first, then ``switch_page``: opening a page script directly breaks
once the shared sidebar links app.py (StreamlitPageNotFoundError on Streamlit 1.67).
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


# ---------------------------------------------------------------- reading a page
# Added in the regroup (the Loss curves and Binary tests; most page tests had these).


def metrics(at: AppTest) -> dict[str, str]:
    """Every metric on the page: label -> value as shown."""
    return {m.label: m.value for m in at.metric}


def messages(at: AppTest) -> str:
    """The page's errors and warnings, in order, joined by spaces."""
    return " ".join(e.value for e in [*at.error, *at.warning])


def open_tab(at: AppTest, key: str, name: str) -> AppTest:
    """Open the lazy tab ``name`` (its session key is ``key``) and rerun: only the open
    tab's section runs. No exception allowed."""
    at.session_state[key] = name
    at.run()
    assert not at.exception, at.exception
    return at


#: The sidebar's units and the log base each one means (as explorer.text.UNITS, written
#: out here so the page tests do not take their expectations from the code under test).
BASES = {"bits": 2, "nats": None, "hartleys": 10}
