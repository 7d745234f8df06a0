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


def rerun_times(path: str, reruns: int) -> list[float]:
    at = open_page(path)
    widget = control(at)
    times = []
    for i in range(reruns):
        if widget is not None:
            key = widget.key
            current = control(at)
            target = nudged(current) if i % 2 == 0 else start
            if i == 0:
                start = current.value
                target = nudged(current)
            current.set_value(target)
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        if at.exception:
            raise RuntimeError(f"{path} raised after a change of {key}: {at.exception[0].message}")
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reruns", type=int, default=15)
    args = ap.parse_args()
    pages = ["baseline", *[p.path for p in linked_pages()]]
    medians: dict[str, list[float]] = {p: [] for p in pages}
    # Three rounds, interleaving the pages, so slow drift hits every page alike.
    for _ in range(3):
        for path in pages:
            medians[path].append(statistics.median(rerun_times(path, args.reruns)))
    base = min(medians["baseline"])
    print(f"Rerun time after a control change, AppTest, best of 3 medians of {args.reruns} reruns")
    print(f"  {'page':<40}{'ms':>9}{'ratio to baseline':>20}")
    worst = 0.0
    for path in pages:
        t = min(medians[path])
        ratio = t / base
        if path != "baseline":
            worst = max(worst, ratio)
        flag = "" if ratio <= LIMIT else "   <-- over the 4x limit"
        print(f"  {path:<40}{t * 1e3:>9.1f}{ratio:>19.2f}x{flag}")
    print(f"  worst page: {worst:.2f}x the baseline (limit {LIMIT:.0f}x)")


if __name__ == "__main__":
    main()
