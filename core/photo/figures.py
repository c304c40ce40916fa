"""Figures of the Logits page: how a photo's logits are distributed (every logit by class index
is a live piece: core.photo.live, ui/live/logits_overview.js). Each builder takes ``lang`` and
reads its words from the catalogue (section [logits])."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.base.figures import PALETTE, _layout
from core.base.i18n import translator


def logits_histogram(row: np.ndarray, *, lang: str) -> go.Figure:
    t = translator(lang)
    hover = t("logits.histogram_hover", x="%{x}", y="%{y}") + "<extra></extra>"
    fig = go.Figure(go.Histogram(x=np.asarray(row, dtype=np.float64), nbinsx=60,
                                 marker_color=PALETTE["line"], hovertemplate=hover))
    fig.update_xaxes(title=t("logits.histogram_x"))
    fig.update_yaxes(title=t("logits.histogram_y"))
    return _layout(fig, t("logits.histogram"), height=300, axis_room=True)
