"""In Chromium: a shared link opens the same view in Japanese; the language switch keeps the
photo and what the user set; the phone width is readable."""

from core.base.i18n import catalog
from tests.e2e.browser import browser_page, wait_idle

ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
JA, EN = catalog("ja"), catalog("en")


def test_link_opens_japanese_view_and_switch_keeps_the_photo(server_url, page, shots_dir):
    page.goto(f"{server_url}/logits?lang=ja&sample=cat&model=tf_efficientnet_lite0")
    wait_idle(page, 120_000)
    page.get_by_role("heading", name=JA["logits.title"]).first.wait_for(timeout=60_000)
    page.locator("table", has_text="cat").first.wait_for(timeout=60_000)
    assert page.get_by_text(JA["samples.cat"]).count() >= 1
    assert page.locator(ERRORS).count() == 0
    page.screenshot(path=str(shots_dir / "logits-ja.png"), full_page=True)

    page.get_by_text("English", exact=True).click()
    wait_idle(page)
    page.get_by_role("heading", name=EN["logits.title"]).first.wait_for(timeout=30_000)
    assert page.get_by_text(EN["samples.cat"]).count() >= 1  # still the cat
    assert page.locator("table", has_text="cat").count() >= 1
    assert page.locator(ERRORS).count() == 0


def test_hostile_link_gives_a_message_and_renders_no_html(server_url, page):
    page.goto(f"{server_url}/?z=1,nan&model=%3Cimg%20src%3Dx%20onerror%3D%22window.pwned%3D1%22%3E"
              "&c=%3Cb%3Ebold%3C%2Fb%3E")
    wait_idle(page, 120_000)
    page.locator('[data-testid="stAlertContentWarning"]').first.wait_for(timeout=60_000)
    assert page.locator("main img[src='x']").count() == 0
    assert page.evaluate("() => window.pwned === undefined")
    assert page.locator(ERRORS).count() == 0


def test_phone_width_in_japanese(server_url, shots_dir):
    with browser_page(width=390, height=844) as phone:
        for path in ("", "logits", "conclusion"):
            phone.goto(f"{server_url}/{path}?lang=ja")
            wait_idle(phone, 120_000)
            phone.locator("h1").first.wait_for(timeout=60_000)
            assert phone.locator(ERRORS).count() == 0
            # nothing wider than the screen forces sideways scrolling of the whole page
            assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390 + 1
            phone.screenshot(path=str(shots_dir / f"{path or 'home'}-ja-390.png"),
                             full_page=True)


def test_switching_to_japanese_and_back_keeps_every_choice_on_every_page(server_url, page):
    """The sidebar's selects send back their option's shown words; after ja → en those words
    are not among the options any more, and the sample came back as the key "Coffee cup"
    (a traceback on every page). Each page goes en → ja → en with a chosen model and sample."""
    from ui.nav import PAGES

    page.goto(f"{server_url}/?sample=cat&model=tf_efficientnet_lite1")
    wait_idle(page, 120_000)
    radio = '[data-testid="stSidebar"] [role="radiogroup"] label'
    for entry in PAGES:
        page.locator('[data-testid="stSidebarNav"] a').nth(PAGES.index(entry)).click()
        wait_idle(page, 120_000)
        for lang in ("日本語", "English"):
            page.locator(radio, has_text=lang).first.click()
            wait_idle(page, 120_000)
            assert page.locator(ERRORS).count() == 0, (entry.url_path, lang)
        assert page.locator("h1").count() >= 1, entry.url_path
        assert "sample=cat" in page.url and "model=tf_efficientnet_lite1" in page.url, page.url
        assert page.get_by_text(EN["samples.cat"]).count() >= 1
