"""The live pieces in real Chromium (ui/live): for the Sigmoid logit, the Softmax temperature and
"raise one class" gap, the Cross-entropy lab's learning rate and the NLL page's "drag one row"
thumbs, input event → frame painted (p95), updates per second during a scripted 120-step mouse
drag, and the server script runs the drag causes (goal: none while dragging, one on release).
Rows for bench/bench.py. Run alone: .venv/bin/python -m bench.live

Latency is measured inside the page: from each `input` event's timestamp to the second animation
frame after it (the frame that shows the redraw has been painted).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DRAG_STEPS = 120

_INSTALL = """(sel) => {
  const input = document.querySelector(sel);
  window.__lxBench = {lat: [], events: 0};
  const b = window.__lxBench;
  input.addEventListener('input', (e) => {
    b.events += 1;
    const t0 = e.timeStamp;
    requestAnimationFrame(() => requestAnimationFrame(() => b.lat.push(performance.now() - t0)));
  });
}"""


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def _drag(page, runs, root: str, thumb_sel: str, start: float | None) -> dict:
    """``root``: the piece's root element, as a selector (or a JS expression if it starts with
    "document"); ``start``: the thumb's value to grab it at (None: where it is)."""
    from tests.e2e.browser import range_point, wait_idle

    wait_idle(page)
    thumb = page.locator(thumb_sel).first
    thumb.scroll_into_view_if_needed()
    page.evaluate(_INSTALL, thumb_sel)
    box = thumb.bounding_box()
    x0, y = range_point(thumb, float(thumb.input_value()) if start is None else start)
    root = root if root.startswith("document") else f"document.querySelector('{root}')"
    updates0 = int(page.evaluate(f"() => {root}.dataset.updates"))
    mark = runs.mark()
    page.mouse.move(x0, y)
    page.mouse.down()
    t = time.perf_counter()
    for k in range(1, DRAG_STEPS + 1):  # back and forth over 40 % of the track
        frac = (k % 40) / 40 if (k // 40) % 2 == 0 else 1 - (k % 40) / 40
        page.mouse.move(x0 - 0.2 * box["width"] + frac * 0.4 * box["width"], y)
    elapsed = time.perf_counter() - t
    page.wait_for_timeout(300)
    during = runs.mark()[0] - mark[0]
    updates = int(page.evaluate(f"() => {root}.dataset.updates"))
    lat = page.evaluate("() => window.__lxBench.lat")
    page.mouse.up()
    runs.wait(page, mark, 30)
    wait_idle(page)
    page.wait_for_timeout(500)
    return {"p95": _pct(lat, 0.95), "p50": _pct(lat, 0.5), "rate": (updates - updates0) / elapsed,
            "during": during, "after": runs.mark()[1] - mark[1]}


def measure() -> list[dict]:
    from tests.e2e.browser import ScriptRuns, browser_page, streamlit_server, wait_idle

    rows = []
    with streamlit_server() as url, browser_page() as page:
        runs = ScriptRuns(page)
        page.goto(f"{url}/sigmoid")
        wait_idle(page, 180_000)
        page.wait_for_function("() => document.querySelector('.lxs-root')?.dataset.source "
                               "=== 'torch'", timeout=60_000)
        sig = _drag(page, runs, ".lxs-root", ".lxs-root input.lxs-thumb", 0.0)
        page.goto(f"{url}/softmax")
        wait_idle(page, 180_000)
        page.wait_for_function("() => document.querySelector('.lxt-root')?.dataset.source "
                               "=== 'torch'", timeout=60_000)
        tmp = _drag(page, runs, ".lxt-root", ".lxt-root input.lxt-thumb", 30)
        gap_thumb = 'input.lxp-thumb[aria-label="Gap over the best other logit"]'
        gap = _drag(page, runs, f"document.querySelector('{gap_thumb}').closest('.lxp-root')",
                    gap_thumb, None)
        page.goto(f"{url}/nll")
        wait_idle(page, 180_000)
        page.get_by_role("button", name="Article's bears batch").click()
        page.wait_for_function("() => document.querySelector('.lxr-root')?.dataset.source "
                               "=== 'torch'", timeout=60_000)
        row = _drag(page, runs, ".lxr-root", ".lxr-root input.lxr-thumb", None)
        page.goto(f"{url}/cross_entropy")
        wait_idle(page, 180_000)
        page.get_by_role("button", name="Article's bears batch").click()
        wait_idle(page, 180_000)
        lr_thumb = 'input.lxp-thumb[aria-label="Learning rate (lr)"]'
        page.wait_for_function(f"() => document.querySelector('{lr_thumb}')", timeout=60_000)
        lr = _drag(page, runs, f"document.querySelector('{lr_thumb}').closest('.lxp-root')",
                   lr_thumb, None)
    for name, r in (("sigmoid logit", sig), ("softmax temperature", tmp),
                    ("softmax raise-one gap", gap), ("nll drag one row", row),
                    ("ce lab learning rate", lr)):
        rows += [
            dict(figure=f"live {name}: input → frame painted, p95", value=r["p95"], unit="ms",
                 goal="≤ 16 ms", reference=f"p50 {r['p50']:.1f} ms"),
            dict(figure=f"live {name}: updates/s, {DRAG_STEPS}-step drag", value=r["rate"],
                 unit="/s", goal="≥ 50 /s", reference="st.slider: 0 until release"),
            dict(figure=f"live {name}: script runs during the drag", value=r["during"],
                 unit="", goal="0 (1 on release)",
                 reference=f"runs asked on release: {r['after']}"),
        ]
    return rows


if __name__ == "__main__":
    for row in measure():
        print(row)
