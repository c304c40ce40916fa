"""The scale-out recipe (scripts/scale_out.sh + deploy/nginx.conf), tested for real: two
`streamlit run` replicas behind Debian's nginx on loopback. New visitors spread over both
replicas, a visitor with the route cookie always reaches the same one, and a browser session
through nginx (WebSocket upgrade + a file upload that must land on the session's replica)
classifies an uploaded photo.

What a public deployment needs is checked here too: security headers (a Content-Security-Policy
under which every page loads in Chromium with zero violations, nosniff, Referrer-Policy) on
HTML, static assets and nginx's own error pages; /_stcore/metrics not served; uploads limited to
the app's size (413 from nginx above it, before a replica sees the body) and rate-limited per
client address (429 after the burst).

Runs only where nginx is installed (apt-get install -y nginx); elsewhere, or with
SKIP_SCALE_OUT=1, it is skipped with that reason printed in the summary (pytest -ra).
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import math
import os
import re
import shutil
import subprocess
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from core.base.i18n import tr
from tests.e2e.browser import (
    CHROMIUM_FLAGS,
    ROOT,
    chromium_path,
    free_port,
    upload_cat_on_logits,
    wait_idle,
)
from ui.nav import PAGES

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
pytestmark = [
    pytest.mark.skipif(NGINX is None, reason="scale-out test needs nginx: apt-get install -y "
                       "nginx (the hostile and fuzz gates do not)"),
    pytest.mark.skipif(bool(os.environ.get("SKIP_SCALE_OUT")), reason="SKIP_SCALE_OUT is set"),
]
SCRIPT = ROOT / "scripts" / "scale_out.sh"
# the app's limits: Streamlit compares an upload request's whole body with maxUploadSize MiB;
# the app itself refuses a file over MAX_UPLOAD_MB * 10^6 bytes (core/photo/images.py)
MAX_UPLOAD_MB = tomllib.loads((ROOT / ".streamlit/config.toml").read_text())["server"][
    "maxUploadSize"]
MAX_BODY = MAX_UPLOAD_MB * 1024 * 1024
UPLOAD = "/_stcore/upload_file"
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    """Two replicas + nginx on free loopback ports; stopped afterwards, whatever happens."""
    listen, base = free_port(), free_port()
    while abs(listen - base) <= 2:
        base = free_port()
    env = {**os.environ, "LISTEN": f"127.0.0.1:{listen}", "BASE_PORT": str(base),
           "RUN_DIR": str(tmp_path_factory.mktemp("scale-out"))}
    run = lambda *a: subprocess.run(["bash", str(SCRIPT), *a], env=env, cwd=ROOT,
                                    capture_output=True, text=True, timeout=300)
    started = run("start", "2")
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield {"url": f"http://127.0.0.1:{listen}", "port": listen,
               "replicas": {f"127.0.0.1:{base + 1}", f"127.0.0.1:{base + 2}"}}
    finally:
        stopped = run("stop")
        assert stopped.returncode == 0, stopped.stderr


def get(url: str, cookie: str | None = None):
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, r.headers


def request(front, method: str, path: str, body: bytes = b"", headers: dict | None = None,
            source: str = "127.0.0.1"):
    """One request on its own connection from ``source`` (any 127.x address is a different
    client to nginx); returns (status, headers, body). Error statuses are returned, not raised."""
    conn = http.client.HTTPConnection("127.0.0.1", front["port"], timeout=60,
                                      source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.headers, r.read()
    finally:
        conn.close()


def csp_directives(value: str) -> dict[str, list[str]]:
    out = {}
    for part in filter(None, (p.strip() for p in value.split(";"))):
        name, *sources = part.split()
        out[name.lower()] = sources
    return out


def check_security_headers(headers, html: str | None = None) -> None:
    csp = headers.get_all("Content-Security-Policy") or []
    assert len(csp) == 1, csp
    d = csp_directives(csp[0])
    assert d["default-src"] == ["'self'"], d
    assert d["frame-ancestors"] in (["'self'"], ["'none'"]), d
    assert d["object-src"] == ["'none'"] and d["base-uri"] == ["'self'"], d
    assert d["connect-src"] in (["'self'"], ["'self'", "data:"]), d  # data:: camera input
    assert "'unsafe-inline'" not in d["script-src"], d["script-src"]
    # no other origin anywhere: only keywords, hashes and the data:/blob: schemes
    others = [s for v in d.values() for s in v
              if not (s.startswith("'") or s in ("data:", "blob:"))]
    assert not others, others
    if html is not None:  # every inline script of this page is allowed by its hash, exactly
        inline = re.findall(r"<script\b(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
        assert inline, "Streamlit's index.html had an inline script; has it changed?"
        for s in inline:
            digest = base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in d["script-src"], (s, d["script-src"])
    assert headers.get_all("X-Content-Type-Options") == ["nosniff"]
    assert headers.get_all("Referrer-Policy") in (["no-referrer"], ["same-origin"])


def multipart(n_bytes: int, total: int | None = None) -> tuple[bytes, str]:
    """A multipart body as the browser sends it, carrying a file of ``n_bytes`` bytes, or
    padded so the whole body is ``total`` bytes."""
    boundary = "----LogitsExplorerBoundary7MA4YWxkTrZu0gW"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"photo.png\"\r\nContent-Type: image/png\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    if total is not None:
        n_bytes = total - len(head) - len(tail)
    return head + b"\0" * n_bytes + tail, f"multipart/form-data; boundary={boundary}"


def test_new_visitors_spread_and_a_cookie_sticks(front):
    seen, cookies = set(), []
    for _ in range(24):
        status, h = get(front["url"] + "/")
        assert status == 200
        seen.add(h["X-Upstream"])
        cookies.append(h["Set-Cookie"].split(";")[0])
    assert seen == front["replicas"], seen  # 24 random ids miss one replica with p = 2^-23
    for c in cookies[:6]:
        first = {get(front["url"] + "/_stcore/health", c)[1]["X-Upstream"] for _ in range(5)}
        assert len(first) == 1, (c, first)


def test_security_headers_on_html_assets_and_nginx_errors(front):
    status, h, body = request(front, "GET", "/")
    assert status == 200 and h.get_content_type() == "text/html"
    html = body.decode()
    check_security_headers(h, html)
    assets = re.findall(r'src="\./(static/js/[^"]+\.js)"', html)
    assert assets, html[:500]
    status, h, _ = request(front, "GET", "/" + assets[0])
    assert status == 200 and "javascript" in h["Content-Type"], (status, h["Content-Type"])
    check_security_headers(h)
    status, h, _ = request(front, "GET", "/no-such-page/../_stcore/metrics")  # nginx's own 404
    assert status in (403, 404)
    check_security_headers(h)
    assert "nginx/" not in (h["Server"] or "")  # no version for scanners


def test_metrics_are_not_served_through_nginx(front):
    replica = sorted(front["replicas"])[0]
    with urllib.request.urlopen(f"http://{replica}/_stcore/metrics", timeout=30) as r:
        assert b"session_events" in r.read()  # the replica serves it: nginx must hide it
    for path in ("/_stcore/metrics", "/_stcore/metrics/", "//_stcore/metrics",
                 "/_stcore/%6Detrics", "/_stcore/metrics?format=text", "/x/../_stcore/metrics"):
        status, h, body = request(front, "GET", path)
        assert status in (403, 404), (path, status)
        assert b"session_events" not in body and not h["X-Upstream"], path


@pytest.fixture(scope="module")
def browser(front):
    """One Chromium page through nginx for the module, recording every CSP violation (the
    page's `securitypolicyviolation` events and the console's reports) and the id of the
    Streamlit session its WebSocket opened last."""
    from playwright.sync_api import sync_playwright
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    seen = {"console": [], "sessions": []}

    def on_frame(payload):
        if isinstance(payload, bytes | bytearray):
            m = ForwardMsg.FromString(bytes(payload))
            if m.WhichOneof("type") == "new_session":
                seen["sessions"].append(m.new_session.initialize.session_id)

    def on_websocket(ws):
        if "/_stcore/stream" in ws.url:
            ws.on("framereceived", on_frame)

    def on_console(msg):
        if "Content Security Policy" in msg.text or "Content-Security-Policy" in msg.text:
            seen["console"].append(msg.text[:300])

    def watch(page):
        page.add_init_script("""document.addEventListener('securitypolicyviolation', e =>
            console.error('Content Security Policy violation: ' + e.violatedDirective + ' '
                          + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));""")
        page.on("console", on_console)
        page.on("websocket", on_websocket)

    if chromium_path() is None:
        raise RuntimeError("Debian's chromium is missing: apt-get install -y chromium")
    with sync_playwright() as p:  # a fake camera (a test pattern) for the camera input
        chromium = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS + [
            "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"])
        try:
            ctx = chromium.new_context(viewport={"width": 1400, "height": 1000},
                                       permissions=["camera"])
            seen["page"] = ctx.new_page()
            watch(seen["page"])
            yield seen
        finally:
            chromium.close()


def test_every_page_works_under_the_csp_with_no_violation(front, browser):
    """Every page loads through nginx with no CSP violation; Plotly draws (the Logits page's
    WebGL chart among them) and the components-v2 drag chart mounts its thumbs."""
    page, drawn = browser["page"], {}
    from playwright.sync_api import Error as PlaywrightError

    for entry in PAGES:
        page.goto(f"{front['url']}/{entry.link}")
        wait_idle(page, 120_000)
        page.locator("h1").first.wait_for(timeout=60_000)
        wait_idle(page, 120_000)
        assert page.locator(ERRORS).count() == 0, (entry.url_path,
                                                   page.locator(ERRORS).first.inner_text())
        if entry.url_path == "softmax":  # the components-v2 drag chart mounted and drew bars
            page.wait_for_function("""() => { const r = document.querySelector('.sxd-root');
                return r && r.dataset.probs && r.querySelectorAll('input[type=range]').length
                       === r.dataset.probs.split(',').length; }""", timeout=60_000)
        # parts below the window are drawn as they come into view: look at each chart
        for _ in range(30):  # each placeholder becomes its element once scrolled to
            waiting = page.locator('[data-testid="stMain"] [data-testid="stSkeleton"]')
            if not waiting.count():
                break
            try:
                waiting.first.scroll_into_view_if_needed(timeout=30_000)
            except PlaywrightError:  # it became its element while scrolling: the next one
                pass
            wait_idle(page)
        # Plotly's charts and the live pieces' (components v2, ui/live) SVG charts
        drawn[entry.url_path] = page.locator(".js-plotly-plot .main-svg, .lx-root svg").count()
        assert not browser["console"], (entry.url_path, browser["console"])
    assert drawn.get("logits", 0) > 0 and drawn.get("softmax", 0) > 0, drawn  # charts drew


def test_a_browser_session_through_nginx_uploads_and_classifies(front, browser):
    page, before = browser["page"], len(browser["console"])
    upload_cat_on_logits(page, front["url"], 180_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    alerts = page.locator('[data-testid="stAlertContentError"]').all_inner_texts()
    assert not alerts, alerts
    assert not browser["console"][before:], browser["console"][before:]


def test_a_camera_photo_through_nginx_under_the_csp(front, browser):
    """The camera input turns its snapshot into a file with fetch(data: URL) before uploading
    it: the policy's connect-src must allow that, or the photo is silently never sent."""
    page, before = browser["page"], len(browser["console"])
    page.goto(f"{front['url']}/logits")
    wait_idle(page, 120_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text(tr("en", "kinds.camera"), exact=True).click()
    wait_idle(page)
    # the fake camera's stream must be playing before the shot (a busy machine starts it late)
    page.wait_for_function("""() => { const v = document.querySelector(
        '[data-testid="stSidebar"] video'); return v && v.readyState >= 2 && v.videoWidth > 0; }""",
        timeout=60_000)
    sidebar.get_by_role("button", name="Take Photo").click(timeout=30_000)
    sidebar.get_by_text(tr("en", "photo.camera_shot")).first.wait_for(timeout=60_000)
    wait_idle(page)
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).first.inner_text()
    assert not browser["console"][before:], browser["console"][before:]


