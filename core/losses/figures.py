"""Figures of the NLL and Cross-entropy pages: numbers in, plotly figure out. Each builder takes
``lang`` and reads its words from the catalogue (sections [nll], [ce], [losses]); "p" and
"−log p" are notation and stay as they are. The lessons' heatmap and per-row bars are live
pieces (core.losses.live, ui.live.loss_charts)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.base.figures import PALETTE, _layout
from core.base.i18n import translator
from core.losses.batch import row_name


def row_labels(n: int, lang: str) -> list[str]:
    return [row_name(i).text(lang) for i in range(n)]


def minus_log_curve(picked_probs, *, lang: str) -> go.Figure:
    """The curve −log p on (0, 1] with each row's picked probability on it: confident and right
    costs almost nothing, confident and wrong costs a lot."""
    t = translator(lang)
    y_title = t("ce.curve_y")
    p = np.asarray(picked_probs, dtype=np.float64)
    grid = np.linspace(1e-3, 1.0, 400)
    fig = go.Figure(go.Scatter(x=grid, y=-np.log(grid), mode="lines", name="−log p",
                               line=dict(color=PALETTE["line"], width=2),
                               hovertemplate="p %{x:.3f}<br>" + y_title
                               + " %{y:.4f}<extra></extra>"))
    with np.errstate(divide="ignore"):
        loss = -np.log(p)
    fig.add_trace(go.Scatter(x=p, y=loss, mode="markers+text", name=t("ce.curve_rows"),
                             text=row_labels(p.size, lang), textposition="top right",
                             marker=dict(size=10, color=PALETTE["target"]),
                             hovertemplate="%{text}<br>p %{x:.4f}<br>" + y_title + " %{y:.4f}"
                                           "<extra></extra>"))
    fig.update_xaxes(title=t("ce.curve_x"), range=[0, 1.02])
    top = float(np.nanmax(np.where(np.isfinite(loss), loss, np.nan), initial=0.0))
    fig.update_yaxes(title=y_title, range=[0, max(3.0, top * 1.15)])
    return _layout(fig, t("ce.curve_title"))
