"""Rerun time of every page under AppTest, next to a one-slider, one-chart baseline page.

    python benchmarks/pages.py [--reruns 15]

Each page is opened as a user enters the app (app.py, then switch_page), then its
first slider (or number input) is moved back and forth and every rerun is timed.
The baseline (benchmarks/baseline_page.py) is measured the same way in the same run,
interleaved with the pages, so the ratios hold from machine to machine. The target
is a ratio of at most 4x for every page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from explorer.sidebar import linked_pages  # noqa: E402

BASELINE = ROOT / "benchmarks" / "baseline_page.py"
LIMIT = 4.0


def open_page(path: str) -> AppTest:
    if path == "baseline":
        at = AppTest.from_file(str(BASELINE), default_timeout=30)
        at.run()
        return at
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    if path != "app.py":
        at.switch_page(path)
        at.run()
    if at.exception:
        raise RuntimeError(f"{path} raised: {at.exception[0].message}")
    return at


def control(at: AppTest):
    """The page's first slider, else its first number input (a main input)."""
    for widget in (*at.main.slider, *at.main.number_input):
        return widget
    return None


def nudged(widget) -> object:
    """A different valid value for ``widget``: one step towards the middle of its range."""
    value = widget.value
    if isinstance(value, tuple):
        return value
    lo = getattr(widget, "min", None)
    hi = getattr(widget, "max", None)
    step = getattr(widget, "step", None) or 0.01
    if lo is not None and hi is not None:
        target = value + step if value + step <= hi else value - step
        return type(value)(target)
    return type(value)(value + step)


def rerun_times(path: str, reruns: int) -> list[tuple[float, float]]:
    """(CPU seconds, wall seconds) of each rerun after a change of the page's control."""
    at = open_page(path)
    widget = control(at)
    start = widget.value if widget is not None else None
    key = widget.key if widget is not None else None
    times = []
    for i in range(reruns):
        if widget is not None:
            current = control(at)
            current.set_value(nudged(current) if i % 2 == 0 else start)
        c0, t0 = time.process_time(), time.perf_counter()
        at.run()
        times.append((time.process_time() - c0, time.perf_counter() - t0))
        if at.exception:
            raise RuntimeError(f"{path} raised after a change of {key}: {at.exception[0].message}")
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reruns", type=int, default=15)
    args = ap.parse_args()
    pages = ["baseline", *[p.path for p in linked_pages()]]
    cpu: dict[str, list[float]] = {p: [] for p in pages}
    wall: dict[str, list[float]] = {p: [] for p in pages}
    # Three rounds, interleaving the pages, so slow drift hits every page alike.
    for _ in range(3):
        for path in pages:
            runs = rerun_times(path, args.reruns)
            cpu[path].append(statistics.median(c for c, _ in runs))
            wall[path].append(statistics.median(w for _, w in runs))
    base_cpu, base_wall = min(cpu["baseline"]), min(wall["baseline"])
    print(
        f"Rerun time after a control change under AppTest: best of 3 medians of "
        f"{args.reruns} reruns.\nThe verdict uses wall time (what a user waits); CPU time "
        "(time.process_time) is shown too, as other programs on the machine barely disturb it."
    )
    print(f"  {'page':<36}{'CPU ms':>8}{'ratio':>8}{'wall ms':>10}{'ratio':>8}")
    worst = 0.0
    for path in pages:
        c, w = min(cpu[path]), min(wall[path])
        ratio = w / base_wall
        if path != "baseline":
            worst = max(worst, ratio)
        flag = "" if ratio <= LIMIT else "   <-- over the 4x limit"
        print(
            f"  {path:<36}{c * 1e3:>8.1f}{c / base_cpu:>7.2f}x{w * 1e3:>10.1f}{ratio:>7.2f}x{flag}"
        )
    print(f"  worst page: {worst:.2f}x the baseline in wall time (limit {LIMIT:.0f}x)")


if __name__ == "__main__":
    main()
