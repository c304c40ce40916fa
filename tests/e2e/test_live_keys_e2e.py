"""The live pieces' keyboard commits and the temperature piece's words, in headless Chromium.

- A key held down on a thumb (the arrow keys' auto-repeat) is a drag: the thumb and the numbers
  follow every repeat, no script run happens while it is held, and one happens when the key
  comes up (ui/live/piece.js, lxCommitChange). A single press commits after LX_COMMIT_MS.
- The temperature piece writes T as the control does (3 significant digits), its legend says
  "T = 1" once at T = 1, and the legend never sits on the title (bounding boxes), at 1400 and
  390 px, in English and Japanese.
- A typed learning rate (the Cross-entropy labs' exact box) is what the piece shows, by torch.
"""

from __future__ import annotations

import json

import pytest
import torch
import torch.nn.functional as F

from core.base.i18n import catalog
from core.softmax.inputs import TEMPERATURE
from tests.e2e.browser import ScriptRuns, browser_page, wait_idle
from tests.e2e.test_live_grid_e2e import bears, open_ce_bears

EN, JA = catalog("en"), catalog("ja")
T_ROOT = ".lxt-root"
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def open_temperature(page, server_url: str, lang: str = "en") -> None:
    page.goto(f"{server_url}/softmax?parts=softmax_temperature&lang={lang}")
    wait_idle(page, 120_000)
    page.locator(T_ROOT).scroll_into_view_if_needed(timeout=60_000)
    page.wait_for_function(f"() => document.querySelector('{T_ROOT}')?.dataset.source "
                           "=== 'torch'", timeout=60_000)
    wait_idle(page)


def t_state(page) -> dict:
    return page.evaluate(f"""() => {{ const r = document.querySelector('{T_ROOT}');
        return {{index: Number(r.dataset.index), t: r.dataset.t, source: r.dataset.source,
                 thumb: Number(r.querySelector('input').value)}}; }}""")


def hold_key(page, key: str, repeats: int) -> None:
    """Hold ``key`` down: one keydown, then ``repeats`` auto-repeat keydowns (Playwright sends
    a repeated keydown for a key already down), about 35 ms apart as a keyboard repeats."""
    for _ in range(repeats + 1):
        page.keyboard.down(key)
        page.wait_for_timeout(35)


def test_a_held_arrow_key_is_one_commit_on_release(server_url, page):
    runs = ScriptRuns(page)
    open_temperature(page, server_url)
    start = t_state(page)
    assert TEMPERATURE.options[start["index"]] == 1.0
    page.locator(f"{T_ROOT} input").focus()
    mark = runs.mark()
    hold_key(page, "ArrowRight", 7)
    page.wait_for_timeout(300)  # held: nothing goes to the server
    d = t_state(page)
    assert d["index"] == start["index"] + 8 and d["source"] == "drag", d
    assert runs.mark() == mark, "a script run was asked for while the key was held"
    page.keyboard.up("ArrowRight")
    assert runs.wait(page, mark, 30), runs.why_not(*mark)
    wait_idle(page)
    assert runs.requested - mark[1] == 1  # one run, when the key came up
    d = t_state(page)
    assert d["source"] == "torch" and d["index"] == start["index"] + 8
    assert d["t"] == f"{TEMPERATURE.options[d['index']]:.3g}"
    assert page.locator(ERRORS).count() == 0


# What the drag chart showed (its numbers' source, its logits) each time the page sent the server
# a message: installed before the app opens.
_SENDS = """() => { const W = window.WebSocket; window.__lxSends = [];
  window.WebSocket = class extends W { send(d) {
    const r = document.querySelector('.sxd-root');
    window.__lxSends.push(r ? [r.dataset.source, r.dataset.logits || ''] : null);
    return super.send(d); } }; }"""


def test_single_presses_on_the_softmax_drag_chart_ask_for_the_chart_then_its_part(server_url,
                                                                                   page):
    """A key press commits once, while the browser's numbers show; the chart's own run brings
    torch's, and only once they are painted does the page ask for the part around it (the
    step table follows). A held key asks for nothing until it comes up."""
    from tests.e2e.test_softmax_e2e import step_table_logit

    page.add_init_script(script=f"({_SENDS})()")
    runs = ScriptRuns(page)
    page.goto(f"{server_url}/softmax")
    wait_idle(page, 120_000)
    page.wait_for_function("() => document.querySelector('.sxd-root')?.dataset.source "
                           "=== 'torch'", timeout=60_000)
    wait_idle(page)
    thumb = page.locator(".sxd-root input.sxd-thumb").nth(1)
    for key in ("ArrowRight", "ArrowLeft", "ArrowRight"):
        before = page.evaluate("() => document.querySelector('.sxd-root').dataset.logits")
        n = page.evaluate("() => window.__lxSends.length")
        thumb.focus()
        mark = runs.mark()
        page.keyboard.press(key)
        assert runs.wait(page, mark, 30), runs.why_not(*mark)
        wait_idle(page)
        d = page.evaluate("() => ({...document.querySelector('.sxd-root').dataset})")
        assert d["source"] == "torch" and d["logits"] != before, d
        sent = page.evaluate("() => window.__lxSends")[n:]
        assert [s[0] for s in sent] == ["browser", "torch"], sent
        assert sent[1][1] == d["logits"]  # asked for with torch's numbers of this commit
        assert runs.requested - mark[1] == 2
        name = page.evaluate("() => document.querySelector('.sxd-root').__lx.names[1]")
        # and the part's step table is the new list's
        assert step_table_logit(page, name) == d["logits"].split(",")[1], (name, d)
    hold = runs.mark()
    thumb.focus()
    hold_key(page, "ArrowLeft", 5)
    page.wait_for_timeout(300)
    assert runs.mark() == hold, "a script run was asked for while the key was held"
    page.keyboard.up("ArrowLeft")
    assert runs.wait(page, hold, 30), runs.why_not(*hold)
    wait_idle(page)
    assert runs.requested - hold[1] == 2


