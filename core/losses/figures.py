"""Figures of the NLL and Cross-entropy pages: numbers in, plotly figure out."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.base.figures import PALETTE, _layout, bars
from core.base.i18n import tr
from core.losses.batch import row_name


def row_labels(n: int, lang: str = "en") -> list[str]:
    return [row_name(i).text(lang) for i in range(n)]


def target_heatmap(values, targets, class_names, title: str, *, value_fmt: str = ".4f",
                   colorbar: str = "p", lang: str = "en") -> go.Figure:
    """A (rows × classes) table as a heatmap, each row's target cell outlined."""
    z = np.asarray(values, dtype=np.float64)  # (N, C)
    n = z.shape[0]
    rows = row_labels(n, lang)
    target = tr(lang, "losses.col_target")
    names = list(class_names)
    t = np.asarray(targets, dtype=np.int64)
    text = [[format(v, value_fmt) for v in r] for r in z]
    role = [[target if j == t[i] else "" for j in range(z.shape[1])] for i in range(n)]
    fig = go.Figure(go.Heatmap(
        z=z, x=names, y=rows, text=text, texttemplate="%{text}", colorscale="Blues",
        customdata=role, colorbar=dict(title=colorbar),
        hovertemplate="%{y} · %{x} %{customdata}<br>%{text}<extra></extra>"))
    for i, j in enumerate(t):  # the whole target cell framed, in the palette's target colour
        fig.add_shape(type="rect", x0=j - 0.48, x1=j + 0.48, y0=i - 0.46, y1=i + 0.46,
                      line=dict(color=PALETTE["target"], width=4))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", side="top")
    return _layout(fig, title, height=min(120 + 34 * n, 900))


def per_row_bars(values, title: str, *, y_title: str, ideal: float | None = None,
                 ideal_label: str = "ideal", y_range=None, lang: str = "en") -> go.Figure:
    """One bar per row (e.g. the picked probability or the loss), with the ideal value as a
    dashed line."""
    v = np.asarray(values, dtype=np.float64)
    fig = bars(row_labels(v.size, lang), v, title, y_title=y_title, y_range=y_range)
    if ideal is not None:
        fig.add_hline(y=ideal, line=dict(color=PALETTE["good"], width=2, dash="dash"),
                      annotation_text=ideal_label, annotation_position="top left")
    return fig


def minus_log_curve(picked_probs, title: str = "Loss = −log p(target)", *,
                    x_title: str = "probability of the target class p", y_title: str = "loss",
                    rows_name: str = "rows", lang: str = "en") -> go.Figure:
    """The curve −log p on (0, 1] with each row's picked probability on it: confident and right
    costs almost nothing, confident and wrong costs a lot."""
    p = np.asarray(picked_probs, dtype=np.float64)
    grid = np.linspace(1e-3, 1.0, 400)
    fig = go.Figure(go.Scatter(x=grid, y=-np.log(grid), mode="lines", name="−log p",
                               line=dict(color=PALETTE["line"], width=2),
                               hovertemplate="p %{x:.3f}<br>" + y_title
                               + " %{y:.4f}<extra></extra>"))
    with np.errstate(divide="ignore"):
        loss = -np.log(p)
    fig.add_trace(go.Scatter(x=p, y=loss, mode="markers+text", name=rows_name,
                             text=row_labels(p.size, lang), textposition="top right",
                             marker=dict(size=10, color=PALETTE["target"]),
                             hovertemplate="%{text}<br>p %{x:.4f}<br>" + y_title + " %{y:.4f}"
                                           "<extra></extra>"))
    fig.update_xaxes(title=x_title, range=[0, 1.02])
    top = float(np.nanmax(np.where(np.isfinite(loss), loss, np.nan), initial=0.0))
    fig.update_yaxes(title=y_title, range=[0, max(3.0, top * 1.15)])
    return _layout(fig, title)
