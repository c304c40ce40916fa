"""Figures of the NLL and Cross-entropy pages: numbers in, plotly figure out. Each builder takes
``lang`` and reads its words from the catalogue (sections [nll], [ce], [losses]); "p" and
"−log p" are notation and stay as they are."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.base.figures import PALETTE, _layout, bars
from core.base.i18n import translator
from core.base.record import class_label
from core.losses.batch import row_name


def row_labels(n: int, lang: str) -> list[str]:
    return [row_name(i).text(lang) for i in range(n)]


def target_heatmap(values, targets, class_names, *, lang: str) -> go.Figure:
    """A (rows × classes) table of probabilities as a heatmap, each row's target cell
    outlined."""
    t = translator(lang)
    z = np.asarray(values, dtype=np.float64)  # (N, C)
    n = z.shape[0]
    rows = row_labels(n, lang)
    target = t("losses.col_target")
    names = [class_label(n, lang) for n in class_names]
    tt = np.asarray(targets, dtype=np.int64)
    text = [[format(v, ".4f") for v in r] for r in z]
    role = [[target if j == tt[i] else "" for j in range(z.shape[1])] for i in range(n)]
    fig = go.Figure(go.Heatmap(
        z=z, x=names, y=rows, text=text, texttemplate="%{text}", colorscale="Blues",
        customdata=role, colorbar=dict(title="p"),
        hovertemplate="%{y} · %{x} %{customdata}<br>%{text}<extra></extra>"))
    for i, j in enumerate(tt):  # the whole target cell framed, in the palette's target colour
        fig.add_shape(type="rect", x0=j - 0.48, x1=j + 0.48, y0=i - 0.46, y1=i + 0.46,
                      line=dict(color=PALETTE["target"], width=4))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category")  # below: above, the class names sat on the title
    return _layout(fig, t("nll.heatmap_title"), height=min(84 + 34 * n, 900))


def _per_row_bars(values, title: str, y_title: str, ideal: float, ideal_label: str,
                  lang: str, y_range=None) -> go.Figure:
    """One bar per row, with the ideal value as a dashed line, named in the title (a label on
    the line itself sat on the bars, or under the axis when the ideal is 0)."""
    v = np.asarray(values, dtype=np.float64)
    fig = bars(row_labels(v.size, lang), v, f"{title} · {ideal_label} (- - -)",
               y_title=y_title, y_range=y_range)
    fig.add_hline(y=ideal, line=dict(color=PALETTE["good"], width=2, dash="dash"))
    fig.update_layout(height=270)  # beside a table of the same rows: no taller than it
    return fig


def target_prob_bars(picked, *, lang: str) -> go.Figure:
    """Each row's probability of its target (NLL page): ideally 1."""
    t = translator(lang)
    return _per_row_bars(picked, t("nll.picked_title"), t("nll.picked_y"), 1.0,
                         t("nll.ideal_1"), lang, y_range=[0, 1.1])


def loss_bars(losses, *, lang: str) -> go.Figure:
    """Each row's loss (Cross-entropy page): ideally 0."""
    t = translator(lang)
    return _per_row_bars(losses, t("ce.bars_title"), t("ce.bars_y"), 0.0, t("ce.ideal_0"), lang)


def minus_log_curve(picked_probs, *, lang: str) -> go.Figure:
    """The curve −log p on (0, 1] with each row's picked probability on it: confident and right
    costs almost nothing, confident and wrong costs a lot."""
    t = translator(lang)
    y_title = t("ce.curve_y")
    p = np.asarray(picked_probs, dtype=np.float64)
    grid = np.linspace(1e-3, 1.0, 400)
    fig = go.Figure(go.Scatter(x=grid, y=-np.log(grid), mode="lines", name="−log p",
                               line=dict(color=PALETTE["line"], width=2),
                               hovertemplate="p %{x:.3f}<br>" + y_title
                               + " %{y:.4f}<extra></extra>"))
    with np.errstate(divide="ignore"):
        loss = -np.log(p)
    fig.add_trace(go.Scatter(x=p, y=loss, mode="markers+text", name=t("ce.curve_rows"),
                             text=row_labels(p.size, lang), textposition="top right",
                             marker=dict(size=10, color=PALETTE["target"]),
                             hovertemplate="%{text}<br>p %{x:.4f}<br>" + y_title + " %{y:.4f}"
                                           "<extra></extra>"))
    fig.update_xaxes(title=t("ce.curve_x"), range=[0, 1.02])
    top = float(np.nanmax(np.where(np.isfinite(loss), loss, np.nan), initial=0.0))
    fig.update_yaxes(title=y_title, range=[0, max(3.0, top * 1.15)])
    return _layout(fig, t("ce.curve_title"))
