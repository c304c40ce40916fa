"""Train it (issue 17): the features of 60 photos against one bare batched forward of the same
tensors, and 200 full-batch steps of a 6-class head on 60 photos, in torch. Rows for
bench/bench.py.  Run alone: .venv/bin/python -m bench.train"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

N_PHOTOS, N_CLASSES, N_STEPS = 60, 6, 200


def measure(repeat: int = 5) -> list[dict]:
    import numpy as np
    import torch

    from bench.photo_batch import paired_medians
    from core.photo import models
    from core.photo.batch import digest
    from core.photo.images import SAMPLES, sample_bytes
    from core.train import features as ft
    from core.train.math import TrainConfig, train

    model = models.load_model(models.DEFAULT_MODEL)
    transform = models.make_transform(model)
    keys = [list(SAMPLES)[i % len(SAMPLES)] for i in range(N_PHOTOS)]
    inputs = [ft.photo_inputs(sample_bytes(k), transform, 0, ft.photo_seed(digest(
        sample_bytes(k))))[0] for k in keys]  # what the app caches per photo
    x = torch.cat(inputs)

    def bare():
        with torch.inference_mode():
            model(x)

    def ours():  # the app's path: stack the cached inputs, one pooled-features forward
        ft.pooled_features(model, torch.cat(inputs))

    ref, feats = paired_medians([bare, ours], max(2, repeat // 2))
    f = ft.pooled_features(model, x)
    y = np.arange(N_PHOTOS) % N_CLASSES
    cfg = TrainConfig(lr=1.0, steps=N_STEPS)
    (steps,) = paired_medians([lambda: train(f, y, cfg, num_classes=N_CLASSES)], repeat)
    return [{"figure": f"train: features of {N_PHOTOS} photos (inputs cached)",
             "value": feats * 1e3, "unit": "ms", "goal": "≤ 1.3× batched forward",
             "reference": f"one batched forward of the same {N_PHOTOS}", "ref_value": ref * 1e3},
            {"figure": f"train: {N_STEPS} steps, {N_PHOTOS} photos × {N_CLASSES} classes",
             "value": steps * 1e3, "unit": "ms", "goal": "≤ 100 ms (torch)"}]


if __name__ == "__main__":
    for r in measure():
        ref = f"  ref {r['ref_value']:8.1f} ms  {r['value'] / r['ref_value']:.2f}×" \
            if r.get("ref_value") else ""
        print(f"{r['figure']:55} {r['value']:8.1f} ms{ref}  goal {r['goal']}")
