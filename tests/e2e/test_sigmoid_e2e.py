"""The Sigmoid page's live logit piece in headless Chromium: while the mouse drags the thumb
(checked BEFORE mouse.up) the readouts follow with the browser's numbers, equal to torch's for the
same logit as the page formats them, and no script run happens; on release the piece's own run
brings torch's numbers, and once they are painted the page asks for the section around it (the
exact box, the code): two runs, in that order. Arrow keys, Page Up/Down, Home/End move it; a
crafted commit gets a message and changes nothing; the Japanese page labels the thumb in
Japanese."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from core.base.numbers import fmt_probability
from tests.e2e.browser import ScriptRuns, range_point, wait_idle

ROOT_SEL = ".lxs-root"
THUMB = f"{ROOT_SEL} input.lxs-thumb"
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
TEXT_BOX = 'input[aria-label="Logit z (exact)"]'


def shown(page) -> dict:
    return page.evaluate(f"""() => {{ const d = document.querySelector('{ROOT_SEL}').dataset;
        return {{z: d.z, s: d.s, c: d.c, d: d.d, loss: d.loss, source: d.source,
                 updates: Number(d.updates),
                 thumb: document.querySelector('{THUMB}').value}}; }}""")


def torch_shown(z: float, target: int = 1) -> dict:
    """What the page shows for z at rest: torch's float32 numbers, formatted as the page does."""
    t = torch.tensor([z], dtype=torch.float32)
    s = torch.sigmoid(t)
    loss = F.binary_cross_entropy_with_logits(t, torch.full_like(t, float(target)))
    s, c = float(s[0]), float(1 - s[0])  # as the readout: 1 − σ from float32 σ
    return {"z": f"{float(t[0]):.4f}", "s": fmt_probability(s, c), "c": fmt_probability(c, s),
            "d": fmt_probability(s * c), "loss": f"{float(loss):.4f}"}


def numbers(d: dict) -> dict:
    return {k: d[k] for k in ("z", "s", "c", "d", "loss")}


def last_digit(text: str) -> float:
    """One unit in the last digit a shown number has ("0.9992": 1e-4, "8.245e-04": 1e-7)."""
    mant, _, exp = text.partition("e")
    places = len(mant.partition(".")[2])
    return 10.0 ** (-places + (int(exp) if exp else 0))


def same_as_torch(d: dict, z: float) -> None:
    """The browser's numbers for the thumb's z against torch's for the same z, as shown: z, σ
    and the loss the same text; 1 − σ and σ(1 − σ) within one unit of their last shown digit
    (both come from 1 − σ in float32, which cancels: torch's σ kernel and the browser's may
    differ by one float32 step near 1, and 1 − σ keeps that step at full size)."""
    want = torch_shown(z)
    assert {k: d[k] for k in ("z", "s", "loss")} == {k: want[k] for k in ("z", "s", "loss")}, z
    for k in ("c", "d"):
        assert abs(float(d[k]) - float(want[k])) <= 1.01 * last_digit(want[k]), (z, k, d, want)


# What the piece showed (its numbers' source, its z) each time the page sent the server a message:
# installed before the app opens.
_SENDS = f"""() => {{ const W = window.WebSocket; window.__lxSends = [];
  window.WebSocket = class extends W {{ send(d) {{
    const r = document.querySelector('{ROOT_SEL}');
    window.__lxSends.push(r ? [r.dataset.source, r.dataset.z] : null);
    return super.send(d); }} }}; }}"""


def code_z(page) -> str:
    """The z the section's code panel computes with (its code line ``z = torch.tensor([...])``)."""
    return page.evaluate("""() => { const m = [...document.querySelectorAll('code')]
        .map((c) => c.textContent.match(/z = torch\\.tensor\\(\\[([^\\]]+)\\]/))
        .find((x) => x); return m ? m[1] : null; }""")


def wait_torch(page, z: str | None = None, timeout: int = 30_000) -> None:
    """Until the piece shows torch's numbers (for the logit text ``z``, if given)."""
    page.wait_for_function(f"""(z) => {{ const r = document.querySelector('{ROOT_SEL}');
        return r?.dataset.source === 'torch' && (z === null || r.dataset.z === z); }}""",
                           arg=z, timeout=timeout)


def press_thumb(page, z: float) -> tuple[float, float, float]:
    """Press the mouse on the thumb at ``z``: (x, y) of the press and the track's width."""
    thumb = page.locator(THUMB)
    width = thumb.bounding_box()["width"]
    x0, y = range_point(thumb, z)
    page.mouse.move(x0, y)
    page.mouse.down()
    return x0, y, width


def open_page(page, server_url, path="sigmoid"):
    page.goto(f"{server_url}/{path}{'&' if '?' in path else '?'}open=1")  # every part open
    wait_idle(page, 120_000)
    wait_torch(page, timeout=60_000)
    wait_idle(page)


