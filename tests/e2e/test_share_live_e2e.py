"""In Chromium: the share link always equals what is on screen. Controls that rerun only their
own part of the page (a fragment: the temperature, the sigmoid logit, the labs) change the
address bar and the share box too; the link, opened in a fresh browser, shows the same numbers.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from core.base.i18n import catalog
from tests.e2e.browser import another_session, wait_idle

EN = catalog("en")
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
SHARE_TEXT = "textarea.lx-share-link"


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_idle(page, 120_000)
    page.locator("h1").first.wait_for(timeout=60_000)
    wait_idle(page)


def share_box_link(page) -> str:
    """Open the sidebar's share box (once) and read the link it shows."""
    box = page.locator(SHARE_TEXT)
    if not box.is_visible():
        page.get_by_text(EN["share.box_title"], exact=True).click()
        box.wait_for(state="visible", timeout=10_000)
    # the box follows the address bar; give it the address it must show, as a condition
    page.wait_for_function(
        f"() => document.querySelector('{SHARE_TEXT}')?.value === window.location.href",
        timeout=10_000)
    return box.input_value()


def params(link: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(link).query)


T_ROOT = ".lxt-root"  # the temperature piece (ui/live/temperature)


def temperature(page) -> str:
    """The temperature the piece shows (parts far below the window are drawn when they come
    into view: scroll there first)."""
    root = page.locator(T_ROOT)
    root.scroll_into_view_if_needed(timeout=30_000)
    return root.get_attribute("data-t")


def test_temperature_keys_are_in_the_link_and_the_link_opens_the_same_view(server_url, page):
    open_page(page, f"{server_url}/softmax")
    title = EN["panels.deeper"].format(title=EN["softmax.temp_header"])
    page.get_by_text(title, exact=True).click()  # its "Go deeper" part: open is on screen too
    wait_idle(page)
    start = temperature(page)
    thumb = page.locator(f"{T_ROOT} input")
    for _ in range(5):  # five key presses: each reruns the temperature part only
        thumb.focus()
        thumb.press("ArrowRight")
        wait_idle(page)
    page.wait_for_function(f"() => document.querySelector('{T_ROOT}').dataset.source"
                           " === 'torch'", timeout=30_000)
    shown = temperature(page)
    assert shown != start
    link = share_box_link(page)
    assert link == page.url
    t = params(link)["t"][0]
    assert f"{float(t):.3g}" == f"{float(shown):.3g}"
    assert params(link)["parts"] == ["softmax_temperature"]
    with another_session(page) as fresh:
        open_page(fresh, link)
        assert temperature(fresh) == shown
        assert fresh.locator(ERRORS).count() == 0


def test_a_typed_sigmoid_logit_is_in_the_link(server_url, page):
    open_page(page, f"{server_url}/sigmoid")
    box = page.locator(".st-key-sigmoid_logit__text input")
    box.fill("-2.75")
    box.press("Enter")
    wait_idle(page)
    link = share_box_link(page)
    assert params(link)["zs"] == ["-2.75"]
    with another_session(page) as fresh:
        open_page(fresh, link)
        # the box is drawn a frame before React gives it its value: wait for it, then read
        box = ".st-key-sigmoid_logit__text input"
        fresh.wait_for_function(f"() => document.querySelector('{box}')?.value", timeout=10_000)
        assert fresh.locator(box).input_value() == "-2.75"


@pytest.mark.parametrize("page_path", ["nll", "cross_entropy"])
def test_the_bears_batch_comes_back_whole(server_url, page, page_path):
    open_page(page, f"{server_url}/{page_path}")
    page.get_by_role("button", name=EN["batch.article_button"]).click()
    wait_idle(page)
    link = share_box_link(page)
    q = params(link)
    assert len(q["z"]) == 5 and q["y"] == ["1,0,2,0,2"]  # five images, their targets
    label = EN["nll.metric_mean" if page_path == "nll" else "ce.metric_mean"]

    def mean_loss(p) -> str:
        metric = p.locator('[data-testid="stMetric"]', has_text=label).first
        metric.scroll_into_view_if_needed(timeout=30_000)  # drawn when in view
        return metric.locator('[data-testid="stMetricValue"]').inner_text()

    mean = mean_loss(page)
    with another_session(page) as fresh:
        open_page(fresh, link)
        assert mean_loss(fresh) == mean
        assert fresh.locator(ERRORS).count() == 0
