"""explorer.predictions.compute: cached by content, never modified, bytes not kept alive."""

from __future__ import annotations

import gc

import pytest
from upload_cases import layout_files

from explorer import cache
from explorer.predictions import compute
from explorer.predictions.uploads import reading
from explorer.predictions.uploads.mapping import detect_mapping


@pytest.fixture(autouse=True)
def cold_caches():
    cache.clear_all()
    yield
    cache.clear_all()


def names_file() -> tuple[compute.Content, compute.Reading]:
    """A file and how it is read (hold the content while the reading is used)."""
    data, name, *_ = layout_files()["names + probabilities"]
    content = compute.Content(data)
    file = compute.FileRef.of("digest-1", name, content)
    mapping = detect_mapping(reading.read_table(data, name).frame)
    return content, compute.Reading(file, mapping.key(), False)


def test_a_file_ref_is_its_digest_and_name_and_holds_the_bytes_weakly():
    content = compute.Content(b"label,p\n1,0.5\n")
    ref = compute.FileRef.of("abc", "x.csv", content)
    other = compute.FileRef.of("abc", "x.csv", compute.Content(b"label,p\n1,0.5\n"))
    assert ref == other and hash(ref) == hash(other)
    assert ref != compute.FileRef.of("abd", "x.csv", content)
    assert ref.data() == b"label,p\n1,0.5\n"
    del content
    gc.collect()
    with pytest.raises(RuntimeError, match="no longer held"):
        ref.data()


def test_the_file_is_read_once_for_every_step(monkeypatch):
    content, how = names_file()
    calls = []
    original = reading.read_table
    monkeypatch.setattr(reading, "read_table", lambda d, n: calls.append(n) or original(d, n))
    info, problem = compute.file_info(how.file)
    assert problem is None and info.n_rows == 30
    for bins in (5, 10, 5):
        data, ev, problem = compute.evaluate(how, (1.0, 2.0, 3.0), 0.0, bins)
        assert problem is None and ev.n == 30
    assert compute.one_hot_check(how) is not None
    assert len(calls) == 1


def test_cached_results_are_not_modified_by_the_smaller_copies():
    content, how = names_file()
    checked, _ = compute.checked(how)
    evaluated, _, _ = compute.evaluate(how, None, 0.0, 10)
    assert checked.scores.shape == evaluated.scores.shape == (0, 0)
    # The full arrays behind them are intact, so the one-hot check still sees every row.
    formats = compute.one_hot_check(how)
    assert formats.categorical == pytest.approx(formats.sparse)
    full, _ = compute._extract(how)
    assert full.scores.shape == (30, 3)


def test_problems_are_returned_and_cached():
    content = compute.Content(b"")
    file = compute.FileRef.of("empty", "empty.csv", content)
    first = compute.file_info(file)
    assert first[0] is None and "The file is empty" in str(first[1])
    assert compute.file_info(file) is first


def test_results_without_a_usable_file_are_empty():
    assert compute.results(compute.Loaded("upload"), None, 0.0, 10) == compute.Results()
