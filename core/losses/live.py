"""Data for the loss pages' live pieces. The "drag one row" piece (ui/live/row_drag.js): torch's
numbers for the whole batch at rest (each row's softmax, each row's cross-entropy, their mean).
While a thumb moves the browser redraws the dragged row with ui/live/math.js (lxSoftmax,
lxCrossEntropy), checked against torch in the browser tests; on release torch's numbers come
back from here. The lesson's charts (ui/live/target_heatmap.js, row_bars.js): the numbers the
page computed with torch, their text, colours and ranges, and their words in the page's
language; the browser only draws them."""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from core.base.figures import PALETTE, title_lines
from core.base.i18n import translator
from core.base.numbers import fmt_number
from core.base.record import class_label
from core.base.text import plain
from core.losses.batch import Batch
from core.losses.figures import row_labels


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


# ---------------------------------------------------------------- the lesson's charts
# The NLL page's heatmap (ui/live/target_heatmap.js) and the per-row bars of both pages
# (ui/live/row_bars.js): torch's numbers with the text the page writes for them, each cell's
# colour and the ink that reads on it, the ranges and the words; the pieces only draw.

# The sequential "Blues" the Plotly heatmap had (ColorBrewer's, as plotly.colors.sequential
# names it): light at p = 0, dark at p = 1. Fixed to [0, 1], so one colour means one p in any
# batch (Plotly spread it over each batch's own min and max).
BLUES = ((0.0, (247, 251, 255)), (0.125, (222, 235, 247)), (0.25, (198, 219, 239)),
         (0.375, (158, 202, 225)), (0.5, (107, 174, 214)), (0.625, (66, 146, 198)),
         (0.75, (33, 113, 181)), (0.875, (8, 81, 156)), (1.0, (8, 48, 107)))
INKS = (PALETTE["ink"], "#FFFFFF")  # whichever reads better on the cell
NO_VALUE = PALETTE["base"]  # the palette's grey, for a cell with no number (NaN)


def _rgb(rgb) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def blues(p: float) -> str:
    """The colour of probability ``p`` on the scale (clamped to [0, 1]), as #RRGGBB."""
    p = min(max(float(p), 0.0), 1.0)
    for (a, ca), (b, cb) in zip(BLUES, BLUES[1:]):
        if p <= b:
            k = (p - a) / (b - a)
            return _rgb(round(x + (y - x) * k) for x, y in zip(ca, cb))
    return _rgb(BLUES[-1][1])


def _luminance(colour: str) -> float:
    """WCAG's relative luminance of #RRGGBB."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG's contrast ratio of two #RRGGBB colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ink_on(fill: str) -> str:
    """The text colour that reads better on ``fill``: dark on light cells, white on dark."""
    return max(INKS, key=lambda ink: contrast(ink, fill))


def _number(v: float) -> float | None:
    """A number for JSON (NaN and ±inf are not JSON: None, and the text says what it was)."""
    return v if math.isfinite(v) else None


def _title(title: str) -> dict:
    """A chart's title in lines as the pieces draw it, and whole (its name for screen readers:
    lines joined by a space would split a Japanese word)."""
    return {"title": title_lines(title), "aria": title}


def heatmap_data(probs, targets, class_names, *, lang: str) -> dict:
    """The heatmap of ``probs`` (N, C): each cell's p as a number and as the page's tables write
    it, its colour and ink, its hover text; each row's target; the rows' and classes' names
    (a class name is user text: the piece sets it as text); the colour bar's stops; the
    words in ``lang``."""
    t = translator(lang)
    p = np.asarray(probs, dtype=np.float32)  # (N, C)
    rows = row_labels(p.shape[0], lang)
    classes = [plain(class_label(s, lang)) for s in class_names]
    tt = [int(v) for v in targets]
    texts = [[fmt_number(v) for v in row] for row in p.tolist()]
    fills = [[blues(v) if math.isfinite(v) else NO_VALUE for v in row] for row in p.tolist()]
    role = f" ({t('losses.col_target')})"
    return {"rows": rows, "classes": classes, "targets": tt,
            "values": [[_number(v) for v in row] for row in p.tolist()], "texts": texts,
            "fills": fills, "inks": [[ink_on(f) for f in row] for row in fills],
            "tips": [[f"{r} · {c}{role if j == tt[i] else ''}\n{texts[i][j]}"
                      for j, c in enumerate(classes)] for i, r in enumerate(rows)],
            "scale": [[a, _rgb(c)] for a, c in BLUES], "ticks": [0.0, 0.5, 1.0],
            "labels": {**_title(t("nll.heatmap_title")), "bar": "p"}}


def _row_bars_data(values, title: str, y_title: str, ideal: float, ideal_label: str,
                   lang: str, hi: float | None) -> dict:
    """One bar per row: torch's ``values`` (N,), as numbers and as the tables write them, each
    bar's height inside the range [0, hi] (an infinite loss reaches the top; NaN has no bar),
    the ideal value (a dashed line, named in the title) and the words."""
    v = np.asarray(values, dtype=np.float32).tolist()
    finite = [x for x in v if math.isfinite(x)]
    if hi is None:  # a little above the largest, as Plotly's own range had it
        hi = max([*finite, ideal], default=0.0) * 1.1 or 1.0
    rows = row_labels(len(v), lang)
    texts = [fmt_number(x) for x in v]
    return {"rows": rows, "values": [_number(x) for x in v], "texts": texts,
            "heights": [None if math.isnan(x) else min(max(x, 0.0), hi) for x in v],
            "tips": [f"{r}\n{s}" for r, s in zip(rows, texts)],
            "ideal": float(ideal), "hi": float(hi),
            "labels": {**_title(f"{title} · {ideal_label} (- - -)"), "y": y_title}}


def picked_bars_data(picked, *, lang: str) -> dict:
    """Each row's probability of its target (NLL page): ideally 1, on [0, 1.1]."""
    t = translator(lang)
    return _row_bars_data(picked, t("nll.picked_title"), t("nll.picked_y"), 1.0,
                          t("nll.ideal_1"), lang, 1.1)


def loss_bars_data(losses, *, lang: str) -> dict:
    """Each row's loss (Cross-entropy page): ideally 0, on [0, a little above the largest]."""
    t = translator(lang)
    return _row_bars_data(losses, t("ce.bars_title"), t("ce.bars_y"), 0.0, t("ce.ideal_0"),
                          lang, None)
