"""The Train page in headless Chromium: the bundled example trains and its loss falls; the step
thumb (keys, Play) plays back torch's numbers for every step with no server run until it stops;
a step change redraws the piece within a frame; the server's charts follow the committed step."""

from __future__ import annotations

import json
import statistics

from bench.train import SCRUB_JS
from tests.e2e.browser import browser_page, runs_of, wait_idle

STEP = "Step"
ROOT = (f"document.querySelector('input.lxp-thumb[aria-label={json.dumps(STEP)}]')"
        ".closest('.lxp-root')")


def state(page) -> dict:
    return page.evaluate(f"""() => {{ const r = {ROOT}; const d = r.dataset;
        return {{index: Number(d.index), source: d.source, updates: Number(d.updates),
                 shown: JSON.parse(d.shown)}}; }}""")


def open_train(page, server_url) -> None:
    page.goto(f"{server_url}/train")
    wait_idle(page, 180_000)
    page.locator("input.lxp-thumb").first.wait_for(timeout=120_000)
    wait_idle(page)


def test_the_example_trains_and_its_loss_falls(server_url, page):
    open_train(page, server_url)
    assert page.get_by_text("The mean loss fell from").count() == 1
    start = state(page)
    assert start["index"] == 0 and start["source"] == "torch"
    loss0 = start["shown"]["raw"][0]
    runs = runs_of(page)
    mark = runs.mark()
    thumb = page.locator("input.lxp-thumb").first
    thumb.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    mid = state(page)
    assert mid["index"] == 10 and mid["shown"]["raw"][0] < loss0
    page.keyboard.press("End")
    end = state(page)
    assert end["index"] == 100 and end["shown"]["raw"][0] < 0.5 * loss0  # the loss fell
    assert runs.wait(page, mark, 60), runs.why_not(*mark)  # committed: the server follows
    wait_idle(page)
    page.get_by_text("Gradient softmax − one-hot at step 100").first.wait_for(timeout=60_000)


def test_play_walks_every_step_in_the_browser(server_url, page):
    open_train(page, server_url)
    runs = runs_of(page)
    mark = runs.mark()
    page.get_by_role("button", name="▶ Play").click()
    page.wait_for_function(f"() => Number({ROOT}.dataset.index) >= 30", timeout=30_000)
    mid = state(page)
    assert mid["source"] == "play"
    assert runs.mark() == mark, "a script run happened while playing"
    page.wait_for_function(f"() => {ROOT}.dataset.index === '100'", timeout=60_000)
    assert runs.wait(page, mark, 60), runs.why_not(*mark)  # the end is committed


def test_a_step_change_redraws_the_piece_within_a_frame(server_url, page):
    """Each step change redraws the readouts, the logit chart's marker, the bars and the table
    synchronously: measured from the input event to the end of the redraw (under load)."""
    open_train(page, server_url)
    times = page.evaluate(SCRUB_JS)  # the bench's own measurement (bench/train.py)
    assert len(times) == 101
    assert statistics.median(times) <= 16, times


def test_a_camera_shot_joins_a_class(server_url):
    with browser_page(fake_camera=True) as page:
        open_train(page, server_url)
        assert page.get_by_text("1 held out").count() == 1
        page.get_by_role("button", name="Camera").click()
        take = page.get_by_role("button", name="Take Photo")
        take.wait_for(timeout=60_000)
        page.wait_for_function("""() => { const v = document.querySelector('video');
            return v && v.readyState >= 2 && v.videoWidth > 0; }""", timeout=60_000)  # streams
        take.click(timeout=60_000)
        page.get_by_role("button", name="Clear photo").wait_for(timeout=60_000)  # taken
        wait_idle(page)
        page.get_by_role("button", name="Camera").click()  # the popover closes
        page.get_by_text("camera shot 1", exact=True).first.wait_for(timeout=60_000)
        box = page.locator('[data-testid="stSelectbox"]').filter(has_text="camera shot 1")
        box.click()
        page.get_by_role("option", name="people").click()
        wait_idle(page)
        # "people" now has 3 photos: its last one, the shot, is held out
        page.get_by_text("2 held out").first.wait_for(timeout=60_000)
        assert page.get_by_text("The mean loss fell from").count() == 1
