"""The drivers of the benchmark and the soak (not run in CI themselves) against a real server:
if Streamlit's protocol or page structure moves, these fail here rather than in a classroom
measurement.

- bench/thin_client.ThinSession: the app's WebSocket protocol and upload requests;
- bench/server.Session: a Chromium page, its script runs counted from the WebSocket frames.
"""

from __future__ import annotations

import asyncio
import random

import pytest

from bench.server import SERVER_ENV, Photos, Session, browser, cpu_seconds, server_pids
from bench.thin_client import ThinSession
from tests.e2e.browser import chromium_path, streamlit_server


@pytest.fixture(scope="module")
def url():
    with streamlit_server(extra_env=SERVER_ENV) as u:
        yield u


def test_thin_session_uploads_moves_sliders_and_switches_pages(url):
    async def go():
        s = ThinSession(url, "t0")
        await s.connect()
        try:
            photos, rng = Photos(7), random.Random(7)
            runs = s.finished
            for _ in range(2):
                assert await s.upload(photos.next()) < 60
            assert s.finished == runs + 2
            assert s.captions[-1].startswith("your upload")  # the new photo is the one shown
            assert await s.move_slider(rng) is not None  # the Logits page's top-k slider
            await s.switch("softmax")
            assert s.sliders, "the Softmax page draws sliders"
            for _ in range(3):
                await s.move_slider(rng)
            await s.upload(photos.next())  # back to the Logits page first
            assert s.where == "logits"
            return s.errors, s.finished - runs
        finally:
            await s.close()

    errors, runs = asyncio.run(go())
    assert errors == []
    assert runs == 2 + 1 + 1 + 3 + 2  # uploads, slider, switch, sliders, switch + upload


@pytest.mark.skipif(chromium_path() is None, reason="Debian's chromium is not installed")
def test_browser_session_counts_every_run_it_waits_for(url):
    async def go():
        async with browser() as b:
            ctx = await b.new_context(viewport={"width": 1280, "height": 900})
            s = Session(await ctx.new_page(), url, "b0")
            await s.open()
            photos, rng = Photos(8), random.Random(8)
            runs = s.runs.finished
            await s.upload(photos.next())
            for _ in range(3):  # quick runs too: the attribute-based count missed these
                await s.move_slider(rng)
            await s.switch("softmax")
            return s.errors, s.runs.finished - runs, s.runs.requested

    pids = server_pids([int(url.rsplit(":", 1)[1])])
    cpu0 = cpu_seconds(pids)
    errors, runs, requested = asyncio.run(go())
    assert errors == []
    assert runs >= 5 and requested >= 5
    assert cpu_seconds(pids) > cpu0  # the server did the work
