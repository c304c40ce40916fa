"""User text is never markup (shared/DESIGN.md, promise 3), checked where it matters: in
Chromium, on every page, with every part opened. Class names that are Markdown, KaTeX,
Streamlit directives, Plotly's HTML subset, links, bare addresses and an RTL override arrive
through a shared link and through every typed input (the Softmax name boxes, the loss pages'
class-name editor); no element, link or image may come of them, and no request may leave for
another address."""

from __future__ import annotations

from urllib.parse import urlencode

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.browser import wait_idle

ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
# Each payload carries a marker (qz…) so that whatever the page made of it can be found.
PAYLOADS = ("![i](http://evil.example/qzpic.png)", "**qzbold**", "$qzkatex$", ":red[qzred]",
            "<b>qzhtml</b>", "<a href=http://evil.example>qzanchor</a>", "qzbr<br>qzbreak",
            "[qzlink](javascript:alert(1))", "http://evil.example/qzurl", "\u202eqzrtl",
            "<img src=http://evil.example/qzimgtag>", "www.evil.example/qzwww",
            "qzmail@evil.example", ":material/home: qzicon")
PAGES = ("", "logits", "sigmoid", "softmax", "nll", "cross_entropy", "train", "conclusion")

# Every element that displays a marker must display it literally: the markup characters
# around it are still there as text, and it is not inside an element that markup made.
FIND_MARKUP = r"""() => {
  const bad = [];
  const literal = {qzbold: '**qzbold**', qzkatex: '$qzkatex$', qzred: ':red[qzred]',
                   qzhtml: '<b>qzhtml</b>', qzanchor: '<a href=', qzbreak: '<br>qzbreak',
                   qzlink: '[qzlink](javascript', qzpic: '![i](http', qzimgtag: '<img src=',
                   qzurl: 'http://evil.example/qzurl', qzicon: ':material/home:'};
  for (const e of document.querySelectorAll('*')) {
    for (const a of ['src', 'href', 'xlink:href', 'srcset', 'style']) {
      const v = e.getAttribute(a);
      if (v && /evil|javascript:/i.test(v)) bad.push(`${e.tagName} ${a}=${v}`);
    }
    const tag = e.tagName.toLowerCase();
    // the share link box holds the address itself
    if (/^https?:\/\/(127\.0\.0\.1|localhost)/.test(e.textContent.trim())) continue;
    if (['b', 'strong', 'em', 'i', 'a', 'img', 'br'].includes(tag)
        && /qz[a-z]+/.test(e.textContent))
      bad.push(`<${tag}> around ${e.textContent.slice(0, 60)}`);
    if (e.closest('.katex') && /qz/.test(e.textContent))
      bad.push('KaTeX: ' + e.textContent.slice(0, 40));
    if (tag === 'tspan' && /qz/.test(e.textContent)
        && /bold|italic/.test(e.getAttribute('style') || ''))
      bad.push('styled chart text: ' + e.textContent);
    const own = [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('');
    // a code panel prints exactly what Python prints (promise 2), and a data editor's grid
    // shows a cell as typed, like a text box: both may hold the override
    if (own.includes('\u202e') && !e.closest('pre, code, [data-testid="stDataFrame"]')) {
      const where = (e.closest('[data-testid]') || e).getAttribute('data-testid');
      bad.push(`RTL override shown: ${own.slice(0, 40)} in ${where}`);
    }
    for (const [marker, text] of Object.entries(literal)) {
      if (own.includes(marker) && !own.replace(/\u2060/g, '').includes(text))
        bad.push(`${marker} not literal in <${tag}>: ${own.slice(0, 60)}`);
    }
  }
  return [...new Set(bad)];
}"""


def open_all_parts(page) -> None:
    """Open every closed expander, one at a time (each may rerun the page and reveal more)."""
    closed = page.locator('[data-testid="stExpander"] details:not([open]) > summary')
    for _ in range(40):
        if closed.count() == 0:
            return
        closed.first.click()
        wait_idle(page)
    raise AssertionError("expanders kept closing again")


def check(page, where: str) -> None:
    # Plotly draws its SVG text after the script run has ended: wait until every chart has
    page.wait_for_function("""() => [...document.querySelectorAll('.js-plotly-plot')]
        .every(p => p.querySelector('svg.main-svg text'))""", timeout=30_000)
    bad = page.evaluate(FIND_MARKUP)
    assert not bad, f"{where}: {bad[:10]}"
    assert page.locator(ERRORS).count() == 0, f"{where}: {page.locator(ERRORS).first.inner_text()}"


def watch_requests(page, server_url: str) -> list[str]:
    foreign: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((server_url, "data:", "blob:"))
            else foreign.append(r.url))
    return foreign


def rename_class(page, row: int, text: str, marker: str) -> None:
    """Type a class name into the class-names editor (a canvas grid: the cell is found by
    position and opened with a double click) until the page shows it. A rerun may redraw the
    grid while the cell editor opens, or move it: then try again."""
    shown = "m => document.querySelector('[data-testid=\"stMain\"]').innerText.includes(m)"
    for _ in range(4):
        wait_idle(page)
        grid = page.locator('[data-testid="stDataFrame"]').first
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.mouse.dblclick(box["x"] + box["width"] * 0.7, box["y"] + 35 * (row + 0.5))
        cell = page.locator("textarea.gdg-input, input.gdg-input").first
        try:
            cell.fill(text, timeout=5_000)
            cell.press("Enter", timeout=5_000)
            wait_idle(page)
            page.wait_for_function(shown, arg=marker, timeout=15_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"could not type into row {row} of the class-names editor")


def test_names_from_a_link_are_text_on_every_page(server_url, page):
    foreign = watch_requests(page, server_url)
    names = PAYLOADS[:10]
    row = ",".join(f"{0.5 * i:g}" for i in range(len(names)))
    query = urlencode([("z", row), ("z", row), *[("c", n) for n in names], ("y", "1,3")])
    for path in PAGES:
        page.goto(f"{server_url}/{path}?{query}&open=1")  # every "Go deeper" part too
        wait_idle(page, 120_000)
        page.locator("h1").first.wait_for(timeout=60_000)
        open_all_parts(page)
        check(page, path or "introduction")
    assert not foreign, foreign


def test_typed_names_are_text(server_url, page):
    foreign = watch_requests(page, server_url)
    page.goto(f"{server_url}/softmax?open=1")
    wait_idle(page, 120_000)
    open_all_parts(page)  # the name boxes sit in "exact values"
    boxes = page.get_by_label("Name of class", exact=False)
    assert boxes.count() >= 3
    typed = PAYLOADS[10:] + PAYLOADS[:1]
    for i, text in enumerate(typed[: boxes.count()]):
        boxes.nth(i).fill(text)
        boxes.nth(i).press("Enter")
        wait_idle(page)
    assert page.get_by_text("qzwww", exact=False).count() >= 1  # the names were taken
    check(page, "softmax, typed names")

    page.goto(f"{server_url}/nll?open=1")
    wait_idle(page, 120_000)
    page.get_by_role("button", name="Article's bears batch").click()
    wait_idle(page)
    for row, text, marker in ((1, PAYLOADS[4], "qzhtml"), (2, PAYLOADS[5], "qzanchor")):
        rename_class(page, row, text, marker)
    assert page.get_by_text("qzanchor", exact=False).count() >= 1  # the names were taken
    open_all_parts(page)
    check(page, "nll, edited class names")
    assert not foreign, foreign
