"""One cache for the explorer's pure work: results shared by every session of the process.

A page's results depend only on its inputs (core numbers, figure specs, datasets,
trained runs, fitted models), so two sessions on the same inputs need them once::

    @shared_cache(max_entries=64)
    def loss_figure(p: float, unit: str) -> Figure: ...

The arguments are the key: they must be hashable (tuples, not lists; bytes or a digest,
not a DataFrame). Entries are bounded by ``max_entries`` (least recently used first out)
and, with ``ttl``, dropped that many seconds after they were made.

Why not ``st.cache_data``: it pickles every result on the way in and out and hashes its
arguments by walking them, which cost as much as the work it saved for the small results
of a slider move. Here a hit is one dict lookup. The price: a result is one object shared
by every caller, so nobody may modify it (``st.plotly_chart`` and ``st.dataframe`` copy
what they are given; a caller that wants to change a cached table copies it first).

Uploads are per session: the Your predictions page keys its caches by the file's
content, so two sessions share only what they both uploaded.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

__all__ = ["CacheInfo", "cache_info", "clear_all", "shared_cache"]

P = ParamSpec("P")
R = TypeVar("R")

_ALL: dict[str, _Store] = {}


@dataclass(frozen=True)
class CacheInfo:
    """How full one cache is, and how it has been used since the process started."""

    name: str
    entries: int
    max_entries: int
    hits: int
    misses: int


class _Store:
    """A thread-safe LRU of one function's results; a ``ttl`` also ages entries out."""

    def __init__(self, name: str, max_entries: int, ttl: float | None) -> None:
        self.name = name
        self.max_entries = max_entries
        self.ttl = ttl
        self.lock = threading.Lock()
        self.entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self.building: dict[Hashable, threading.Event] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        while True:
            with self.lock:
                found = self.entries.get(key)
                if found is not None and (
                    self.ttl is None or time.monotonic() - found[0] < self.ttl
                ):
                    self.entries.move_to_end(key)
                    self.hits += 1
                    return found[1]
                building = self.building.get(key)
                if building is None:
                    self.building[key] = building = threading.Event()
                    self.misses += 1
                    break
            # Another session is building this very entry (a class opening the same link
            # at once): wait for it instead of doing the same work again, then look again.
            building.wait()
        try:
            value = build()
            with self.lock:
                self.entries[key] = (time.monotonic(), value)
                self.entries.move_to_end(key)
                while len(self.entries) > self.max_entries:
                    self.entries.popitem(last=False)
            return value
        finally:
            with self.lock:
                del self.building[key]
            building.set()  # a failed build lets the next caller try, and see the error

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


def shared_cache(
    max_entries: int, *, ttl: float | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a pure function so its results are kept, keyed by its arguments.

    >>> calls = []
    >>> @shared_cache(max_entries=2)
    ... def square(x):
    ...     calls.append(x)
    ...     return x * x
    >>> square(3), square(3), square(4), square(5), square(3)
    (9, 9, 16, 25, 9)
    >>> calls  # 3 was pushed out by 4 and 5, so it was computed again
    [3, 4, 5, 3]
    """
    if max_entries < 1:
        raise ValueError(f"max_entries must be at least 1, got {max_entries}")

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        name = f"{function.__module__}.{function.__qualname__}"
        store = _Store(name, max_entries, ttl)
        _ALL[name] = store

        @functools.wraps(function)
        def cached(*args: P.args, **kwargs: P.kwargs) -> R:
            key = (args, tuple(sorted(kwargs.items()))) if kwargs else args
            return store.get(key, lambda: function(*args, **kwargs))

        cached.clear = store.clear  # type: ignore[attr-defined]
        return cached

    return decorate


def clear_all() -> None:
    """Empty every cache (tests use it to start from a cold process)."""
    for store in list(_ALL.values()):
        store.clear()


def cache_info() -> list[CacheInfo]:
    """One line per cache: entries held, the bound, hits and misses."""
    return [
        CacheInfo(s.name, len(s.entries), s.max_entries, s.hits, s.misses)
        for s in sorted(_ALL.values(), key=lambda s: s.name)
    ]
