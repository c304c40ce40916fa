"""The Softmax drag chart in headless Chromium: the bars follow a thumb WHILE the mouse drags it
(checked before mouse.up), arrow keys work, the values reach Python on release, and the
in-browser softmax equals torch.softmax (1e-6) on random and extreme logits."""

from __future__ import annotations

import numpy as np
import torch

from core.softmax.math import PRESETS
from tests.e2e.browser import ROOT, range_point, runs_of, wait_idle, wait_rerun_asked

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


def open_article_preset(page, server_url):
    page.goto(f"{server_url}/softmax")
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


def test_in_browser_softmax_equals_torch(page):
    page.set_content("<html><body></body></html>")
    page.add_script_tag(content=(ROOT / "ui/softmax_drag/softmax_math.js").read_text())
    rng = np.random.default_rng(0)
    cases = [rng.normal(0, s, rng.integers(2, 21)).astype(np.float32)
             for s in (0.5, 3, 10, 100) for _ in range(50)]
    cases += [np.float32([1e4, -1e4, 0]), np.float32([1e4, 1e4 - 1]), np.float32([-1e4] * 20),
              np.float32(PRESETS["article"].logits), np.float32(PRESETS["pick_one"].logits)]
    got = page.evaluate("(cs) => cs.map((z) => sxdSoftmax(z))",
                        [[float(v) for v in c] for c in cases])
    for z, p in zip(cases, got):
        assert np.isfinite(p).all()
        np.testing.assert_allclose(p, torch_softmax(z), atol=1e-6, rtol=0)
    shown = page.evaluate("(ps) => ps.map((p) => sxdFixed(p, 4))", [0.00004, -0.0, 0.97654])
    assert shown == ["0.0000", "0.0000", "0.9765"]


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
