"""Plotly figures of the cross-entropy labs: numbers in, figure out. Each builder takes ``lang``
and reads its words from the catalogue (sections [labs] and [labs_photos])."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.base.figures import PALETTE, _layout
from core.base.i18n import translator


def gradient_bars(names, probs, onehot, grad, grad_autograd, row: int, *,
                  lang: str) -> go.Figure:
    """One row: softmax, one-hot and their difference (the gradient); autograd as diamonds."""
    t = translator(lang)
    names = list(names)
    auto, hover_g = t("labs.grad_trace_auto"), t("labs.grad_hover")
    fig = go.Figure()
    fig.add_trace(go.Bar(x=names, y=probs, name=t("labs.grad_trace_p"),
                         marker_color=PALETTE["line"], offsetgroup="p",
                         hovertemplate="%{x}<br>p = %{y:.4f}<extra></extra>"))
    fig.add_trace(go.Bar(x=names, y=onehot, name=t("labs.grad_trace_y"),
                         marker_color=PALETTE["target"], offsetgroup="y",
                         hovertemplate="%{x}<br>y = %{y:.0f}<extra></extra>"))
    fig.add_trace(go.Bar(x=names, y=grad, name=t("labs.grad_trace_g"),
                         marker_color=PALETTE["top"], offsetgroup="g",
                         text=[f"{v:.4f}" for v in grad], textposition="outside",
                         cliponaxis=False,
                         hovertemplate=f"%{{x}}<br>{hover_g} = %{{y:.4f}}<extra></extra>"))
    fig.add_trace(go.Scatter(x=names, y=grad_autograd, name=auto, mode="markers",
                             offsetgroup="g",  # drawn on the formula's bar
                             marker=dict(symbol="diamond", size=11, color=PALETTE["accent"]),
                             hovertemplate=f"%{{x}}<br>{auto} %{{y:.6f}}<extra></extra>"))
    fig.add_hline(y=0, line=dict(color=PALETTE["ink"], width=1))
    fig.update_layout(barmode="group", scattermode="group")
    fig.update_yaxes(title=t("labs.grad_chart_y"), range=[-1.15, 1.15])
    _layout(fig, t("labs.grad_chart_title", n=row + 1), height=380)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=-0.15))
    return fig


def loss_curve(curve, *, lang: str) -> go.Figure:
    """The mean loss after each gradient step."""
    t = translator(lang)
    c = np.asarray(curve, dtype=np.float64)
    hover = t("labs.curve_hover", x="%{x}", y="%{y:.4f}")
    fig = go.Figure(go.Scatter(x=np.arange(c.size), y=c, mode="lines+markers",
                               line=dict(color=PALETTE["top"]),
                               hovertemplate=hover + "<extra></extra>"))
    fig.update_xaxes(title=t("labs.curve_x"), dtick=1)
    fig.update_yaxes(title=t("labs.curve_y"), rangemode="tozero")
    return _layout(fig, t("labs.curve_title"), height=320)


def non_finite_sweep(scales, counts: dict[str, list[int]], current: float, dtype: str, *,
                     lang: str) -> go.Figure:
    """``counts``: trace name (the method, in ``lang``) -> count of ±inf/NaN per scale."""
    t = translator(lang)
    hover = t("labs.sweep_hover")
    styles = {0: ("accent", "solid"), 1: ("target", "dash"), 2: ("good", "solid"),
              3: ("top", "dot")}
    fig = go.Figure()
    for i, (method, ys) in enumerate(counts.items()):
        colour, dash = styles[i % 4]
        fig.add_trace(go.Scatter(x=list(scales), y=ys, name=method, mode="lines+markers",
                                 line=dict(color=PALETTE[colour], dash=dash),
                                 hovertemplate=f"{method}<br>×%{{x}}: %{{y}} {hover}"
                                               "<extra></extra>"))
    fig.add_vline(x=current, line=dict(color=PALETTE["ink"], width=1, dash="dot"))
    fig.update_xaxes(title=t("labs.sweep_x"), type="log", tickvals=list(scales),
                     ticktext=[f"×{s:g}" for s in scales])
    fig.update_yaxes(title=t("labs.sweep_y"), rangemode="tozero")
    _layout(fig, t("labs.sweep_title", dtype=dtype), height=340)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=-0.25))
    return fig


def _loss_bars(labels, per_row, kept, *, marked_text: str, title: str, y_title: str,
               marked_colour: str, hover_loss: str) -> go.Figure:
    """One bar per row; rows not ``kept`` take ``marked_colour`` and say ``marked_text``."""
    per_row = np.asarray(per_row, dtype=np.float64)
    colours = [PALETTE["top"] if k else PALETTE[marked_colour] for k in kept]
    text = [f"{v:.4f}" if k else f"{v:.4f} {marked_text}" for v, k in zip(per_row, kept)]
    fig = go.Figure(go.Bar(x=list(labels), y=per_row, marker_color=colours, text=text,
                           textposition="outside", cliponaxis=False,
                           hovertemplate=f"%{{x}}<br>{hover_loss} %{{y:.4f}}<extra></extra>"))
    fig.update_yaxes(title=y_title, rangemode="tozero")
    return _layout(fig, title, height=320)


def row_losses(labels, per_row, kept, *, lang: str) -> go.Figure:
    """Each row's loss with the lab's options; ignored rows are greyed and say so."""
    t = translator(lang)
    return _loss_bars(labels, per_row, kept, marked_text=t("labs.rows_marked"),
                      title=t("labs.rows_title"), y_title=t("labs.rows_y"),
                      marked_colour="base", hover_loss=t("labs.chart_loss"))


def photo_losses(titles, losses, right, *, lang: str) -> go.Figure:
    """Each labelled photo's cross-entropy; photos the model gets wrong are marked."""
    t = translator(lang)
    return _loss_bars(titles, losses, right, marked_text=t("labs_photos.wrong"),
                      title=t("labs_photos.chart_title"), y_title=t("labs_photos.chart_y"),
                      marked_colour="accent", hover_loss=t("labs.chart_loss"))
