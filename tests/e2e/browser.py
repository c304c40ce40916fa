"""Helpers shared by the browser tests and tools: start the app, drive Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    for c in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if c and Path(c).exists():
            return c
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ScriptRuns:
    """Counts the script runs a page's Streamlit session has finished, from the WebSocket
    frames themselves (each run ends with a ``script_finished`` ForwardMsg), and the reruns the
    page asked for. Attach before the page opens the app: ``ScriptRuns(page)``.

    Watching the page's ``data-test-script-state`` attribute instead misses runs: a quick run
    (a fragment, a slider step) can go running -> notRunning within one React commit, so the
    attribute never flips and a wait for the flip times out although the run was done."""

    def __init__(self, page):
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._fwd, self._back = ForwardMsg, BackMsg
        self._early = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
        self.finished = 0  # runs that ended (whole script or fragment), not cut short
        self.requested = 0  # rerun_script messages the page sent
        self.answered = 0  # requests sent before the last finished run
        self.last_frame = time.monotonic()
        page.on("websocket", self._attach)

    def _attach(self, ws) -> None:
        if "/_stcore/stream" in ws.url:
            ws.on("framereceived", self._received)
            ws.on("framesent", self._sent)

    def _received(self, payload) -> None:
        self.last_frame = time.monotonic()
        if isinstance(payload, bytes | bytearray):
            m = self._fwd.FromString(bytes(payload))
            if m.WhichOneof("type") == "script_finished" and m.script_finished != self._early:
                self.finished += 1
                self.answered = self.requested

    def _sent(self, payload) -> None:
        if isinstance(payload, bytes | bytearray):
            if self._back.FromString(bytes(payload)).WhichOneof("type") == "rerun_script":
                self.requested += 1

    @property
    def outstanding(self) -> bool:
        """A rerun was asked for after the last run that finished."""
        return self.requested > self.answered

    def mark(self) -> tuple[int, int]:
        """Where the counts stand now: wait for a run after this mark."""
        return self.finished, self.requested

    def wait(self, page, mark: tuple[int, int], timeout_s: float = 60) -> bool:
        """Sync API: True once a run that ends after ``mark`` has finished (the page's events
        are delivered while it waits)."""
        deadline = time.monotonic() + timeout_s
        while self.finished <= mark[0]:
            if time.monotonic() > deadline:
                return False
            page.wait_for_timeout(20)
        return True

    def why_not(self, runs: int, requested: int) -> str:
        """Words for a wait that timed out: did the page ask for a run at all?"""
        if self.requested == requested:
            return "the page sent no rerun request (the action did not reach the server)"
        return (f"the page asked for {self.requested - requested} run(s); "
                f"{self.finished - runs} finished; last frame "
                f"{time.monotonic() - self.last_frame:.1f} s ago")


@contextmanager
def streamlit_server(port: int | None = None, extra_env: dict | None = None,
                     script: str = "app.py"):
    """`streamlit run app.py` (or another ``script`` of the repository, e.g. the benchmark's
    reference) on 127.0.0.1; yields the base URL once /_stcore/health answers."""
    port = port or free_port()
    env = {**os.environ, "MALLOC_ARENA_MAX": "2", **(extra_env or {})}
    log = open(ROOT / f".streamlit-e2e-{port}.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {(ROOT / log.name).read_text()[-2000:]}")
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("streamlit did not become healthy in 90 s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def browser_page(width: int = 1400, height: int = 1000, *, fake_camera: bool = False):
    """A page in Debian's Chromium (``fake_camera``: a test-pattern camera, allowed)."""
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    if exe is None:
        raise RuntimeError("Debian's chromium is missing: apt-get install -y chromium")
    camera = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe,
                                    args=CHROMIUM_FLAGS + (camera if fake_camera else []))
        try:
            page = browser.new_page(viewport={"width": width, "height": height},
                                    permissions=["camera"] if fake_camera else [])
            _RUNS[id(page)] = ScriptRuns(page)  # wait_idle's condition
            try:
                yield page
            finally:
                _RUNS.pop(id(page), None)
        finally:
            browser.close()


@contextmanager
def another_session(page):
    """A second page in a fresh browser context of the same browser: a new Streamlit session,
    as when a link is opened on another computer."""
    ctx = page.context.browser.new_context(viewport=page.viewport_size)
    other = ctx.new_page()
    _RUNS[id(other)] = ScriptRuns(other)
    try:
        yield other
    finally:
        _RUNS.pop(id(other), None)
        ctx.close()


_RUNS: dict[int, ScriptRuns] = {}  # id(page) -> its run counter (pages of browser_page)
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
_TWO_FRAMES = """() => new Promise(done => requestAnimationFrame(() =>
                      requestAnimationFrame(() => done(true))))"""


def runs_of(page) -> ScriptRuns:
    """The run counter of a page opened by browser_page."""
    return _RUNS[id(page)]