def test_drag_follows_with_torch_equal_numbers_and_commits_once_on_release(server_url, page,
                                                                            shots_dir):
    page.add_init_script(script=f"({_SENDS})()")
    runs = ScriptRuns(page)
    open_page(page, server_url)
    assert page.locator(ERRORS).count() == 0
    assert numbers(shown(page)) == torch_shown(0.0)
    mark = runs.mark()
    x0, y, width = press_thumb(page, 0.0)
    seen = []
    for k in range(1, 13):  # to the right, in steps, the button held down
        page.mouse.move(x0 + k * width * 0.035, y)
        d = shown(page)
        assert d["source"] == "browser"
        z = float(d["thumb"])
        same_as_torch(d, z)  # the browser's numbers = torch's for this z, as shown
        seen.append(z)
    page.wait_for_timeout(400)  # nothing goes to the server while the button is down
    assert runs.mark() == mark, "a script run happened during the drag"
    assert len(set(seen)) >= 8 and seen[-1] > 3.0
    page.screenshot(path=str(shots_dir / "sigmoid-while-dragging.png"), full_page=True)
    n = page.evaluate("() => window.__lxSends.length")
    page.mouse.up()
    assert runs.wait(page, mark, 30), runs.why_not(*mark)
    wait_torch(page)
    wait_idle(page)
    # on release: the piece's run, then (once torch's numbers are painted) the section's
    assert runs.requested - mark[1] == 2
    sent = page.evaluate("() => window.__lxSends")[n:]
    assert [s[0] for s in sent] == ["browser", "torch"], sent
    assert sent[1][1] == f"{seen[-1]:.4f}"  # asked for with torch's numbers of this commit
    after = shown(page)
    assert numbers(after) == torch_shown(seen[-1])
    # the section's box and code are the new logit's: the box's old text, still in the
    # browser while the piece's run was drawn, was not sent back as if typed
    assert page.locator(TEXT_BOX).input_value() == f"{seen[-1]:.6g}"
    assert float(code_z(page)) == pytest.approx(seen[-1])
    assert page.locator(ERRORS).count() == 0


def test_a_thumb_dragged_back_to_where_it_was_shows_torch_again(server_url, page):
    """A drag that ends where it started changes nothing and sends nothing; the piece, which
    showed the browser's numbers while the thumb moved, shows torch's again on release."""
    runs = ScriptRuns(page)
    open_page(page, server_url)
    mark = runs.mark()
    x0, y, width = press_thumb(page, 0.0)
    page.mouse.move(x0 + width * 0.1, y, steps=4)
    assert shown(page)["source"] == "browser" and float(shown(page)["thumb"]) > 1.0
    page.mouse.move(x0, y, steps=4)
    assert float(shown(page)["thumb"]) == 0.0
    page.mouse.up()
    wait_torch(page, timeout=5_000)
    page.wait_for_timeout(400)
    assert runs.mark() == mark  # nothing was sent: the value did not change
    assert numbers(shown(page)) == torch_shown(0.0)


def test_keys_move_the_thumb(server_url, page):
    open_page(page, server_url)
    thumb = page.locator(THUMB)
    for key, check in (("ArrowRight", lambda z: z == pytest.approx(0.1)),
                       ("PageUp", lambda z: z > 0.15),
                       ("Home", lambda z: z == -10.0), ("End", lambda z: z == 10.0),
                       ("ArrowLeft", lambda z: z == pytest.approx(9.9))):
        thumb.focus()
        before = shown(page)["updates"]
        page.keyboard.press(key)
        page.wait_for_function(f"""(n) => Number(document.querySelector('{ROOT_SEL}')
                                   .dataset.updates) > n""", arg=before, timeout=5_000)
        z = float(shown(page)["thumb"])
        assert check(z), (key, z)
        wait_torch(page, f"{z:.4f}")
        wait_idle(page)
        assert numbers(shown(page)) == torch_shown(z)
    assert thumb.get_attribute("aria-label") == "Logit z"
    assert "σ(z) = " in thumb.get_attribute("aria-valuetext")


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1e308", "'3'", "true", "[1, 2]", "-11"])
def test_a_crafted_commit_gets_a_message_and_changes_nothing(server_url, page, value):
    open_page(page, server_url)
    page.locator(TEXT_BOX).fill("1.5")
    page.locator(TEXT_BOX).press("Enter")
    page.wait_for_function(f"""() => document.querySelector('{ROOT_SEL}').dataset.z
                               === '1.5000'""", timeout=30_000)
    wait_idle(page)
    page.evaluate(f"""() => document.querySelector('{ROOT_SEL}').__lx.setTriggerValue(
        'commit', {{value: {value}, seq: 50}})""")
    page.locator(ERRORS).first.wait_for(timeout=30_000)
    wait_idle(page)
    text = page.locator(ERRORS).first.inner_text()
    assert "Nothing changed" in text and "logit" in text
    assert shown(page)["z"] == "1.5000" and page.locator(TEXT_BOX).input_value() == "1.5"
    assert page.locator('[data-testid="stException"]').count() == 0


def test_japanese_thumb_and_words(server_url, page):
    from core.base.i18n import catalog

    ja = catalog("ja")
    open_page(page, server_url, "sigmoid?lang=ja")
    thumb = page.locator(THUMB)
    assert thumb.get_attribute("aria-label") == ja["sigmoid.logit_label"]
    assert page.locator(ROOT_SEL).inner_text().count(ja["sigmoid.curve_title"]) == 1
    thumb.focus()
    page.keyboard.press("ArrowLeft")
    wait_torch(page, "-0.1000")
    assert numbers(shown(page)) == torch_shown(-0.1)
    assert ja["live.torch"] in page.locator(ROOT_SEL).inner_text()
