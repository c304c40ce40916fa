"""Plotly figures of the Train page: numbers in, figure out. Each builder takes ``lang`` and
reads its words from the catalogue (section [train])."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.base.figures import PALETTE, _layout
from core.base.i18n import translator
from core.train.math import Comparison, TemperatureCurve

# A legend under the plot, below the x-axis title even where it wraps (a phone's width).
_LEGEND_BELOW = dict(orientation="h", y=-0.34, yanchor="top")


def _finite(values) -> np.ndarray:
    """Plotly draws NaN as a gap; ±inf is not JSON: a gap too."""
    a = np.asarray(values, dtype=np.float64)
    return np.where(np.isfinite(a), a, np.nan)


def why_curves(comp: Comparison, *, lang: str) -> go.Figure:
    """The same start and learning rate: mean loss under each loss, and the confidently wrong
    photo's probability of its own class (both on a 0–1 scale over the steps)."""
    t = translator(lang)
    xs = np.arange(comp.ce.steps + 1)
    fig = go.Figure()
    for traj, name, color, dash in ((comp.ce, t("train.why_ce"), PALETTE["top"], "solid"),
                                    (comp.se, t("train.why_se"), PALETTE["accent"], "dash")):
        p = np.array([traj.probs(s)[comp.photo] for s in range(traj.steps + 1)])
        fig.add_trace(go.Scatter(x=xs, y=p[:, comp.label], name=t("train.why_p", loss=name),
                                 mode="lines", line=dict(color=color, dash=dash, width=2.5)))
    fig.update_xaxes(title=t("train.x_step"))
    fig.update_yaxes(title=t("train.why_y"), range=[0, 1.02])
    _layout(fig, t("train.why_title"), height=320)
    fig.update_layout(showlegend=True, legend=_LEGEND_BELOW)
    return fig


def _beside_minimum(curve: TemperatureCurve) -> str:
    """Where the minimum's label goes: the curve is above a minimum on both sides, so below it
    is clear (on a phone's width the curve climbs steeply through "top right"), unless the
    minimum sits near the axis floor; away from the nearer end of the T axis."""
    b = curve.best
    finite = curve.losses[np.isfinite(curve.losses)]
    top = float(finite.max()) if finite.size else 1.0
    side = "right" if b < len(curve.temps) // 2 else "left"
    return f"{'bottom' if curve.losses[b] > 0.2 * top else 'top'} {side}"


def temperature(curve: TemperatureCurve, *, lang: str) -> go.Figure:
    """Mean held-out cross-entropy of logits / T against T (log axis), the minimum marked."""
    t = translator(lang)
    b = curve.best
    fig = go.Figure(go.Scatter(x=curve.temps, y=_finite(curve.losses), mode="lines",
                               line=dict(color=PALETTE["top"], width=2.5),
                               hovertemplate="T = %{x:.3g}<br>%{y:.4f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[curve.temps[b]], y=[curve.losses[b]], mode="markers+text",
                             marker=dict(size=11, color=PALETTE["accent"]),
                             text=[t("train.temp_best", t=f"{curve.temps[b]:.3g}",
                                     loss=f"{curve.losses[b]:.4f}")],
                             textposition=_beside_minimum(curve), cliponaxis=False,
                             hoverinfo="skip"))
    fig.add_vline(x=1.0, line=dict(color=PALETTE["base"], width=1, dash="dot"))
    fig.update_xaxes(title=t("train.temp_x"), type="log",
                     tickvals=[0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20])
    fig.update_yaxes(title=t("train.temp_y"), rangemode="tozero")
    return _layout(fig, t("train.temp_title"), height=340)
