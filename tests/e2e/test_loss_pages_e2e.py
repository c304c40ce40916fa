"""The NLL and Cross-entropy pages in headless Chromium: they render without error elements, the
preset loads, the loss number (computed here with PyTorch) is in the DOM text, a cell edited in
the real data editor changes it, and article mode shows the printed tables."""

from core.article_bears import article_batch
from core.losses import cross_entropy_steps, nll_view
from core.losses_batch import validate_batch
from tests.e2e.browser import wait_idle

ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
METRICS = '[data-testid="stMetricValue"]'


def open_page(page, url: str) -> None:
    page.goto(url)
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


def edit_first_logit(page, value: str) -> None:
    """Type into row 1, first class of the logits editor (the second data editor): select the
    cell with a click, type, Enter; Glide's grid is a canvas, so the cell is found by position."""
    grid = page.locator('[data-testid="stDataFrame"]').nth(1)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    row_h = 35  # Streamlit's default row height (header row included)
    page.mouse.click(box["x"] + 120, box["y"] + row_h * 1.5)  # index column ≈ 60 px wide
    page.keyboard.press("Enter")  # open the cell's editor, then replace its text
    page.locator("[data-testid='data-grid-canvas'] ~ * input, #portal input, "
                 "textarea.gdg-input, input.gdg-input").first.wait_for(timeout=10_000)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(value)
    page.keyboard.press("Enter")
    wait_idle(page)


def test_nll_page_in_the_browser(server_url, page, shots_dir):
    open_page(page, f"{server_url}/nll")
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
    open_page(page, f"{server_url}/cross-entropy")
    load_bears(page)
    bears = article_batch()
    want = f"{cross_entropy_steps(bears).module_mean:.4f}"
    assert want == "1.0884" and want in metric_texts(page)
    assert "Equal to step 4 within 1e-6" in page.locator('[data-testid="stMain"]').inner_text()
    page.screenshot(path=str(shots_dir / "cross-entropy-bears.png"), full_page=True)

    edit_first_logit(page, "2.5")
    rows = bears.logits.tolist()
    rows[0][0] = 2.5
    edited = cross_entropy_steps(validate_batch(rows, [1, 0, 2, 0, 2], bears.class_names))
    page.wait_for_function(
        """want => [...document.querySelectorAll('[data-testid="stMetricValue"]')]
                   .some(e => e.innerText.trim() === want)""",
        arg=f"{edited.module_mean:.4f}", timeout=30_000)
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
