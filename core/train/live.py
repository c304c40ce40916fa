"""Data for the Train page's live piece (ui/live/playback.js): torch's numbers at EVERY step of
the trajectory, computed once; the piece plays them back as the step thumb moves (or plays),
so no formula runs in the browser. Numbers only: the words come from the catalogue (ui)."""

from __future__ import annotations

import numpy as np

from core.train.math import Trajectory


def step_frames(traj: Trajectory, photo: int, shown_rows, held_first: int) -> dict:
    """For each step k (K = steps + 1): mean losses and accuracies; the chosen training photo's
    logits of every class over all steps (C curves) and its softmax at k; each shown photo's
    softmax at k (``shown_rows``: training rows, then every held-out photo from ``held_first``
    on in the table); and each shown training row's gradient at k (softmax − smoothed one-hot,
    autograd's: ``traj.grads``)."""
    probs = np.stack([traj.probs(k) for k in range(traj.steps + 1)])  # (K, N, C)
    held = np.stack([traj.held_probs(k) for k in range(traj.steps + 1)])  # (K, M, C)
    table = np.concatenate([probs[:, list(shown_rows)], held], axis=1)  # (K, R, C)
    return {"grid": [float(k) for k in range(traj.steps + 1)],
            "loss": traj.losses.tolist(), "held_loss": traj.held_losses.tolist(),
            "accuracy": traj.accuracy.tolist(), "held_accuracy": traj.held_accuracy.tolist(),
            "curves": traj.logits[:, photo, :].T.tolist(),  # (C, K)
            "bars": probs[:, photo, :].tolist(),  # (K, C)
            "table": table.tolist(), "held_first": held_first,
            "grads": traj.grads[:, list(shown_rows)].tolist()}  # (K, R, C)

