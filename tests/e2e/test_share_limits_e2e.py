"""In Chromium: a link past Streamlit's query-string limit (1,000 parameters) reaches the script
as no link at all; the browser's address bar still holds it, and the page says why the link was
not used instead of silently opening the defaults. A link at the limit still works."""

from core.base import share
from tests.e2e.browser import wait_idle

WARNING = '[data-testid="stAlertContentWarning"]'
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def link(fields: int) -> str:
    """z, c and targets, padded with harmless parameters to ``fields`` in all."""
    head = ["z=1,2,3", "c=red", "c=green", "c=blue", "y=2"]
    return "&".join(head + [f"u{i}=1" for i in range(fields - len(head))])


def test_a_link_over_the_limit_says_it_was_ignored(server_url, page):
    over = share.STREAMLIT_MAX_FIELDS + 1
    page.goto(f"{server_url}/logits?{link(over)}")
    wait_idle(page, 120_000)
    warning = page.locator(WARNING).filter(has_text=f"{over:,} parameters")
    warning.first.wait_for(timeout=60_000)
    text = warning.first.inner_text()
    assert f"at most {share.STREAMLIT_MAX_FIELDS:,} parameters" in text
    assert page.locator(ERRORS).count() == 0
    sidebar = page.locator('[data-testid="stSidebarUserContent"]')
    assert sidebar.get_by_text("from a shared link").count() == 0  # the defaults: the photo's
    assert sidebar.get_by_text("1000 classes").count() == 1
    # the message is shown once: the next action does not repeat it
    page.get_by_text("Upload", exact=True).click()
    wait_idle(page)
    assert page.locator(WARNING).filter(has_text="parameters").count() == 0


def test_a_link_at_the_limit_is_read(server_url, page):
    page.goto(f"{server_url}/logits?{link(share.STREAMLIT_MAX_FIELDS)}")
    wait_idle(page, 120_000)
    sidebar = page.locator('[data-testid="stSidebarUserContent"]')
    sidebar.get_by_text("3 classes").first.wait_for(timeout=60_000)  # the link's z
    assert sidebar.get_by_text("from a shared link").count() == 1
    # a session that read its link never mounts the probe, so no answer can come later
    # (besides the share box, the probe is the sidebar's only components-v2 piece)
    assert page.locator('[data-testid="stSidebar"] [data-testid^="stBidiComponent"]'
                        ':not(:has(.lx-share))').count() == 0
    assert page.locator(WARNING).filter(has_text="parameters").count() == 0
    assert page.locator(ERRORS).count() == 0
