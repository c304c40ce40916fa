"""Plotly figures of the Softmax page: numbers in, figure out (colours from core.charts)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.charts import PALETTE, _layout


def _names(names) -> list[str]:
    # category labels must be distinct strings; the page already made names unique
    return [str(n) for n in names]


def jacobian_heatmap(names, jac: np.ndarray) -> go.Figure:
    """∂p_i/∂z_j by autograd: positive on the diagonal, negative elsewhere."""
    jac = np.asarray(jac, dtype=np.float64)
    lim = float(np.abs(jac).max()) or 1.0
    labels = _names(names)
    fig = go.Figure(go.Heatmap(
        z=jac, x=labels, y=labels, zmin=-lim, zmax=lim, colorscale="RdBu", reversescale=True,
        text=[[f"{v:.4f}" for v in row] for row in jac],
        texttemplate="%{text}" if jac.shape[0] <= 8 else None,
        hovertemplate="∂p(%{y}) / ∂z(%{x}) = %{z:.6f}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", title="output p_i")
    fig.update_xaxes(title="logit z_j")
    return _layout(fig, "Jacobian ∂softmax(z)_i / ∂z_j (torch.autograd)", height=380)


def temperature_bars(names, p1: np.ndarray, pt: np.ndarray, t: float) -> go.Figure:
    labels = _names(names)
    fig = go.Figure()
    fig.add_trace(go.Bar(x=labels, y=np.asarray(p1, np.float64), name="T = 1",
                         marker_color=PALETTE["base"],
                         hovertemplate="%{x}<br>T=1: %{y:.4f}<extra></extra>"))
    fig.add_trace(go.Bar(x=labels, y=np.asarray(pt, np.float64), name=f"T = {t:g}",
                         marker_color=PALETTE["top"],
                         text=[f"{v:.4f}" for v in pt], textposition="outside", cliponaxis=False,
                         hovertemplate="%{x}<br>T=" + f"{t:g}" + ": %{y:.4f}<extra></extra>"))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title="probability", range=[0, 1.08])
    _layout(fig, f"softmax(z / T) at T = {t:g} beside T = 1")
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=1.02, x=1,
                                                   xanchor="right", yanchor="bottom"))
    return fig


def entropy_curve(temps, nats, t: float, h: float, max_nats: float) -> go.Figure:
    fig = go.Figure(go.Scatter(x=np.asarray(temps), y=np.asarray(nats), mode="lines",
                               line=dict(color=PALETTE["line"], width=3), name="entropy",
                               hovertemplate="T=%{x:.3g}<br>H=%{y:.4f} nats<extra></extra>"))
    fig.add_trace(go.Scatter(x=[t], y=[h], mode="markers", marker=dict(size=12,
                             color=PALETTE["accent"]), name="your T",
                             hovertemplate="T=%{x:.3g}<br>H=%{y:.4f} nats<extra></extra>"))
    fig.add_hline(y=max_nats, line=dict(color=PALETTE["ink"], width=1, dash="dot"),
                  annotation_text=f"uniform: ln C = {max_nats:.4f} nats")
    ticks = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20]
    fig.update_xaxes(type="log", title="temperature T (log scale)", tickvals=ticks,
                     ticktext=[f"{v:g}" for v in ticks])
    fig.update_yaxes(title="entropy (nats)", range=[0, max_nats * 1.12 + 1e-9])
    return _layout(fig, "Entropy of softmax(z / T) against T", height=320)


def top_share_curve(gaps, share, others_equal, gap_now: float, share_now: float,
                    name: str) -> go.Figure:
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=np.asarray(gaps), y=np.asarray(share), mode="lines",
                             line=dict(color=PALETTE["top"], width=3),
                             name=f"{name}, other logits as they are",
                             hovertemplate="gap %{x:.2f}<br>share %{y:.4f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=np.asarray(gaps), y=np.asarray(others_equal), mode="lines",
                             line=dict(color=PALETTE["base"], width=2, dash="dash"),
                             name="if the other logits were all equal",
                             hovertemplate="gap %{x:.2f}<br>share %{y:.4f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[gap_now], y=[share_now], mode="markers+text",
                             marker=dict(size=12, color=PALETTE["accent"]),
                             text=[f"{share_now:.4f}"], textposition="top left", name="now",
                             hovertemplate="gap %{x:.4f}<br>share %{y:.4f}<extra></extra>"))
    fig.update_xaxes(title=f"gap: logit of {name} − best other logit")
    fig.update_yaxes(title=f"softmax share of {name}", range=[0, 1.05])
    _layout(fig, "Softmax wants to pick one: the share against the gap", height=360)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=-0.25, x=0))
    return fig


def pick_one(names, logits, exps, probs) -> go.Figure:
    """Logits → exponentials → probabilities, side by side (article §4b)."""
    labels = _names(names)
    fig = make_subplots(rows=1, cols=3, subplot_titles=("logits z", "exp(z)", "softmax(z)"))
    for col, vals in enumerate((logits, exps, probs), start=1):
        vals = np.asarray(vals, dtype=np.float64)
        top = int(np.argmax(vals))
        fig.add_trace(go.Bar(x=labels, y=vals, text=[f"{v:.4f}" for v in vals],
                             textposition="outside", cliponaxis=False,
                             marker_color=[PALETTE["top"] if i == top else PALETTE["line"]
                                           for i in range(vals.size)],
                             hovertemplate="%{x}: %{y:.4f}<extra></extra>"), row=1, col=col)
    return _layout(fig, "The exponential makes the largest logit take most of the mass",
                   height=340)
