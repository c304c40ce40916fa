"""Data for the Sigmoid page's live piece (ui/live/sigmoid_logit.js): torch's numbers at rest.

The piece draws the curves from these points and, while its thumb moves, computes the moving
point with the shared JS math (ui/live/math.js); on release the page sends this again for the
new logit. Numbers only: the piece's words come from the catalogue (ui.live.sigmoid_logit).
"""

from __future__ import annotations

import torch

from core.sigmoid.math import LANDMARK, binary_loss, curve, loss_readout, readout

CURVE_POINTS = 401  # a smooth curve on a wide screen, ~20 KB of JSON


def _floats(values) -> list[float]:
    """Points to draw through: 6 significant digits are more than a screen can show."""
    return [float(f"{v:.6g}") for v in values]


def piece_data(z: float, target: int) -> dict:
    """z and torch's σ(z), 1 − σ(z), σ'(z) and binary loss (float32, as the readout and the loss
    table print them), the σ and σ' curves and the loss curve over the shown range (widened to
    hold z), and the article's three landmarks."""
    r = readout(z)
    lr = loss_readout(z, target)
    x, s, d = curve(include=z, n=CURVE_POINTS)
    loss = binary_loss(torch.from_numpy(x), target).numpy()
    marks = torch.tensor([-LANDMARK, 0.0, LANDMARK])
    return {"z": r.z, "s": r.sigmoid, "c": r.complement, "d": r.derivative,
            "loss": lr.torch_value, "target": int(target),
            "curve": {"x": _floats(x), "s": _floats(s), "d": _floats(d), "loss": _floats(loss)},
            "landmarks": [[float(m), float(v)] for m, v in zip(marks, torch.sigmoid(marks))]}
