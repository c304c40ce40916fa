"""In Chromium: the Logits page's live charts (ui/live/logits_overview.js, logits_histogram.js).
A model switch in the sidebar redraws them in place (the same root nodes before and after) with
torch's numbers for the new model; labels never overlap; tick labels, axis titles and the title
stay inside each chart, in English and Japanese; each chart's button saves a PNG of it under
the name the page gives."""

from __future__ import annotations

import pytest
import torch

from core.base.i18n import catalog
from core.base.numbers import fmt_number
from core.photo.models import imagenet_class_names
from tests.app.test_logits_page import torch_logits as logits_of
from tests.e2e.browser import browser_page, runs_of, settle, wait_idle

OVERVIEW, HISTOGRAM = ".lxo-root", ".lxh-root"
EN, JA = catalog("en"), catalog("ja")
SIDEBAR_SELECT = '[data-testid="stSidebar"] [data-testid="stSelectbox"]'

# Pairs of a chart's label texts whose boxes overlap (by more than a pixel).
OVERLAPS_JS = """(sel) => {
  const boxes = [...document.querySelectorAll(sel)].map(t => t.getBoundingClientRect())
    .filter(r => r.width > 0);
  const hits = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1
          && b.top < a.bottom - 1) hits.push([i, j]);
    }
  return {n: boxes.length, hits};
}"""

# Every visible text of a piece's chart that reaches outside its SVG (a cut tick label, axis
# title or chart title), and the chart title lines that sit on any other text of the chart.
OUTSIDE_JS = """(root) => {
  const svg = document.querySelector(root + ' svg'); const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].filter(t => t.getAttribute('display') !== 'none');
  const out = texts.map(t => [t.textContent, t.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5
                                       || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5))
    .map(([s]) => 'outside: ' + s);
  const cut = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1
                        && b.top < a.bottom - 1;
  for (const h of svg.querySelectorAll('.lx-head')) {
    const r = h.getBoundingClientRect();
    for (const o of texts) if (o !== h && cut(r, o.getBoundingClientRect()))
      out.push('title on ' + o.textContent);
  }
  return out;
}"""


def shown(page, root: str) -> dict:
    return page.evaluate(f"() => ({{...document.querySelector('{root}').dataset}})")


def open_logits(page, url: str) -> None:
    page.goto(url)
    wait_idle(page, 120_000)
    page.wait_for_function(f"""() => ['{OVERVIEW}', '{HISTOGRAM}'].every(s =>
        document.querySelector(s + ' svg'))""", timeout=60_000)
    wait_idle(page)
    settle(page)