def head_and_legend(page) -> dict:
    """The temperature bars' title and legend: texts and bounding boxes."""
    return page.evaluate(f"""() => {{
        const box = document.querySelector('{T_ROOT} .lx-plot');
        const rect = (e) => {{ const r = e.getBoundingClientRect();
            return {{x: r.x, y: r.y, w: r.width, h: r.height}}; }};
        const head = box.querySelector('.lx-plot-title');
        const legend = box.querySelector('.lx-legend');
        const items = [...legend.children].map((e) => e.textContent);
        const root = document.querySelector('{T_ROOT}').getBoundingClientRect();
        return {{head: head.textContent, items, hb: rect(head), lb: rect(legend),
                 headClipped: head.scrollWidth > head.clientWidth + 1,
                 rootRight: root.right, width: document.documentElement.clientWidth}}; }}""")


def overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("width", [1400, 390])
def test_temperature_title_and_legend(server_url, width, lang):
    words = EN if lang == "en" else JA
    with browser_page(width=width, height=900) as page:
        open_temperature(page, server_url, lang)
        d = head_and_legend(page)
        assert d["head"] == words["softmax.temp_bars_title"].format(t="1")
        assert d["items"] == [words["softmax.temp_legend_same"]]  # not "T = 1, T = 1"
        assert TEMPERATURE.options[38] == pytest.approx(2.2230095692)  # 8 steps up from T = 1
        assert not overlap(d["hb"], d["lb"]), d
        assert not d["headClipped"] and d["rootRight"] <= d["width"], d
        page.locator(f"{T_ROOT} input").focus()
        for _ in range(8):  # T = 1 → 2.22 (the grid's 2.2230095…)
            page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => document.querySelector('{T_ROOT}').dataset.t === '2.22'"
                               f" && document.querySelector('{T_ROOT}').dataset.source === "
                               "'torch'", timeout=30_000)
        wait_idle(page)
        d = head_and_legend(page)
        assert d["head"] == words["softmax.temp_bars_title"].format(t="2.22"), d["head"]
        assert d["items"] == [words["softmax.temp_legend"].format(t="1"),
                              words["softmax.temp_legend"].format(t="2.22")]
        assert not overlap(d["hb"], d["lb"]), d
        assert d["hb"]["y"] + d["hb"]["h"] <= d["lb"]["y"] + 0.5  # the legend is under the title
        assert not d["headClipped"] and d["rootRight"] <= d["width"], d
        assert page.locator(f"{T_ROOT} input").get_attribute("aria-valuetext") == "T = 2.22"


def test_a_typed_learning_rate_is_what_the_piece_shows(server_url, page):
    label = "Learning rate (lr)"
    open_ce_bears(page, server_url)
    box = page.locator(".st-key-ce_lab_lr__text input")
    box.scroll_into_view_if_needed(timeout=60_000)
    box.fill("0.37")
    box.press("Enter")
    root = (f"document.querySelector('input.lxp-thumb[aria-label={json.dumps(label)}]')"
            ".closest('.lxp-root')")
    page.wait_for_function(f"() => JSON.parse({root}.dataset.shown).value === '0.37'",
                           timeout=30_000)
    wait_idle(page)
    assert "lr=0.37" in page.url  # in the link as typed
    shown = page.evaluate(f"() => JSON.parse({root}.dataset.shown)")
    x, t = bears()
    after = F.cross_entropy(x - 0.37 * (torch.softmax(x, 1) - F.one_hot(t, 3)), t)
    assert shown["raw"][1] == pytest.approx(float(after), rel=1e-5)
    # the thumb moved one step: the exact box follows (one value, two views)
    thumb = page.locator(f'input.lxp-thumb[aria-label="{label}"]')
    thumb.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.st-key-ce_lab_lr__text input')"
                           ".value === '0.4'", timeout=30_000)
    wait_idle(page)
    assert "lr=0.4" in page.url and page.locator(ERRORS).count() == 0
