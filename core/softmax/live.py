"""Data for the Softmax page's temperature piece (ui/live/temperature.js): torch's numbers for
EVERY temperature on the declared grid, computed in one run. The piece plays them back while
its thumb moves, so even mid-drag every number shown is torch's and no formula is repeated in
JS. Numbers only: the piece's words come from the catalogue (ui.live.temperature)."""

from __future__ import annotations

import math

import numpy as np

from core.base.activations import softmax
from core.softmax.math import temperature_sweep


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
