"""Figures of the Logits page: every logit of a photo, and how they are distributed. Each
builder takes ``lang`` and reads its words from the catalogue (section [logits])."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.base.figures import PALETTE, _layout
from core.base.i18n import translator


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
    fig.add_trace(go.Scattergl(
        x=idx[~is_top], y=row[~is_top], mode="markers", name=t("logits.trace_other"),
        marker=dict(size=4, color=PALETTE["base"]),
        customdata=np.array(names, dtype=object)[~is_top], hovertemplate=hover))
    fig.add_trace(go.Scatter(
        x=idx[top], y=row[top], mode="markers+text", name=t("logits.trace_top"),
        marker=dict(size=9, color=PALETTE["top"]),
        text=[names[i] for i in top], textposition="top center",
        hovertemplate=hover.replace("%{customdata}", "%{text}")))
    fig.add_hline(y=0, line=dict(color=PALETTE["ink"], width=1, dash="dot"))
    fig.update_xaxes(title=t("logits.overview_x"))
    fig.update_yaxes(title=t("logits.overview_y"))
    return _layout(fig, t("logits.overview"))


def logits_histogram(row: np.ndarray, *, lang: str) -> go.Figure:
    t = translator(lang)
    hover = t("logits.histogram_hover", x="%{x}", y="%{y}") + "<extra></extra>"
    fig = go.Figure(go.Histogram(x=np.asarray(row, dtype=np.float64), nbinsx=60,
                                 marker_color=PALETTE["line"], hovertemplate=hover))
    fig.update_xaxes(title=t("logits.histogram_x"))
    fig.update_yaxes(title=t("logits.histogram_y"))
    return _layout(fig, t("logits.histogram"), height=300)
