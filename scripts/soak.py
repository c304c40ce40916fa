"""Classroom soak: N browser sessions use the app at once for a fixed time, then it stops.

Each session (a Playwright context in one headless Chromium) loops over what a student does:
upload a new photo (Logits page), move a slider with the keyboard, switch pages in the sidebar.
Loopback only: it starts its own `streamlit run` on 127.0.0.1 (bench.server.SERVER_ENV:
MALLOC_ARENA_MAX=2, OMP_NUM_THREADS=1), or drives
--url (which must be a loopback address, e.g. the nginx front of scripts/scale_out.sh).

Prints, every --every seconds, the server RSS and the latency so far; at the end the zero-error
check, p50/p95 per action and RSS over time (flat after warm-up?). Exit status 1 on any error.

  .venv/bin/python scripts/soak.py                      # the full run: 10 sessions x 10 min
  .venv/bin/python scripts/soak.py --sessions 4 --minutes 2
  .venv/bin/python scripts/soak.py --url http://127.0.0.1:8080 --rss-ports 8601,8602
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.server import (  # noqa: E402
    SERVER_ENV,
    Photos,
    browser,
    cpu_seconds,
    new_sessions,
    percentile,
    port_of,
    rss_mb,
    server_pids,
)
from bench.thin_client import thin_sessions  # noqa: E402
from ui.nav import PAGES  # noqa: E402

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


async def student(s, stop_at: float, rng: random.Random, photos: Photos, lat: dict,
                  failures: list[str]) -> None:
    paths = [p.url_path for p in PAGES]  # switch() clicks the sidebar link of each
    while time.monotonic() < stop_at:
        action = rng.choices(["upload", "slider", "switch"], weights=[2, 4, 3])[0]
        try:
            if action == "upload":
                lat["upload"].append(await s.upload(photos.next()))
            elif action == "slider":
                dt = await s.move_slider(rng)
                if dt is not None:
                    lat["slider"].append(dt)
            else:
                lat["switch"].append(await s.switch(rng.choice(paths)))
        except Exception as e:  # noqa: BLE001 - a timeout or a lost page is a soak failure
            failures.append(f"{s.name} {action}: {type(e).__name__}: {str(e)[:160]}")
            try:
                await s.open()  # a fresh start of this student's page
            except Exception as e2:  # noqa: BLE001
                failures.append(f"{s.name} reopen: {type(e2).__name__}: {str(e2)[:160]}")
                return
        await asyncio.sleep(rng.uniform(0.5, 2.0))  # think time


def rss_trend(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MB) samples, in MB per 10 minutes: a leak climbs, a
    plateau with allocator noise stays near 0 (end minus start would read the noise)."""
    if len(samples) < 2:
        return 0.0
    n = len(samples)
    mt = sum(t for t, _ in samples) / n
    mr = sum(r for _, r in samples) / n
    var = sum((t - mt) ** 2 for t, _ in samples)
    return 600 * sum((t - mt) * (r - mr) for t, r in samples) / var if var else 0.0


@asynccontextmanager
async def open_sessions(url: str, n: int, clients: str):
    """``n`` sessions on the app: Chromium pages, or thin protocol sessions (no drawing)."""
    if clients == "thin":
        async with thin_sessions(url, n) as ss:
            yield ss
        return
    async with browser() as b:
        yield await new_sessions(b, url, n)


