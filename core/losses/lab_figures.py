"""Plotly figures of the cross-entropy labs: numbers in, figure out."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.base.figures import PALETTE, _layout

GRADIENT_TEXT = {"p": "softmax p", "y": "one-hot y", "g": "p - y (formula)", "auto": "autograd",
                 "y_title": "value", "title": "Row {n}: gradient = softmax - one-hot",
                 "hover_g": "∂loss/∂logit"}


def gradient_bars(names, probs, onehot, grad, grad_autograd, row: int,
                  text: dict[str, str] | None = None) -> go.Figure:
    """One row: softmax, one-hot and their difference (the gradient); autograd as diamonds.
    ``text``: the legend names, axis and title (``title`` has a ``{n}`` for the row number)."""
    names = list(names)
    tx = {**GRADIENT_TEXT, **(text or {})}
    fig = go.Figure()
    fig.add_trace(go.Bar(x=names, y=probs, name=tx["p"], marker_color=PALETTE["line"],
                         offsetgroup="p",
                         hovertemplate="%{x}<br>p = %{y:.4f}<extra></extra>"))
    fig.add_trace(go.Bar(x=names, y=onehot, name=tx["y"], marker_color=PALETTE["target"],
                         offsetgroup="y",
                         hovertemplate="%{x}<br>y = %{y:.0f}<extra></extra>"))
    fig.add_trace(go.Bar(x=names, y=grad, name=tx["g"], marker_color=PALETTE["top"],
                         offsetgroup="g",
                         text=[f"{v:.4f}" for v in grad], textposition="outside",
                         cliponaxis=False,
                         hovertemplate=f"%{{x}}<br>{tx['hover_g']} = %{{y:.4f}}<extra></extra>"))
    fig.add_trace(go.Scatter(x=names, y=grad_autograd, name=tx["auto"], mode="markers",
                             offsetgroup="g",  # drawn on the formula's bar
                             marker=dict(symbol="diamond", size=11, color=PALETTE["accent"]),
                             hovertemplate=f"%{{x}}<br>{tx['auto']} %{{y:.6f}}<extra></extra>"))
    fig.add_hline(y=0, line=dict(color=PALETTE["ink"], width=1))
    fig.update_layout(barmode="group", scattermode="group")
    fig.update_yaxes(title=tx["y_title"], range=[-1.15, 1.15])
    _layout(fig, tx["title"].format(n=row + 1), height=380)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=-0.15))
    return fig


def loss_curve(curve, *, title: str = "The loss falls step after step",
               x_title: str = "gradient steps of this size",
               y_title: str = "mean cross-entropy",
               hover: str = "after %{x} steps<br>mean loss %{y:.4f}") -> go.Figure:
    c = np.asarray(curve, dtype=np.float64)
    fig = go.Figure(go.Scatter(x=np.arange(c.size), y=c, mode="lines+markers",
                               line=dict(color=PALETTE["top"]),
                               hovertemplate=hover + "<extra></extra>"))
    fig.update_xaxes(title=x_title, dtick=1)
    fig.update_yaxes(title=y_title, rangemode="tozero")
    return _layout(fig, title, height=320)


def non_finite_sweep(scales, counts: dict[str, list[int]], current: float, dtype: str, *,
                     title: str = "Where each method breaks ({dtype})",
                     x_title: str = "scale of the logits",
                     y_title: str = "±inf or NaN values",
                     hover: str = "values not finite") -> go.Figure:
    """``counts``: trace name -> count per scale; ``title`` has a ``{dtype}``."""
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
    fig.update_xaxes(title=x_title, type="log", tickvals=list(scales),
                     ticktext=[f"×{s:g}" for s in scales])
    fig.update_yaxes(title=y_title, rangemode="tozero")
    _layout(fig, title.format(dtype=dtype), height=340)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=-0.25))
    return fig


def row_losses(labels, per_row, kept, *, marked_text: str = "ignored",
               title: str = "Each row's loss with these options",
               y_title: str = "loss of the row (before reduction)",
               marked_colour: str = "base", hover_loss: str = "loss") -> go.Figure:
    """One bar per row; rows not ``kept`` take ``marked_colour`` and say ``marked_text``."""
    per_row = np.asarray(per_row, dtype=np.float64)
    colours = [PALETTE["top"] if k else PALETTE[marked_colour] for k in kept]
    text = [f"{v:.4f}" if k else f"{v:.4f} {marked_text}" for v, k in zip(per_row, kept)]
    fig = go.Figure(go.Bar(x=list(labels), y=per_row, marker_color=colours, text=text,
                           textposition="outside", cliponaxis=False,
                           hovertemplate=f"%{{x}}<br>{hover_loss} %{{y:.4f}}<extra></extra>"))
    fig.update_yaxes(title=y_title, rangemode="tozero")
    return _layout(fig, title, height=320)
