"""Plotly figures of the Softmax page: numbers in, figure out (colours from
core.base.figures). Each builder takes ``lang`` and reads its titles, axis titles, trace names
and units from the catalogue (section [softmax]); math notation (exp(z), T = 1) stays as it is."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.base.figures import PALETTE, _layout
from core.base.i18n import translator
from core.base.record import class_label


def _names(names, lang: str) -> list[str]:
    # category labels must be distinct strings; the page already made names unique
    return [class_label(n, lang) for n in names]


def jacobian_heatmap(names, jac: np.ndarray, *, lang: str) -> go.Figure:
    """∂p_i/∂z_j by autograd: positive on the diagonal, negative elsewhere."""
    t = translator(lang)
    jac = np.asarray(jac, dtype=np.float64)
    lim = float(np.abs(jac).max()) or 1.0
    labels = _names(names, lang)
    fig = go.Figure(go.Heatmap(
        z=jac, x=labels, y=labels, zmin=-lim, zmax=lim, colorscale="RdBu", reversescale=True,
        text=[[f"{v:.4f}" for v in row] for row in jac],
        texttemplate="%{text}" if jac.shape[0] <= 8 else None,
        hovertemplate="∂p(%{y}) / ∂z(%{x}) = %{z:.6f}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", title=t("softmax.jacobian_y"))
    fig.update_xaxes(title=t("softmax.jacobian_x"))
    return _layout(fig, t("softmax.jacobian_title"), height=380)


def top_share_curve(gaps, share, others_equal, gap_now: float, share_now: float,
                    name: str, *, lang: str) -> go.Figure:
    """The share of the raised class ``name`` against its gap over the best other logit."""
    t = translator(lang)
    gap_word, share_word = t("softmax.hover_gap"), t("softmax.hover_share")

    def hover(d: int) -> str:
        return (f"{gap_word} %{{x:.{d}f}}<br>{share_word} %{{y:.4f}}<extra></extra>")

    fig = go.Figure()
    fig.add_trace(go.Scatter(x=np.asarray(gaps), y=np.asarray(share), mode="lines",
                             line=dict(color=PALETTE["top"], width=3),
                             name=t("softmax.share_curve", name=name), hovertemplate=hover(2)))
    fig.add_trace(go.Scatter(x=np.asarray(gaps), y=np.asarray(others_equal), mode="lines",
                             line=dict(color=PALETTE["base"], width=2, dash="dash"),
                             name=t("softmax.share_equal"), hovertemplate=hover(2)))
    fig.add_trace(go.Scatter(x=[gap_now], y=[share_now], mode="markers+text",
                             marker=dict(size=12, color=PALETTE["accent"]),
                             text=[f"{share_now:.4f}"], textposition="top left",
                             name=t("softmax.share_now"), hovertemplate=hover(4)))
    fig.update_xaxes(title=t("softmax.share_x", name=name))
    fig.update_yaxes(title=t("softmax.share_y", name=name), range=[0, 1.05])
    _layout(fig, t("softmax.share_title"), height=360)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=-0.25, x=0))
    return fig


def pick_one(logits, exps, probs, *, lang: str) -> go.Figure:
    """Logits → exponentials → probabilities, side by side (article §4b); the classes are
    numbered ("class 0", …) in ``lang``."""
    t = translator(lang)
    labels = [t("softmax.class_n", k=i) for i in range(len(logits))]
    fig = make_subplots(rows=1, cols=3, subplot_titles=(t("softmax.pick_sub_logits"), "exp(z)",
                                                        "softmax(z)"))
    for col, vals in enumerate((logits, exps, probs), start=1):
        vals = np.asarray(vals, dtype=np.float64)
        top = int(np.argmax(vals))
        fig.add_trace(go.Bar(x=labels, y=vals, text=[f"{v:.4f}" for v in vals],
                             textposition="outside", cliponaxis=False,
                             marker_color=[PALETTE["top"] if i == top else PALETTE["line"]
                                           for i in range(vals.size)],
                             hovertemplate="%{x}: %{y:.4f}<extra></extra>"), row=1, col=col)
    return _layout(fig, t("softmax.pick_title"), height=340)
