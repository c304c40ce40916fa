"""The Softmax drag chart in headless Chromium: the bars follow a thumb WHILE the mouse drags it
(checked before mouse.up), arrow keys work, the values reach Python on release, and the
in-browser softmax equals torch.softmax (1e-6) on random and extreme logits."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from core.softmax.inputs import TEMPERATURE
from core.softmax.math import PRESETS
from tests.e2e.browser import ROOT, ScriptRuns, range_point, runs_of, wait_idle, wait_rerun_asked

ROOT_SEL = ".sxd-root"
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def chart_state(page) -> dict:
    return page.evaluate(f"""() => {{
        const r = document.querySelector('{ROOT_SEL}');
        return {{probs: r.dataset.probs.split(',').map(Number),
                 probText: r.dataset.probs.split(','),
                 logits: r.dataset.logits.split(',').map(Number),
                 source: r.dataset.source, updates: Number(r.dataset.updates)}};
    }}""")


def torch_softmax(values) -> np.ndarray:
    return torch.softmax(torch.tensor(np.asarray(values, np.float32)), dim=-1).numpy()


def open_article_preset(page, server_url, query: str = "?open=1"):
    page.goto(f"{server_url}/softmax{query}")  # ?open=1: every "Go deeper" part open
    wait_idle(page, 120_000)
    page.get_by_role("button", name="Article: horse, ball, fish, car, stick").click()
    page.wait_for_function(f"""() => {{
        const r = document.querySelector('{ROOT_SEL}');
        return r && r.dataset.logits && r.dataset.logits.startsWith('-0.2135,');
    }}""", timeout=60_000)
    wait_idle(page)


def step_table_logit(page, name: str) -> str:
    """The 'logit z' cell of a class in the step-by-step table (what Python computed)."""
    row = page.locator("table").first.locator("tr", has=page.locator("th", has_text=name))
    return row.locator("td").first.inner_text().strip()


def test_no_page_keeps_a_copy_of_a_formula_in_js():
    """The drag chart uses the shared math module (ui/live/math.js, checked against torch in
    test_live_math_e2e.py); no piece defines its own exp / softmax."""
    live = ROOT / "ui" / "live"
    for f in live.glob("*.js"):
        if f.name not in ("math.js", "svg.js"):  # svg.js: Math.log only for a log axis
            src = f.read_text(encoding="utf-8")
            assert "Math.exp" not in src and "Math.log" not in src, f.name
    assert not (ROOT / "ui" / "softmax_drag").exists()


def test_drag_redraws_before_release_and_commits_on_release(server_url, page, shots_dir):
    open_article_preset(page, server_url)
    assert page.locator(ERRORS).count() == 0
    before = chart_state(page)
    assert before["source"] == "torch"
    np.testing.assert_allclose(before["probs"], torch_softmax(before["logits"]), atol=5e-5)

    thumb = page.locator(f"{ROOT_SEL} input.sxd-thumb").first  # horse, logit -0.2135
    box = thumb.bounding_box()
    x0, y = range_point(thumb, -0.2135)
    page.mouse.move(x0, y)
    page.mouse.down()
    seen = []
    for k in range(1, 11):
        page.mouse.move(x0 + k * box["width"] * 0.04, y)
        seen.append(chart_state(page))
    during = chart_state(page)  # the mouse button is still down
    assert during["source"] == "browser"
    assert during["logits"][0] > before["logits"][0] + 1.0
    assert during["probs"] != before["probs"]
    assert during["probs"][0] > before["probs"][0]
    assert len({tuple(s["probs"]) for s in seen}) >= 5  # it followed the thumb step by step
    # what the browser shows while dragging is torch's softmax of what it shows, to 4 decimals
    want = torch_softmax(during["logits"])
    assert during["probText"] == [f"{p:.4f}" for p in want]
    page.screenshot(path=str(shots_dir / "softmax-while-dragging.png"), full_page=True)
    page.mouse.up()

    dragged = f"{during['logits'][0]:.4f}"
    page.wait_for_function(f"""() => document.querySelector('{ROOT_SEL}').dataset.source
                               === 'torch'""", timeout=30_000)
    wait_idle(page)
    after = chart_state(page)
    assert f"{after['logits'][0]:.4f}" == dragged  # Python took the value and sent torch's
    np.testing.assert_allclose(after["probs"], torch_softmax(after["logits"]), atol=5e-5)
    assert step_table_logit(page, "horse") == dragged  # the step table follows too
    assert page.locator(ERRORS).count() == 0


def test_arrow_keys_move_a_thumb_and_the_chart(server_url, page, shots_dir):
    open_article_preset(page, server_url)
    thumb = page.locator(f"{ROOT_SEL} input.sxd-thumb").nth(1)  # ball, logit -0.0248
    thumb.focus()
    before = chart_state(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"""(n) => Number(document.querySelector('{ROOT_SEL}')
                               .dataset.updates) > n""", arg=before["updates"],
                           polling="raf", timeout=5_000)
    for _ in range(2):
        page.keyboard.press("ArrowRight")
    moved = chart_state(page)
    assert moved["logits"][1] == 0.3  # snapped to the 0.1 grid, then three steps
    assert moved["probs"][1] > before["probs"][1]
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(f"""() => document.querySelector('{ROOT_SEL}').dataset.logits
                               .split(',')[1] === '0.2000'""", polling="raf", timeout=5_000)
    page.wait_for_function(f"""() => document.querySelector('{ROOT_SEL}').dataset.source
                               === 'torch'""", timeout=30_000)
    wait_idle(page)
    page.locator("table").first.locator("td", has_text="0.2000").first.wait_for(timeout=30_000)
    assert step_table_logit(page, "ball") == "0.2000"
    final = chart_state(page)
    np.testing.assert_allclose(final["probs"], torch_softmax(final["logits"]), atol=5e-5)
    page.screenshot(path=str(shots_dir / "softmax-keyboard.png"), full_page=True)


def test_keys_pressed_while_python_reruns_are_not_lost(server_url, page):
    """Each press commits (debounced); presses that land while an earlier commit is rerunning
    must not be undone by that rerun's (older) data."""
    open_article_preset(page, server_url)
    thumb = page.locator(f"{ROOT_SEL} input.sxd-thumb").nth(1)  # ball, logit -0.0248
    thumb.focus()
    for _ in range(6):
        asked = runs_of(page).requested
        page.keyboard.press("ArrowRight")
        wait_rerun_asked(page, asked)  # past the commit debounce: a rerun is under way
    page.wait_for_function(f"""() => document.querySelector('{ROOT_SEL}').dataset.logits
                               .split(',')[1] === '0.6000'""", polling="raf", timeout=5_000)
    page.wait_for_function(f"""() => document.querySelector('{ROOT_SEL}').dataset.source
                               === 'torch'""", timeout=30_000)
    wait_idle(page)
    page.wait_for_function("""() => [...document.querySelector('table').querySelectorAll('tr')]
        .some(r => /ball/.test(r.querySelector('th')?.innerText || '')
                   && r.querySelector('td')?.innerText.trim() === '0.6000')""", timeout=30_000)
    assert chart_state(page)["logits"][1] == 0.6
    assert step_table_logit(page, "ball") == "0.6000"


