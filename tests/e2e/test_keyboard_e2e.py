"""Every control on every page can be reached with the Tab key (accessibility)."""

import pytest

from tests.e2e.browser import settle, wait_idle
from ui.nav import PAGES

# Focusable controls of the page body. Left out: chart toolbars and hover toolbars (mouse
# helpers that duplicate the CSV/PNG/table features and the code box's copy button), the inside
# of data grids, and parts that widgets deliberately keep out of the tab order (tabindex=-1,
# e.g. a select's arrow button: the select itself takes the focus and opens with the keyboard).
CONTROLS_JS = """() => {
  const sel = 'main input:not([type=hidden]):not([disabled]), main button:not([disabled]),' +
              'main [role=slider], main textarea, main a[href], main summary, main iframe';
  const skip = e => e.getAttribute('tabindex') === '-1' || e.closest(
    '.modebar, [data-testid=stDataFrame], [data-testid=stFileUploaderDropzone],' +
    '[data-testid=stElementToolbar], [kind=elementToolbar]');
  // inside a closed expander only its summary is a stop (Streamlit may keep the closed
  // body laid out)
  const shut = e => { const d = e.closest('details');
    return d && !d.open && !(e.tagName === 'SUMMARY' && e.parentElement === d); };
  const visible = e => { const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && !shut(e); };
  const all = [...document.querySelectorAll(sel)].filter(e => !skip(e) && visible(e));
  // a radio group is one stop: the checked radio takes the focus
  const groups = new Set();
  return all.filter(e => {
    if (e.type !== 'radio') return true;
    const g = e.closest('[role=radiogroup]'); if (groups.has(g)) return false;
    groups.add(g); return true;
  }).map((e, i) => { e.setAttribute('data-kb-id', String(i)); return String(i); });
}"""
FOCUSED_JS = """() => {
  const e = document.activeElement; if (!e) return null;
  if (e.type === 'radio') {
    const g = e.closest('[role=radiogroup]');
    const first = g && [...g.querySelectorAll('input[data-kb-id]')][0];
    return first ? first.getAttribute('data-kb-id') : e.getAttribute('data-kb-id');
  }
  return e.getAttribute('data-kb-id');
}"""


@pytest.mark.parametrize("entry", PAGES, ids=[p.url_path for p in PAGES])
def test_every_control_is_reachable_with_tab(server_url, page, entry):
    page.goto(f"{server_url}/{entry.link}")
    wait_idle(page, 120_000)
    page.locator("h1").first.wait_for(timeout=60_000)
    wait_idle(page)
    settle(page)  # a part still drawing would replace controls after they are counted
    wanted = set(page.evaluate(CONTROLS_JS))
    assert wanted, "no controls found"
    page.locator("h1").first.click()  # start from the page body
    reached = set()
    for _ in range(len(wanted) * 3 + 60):
        page.keyboard.press("Tab")
        got = page.evaluate(FOCUSED_JS)
        if got is not None:
            reached.add(got)
        if wanted <= reached:
            break
    missing = wanted - reached
    described = [page.locator(f'[data-kb-id="{m}"]').first.evaluate(
        "e => e.outerHTML.slice(0, 160)") for m in sorted(missing)[:5]]
    assert not missing, f"{len(missing)} of {len(wanted)} controls not reachable: {described}"
