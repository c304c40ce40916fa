"""Gate: a sample of the hostile corpus uploaded through the real file input of a `streamlit run`
server in Debian's Chromium. No traceback element ever; each refused file shows its message,
each usable one replaces the Logits page's top-1 row; the hostile file name is never rendered
as markup. The full corpus in the browser: HOSTILE_BROWSER=all (see docs/QUALITY.md).
"""

from __future__ import annotations

import os
import re

import numpy as np
import pytest

from core.photo.images import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, decode_image
from core.photo.inference import photo_logits
from core.photo.models import DEFAULT_MODEL, imagenet_class_names, load_model, make_transform
from tests.e2e.browser import ScriptRuns, wait_idle
from tests.hostile.corpus import build_corpus, case

TRACEBACK = '[data-testid="stException"]'
ALERT = '[data-testid="stAlertContentError"]'
# Distinct outcomes one after another, so each wait sees the new one (not the last one's).
SAMPLE = ("bomb_png_9500px", "name_script_tag", "truncated_jpeg", "animated_gif",
          "svg_with_script_as_png", "cmyk_jpeg", "zero_bytes", "exif_rotated_6")


def selected():
    if os.environ.get("HOSTILE_BROWSER") == "all":
        # the two size cases have their own tests below (the browser checks sizes itself), and
        # so do types outside the list: the browser's uploader refuses those itself
        return [c for c in build_corpus()
                if c.key not in ("over_limit", "at_upload_limit") and c.listed_type]
    return [case(k) for k in SAMPLE]


@pytest.fixture(scope="module")
def expected_top1():
    model = load_model(DEFAULT_MODEL)
    transform = make_transform(model)
    names = imagenet_class_names()

    def top1(data: bytes) -> str:
        return names[int(np.argmax(photo_logits(model, transform, decode_image(data).image)))]

    return top1


def open_upload(page, url):
    runs = ScriptRuns(page)  # counts finished script runs from the WebSocket frames
    page.goto(f"{url}/logits")
    wait_idle(page, 120_000)
    page.locator("table", has_text="espresso").first.wait_for(timeout=60_000)
    page.get_by_text("Upload", exact=True).click()
    wait_idle(page)
    return page.locator('[data-testid="stFileUploader"] input[type="file"]'), runs



def first_table_top1(page) -> str:
    return page.locator("table").first.locator("tbody tr").first.locator("td").nth(0).inner_text()


def test_hostile_sample_in_chromium(server_url, page, shots_dir, expected_top1):
    file_input, runs = open_upload(page, server_url)
    seen = []
    for c in selected():
        mark = runs.mark()
        file_input.set_input_files(files=[{"name": c.filename, "mimeType": c.mime,
                                           "buffer": c.data}])
        if not runs.wait(page, mark):
            uploader = page.locator('[data-testid="stFileUploader"]').inner_text()
            raise AssertionError(f"{c.key}: no script run after the upload "
                                 f"({runs.why_not(*mark)}); uploader shows {uploader!r}")
        if c.usable:
            want = expected_top1(c.data)
            page.wait_for_function(
                """([sel, want]) => !document.querySelector(sel) && [...document.querySelectorAll(
                       'table')].some(t => t.querySelector('tbody tr td')?.innerText === want)""",
                arg=[ALERT, want], timeout=60_000, polling=100)
        wait_idle(page)
        assert page.locator(TRACEBACK).count() == 0, c.key
        alerts = page.locator(ALERT).all_inner_texts()
        if c.usable:
            assert not alerts, (c.key, alerts)
        else:
            assert len(alerts) == 1 and re.search(c.expect, alerts[0]), (c.key, alerts)
            assert "previous photo" in alerts[0]
        html = page.content()
        assert "<script>alert(1)</script>" not in html, c.key
        seen.append((c.key, alerts[0][:60] if alerts else first_table_top1(page)))
    page.screenshot(path=str(shots_dir / "hostile-browser-last.png"), full_page=True)
    print("\n".join(f"{k:26} {s}" for k, s in seen))


def test_over_the_limit_is_refused_by_the_uploader_without_a_traceback(server_url, page):
    """The browser refuses a file over server.maxUploadSize itself, before any upload."""
    file_input, _ = open_upload(page, server_url)
    c = case("over_limit")
    file_input.set_input_files(files=[{"name": c.filename, "mimeType": c.mime, "buffer": c.data}])
    uploader = page.locator('[data-testid="stFileUploader"]')
    uploader.get_by_text(re.compile(r"must be .*MB or smaller|too large", re.I)).first.wait_for(
        timeout=30_000)
    wait_idle(page)
    assert page.locator(TRACEBACK).count() == 0
    assert first_table_top1(page) == "espresso"  # the previous photo stays


def test_a_file_exactly_at_the_servers_limit_passes_the_browser_too(server_url, page,
                                                                  expected_top1):
    """core.photo.images.MAX_UPLOAD_BYTES and the browser's own check of server.maxUploadSize must
    agree: Streamlit's uploader counts a megabyte as 1,000,000 bytes."""
    assert MAX_UPLOAD_BYTES <= MAX_UPLOAD_MB * 1_000_000, (
        f"core.photo.images.MAX_UPLOAD_BYTES = {MAX_UPLOAD_BYTES:,} but the browser refuses more "
        f"than {MAX_UPLOAD_MB * 1_000_000:,} bytes")
    file_input, _ = open_upload(page, server_url)
    c = case("at_upload_limit")
    file_input.set_input_files(files=[{"name": c.filename, "mimeType": c.mime, "buffer": c.data}])
    want = expected_top1(c.data)
    page.wait_for_function(
        "w => [...document.querySelectorAll('table')].some(t => "
        "t.querySelector('tbody tr td')?.innerText === w)", arg=want, timeout=60_000)
    wait_idle(page)
    assert page.locator(TRACEBACK).count() == 0


@pytest.mark.parametrize("key", ["ext_svg", "ext_none_jpeg"])
def test_a_type_outside_the_list_is_refused_without_a_traceback(server_url, page, key):
    """A file whose type is not in ui/uploads.py's list, put straight into the file input (as a
    script can, past the picker's filter): the browser's uploader refuses it, or, if it sends
    it, the server answers with the app's message (AppTest gate: every such case). Never a
    traceback; the previous photo stays."""
    file_input, _ = open_upload(page, server_url)
    c = case(key)
    assert not c.listed_type
    file_input.set_input_files(files=[{"name": c.filename, "mimeType": c.mime, "buffer": c.data}])
    uploader = page.locator('[data-testid="stFileUploader"]')
    refused = uploader.get_by_text(re.compile(r"not allowed|not supported", re.I))
    page.wait_for_function(
        """([sel]) => document.querySelector(sel) ||
               /not allowed|not supported/i.test(
                   document.querySelector('[data-testid="stFileUploader"]').innerText)""",
        arg=[ALERT], timeout=60_000, polling=100)
    wait_idle(page)
    assert page.locator(TRACEBACK).count() == 0
    alerts = page.locator(ALERT).all_inner_texts()
    assert refused.count() >= 1 or (len(alerts) == 1 and "previous photo" in alerts[0]), alerts
    assert first_table_top1(page) == "espresso"  # the previous photo stays