async def soak(url: str, pids: list[int], sessions: int, seconds: float, every: float,
               seed: int, clients: str = "browser") -> int:
    rng = random.Random(seed)
    photos = Photos(seed)
    lat: dict[str, list[float]] = {"upload": [], "slider": [], "switch": []}
    failures: list[str] = []
    rss: list[tuple[float, float]] = []
    async with AsyncExitStack() as stack:
        try:
            ss = await stack.enter_async_context(open_sessions(url, sessions, clients))
        except Exception as e:  # noqa: BLE001 - a server that cannot be opened fails the soak
            print(f"could not open {sessions} sessions on {url}: {type(e).__name__}: "
                  f"{str(e)[:300]}\nZERO ERRORS: NO")
            return 1
        t0 = time.monotonic()
        cpu0 = cpu_seconds(pids)
        print(f"{sessions} {clients} sessions open on {url}; server RSS {rss_mb(pids):.0f} MB; "
              f"running {seconds / 60:.1f} min; load average {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} CPUs", flush=True)
        stop_at = t0 + seconds
        tasks = [asyncio.create_task(student(s, stop_at, random.Random(rng.random()), photos,
                                             lat, failures)) for s in ss]
        pending = set(tasks)
        while pending:
            _, pending = await asyncio.wait(pending, timeout=every)
            el = time.monotonic() - t0
            rss.append((el, rss_mb(pids)))
            allv = [x for v in lat.values() for x in v]
            print(f"t={el:6.0f}s  RSS {rss[-1][1]:6.0f} MB  actions {len(allv):5d}  "
                  f"p95 {percentile(allv, 95):5.2f} s  errors {len(failures)}", flush=True)
        errors = failures + [e for s in ss for e in s.errors]
        cpu = cpu_seconds(pids) - cpu0
        wall = time.monotonic() - t0
    print("\n== soak result ==")
    for kind, v in lat.items():
        print(f"{kind:7} n={len(v):4d}  p50 {percentile(v, 50):5.2f} s  "
              f"p95 {percentile(v, 95):5.2f} s  max {max(v, default=float('nan')):5.2f} s")
    if rss:
        warm = [(t, r) for t, r in rss if t >= min(60.0, seconds / 3)] or rss[-1:]
        print(f"server RSS: start {rss[0][1]:.0f} MB, after warm-up {warm[0][1]:.0f} MB, "
              f"end {rss[-1][1]:.0f} MB, range after warm-up "
              f"{min(r for _, r in warm):.0f}–{max(r for _, r in warm):.0f} MB; "
              f"trend {rss_trend(warm):+.1f} MB per 10 min (least squares)")
        print("RSS over time: " + ", ".join(f"{t:.0f}s {r:.0f}" for t, r in rss))
    n = sum(len(v) for v in lat.values())
    print(f"server CPU: {cpu:.0f} s in {wall:.0f} s of wall time = {cpu / wall:.2f} cores busy; "
          f"{1e3 * cpu / max(n, 1):.0f} ms per action ({n} actions, "
          f"{n / wall * 60 / sessions:.1f} actions per session per minute)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"errors: {len(errors)}" + "".join(f"\n  {e}" for e in errors[:20]))
    print("ZERO ERRORS: yes" if not errors else "ZERO ERRORS: NO")
    return 0 if not errors else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--every", type=float, default=30.0, help="seconds between RSS samples")
    ap.add_argument("--url", help="drive this loopback URL instead of starting a server")
    ap.add_argument("--rss-ports", help="with --url: comma-separated ports of the streamlit "
                    "processes whose RSS to add up (default: the URL's port)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--clients", choices=("browser", "thin"), default="browser",
                    help="browser: Chromium pages (they share this machine's CPU with the "
                    "server); thin: the app's WebSocket protocol without drawing, as if each "
                    "student's browser ran on the student's own device")
    a = ap.parse_args()
    if not 1 <= a.sessions <= 50 or not 0 < a.minutes <= 60:
        ap.error("sessions must be in 1..50 and minutes in (0, 60]")
    if a.url:
        if urlparse(a.url).hostname not in LOOPBACK:
            ap.error("--url must be a loopback address (127.0.0.1 / localhost)")
        ports = [int(p) for p in a.rss_ports.split(",")] if a.rss_ports else [port_of(a.url)]
        return asyncio.run(soak(a.url, server_pids(ports), a.sessions, a.minutes * 60,
                                a.every, a.seed, a.clients))
    from tests.e2e.browser import streamlit_server

    with streamlit_server(extra_env=SERVER_ENV) as url:
        return asyncio.run(soak(url, server_pids([port_of(url)]), a.sessions, a.minutes * 60,
                                a.every, a.seed, a.clients))


if __name__ == "__main__":
    sys.exit(main())
