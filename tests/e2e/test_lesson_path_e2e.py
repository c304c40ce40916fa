"""In Chromium: every section page's default view is at most three screens tall at 1400x900, in
English and Japanese; every page fits a 390-px phone without sideways scrolling or a widget
cut off at the screen's edge."""

from __future__ import annotations

import pytest

from tests.e2e.browser import browser_page, full_height, settle, wait_idle
from ui.nav import PAGES

SCREENS, HEIGHT = 3, 900
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
# Elements whose box reaches past the right edge of the window (a clipped widget or chart).
CLIPPED_JS = """(width) => [...document.querySelectorAll(
    '[data-testid="stMain"] [data-testid="stElementContainer"]')]
  .filter(e => { const r = e.getBoundingClientRect();
                 return r.width > 0 && r.right > width + 1; })
  .map(e => e.className.split(' ').find(c => c.startsWith('st-key-'))
             || e.innerText.slice(0, 40))"""

# Button and link words cut short with an ellipsis (a label wider than its button).
CUT_LABELS_JS = """() => [...document.querySelectorAll(
    '[data-testid="stMain"] button p, [data-testid="stMain"] a p')]
  .filter(e => e.innerText.trim() && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.innerText.slice(0, 60))"""


# st.table cells that clip (ui/page.css: each clip was a paint node that every frame of a drag
# walked), or whose content is wider or taller than the cell's box (what the clip had hidden).
TABLE_CELLS_JS = """() => [...document.querySelectorAll(
    '[data-testid="stTable"] [data-testid="stMarkdownContainer"]')]
  .filter(e => getComputedStyle(e).overflowX !== 'visible'
               || e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
  .map(e => e.innerText.slice(0, 40))"""


def open_settled(page, url: str) -> None:
    page.goto(url)
    wait_idle(page, 120_000)
    page.locator("h1").first.wait_for(timeout=60_000)
    wait_idle(page)
    settle(page)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_each_page_fits_three_screens_at_1400(server_url, lang):
    tall = {}
    with browser_page(width=1400, height=HEIGHT) as page:
        for entry in PAGES:
            open_settled(page, f"{server_url}/{entry.link}?lang={lang}")
            assert page.locator(ERRORS).count() == 0, entry.url_path
            h = page.evaluate("() => document.querySelector('[data-testid=stMain]')"
                              ".scrollHeight")
            if h > SCREENS * HEIGHT:
                tall[entry.url_path] = h
            assert page.evaluate(CUT_LABELS_JS) == [], entry.url_path
    assert not tall, f"taller than {SCREENS} screens of {HEIGHT} px: {tall}"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_page_is_clean_on_a_phone(server_url, shots_dir, lang):
    with browser_page(width=390, height=844) as phone:
        for entry in PAGES:
            open_settled(phone, f"{server_url}/{entry.link}?lang={lang}")
            assert phone.locator(ERRORS).count() == 0, entry.url_path
            assert phone.evaluate("() => document.documentElement.scrollWidth") <= 391, \
                entry.url_path
            assert phone.evaluate(CLIPPED_JS, 390) == [], entry.url_path
            assert phone.evaluate(CUT_LABELS_JS) == [], entry.url_path
            phone.screenshot(path=str(shots_dir / f"{entry.url_path}-{lang}-390.png"),
                             full_page=True)


# Inside every live piece (components v2, drawn in the page's DOM): anything whose box reaches
# past the window's right edge (a scrollable table's cells may, inside their scrolling box).
PIECE_CLIPPED_JS = """(width) => [...document.querySelectorAll('.lx-root')].flatMap(root =>
  [root, ...root.querySelectorAll('*')]
    .filter(e => !e.closest('.lxp-table-wrap') || e.classList.contains('lxp-table-wrap'))
    .filter(e => { const r = e.getBoundingClientRect();
                   return r.width > 0 && r.right > width + 1; })
    .map(e => `${root.className.split(' ')[0]} ${e.tagName}.${e.getAttribute('class') || ''}`))"""


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_live_piece_fits_a_phone(server_url, lang):
    """Every "Go deeper" part open (the live pieces live there too), at 390 px."""
    with browser_page(width=390, height=844) as phone:
        for path, pieces in (("logits", 2), ("sigmoid", 1), ("softmax", 3), ("nll", 1),
                             ("cross_entropy", 4), ("train", 1)):
            phone.set_viewport_size({"width": 390, "height": 844})
            open_settled(phone, f"{server_url}/{path}?open=1&lang={lang}")
            full_height(phone, 390)  # every part in view: each piece is drawn
            phone.wait_for_function(
                "(n) => [...document.querySelectorAll('.lx-root')]"
                ".filter(r => r.dataset.source === 'torch').length >= n", arg=pieces,
                timeout=120_000)
            settle(phone)
            assert phone.locator(ERRORS).count() == 0, path
            assert phone.evaluate("() => document.documentElement.scrollWidth") <= 391, path
            assert phone.evaluate(CLIPPED_JS, 390) == [], path
            assert phone.evaluate(PIECE_CLIPPED_JS, 390) == [], path
            assert phone.evaluate(TABLE_CELLS_JS) == [], path


# Every drawn chart's title: inside its chart (not cut off), and on top of no other chart text
# (tick labels, legend entries, annotations, the colour bar's words).
TITLES_JS = """() => {
  const out = [];
  const cut = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1
                        && b.top < a.bottom - 1;
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const svg = plot.querySelector('.main-svg'); if (!svg) continue;
    const box = svg.getBoundingClientRect(); if (box.width === 0) continue;
    for (const title of plot.querySelectorAll('.gtitle')) {
      const r = title.getBoundingClientRect();
      if (r.width === 0) continue;
      const name = title.textContent.slice(0, 50);
      if (r.left < box.left - 1 || r.right > box.right + 1) out.push('cut: ' + name);
      for (const o of plot.querySelectorAll(
          '.xtick text, .ytick text, .legendtext, .annotation-text-g, .cbtitle text')) {
        if (cut(r, o.getBoundingClientRect())) { out.push('on ' + o.textContent + ': ' + name);
                                                  break; }
      }
    }
  }
  return out;
}"""


@pytest.mark.parametrize("width, lang", [(1400, "en"), (1400, "ja"), (390, "en"), (390, "ja")])
def test_no_chart_title_or_table_cell_is_cut_off(server_url, width, lang):
    """Every chart title inside its chart and on no other chart text; no st.table cell clipped."""
    bad = {}
    with browser_page(width=width, height=900) as page:
        for entry in PAGES:
            open_settled(page, f"{server_url}/{entry.link}?lang={lang}&open=1")
            for i in range(page.locator(".js-plotly-plot").count()):  # drawn when seen
                page.locator(".js-plotly-plot").nth(i).scroll_into_view_if_needed()
            settle(page)
            got = page.evaluate(TITLES_JS) + page.evaluate(TABLE_CELLS_JS)
            if got:
                bad[entry.url_path] = got
    assert not bad, bad
