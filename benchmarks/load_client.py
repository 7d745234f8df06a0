"""A protocol-level Streamlit user: the browser's websocket messages, without a browser.

A simulated user connects to ``/_stcore/stream`` as the browser does, asks for a page
with ``BackMsg.rerun_script`` (the page's URL name, as the browser sends it for a link),
reads ``ForwardMsg``\\ s until ``script_finished``, then moves one slider or number box per
rerun (its widget id read from the deltas, the value stepped within the widget's range)
and times each run the same way. An ``exception`` element anywhere in a run counts as
an exception; a socket that closes before ``script_finished`` counts as dropped.

Used by ``benchmarks/load.py`` and by the slow load test. Loopback only: the URL must be
``127.0.0.1`` or ``localhost``.
"""

from __future__ import annotations

import asyncio
import random
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

__all__ = ["Run", "UserResult", "Widget", "check_loopback", "run_user"]

_FINISHED = {
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def check_loopback(url: str) -> None:
    """Refuse any server that is not on this machine's loopback interface."""
    host = urlsplit(url).hostname
    if host not in _LOOPBACK:
        raise ValueError(f"load clients only talk to loopback servers, not {host!r}")


@dataclass
class Widget:
    """A widget a user can move: its id, kind, range and the value it holds now."""

    id: str
    kind: str  # "slider" or "number_input"
    integer: bool
    lo: float
    hi: float
    step: float
    value: float

    def moved(self, rng: random.Random) -> float:
        """A new value one to three steps away, kept inside the widget's range."""
        step = self.step or (self.hi - self.lo) / 20 or 1.0
        for _ in range(8):
            target = self.value + rng.choice((-3, -2, -1, 1, 2, 3)) * step
            if self.lo <= target <= self.hi and target != self.value:
                return float(round(target)) if self.integer else target
        return self.value


@dataclass
class Run:
    """One script run as the user saw it."""

    seconds: float
    finished: bool
    exceptions: int


@dataclass
class UserResult:
    """What one simulated user went through."""

    page: str
    runs: list[Run] = field(default_factory=list)
    #: Reruns that moved a widget (a page without a bounded slider or box has none).
    moves: int = 0
    dropped: bool = False
    error: str = ""

    @property
    def first(self) -> Run | None:
        return self.runs[0] if self.runs else None

    @property
    def reruns(self) -> list[Run]:
        return self.runs[1:]


def _widget(element) -> Widget | None:
    kind = element.WhichOneof("type")
    if kind == "slider":
        w = element.slider
        if w.options or len(w.default) != 1 or w.disabled:
            return None  # select_slider or a range slider: not what the pages drive
        value = w.value[0] if w.set_value and len(w.value) == 1 else w.default[0]
        return Widget(w.id, kind, w.data_type == w.INT, w.min, w.max, w.step, value)
    if kind == "number_input":
        w = element.number_input
        if w.disabled or not (w.has_min and w.has_max):
            return None  # an unbounded box (an exact p, a seed): moving it proves nothing
        value = w.value if w.set_value else w.default
        return Widget(w.id, kind, w.data_type == w.INT, w.min, w.max, w.step, value)
    return None


def _cookie(base_url: str) -> str:
    """The cookies the first page load sets (nginx's sticky-session cookie among them)."""
    with urllib.request.urlopen(base_url + "/", timeout=10) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    return "; ".join(c.split(";", 1)[0] for c in cookies)


class _Session:
    def __init__(self, socket) -> None:
        self.socket = socket
        self.widgets: dict[str, Widget] = {}
        self.states: dict[str, tuple[str, float]] = {}

    async def run(self, page: str, timeout: float) -> Run:
        """Send one rerun request and read until the run finishes."""
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        # The page's URL name on every run, as a link does. (In pages-directory mode
        # new_session reports the main script's hash, which would rerun Home.)
        msg.rerun_script.page_name = page
        for widget_id, (kind, value) in self.states.items():
            state = msg.rerun_script.widget_states.widgets.add()
            state.id = widget_id
            if kind == "slider":
                state.double_array_value.data.append(value)
            elif self.widgets[widget_id].integer:
                state.int_value = int(value)
            else:
                state.double_value = value
        start = time.perf_counter()
        await self.socket.send(msg.SerializeToString())
        exceptions = 0
        deadline = start + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                return Run(time.perf_counter() - start, False, exceptions)
            data = await asyncio.wait_for(self.socket.recv(), left)
            forward = ForwardMsg()
            forward.ParseFromString(data)
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                if element.WhichOneof("type") == "exception":
                    exceptions += 1
                widget = _widget(element)
                if widget is not None:
                    self.widgets[widget.id] = widget
            elif kind == "script_finished":
                status = forward.script_finished
                if status == ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN:
                    continue  # our own rerun request superseded it: keep reading
                return Run(time.perf_counter() - start, status in _FINISHED, exceptions)

    def move_one(self, rng: random.Random) -> bool:
        """Give one movable widget a new value for the next run; False if there is none."""
        if not self.widgets:
            return False
        widget = rng.choice(sorted(self.widgets.values(), key=lambda w: w.id))
        before, widget.value = widget.value, widget.moved(rng)
        self.states[widget.id] = (widget.kind, widget.value)
        return widget.value != before


async def run_user(
    base_url: str,
    page: str,
    *,
    reruns: int = 5,
    think: float = 1.0,
    seed: int = 0,
    timeout: float = 60.0,
    linger: float = 0.0,
) -> UserResult:
    """One user: open ``page`` (its URL name, "" for Home), then ``reruns`` widget moves.

    ``think`` seconds pass between runs (jittered by ±50%, seeded); the socket stays
    open ``linger`` seconds after the last run before the user leaves.
    """
    check_loopback(base_url)
    rng = random.Random(seed)
    result = UserResult(page)
    ws_url = "ws" + base_url.removeprefix("http") + "/_stcore/stream"
    try:
        cookie = await asyncio.to_thread(_cookie, base_url)
        headers = {"Cookie": cookie} if cookie else None
        async with websockets.connect(
            ws_url,
            subprotocols=["streamlit"],
            additional_headers=headers,
            max_size=None,
            open_timeout=timeout,
            ping_interval=None,
        ) as socket:
            session = _Session(socket)
            for i in range(reruns + 1):
                if i:
                    await asyncio.sleep(think * rng.uniform(0.5, 1.5))
                    result.moves += session.move_one(rng)
                run = await session.run(page, timeout)
                result.runs.append(run)
                if not run.finished:
                    break
            if linger:
                await asyncio.sleep(linger)
    except (TimeoutError, websockets.ConnectionClosed, OSError) as err:
        result.dropped = True
        result.error = f"{type(err).__name__}: {err}"
    return result
