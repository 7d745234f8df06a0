"""What a user waits: a key press on a slider until the page shows new numbers, in Chromium.

    python benchmarks/browser.py [--presses 16] [--drag-moves 120] [--only presses|drag]

Starts two Streamlit servers with the app's own config (the app, and the one-slider,
one-chart baseline of benchmarks/pages.py) and opens each page in Debian's Chromium. On
each page it focuses the first slider (Home: the first number box) and presses the arrow
keys. Each press is timed until any chart's data, metric or Markdown table on the page
has changed. Pages and the baseline take turns, press by press, so both see the same
machine; the ratio is the median of the page/baseline pairs.

This measures what benchmarks/pages.py cannot: the server's own work around a run
(Streamlit's post-run garbage collection was 90 ms of it before the config turned it
off), the websocket, and the browser drawing the new elements. Streamlit waits a moment
after a key press before it sends a slider's new value; that wait is in every number.
The second section times the Lesson's charts, which carry their own plotly slider over
positions precomputed on the server (explorer/lesson/compute.py). The baseline has no
such slider, so each lesson step is compared with itself: in one tab the chart's slider
is dragged, one grid position per mouse move, and every redraw of the chart's title is
counted in the page (a MutationObserver), giving chart updates per second and the time
from a mouse move to the redraw; in a second tab (its own session) the step's Streamlit
slider is moved one position with the arrow keys, the same change of the chart, timed
until the chart shows it. Drags and presses take turns, so both see the same machine.
The drag rate is bounded by how fast Playwright can send mouse moves (each one is a
round trip to Chromium), so it is a lower bound on what a hand on a mouse gets.

Needs /usr/bin/chromium and the playwright package (requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from e2e_helpers import APP_READY, CHROMIUM_ARGS  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from explorer.sidebar import linked_pages  # noqa: E402

#: Everything a slider can change that a user reads: charts' data, metrics, Markdown tables.
SNAPSHOT = """() => {
  const all = (sel) => Array.from(document.querySelectorAll(sel));
  const last = (t) => { const y = t.y || []; return y.length ? String(y[y.length - 1]) : ''; };
  const charts = all('.js-plotly-plot').map(d => (d._fullData || []).map(last).join(','));
  const metrics = all('[data-testid=stMetricValue]').map(e => e.innerText);
  const tables = all('[data-testid=stMarkdownContainer] table').map(e => e.innerText);
  return [charts.join('|'), metrics.join('|'), tables.join('|')].join('#');
}"""
#: Where the default state hides what the first slider changes: the reliability bins move
#: the ECE of 600 samples, but not of the default ten, whose ECE is the same for 10 or 11.
#: The Lesson's first step moves its slider by less than its chart's grid spacing, so a
#: press shows only in the step's heading line; step 3's slider moves the chart each time.
QUERY = {
    "pages/5_Your_predictions.py": "?pred_source=overconfident",
    "pages/0_Lesson.py": "?step=3",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(script: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=1).read() == b"ok":
                return server, url
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"{script} did not start")


class Tab:
    """One page in its own browser tab, with its first slider focused by each press."""

    def __init__(self, context, url: str):
        self.page = context.new_page()
        self.page.goto(url)
        self.page.wait_for_selector(".js-plotly-plot", timeout=60_000)
        self.page.wait_for_selector(APP_READY, timeout=60_000)
        self.page.wait_for_timeout(1500)
        sliders = self.page.get_by_role("slider")
        # The first slider; a page without one (Home) gets its first number box.
        self.slider = sliders.first if sliders.count() else None
        self.box = self.page.get_by_test_id("stNumberInputField").first
        self.presses = 0

    def press(self) -> float:
        """Seconds from a key press on the control until the page shows a change."""
        before = self.page.evaluate(SNAPSHOT)
        up = self.presses % 2 == 0
        self.presses += 1
        if self.slider is not None:
            self.slider.focus()
            t0 = time.perf_counter()
            self.slider.press("ArrowRight" if up else "ArrowLeft")
        else:  # a number box takes its new value on Enter
            self.box.focus()
            self.box.press("ArrowUp" if up else "ArrowDown")
            t0 = time.perf_counter()
            self.box.press("Enter")
        self.page.wait_for_function(
            f"(before) => ({SNAPSHOT})() !== before", arg=before, timeout=10_000, polling=5
        )
        elapsed = time.perf_counter() - t0
        self.page.wait_for_selector(APP_READY, timeout=10_000)
        self.page.wait_for_timeout(300)  # let the page settle before the next press
        return elapsed


#: Lesson steps whose Streamlit slider moves the chart one grid position per key press
#: (its step equals the grid's spacing): cross-entropy bars, two curves, 99 positions.
DRAG_STEPS = (3, 5, 13)
#: Counts the chart's redraws: each change of its title's text, with the time since the
#: last mouse move before it (the mouse listener runs before plotly's own).
DRAG_COUNTER = """() => {
  const d = document.querySelector('.js-plotly-plot');
  const title = () => { const t = d.querySelector('.gtitle'); return t ? t.textContent : ''; };
  window.__drag = {changes: [], lags: [], lastMove: null, last: title()};
  document.addEventListener('mousemove', () => { window.__drag.lastMove = performance.now(); },
                            {capture: true});
  new MutationObserver(() => {
    const s = title(), r = window.__drag;
    if (s === r.last) return;
    r.last = s;
    const now = performance.now();
    r.changes.push(now);
    if (r.lastMove !== null) r.lags.push(now - r.lastMove);
  }).observe(d, {subtree: true, childList: true, characterData: true});
}"""
#: What a server round trip changes on the chart: its title and every trace's data.
CHART_SNAPSHOT = """() => {
  const d = document.querySelector('.js-plotly-plot');
  if (!d || !d._fullData) return '';
  const t = d.querySelector('.gtitle');
  return (t ? t.textContent : '') + '#' + JSON.stringify(d._fullData.map(
    (tr) => [Array.from(tr.x || []), Array.from(tr.y || [])]));
}"""


class LessonTab:
    """One lesson step in its own tab (its own session), its answer revealed."""

    def __init__(self, context, url: str, number: int):
        from explorer.lesson.steps import STEPS

        self.step = STEPS[number - 1]
        self.page = context.new_page()
        self.page.goto(f"{url}/Lesson?step={number}")
        self.page.wait_for_selector(".js-plotly-plot .slider-grip-rect", timeout=60_000)
        self.page.wait_for_selector(APP_READY, timeout=60_000)
        self.page.locator(f".st-key-lesson_reveal_{self.step.key} button").click()
        self.page.wait_for_function(
            "() => { const t = document.querySelector('.js-plotly-plot .gtitle');"
            " return t && !t.textContent.includes('?'); }",
            timeout=60_000,
        )
        self.page.wait_for_selector(APP_READY, timeout=60_000)
        self.page.wait_for_timeout(1000)
        self.presses = 0

    def drag(self, moves: int) -> tuple[int, float, list[float]]:
        """Drag the chart's own slider ``moves`` times by one grid position, sweeping to
        and fro along the rail: (chart updates seen, seconds, move-to-redraw ms)."""
        page = self.page
        # A tab behind another one gets one animation frame a second, and plotly's slider
        # redraws in an animation frame: the measured tab must be the one in front.
        page.bring_to_front()
        page.evaluate(DRAG_COUNTER)
        grip = page.locator(".js-plotly-plot .slider-grip-rect").first.bounding_box()
        rail = page.locator(".js-plotly-plot .slider-rail-rect").first.bounding_box()
        positions = len(page.evaluate(
            "() => document.querySelector('.js-plotly-plot')._fullLayout.sliders[0].steps"
        ))  # fmt: skip
        spacing = rail["width"] / (positions - 1)
        lo, hi = rail["x"], rail["x"] + rail["width"]
        x, y = grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2
        sign = 1.0
        page.mouse.move(x, y)
        page.mouse.down()
        t0 = time.perf_counter()
        for _ in range(moves):
            if not lo <= x + sign * spacing <= hi:
                sign = -sign
            x += sign * spacing
            page.mouse.move(x, y)
        page.wait_for_timeout(50)  # the last redraw
        elapsed = time.perf_counter() - t0
        page.mouse.up()
        seen = page.evaluate("() => window.__drag")
        return len(seen["changes"]), elapsed, list(seen["lags"])

    def press(self) -> float:
        """Seconds from an arrow key on the step's Streamlit slider until the chart shows
        the new position (the server's rerun, sent back and drawn)."""
        page = self.page
        page.bring_to_front()
        slider = page.locator('[data-testid="stMain"]').get_by_role("slider", name=self.step.label)
        before = page.evaluate(CHART_SNAPSHOT)
        up = self.presses % 2 == 0
        self.presses += 1
        slider.focus()
        t0 = time.perf_counter()
        slider.press("ArrowRight" if up else "ArrowLeft")
        page.wait_for_function(
            f"(before) => ({CHART_SNAPSHOT})() !== before", arg=before, timeout=10_000, polling=5
        )
        elapsed = time.perf_counter() - t0
        page.wait_for_selector(APP_READY, timeout=10_000)
        page.wait_for_timeout(300)
        return elapsed


def measure_drag(context, url: str, moves: int, rounds: int, presses: int) -> list[tuple]:
    """Per lesson step: its drags and its key presses, taking turns."""
    rows = []
    for number in DRAG_STEPS:
        dragged, pressed = LessonTab(context, url, number), LessonTab(context, url, number)
        dragged.drag(10), pressed.press()  # warm-up, not counted
        drags, times = [], []
        for _ in range(rounds):
            drags.append(dragged.drag(moves))
            times += [pressed.press() for _ in range(max(1, presses // rounds))]
        rows.append((number, dragged.step.title, drags, times))
        dragged.page.close(), pressed.page.close()
    return rows


def print_drag(rows, moves: int) -> None:
    print(
        f"Lesson charts: dragging the chart's own slider ({moves} mouse moves a drag, one "
        "grid position each) against one server round trip for the same change (an arrow "
        "key on the step's Streamlit slider until the chart shows it), in Chromium."
    )
    print(
        f"  {'step':<40}{'updates/s':>10}{'drawn':>8}{'move→draw ms':>14}"
        f"{'round trip ms':>15}{'trips/s':>9}{'ratio':>8}{'wait ratio':>12}"
    )
    for number, title, drags, times in rows:
        updates = sum(n for n, _, _ in drags)
        seconds = sum(t for _, t, _ in drags)
        lags = [lag for _, _, ls in drags for lag in ls]
        rate = updates / seconds
        trip, lag = statistics.median(times), statistics.median(lags) / 1e3
        name = f"{number}. {title}"[:39]
        print(
            f"  {name:<40}{rate:>10.0f}{updates / (moves * len(drags)):>7.0%}"
            f"{lag * 1e3:>14.1f}{trip * 1e3:>15.0f}{1 / trip:>9.1f}"
            f"{rate * trip:>7.1f}x{trip / lag:>11.1f}x"
        )
    print(
        "  updates/s: chart redraws per second of dragging; drawn: the share of mouse moves "
        "that redrew it;\n  move→draw: median time from a mouse move to the redraw; "
        "round trip: median key press to chart change;\n  ratio: updates/s over round "
        "trips/s; wait ratio: round trip over move→draw."
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--presses", type=int, default=16)
    ap.add_argument("--drag-moves", type=int, default=120, help="mouse moves per drag")
    ap.add_argument("--drag-rounds", type=int, default=4, help="drags per lesson step")
    ap.add_argument("--only", choices=("presses", "drag"), help="run one section only")
    args = ap.parse_args()
    app, app_url = start_server("app.py")
    base, base_url = start_server("benchmarks/baseline_page.py")
    rows, drag_rows = [], []  # the baseline idles through the drag section
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            if args.only != "presses":
                drag_rows = measure_drag(
                    context, app_url, args.drag_moves, args.drag_rounds, args.presses
                )
            baseline = Tab(context, base_url) if args.only != "drag" else None
            for nav in linked_pages() if baseline is not None else ():
                path = "/" if nav.path == "app.py" else "/" + Path(nav.path).stem.split("_", 1)[1]
                tab = Tab(context, app_url + path + QUERY.get(nav.path, ""))
                tab.press(), baseline.press()  # warm-up, not counted
                pairs = []
                for i in range(args.presses):
                    if i % 2 == 0:
                        b, t = baseline.press(), tab.press()
                    else:
                        t, b = tab.press(), baseline.press()
                    pairs.append((t, b))
                tab.page.close()
                rows.append((nav.label, pairs))
            browser.close()
    finally:
        app.kill()
        base.kill()
    if drag_rows:
        print_drag(drag_rows, args.drag_moves)
    if not rows:
        return
    print(
        f"Key press on the first slider until the page shows new numbers, in Chromium: "
        f"medians of {args.presses} presses, each paired with one on the baseline page."
    )
    print(f"  {'page':<24}{'page ms':>9}{'baseline ms':>13}{'ratio':>8}")
    for label, pairs in rows:
        page_ms = statistics.median(t for t, _ in pairs) * 1e3
        base_ms = statistics.median(b for _, b in pairs) * 1e3
        ratio = statistics.median(t / b for t, b in pairs)
        print(f"  {label:<24}{page_ms:>9.0f}{base_ms:>13.0f}{ratio:>7.2f}x")


if __name__ == "__main__":
    main()
