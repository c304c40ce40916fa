"""Train it (issue 17): the features of 60 photos against one bare batched forward of the same
tensors, 200 full-batch steps of a 6-class head on 60 photos in torch, and, in Chromium, a step
change of the scrubber until the piece has redrawn every chart of the page that follows the step
(readouts, the loss and accuracy chart, the logit chart, bars, softmax table, gradient heatmap).
Rows for bench/bench.py.  Run alone: .venv/bin/python -m bench.train
(``-m bench.train steps``: the training only, one thread against torch's default, with the load
average beside each)."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

N_PHOTOS, N_CLASSES, N_STEPS = 60, 6, 200
# In the page: every step of the Train page's piece shown in turn, each timed from the input
# event to the end of its redraw and of the layout it forces (reading a box size); returns the
# times in ms (the paint that follows is not in them).
SCRUB_JS = """() => { const r = document.querySelector('input.lxp-thumb').closest('.lxp-root');
  const inp = r.querySelector('input'); const out = [];
  for (let i = 0; i <= Number(inp.max); i += 1) {
    const t = performance.now();
    inp.value = String(i);
    inp.dispatchEvent(new Event('input'));
    void r.getBoundingClientRect().height;  // style and layout of the redrawn piece
    out.push(performance.now() - t);
  }
  return out; }"""


def scrub_times() -> list[float] | None:
    """The redraw time of each step of the ready-made example in Chromium (None without it)."""
    from tests.e2e.browser import browser_page, chromium_path, streamlit_server, wait_idle

    if chromium_path() is None:
        return None
    with streamlit_server() as url, browser_page() as page:
        page.goto(f"{url}/train")
        wait_idle(page, 180_000)
        page.locator("input.lxp-thumb").first.wait_for(timeout=120_000)
        wait_idle(page)
        return page.evaluate(SCRUB_JS)


def load_average() -> str:
    """The 1-minute load average (what else the machine was doing: these numbers depend on it)."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def step_rows(features=None, repeat: int = 5) -> list[dict]:
    """200 steps of the page's training (one intra-op thread, core.base.threads) against the
    same loop run on the caller's thread with torch's default thread count (what the page did
    before), each with the load average beside it. Without ``features``: random ones of the
    same shape (the cost does not depend on the values)."""
    import numpy as np
    import torch

    from bench.photo_batch import paired_medians
    from core.train import math as tm

    f = (np.random.default_rng(0).random((N_PHOTOS, 1280), dtype=np.float32)
         if features is None else features)
    y = np.arange(N_PHOTOS) % N_CLASSES
    cfg = tm.TrainConfig(lr=1.0, steps=N_STEPS)
    threads = torch.get_num_threads()
    before = load_average()
    default, ours = paired_medians(  # in turns, so that other load hits both alike
        [lambda: tm._train(f, y, cfg, None, None, N_CLASSES),
         lambda: tm.train(f, y, cfg, num_classes=N_CLASSES)], repeat)
    load = f"load {before}→{load_average()}"
    return [{"figure": f"train: {N_STEPS} steps, {N_PHOTOS} photos × {N_CLASSES} classes "
                       f"(1 thread; {load})", "value": ours * 1e3, "unit": "ms",
             "goal": "≤ 100 ms (torch)", "reference": f"{threads} threads, as before",
             "ref_value": default * 1e3}]


def measure(repeat: int = 5) -> list[dict]:
    import torch

    from bench.photo_batch import paired_medians
    from core.photo import models
    from core.photo.batch import digest
    from core.photo.images import SAMPLES, sample_bytes
    from core.train import features as ft

    model = models.load_model(models.DEFAULT_MODEL)
    transform = models.make_transform(model)
    keys = [list(SAMPLES)[i % len(SAMPLES)] for i in range(N_PHOTOS)]
    datas = [sample_bytes(k) for k in keys]

    def prepared():  # each photo decoded and preprocessed (the app does this once per photo)
        return [ft.photo_inputs(d, transform, 0, ft.photo_seed(digest(d)))[0] for d in datas]

    inputs = prepared()
    x = torch.cat(inputs)

    def bare():
        with torch.inference_mode():
            model(x)

    def ours():  # stack the inputs, one pooled-features forward
        ft.pooled_features(model, torch.cat(inputs))

    def cold():  # decode + preprocess too
        ft.pooled_features(model, torch.cat(prepared()))

    ref, feats, cold_s = paired_medians([bare, ours, cold], max(2, repeat // 2))
    ref_name = f"one batched forward of the same {N_PHOTOS}"
    rows = [{"figure": f"train: features of {N_PHOTOS} photos (preprocessed)",
             "value": feats * 1e3, "unit": "ms", "goal": "≤ 1.3× batched forward",
             "reference": ref_name, "ref_value": ref * 1e3},
            {"figure": f"train: features of {N_PHOTOS} photos (cold: + decode)",
             "value": cold_s * 1e3, "unit": "ms", "goal": "report", "reference": ref_name,
             "ref_value": ref * 1e3}]
    rows += step_rows(ft.pooled_features(model, x), repeat)
    before = load_average()
    times = scrub_times()
    if times:
        load = f"load {before}→{load_average()}"
        rows.append({"figure": f"train: scrub one step → every chart redrawn (median; {load})",
                     "value": statistics.median(times), "unit": "ms", "goal": "≤ 16 ms"})
        rows.append({"figure": f"train: scrub one step → every chart redrawn (max; {load})",
                     "value": max(times), "unit": "ms", "goal": "report"})
    return rows


if __name__ == "__main__":  # add "steps" to time only the training (no model, no browser)
    for r in step_rows() if "steps" in sys.argv[1:] else measure():
        ref = (f"  ref {r['ref_value']:8.1f} ms  {r['value'] / r['ref_value']:.2f}×  "
               f"({r['reference']})") if r.get("ref_value") else ""
        print(f"{r['figure']:62} {r['value']:8.1f} ms{ref}  goal {r['goal']}")
