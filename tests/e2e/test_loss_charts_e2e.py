"""In Chromium: the loss lessons' live charts (ui/live/target_heatmap.js, row_bars.js). The NLL
heatmap writes torch's softmax in its cells and outlines each row's target cell in the
palette's target colour; the bars of both pages write torch's values above them with the ideal
value as a dashed line. A batch change ("drag one row", keys: one run on release) redraws the
same root nodes with torch's numbers for the new batch, a dark cell's number in white. Each
chart's button saves a PNG of it at twice its size; a narrower window redraws them at its width;
at 390 px nothing leaves its chart or overflows the page, in English and Japanese."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.article.bears import article_batch
from core.base.i18n import catalog
from core.base.numbers import fmt_number
from tests.e2e.browser import browser_page, wait_idle
from tests.e2e.test_logits_e2e import OUTSIDE_JS, OVERLAPS_JS
from tests.e2e.test_row_drag_e2e import ROOT_SEL as DRAG
from tests.e2e.test_row_drag_e2e import batch_logits, open_bears, state

HEAT, BARS = ".lxm-root", ".lxb-root"
EN, JA = catalog("en"), catalog("ja")

CELLS_JS = f"""() => {{
  const cells = [...document.querySelectorAll('{HEAT} rect.lxm-cell')];
  const texts = [...document.querySelectorAll('{HEAT} text.lxm-v')];
  return {{texts: texts.map(t => t.textContent),
           inks: texts.map(t => getComputedStyle(t).fill),
           cells: cells.map(c => {{ const r = c.getBoundingClientRect();
                                    return [r.left, r.top, r.right, r.bottom]; }}),
           outlines: [...document.querySelectorAll('{HEAT} rect.lxm-target')].map(o => {{
             const r = o.getBoundingClientRect();
             return {{row: Number(o.dataset.row), col: Number(o.dataset.col),
                      cx: (r.left + r.right) / 2, cy: (r.top + r.bottom) / 2,
                      stroke: getComputedStyle(o).stroke}}; }})}};
}}"""
BARS_JS = f"""() => [...document.querySelectorAll('{BARS} text.lxb-value')]
  .map(t => t.textContent)"""


def wait_drawn(page) -> None:
    page.wait_for_function(f"""() => [...document.querySelectorAll('{HEAT}, {BARS}')]
        .every(r => r.querySelector('svg'))""", timeout=60_000)
    page.locator(f"{BARS} svg").first.wait_for(timeout=60_000)


def shown(page, root: str) -> dict:
    return page.evaluate(f"() => ({{...document.querySelector('{root}').dataset}})")


def page_numbers(logits: np.ndarray):
    """What the pages compute with torch: the softmax (N, C), each row's p(target) and each
    row's loss as the Cross-entropy page's step 4 has it (nll_loss of the log of the softmax)."""
    x = torch.tensor(logits, dtype=torch.float32)
    t = torch.tensor(article_batch().targets)
    p = torch.softmax(x, dim=1)
    return p, p[torch.arange(len(t)), t], F.nll_loss(torch.log(p), t, reduction="none")


def check_heatmap(page, probs: torch.Tensor) -> dict:
    got = page.evaluate(CELLS_JS)
    assert got["texts"] == [fmt_number(v) for v in probs.flatten()]
    c = probs.shape[1]
    targets = list(article_batch().targets)
    assert [(o["row"], o["col"]) for o in got["outlines"]] == list(enumerate(targets))
    for o in got["outlines"]:  # each outline sits on its row's target cell
        left, top, right, bottom = got["cells"][o["row"] * c + o["col"]]
        assert left < o["cx"] < right and top < o["cy"] < bottom, o
        assert o["stroke"] == "rgb(230, 159, 0)"  # the palette's target colour, #E69F00
    return got


@pytest.mark.parametrize("path", ["pages/nll.py", "pages/cross_entropy.py"])
def test_the_charts_show_torchs_numbers_and_redraw_in_place_after_a_drag(server_url, page,
                                                                         path):
    nll = path == "pages/nll.py"
    open_bears(page, server_url, path)
    wait_drawn(page)
    wait_idle(page)
    probs, picked, losses = page_numbers(article_batch().logits)
    if nll:
        check_heatmap(page, probs)
    bars = picked if nll else losses
    assert page.evaluate(BARS_JS) == [fmt_number(v) for v in bars]
    # the dashed line at the ideal value: level with the y axis' tick of that value
    line, tick = page.evaluate(f"""(v) => [
        Number(document.querySelector('{BARS} line.lxb-ideal').getAttribute('y1')),
        Number([...document.querySelectorAll('{BARS} text.lx-tick')]
          .find(t => t.textContent === v).getAttribute('y'))]""", "1" if nll else "0")
    assert line + 4 == pytest.approx(tick, abs=0.1)
    assert page.evaluate(f"""() => getComputedStyle(document.querySelector(
        '{BARS} line.lxb-ideal')).stroke""") == "rgb(0, 158, 115)"  # the palette's good
    roots = [HEAT, BARS] if nll else [BARS]
    page.evaluate("""(roots) => roots.forEach(s => {
        document.querySelector(s).__kept = s; })""", roots)
    before = {r: int(shown(page, r)["updates"]) for r in roots}
    # "drag one row": row 1's first logit to the end of its track, by key (one run, on keyup)
    thumb = page.locator(f"{DRAG} input.lxr-thumb").nth(0)
    thumb.focus()
    page.keyboard.press("End")
    page.wait_for_function(f"""() => document.querySelector('{DRAG}').dataset.source
                               === 'torch'""", timeout=30_000)
    page.wait_for_function(f"""(n) => Number(document.querySelector('{BARS}').dataset.updates)
                               > n""", arg=before[BARS], timeout=30_000)
    wait_idle(page)
    d = state(page)
    assert d["row"] == 0
    probs, picked, losses = page_numbers(batch_logits(page, 0, d))
    assert page.evaluate("""(roots) => roots.map(s => [document.querySelector(s).__kept,
        document.querySelectorAll(s).length])""", roots) == [[r, 1] for r in roots]
    assert {r: int(shown(page, r)["updates"]) for r in roots} == {
        r: n + 1 for r, n in before.items()}  # redrawn once, not made anew
    bars = picked if nll else losses
    assert page.evaluate(BARS_JS) == [fmt_number(v) for v in bars]
    if nll:
        got = check_heatmap(page, probs)
        assert probs[0, 0] > 0.99  # row 1's first cell is dark now: its number is white
        assert got["inks"][0] == "rgb(255, 255, 255)" and got["inks"][1] == "rgb(0, 0, 0)"


def test_each_chart_saves_a_png_of_itself(server_url, tmp_path):
    with browser_page(width=1400, height=1000) as page:
        open_bears(page, server_url, "pages/nll.py")
        wait_drawn(page)
        for root, name in ((HEAT, "nll softmax targets"), (BARS, "nll target probability")):
            button = page.locator(f"{root} .lx-png")
            assert button.get_attribute("title") == EN["panels.png_help"].format(name=name)
            with page.expect_download() as info:
                button.click()
            file = name.replace(" ", "-") + ".png"
            assert info.value.suggested_filename == file
            info.value.save_as(tmp_path / file)
            data = (tmp_path / file).read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
            svg = page.evaluate(f"""() => {{ const s = document.querySelector('{root} svg');
                return [Number(s.getAttribute('width')), Number(s.getAttribute('height'))]; }}""")
            assert (w, h) == (2 * svg[0], 2 * svg[1])  # drawn at twice its size


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_at_390_px_every_text_stays_inside_its_chart(server_url, lang):
    words = JA if lang == "ja" else EN
    with browser_page(width=390, height=900) as page:
        for path, roots, title in (("nll", [HEAT, BARS], "nll.heatmap_title"),
                                   ("cross_entropy", [BARS], "ce.bars_title")):
            page.goto(f"{server_url}/{path}?lang={lang}")
            wait_idle(page, 120_000)
            wait_drawn(page)
            wait_idle(page)
            for root in roots:
                page.locator(root).scroll_into_view_if_needed()
                assert page.evaluate(OUTSIDE_JS, root) == [], (path, root)
                width = page.evaluate(f"""() => [document.querySelector('{root} svg')
                    .getBoundingClientRect().right, document.querySelector('{root}')
                    .getBoundingClientRect().right]""")
                assert width[0] <= width[1] + 0.5, (path, root, width)
                for sel in ("text.lx-tick", "text.lxb-value", "text.lxm-v"):
                    got = page.evaluate(OVERLAPS_JS, f"{root} {sel}")
                    assert got["hits"] == [], (path, root, sel, got)
            assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
            said = page.evaluate(f"() => document.querySelector('{roots[0]} svg').textContent")
            assert words[title] in said.replace("\\n", "") or words[title] in page.evaluate(
                f"() => document.querySelector('{roots[0]} svg').getAttribute('aria-label')")
            texts = page.evaluate(BARS_JS)
            assert len(texts) == 5 and all(t.count(".") == 1 for t in texts)


def test_a_narrower_window_redraws_the_charts_to_its_width(server_url):
    """A phone turned, a window narrowed: each piece redraws at its new width (lxOnResize), in
    place, and still fits."""
    with browser_page(width=1400, height=1000) as page:
        open_bears(page, server_url, "pages/nll.py")
        wait_drawn(page)
        wait_idle(page)
        sizes = f"""() => ['{HEAT}', '{BARS}'].map(s => {{
            const r = document.querySelector(s);
            return [Number(r.querySelector('svg').getAttribute('width')), r.clientWidth,
                    Number(r.dataset.updates)]; }})"""
        wide = page.evaluate(sizes)
        page.set_viewport_size({"width": 390, "height": 900})
        page.wait_for_function(f"""(n) => ['{HEAT}', '{BARS}'].every((s, i) =>
            Number(document.querySelector(s).dataset.updates) > n[i])""",
                               arg=[u for *_, u in wide], timeout=15_000)
        wait_idle(page)
        for (w0, _, _), (w1, room, _) in zip(wide, page.evaluate(sizes)):
            assert w1 < w0 and w1 <= room, (w0, w1, room)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        for root in (HEAT, BARS):
            assert page.evaluate(OUTSIDE_JS, root) == [], root
