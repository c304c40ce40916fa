"""In Chromium: the Introduction's pipeline picture. Clicking a class makes it the target at
once (p(target), log p and the loss are torch's numbers for it, before any rerun), the choice
reaches the link and a fresh session shows it; a page button opens that page in the same
session (an uploaded photo goes along); every button is reachable with Tab and works with Enter;
a crafted commit gets a message and changes nothing."""

from __future__ import annotations

from functools import cache

import torch
import torch.nn.functional as F

from core.base.i18n import catalog
from core.base.numbers import fmt_number
from core.photo.images import decode_image, sample_bytes
from core.photo.inference import photo_logits
from core.photo.models import imagenet_class_names, load_model, make_transform
from tests.e2e.browser import another_session, upload_cat_on_logits, wait_idle

ROOT = ".lxi-root"
EN = catalog("en")


@cache
def coffee_logits() -> torch.Tensor:
    model = load_model("tf_efficientnet_lite0")
    return torch.tensor(photo_logits(model, make_transform(model),
                                     decode_image(sample_bytes("coffee")).image))


def loss_of(index: int) -> str:
    return fmt_number(float(F.cross_entropy(coffee_logits()[None], torch.tensor([index]))))


def open_intro(page, url: str) -> None:
    page.goto(url)
    wait_idle(page, 120_000)
    page.locator(ROOT + " .lxi-pick").first.wait_for(timeout=60_000)
    wait_idle(page)


def test_a_click_makes_a_class_the_target_with_torch_numbers_and_the_link_keeps_it(
        server_url, page):
    open_intro(page, server_url)
    names = imagenet_class_names()
    root = page.locator(ROOT)
    top = int(root.get_attribute("data-target"))
    assert names[top] == "espresso" and root.get_attribute("data-loss") == loss_of(top)
    cup = names.index("cup")
    # the shown numbers switch in the click's own frame: no server run needed for them
    shown = page.evaluate(f"""() => {{
        const b = [...document.querySelectorAll('{ROOT} .lxi-pick')]
            .find(e => e.textContent === 'cup');
        b.click();
        const r = document.querySelector('{ROOT}');
        return [r.dataset.target, r.dataset.loss, b.getAttribute('aria-pressed'),
                document.querySelector('{ROOT} .lxi-loss').textContent];
    }}""")
    assert shown == [str(cup), loss_of(cup), "true", loss_of(cup)]
    wait_idle(page)
    assert f"it={cup}" in page.url and root.get_attribute("data-target") == str(cup)
    with another_session(page) as other:
        open_intro(other, page.url)
        r = other.locator(ROOT)
        assert r.get_attribute("data-target") == str(cup)
        assert r.locator(".lxi-loss").inner_text() == loss_of(cup)


def test_keyboard_picks_a_target_and_opens_a_page(server_url, page):
    open_intro(page, server_url)
    names = imagenet_class_names()
    pick = page.locator(ROOT + " .lxi-pick", has_text="consomme")
    pick.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelector('{ROOT}').dataset.target === "
                           f"'{names.index('consomme')}'")
    wait_idle(page)
    page.locator(ROOT + " .lxi-go", has_text=EN["nav.nll"]).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/nll*", timeout=60_000)
    wait_idle(page)
    assert page.locator("h1").first.inner_text() == EN["nll.title"]


def test_a_page_button_keeps_the_session_an_uploaded_photo_goes_along(server_url, page):
    upload_cat_on_logits(page, server_url)
    page.get_by_role("link", name=EN["nav.introduction"]).first.click()
    wait_idle(page)
    page.locator(ROOT + " .lxi-pick").first.wait_for(timeout=60_000)
    cat = page.locator(ROOT).get_attribute("data-target")
    assert imagenet_class_names()[int(cat)] in ("tiger cat", "tabby", "Egyptian cat")
    page.locator(ROOT + " .lxi-go", has_text=EN["nav.softmax"]).first.click()
    page.wait_for_url("**/softmax*", timeout=60_000)
    wait_idle(page)
    # the Softmax page's classes are the uploaded cat's top k, not the coffee sample's
    assert page.locator(".sxd-root").get_by_text("espresso").count() == 0
    assert page.locator(".sxd-root").get_by_text("tabby").count() >= 1


BAD = ["{target: NaN, seq: 40}", "{target: 1000, seq: 40}", "{target: -1, seq: 40}",
       "{target: '3', seq: 40}", "{target: 2.5, seq: 40}", "{target: 3, seq: 'x'}"]
GO_BAD = ["'../admin'", "'https://evil.example/'", "42", "{page: 'nll'}", "'Softmax'"]


def test_crafted_commits_and_page_requests_change_nothing(server_url, page):
    open_intro(page, server_url)
    root = page.locator(ROOT)
    start = root.get_attribute("data-target")
    for payload in BAD:
        page.evaluate(f"() => document.querySelector('{ROOT}').__lx"
                      f".setTriggerValue('commit', {payload})")
        page.locator('[data-testid="stAlertContentError"]').first.wait_for(timeout=30_000)
        wait_idle(page)
        assert "Nothing changed" in page.locator('[data-testid="stAlertContentError"]').first \
            .inner_text(), payload
        assert root.get_attribute("data-target") == start and "it=" not in page.url
    for payload in GO_BAD:  # not a page of the app: nothing happens
        page.evaluate(f"() => document.querySelector('{ROOT}').__lx"
                      f".setTriggerValue('go', {payload})")
        wait_idle(page)
        assert page.locator("h1").first.inner_text() == EN["intro.title"], payload
