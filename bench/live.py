"""The live pieces in real Chromium (ui/live): for the Sigmoid logit, the Softmax temperature and
"raise one class" gap, the Cross-entropy lab's learning rate (on a page with every part open,
and with its part alone open) and the NLL page's "drag one row" thumbs, input event → frame
painted (p95), updates per second during a scripted 120-step mouse drag, and the server script
runs the drag causes (goal: none while dragging, one on release).
For every live piece (those and the Softmax drag chart, the lab's logit scale and label
smoothing): key press → torch-confirmed numbers painted (p50, p95) and the script runs one key
press asks for, beside a plain st.select_slider of the same control whose fragment reruns and
shows torch's numbers for the new value (bench/slider_reference.py).
Rows for bench/bench.py. Run alone: .venv/bin/python -m bench.live

Each drag is measured two ways. Paced: 120 mouse moves sent at 60 Hz, each sent on time
whether or not the last one has been handled, as a mouse sends them (raw CDP from Playwright's
async API), three drags per piece pooled into one sample (PACED_REPEATS); the piece's updates
per second and input → frame painted are the goal rows.
Awaited: Playwright's mouse.move, which waits for each move's round trip through its driver
and the browser before it sends the next; its rate counts that round trip as well as the
page's frame (the Sigmoid piece, 5 ms a frame, gave 40–53 /s this way in one probe at load
average 1.3), so it is reported beside the paced rate, with the script runs the drag causes.

Latency is measured inside the page: from each `input` event's (or `keydown` event's) timestamp
to the end of the frame it waits for (a task queued from that frame's animation-frame callback:
it runs once the frame is painted).
Each drag move is a whole number of the thumb's steps, so every move changes the value. Key
presses are timed twice: to the first frame for the new value (a grid piece plays torch's
frames, computed in advance; the other pieces draw the browser's numbers first) and to the
frame with the server's numbers (source "torch", after its run). The Sigmoid logit, the Softmax
drag chart and "drag one row" ask for two runs a commit: their own, then (once their numbers
are painted) their part's (RUNS_PER_COMMIT). The grid pieces (the temperature, the gap, the
labs) hold every number of their part, so their first frame is torch-confirmed (WHOLE_PART,
checked at every press: nothing else on screen changes in the server's run that follows); that
run is reported beside it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DRAG_STEPS = 120

# After the next frame is painted: a task queued from that frame's animation-frame callback runs
# once the frame's rendering (style, layout, paint) is done. Two animation frames would land a
# whole frame (16.7 ms at 60 Hz) later than the paint they wait for.
AFTER_PAINT = """window.__lxAfterPaint = (cb) => requestAnimationFrame(() => {
  const ch = new MessageChannel();
  ch.port1.onmessage = () => cb(performance.now());
  ch.port2.postMessage(0);
});"""

# Each input event of a drag → the end of the frame that shows it, and the piece's updates (the
# same for the awaited and the paced drag). (The Event Timing API does not report a range
# input's input events during a drag, so it cannot cross-check this.)
_INSTALL = "([rootExpr, sel]) => {\n" + AFTER_PAINT + """
  const root = eval(rootExpr);
  const input = document.querySelector(sel);
  window.__lxBench = {lat: [], events: 0, updates0: Number(root.dataset.updates)};
  const b = window.__lxBench;
  if (input.__lxBench) input.removeEventListener('input', input.__lxBench);
  input.__lxBench = (e) => {
    b.events += 1;
    const t0 = e.timeStamp;
    window.__lxAfterPaint((t) => b.lat.push(t - t0));
  };
  input.addEventListener('input', input.__lxBench);
}"""


def _root_expr(root: str) -> str:
    """A piece's root as a JS expression: a selector, or already an expression ("document...")."""
    return root if root.startswith("document") else f"document.querySelector('{root}')"