def test_a_model_switch_redraws_both_charts_in_place_with_the_new_models_numbers(server_url):
    names = imagenet_class_names()
    with browser_page(width=1400, height=1000) as page:
        open_logits(page, f"{server_url}/logits")
        x0 = logits_of("tf_efficientnet_lite0")
        before = shown(page, OVERVIEW)
        assert before["top1"] == "espresso" and before["top1Logit"] == fmt_number(x0.max())
        hist = shown(page, HISTOGRAM)
        page.evaluate(f"""() => {{ document.querySelector('{OVERVIEW}').__kept = 'overview';
                                   document.querySelector('{HISTOGRAM}').__kept = 'hist'; }}""")
        runs = runs_of(page).mark()
        page.locator(SIDEBAR_SELECT).nth(0).click()
        page.get_by_role("option", name=EN["models.tf_efficientnet_lite1"].format(
            label="EfficientNet-Lite1")).click()
        assert runs_of(page).wait(page, runs, 120)
        page.wait_for_function(f"""(v) => document.querySelector('{OVERVIEW}').dataset.top1Logit
                                   !== v""", arg=before["top1Logit"], timeout=60_000)
        wait_idle(page)
        # the same root nodes: what was set on them before the switch is still there
        assert page.evaluate(f"""() => [document.querySelector('{OVERVIEW}').__kept,
                                        document.querySelector('{HISTOGRAM}').__kept,
                                        document.querySelectorAll('{OVERVIEW}').length]""") \
            == ["overview", "hist", 1]
        x1 = logits_of("tf_efficientnet_lite1")
        after = shown(page, OVERVIEW)
        top = torch.topk(x1, 5).indices.tolist()
        assert after["top1"] == names[top[0]] and after["top1Logit"] == fmt_number(x1[top[0]])
        assert after["top"] == ",".join(map(str, top)) and after["points"] == "1000"
        assert int(after["updates"]) == int(before["updates"]) + 1  # redrawn, not made anew
        # the numbers on the page are the table's: the top point's hover text and label
        tip = page.evaluate(f"""() => [...document.querySelectorAll('{OVERVIEW} .lxo-top')]
            .map(c => c.querySelector('title').textContent)""")
        assert f"#{top[0]} {names[top[0]]}: logit {fmt_number(x1[top[0]])}" in tip
        labels = page.evaluate(f"""() => [...document.querySelectorAll(
            '{OVERVIEW} .lx-lane-label')].map(t => t.textContent)""")
        assert sorted(labels) == sorted(names[i] for i in top)
        new_hist = shown(page, HISTOGRAM)
        assert new_hist["counts"] != hist["counts"]
        assert sum(map(int, new_hist["counts"].split(","))) == 1000
        got = page.evaluate(OVERLAPS_JS, f"{OVERVIEW} .lx-lane-label")
        assert got["n"] == 5 and got["hits"] == [], got


@pytest.mark.parametrize("width", [1400, 390])
def test_the_top_k_labels_never_overlap_and_every_text_stays_inside(server_url, width):
    """Coffee (consomme and chocolate sauce are neighbours) and the cat (Egyptian cat, tiger cat
    and tabby are five classes apart), top 5 and top 20, in English and Japanese."""
    with browser_page(width=width, height=900) as page:
        for query in ("lk=5", "lk=20", "sample=cat&lk=5", "sample=cat&lk=20&lang=ja"):
            open_logits(page, f"{server_url}/logits?{query}")
            page.locator(OVERVIEW).scroll_into_view_if_needed()
            k = int(query.split("lk=")[1].split("&")[0])
            got = page.evaluate(OVERLAPS_JS, f"{OVERVIEW} .lx-lane-label")
            assert got["n"] == k and got["hits"] == [], (width, query, got)
            for root in (OVERVIEW, HISTOGRAM):
                assert page.evaluate(OUTSIDE_JS, root) == [], (width, query, root)
            words = page.evaluate(f"() => document.querySelector('{OVERVIEW} svg').textContent")
            lang = JA if "lang=ja" in query else EN
            for key in ("logits.overview", "logits.overview_x", "logits.overview_y"):
                assert lang[key] in words, (key, query)


def test_each_chart_saves_a_png_of_itself(server_url, tmp_path):
    with browser_page(width=1400, height=1000) as page:
        open_logits(page, f"{server_url}/logits")
        for root, name, file in ((OVERVIEW, "logits-Coffee cup", "logits-coffee-cup.png"),
                                 (HISTOGRAM, "logit-histogram-Coffee cup",
                                  "logit-histogram-coffee-cup.png")):
            button = page.locator(f"{root} .lx-png")
            assert button.get_attribute("title") == EN["panels.png_help"].format(name=name)
            with page.expect_download() as info:
                button.click()
            download = info.value
            assert download.suggested_filename == file
            path = tmp_path / file
            download.save_as(path)
            data = path.read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
            svg = page.evaluate(f"""() => {{ const s = document.querySelector('{root} svg');
                return [Number(s.getAttribute('width')), Number(s.getAttribute('height'))]; }}""")
            assert (w, h) == (2 * svg[0], 2 * svg[1])  # drawn at twice its size
