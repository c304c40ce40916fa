"""Server memory while photos at the limit are decoded (issue "Hardening", item 4): rows for
bench/bench.py.

A real `streamlit run` server (bench/server.py's settings) and thin sessions
(bench/thin_client.py: the app's own upload protocol, no browser). Each session first uploads an
ordinary photo, so that what is measured is what a file at the limit adds. Then the peak extra
RSS of the server process: its VmHWM is reset (/proc/<pid>/clear_refs) just before the uploads
and read right after, while a thread also samples VmRSS every 5 ms (the larger of the two is
kept), minus VmRSS just before. Worst-case files at the limit (core/photo/budget.py):

- a flat RGBA PNG at the pixel cap for 4-byte PNGs (5000×5000 = 25 MP): the PNG decoder holds
  the full image, and transparency needs a conversion;
- a 48 MP baseline JPEG of about 9 MB (near the upload limit): decoded at a reduced scale;
- a progressive JPEG at its own cap (6300×4750, 4:2:0): libjpeg keeps every DCT coefficient.

Then ten sessions upload at the same moment, a mix of the three. Every upload is made distinct
(a few trailing bytes), so nothing comes from the classification cache.
Run alone: .venv/bin/python -m bench.upload_memory
"""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SESSIONS = 10
ONE_GOAL_MB, BURST_GOAL_MB = 150, 1000


# ---------------------------------------------------------------- worst-case files

def flat_png_at_cap() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGBA", (5000, 5000), (30, 120, 200, 128)).save(buf, "PNG")
    return buf.getvalue()


def big_jpeg() -> bytes:
    """8000×6000 (48 MP), textured so that the file is about 9 MB."""
    import numpy as np
    from PIL import Image

    xs = (np.arange(8000) // 7).astype(np.uint8)
    ys = (np.arange(6000) // 5).astype(np.uint8)
    base = np.add.outer(ys, xs)  # (6000, 8000) uint8, wraps around
    noise = np.random.default_rng(0).integers(0, 40, base.shape, dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(np.dstack([base, base + noise, 255 - base])).save(buf, "JPEG", quality=72)
    return buf.getvalue()


def progressive_jpeg_at_cap() -> bytes:
    import numpy as np
    from PIL import Image

    ramp = np.linspace(0, 255, 6300).astype(np.uint8)
    a = np.broadcast_to(ramp[None, :, None], (4750, 6300, 3))
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(a)).save(buf, "JPEG", progressive=True, quality=90)
    return buf.getvalue()


WORST = {"flat RGBA PNG 5000×5000 (25 MP cap)": flat_png_at_cap,
         "baseline JPEG 8000×6000 (48 MP)": big_jpeg,
         "progressive JPEG 6300×4750 (its 30 MP cap)": progressive_jpeg_at_cap}


def distinct(data: bytes, i: int) -> bytes:
    """The same picture with different bytes (after the image's end marker): not a cache hit."""
    return data + b"\0distinct" + i.to_bytes(4, "big")


# ---------------------------------------------------------------- memory of a process

def status_mb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {key} for {pid}")


class Peak:
    """Peak RSS of ``pid`` over a ``with`` block, less its RSS at the start, in MB."""

    def __init__(self, pid: int):
        self.pid, self.extra = pid, float("nan")
        self._stop = threading.Event()
        self._max = 0.0

    def _sample(self) -> None:
        while not self._stop.is_set():
            self._max = max(self._max, status_mb(self.pid, "VmRSS"))
            time.sleep(0.005)

    def __enter__(self):
        try:  # "5" resets the peak (VmHWM) to the current RSS
            Path(f"/proc/{self.pid}/clear_refs").write_text("5")
            self._hwm = True
        except OSError:
            self._hwm = False
        self.before = self._max = status_mb(self.pid, "VmRSS")
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        peak = max(self._max, status_mb(self.pid, "VmHWM") if self._hwm else 0.0)
        self.extra = peak - self.before


def decode_alone_mb(data: bytes) -> float:
    """Peak extra RSS of decode_image on ``data`` in a fresh process (the decoder's own part)."""
    code = (
        "import sys, pathlib; sys.path.insert(0, sys.argv[1])\n"
        "from core.photo.images import decode_image\n"
        "data = sys.stdin.buffer.read()\n"
        "def mb(k):\n"
        "    for l in pathlib.Path('/proc/self/status').read_text().splitlines():\n"
        "        if l.startswith(k): return int(l.split()[1]) / 1024\n"
        "pathlib.Path('/proc/self/clear_refs').write_text('5')\n"
        "r = mb('VmRSS:'); decode_image(data); print(mb('VmHWM:') - r)\n")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT)], input=data, check=True,
                         capture_output=True, env={**os.environ, "MALLOC_ARENA_MAX": "2"})
    return float(out.stdout.decode().split()[-1])


# ---------------------------------------------------------------- the benchmark

async def _measure(url: str, pid: int, files: dict[str, bytes], log) -> dict:
    from bench.server import Photos, upload_round
    from bench.thin_client import thin_sessions

    singles: dict[str, float] = {}
    async with thin_sessions(url, SESSIONS) as ss:
        await upload_round(ss, Photos())  # every session warm: an ordinary photo each
        await asyncio.sleep(1.0)
        n = 0
        for name, data in files.items():
            with Peak(pid) as p:
                await ss[0].upload(distinct(data, n := n + 1))
            singles[name] = p.extra
            log(f"one upload, {name}: +{p.extra:.0f} MB (RSS before {p.before:.0f} MB)")
            await asyncio.sleep(1.0)
        kinds = list(files.values())
        burst = [distinct(kinds[i % len(kinds)], (n := n + 1)) for i in range(len(ss))]
        for s in ss:
            s.captions.clear()
        t = time.perf_counter()
        with Peak(pid) as p:
            await asyncio.gather(*(s.upload(d, timeout=300) for s, d in zip(ss, burst)))
        wall = time.perf_counter() - t
        log(f"{len(ss)} at once: +{p.extra:.0f} MB (RSS before {p.before:.0f} MB), {wall:.1f} s")
        errors = [e for s in ss for e in s.errors]
        shown = sum(any(c.startswith("your upload") for c in s.captions) for s in ss)
        if shown != len(ss):
            errors.append(f"{len(ss) - shown} sessions do not show their upload")
    return {"singles": singles, "burst": p.extra, "burst_before": p.before, "wall": wall,
            "errors": errors}


def measure(log=print) -> list[dict]:
    from bench.server import SERVER_ENV, port_of, server_pids
    from tests.e2e.browser import streamlit_server

    files = {name: make() for name, make in WORST.items()}
    alone = {name: decode_alone_mb(data) for name, data in files.items()}
    with streamlit_server(extra_env=SERVER_ENV) as url:
        (pid,) = server_pids([port_of(url)])
        r = asyncio.run(_measure(url, pid, files, log))
    for e in r["errors"][:5]:
        print("error:", e)
    log(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    errs = len(r["errors"])
    rows = [{"figure": f"one upload: {name}, peak extra server RSS",
             "value": r["singles"][name], "unit": "MB", "goal": f"≤ {ONE_GOAL_MB} MB",
             "reference": "decode_image alone", "ref_value": alone[name]}
            for name in files]
    rows.append({"figure": f"{SESSIONS} such uploads at once: peak extra RSS ({errs} errors)",
                 "value": r["burst"], "unit": "MB", "goal": f"≤ {BURST_GOAL_MB} MB, 0 errors",
                 "reference": "server RSS before", "ref_value": r["burst_before"]})
    return rows


if __name__ == "__main__":
    for row in measure():
        print(row)