CRAFTED = [
    ("{values: [NaN, 0, 1, 2, 3], names: N, seq: 40}", "not a number"),
    ("{values: [1e308, 0, 1, 2, 3], names: N, seq: 40}", "1e+308"),
    ("{values: [0, 1], names: N, seq: 40}", "2 values for 5 classes"),
    ("{values: ['1', 0, 1, 2, 3], names: N, seq: 40}", "not a number"),
    ("{values: 'x', names: N, seq: 40}", "other than a list"),
    ("{values: [0, 0, 0, 0, 0], names: N, seq: 'x'}", "commit number")]


def test_crafted_drag_commits_get_a_message_and_change_nothing(server_url, page):
    """The payloads go one after another on one page: each must leave the chart as it was."""
    open_article_preset(page, server_url)
    before = chart_state(page)
    runs = runs_of(page)
    for payload, needle in CRAFTED:
        mark = runs.mark()
        page.evaluate(f"""() => {{ const st = document.querySelector('{ROOT_SEL}').__lx;
            const N = st.names.slice(); st.setTriggerValue('commit', {payload}); }}""")
        assert runs.wait(page, mark, 30), f"{payload}: {runs.why_not(*mark)}"
        wait_idle(page)
        page.locator(ERRORS).first.wait_for(timeout=30_000)
        text = " ".join(page.locator(ERRORS).all_inner_texts())
        assert "Nothing changed" in text or "logit" in text, text
        assert needle in text, (payload, text)
        assert chart_state(page)["logits"] == before["logits"], payload
        assert step_table_logit(page, "horse") == "-0.2135", payload
        assert page.locator('[data-testid="stException"]').count() == 0, payload


# ---------------------------------------------------------------- the temperature piece
T_ROOT = ".lxt-root"


def temp_state(page) -> dict:
    return page.evaluate(f"""() => {{ const d = document.querySelector('{T_ROOT}').dataset;
        return {{index: Number(d.index), t: d.t, nats: d.nats, bits: d.bits,
                 argmax: Number(d.argmax), probs: d.probs.split(','), source: d.source,
                 thumb: Number(document.querySelector('{T_ROOT} input').value)}}; }}""")


def torch_at(temp: float) -> dict:
    z = torch.tensor(np.float32(PRESETS["article"].logits))
    lp = torch.log_softmax(z / temp, -1)
    h = max(float(-(lp.exp() * lp).sum()), 0.0)
    return {"probs": [f"{float(p):.4f}" for p in torch.softmax(z / temp, -1)],
            "nats": f"{h:.4f}", "bits": f"{h / np.log(2):.4f}",
            "argmax": int(torch.argmax(z))}


