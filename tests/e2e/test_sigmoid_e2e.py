"""The Sigmoid page in headless Chromium: it renders without an error, and moving the logit
slider with the keyboard moves the point on the curve (read from the Plotly DOM node)."""

import math

import pytest

from core.sigmoid.figures import CURRENT
from tests.e2e.browser import wait_idle

ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
SLIDER = 'input[type="range"][aria-label="Logit z"]'  # the slider's own (react-aria) input
POINT_JS = """() => {
    const el = document.querySelector('.js-plotly-plot');
    if (!el || !el.data) return null;
    const t = el.data.find(d => d.meta === 'CURRENT');
    return t ? [Number(t.x[0]), Number(t.y[0])] : null;
}""".replace("CURRENT", CURRENT)


def point_x(test: str) -> str:
    """A wait condition on the point's x (``test`` completes "x ...", e.g. ">= 0.1"). While
    Plotly redraws the chart the point can be missing for a frame: that reads as "not yet",
    never as an error or a match."""
    return f"(p => p !== null && p[0] {test})(({POINT_JS})())"


def test_slider_moves_the_point_on_the_curve(server_url, page, shots_dir):
    page.goto(f"{server_url}/sigmoid")
    wait_idle(page, 120_000)
    page.locator("h1", has_text="Sigmoid").wait_for(timeout=60_000)
    page.wait_for_function(f"({POINT_JS})() !== null", timeout=60_000, polling="raf")
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).first.inner_text()
    assert page.evaluate(POINT_JS) == [0, 0.5]

    thumb = page.locator(SLIDER)
    for step in range(1, 6):  # one key at a time, as a person does; each moves the point
        thumb.focus()
        thumb.press("ArrowRight")
        page.wait_for_function(point_x(f">= {step / 10 - 1e-6}"), timeout=60_000,
                               polling="raf")
        wait_idle(page)
    x, y = page.evaluate(POINT_JS)
    assert x == float(thumb.input_value()) == pytest.approx(0.5)  # five steps of 0.1
    assert y == pytest.approx(1 / (1 + math.exp(-x)), abs=1e-6)
    assert page.locator(ERRORS).count() == 0
    page.screenshot(path=str(shots_dir / "sigmoid-slider.png"), full_page=True)


def test_drag_this_binary_logit_puts_it_on_the_curve(server_url, page):
    page.goto(f"{server_url}/sigmoid")
    wait_idle(page, 120_000)
    page.wait_for_function(f"({POINT_JS})() !== null", timeout=60_000, polling="raf")
    metric = page.locator('[data-testid="stMetric"]', has_text="binary logit").first
    shown = float(metric.locator('[data-testid="stMetricValue"]').inner_text())
    page.get_by_role("button", name="Drag this binary logit").click()
    page.wait_for_function(point_x("!== 0"), timeout=60_000, polling="raf")
    wait_idle(page)
    x, y = page.evaluate(POINT_JS)
    assert round(x, 4) == shown  # the default photo's "is it a car?" logit, about -8.58
    assert y == pytest.approx(1 / (1 + math.exp(-x)), abs=1e-6)
    # the thumb follows, snapped to the slider's 0.1 steps
    assert float(page.locator(SLIDER).input_value()) == pytest.approx(x, abs=0.051)


def test_japanese_page_moves_the_same_point(server_url, page):
    """In Japanese the labels change (the slider is found by its Japanese name) and the point on
    the curve (found by its meta, not its translated name) still follows the keyboard."""
    from core.base.i18n import catalog

    ja = catalog("ja")
    page.goto(f"{server_url}/sigmoid?lang=ja")
    wait_idle(page, 120_000)
    page.locator("h1", has_text=ja["sigmoid.title"]).wait_for(timeout=60_000)
    page.wait_for_function(f"({POINT_JS})() !== null", timeout=60_000, polling="raf")
    assert page.locator(ERRORS).count() == 0
    thumb = page.locator(f'input[type="range"][aria-label="{ja["sigmoid.logit_label"]}"]')
    thumb.focus()
    thumb.press("ArrowLeft")
    page.wait_for_function(point_x("<= -0.1 + 1e-6"), timeout=60_000, polling="raf")
    wait_idle(page)
    x, y = page.evaluate(POINT_JS)
    assert x == pytest.approx(-0.1) and y == pytest.approx(1 / (1 + math.exp(0.1)), abs=1e-6)
    assert page.get_by_role("button", name=ja["sigmoid.drag_group"]).count() == 1
