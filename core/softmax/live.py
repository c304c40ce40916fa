"""Data for the Softmax page's live pieces over a declared grid (the temperature,
ui/live/temperature.js; the "raise one class" gap, ui/live/playback.js): torch's numbers for
EVERY grid point, computed in one run. The piece plays them back while
its thumb moves, so even mid-drag every number shown is torch's and no formula is repeated in
JS. Numbers only: the piece's words come from the catalogue (ui.live.temperature)."""

from __future__ import annotations

import math

import numpy as np

from core.base.activations import softmax
from core.softmax.math import others_equal_share, temperature_sweep, top_share_curve


def temperature_frames(logits, grid) -> dict:
    """For each T of ``grid`` (K points): softmax(z / T) (K, C), its entropy in nats and bits
    and its arg-max; softmax(z) at T = 1 for the bars beside; ln C, the uniform entropy."""
    z = np.asarray(logits, dtype=np.float32)
    sweep = temperature_sweep(z, grid)  # torch, float32, one row per T
    nats = np.asarray(sweep.entropy_nats, dtype=np.float64)
    return {"grid": [float(t) for t in sweep.temperatures],
            "probs": [[float(p) for p in row] for row in sweep.probs],  # (K, C)
            "nats": [float(h) for h in nats],
            "bits": [float(h / math.log(2.0)) for h in nats],  # as core.softmax.math.entropy
            "argmax": [int(i) for i in sweep.argmax],
            "p1": [float(p) for p in softmax(z).numpy()],
            "uniform": math.log(z.size)}


def gap_grid() -> tuple[float, ...]:
    """The declared grid of the "raise one class" gap: −10 … 10 in steps of 0.1."""
    return tuple(round(-10.0 + 0.1 * k, 1) for k in range(201))


def gap_frames(logits, i: int, grid) -> dict:
    """For each gap of ``grid`` (sorted): torch's softmax share of class ``i`` when its logit
    sits that far above the best other logit (the others as they are), and the share it would
    have if the other logits were all equal (the reference curve)."""
    z = np.asarray(logits, dtype=np.float32)
    g = [float(v) for v in grid]
    return {"grid": g, "share": [float(s) for s in top_share_curve(z, i, g)],
            "equal": [float(s) for s in others_equal_share(z.size, g)]}