def test_temperature_drag_plays_torch_numbers_before_release(server_url, page, shots_dir):
    runs = ScriptRuns(page)
    open_article_preset(page, server_url)
    grid = list(TEMPERATURE.options)
    thumb = page.locator(f"{T_ROOT} input.lxt-thumb")
    thumb.scroll_into_view_if_needed()
    d = temp_state(page)
    assert d["source"] == "torch" and grid[d["index"]] == 1.0
    box = thumb.bounding_box()
    x0, y = range_point(thumb, d["index"])
    mark = runs.mark()
    page.mouse.move(x0, y)
    page.mouse.down()
    seen = set()
    for k in range(1, 16):  # to the left (colder), in steps, the button held down
        page.mouse.move(x0 - k * box["width"] * 0.03, y)
        d = temp_state(page)
        assert d["source"] == "drag" and d["index"] == d["thumb"]
        want = torch_at(grid[d["index"]])
        assert {k: d[k] for k in want} == want, (grid[d["index"]], d)
        seen.add(d["index"])
    page.wait_for_timeout(400)  # a window to see that nothing goes to the server mid-drag
    assert runs.mark() == mark, "a script run happened during the drag"
    assert len(seen) >= 8 and grid[max(seen)] < 1.0
    page.screenshot(path=str(shots_dir / "softmax-temperature-dragging.png"), full_page=True)
    page.mouse.up()
    assert runs.wait(page, mark, 30), runs.why_not(*mark)
    wait_idle(page)
    assert runs.requested - mark[1] == 1  # one run, on release
    d = temp_state(page)
    assert d["source"] == "torch" and d["index"] == min(seen)
    page.get_by_text("PyTorch code for these numbers").last.click()
    # (the page's code panel is plain softmax, T = 1: the piece itself says T, checked above)


def test_crafted_temperature_commits_get_a_message_and_change_nothing(server_url, page):
    open_article_preset(page, server_url)
    runs = runs_of(page)
    for index in ["61", "-1", "1e308", "NaN", "'3'", "2.5"]:
        mark = runs.mark()
        page.evaluate(f"""() => document.querySelector('{T_ROOT}').__lx.setTriggerValue(
            'commit', {{index: {index}, seq: 40}})""")
        assert runs.wait(page, mark, 30), f"{index}: {runs.why_not(*mark)}"
        wait_idle(page)
        page.locator(ERRORS).first.wait_for(timeout=30_000)
        assert "Nothing changed" in page.locator(ERRORS).first.inner_text(), index
        d = temp_state(page)
        assert d["t"] == "1" and d["source"] == "torch", index


def link_logits(page) -> list[float]:
    """The logits the address bar's share link holds (core.base.share's ``z``)."""
    from urllib.parse import parse_qs, urlsplit

    (row,) = parse_qs(urlsplit(page.url).query)["z"]
    return [float(v) for v in row.split(",")]


def press_and_settle(page, key: str) -> dict:
    """One key on the ball's thumb; returns the chart once torch's numbers are back, at rest."""
    thumb = page.locator(f"{ROOT_SEL} input.sxd-thumb").nth(1)
    thumb.focus()
    before = chart_state(page)["updates"]
    page.keyboard.press(key)
    page.wait_for_function(f"""(n) => {{ const r = document.querySelector('{ROOT_SEL}');
        return Number(r.dataset.updates) > n && r.dataset.source === 'torch'; }}""",
                           arg=before + 1, polling="raf", timeout=30_000)
    wait_idle(page)
    return chart_state(page)


@pytest.mark.parametrize("parts", ["closed", "open"])
def test_a_commit_reaches_every_part_drawn_from_the_list_and_the_link(server_url, page, parts):
    """A commit reruns the chart alone, then the list's part (alone while no later part draws
    the list: the lesson's view); with the temperature part open the page reruns, and that
    part follows."""
    open_article_preset(page, server_url, "?open=1" if parts == "open" else "")
    runs = runs_of(page)
    mark = runs.mark()
    d = press_and_settle(page, "ArrowRight")
    # two runs: the chart's own (torch's numbers at once), then, once they are painted, the
    # part around it (with the temperature part open, that one reruns the page)
    assert runs.requested - mark[1] == 2
    assert d["logits"][1] == pytest.approx(0.1)
    assert step_table_logit(page, "ball") == "0.1000"
    np.testing.assert_allclose(link_logits(page), d["logits"], atol=1e-4)
    np.testing.assert_allclose(d["probs"], torch_softmax(d["logits"]), atol=5e-5)
    if parts == "open":  # the temperature part's entropy is torch's for the new logits
        root = page.locator(".lxt-root")
        root.scroll_into_view_if_needed(timeout=30_000)
        t = float(root.get_attribute("data-t"))
        z = torch.tensor(np.asarray(d["logits"], np.float32)) / t
        nats = float(-(torch.softmax(z, 0) * torch.log_softmax(z, 0)).sum())
        assert root.get_attribute("data-nats") == f"{nats:.4f}"
    assert page.locator(ERRORS).count() == 0
