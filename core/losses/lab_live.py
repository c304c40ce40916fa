"""Data for the Cross-entropy labs' live pieces (ui/live/playback.js): torch's numbers for EVERY
point of a control's declared grid, computed in one run (the learning rate, the logit scale,
the label smoothing). The pieces play them back while their thumb moves, so even mid-drag every
number shown is torch's. Numbers only: the words come from the catalogue (ui.ce_labs_live)."""

from __future__ import annotations

import numpy as np

from core.losses import lab
from core.losses.batch import Batch

# The learning rate's grid: the Renard R10 series (10 points a decade, rounded), 0.001 … 100.
_R10 = (1.0, 1.25, 1.6, 2.0, 2.5, 3.15, 4.0, 5.0, 6.3, 8.0)
LR_GRID = tuple(float(f"{m * 10.0 ** e:.6g}") for e in range(-3, 2) for m in _R10) + (100.0,)
SMOOTHING_GRID = tuple(round(k / 100, 2) for k in range(101))  # 0, 0.01, … 1
STEPS = 10  # gradient steps on the loss curve
# What each kind of frames holds per grid point (the other entries are the same for every point).
LR_PER_POINT = ("grid", "before", "after", "curve", "loss_after")
SMOOTHING_PER_POINT = ("grid", "nll", "smooth", "per_row", "by_hand", "torch", "max_diff",
                       "tolerance", "agrees")


def with_value(frames: dict, extra: dict, per_point: tuple[str, ...]) -> dict:
    """The frames of a declared grid with one more point (``extra``: the frames of that one
    value, e.g. a typed lr of 0.37) put in its place in the sorted grid; a value already on the
    grid changes nothing. So the piece shows the exact value, by torch, among the grid's."""
    value = extra["grid"][0]
    if value in frames["grid"]:
        return frames
    at = sum(g < value for g in frames["grid"])
    return {k: (v[:at] + extra[k][:1] + v[at:] if k in per_point else v)
            for k, v in frames.items()}


def lr_frames(batch: Batch, grid=LR_GRID) -> dict:
    """For each lr of ``grid`` (K): the mean loss before and after one step, the mean-loss curve
    over STEPS steps (K, STEPS + 1) and each row's loss after one step (K, N); each row's loss
    before (N) is the same for every lr."""
    steps = [lab.gradient_step(batch, lr, STEPS) for lr in grid]  # torch, float32
    return {"grid": [float(g) for g in grid],
            "before": [float(s.curve[0]) for s in steps],
            "after": [float(s.curve[1]) for s in steps],
            "curve": [[float(v) for v in s.curve] for s in steps],
            "loss_before": [float(v) for v in steps[0].loss_before],
            "loss_after": [[float(v) for v in s.loss_after] for s in steps]}


def scale_frames(batch: Batch, dtype: str, grid=lab.SCALES) -> dict:
    """For each scale of ``grid`` (K) in ``dtype``: each row's loss by each method (K, N, M),
    each row's largest scaled logit (K, N), each method's ±inf and NaN counts (K, M), where its
    first value that is not finite lies ((row, class) or None: K, M), their sum (M lists of K:
    the sweep), and where each method breaks and why (K lists of messages, lab.explain)."""
    losses, largest, inf, nan, first, explain = [], [], [], [], [], []
    for s in grid:
        res = lab.stability(batch, s, dtype)  # torch
        losses.append([[float(v) for v in row]
                       for row in np.stack([res.picked(m) for m in lab.METHODS], axis=1)])
        largest.append([float(v) for v in res.scaled.max(axis=1)])
        counts = [lab.non_finite(res, m) for m in lab.METHODS]
        inf.append([c[0] for c in counts])
        nan.append([c[1] for c in counts])
        first.append([c[2] for c in counts])
        explain.append(lab.explain(res, batch.class_names))
    return {"grid": [float(g) for g in grid], "losses": losses, "largest": largest, "inf": inf,
            "nan": nan, "first": first, "explain": explain,
            "sweep": [[inf[k][m] + nan[k][m] for k in range(len(grid))]
                      for m in range(len(lab.METHODS))]}


def smoothing_frames(batch: Batch, opts: lab.CEOptions, grid=SMOOTHING_GRID) -> dict:
    """For each label smoothing ε of ``grid`` (K), the other options as given: each row's
    w·(−log p_y), Σ w_c·(−log p_c) and loss (K, N), the reduced result by hand and by
    F.cross_entropy (K values, or K rows of N for reduction 'none'), their largest difference,
    float32's resolution at their size and whether they agree within it (K each). The same for
    every ε: whether each row counts, its target's weight, −log p(target) and what 'mean'
    divides by. Raises ``lab.LabError`` for options the lab refuses (the same for every ε)."""
    out = {"grid": [float(g) for g in grid], "nll": [], "smooth": [], "per_row": [],
           "by_hand": [], "torch": [], "max_diff": [], "tolerance": [], "agrees": []}
    for eps in grid:
        res = lab.cross_entropy_by_hand(batch, lab.CEOptions(
            reduction=opts.reduction, ignore_index=opts.ignore_index, label_smoothing=eps,
            weight=opts.weight))
        out["nll"].append([float(v) for v in res.nll_part])
        out["smooth"].append([float(v) for v in res.smooth_part])
        out["per_row"].append([float(v) for v in res.per_row])
        out["by_hand"].append(np.asarray(res.by_hand, dtype=np.float64).tolist())
        out["torch"].append(np.asarray(res.torch_value, dtype=np.float64).tolist())
        out["max_diff"].append(res.max_diff)
        out["tolerance"].append(res.tolerance)
        out["agrees"].append(res.agrees)
    t = batch.targets
    out.update(counted=[bool(k) for k in res.kept], w_target=[float(w) for w in res.w_target],
               nll_target=[float(-res.logp[i, t[i]]) for i in range(batch.num_rows)],
               denominator=res.denominator)
    return out
