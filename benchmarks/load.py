"""A class opens the link at once: simulated users against the real server, on loopback.

    python benchmarks/load.py [--users 40] [--reruns 5] [--think 1.0] [--churn 200]
    python benchmarks/load.py --replicas 2 --users 80

Starts ``streamlit run app.py`` (and the one-slider baseline app of benchmarks/pages.py)
on 127.0.0.1 with the app's own config, and drives N users over the websocket the browser
speaks (benchmarks/load_client.py: Streamlit's own protobuf messages). Users are spread
over every page; all arrive at once, open their page, then move one slider or number box
per rerun with ~``think`` seconds between runs. Each server is warmed by one visit to its
entry page first (a server a class reaches has been up: its imports are done; its caches
are not).

It prints runs finished, exceptions, dropped sockets, first-run and rerun p50/p95, the
server's RSS before and with every session live (MiB per session), and the same figures
for the baseline app under the same load, as ratios. ``--churn N`` then lets N sessions
come and go (waves of 20, every page) on a fresh server and reports its RSS before and
after they closed (Streamlit keeps a closed session for 2 minutes, in case the browser
reconnects, so the benchmark waits that out).

With ``--replicas K`` the app and the baseline each run as K servers behind Debian's
nginx (``apt-get install -y nginx``), configured from deploy/nginx/cross-entropy-explorer.conf
with only the ports changed, and the same load goes through it; for comparison the same
run also measures users/K users on one server.

Bounded: at most 200 users, 8 replicas, 1,000 churned sessions, and 15 minutes per phase.
Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_client import UserResult, run_user  # noqa: E402

from explorer.sidebar import linked_pages  # noqa: E402

BASELINE = "benchmarks/baseline_page.py"
NGINX_CONF = ROOT / "deploy" / "nginx" / "cross-entropy-explorer.conf"
PHASE_SECONDS = 15 * 60
#: How long Streamlit keeps a closed session's state (MemorySessionStorage's ttl), plus slack.
SESSION_TTL_WAIT = 125.0
MAX_USERS, MAX_REPLICAS, MAX_CHURN = 200, 8, 1000


def url_name(path: str) -> str:
    """The page's name in its URL, as a link sends it ("" is the entry page)."""
    if path in ("app.py", BASELINE):
        return ""
    return re.sub(r"^\d+_", "", Path(path).stem)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid: int) -> float:
    """Resident memory of one process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def wait_healthy(url: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not become healthy in {seconds:.0f} s")


@dataclass
class Server:
    url: str
    pids: list[int]
    #: Each replica's own address (to warm it directly), and nginx's log of which served what.
    replicas: list[str] = field(default_factory=list)
    access_log: Path | None = None

    def rss(self) -> float:
        return sum(rss_mib(pid) for pid in self.pids)

    def sessions_per_replica(self) -> list[int]:
        """Websockets each replica served, from nginx's log (empty without nginx)."""
        if self.access_log is None or not self.access_log.exists():
            return []
        lines = self.access_log.read_text().splitlines()
        ports = [r.rsplit(":", 1)[1] for r in self.replicas]
        return [
            sum(1 for x in lines if "/_stcore/stream" in x and x.split(" ")[0].endswith(":" + port))
            for port in ports
        ]


@contextmanager
def streamlit_server(script: str, port: int | None = None):
    """One ``streamlit run`` on loopback, stopped on exit."""
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url)
        yield Server(url, [process.pid])
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def nginx_config(listen: int, upstreams: list[int], workdir: Path) -> str:
    """The shipped site config with loopback ports, inside a minimal nginx.conf."""
    site = NGINX_CONF.read_text()
    addresses = [f"127.0.0.1:{p}" for p in upstreams]
    servers = "".join(f"    server {a};\n" for a in addresses)
    pins = "".join(f'    "{a}"  {a};\n' for a in addresses)
    site, n = re.subn(
        r"(upstream streamlit_replicas \{[^}]*?)(\n    server [^\n]*)+\n", "\\1\n" + servers, site
    )
    site, m = re.subn(
        r'(map \$cookie_st_replica \$replica \{\n[^\n]*\n)(    "[^\n]*\n)+', "\\1" + pins, site
    )
    if n != 1 or m != 1:
        raise RuntimeError(f"{NGINX_CONF} has no upstream and map blocks the benchmark can rewrite")
    site = re.sub(r"listen 80;", f"listen 127.0.0.1:{listen};", site)
    site = re.sub(r"\n\s*listen \[::\]:80;", "", site)
    temp = "".join(
        f"    {kind}_temp_path {workdir / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"worker_processes 1;\npid {workdir / 'nginx.pid'};\nerror_log {workdir / 'error.log'};\n"
        "daemon off;\nevents { worker_connections 4096; }\n"
        f"http {{\n    log_format upstream '$upstream_addr $request_uri';\n"
        f"    access_log {workdir / 'access.log'} upstream;\n{temp}{site}\n}}\n"
    )


