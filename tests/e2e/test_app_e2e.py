"""The whole app in headless Chromium: upload a photo through the real file input, read the
expected class on the Logits page, and visit every page without an error element."""

import pytest

from core.base.i18n import tr
from tests.e2e.browser import streamlit_server, upload_cat_on_logits, wait_idle
from ui.nav import PAGES

ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def test_upload_through_the_file_input_changes_the_logits_page(server_url, page, shots_dir):
    upload_cat_on_logits(page, server_url)
    assert page.locator(ERRORS).count() == 0
    page.screenshot(path=str(shots_dir / "logits-upload-cat.png"), full_page=True)


def test_numbers_in_this_chart_open_on_click(server_url, page, shots_dir):
    """The chart's table is drawn only once opened: a click reruns the page and shows it."""
    page.goto(f"{server_url}/logits")
    wait_idle(page, 120_000)
    page.locator("table", has_text="espresso").first.wait_for(timeout=60_000)
    grids = '[data-testid="stDataFrame"]'
    assert page.locator(grids).count() == 0
    page.get_by_text(tr("en", "panels.chart_data")).first.click()
    page.locator(grids).first.wait_for(timeout=60_000)
    wait_idle(page)
    assert page.locator(grids).count() == 1
    assert page.locator(ERRORS).count() == 0
    page.screenshot(path=str(shots_dir / "logits-chart-numbers-open.png"), full_page=True)


@pytest.mark.parametrize("entry", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_renders_without_error(server_url, page, shots_dir, entry):
    page.goto(f"{server_url}/{entry.link}")
    wait_idle(page, 120_000)
    assert page.get_by_text("Page not found").count() == 0
    wait_idle(page, 120_000)
    page.locator("h1").first.wait_for(timeout=60_000)
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).first.inner_text()
    page.get_by_text("Photo from").wait_for(timeout=30_000)  # the shared sidebar is there
    wait_idle(page)
    page.screenshot(path=str(shots_dir / f"{entry.url_path}.png"), full_page=True)


# A fresh server per page cost 14 s each; the trap is the server's first moments, the same for
# every page: two deep links (the first page after the default, the last) on fresh servers, and
# every page's deep link on the shared server (test_every_page_renders_without_error).
FRESH = [PAGES[1], PAGES[-1]]


@pytest.mark.parametrize("entry", FRESH, ids=[p.url_path for p in FRESH])
def test_deep_link_on_a_fresh_server_opens_that_page(page, entry):
    """Right after start, a deep link must not fall into Streamlit's legacy pages/ mode (no
    "Page not found", no page named "app"), and must open the page it names."""
    with streamlit_server() as url:
        page.goto(f"{url}/{entry.link}")
        wait_idle(page, 120_000)
        page.get_by_text("Photo from").wait_for(timeout=60_000)
        wait_idle(page)
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Introduction" in nav and "app" not in nav.split()
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator("h1").first.inner_text() == entry_title(entry)


def entry_title(entry) -> str:
    """The h1 each page opens with (English)."""
    first = {"introduction": "intro.title"}.get(entry.url_path.replace("-", "_"))
    return tr("en", first or entry.title_key)
