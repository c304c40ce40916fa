"""Benchmark rows of the code panels and notebooks: a panel's run when cached (goal ≤ 5 ms),
each page's first run (the model built once where the page needs it: reported, no goal), each
page's notebook build from its outline, lesson text included (goal ≤ 300 ms), and what the app's
model costs a fresh process when the app and the panels build their own copies (as before) and
when both use the one the model cell built (core.photo.code.shared_model). Panels are those the
pages draw, default values. Run alone: .venv/bin/python -m bench.notebook
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def page_panels() -> dict:
    import numpy as np

    from core.article.bears import article_batch
    from core.losses import code as loss_code
    from core.losses import lab, lab_code
    from core.photo import code as photo_code
    from core.photo.images import DEFAULT_SAMPLE, decode_image, sample_bytes
    from core.photo.models import DEFAULT_MODEL
    from core.sigmoid import code as sig_code
    from core.softmax import code as sm_code
    from core.softmax.math import PRESETS

    name = photo_code.photo_file_name(DEFAULT_SAMPLE)
    png = photo_code.photo_png(decode_image(sample_bytes(DEFAULT_SAMPLE)).image)
    batch = article_batch()
    z = np.asarray(batch.logits, np.float32)
    return {
        "logits": [photo_code.photo_logits_panel(DEFAULT_MODEL, name, png, 5)],
        "sigmoid": [sig_code.curve_panel(0.0, 1),
                    sig_code.group_panel(DEFAULT_MODEL, name, png, "coffee"),
                    sig_code.top_k_panel([11.4, 7.3, 6.6], ["espresso", "cup", "consomme"]),
                    sig_code.article_panel(0)],
        "softmax": [sm_code.article_panel(PRESETS["article"].logits),
                    sm_code.softmax_panel(["a", "b", "c"], [2.0, 1.0, 0.1], 1.0)],
        "nll": [loss_code.nll_panel(batch)],
        "cross_entropy": [loss_code.ce_panel(batch), loss_code.article_calls_panel(),
                          lab_code.gradient_panel(z, batch.targets, 0.5),
                          lab_code.stability_panel(z, batch.targets, 1.0, "float32"),
                          lab_code.options_panel(z, batch.targets, lab.CEOptions()),
                          lab_code.photo_batch_panel(DEFAULT_MODEL, [(name, png)], [967],
                                                     [967, 968], [0])],
    }


def measure() -> list[dict]:
    from core.base import code as rc
    from core.base.notebook import download
    from ui.notebook import outline_blocks

    rows = []
    pages = page_panels()
    warm = []
    for page, panels in pages.items():
        rc.clear_cache()
        t = time.perf_counter()
        for p in panels:
            assert rc.run_panel(p).error is None
        rows.append(dict(figure=f"code panels, first run: {page} ({len(panels)})",
                         value=(time.perf_counter() - t) * 1000, unit="ms", goal="reported"))
        for p in panels:
            samples = []
            for _ in range(20):
                t = time.perf_counter()
                rc.run_panel(p)
                samples.append(time.perf_counter() - t)
            warm.append(statistics.median(samples) * 1000)
        by_slot = {p.prints.key: p for p in panels}
        builds = []
        for _ in range(5):
            t = time.perf_counter()
            download(outline_blocks("en", page, by_slot), page)
            builds.append(time.perf_counter() - t)
        rows.append(dict(figure=f"notebook build (cached runs): {page}",
                         value=statistics.median(builds) * 1000, unit="ms", goal="≤ 300 ms"))
    rows.insert(0, dict(figure="code panel run, warm (cached), slowest panel",
                        value=max(warm), unit="ms", goal="≤ 5 ms"))
    return rows + model_rows()


# A fresh process: the app's model for the default photo, then the Logits page's panel on it.
_MODEL_COST = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
import timm, torch  # imported before the clock starts: both ways need them
from core.base.code import run_panel
from core.photo import code as photo_code
from core.photo.images import DEFAULT_SAMPLE, decode_image, sample_bytes
from core.photo.models import DEFAULT_MODEL, load_model, make_transform

def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
png = photo_code.photo_png(decode_image(sample_bytes(DEFAULT_SAMPLE)).image)
before, t = rss(), time.perf_counter()
if {shared}:
    model, transform = photo_code.shared_model(DEFAULT_MODEL)
else:
    model = load_model(DEFAULT_MODEL)
    transform = make_transform(model)
run = run_panel(photo_code.photo_logits_panel(DEFAULT_MODEL, "photo.png", png, 5))
assert run.error is None
print(json.dumps({{"s": time.perf_counter() - t, "mb": rss() - before}}))
"""


def model_rows(processes: int = 5) -> list[dict]:
    """The app's model plus the first photo panel in a fresh process, one shared model copy
    (now) beside two copies, the app's and the runner's (before). The processes alternate
    between the two ways; median of ``processes`` each."""
    runs: dict[bool, list[dict]] = {False: [], True: []}
    for _ in range(processes):
        for shared in (False, True):
            runs[shared].append(json.loads(subprocess.run(
                [sys.executable, "-c", _MODEL_COST.format(root=str(ROOT), shared=shared)],
                check=True, capture_output=True, text=True).stdout))

    def median(shared: bool, what: str) -> float:
        return statistics.median(r[what] for r in runs[shared])

    return [dict(figure=f"app model + first photo panel, one model ({what})", unit=unit,
                 value=median(True, key), goal="reported", reference="two models (before)",
                 ref_value=median(False, key))
            for what, key, unit in (("time", "s", "s"), ("RSS growth", "mb", "MB"))]


if __name__ == "__main__":
    for r in measure():
        ref = f" | {r['reference']} {r['ref_value']:.3g} {r['unit']}" if "reference" in r else ""
        print(f"| {r['figure']:58} | {r['value']:8.3g} {r['unit']} | {r['goal']}{ref} |")