def wait_rerun_asked(page, since: int, timeout_ms: int = 10_000) -> None:
    """Wait until the page has sent a rerun request after ``since`` (runs_of(page).requested
    read before the action)."""
    runs, deadline = runs_of(page), time.monotonic() + timeout_ms / 1000
    while runs.requested <= since:
        if time.monotonic() > deadline:
            raise TimeoutError("the page sent no rerun request")
        page.wait_for_timeout(10)  # polling interval: lets Playwright deliver the frames


def wait_idle(page, timeout_ms: int = 60_000) -> None:
    """Wait until the page is at rest: the script is not running, every rerun the page asked
    for (counted from its WebSocket frames, ScriptRuns) has been answered by a finished run, and
    both still hold after the browser has drawn two more frames (so a rerun that a click, a
    component or a run's own end asks for is seen). Conditions only, no fixed sleep; a page
    not opened by browser_page falls back to the script state alone."""
    runs = _RUNS.get(id(page))
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        left = max(1, int((deadline - time.monotonic()) * 1000))
        page.wait_for_selector(IDLE, timeout=left)
        page.evaluate(_TWO_FRAMES)  # also delivers the frames sent so far to ScriptRuns
        if (runs is None or not runs.outstanding) and page.locator(IDLE).count():
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"the page did not come to rest: {runs.why_not(0, 0)}")
        page.wait_for_timeout(20)  # polling interval: lets Playwright deliver the next frames


CAT_CLASSES = "tiger cat|tabby|Egyptian cat"


def upload_cat_on_logits(page, base_url: str, timeout_ms: int = 120_000) -> None:
    """Open the Logits page (the coffee sample first), switch to Upload, send the bundled cat
    photo through the real file input and wait until the top-k table names a cat class."""
    page.goto(f"{base_url}/logits")
    wait_idle(page, timeout_ms)
    page.locator("table", has_text="espresso").first.wait_for(timeout=timeout_ms)
    page.get_by_text("Upload", exact=True).click()
    wait_idle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        str(ROOT / "assets" / "samples" / "cat.png"))
    page.wait_for_function(
        f"""() => [...document.querySelectorAll('table')]
               .some(e => /{CAT_CLASSES}/.test(e.innerText))""", timeout=timeout_ms)
    wait_idle(page)


def range_point(thumb, value: float) -> tuple[float, float]:
    """Where on the screen a range input's thumb sits for ``value`` (for mouse drags)."""
    lo, hi = float(thumb.get_attribute("min")), float(thumb.get_attribute("max"))
    return point_on_range(thumb.bounding_box(), lo, hi, value)


def point_on_range(box: dict, lo: float, hi: float, value: float) -> tuple[float, float]:
    """``range_point`` from a range input's bounding box and its min and max."""
    return box["x"] + box["width"] * (value - lo) / (hi - lo), box["y"] + box["height"] / 2


def full_height(page, width: int, limit: int = 16_000) -> None:
    """Streamlit scrolls inside its main container, so a full-page screenshot would stop at the
    window: grow the window to the content's height first."""
    h = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
        '[data-testid="stMain"], [data-testid="stAppViewContainer"], section.main')]
        .map(e => e.scrollHeight), document.body.scrollHeight)""")
    page.set_viewport_size({"width": width, "height": min(max(int(h) + 40, 600), limit)})
    settle(page)


_SETTLED = """() => {
  const charts = [...document.querySelectorAll('.js-plotly-plot')];
  const drawn = charts.every(c => c.querySelector('.main-svg'));
  const images = [...document.images].every(i => i.complete);
  // Streamlit draws a placeholder until an element below the window comes into view
  const placeholders = document.querySelectorAll(
    '[data-testid="stMain"] [data-testid="stSkeleton"]');
  const h = document.querySelector('[data-testid="stMain"]')?.scrollHeight ?? 0;
  const same = window.__lastHeight === h;
  window.__lastHeight = h;
  return drawn && images && same && placeholders.length === 0;
}"""


def settle(page, timeout_ms: int = 30_000) -> None:
    """Wait until the layout is still: every chart drawn, every image loaded, no placeholder
    left, and the page's height the same on two animation frames in a row (a condition, not a
    fixed sleep)."""
    page.evaluate("() => { window.__lastHeight = -1; }")
    page.wait_for_function(_SETTLED, polling="raf", timeout=timeout_ms)


def safe_name(path: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in path)


def screenshot_all(out_dir: Path, paths: list[str], width: int = 1400) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    shots = []
    with streamlit_server() as url, browser_page(width=width) as page:
        for path in paths:
            page.set_viewport_size({"width": width, "height": 1000})
            page.goto(f"{url}/{path}")
            wait_idle(page, 120_000)
            page.locator("h1").first.wait_for(timeout=60_000)
            wait_idle(page, 120_000)
            settle(page)
            full_height(page, width)
            f = out_dir / f"{safe_name(path or 'home')}-{width}.png"
            page.screenshot(path=str(f), full_page=True)
            shots.append(f)
    return shots


if __name__ == "__main__":  # python tests/e2e/browser.py OUT_DIR [WIDTH] page page ...
    out = Path(sys.argv[1])
    w = int(sys.argv[2]) if len(sys.argv) > 2 else 1400
    for s in screenshot_all(out, sys.argv[3:] or [""], width=w):
        print(s)
