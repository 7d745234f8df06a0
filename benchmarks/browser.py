"""What a user waits: a key press on a slider until the page shows new numbers, in Chromium.

    python benchmarks/browser.py [--presses 16]

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

from e2e_helpers import APP_READY  # noqa: E402
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
QUERY = {"pages/5_Your_predictions.py": "?pred_source=overconfident"}
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--presses", type=int, default=16)
    args = ap.parse_args()
    app, app_url = start_server("app.py")
    base, base_url = start_server("benchmarks/baseline_page.py")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            baseline = Tab(context, base_url)
            rows = []
            for nav in linked_pages():
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
