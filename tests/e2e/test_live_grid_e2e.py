"""The grid pieces (ui/live/playback.js) in headless Chromium: the Softmax page's "raise one
class" gap and the Cross-entropy labs' learning rate, logit scale and label smoothing. Each is
dragged in steps with the mouse button held; BEFORE release the shown numbers are read and
compared with torch for the same inputs; no script run happens mid-drag and one on release; the
keyboard works; a crafted commit gets a message and changes nothing."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.base.numbers import fmt_number, fmt_probability
from core.softmax.math import PRESETS
from tests.e2e.browser import ScriptRuns, range_point, runs_of, wait_idle

ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
GAP_LABEL = "Gap over the best other logit"


def root_of(label: str) -> str:
    """A JS expression: the piece whose thumb is called ``label``."""
    return (f"document.querySelector('input.lxp-thumb[aria-label={json.dumps(label)}]')"
            ".closest('.lxp-root')")


def state(page, label: str) -> dict:
    return page.evaluate(f"""() => {{ const r = {root_of(label)};
        const d = r.dataset;
        return {{index: Number(d.index), source: d.source, updates: Number(d.updates),
                 shown: JSON.parse(d.shown), thumb: Number(r.querySelector('input').value),
                 text: r.innerText}}; }}""")


def thumb_of(page, label: str):
    return page.locator(f'input.lxp-thumb[aria-label="{label}"]')


def drag(page, label: str, steps: int, direction: int, check, frac: float = 0.03) -> list[int]:
    """Drag the thumb ``steps`` mouse moves (``frac`` of the track each), button held;
    ``check(d)`` runs on the shown state after every move. Returns the grid indices seen (the
    release is left to the caller)."""
    thumb = thumb_of(page, label)
    thumb.scroll_into_view_if_needed()
    d = state(page, label)
    box = thumb.bounding_box()
    x0, y = range_point(thumb, d["index"])
    page.mouse.move(x0, y)
    page.mouse.down()
    seen = []
    for k in range(1, steps + 1):
        page.mouse.move(x0 + direction * k * box["width"] * frac, y)
        d = state(page, label)
        assert d["source"] == "drag" and d["index"] == d["thumb"], d
        check(d)
        seen.append(d["index"])
    return seen


def release_once(page, runs, mark) -> None:
    page.wait_for_timeout(400)  # a window to see that nothing goes to the server mid-drag
    assert runs.mark() == mark, "a script run happened during the drag"
    page.mouse.up()
    assert runs.wait(page, mark, 30), runs.why_not(*mark)
    wait_idle(page)
    assert runs.requested - mark[1] == 1  # one run, on release


def crafted(page, label: str, payload: str) -> str:
    """Send one crafted commit; the message of the run it caused (payloads go one after another
    on one page: each must leave the piece as it was, so the next starts from the same state)."""
    runs = runs_of(page)
    mark = runs.mark()
    page.evaluate(f"""() => {root_of(label)}.__lx.setTriggerValue('commit', {payload})""")
    assert runs.wait(page, mark, 30), f"{payload}: {runs.why_not(*mark)}"
    wait_idle(page)
    page.locator(ERRORS).first.wait_for(timeout=30_000)
    return page.locator(ERRORS).first.inner_text()


BAD_INDICES = ["{index: NaN, seq: 40}", "{index: Infinity, seq: 40}", "{index: 1e308, seq: 40}",
               "{index: 99999, seq: 40}", "{index: -1, seq: 40}", "{index: '3', seq: 40}",
               "{index: [1, 2], seq: 40}", "{index: 2.5, seq: 40}", "{index: 3, seq: 'x'}"]


# ---------------------------------------------------------------- Softmax: raise one class
def article_lead() -> tuple[float, str]:
    """The fish's lead over the next class in the article's preset, as the control shows it."""
    z = np.sort(np.float32(PRESETS["article"].logits))
    lead = round(float(z[-1] - z[-2]), 4)
    return lead, f"{lead:+.6g}"


def open_softmax_article(page, server_url, lang: str = ""):
    page.goto(f"{server_url}/softmax?open=1{lang.replace('?', '&')}")  # every part open
    wait_idle(page, 120_000)
    page.locator(".sxd-root").first.wait_for(timeout=60_000)
    page.get_by_role("button", name="Article: horse, ball, fish, car, stick").click()
    page.wait_for_function(f"""() => {{ const r = {root_of(GAP_LABEL)};
        return r && JSON.parse(r.dataset.shown).value === '{article_lead()[1]}'; }}""",
                       timeout=60_000)
    wait_idle(page)


def torch_share(gap: float) -> float:
    z = np.float32(PRESETS["article"].logits).copy()
    z[2] = np.float32(np.delete(z, 2).max() + np.float32(gap))
    return float(torch.softmax(torch.tensor(z), -1)[2])


def gap_checks(d: dict) -> None:
    gap = float(d["shown"]["value"].replace("−", "-"))
    want = torch_share(gap)
    assert d["shown"]["raw"][0] == pytest.approx(want, abs=1e-6)
    assert d["shown"]["readouts"][0] == fmt_probability(want)


def test_gap_drag_plays_torch_share_before_release(server_url, page, shots_dir):
    runs = ScriptRuns(page)
    open_softmax_article(page, server_url)
    d = state(page, GAP_LABEL)
    assert d["source"] == "torch"
    gap_checks(d)  # at rest: the fish's lead over the next class (the caption's lead)
    assert f"leads the next class by {article_lead()[0]:.4f}" in page.locator("body").inner_text()
    mark = runs.mark()
    seen = drag(page, GAP_LABEL, 15, -1, gap_checks)
    assert len(set(seen)) >= 8
    last = state(page, GAP_LABEL)["shown"]["value"]
    page.screenshot(path=str(shots_dir / "softmax-gap-dragging.png"), full_page=True)
    release_once(page, runs, mark)
    d = state(page, GAP_LABEL)
    assert d["source"] == "torch" and d["shown"]["value"] == last
    gap_checks(d)
    assert f"gap={last.lstrip('+')}" in page.url  # the link holds the learner's gap


def test_gap_keys(server_url, page):
    open_softmax_article(page, server_url)
    thumb = thumb_of(page, GAP_LABEL)
    for key, want in (("Home", "-10"), ("ArrowRight", "-9.9"), ("PageUp", None),
                      ("End", "+10"), ("ArrowLeft", "+9.9")):
        thumb.focus()
        before = state(page, GAP_LABEL)["updates"]
        page.keyboard.press(key)
        page.wait_for_function(f"(n) => Number({root_of(GAP_LABEL)}.dataset.updates) > n",
                               arg=before, timeout=5_000)
        d = state(page, GAP_LABEL)
        if want:
            assert d["shown"]["value"] == want, key
        gap_checks(d)
        page.wait_for_function(f"() => {root_of(GAP_LABEL)}.dataset.source === 'torch'",
                               timeout=30_000)
        wait_idle(page)
        d = state(page, GAP_LABEL)
        gap_checks(d)
    assert thumb.get_attribute("aria-valuetext") == "+9.9"


def test_crafted_gap_commits_get_a_message_and_change_nothing(server_url, page):
    open_softmax_article(page, server_url)
    for payload in BAD_INDICES:
        text = crafted(page, GAP_LABEL, payload)
        assert "Nothing changed" in text, (payload, text)
        d = state(page, GAP_LABEL)
        assert d["shown"]["value"] == article_lead()[1] and d["source"] == "torch", payload


# ---------------------------------------------------------------- Cross-entropy labs
LR_LABEL, SCALE_LABEL, EPS_LABEL = "Learning rate (lr)", "Scale the logits by", "label_smoothing"


def open_ce_bears(page, server_url):
    from tests.e2e.test_loss_pages_e2e import URL, load_bears, open_page

    open_page(page, server_url, URL["pages/cross_entropy.py"])
    load_bears(page)
    for label in (LR_LABEL, SCALE_LABEL, EPS_LABEL):
        page.wait_for_function(f"() => {root_of(label)}?.dataset.source === 'torch'",
                               timeout=60_000)
    wait_idle(page)


def bears():
    from core.article.bears import article_batch

    b = article_batch()
    return torch.tensor(b.logits), torch.tensor(b.targets)


def lr_checks(d: dict) -> None:
    lr = float(d["shown"]["value"])
    x, t = bears()
    grad = torch.softmax(x, 1) - F.one_hot(t, 3)
    before, after = F.cross_entropy(x, t), F.cross_entropy(x - lr * grad, t)
    assert d["shown"]["raw"] == pytest.approx([float(before), float(after)], rel=1e-5)
    assert d["shown"]["readouts"] == [fmt_number(before), fmt_number(after)]
    rows = F.cross_entropy(x - lr * grad, t, reduction="none")
    assert [r[1] for r in d["shown"]["tables"][0]] == [fmt_number(v) for v in rows]
    assert d["shown"]["point"] == fmt_number(after)


def scale_checks(d: dict) -> None:
    scale = float(d["shown"]["value"].lstrip("×"))
    x, t = bears()
    xs = x * scale  # float32, the lab's default dtype
    ce = F.cross_entropy(xs, t, reduction="none")
    ls = -torch.log_softmax(xs, 1)[torch.arange(5), t]
    e = torch.exp(xs)
    naive = -torch.log(e / e.sum(1, keepdim=True))[torch.arange(5), t]
    lsm = -torch.log(torch.softmax(xs, 1))[torch.arange(5), t]
    want = [[f"{float(m):g}", fmt_number(a), fmt_number(b), fmt_number(c), fmt_number(e_)]
            for m, a, b, c, e_ in zip(xs.max(1).values, naive, lsm, ls, ce, strict=True)]
    assert d["shown"]["tables"][0] == want
    full = torch.log(e / e.sum(1, keepdim=True))
    assert d["shown"]["tables"][1][0][:2] == [str(int(torch.isinf(full).sum())),
                                              str(int(torch.isnan(full).sum()))]
    broken = bool(torch.isnan(full).any())  # the words under the tables follow the scale too
    assert (d["shown"]["tables"][1][0][2] != "—") == broken
    assert any("inf / inf = NaN" in line for line in d["shown"]["notes_lines"]) == broken


def eps_checks(d: dict) -> None:
    eps = float(d["shown"]["value"])
    x, t = bears()
    want = F.cross_entropy(x, t, label_smoothing=eps)  # the lab's defaults: mean, no weights
    assert d["shown"]["raw"] == pytest.approx([float(want), float(want)], rel=1e-5)
    assert d["shown"]["readouts"] == [fmt_number(want), fmt_number(want)]
    rows = F.cross_entropy(x, t, label_smoothing=eps, reduction="none")
    assert d["shown"]["bars"] == [fmt_number(v) for v in rows]
    assert [r[2] for r in d["shown"]["tables"][0]] == [fmt_number(v) for v in rows]
    lines = d["shown"]["notes_lines"]  # the formula with this ε, and the check, for this ε
    assert lines[0].startswith(f"row loss = (1 − {d['shown']['value']}) · ")
    assert f"= {fmt_number(want)}." in lines[1] and "agree" in lines[2]


LABS = [(LR_LABEL, lr_checks, 0.03, -1, "Learning rate"),
        (SCALE_LABEL, scale_checks, 0.08, +1, "Scale"),
        (EPS_LABEL, eps_checks, 0.03, +1, "label_smoothing")]


@pytest.mark.parametrize("label, check, frac, direction, _", LABS, ids=[x[4] for x in LABS])
def test_lab_drag_plays_torch_numbers_before_release(server_url, page, shots_dir, label, check,
                                                      frac, direction, _):
    runs = ScriptRuns(page)
    open_ce_bears(page, server_url)
    d = state(page, label)
    assert d["source"] == "torch"
    check(d)
    mark = runs.mark()
    seen = drag(page, label, 8, direction, check, frac)
    assert len(set(seen)) >= 6
    last = state(page, label)["shown"]
    page.screenshot(path=str(shots_dir / f"ce-lab-{_}-dragging.png"), full_page=True)
    release_once(page, runs, mark)
    d = state(page, label)
    assert d["source"] == "torch" and d["shown"] == last
    assert page.locator(ERRORS).count() == 0


def test_lab_keys_and_aria(server_url, page):
    open_ce_bears(page, server_url)
    for label, check, ends in ((LR_LABEL, lr_checks, ("0.001", "100")),
                               (SCALE_LABEL, scale_checks, ("×1", "×1000")),
                               (EPS_LABEL, eps_checks, ("0", "1"))):
        thumb = thumb_of(page, label)
        for key in ("End", "Home", "ArrowRight", "PageUp", "PageDown", "ArrowLeft"):
            thumb.focus()
            before = state(page, label)["updates"]
            page.keyboard.press(key)
            page.wait_for_function(f"(n) => Number({root_of(label)}.dataset.updates) > n",
                                   arg=before, timeout=5_000)
            d = state(page, label)
            check(d)
            if key == "End":
                assert d["shown"]["value"] == ends[1]
            page.wait_for_function(f"() => {root_of(label)}.dataset.source === 'torch'",
                                   timeout=30_000)
            wait_idle(page)
            check(state(page, label))
        assert state(page, label)["shown"]["value"] == ends[0]  # back at the start
        assert thumb.get_attribute("aria-valuetext") == ends[0]
    assert page.locator(ERRORS).count() == 0
    csv_is_the_frame_shown(page)


def test_crafted_lab_commits_get_a_message_and_change_nothing(server_url, page):
    open_ce_bears(page, server_url)
    for payload in BAD_INDICES:
        text = crafted(page, LR_LABEL, payload)
        assert "Nothing changed" in text, (payload, text)
        d = state(page, LR_LABEL)
        assert d["shown"]["value"] == "1" and d["source"] == "torch", payload
        lr_checks(d)


def csv_is_the_frame_shown(page) -> None:
    """A lab piece's table saves as CSV what it shows at the thumb's point (moved by a key, not
    yet confirmed by the server): its header, each row's words and torch's numbers as shown,
    the value in the file's name."""
    import csv
    import io

    thumb = thumb_of(page, SCALE_LABEL)
    thumb.focus()
    page.keyboard.press("End")  # ×1000: the naive formulas break
    d = state(page, SCALE_LABEL)
    assert d["shown"]["value"] == "×1000"
    button = page.locator(".lxp-root").filter(has=thumb_of(page, SCALE_LABEL)).locator(
        ".lxp-csv").first  # the scale piece's first table
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "stability-float32-1000.csv"
    raw = open(download.path(), "rb").read()
    assert raw.startswith("\ufeff".encode())  # spreadsheet apps read it as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["", "target", "largest scaled logit", "exp / sum (no max-shift)",
                       "log(softmax)", "log_softmax", "cross_entropy"]
    assert [r[0] for r in rows[1:]] == [f"row {i}" for i in range(1, 6)]
    assert [r[2:] for r in rows[1:]] == state(page, SCALE_LABEL)["shown"]["tables"][0]
    assert "NaN" in [r[3] for r in rows[1:]]
