"""The scale-out recipe (scripts/scale_out.sh + deploy/nginx.conf), tested for real: two
`streamlit run` replicas behind Debian's nginx on loopback. New visitors spread over both
replicas, a visitor with the route cookie always reaches the same one, and a browser session
through nginx (WebSocket upgrade + a file upload that must land on the session's replica)
classifies an uploaded photo.

Runs only where nginx is installed (apt-get install -y nginx); elsewhere, or with
SKIP_SCALE_OUT=1, it is skipped with that reason printed in the summary (pytest -ra).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.browser import ROOT, free_port, upload_cat_on_logits

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
pytestmark = [
    pytest.mark.skipif(NGINX is None, reason="scale-out test needs nginx: apt-get install -y "
                       "nginx (the hostile and fuzz gates do not)"),
    pytest.mark.skipif(bool(os.environ.get("SKIP_SCALE_OUT")), reason="SKIP_SCALE_OUT is set"),
]
SCRIPT = ROOT / "scripts" / "scale_out.sh"


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
        yield {"url": f"http://127.0.0.1:{listen}",
               "replicas": {f"127.0.0.1:{base + 1}", f"127.0.0.1:{base + 2}"}}
    finally:
        stopped = run("stop")
        assert stopped.returncode == 0, stopped.stderr


def get(url: str, cookie: str | None = None):
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, r.headers


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


def test_a_browser_session_through_nginx_uploads_and_classifies(front, page):
    upload_cat_on_logits(page, front["url"], 180_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    alerts = page.locator('[data-testid="stAlertContentError"]').all_inner_texts()
    assert not alerts, alerts
