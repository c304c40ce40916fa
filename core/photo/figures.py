"""Figures of the Logits page: every logit of a photo, and how they are distributed. Each
builder takes ``lang`` and reads its words from the catalogue (section [logits])."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.base.figures import PALETTE, _layout
from core.base.i18n import translator

_PLOT_WIDTH_PX = 320  # a phone's plot (wider plots only add room between labels)
_CHAR_PX = 7.0  # an 11-px label's average character width


def label_levels(xs: list[int], labels: list[str], n: int) -> list[int]:
    """A stacking level per label so that no two labels' boxes overlap: points are placed by
    class index over ``n`` classes on a plot of ``_PLOT_WIDTH_PX``; a label takes the lowest
    level where its box clears every label already there ("Egyptian cat / tiger cat / tabby",
    five classes apart, stack; far-apart classes share a level)."""
    order = sorted(range(len(xs)), key=lambda k: xs[k])
    placed: dict[int, list[tuple[float, float]]] = {}
    levels = [0] * len(xs)
    for k in order:
        centre = xs[k] / max(n - 1, 1) * _PLOT_WIDTH_PX
        half = len(labels[k]) * _CHAR_PX / 2 + 4
        box = (centre - half, centre + half)
        level = 0
        while any(box[0] < b and a < box[1] for a, b in placed.get(level, [])):
            level += 1
        placed.setdefault(level, []).append(box)
        levels[k] = level
    return levels


def logits_overview(row: np.ndarray, names: tuple[str, ...], top: np.ndarray, *,
                    lang: str) -> go.Figure:
    """Every logit as a point by class index, the top-k picked out and labelled."""
    t = translator(lang)
    hover = "#%{x} %{customdata}<br>" + t("logits.col_logit") + " %{y:.4f}<extra></extra>"
    row = np.asarray(row, dtype=np.float64)
    idx = np.arange(row.size)
    is_top = np.zeros(row.size, dtype=bool)
    is_top[top] = True
    fig = go.Figure()
    # SVG, not WebGL: 1000 markers draw in SVG quickly, and a WebGL context costs more to
    # start than it saves (and needs 'unsafe-eval' in the proxy's CSP)
    fig.add_trace(go.Scatter(
        x=idx[~is_top], y=row[~is_top], mode="markers", name=t("logits.trace_other"),
        marker=dict(size=4, color=PALETTE["base"]),
        customdata=np.array(names, dtype=object)[~is_top], hovertemplate=hover))
    fig.add_trace(go.Scatter(
        x=idx[top], y=row[top], mode="markers", name=t("logits.trace_top"),
        marker=dict(size=9, color=PALETTE["top"]),
        text=[names[i] for i in top],
        hovertemplate=hover.replace("%{customdata}", "%{text}")))
    # Labels sit in lanes above the highest point (a lane per stacking level), each joined to
    # its point by a line: labels of neighbouring classes never cover each other or a point.
    levels = label_levels([int(i) for i in top], [names[i] for i in top], row.size)
    top_level = max(levels, default=0)
    lo, hi = float(row.min()), float(row.max())
    span = (hi - lo) or 1.0
    lane0, lane_step = hi + 0.15 * span, 0.13 * span
    for i, level in zip(top, levels):
        fig.add_annotation(x=int(i), y=float(row[i]), ax=int(i), ay=lane0 + lane_step * level,
                           axref="x", ayref="y", text=names[i], showarrow=True, arrowhead=0,
                           arrowwidth=1, arrowcolor=PALETTE["ink"], font=dict(size=11),
                           bgcolor="rgba(255,255,255,0.85)")
    fig.add_hline(y=0, line=dict(color=PALETTE["ink"], width=1, dash="dot"))
    fig.update_xaxes(title=t("logits.overview_x"))
    fig.update_yaxes(title=t("logits.overview_y"),
                     range=[lo - 0.05 * span, lane0 + lane_step * top_level + 0.1 * span])
    height = 360 + 26 * top_level  # each lane keeps about a label's height
    return _layout(fig, t("logits.overview"), height=height, axis_room=True)


def logits_histogram(row: np.ndarray, *, lang: str) -> go.Figure:
    t = translator(lang)
    hover = t("logits.histogram_hover", x="%{x}", y="%{y}") + "<extra></extra>"
    fig = go.Figure(go.Histogram(x=np.asarray(row, dtype=np.float64), nbinsx=60,
                                 marker_color=PALETTE["line"], hovertemplate=hover))
    fig.update_xaxes(title=t("logits.histogram_x"))
    fig.update_yaxes(title=t("logits.histogram_y"))
    return _layout(fig, t("logits.histogram"), height=300, axis_room=True)
