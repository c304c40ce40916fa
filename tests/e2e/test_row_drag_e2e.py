"""The loss pages' "drag one row" piece (ui/live/row_drag.js) in headless Chromium: a thumb is
dragged in steps with the button held, and BEFORE release the row's softmax, p(target),
−log p(target) and the batch's mean loss (the browser's math) are compared with torch for the
same logits (probabilities 1e-6, losses 1e-5 relative); no script run mid-drag; on release the
piece's own run, and the lesson's only once the piece shows torch's numbers, after which the
record holds the new row and the page's tables are torch's; keys work; a crafted commit gets a
message and changes nothing."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.article.bears import article_batch
from tests.e2e.browser import ScriptRuns, range_point, runs_of, wait_idle
from tests.e2e.test_loss_pages_e2e import METRICS, URL, load_bears, open_page

ROOT_SEL = ".lxr-root"
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
PAGES = [("pages/nll.py", "nll"), ("pages/cross_entropy.py", "ce")]


def state(page) -> dict:
    return page.evaluate(f"""() => {{ const r = document.querySelector('{ROOT_SEL}');
        return {{row: Number(r.dataset.row), source: r.dataset.source,
                 updates: Number(r.dataset.updates), shown: JSON.parse(r.dataset.shown),
                 exact: JSON.parse(r.dataset.exact),
                 thumbs: [...r.querySelectorAll('input.lxr-thumb')].map(i => Number(i.value))}};
    }}""")


def batch_logits(page, row: int, d: dict) -> np.ndarray:
    """The bears batch with ``row`` replaced by the logits the piece shows (exactly)."""
    b = article_batch()
    x = np.asarray(b.logits, dtype=np.float64).copy()
    x[row] = d["exact"]["logits"]
    return x


def same_as_torch(page, d: dict) -> None:
    b = article_batch()
    x = batch_logits(page, d["row"], d)
    xt, t = torch.tensor(x, dtype=torch.float32), torch.tensor(b.targets)  # as the app does
    probs = torch.softmax(xt, 1)[d["row"]].double().numpy()
    losses = F.cross_entropy(xt, t, reduction="none").double().numpy()
    np.testing.assert_allclose(d["exact"]["probs"], probs, atol=1e-6)
    # losses: 1e-5 relative, or float32's own resolution near 0 (a loss of 1e-4 from float32
    # logits is only good to about 1e-8 absolute, whoever computes it)
    assert d["exact"]["loss"] == pytest.approx(float(losses[d["row"]]), rel=1e-5, abs=1e-7)
    assert d["exact"]["mean"] == pytest.approx(float(losses.mean()), rel=1e-5, abs=1e-7)
    # what is shown is the same numbers, 4 decimals (as the tables write them)
    assert d["shown"]["probs"] == [f"{p:.4f}" for p in d["exact"]["probs"]]
    assert d["shown"]["p"] == f"{probs[int(b.targets[d['row']])]:.4f}"
    assert d["shown"]["mean"] == f"{losses.mean():.4f}" or abs(
        float(d["shown"]["mean"]) - losses.mean()) < 6e-5


def open_bears(page, server_url, path):
    open_page(page, server_url, URL[path])
    load_bears(page)
    page.locator(ROOT_SEL).wait_for(timeout=30_000)
    page.wait_for_function(f"""() => document.querySelector('{ROOT_SEL}').dataset.source
                               === 'torch'""", timeout=30_000)


@pytest.mark.parametrize("path, prefix", PAGES)
def test_drag_one_row_follows_with_torch_equal_numbers(server_url, page, shots_dir, path,
                                                       prefix):
    runs = ScriptRuns(page)
    open_bears(page, server_url, path)
    page.locator(f"{ROOT_SEL} select").select_option("2")  # row 3, no server run
    d = state(page)
    assert d["row"] == 2 and d["source"] == "torch"
    same_as_torch(page, d)
    thumb = page.locator(f"{ROOT_SEL} input.lxr-thumb").nth(0)
    thumb.scroll_into_view_if_needed()
    box = thumb.bounding_box()
    x0, y = range_point(thumb, d["thumbs"][0])
    mark = runs.mark()
    page.mouse.move(x0, y)
    page.mouse.down()
    seen = []
    for k in range(1, 13):  # to the right, in steps, the button held down
        page.mouse.move(x0 + k * box["width"] * 0.03, y)
        d = state(page)
        assert d["source"] == "browser" and d["row"] == 2
        same_as_torch(page, d)
        seen.append(d["exact"]["logits"][0])
    assert len(set(seen)) >= 8 and seen[-1] > seen[0]
    page.wait_for_timeout(400)  # a window to see that nothing goes to the server mid-drag
    assert runs.mark() == mark, "a script run happened during the drag"
    page.screenshot(path=str(shots_dir / f"{prefix}-row-drag-dragging.png"), full_page=True)
    dragged = state(page)
    page.mouse.up()
    assert runs.wait(page, mark, 30), runs.why_not(*mark)
    wait_idle(page)
    # on release: the piece's own run, then (once the browser has painted its numbers) the
    # lesson's, which the piece asks for; none during the drag
    assert runs.requested - mark[1] == 2
    page.wait_for_function(f"""() => document.querySelector('{ROOT_SEL}').dataset.source
                               === 'torch'""", timeout=30_000)
    d = state(page)
    assert d["row"] == 2 and d["shown"] == dragged["shown"]  # torch's, the same numbers
    same_as_torch(page, d)
    b = article_batch()
    x = batch_logits(page, 2, d).astype(np.float32)
    xt, tt = torch.tensor(x), torch.tensor(b.targets)
    mean = float(F.cross_entropy(xt, tt) if prefix == "ce"  # the page's own loss: on NLL,
                 else F.nll_loss(torch.softmax(xt, 1), tt))  # nll_loss of the softmax
    assert f"{mean:.4f}" in [t.strip() for t in page.locator(METRICS).all_inner_texts()]
    assert page.locator(ERRORS).count() == 0


def test_keys_move_a_thumb(server_url, page):
    open_bears(page, server_url, "pages/nll.py")
    thumb = page.locator(f"{ROOT_SEL} input.lxr-thumb").nth(1)
    assert thumb.get_attribute("aria-label") == "logit of Brown"
    for key in ("ArrowRight", "PageUp", "End", "Home", "ArrowLeft"):
        thumb.focus()
        before = state(page)["updates"]
        page.keyboard.press(key)
        page.wait_for_function(f"""(n) => Number(document.querySelector('{ROOT_SEL}')
                                   .dataset.updates) > n""", arg=before, timeout=5_000)
        same_as_torch(page, state(page))
        page.wait_for_function(f"""() => document.querySelector('{ROOT_SEL}').dataset.source
                                   === 'torch'""", timeout=30_000)
        wait_idle(page)
        d = state(page)
        same_as_torch(page, d)
    # Home went to the track's end (−10), then the track widened to hold it: ArrowLeft, −10.01
    assert d["thumbs"][1] == pytest.approx(-10.01)
    # the piece's rerun came first and the lesson's after it: the tables, the mean and the
    # share link all hold the new row
    x = batch_logits(page, d["row"], d)
    mean = float(F.nll_loss(torch.softmax(torch.tensor(x, dtype=torch.float32), 1),
                            torch.tensor(article_batch().targets)))  # the NLL page's loss
    assert f"{mean:.4f}" in [t.strip() for t in page.locator(METRICS).all_inner_texts()]
    z = parse_qs(urlsplit(page.url).query)["z"]
    np.testing.assert_allclose([float(v) for v in z[d["row"]].split(",")], x[d["row"]],
                               atol=1e-4)


# What the piece showed (its numbers' source, its row's logits) each time the page sent the server
# a message: installed before the app opens.
_SENDS = """() => { const W = window.WebSocket; window.__lxSends = [];
  window.WebSocket = class extends W { send(d) {
    const r = document.querySelector('.lxr-root');
    window.__lxSends.push(r ? [r.dataset.source, r.dataset.exact || ''] : null);
    return super.send(d); } }; }"""


def test_the_lesson_is_asked_for_once_the_piece_shows_torch_numbers(server_url, page):
    page.add_init_script(script=f"({_SENDS})()")
    runs = ScriptRuns(page)
    open_bears(page, server_url, "pages/nll.py")
    thumb = page.locator(f"{ROOT_SEL} input.lxr-thumb").nth(0)
    for key in ("ArrowRight", "ArrowRight", "PageDown"):
        wait_idle(page)
        n, mark = page.evaluate("() => window.__lxSends.length"), runs.mark()
        thumb.focus()
        page.keyboard.press(key)
        assert runs.wait(page, mark, 30), runs.why_not(*mark)
        wait_idle(page)
        sent = page.evaluate("() => window.__lxSends")[n:]
        d = state(page)
        # the commit left while the browser's numbers were shown; the second request only once
        # the piece showed torch's for the new row; nothing else
        assert [s[0] for s in sent] == ["browser", "torch"], sent
        assert sent[1][1] == page.evaluate(f"() => document.querySelector('{ROOT_SEL}')"
                                           ".dataset.exact")
        assert runs.requested - mark[1] == 2
        x = batch_logits(page, d["row"], d)  # and the lesson's tables followed that row
        mean = float(F.nll_loss(torch.softmax(torch.tensor(x, dtype=torch.float32), 1),
                                torch.tensor(article_batch().targets)))
        assert f"{mean:.4f}" in [t.strip() for t in page.locator(METRICS).all_inner_texts()]


BAD = ["{row: 0, values: [NaN, 0, 0], names: N, seq: 60}",
       "{row: 0, values: [Infinity, 0, 0], names: N, seq: 60}",
       "{row: 0, values: [1e308, 0, 0], names: N, seq: 60}",
       "{row: 0, values: [1, 2], names: N, seq: 60}",
       "{row: 0, values: ['1', 0, 0], names: N, seq: 60}",
       "{row: 0, values: 'abc', names: N, seq: 60}",
       "{row: 9, values: [1, 2, 3], names: N, seq: 60}",
       "{row: '0', values: [1, 2, 3], names: N, seq: 60}",
       "{row: 0, values: [1, 2, 3], names: N, seq: -1}"]


def test_crafted_row_commits_get_a_message_and_change_nothing(server_url, page):
    """The payloads go one after another on one page: each must leave the row as it was."""
    open_bears(page, server_url, "pages/nll.py")
    before = state(page)
    metrics = page.locator(METRICS).all_inner_texts()
    runs = runs_of(page)
    for payload in BAD:
        mark = runs.mark()
        page.evaluate(f"""() => {{ const st = document.querySelector('{ROOT_SEL}').__lx;
            const N = st.data.names; st.setTriggerValue('commit', {payload}); }}""")
        assert runs.wait(page, mark, 30), f"{payload}: {runs.why_not(*mark)}"
        wait_idle(page)
        page.locator(ERRORS).first.wait_for(timeout=30_000)
        assert "Nothing changed" in page.locator(ERRORS).first.inner_text(), payload
        assert state(page)["shown"] == before["shown"], payload
        assert page.locator(METRICS).all_inner_texts() == metrics, payload
        assert json.dumps(before["exact"]["logits"]) == json.dumps(
            state(page)["exact"]["logits"]), payload
