"""Plotly figures of the Sigmoid page: numbers in, figure out (colours: core.base.figures.PALETTE).

Every figure marks its current-value trace with ``meta=CURRENT`` (a tag, never shown) so tests
(AppTest and the browser) can find the point whatever the language of its name. Each builder
takes ``lang`` and reads its titles, axis titles, trace names and point labels from the
catalogue (section [sigmoid]).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.base.figures import PALETTE, _layout
from core.base.i18n import translator
from core.sigmoid.math import LANDMARK, SideBySide, curve, landmarks, loss_curve

CURRENT = "sigmoid.point_name"  # the tag is the catalogue key of the point's name


def _point(z: float, y: float, label: str, mid: float, name: str) -> go.Scatter:
    """The current value; its label sits on the side with room (towards the middle)."""
    return go.Scatter(x=[z], y=[y], mode="markers+text", name=name, meta=CURRENT,
                      marker=dict(size=13, color=PALETTE["accent"], line=dict(width=2,
                                                                              color="white")),
                      text=[label], textposition="top right" if z <= mid else "top left",
                      hovertemplate="z = %{x:.4f}<br>%{y:.4f}<extra></extra>")


def sigmoid_curve(z: float, s: float, *, derivative: bool = False, lang: str) -> go.Figure:
    """σ over at least [−10, 10] with the current point, the three landmarks, and optionally
    the derivative σ(1 − σ) on the same axis (its peak is 0.25 at z = 0)."""
    t = translator(lang)
    x, y, dy = curve(include=z)
    fig = go.Figure()
    lo, hi = float(x[0]), float(x[-1])
    fig.add_vrect(x0=lo, x1=-LANDMARK, fillcolor=PALETTE["base"], opacity=0.12, line_width=0,
                  annotation_text="σ ≈ 0", annotation_position="top left")
    fig.add_vrect(x0=LANDMARK, x1=hi, fillcolor=PALETTE["base"], opacity=0.12, line_width=0,
                  annotation_text="σ ≈ 1", annotation_position="bottom right")
    for level in (0.0, 0.5, 1.0):
        fig.add_hline(y=level, line=dict(color=PALETTE["ink"], width=1, dash="dot"))
    fig.add_trace(go.Scatter(x=x, y=y, mode="lines", name="σ(z)",
                             line=dict(color=PALETTE["top"], width=3),
                             hovertemplate="z = %{x:.2f}<br>σ(z) = %{y:.4f}<extra></extra>"))
    if derivative:
        fig.add_trace(go.Scatter(x=x, y=dy, mode="lines", name="σ'(z) = σ(1 − σ)",
                                 line=dict(color=PALETTE["good"], width=2, dash="dash"),
                                 hovertemplate="z = %{x:.2f}<br>σ'(z) = %{y:.4f}<extra></extra>"))
    marks = landmarks(t("sigmoid.near0"), t("sigmoid.near1"))
    fig.add_trace(go.Scatter(x=[m[0] for m in marks], y=[m[1] for m in marks],
                             mode="markers+text", name=t("sigmoid.landmarks_name"),
                             text=[m[2] for m in marks],
                             textposition=["bottom right", "bottom right", "top left"],
                             marker=dict(size=8, color=PALETTE["ink"], symbol="diamond"),
                             hoverinfo="skip"))
    fig.add_trace(_point(z, s, t("sigmoid.point_text", s=f"{s:.4g}"), mid=(lo + hi) / 2,
                         name=t("sigmoid.point_name")))
    fig.update_xaxes(title=t("sigmoid.axis_z"), range=[lo, hi])
    fig.update_yaxes(title="σ(z)", range=[-0.08, 1.12])
    _layout(fig, t("sigmoid.curve_title"), height=420)
    fig.update_layout(showlegend=derivative, legend=dict(orientation="h", y=-0.2))
    return fig


def loss_formula(target: int) -> str:
    return "−log σ(z)" if target == 1 else "−log(1 − σ(z))"


def loss_figure(z: float, target: int, loss: float, *, lang: str) -> go.Figure:
    """The binary loss for one target as a curve over z, with the current point."""
    t = translator(lang)
    y_title = t("sigmoid.col_loss")
    x, y = loss_curve(target, include=z)
    formula = loss_formula(target)
    fig = go.Figure(go.Scatter(
        x=x, y=y, mode="lines", name=formula, line=dict(color=PALETTE["target"], width=3),
        hovertemplate=f"z = %{{x:.2f}}<br>{y_title} = %{{y:.4f}}<extra></extra>"))
    fig.add_trace(_point(z, loss, f"{y_title} {loss:.4f}", mid=float(x[0] + x[-1]) / 2,
                         name=t("sigmoid.point_name")))
    fig.update_xaxes(title=t("sigmoid.axis_z"), range=[float(x[0]), float(x[-1])])
    fig.update_yaxes(title=y_title, rangemode="tozero")
    return _layout(fig, t("sigmoid.loss_title", target=target, formula=formula), height=340)


def side_by_side(sv: SideBySide, *, lang: str) -> go.Figure:
    """Sigmoid of each logit alone next to softmax of them together, sums in the titles."""
    t = translator(lang)
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, subplot_titles=(
        t("sigmoid.versus_sigmoid", total=f"{sv.sigmoid_sum:.4f}"),
        t("sigmoid.versus_softmax", total=f"{sv.softmax_sum:.4f}")))
    sigmoid_name, softmax_name = t("sigmoid.col_sigmoid"), t("sigmoid.col_softmax")
    names = list(sv.names)
    for col, (vals, color, name) in enumerate(((sv.sigmoid, PALETTE["target"], sigmoid_name),
                                               (sv.softmax, PALETTE["top"], softmax_name)),
                                              start=1):
        vals = np.asarray(vals, dtype=np.float64)
        fig.add_trace(go.Bar(x=names, y=vals, marker_color=color, name=name,
                             text=[f"{v:.4f}" for v in vals], textposition="outside",
                             cliponaxis=False,
                             hovertemplate="%{x}<br>%{y:.4f}<extra></extra>"), row=1, col=col)
    fig.update_yaxes(range=[0, 1.15], title=t("sigmoid.versus_y"), row=1, col=1)
    fig.update_xaxes(tickangle=-30)
    return _layout(fig, t("sigmoid.versus_title"), height=420)
