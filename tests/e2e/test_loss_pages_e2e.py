"""The NLL and Cross-entropy pages in headless Chromium: they render without error elements, the
preset loads, the loss number (computed here with PyTorch) is in the DOM text, a cell edited in
the real data editor changes it, and article mode shows the printed tables."""

import time

from core.article.bears import article_batch
from core.losses.batch import validate_batch
from core.losses.math import cross_entropy_steps, nll_view
from tests.e2e.browser import wait_idle
from ui.nav import PAGES

URL = {p.path: p.url_path for p in PAGES}  # the router's url path of each page file
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
METRICS = '[data-testid="stMetricValue"]'


def open_page(page, server_url: str, path: str) -> None:
    """Land on the app first: a deep link as the very first request of a fresh server is
    tests/e2e/test_app_e2e.py's subject, not these tests'."""
    page.goto(server_url)
    wait_idle(page, 120_000)
    page.goto(f"{server_url}/{path}?open=1")  # every "Go deeper" part open
    wait_idle(page, 120_000)
    page.locator("h1").first.wait_for(timeout=60_000)
    page.locator(METRICS).first.wait_for(timeout=60_000)
    wait_idle(page)
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).first.inner_text()


def load_bears(page) -> None:
    page.get_by_role("button", name="Article's bears batch").click()
    wait_idle(page)
    page.get_by_text("the article's bears batch").first.wait_for(timeout=30_000)
    wait_idle(page)


def metric_texts(page) -> list[str]:
    return [t.strip() for t in page.locator(METRICS).all_inner_texts()]


def edit_logit(page, row: int, value: str, want: str) -> float:
    """Type ``value`` into the first class of ``row`` (1-based) of the logits editor (the
    second data editor) and wait until the first metric reads ``want``; returns the seconds
    from Enter to the new loss in the DOM. Glide's grid is a canvas: the cell is found by
    position (header and rows are 35 px) and opened with a double click."""
    grid = page.locator('[data-testid="stDataFrame"]').nth(1)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.dblclick(box["x"] + 120, box["y"] + 35 * (row + 0.5))
    cell = page.locator("textarea.gdg-input, input.gdg-input").first
    cell.fill(value)
    start = time.perf_counter()
    cell.press("Enter")
    page.wait_for_function(
        """want => document.querySelector('[data-testid="stMetricValue"]')
                   .innerText.trim() === want""", arg=want, timeout=30_000)
    seconds = time.perf_counter() - start
    wait_idle(page)
    return seconds


def test_nll_page_in_the_browser(server_url, page, shots_dir):
    open_page(page, server_url, URL["pages/nll.py"])
    page.get_by_role("button", name="Use my photo").click()  # the page opens on the bears
    wait_idle(page)
    page.get_by_text("not a labelled batch yet").wait_for(timeout=30_000)
    page.screenshot(path=str(shots_dir / "nll-photo-top-k.png"), full_page=True)
    load_bears(page)
    view = nll_view(article_batch())
    mean, total = f"{view.nll_mean.item():.4f}", f"{view.nll_sum.item():.4f}"
    assert mean in metric_texts(page) and total in metric_texts(page)
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "no log is taken here" in body and f"{view.picked[0].item():.4f}" in body
    assert page.locator(ERRORS).count() == 0
    page.screenshot(path=str(shots_dir / "nll-bears.png"), full_page=True)


def test_cross_entropy_page_in_the_browser(server_url, page, shots_dir):
    open_page(page, server_url, URL["pages/cross_entropy.py"])
    load_bears(page)
    bears = article_batch()
    want = f"{cross_entropy_steps(bears).module_mean:.4f}"
    assert want == "1.0884" and want in metric_texts(page)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "Equal to step 4 within float32's resolution" in main
    page.screenshot(path=str(shots_dir / "cross-entropy-bears.png"), full_page=True)

    rows = bears.logits.tolist()
    for row, value in ((1, 2.5), (2, -1.5)):  # two edits in a row: neither may be lost
        rows[row - 1][0] = value
        want = cross_entropy_steps(validate_batch(rows, [1, 0, 2, 0, 2], bears.class_names))
        seconds = edit_logit(page, row, str(value), f"{want.module_mean:.4f}")
        assert seconds < 5, seconds
    assert page.locator(ERRORS).count() == 0

    page.get_by_text("Article mode").first.click()
    wait_idle(page)
    page.get_by_text("Printed in the article").first.wait_for(timeout=30_000)
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "0.3734" in body and "-0.9850" in body  # printed values, beside the computed ones
    assert "has no attribute 'nll_loss'" in body
    assert "1.0884" in metric_texts(page)
    assert page.locator(ERRORS).count() == 0
    page.screenshot(path=str(shots_dir / "cross-entropy-article.png"), full_page=True)
