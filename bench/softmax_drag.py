"""Softmax drag chart in real Chromium: key press → chart updated (p50, p95), and chart updates
per second while a thumb is dragged with the mouse. Rows for bench/bench.py.

Key latency is measured inside the page, from the keydown event's timestamp to the end of the
frame that shows the redrawn chart (bench.live's after-paint measure). The reference is
the same key press taken through a Streamlit rerun: the time until torch's numbers come back
from Python (what a plain st.slider would need for every redraw).
Run alone: .venv/bin/python -m bench.softmax_drag
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.live import AFTER_PAINT  # noqa: E402

ROOT_SEL = ".sxd-root"
KEY_PRESSES = 60
DRAG_MOVES = 120

_INSTALL = "() => {\n" + AFTER_PAINT + """
  const root = document.querySelector('.sxd-root');
  window.__sxdBench = {keys: [], lat: [], draws: []};
  const b = window.__sxdBench;
  document.addEventListener('keydown', (e) => b.keys.push(e.timeStamp), true);
  new MutationObserver(() => {
    const t0 = performance.now();
    b.draws.push(t0);
    const key = b.keys.length ? b.keys[b.keys.length - 1] : null;
    window.__lxAfterPaint((t) => {
      if (key !== null && b.lat.length < b.keys.length) b.lat.push(t - key);
    });
  }).observe(root, {attributes: true, attributeFilter: ['data-updates']});
}"""


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def _open(page, url: str) -> None:
    from tests.e2e.browser import wait_idle

    page.goto(f"{url}/softmax")
    wait_idle(page, 180_000)
    page.get_by_role("button", name="Article: horse, ball, fish, car, stick").click()
    page.wait_for_function(f"""() => {{ const r = document.querySelector('{ROOT_SEL}');
        return r && r.dataset.logits && r.dataset.logits.startsWith('-0.2135,'); }}""",
                           timeout=60_000)
    wait_idle(page)


def _key_latencies(page) -> list[float]:
    page.evaluate(_INSTALL)
    thumb = page.locator(f"{ROOT_SEL} input.sxd-thumb").nth(1)
    thumb.focus()
    for k in range(KEY_PRESSES):
        n = page.evaluate("() => window.__sxdBench.lat.length")
        page.keyboard.press("ArrowRight" if (k // 10) % 2 == 0 else "ArrowLeft")
        page.wait_for_function("(n) => window.__sxdBench.lat.length > n", arg=n,
                               polling="raf", timeout=10_000)
        page.wait_for_timeout(30)  # a person does not press 60 keys a second
    return page.evaluate("() => window.__sxdBench.lat")


def _rerun_roundtrips(page, n: int = 8) -> list[float]:
    """Key press → torch's numbers back from Python (a full Streamlit rerun)."""
    from tests.e2e.browser import wait_idle

    out = []
    thumb = page.locator(f"{ROOT_SEL} input.sxd-thumb").nth(3)
    for k in range(n):
        wait_idle(page)
        thumb.focus()
        t = time.perf_counter()
        page.keyboard.press("ArrowRight" if k % 2 == 0 else "ArrowLeft")
        page.wait_for_function(f"""() => document.querySelector('{ROOT_SEL}').dataset.source
                                   === 'browser'""", polling="raf", timeout=10_000)
        page.wait_for_function(f"""() => document.querySelector('{ROOT_SEL}').dataset.source
                                   === 'torch'""", polling="raf", timeout=60_000)
        out.append((time.perf_counter() - t) * 1e3)
    return out


def _drag_rate(page) -> tuple[float, int, int]:
    """Chart updates per second while the mouse drags a thumb (button held down)."""
    from tests.e2e.browser import range_point, wait_idle

    wait_idle(page)
    page.evaluate(_INSTALL)
    thumb = page.locator(f"{ROOT_SEL} input.sxd-thumb").first
    box = thumb.bounding_box()
    x0, y = range_point(thumb, -0.2135)
    page.mouse.move(x0, y)
    page.mouse.down()
    t = time.perf_counter()
    for k in range(1, DRAG_MOVES + 1):  # back and forth over 30 % of the track
        frac = (k % 40) / 40 if (k // 40) % 2 == 0 else 1 - (k % 40) / 40
        page.mouse.move(x0 + frac * 0.3 * box["width"], y)
    elapsed = time.perf_counter() - t
    draws = page.evaluate("() => window.__sxdBench.draws.length")
    page.mouse.up()
    return draws / elapsed, draws, DRAG_MOVES


def measure() -> list[dict]:
    from tests.e2e.browser import browser_page, streamlit_server

    with streamlit_server() as url, browser_page() as page:
        _open(page, url)
        lat = _key_latencies(page)
        rerun = _rerun_roundtrips(page)
        rate, draws, moves = _drag_rate(page)
    ref = statistics.median(rerun)
    return [
        dict(figure="softmax drag: key press → chart updated, p50", value=_pct(lat, 0.5),
             unit="ms", goal="≤ 100 ms", reference="same key via Streamlit rerun p50",
             ref_value=ref),
        dict(figure="softmax drag: key press → chart updated, p95", value=_pct(lat, 0.95),
             unit="ms", goal="≤ 200 ms", reference="same key via Streamlit rerun p95",
             ref_value=_pct(rerun, 0.95)),
        dict(figure=f"softmax drag: chart updates/s while dragging ({draws}/{moves} moves)",
             value=rate, unit="/s", goal="≥ 15 /s",
             reference="st.slider: redraws only on release", ref_value=None),
    ]


if __name__ == "__main__":
    for row in measure():
        print(row)
