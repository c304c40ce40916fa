"""Labelled photos (issue 6): a batch of 16 photos → per-photo cross-entropy, against one bare
batched forward of the same 16 tensors, in the same run. Rows for bench/bench.py."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

N_PHOTOS = 16


def _batch():
    from core.photo import batch as pb
    from core.photo import models
    from core.photo.images import SAMPLES, sample_bytes

    model = models.load_model(models.DEFAULT_MODEL)
    transform = models.make_transform(model)
    keys = [list(SAMPLES)[i % len(SAMPLES)] for i in range(N_PHOTOS)]
    datas = [sample_bytes(k) for k in keys]
    names = models.imagenet_class_names()
    labels = [names.index(pb.SAMPLE_LABELS.get(k, "espresso")) for k in keys]
    return model, transform, datas, labels


def paired_medians(fns, repeat: int) -> list[float]:
    """Median time of each function, run in turns (a, b, c, a, b, c, ...) after one warm-up
    each, so that load from other processes on a shared machine hits them alike."""
    for fn in fns:
        fn()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t = time.perf_counter()
            fn()
            times[i].append(time.perf_counter() - t)
    return [statistics.median(ts) for ts in times]


def measure(repeat: int = 5) -> list[dict]:
    import torch

    from core.photo import batch as pb

    model, transform, datas, labels = _batch()
    tensors = [pb.prepare(d, transform).tensor for d in datas]  # what the app caches per photo
    x = torch.stack(tensors)

    def bare():
        with torch.inference_mode():
            model(x)

    def warm():  # the app's path once each photo's decode is cached: stack, forward, losses
        pb.photo_losses(pb.batched_logits(model, tensors), labels)

    def cold():  # nothing cached: decode + preprocess each photo too
        ts = [pb.prepare(d, transform).tensor for d in datas]
        pb.photo_losses(pb.batched_logits(model, ts), labels)

    def one_by_one():
        for t, y in zip(tensors, labels):
            pb.photo_losses(pb.batched_logits(model, [t]), [y])

    with torch.inference_mode():
        logits = model(x).numpy()

    def extra():  # everything the warm path does besides the forward itself
        torch.stack(tensors)
        pb.photo_losses(logits, labels)

    ref, *ours = paired_medians([bare, warm, cold, one_by_one], repeat)
    (extra_s,) = paired_medians([extra], 20)
    figures = ((f"{N_PHOTOS} photos → per-photo losses (decode cached)", "≤ 1.5× batched forward"),
               (f"{N_PHOTOS} photos → per-photo losses (cold: + decode)", "report"),
               (f"{N_PHOTOS} photos → losses, one forward per photo", "report (why batch)"))
    return [{"figure": fig, "value": v * 1e3, "unit": "ms", "goal": goal,
             "reference": f"one batched forward of the same {N_PHOTOS}", "ref_value": ref * 1e3}
            for (fig, goal), v in zip(figures, ours)] + [
        {"figure": f"{N_PHOTOS} photos: work besides the forward (stack + losses)",
         "value": extra_s * 1e3, "unit": "ms", "goal": "≪ forward (noise-free bound)",
         "reference": f"one batched forward of the same {N_PHOTOS}", "ref_value": ref * 1e3}]


if __name__ == "__main__":
    for r in measure():
        print(f"{r['figure']:55} {r['value']:8.1f} ms  ref {r['ref_value']:8.1f} ms  "
              f"{r['value'] / r['ref_value']:.2f}×  goal {r['goal']}")