def nginx_binary() -> str | None:
    """Debian's nginx (on PATH, or /usr/sbin for a non-root PATH), or None."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    return binary if Path(binary).exists() else None


@contextmanager
def nginx(upstreams: list[int]):
    """Debian's nginx on a loopback port in front of ``upstreams``."""
    binary = nginx_binary()
    if binary is None:
        raise SystemExit("nginx is not installed: apt-get install -y nginx")
    with tempfile.TemporaryDirectory(prefix="xent-nginx-") as tmp:
        work = Path(tmp)
        port = free_port()
        conf = work / "nginx.conf"
        conf.write_text(nginx_config(port, upstreams, work))
        process = subprocess.Popen(
            [binary, "-c", str(conf), "-p", str(work)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            wait_healthy(f"http://127.0.0.1:{port}", 20)
            yield f"http://127.0.0.1:{port}", work / "access.log"
        finally:
            process.terminate()
            process.wait(10)


@contextmanager
def deployment(script: str, replicas: int):
    """``replicas`` servers of ``script``, behind nginx when there is more than one."""
    with ExitStack() as stack:
        ports = [free_port() for _ in range(replicas)]
        servers = [stack.enter_context(streamlit_server(script, p)) for p in ports]
        pids = [pid for s in servers for pid in s.pids]
        urls = [s.url for s in servers]
        if replicas == 1:
            yield Server(servers[0].url, pids, urls)
        else:
            url, log = stack.enter_context(nginx(ports))
            yield Server(url, pids, urls, log)


@dataclass
class Figures:
    name: str
    users: int
    results: list[UserResult]
    rss_before: float
    rss_live: float

    def runs(self):
        return [r for u in self.results for r in u.runs]

    @property
    def finished(self) -> int:
        return sum(r.finished for r in self.runs())

    @property
    def exceptions(self) -> int:
        return sum(r.exceptions for r in self.runs())

    @property
    def dropped(self) -> int:
        return sum(u.dropped for u in self.results)

    def seconds(self, first: bool) -> list[float]:
        if first:
            return [u.first.seconds for u in self.results if u.first]
        return [r.seconds for u in self.results for r in u.reruns]

    def quantile(self, first: bool, q: float) -> float:
        values = sorted(self.seconds(first))
        if not values:
            return float("nan")
        if len(values) == 1:
            return values[0]
        return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]

    @property
    def mib_per_session(self) -> float:
        return (self.rss_live - self.rss_before) / max(self.users, 1)


async def _crowd(
    url: str, pages: list[str], users: int, reruns: int, think: float
) -> list[UserResult]:
    # Every user keeps its socket open until the last one is done, so "RSS live" is
    # measured with all sessions connected.
    linger = think * (reruns + 2) + 5
    tasks = [
        run_user(url, pages[i % len(pages)], reruns=reruns, think=think, seed=i, linger=linger)
        for i in range(users)
    ]
    return await asyncio.wait_for(asyncio.gather(*tasks), PHASE_SECONDS)


def measure(name: str, script: str, pages: list[str], args, users: int, replicas: int) -> Figures:
    """Start a deployment, warm it with one visit, then let ``users`` arrive at once."""
    with deployment(script, replicas) as server:
        for replica in server.replicas:  # one warm visit to each replica, directly
            asyncio.run(run_user(replica, url_name(script), reruns=0))
        time.sleep(1.0)
        before = server.rss()
        live: list[float] = []

        async def sample() -> None:
            while True:
                live.append(server.rss())
                await asyncio.sleep(0.5)

        async def main() -> list[UserResult]:
            sampler = asyncio.create_task(sample())
            try:
                return await _crowd(server.url, pages, users, args.reruns, args.think)
            finally:
                sampler.cancel()

        results = asyncio.run(main())
        split = server.sessions_per_replica()
        if split:
            print(f"{name}: sessions per replica {split}")
        return Figures(name, users, results, before, max(live or [before]))


def churn(pages: list[str], sessions: int) -> tuple[float, float, float, int]:
    """RSS before, at the peak and after ``sessions`` sessions came and went (MiB).

    Each session opens a page and leaves: what it leaves behind is what a class leaves.
    (Moving widgets would also fill the bounded caches with new entries, which is not a
    session's memory; `--users` measures that.)
    """
    with streamlit_server("app.py") as server:

        async def wave(count: int, offset: int) -> list[UserResult]:
            return await asyncio.gather(
                *(run_user(server.url, pages[(offset + i) % len(pages)], reruns=0,
                           seed=offset + i) for i in range(count))
            )  # fmt: skip

        def settled() -> float:
            # Streamlit keeps a closed session for reconnection and drops it when it
            # touches its session storage after the ttl: one short visit does that.
            time.sleep(SESSION_TTL_WAIT)
            asyncio.run(wave(1, 0))
            time.sleep(5)
            return server.rss()

        # Warm: every page once, so the caches hold the default states before "before".
        asyncio.run(wave(len(pages), 0))
        before = settled()
        peak, bad = before, 0
        for start in range(0, sessions, 20):
            results = asyncio.run(wave(min(20, sessions - start), start))
            bad += sum(u.dropped or any(r.exceptions for r in u.runs) for u in results)
            peak = max(peak, server.rss())
        return before, peak, settled(), bad


def print_table(rows: list[Figures]) -> None:
    head = (
        f"{'scenario':<34}{'users':>6}{'runs':>6}{'exc':>5}{'drop':>5}"
        f"{'first p50':>11}{'first p95':>11}{'rerun p50':>11}{'rerun p95':>11}"
        f"{'RSS MiB':>9}{'live':>8}{'MiB/ses':>9}"
    )
    print(head)
    for f in rows:
        print(
            f"{f.name:<34}{f.users:>6}{f.finished:>6}{f.exceptions:>5}{f.dropped:>5}"
            f"{f.quantile(True, 0.5):>10.2f}s{f.quantile(True, 0.95):>10.2f}s"
            f"{f.quantile(False, 0.5):>10.3f}s{f.quantile(False, 0.95):>10.3f}s"
            f"{f.rss_before:>9.0f}{f.rss_live:>8.0f}{f.mib_per_session:>9.2f}"
        )


def ratio_line(label: str, a: Figures, b: Figures) -> None:
    def r(first: bool, q: float) -> str:
        return f"{a.quantile(first, q) / b.quantile(first, q):>10.2f}x"

    print(f"{label:<56}{r(True, 0.5)}{r(True, 0.95)}{r(False, 0.5)}{r(False, 0.95)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--reruns", type=int, default=5)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--churn", type=int, default=0, help="sessions that come and go")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    if not (1 <= args.users <= MAX_USERS and 1 <= args.replicas <= MAX_REPLICAS):
        parser.error(f"--users 1..{MAX_USERS}, --replicas 1..{MAX_REPLICAS}")
    if not 0 <= args.churn <= MAX_CHURN or args.reruns < 0 or not 0 <= args.think <= 30:
        parser.error(f"--churn 0..{MAX_CHURN}, --reruns >= 0, --think 0..30")

    pages = [url_name(p.path) for p in linked_pages()]
    where = f"{args.replicas} replicas behind nginx" if args.replicas > 1 else "1 server"
    print(
        f"{args.users} users at once over {len(pages)} pages, {args.reruns} reruns each, "
        f"~{args.think:g} s apart; {where}; {os.cpu_count()} CPUs\n"
    )
    rows = [measure(f"app ({where})", "app.py", pages, args, args.users, args.replicas)]
    if not args.no_baseline:
        rows.append(measure(f"baseline ({where})", BASELINE, [""], args, args.users, args.replicas))
    if args.replicas > 1:
        single = max(1, args.users // args.replicas)
        rows.append(measure("app (1 server)", "app.py", pages, args, single, 1))
    print_table(rows)
    print()
    if not args.no_baseline:
        ratio_line("app / baseline (first p50, p95; rerun p50, p95)", rows[0], rows[1])
    if args.replicas > 1:
        ratio_line(f"{where} / 1 server with {rows[-1].users} users", rows[0], rows[-1])
    if args.churn:
        before, peak, after, bad = churn(pages, args.churn)
        print(
            f"\nchurn: {args.churn} sessions came and went ({bad} with an exception or "
            f"dropped): RSS {before:.0f} MiB before, {peak:.0f} at the peak, {after:.0f} "
            f"after they closed ({(after - before) / before:+.1%})"
        )


if __name__ == "__main__":
    main()
