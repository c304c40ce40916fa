"""Benchmark rows: the app's core softmax and cross-entropy against the direct PyTorch call on a
1024 x 50,000 float32 batch (goal: at most 1.1x the direct call).

Each pair is timed interleaved (ours, torch, ours, torch, ...) so that a busy machine slows both
alike; the figure is the median. The results must also be identical to the direct call.
Run alone: .venv/bin/python -m bench.core_ops
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SHAPE = (1024, 50_000)
GOAL = "≤ 1.1× direct torch call"


def paired_medians(ours, ref, repeat: int = 9, warmup: int = 2) -> tuple[float, float]:
    for _ in range(warmup):
        ours()
        ref()
    a, b = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        ours()
        a.append(time.perf_counter() - t)
        t = time.perf_counter()
        ref()
        b.append(time.perf_counter() - t)
    return statistics.median(a), statistics.median(b)


def _cross_entropy():
    """core.losses.math.cross_entropy when it exists (it does once the loss pages are in), else the
    torch call itself, so the row still says what it measured."""
    try:
        from core.losses.math import cross_entropy
    except ImportError:
        import torch.nn.functional as F

        return "torch F.cross_entropy (core.losses.math missing)", F.cross_entropy
    return "core.losses.math.cross_entropy", lambda x, t: cross_entropy(x, t, reduction="mean")


def measure(shape: tuple[int, int] = SHAPE, repeat: int = 9) -> list[dict]:
    import torch
    import torch.nn.functional as F

    from core.base.activations import softmax

    gen = torch.Generator().manual_seed(0)
    x = torch.randn(*shape, generator=gen) * 4
    t = torch.randint(0, shape[1], (shape[0],), generator=gen)
    n = f"{shape[0]}×{shape[1]:,} float32"
    rows = []

    if not torch.equal(softmax(x), torch.softmax(x, dim=-1)):
        raise AssertionError("core softmax differs from torch.softmax")
    ours, ref = paired_medians(lambda: softmax(x), lambda: torch.softmax(x, dim=-1), repeat)
    rows.append({"figure": f"core softmax, {n}", "value": ours * 1e3, "unit": "ms",
                 "goal": GOAL, "reference": "torch.softmax", "ref_value": ref * 1e3})

    name, ce = _cross_entropy()
    if not torch.equal(ce(x, t), F.cross_entropy(x, t)):
        raise AssertionError(f"{name} differs from F.cross_entropy")
    ours, ref = paired_medians(lambda: ce(x, t), lambda: F.cross_entropy(x, t), repeat)
    rows.append({"figure": f"{name}, {n}", "value": ours * 1e3, "unit": "ms", "goal": GOAL,
                 "reference": "F.cross_entropy", "ref_value": ref * 1e3})
    return rows


if __name__ == "__main__":
    for r in measure():
        print(f"{r['figure']:58} {r['value']:8.1f} {r['unit']}  vs {r['reference']} "
              f"{r['ref_value']:.1f} {r['unit']}  = {r['value'] / r['ref_value']:.2f}×  "
              f"(goal {r['goal']})")
