"""explorer.cache: the one cache of the pages' pure work, shared by every session."""

from __future__ import annotations

import threading
import time

import pytest

from explorer import cache
from explorer.cache import cache_info, clear_all, shared_cache


def counted(max_entries: int, ttl: float | None = None, delay: float = 0.0):
    calls: list[object] = []

    @shared_cache(max_entries=max_entries, ttl=ttl)
    def double(x):
        calls.append(x)
        time.sleep(delay)
        return [x, x]  # a new object per build, so sharing is visible

    return double, calls


def test_a_hit_returns_the_very_object_built_once():
    double, calls = counted(4)
    first = double(3)
    assert double(3) is first
    assert calls == [3]


def test_keyword_arguments_are_part_of_the_key():
    @shared_cache(max_entries=4)
    def power(x, *, p=2):
        return x**p

    assert (power(3), power(3, p=3), power(3, p=2)) == (9, 27, 9)


def test_least_recently_used_entry_leaves_first():
    double, calls = counted(2)
    double(1), double(2), double(1), double(3)  # 2 is the least recently used
    double(1)
    double(2)
    assert calls == [1, 2, 3, 2]


def test_ttl_ages_entries_out():
    double, calls = counted(4, ttl=0.05)
    double(1)
    double(1)
    time.sleep(0.08)
    double(1)
    assert calls == [1, 1]


def test_sessions_asking_at_once_share_one_build():
    double, calls = counted(4, delay=0.2)
    threads = [threading.Thread(target=double, args=(7,)) for _ in range(12)]
    threads += [threading.Thread(target=double, args=(8,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(calls) == [7, 8]


def test_a_failed_build_is_not_kept_and_the_next_caller_tries_again():
    calls = []

    @shared_cache(max_entries=2)
    def fails(x):
        calls.append(x)
        raise ValueError("bad input")

    for _ in range(2):
        with pytest.raises(ValueError, match="bad input"):
            fails(1)
    assert calls == [1, 1]


def test_clear_all_and_cache_info():
    double, calls = counted(3)
    double(1), double(2), double(2)
    name = f"{__name__}.counted.<locals>.double"
    info = {i.name: i for i in cache_info()}
    assert (info[name].entries, info[name].max_entries) == (2, 3)
    clear_all()
    double(1)
    assert calls == [1, 2, 1]


def test_max_entries_must_be_positive():
    with pytest.raises(ValueError, match="max_entries must be at least 1, got 0"):
        cache.shared_cache(max_entries=0)
