"""Benchmark table for Logits Explorer: each figure beside its goal and its reference.

Run: .venv/bin/python -m bench.bench   (needs Debian's chromium for the browser figures)
Timings are medians over repeated runs in this process, on whatever machine runs it.
"""

from __future__ import annotations

import importlib
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


@dataclass
class Row:
    figure: str
    value: float
    unit: str
    goal: str
    reference: str = ""
    ref_value: float | None = None

    @property
    def ratio(self) -> str:
        return f"{self.value / self.ref_value:.2f}×" if self.ref_value else ""


def median_time(fn, repeat: int = 15, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _photo_row(model, transform, name: str, sample: str) -> Row:
    import torch

    from core.photo.images import SAMPLES, decode_image, sample_bytes
    from core.photo.inference import photo_logits, preprocess

    data = sample_bytes(sample)
    x = preprocess(transform, decode_image(data).image)

    def bare():
        with torch.inference_mode():
            model(x)

    ref = median_time(bare)
    ours = median_time(lambda: photo_logits(model, transform, decode_image(data).image))
    return Row(f"photo → logits, warm ({name}, {SAMPLES[sample].file})", ours * 1e3, "ms",
               "≤ 1.3× bare forward", "bare timm forward", ref * 1e3)


def photo_to_logits() -> list[Row]:
    """Warm path of the app (decode + timm preprocessing + forward) vs a bare timm forward."""
    from core.photo import models

    rows = []
    for name in ("tf_efficientnet_lite0", "tf_efficientnet_lite2"):
        model = models.load_model(name)
        transform = models.make_transform(model)
        rows += [_photo_row(model, transform, name, s) for s in ("coffee", "rocket")]
    return rows


def cold_start() -> list[Row]:
    """`streamlit run` → first page interactive in Chromium, beside a bare `import torch, timm`."""
    from tests.e2e.browser import browser_page, streamlit_server, wait_idle

    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import torch, timm"], check=True)
    imports = time.perf_counter() - t
    with browser_page() as page:
        t = time.perf_counter()
        with streamlit_server() as url:
            page.goto(url)
            wait_idle(page, 180_000)
            page.get_by_text("espresso").first.wait_for(timeout=180_000)
            cold = time.perf_counter() - t
    return [Row("cold `streamlit run` → first page interactive", cold, "s",
                "report (next to the imports)", "bare `import torch, timm`", imports)]


# Modules with a measure() -> rows, each owned by the feature it measures.
OPTIONAL = ("bench.softmax_drag", "bench.live", "bench.roundtrip", "bench.photo_batch",
            "bench.core_ops", "bench.notebook", "bench.server", "bench.upload_memory",
            "bench.train")


def main() -> None:
    rows = photo_to_logits() + cold_start()
    for mod in OPTIONAL:
        try:
            m = importlib.import_module(mod)
        except ImportError:
            continue
        if hasattr(m, "measure"):
            rows += [r if isinstance(r, Row) else Row(**r) for r in m.measure()]
    print(f"| {'figure':58} | {'value':>10} | {'goal':26} | {'reference':28} | ratio |")
    print(f"|{'-' * 60}|{'-' * 12}|{'-' * 28}|{'-' * 30}|-------|")
    for r in rows:
        ref = (f"{r.reference} {r.ref_value:.3g} {r.unit}" if r.ref_value is not None
               else r.reference)
        print(f"| {r.figure:58} | {r.value:7.3g} {r.unit:2} | {r.goal:26} | {ref:28} | "
              f"{r.ratio:5} |")


if __name__ == "__main__":
    main()
