"""The round trips that stay server runs (issue: "A lesson, not a dashboard", item 8), in real
Chromium, p50 and p95, with the server's own script time beside them:
- every page's script run, warm (AppTest, the same page run again): goal ≤ 150 ms p50;
- page switch (the sidebar's link clicked → the new page drawn, at rest): goal ≤ 0.8 s p50;
- table edit (a logit typed into the NLL page's batch editor → the loss updated): ≤ 0.5 s p50;
- sample switch, model switch after first use (≤ 0.5 s p50), language switch.
Rows for bench/bench.py. Run alone: .venv/bin/python -m bench.roundtrip; one kind of round
trip only (no script-run rows): .venv/bin/python -m bench.roundtrip --only "model switch"
(ROUNDS × 2 switches, alternating two models; the kinds are the keys of GOALS).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ROUNDS = 5


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def script_runs(repeat: int = 7) -> dict[str, float]:
    """Each page's whole script run (app.py + the page), warm, median ms (AppTest)."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP_TIMEOUT, keep_navigation_mode
    from ui.nav import PAGES

    class _Patch:  # keep_navigation_mode takes pytest's monkeypatch; this is its setattr
        def setattr(self, target, name, value):
            setattr(target, name, value)

    keep_navigation_mode(_Patch())
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT)
    at.run()
    out = {}
    for entry in PAGES:
        at.switch_page(entry.path).run()
        at.run()  # warm
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t)
        assert not at.exception, entry.url_path
        out[entry.url_path] = statistics.median(times) * 1000
    return out


def _timed(page, action, done) -> float:
    """Seconds from ``action()`` until ``done()`` (a wait) returned and the page is at rest."""
    from tests.e2e.browser import wait_idle

    t = time.perf_counter()
    action()
    done()
    wait_idle(page)
    return time.perf_counter() - t


def browser_round_trips(only: str | None = None) -> dict[str, list[float]]:
    """Seconds per round trip, by row name; ``only``: the rows of one kind (a key of GOALS)."""
    from core.article.bears import article_batch
    from core.base.i18n import catalog
    from core.losses.batch import validate_batch
    from core.losses.math import nll_view
    from tests.e2e.browser import browser_page, streamlit_server, wait_idle
    from tests.e2e.test_loss_pages_e2e import edit_logit
    from ui.nav import PAGES

    en, ja = catalog("en"), catalog("ja")
    got: dict[str, list[float]] = {}

    def wanted(kind: str) -> bool:
        return only is None or only == kind

    with streamlit_server() as url, browser_page() as page:
        page.goto(url)
        wait_idle(page, 180_000)
        for entry in PAGES if wanted("page switch") else []:  # first visits: models, caches
            page.goto(f"{url}/{entry.link}")  # and components warm
            wait_idle(page, 180_000)
        page.goto(url)
        wait_idle(page, 180_000)
        nav = '[data-testid="stSidebarNav"] a'
        for _ in range(ROUNDS if wanted("page switch") else 0):
            for entry in [*PAGES[1:], PAGES[0]]:
                before = page.locator("h1").first.inner_text()
                link = page.locator(nav).nth(PAGES.index(entry))
                got.setdefault(f"page switch → {entry.url_path}", []).append(_timed(
                    page, link.click,
                    lambda b=before: page.wait_for_function(
                        "b => (document.querySelector('h1')?.innerText.trim() || b) !== b",
                        arg=b, timeout=60_000)))
        # table edit: the NLL page's bears batch, one logit typed (alternating values)
        bears = article_batch()
        for i in range(ROUNDS if wanted("table edit") else 0):
            if i == 0:
                page.locator(nav).nth(4).click()
                wait_idle(page)
            rows = bears.logits.tolist()
            value = 1.5 + i
            rows[0][0] = value
            want = nll_view(validate_batch(rows, list(bears.targets), bears.class_names))
            got.setdefault("table edit → NLL page updated", []).append(
                edit_logit(page, 1, str(value), f"{want.nll_mean.item():.4f}"))
        # sample, model and language switches on the Logits page
        page.locator(nav).nth(1).click()
        wait_idle(page)
        sample = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(1)
        model = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(0)

        def choose(box, text: str, table_has: str) -> float:
            def act():
                box.click()
                page.get_by_role("option", name=text).click()
            return _timed(page, act, lambda: page.locator("table", has_text=table_has).first
                          .wait_for(timeout=60_000))

        for _ in range(ROUNDS if wanted("sample switch") else 0):
            got.setdefault("sample switch → Logits page updated", []).append(
                choose(sample, en["samples.cat"], "tabby"))
            choose(sample, en["samples.coffee"], "espresso")
        if not (wanted("model switch") or wanted("language switch")):
            return got
        choose(model, en["models.tf_efficientnet_lite1"].format(label="EfficientNet-Lite1"),
               "espresso")  # its first use: loading the model is not the round trip
        choose(model, en["models.tf_efficientnet_lite0"].format(label="EfficientNet-Lite0"),
               "espresso")
        for i in range(ROUNDS * 2 if wanted("model switch") else 0):
            name = "tf_efficientnet_lite1" if i % 2 == 0 else "tf_efficientnet_lite0"
            label = name.replace("tf_efficientnet_lite", "EfficientNet-Lite")
            t = choose(model, en[f"models.{name}"].format(label=label), "espresso")
            got.setdefault("model switch (after first use) → Logits page updated", []).append(t)
        for i in range(ROUNDS * 2 if wanted("language switch") else 0):
            lang_label, title = ("日本語", ja["logits.title"]) if i % 2 == 0 else (
                "English", en["logits.title"])
            got.setdefault("language switch → Logits page redrawn", []).append(_timed(
                page, lambda lab=lang_label: page.locator(
                    '[data-testid="stSidebar"] [role="radiogroup"] label', has_text=lab)
                .first.click(),
                lambda tt=title: page.wait_for_function(
                    "t => document.querySelector('h1')?.innerText.trim() === t", arg=tt,
                    timeout=60_000)))
    return got


GOALS = {"page switch": "≤ 0.8 s p50", "table edit": "≤ 0.5 s p50",
         "model switch": "≤ 0.5 s p50", "sample switch": "report", "language switch": "report"}


def measure(only: str | None = None) -> list[dict]:
    if only is not None and only not in GOALS:
        raise SystemExit(f"--only takes one of {', '.join(GOALS)}, not {only!r}")
    scripts = script_runs() if only is None else {}
    rows = [dict(figure=f"script run, warm (AppTest): {page}", value=ms, unit="ms",
                 goal="≤ 150 ms p50") for page, ms in scripts.items()]
    for name, secs in browser_round_trips(only).items():
        goal = next(g for k, g in GOALS.items() if name.startswith(k))
        page = name.split("→ ")[-1].split(" ")[0].lower()
        ref = scripts.get(page if page in scripts else "logits")
        rows.append(dict(figure=f"{name}, p50 (p95 {_pct(secs, 0.95):.2f} s)",
                         value=statistics.median(secs), unit="s", goal=goal,
                         reference=f"script run {ref:.0f} ms" if ref else ""))
    return rows


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help=f"one kind of round trip: {', '.join(GOALS)}")
    for r in measure(ap.parse_args().only):
        print(f"| {r['figure']:64} | {r['value']:8.3g} {r['unit']} | {r['goal']:14} | "
              f"{r.get('reference', '')} |")
