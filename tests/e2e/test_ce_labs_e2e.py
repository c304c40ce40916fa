"""The cross-entropy labs in headless Chromium on the Cross-entropy page: dragging the scale to
×1000 makes the naive formulas NaN / inf while log_softmax and cross_entropy stay finite; a
learning rate moved with the keys changes the step; no error element anywhere."""

from tests.e2e.browser import wait_idle

STAB = "largest scaled logit"  # a column only the stability table has
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
TABLE_JS = """(col) => [...document.querySelectorAll('table')]
    .filter(t => t.innerText.includes(col)).map(t => t.innerText)"""
CELLS_JS = """(col) => [...document.querySelectorAll('table')]
    .filter(t => t.innerText.includes(col))
    .map(t => [...t.rows].map(r => [...r.cells].map(c => c.innerText.trim())))"""


def tables_with(page, column: str) -> list[str]:
    return page.evaluate(TABLE_JS, column)


def cells(page, column: str) -> dict[str, str]:
    """The last row of the first table holding ``column``, by column header."""
    rows = page.evaluate(CELLS_JS, column)[0]
    return dict(zip(rows[0], rows[-1]))


def test_stability_lab_and_gradient_step_in_the_browser(server_url, page, shots_dir):
    page.goto(server_url)
    wait_idle(page, 180_000)
    page.goto(f"{server_url}/cross_entropy?open=1")  # every "Go deeper" part open
    wait_idle(page, 180_000)
    page.get_by_text("Stability lab").first.wait_for(timeout=120_000)
    page.wait_for_function(f"() => ({TABLE_JS})('{STAB}').length > 0", timeout=60_000)
    wait_idle(page)
    assert page.locator(ERRORS).count() == 0
    stab = tables_with(page, STAB)[0]
    assert "NaN" not in stab and "inf" not in stab

    thumb = page.get_by_role("slider", name="Scale the logits by")
    thumb.focus()
    page.keyboard.press("End")  # ×1000
    page.wait_for_function(f"() => ({TABLE_JS})('{STAB}').some(t => t.includes('NaN'))",
                           timeout=60_000, polling="raf")
    wait_idle(page)
    row = cells(page, STAB)
    assert row["exp / sum (no max-shift)"] == "NaN"
    assert row["log_softmax"] not in ("inf", "NaN") and row["cross_entropy"] not in ("inf", "NaN")
    assert float(row["log_softmax"]) == float(row["cross_entropy"])
    page.get_by_text("Stability lab").first.scroll_into_view_if_needed()
    page.screenshot(path=str(shots_dir / "ce-labs-stability-x1000.png"))

    page.get_by_text("float16", exact=True).click()
    wait_idle(page)
    assert page.locator(ERRORS).count() == 0

    before = tables_with(page, "loss after one step")[-1]  # Python's table (after the piece's)
    lr = page.get_by_role("slider", name="Learning rate (lr)")  # a live piece's thumb
    lr.focus()
    for _ in range(7):  # 1 → 5 on the R10 grid
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        f"() => ({TABLE_JS})('loss after one step').at(-1) !== {before!r}", timeout=60_000)
    wait_idle(page)
    assert lr.get_attribute("aria-valuetext") == "5"
    assert page.locator(ERRORS).count() == 0
    page.get_by_text("Options PyTorch has").first.scroll_into_view_if_needed()
    page.screenshot(path=str(shots_dir / "ce-labs-options.png"))