def test_upload_size_limit_is_the_apps_and_nginx_refuses_beyond(front, browser):
    """The browser's live session (its replica by the route cookie, its XSRF token) sends
    uploads of the edge sizes straight to the upload endpoint."""
    page = browser["page"]
    if not browser["sessions"]:  # the module's earlier tests did not run: open the app now
        page.goto(front["url"] + "/")
        wait_idle(page, 120_000)
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    session = browser["sessions"][-1]
    base = {"Cookie": f"stroute={cookies['stroute']}; _streamlit_xsrf="
                      f"{cookies['_streamlit_xsrf']}",
            "X-Xsrftoken": cookies["_streamlit_xsrf"]}

    def put(name: str, body_and_type) -> tuple[int, object, bytes]:
        body, ctype = body_and_type
        return request(front, "PUT", f"{UPLOAD}/{session}/{name}", body,
                       {**base, "Content-Type": ctype})

    # the app's own limit (10^6-byte megabytes, core/photo/images.py) plus multipart framing: passes
    status, h, body = put("app-limit", multipart(MAX_UPLOAD_MB * 1_000_000))
    assert status == 204, (status, body[:200])
    assert h["X-Upstream"] and h["X-Upstream"] in front["replicas"]
    # a body of exactly Streamlit's limit (maxUploadSize MiB, compared with Content-Length)
    status, h, body = put("body-limit", multipart(0, total=MAX_BODY))
    assert status == 204, (status, body[:200])
    # one byte more: nginx answers 413 itself, no replica is asked (no upstream address)
    status, h, body = put("over", multipart(0, total=MAX_BODY + 1))
    assert status == 413 and not h["X-Upstream"], (status, h["X-Upstream"], body[:200])
    check_security_headers(h)
    # nothing else takes a body that big
    status, h, _ = request(front, "POST", "/", b"\0" * (1024 * 1024 + 1))
    assert status == 413 and not h["X-Upstream"]


def test_a_burst_of_uploads_from_one_client_gets_429(front):
    """127.0.0.2 is another client to nginx: a student's few photos never see 429, a flood
    does after the burst, and the client on 127.0.0.1 is not limited by it."""
    t0, statuses = time.monotonic(), []
    for i in range(70):
        status, h, _ = request(front, "PUT", f"{UPLOAD}/no-session/f{i}", b"x",
                               {"Content-Type": "application/octet-stream"},
                               source="127.0.0.2")
        statuses.append(status)
        if status == 429:
            check_security_headers(h)
            assert not h["X-Upstream"]  # refused before a replica saw it
    elapsed = time.monotonic() - t0
    assert 429 not in statuses[:34], statuses  # two full 16-photo drops and then some
    # burst 40 + 1, then one more a second (rate 60r/m)
    assert statuses.count(429) >= 70 - 41 - math.ceil(elapsed) - 1, (elapsed, statuses)
    status, _, _ = request(front, "PUT", f"{UPLOAD}/no-session/other", b"x",
                           {"Content-Type": "application/octet-stream"})
    assert status != 429, status
