"""The Training page's progress bar: drawn when a run is trained, throttled, then removed."""

from __future__ import annotations

import explorer.training.sections as sections


class Slot:
    def __init__(self, log: list) -> None:
        self.log = log

    def progress(self, value: float, text: str) -> None:
        self.log.append((value, text))

    def empty(self) -> None:
        self.log.append("emptied")


def test_fifty_quick_reports_draw_once_and_a_later_one_draws_again(monkeypatch):
    log: list = []
    clock = iter([0.0] * 50 + [0.25])
    monkeypatch.setattr(sections.st, "empty", lambda: Slot(log))
    monkeypatch.setattr(sections.time, "monotonic", lambda: next(clock))
    with sections.progress_bar() as report:
        for step in range(50):
            report(step / 100, f"step {step}")
        assert log == [(0.0, "step 0")]
        report(0.9, "step 90")
    assert log == [(0.0, "step 0"), (0.9, "step 90"), "emptied"]


def test_a_cached_run_draws_no_bar(monkeypatch):
    log: list = []
    monkeypatch.setattr(sections.st, "empty", lambda: Slot(log))
    with sections.progress_bar():
        pass
    assert log == []