def _wait_torch(page, root: str) -> None:
    """Until the piece at ``root`` shows torch's numbers (its dataset's source)."""
    page.wait_for_function(f"() => {_root_expr(root)}?.dataset.source === 'torch'",
                           timeout=60_000)


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def _drag_path(lo: float, hi: float, step: float, width: float) -> list[float]:
    """The DRAG_STEPS moves of a drag, as offsets (px) from where the thumb is grabbed: back and
    forth over 40 % of the track, each move a whole number of the thumb's steps (at least 1 %
    of the track), so that every move changes the value: a coarse grid (the learning rate's 51
    points) is not counted as frames the piece failed to draw."""
    per_leg = max(1, min(DRAG_STEPS // 3, int(0.4 * (hi - lo) / step)))
    out = []
    for k in range(1, DRAG_STEPS + 1):
        frac = (k % per_leg) / per_leg if (k // per_leg) % 2 == 0 else 1 - (k % per_leg) / per_leg
        out.append((-0.2 + frac * 0.4) * width)
    return out


def _drag(page, runs, root: str, thumb_sel: str, start: float | None) -> dict:
    """``root``: the piece's root element, as a selector (or a JS expression if it starts with
    "document"); ``start``: the thumb's value to grab it at (None: where it is)."""
    from tests.e2e.browser import range_point, wait_idle

    wait_idle(page)
    thumb = page.locator(thumb_sel).first
    thumb.scroll_into_view_if_needed()
    root = _root_expr(root)
    page.evaluate(_INSTALL, [root, thumb_sel])
    box = thumb.bounding_box()
    x0, y = range_point(thumb, float(thumb.input_value()) if start is None else start)
    lo, hi, step = (float(thumb.get_attribute(a)) for a in ("min", "max", "step"))
    path = _drag_path(lo, hi, step, box["width"])
    mark = runs.mark()
    page.mouse.move(x0, y)
    page.mouse.down()
    t = time.perf_counter()
    for dx in path:
        page.mouse.move(x0 + dx, y)
    elapsed = time.perf_counter() - t
    page.wait_for_timeout(300)
    during = runs.mark()[0] - mark[0]
    b = page.evaluate("() => window.__lxBench")
    updates = int(page.evaluate(f"() => {root}.dataset.updates")) - b["updates0"]
    lat = b["lat"]
    page.mouse.up()
    runs.wait(page, mark, 30)
    wait_idle(page)
    page.wait_for_timeout(500)
    return {"p95": _pct(lat, 0.95), "p50": _pct(lat, 0.5), "rate": updates / elapsed,
            "events": b["events"], "drawn": updates,
            "during": during, "after": runs.mark()[1] - mark[1]}


PACED_HZ = 60.0  # the paced drag's moves per second (a mouse's rate)
# Paced drags per piece, one after the other on its page, measured as one sample: a p95 over one
# drag's 120 frames is its 6th-worst frame, and on this 2-core machine one hitch (the browser's
# other threads, the server, the harness) moved it from 9 to 24 ms between runs of the same code.
PACED_REPEATS = 3

async def _paced_drag(page, cdp, root: str, thumb_sel: str, start: float | None,
                      mirror: bool = False) -> dict:
    """The same back-and-forth path as _drag (``mirror``: the same path mirrored, so that a
    drag repeated from the same start ends on another value and commits), each of its
    DRAG_STEPS moves sent by CDP at PACED_HZ without waiting for the previous one to be handled
    (Chromium merges moves that arrive within one frame, as it does a real mouse's)."""
    import asyncio

    from tests.e2e.browser import point_on_range

    thumb = page.locator(thumb_sel).first
    await thumb.scroll_into_view_if_needed()
    box = await thumb.bounding_box()
    lo, hi, step = [float(await thumb.get_attribute(a)) for a in ("min", "max", "step")]
    value = float(await thumb.input_value()) if start is None else start
    x0, y = point_on_range(box, lo, hi, value)
    root = _root_expr(root)
    await page.evaluate(_INSTALL, [root, thumb_sel])

    def mouse(kind: str, x: float, buttons: int, **more):
        return cdp.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y,
                                                      "button": "left", "buttons": buttons,
                                                      **more})

    await mouse("mouseMoved", x0, 0)
    await mouse("mousePressed", x0, 1, clickCount=1)
    sent, t0 = [], time.perf_counter()
    for k, dx in enumerate(_drag_path(lo, hi, step, box["width"]), start=1):
        sent.append(asyncio.ensure_future(mouse("mouseMoved", x0 - dx if mirror else x0 + dx, 1)))
        await asyncio.sleep(max(0.0, t0 + k / PACED_HZ - time.perf_counter()))
    await asyncio.gather(*sent)
    elapsed = time.perf_counter() - t0
    await asyncio.sleep(0.3)
    b = await page.evaluate("() => window.__lxBench")
    updates = int(await page.evaluate(f"() => {root}.dataset.updates")) - b["updates0"]
    await mouse("mouseReleased", x0, 0, clickCount=1)
    await page.wait_for_function(f"() => {root}.dataset.source === 'torch'", timeout=60_000)
    await asyncio.sleep(1.0)  # the release's run
    return {"p95": _pct(b["lat"], 0.95), "p50": _pct(b["lat"], 0.5), "rate": updates / elapsed,
            "events": b["events"], "drawn": updates, "sent_rate": DRAG_STEPS / elapsed,
            "lat": b["lat"], "elapsed": elapsed, "start": value}


def _pooled(drags: list[dict]) -> dict:
    """PACED_REPEATS paced drags of one piece as one sample: p50 / p95 over all their frames,
    updates per second over their summed time; each drag's rate and p95 kept for the table."""
    lat = [x for d in drags for x in d["lat"]]
    elapsed = sum(d["elapsed"] for d in drags)
    return {"p95": _pct(lat, 0.95), "p50": _pct(lat, 0.5),
            "rate": sum(d["drawn"] for d in drags) / elapsed,
            "events": sum(d["events"] for d in drags), "drawn": sum(d["drawn"] for d in drags),
            "sent_rate": DRAG_STEPS * len(drags) / elapsed, "frames": len(lat),
            "each": [(d["rate"], d["p95"]) for d in drags]}


# The drags, as _drag and _paced_drag make them: (row name, page, the piece's root, its thumb,
# where to grab it (None: where it is), whether the page needs the article's bears batch).
def _drag_targets() -> list[tuple]:
    gap_thumb = 'input.lxp-thumb[aria-label="Gap over the best other logit"]'
    lr_thumb = 'input.lxp-thumb[aria-label="Learning rate (lr)"]'
    lr_root = f"document.querySelector('{lr_thumb}').closest('.lxp-root')"
    return [
        ("sigmoid logit", "sigmoid", ".lxs-root", ".lxs-root input.lxs-thumb", 0.0, False),
        ("softmax temperature", "softmax?open=1", ".lxt-root", ".lxt-root input.lxt-thumb", 30,
         False),
        ("softmax raise-one gap", "softmax?open=1",
         f"document.querySelector('{gap_thumb}').closest('.lxp-root')", gap_thumb, None, False),
        ("nll drag one row", "nll?parts=nll_row_drag", ".lxr-root", ".lxr-root input.lxr-thumb",
         None, True),
        ("ce lab learning rate (every part of the page open)", "cross_entropy?open=1", lr_root,
         lr_thumb, None, True),
        ("ce lab learning rate (its part alone open)", "cross_entropy?parts=ce_gradient",
         lr_root, lr_thumb, None, True),
    ]


async def _paced_all(url: str) -> dict[str, dict]:
    """Every drag of _drag_targets paced, each on a page of its own, in one Chromium."""
    import asyncio

    from playwright.async_api import async_playwright

    from tests.e2e.browser import CHROMIUM_FLAGS, IDLE, chromium_path

    out = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            for name, path, root, thumb, start, bears in _drag_targets():
                page = await browser.new_page(viewport={"width": 1400, "height": 1000})
                await page.goto(f"{url}/{path}")
                rexpr = _root_expr(root)
                if bears:
                    await page.get_by_role("button", name="Article's bears batch").click(
                        timeout=180_000)
                await page.wait_for_function(  # (its thumb may not be drawn yet: try)
                    f"() => {{ try {{ return {rexpr}.dataset.source === 'torch'; }} "
                    "catch (e) { return false; } }", timeout=180_000)
                cdp = await page.context.new_cdp_session(page)
                drags = []
                for k in range(PACED_REPEATS):
                    await page.wait_for_selector(IDLE, timeout=180_000)
                    await asyncio.sleep(2.0)  # the page at rest (its pieces drawn)
                    at = start if start is not None or not drags else drags[0]["start"]
                    drags.append(await _paced_drag(page, cdp, root, thumb, at, k % 2 == 1))
                out[name] = _pooled(drags)
                await page.close()
        finally:
            await browser.close()
    return out


KEY_PRESSES = 16  # per piece (and per reference slider)

# The text the page shows outside its live pieces (the main area's, without the pieces; closed
# parts and expanders are not shown, so not counted): read when a key press's first frame is
# painted and again once the page is at rest, it tells whether the server's run changed anything
# on screen besides the piece (for a grid piece that holds every number of its part: no).
OUTSIDE = """window.__lxOutside = () => {
  const main = document.querySelector('[data-testid="stMain"]');
  return [...main.querySelectorAll('[data-testid="stElementContainer"]')]
    .filter((e) => !e.querySelector('[data-testid="stElementContainer"], .lx-root'))
    .map((e) => e.innerText).join('\\n');
};"""

# Armed before each key press: the keydown's timestamp; tf when the first frame for the thumb's
# new value (``ok(root, input)``) is painted, whatever its source (a grid piece's frame is
# torch's, computed in advance; the other pieces' first frame is the browser's); t1 when the
# first frame after it in which the piece says its numbers are torch's again (its dataset's
# source, written with the numbers, after the server's run) is painted.
_KEY_ARM = "([rootExpr, okExpr]) => {\n" + AFTER_PAINT + OUTSIDE + """
  const root = () => eval(rootExpr);
  const ok = eval(okExpr);
  const k = window.__lxKey = {t0: null, t1: null, tf: null, ok: null, outside: null};
  document.addEventListener('keydown', (e) => { k.t0 = e.timeStamp; },
                            {capture: true, once: true});
  let first = false;
  const obs = new MutationObserver(() => {
    const r = root();
    if (k.t0 === null || !r) return;
    if (!first && ok(r, document.activeElement)) {
      first = true;
      window.__lxAfterPaint((t) => { k.tf = t; k.outside = window.__lxOutside(); });
    }
    if (r.dataset.source !== 'torch') return;
    obs.disconnect();
    k.ok = ok(r, document.activeElement);
    window.__lxAfterPaint((t) => { k.t1 = t; });
  });
  obs.observe(document.body, {attributes: true, subtree: true,
                              attributeFilter: ['data-updates']});
}"""

# The same for a plain Streamlit slider: the first change of its part's table after the key.
_REF_ARM = "(sel) => {\n" + AFTER_PAINT + """
  const part = document.querySelector(sel);
  const before = part.querySelector('table').innerText;
  const k = window.__lxKey = {t0: null, t1: null, ok: true};
  document.addEventListener('keydown', (e) => { k.t0 = e.timeStamp; },
                            {capture: true, once: true});
  const obs = new MutationObserver(() => {
    const t = part.querySelector('table');
    if (k.t0 === null || !t || t.innerText === before) return;
    obs.disconnect();
    window.__lxAfterPaint((t) => { k.t1 = t; });
  });
  obs.observe(part, {childList: true, subtree: true, characterData: true});
}"""

# Whether the torch numbers shown are the thumb's value: a grid piece's index, a logit's text.
OK_INDEX = "(r, input) => r.dataset.index === input.value"
OK_Z = "(r, input) => Math.abs(Number(r.dataset.z) - Number(input.value)) < 1e-6"
OK_ROW = ("(r, input) => { const i = [...r.querySelectorAll('input[type=range]')].indexOf(input);"
          " const z = r.dataset.logits ? r.dataset.logits.split(',')"
          " : JSON.parse(r.dataset.shown).logits;"
          " return Math.abs(Number(z[i]) - Number(input.value)) < 1e-4; }")


def _press(k: int) -> str:
    return "ArrowRight" if (k // 4) % 2 == 0 else "ArrowLeft"  # stays near where it started


def _keys_to_torch(page, runs, root: str, thumb_sel: str, ok: str) -> dict:
    """KEY_PRESSES single key presses on a piece's thumb, each left to finish (the page at
    rest) before the next: key → torch's numbers painted, and the runs each press asked for."""
    from tests.e2e.browser import wait_idle

    root = _root_expr(root)
    thumb = page.locator(thumb_sel).first
    thumb.scroll_into_view_if_needed()
    lat, first, asked, wrong, changed = [], [], [], 0, 0
    for k in range(KEY_PRESSES):
        wait_idle(page)
        thumb.focus()
        page.evaluate(_KEY_ARM, [root, ok])
        mark = runs.mark()
        page.keyboard.press(_press(k))
        page.wait_for_function("() => window.__lxKey.t1 !== null", polling="raf",
                               timeout=60_000)
        got = page.evaluate("() => window.__lxKey")
        lat.append(got["t1"] - got["t0"])
        if got["tf"] is not None:
            first.append(got["tf"] - got["t0"])
        wrong += not got["ok"]
        wait_idle(page)
        changed += got["outside"] != page.evaluate("() => window.__lxOutside()")
        asked.append(runs.requested - mark[1])
    during, after = _held_key(page, runs, thumb)
    return {"p50": _pct(lat, 0.5), "p95": _pct(lat, 0.95), "asked": max(asked),
            "grid": ok == OK_INDEX, "first50": _pct(first, 0.5) if first else None,
            "first95": _pct(first, 0.95) if first else None,
            "wrong": wrong, "changed": changed, "during": during, "after": after}


def _held_key(page, runs, thumb, repeats: int = 8) -> tuple[int, int]:
    """An arrow key held down (a keydown, then ``repeats`` auto-repeats about 35 ms apart):
    the runs asked for while it is held, and once it comes up."""
    from tests.e2e.browser import wait_idle

    wait_idle(page)
    thumb.focus()
    mark = runs.mark()
    for _ in range(repeats + 1):
        page.keyboard.down("ArrowRight")  # (no piece starts at its right end here)
        page.wait_for_timeout(35)
    page.wait_for_timeout(300)
    during = runs.requested - mark[1]
    page.keyboard.up("ArrowRight")
    runs.wait(page, mark, 30)
    wait_idle(page)
    return during, runs.requested - mark[1] - during


def _reference(names: list[str]) -> dict[str, dict]:
    """The same key presses on plain st.select_slider controls (bench/slider_reference.py)."""
    from bench.slider_reference import key_of
    from tests.e2e.browser import browser_page, streamlit_server, wait_idle

    out = {}
    with streamlit_server(script="bench/slider_reference.py") as url, browser_page() as page:
        page.goto(url)
        wait_idle(page, 180_000)
        for name in names:
            sel = f".st-key-{key_of(name)}"
            thumb = page.locator(f'{sel} input[type="range"]')  # (react-aria's thumb)
            thumb.scroll_into_view_if_needed()
            lat = []
            for k in range(KEY_PRESSES):
                wait_idle(page)
                thumb.focus()
                page.evaluate(_REF_ARM, sel)
                page.keyboard.press(_press(k))
                page.wait_for_function("() => window.__lxKey.t1 !== null", polling="raf",
                                       timeout=60_000)
                got = page.evaluate("() => window.__lxKey")
                lat.append(got["t1"] - got["t0"])
            out[name] = {"p50": _pct(lat, 0.5), "p95": _pct(lat, 0.95)}
    return out


# A piece whose own run leaves the part it sits in behind asks for that part once the browser
# has painted its numbers (piece.js lxSettle): two runs a commit, the piece's and the part's.
RUNS_PER_COMMIT = {"sigmoid logit": 2, "nll drag one row": 2, "softmax drag": 2}

# Grid pieces that hold every number of their part that their control changes (the Softmax
# temperature and raise-one gap, the Cross-entropy labs: readouts, charts, tables, the words
# under them, all played back from torch's frames): their first frame for the new value is
# torch's numbers everywhere the page shows them, so that is when a key press is
# torch-confirmed. The server's run that follows keeps the value (the link; for the labs the
# exact box and the code panel, closed by default, with its code and output); it is reported
# beside it. Each press checks the claim: the text shown outside the pieces is read at the first
# frame and again at rest (OUTSIDE); where the server's run changed it, even once, the row
# takes the server's run instead.
WHOLE_PART = {"softmax temperature", "softmax raise-one gap", "ce lab learning rate",
              "ce lab logit scale", "ce lab label smoothing"}


def _key_rows(keys: dict[str, dict], ref: dict[str, dict]) -> list[dict]:
    rows = []
    for name, r in keys.items():
        note = f"; {r['wrong']} showed another value" if r["wrong"] else ""
        kind = ("torch's frame, computed in advance (a grid piece)" if r["grid"]
                else "the browser's numbers (math.js) until torch's arrive")
        whole = name in WHOLE_PART and r["changed"] == 0
        p50, p95 = (r["first50"], r["first95"]) if whole else (r["p50"], r["p95"])
        how = (" (the piece holds every number of its part: its first frame)" if whole
               else "")
        outside = (f"; the text outside the pieces changed after the first frame in "
                   f"{r['changed']} of {KEY_PRESSES} presses")
        rows += [
            dict(figure=f"live {name}: key press → first frame for the new value painted, p50 "
                        "/ p95", value=r["first50"], unit="ms", goal="(report)",
                 reference=f"p95 {r['first95']:.1f} ms; shows {kind}"),
            dict(figure=f"live {name}: key press → torch-confirmed numbers painted{how}, p50",
                 value=p50, unit="ms", goal="≤ 150 ms",
                 reference="plain st.select_slider, same control, fragment rerun: p50"
                           + outside, ref_value=ref[name]["p50"]),
            dict(figure=f"live {name}: key press → torch-confirmed numbers painted{how}, p95",
                 value=p95, unit="ms", goal="≤ 300 ms",
                 reference="plain st.select_slider, same control, fragment rerun: p95",
                 ref_value=ref[name]["p95"]),
        ]
        if name in WHOLE_PART:
            rows.append(dict(
                figure=f"live {name}: key press → the server's run painted (the value kept: "
                       "the link; where the part has them, the exact box and the code panel's code "
                       "and output), p50 / p95",
                value=r["p50"], unit="ms", goal="(report)",
                reference=f"p95 {r['p95']:.0f} ms; plain st.select_slider p50 "
                          f"{ref[name]['p50']:.0f} ms"))
        rows += [
            dict(figure=f"live {name}: script runs one key press asks for (most of "
                        f"{KEY_PRESSES})", value=r["asked"], unit="",
                 goal=str(RUNS_PER_COMMIT.get(name, 1)),
                 reference=f"st.select_slider: 1 per press{note}"),
            dict(figure=f"live {name}: script runs while an arrow key is held (8 repeats)",
                 value=r["during"], unit="", goal=f"0 ({RUNS_PER_COMMIT.get(name, 1)} on release)",
                 reference=f"runs asked on key up: {r['after']}; st.select_slider: 1 per "
                           "repeat"),
        ]
    return rows


def measure() -> list[dict]:
    import asyncio

    from tests.e2e.browser import ScriptRuns, browser_page, streamlit_server, wait_idle

    rows, keys = [], {}
    piece = {name: (root, thumb, start) for name, _, root, thumb, start, _ in _drag_targets()}
    where = {name: path for name, path, *_ in _drag_targets()}
    lr_open = "ce lab learning rate (every part of the page open)"
    lr_alone = "ce lab learning rate (its part alone open)"
    with streamlit_server() as url:
        with browser_page() as page:
            runs = ScriptRuns(page)
            page.goto(f"{url}/{where['sigmoid logit']}")
            wait_idle(page, 180_000)
            _wait_torch(page, piece["sigmoid logit"][0])
            sig = _drag(page, runs, *piece["sigmoid logit"])
            keys["sigmoid logit"] = _keys_to_torch(page, runs, *piece["sigmoid logit"][:2], OK_Z)
            page.goto(f"{url}/softmax")  # the lesson's view: the drag chart, every part closed
            wait_idle(page, 180_000)
            _wait_torch(page, ".sxd-root")
            keys["softmax drag"] = _keys_to_torch(page, runs, ".sxd-root",
                                                  ".sxd-root input.sxd-thumb >> nth=1", OK_ROW)
            page.goto(f"{url}/{where['softmax temperature']}")  # its parts open: their pieces
            wait_idle(page, 180_000)
            _wait_torch(page, piece["softmax temperature"][0])
            tmp = _drag(page, runs, *piece["softmax temperature"])
            keys["softmax temperature"] = _keys_to_torch(
                page, runs, *piece["softmax temperature"][:2], OK_INDEX)
            gap = _drag(page, runs, *piece["softmax raise-one gap"])
            keys["softmax raise-one gap"] = _keys_to_torch(
                page, runs, *piece["softmax raise-one gap"][:2], OK_INDEX)
            page.goto(f"{url}/{where['nll drag one row']}")  # its row-drag part open
            wait_idle(page, 180_000)
            page.get_by_role("button", name="Article's bears batch").click()
            _wait_torch(page, piece["nll drag one row"][0])
            row = _drag(page, runs, *piece["nll drag one row"])
            keys["nll drag one row"] = _keys_to_torch(page, runs, *piece["nll drag one row"][:2],
                                                      OK_ROW)
            # the lab as a learner opens it (its part alone), then with every part of the page open
            lrs = {}
            for name in (lr_alone, lr_open):
                page.goto(f"{url}/{where[name]}")
                wait_idle(page, 180_000)
                page.get_by_role("button", name="Article's bears batch").click()
                wait_idle(page, 180_000)
                _wait_torch(page, piece[name][0])
                lrs[name] = _drag(page, runs, *piece[name])
            for name, label in (("ce lab learning rate", "Learning rate (lr)"),
                                ("ce lab logit scale", "Scale the logits by"),
                                ("ce lab label smoothing", "label_smoothing")):
                thumb = f'input.lxp-thumb[aria-label="{label}"]'
                keys[name] = _keys_to_torch(
                    page, runs, f"document.querySelector('{thumb}').closest('.lxp-root')", thumb,
                    OK_INDEX)
        paced = asyncio.run(_paced_all(url))  # (the sync browser closed: its loop is gone)
    awaited = {"sigmoid logit": sig, "softmax temperature": tmp, "softmax raise-one gap": gap,
               "nll drag one row": row,
               lr_open: lrs[lr_open], lr_alone: lrs[lr_alone]}
    for name, r in awaited.items():
        q = paced[name]
        rows += [
            dict(figure=f"live {name}: input → frame painted, p95 ({PACED_REPEATS} drags of "
                        f"{DRAG_STEPS} moves paced at {PACED_HZ:.0f} Hz, every frame)",
                 value=q["p95"], unit="ms", goal="≤ 16 ms",
                 reference=f"p50 {q['p50']:.1f} ms over {q['frames']} frames; each drag's p95: "
                           + " / ".join(f"{p:.1f}" for _, p in q["each"])
                           + f" ms; moves awaited: p95 {r['p95']:.1f} ms"),
            dict(figure=f"live {name}: updates/s, {PACED_REPEATS} drags of {DRAG_STEPS} moves "
                        f"paced at {PACED_HZ:.0f} Hz", value=q["rate"], unit="/s", goal="≥ 50 /s",
                 reference="each drag: " + " / ".join(f"{x:.1f}" for x, _ in q["each"])
                           + f" /s; {q['drawn']} frames for {q['events']} values "
                           f"({q['sent_rate']:.1f} moves/s sent); st.slider: 0 until release"),
            dict(figure=f"live {name}: updates/s, {DRAG_STEPS} moves each awaited "
                        "(Playwright's mouse.move: a round trip per move)", value=r["rate"],
                 unit="/s", goal="(report)",
                 reference=f"{r['drawn']} frames for {r['events']} values"),
            dict(figure=f"live {name}: script runs during the drag", value=r["during"],
                 unit="", goal=f"0 ({RUNS_PER_COMMIT.get(name, 1)} on release)",
                 reference=f"runs asked on release: {r['after']}"),
        ]
    for name, r in keys.items():  # printed now: the reference below takes minutes
        print(f"# {name}: key → torch p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, "
              f"first frame p50 {r['first50']}, "
              f"runs/press {r['asked']}, held {r['during']} / up {r['after']}, "
              f"outside changed {r['changed']}", file=sys.stderr)
    return rows + _key_rows(keys, _reference(list(keys)))


if __name__ == "__main__":
    for row in measure():
        print(row)
