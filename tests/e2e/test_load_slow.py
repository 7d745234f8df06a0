"""The real server under a small class: simulated users over Streamlit's own websocket.

benchmarks/load_client.py speaks the browser's protocol (BackMsg.rerun_script with the
page's name, ForwardMsg deltas until script_finished) and moves one slider or number box
per rerun. Here 10 users spread over every page open it and rerun it 3 times, against the
server the browser tests use, and every run must finish with no exception; then 4 users
go through nginx in front of two replicas, configured from the shipped
deploy/nginx/cross-entropy-explorer.conf. Loopback only, bounded in time.
"""

from __future__ import annotations

import asyncio
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from load import deployment, nginx_binary, url_name  # noqa: E402
from load_client import run_user  # noqa: E402

from explorer.sidebar import linked_pages  # noqa: E402

pytestmark = pytest.mark.slow

PAGES = [url_name(p.path) for p in linked_pages()]


def crowd(url: str, users: int, reruns: int) -> list:
    async def everyone():
        return await asyncio.gather(
            *(run_user(url, PAGES[i % len(PAGES)], reruns=reruns, think=0.2, seed=i,
                       timeout=90) for i in range(users))
        )  # fmt: skip

    # Its own thread, so its own event loop: Playwright's sync API may already run one in this
    # thread when browser tests came first in the session.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(everyone(), 600)).result()


def check(results, users: int, reruns: int) -> None:
    assert len(results) == users
    for user in results:
        assert not user.dropped, (user.page, user.error)
        assert len(user.runs) == reruns + 1, user.page
        for run in user.runs:
            assert run.finished, (user.page, run)
            assert run.exceptions == 0, user.page


def test_ten_users_over_every_page_finish_every_run_without_exception(app_url):
    # One user per page of the navigation (11 since Beyond classification): at least ten.
    users = len(PAGES)
    assert users >= 10
    results = crowd(app_url, users=users, reruns=3)
    check(results, users=users, reruns=3)
    assert {u.page for u in results} == set(PAGES)
    # Home's boxes are unbounded (nothing to step); every other page moved a widget.
    assert all(u.moves >= 1 for u in results if u.page != ""), [(u.page, u.moves) for u in results]


def test_users_through_nginx_and_two_replicas_finish_every_run():
    if nginx_binary() is None:
        pytest.skip("nginx is not installed (apt-get install -y nginx)")
    with deployment("app.py", replicas=2) as server:
        assert len(server.pids) == 2
        results = crowd(server.url, users=4, reruns=2)
    check(results, users=4, reruns=2)
