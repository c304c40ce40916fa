"""Plotly figures of the Sigmoid page: numbers in, figure out (colours: core.base.figures.PALETTE).

The σ curve and the loss curve are live pieces (ui/live/sigmoid_logit, data from
core.sigmoid.live). Each builder takes ``lang`` and reads its titles, axis titles and trace
names from the catalogue (section [sigmoid]).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.base.figures import PALETTE, _layout
from core.base.i18n import translator
from core.sigmoid.math import SideBySide


def loss_formula(target: int) -> str:
    return "−log σ(z)" if target == 1 else "−log(1 − σ(z))"


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
