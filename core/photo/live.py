"""Data for the Logits page's live charts (ui/live/logits_overview.js, logits_histogram.js):
every logit of the photo as the page's tables write it, the top k with their names, and where
their labels go so that no two overlap (placed here, once, in Python; the browser only draws);
the histogram's bins and counts. Numbers and placement only: the pieces' words come from the
catalogue (ui.live.logits_charts)."""

from __future__ import annotations

import math

import numpy as np

from core.base.figures import text_units
from core.base.numbers import fmt_number
from core.base.text import plain

# Labels are placed for the narrowest plot the piece draws (a phone's, about 300 px between
# the axes): centres scale with a wider plot while the labels keep their size, so labels apart
# here are further apart there. One placement for every width: the same picture on any screen.
PLACE_WIDTH_PX = 280
CHAR_PX = 7.0  # an 11-px label's average Latin character width, rounded up (CJK: twice)
LABEL_PAD_PX = 4  # room kept on each side of a label


def label_places(xs: list[int], labels: list[str], n: int,
                 width_px: float = PLACE_WIDTH_PX) -> list[tuple[float, int]]:
    """(centre, level) per label: the label of class ``xs[k]`` (of ``n`` classes, points placed
    by class index over a plot ``width_px`` wide) is centred over its point, moved inwards just
    enough to stay inside the plot, and takes the lowest level (lane above the points) where its
    box clears every label already there ("Egyptian cat / tiger cat / tabby", five classes apart,
    stack; far-apart classes share a level). ``centre`` is a fraction of the plot's width."""
    halves = [text_units(s) * CHAR_PX / 2 + LABEL_PAD_PX for s in labels]
    centres = []
    for x, half in zip(xs, halves):
        c = x / max(n - 1, 1) * width_px
        c = width_px / 2 if 2 * half >= width_px else min(max(c, half), width_px - half)
        centres.append(c)
    placed: dict[int, list[tuple[float, float]]] = {}
    levels = [0] * len(xs)
    for k in sorted(range(len(xs)), key=lambda k: (centres[k], xs[k])):
        box = (centres[k] - halves[k], centres[k] + halves[k])
        level = 0
        while any(box[0] < b and a < box[1] for a, b in placed.get(level, [])):
            level += 1
        placed.setdefault(level, []).append(box)
        levels[k] = level
    return [(c / width_px, lv) for c, lv in zip(centres, levels)]


def overview_data(row: np.ndarray, names, top) -> dict:
    """Every logit of ``row`` (C,) as text, the way the page's tables write it (4 decimals; the
    browser reads its position from the same text), every class name, and the top classes (in
    rank order) with their label's place."""
    row = np.asarray(row, dtype=np.float32)
    top = [int(i) for i in top]
    shown = [plain(names[i]) for i in top]
    places = label_places(top, shown, row.size)
    return {"logits": [fmt_number(v) for v in row.tolist()],
            "names": [plain(s) for s in names],
            "top": [{"index": i, "name": s, "logit": fmt_number(row[i]), "centre": round(c, 6),
                     "level": lv} for i, s, (c, lv) in zip(top, shown, places)],
            "levels": 1 + max((lv for _, lv in places), default=0)}


HISTOGRAM_BINS = 60  # at most: the bin width is the next "nice" width (1, 2, 2.5, 5 × 10^k)


def bin_width(lo: float, hi: float, bins: int = HISTOGRAM_BINS) -> float:
    """The smallest width 1, 2, 2.5 or 5 × 10^k that covers [lo, hi] in at most ``bins`` bins."""
    raw = (hi - lo) / bins if hi > lo else 1.0
    p = 10.0 ** math.floor(math.log10(raw))
    return next(m * p for m in (1, 2, 2.5, 5, 10) if m * p >= raw * (1 - 1e-12))


def histogram_bins(row: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(edges (B + 1,), counts (B,)) of the finite logits of ``row``: bins of one nice width,
    each [lo, hi) (the last holds its upper edge too), edges on multiples of the width."""
    z = np.asarray(row, dtype=np.float64)
    z = z[np.isfinite(z)]
    lo, hi = (float(z.min()), float(z.max())) if z.size else (0.0, 1.0)
    w = bin_width(lo, hi)
    first = math.floor(lo / w)
    n = max(1, math.floor(hi / w) - first + 1)
    edges = np.round((first + np.arange(n + 1)) * w, 10)
    counts, _ = np.histogram(z, bins=edges)
    return edges, counts


def histogram_data(row: np.ndarray) -> dict:
    """The histogram's bins: edges as numbers and as the page writes them, and counts."""
    edges, counts = histogram_bins(row)
    return {"edges": [float(e) for e in edges], "edge_text": [f"{e:g}" for e in edges],
            "counts": [int(c) for c in counts]}
