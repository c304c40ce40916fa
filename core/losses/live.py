"""Data for the loss pages' "drag one row" piece (ui/live/row_drag.js): torch's numbers for the
whole batch at rest (each row's softmax, each row's cross-entropy, their mean). While a thumb
moves the browser redraws the dragged row with ui/live/math.js (lxSoftmax, lxCrossEntropy),
checked against torch in the browser tests; on release torch's numbers come back from here."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from core.losses.batch import Batch


def row_drag_data(batch: Batch) -> dict:
    """The batch's logits (N, C) and targets (N,), torch's softmax (N, C), each row's
    cross-entropy (N,) and their mean."""
    x, t = batch.logits_tensor(), batch.targets_tensor()  # (N, C) float32, (N,) int64
    losses = F.cross_entropy(x, t, reduction="none")
    return {"logits": [[float(v) for v in row] for row in x],
            "targets": [int(v) for v in t],
            "probs": [[float(p) for p in row] for row in torch.softmax(x, dim=1)],
            "losses": [float(v) for v in losses],
            "mean": float(F.cross_entropy(x, t, reduction="mean"))}
