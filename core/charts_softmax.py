"""Plotly figures of the Softmax page: numbers in, figure out (colours from core.charts). Titles,
axis titles, trace names and units are parameters with English defaults: the page passes them in
the user's language."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.charts import PALETTE, _layout


def _names(names) -> list[str]:
    # category labels must be distinct strings; the page already made names unique
    return [str(n) for n in names]


def jacobian_heatmap(names, jac: np.ndarray, *,
                     title: str = "Jacobian ∂softmax(z)_i / ∂z_j (torch.autograd)",
                     x_title: str = "logit z_j", y_title: str = "output p_i") -> go.Figure:
    """∂p_i/∂z_j by autograd: positive on the diagonal, negative elsewhere."""
    jac = np.asarray(jac, dtype=np.float64)
    lim = float(np.abs(jac).max()) or 1.0
    labels = _names(names)
    fig = go.Figure(go.Heatmap(
        z=jac, x=labels, y=labels, zmin=-lim, zmax=lim, colorscale="RdBu", reversescale=True,
        text=[[f"{v:.4f}" for v in row] for row in jac],
        texttemplate="%{text}" if jac.shape[0] <= 8 else None,
        hovertemplate="∂p(%{y}) / ∂z(%{x}) = %{z:.6f}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", title=y_title)
    fig.update_xaxes(title=x_title)
    return _layout(fig, title, height=380)


def temperature_bars(names, p1: np.ndarray, pt: np.ndarray, t: float, *,
                     title: str = "softmax(z / T) at T = {t} beside T = 1",
                     y_title: str = "probability") -> go.Figure:
    """``title`` may hold ``{t}`` (the temperature, formatted here)."""
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
    fig.update_yaxes(title=y_title, range=[0, 1.08])
    _layout(fig, title.format(t=f"{t:g}"))
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=1.02, x=1,
                                                   xanchor="right", yanchor="bottom"))
    return fig


def entropy_curve(temps, nats, t: float, h: float, max_nats: float, *,
                  title: str = "Entropy of softmax(z / T) against T",
                  x_title: str = "temperature T (log scale)", y_title: str = "entropy (nats)",
                  curve_name: str = "entropy", point_name: str = "your T",
                  uniform: str = "uniform: ln C = {value} nats",
                  unit: str = "nats") -> go.Figure:
    """``uniform`` may hold ``{value}`` (ln C, formatted here); ``unit`` is shown on hover."""
    hover = "T=%{x:.3g}<br>H=%{y:.4f} " + unit + "<extra></extra>"
    fig = go.Figure(go.Scatter(x=np.asarray(temps), y=np.asarray(nats), mode="lines",
                               line=dict(color=PALETTE["line"], width=3), name=curve_name,
                               hovertemplate=hover))
    fig.add_trace(go.Scatter(x=[t], y=[h], mode="markers", marker=dict(size=12,
                             color=PALETTE["accent"]), name=point_name,
                             hovertemplate=hover))
    fig.add_hline(y=max_nats, line=dict(color=PALETTE["ink"], width=1, dash="dot"),
                  annotation_text=uniform.format(value=f"{max_nats:.4f}"))
    ticks = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20]
    fig.update_xaxes(type="log", title=x_title, tickvals=ticks,
                     ticktext=[f"{v:g}" for v in ticks])
    fig.update_yaxes(title=y_title, range=[0, max_nats * 1.12 + 1e-9])
    return _layout(fig, title, height=320)


def top_share_curve(gaps, share, others_equal, gap_now: float, share_now: float,
                    name: str, *,
                    title: str = "Softmax wants to pick one: the share against the gap",
                    x_title: str = "gap: logit of {name} − best other logit",
                    y_title: str = "softmax share of {name}",
                    curve_name: str = "{name}, other logits as they are",
                    equal_name: str = "if the other logits were all equal",
                    now_name: str = "now", gap_word: str = "gap",
                    share_word: str = "share") -> go.Figure:
    """``x_title``, ``y_title`` and ``curve_name`` may hold ``{name}`` (the raised class)."""
    def hover(d: int) -> str:
        return (f"{gap_word} %{{x:.{d}f}}<br>{share_word} %{{y:.4f}}<extra></extra>")

    fig = go.Figure()
    fig.add_trace(go.Scatter(x=np.asarray(gaps), y=np.asarray(share), mode="lines",
                             line=dict(color=PALETTE["top"], width=3),
                             name=curve_name.format(name=name), hovertemplate=hover(2)))
    fig.add_trace(go.Scatter(x=np.asarray(gaps), y=np.asarray(others_equal), mode="lines",
                             line=dict(color=PALETTE["base"], width=2, dash="dash"),
                             name=equal_name, hovertemplate=hover(2)))
    fig.add_trace(go.Scatter(x=[gap_now], y=[share_now], mode="markers+text",
                             marker=dict(size=12, color=PALETTE["accent"]),
                             text=[f"{share_now:.4f}"], textposition="top left", name=now_name,
                             hovertemplate=hover(4)))
    fig.update_xaxes(title=x_title.format(name=name))
    fig.update_yaxes(title=y_title.format(name=name), range=[0, 1.05])
    _layout(fig, title, height=360)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=-0.25, x=0))
    return fig


def pick_one(names, logits, exps, probs, *,
             title: str = "The exponential makes the largest logit take most of the mass",
             subtitles: tuple[str, str, str] = ("logits z", "exp(z)", "softmax(z)")
             ) -> go.Figure:
    """Logits → exponentials → probabilities, side by side (article §4b)."""
    labels = _names(names)
    fig = make_subplots(rows=1, cols=3, subplot_titles=subtitles)
    for col, vals in enumerate((logits, exps, probs), start=1):
        vals = np.asarray(vals, dtype=np.float64)
        top = int(np.argmax(vals))
        fig.add_trace(go.Bar(x=labels, y=vals, text=[f"{v:.4f}" for v in vals],
                             textposition="outside", cliponaxis=False,
                             marker_color=[PALETTE["top"] if i == top else PALETTE["line"]
                                           for i in range(vals.size)],
                             hovertemplate="%{x}: %{y:.4f}<extra></extra>"), row=1, col=col)
    return _layout(fig, title, height=340)
