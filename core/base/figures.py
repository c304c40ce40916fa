"""Chart style shared by every topic's figures: the palette, the template, the layout, plain
bars, a chart's numbers as a table, and the escaping of every chart string.

Colours come from one colour-blind-safe palette (Okabe-Ito) so that "top class" and "target
class" look the same on every page.
"""

from __future__ import annotations

import re

import numpy as np
import plotly.graph_objects as go

from core.base.i18n import translator
from core.base.text import plain, plotly_escape

# Okabe & Ito (2008), safe for the common colour-vision deficiencies
PALETTE = {"base": "#999999", "top": "#0072B2", "target": "#E69F00", "accent": "#D55E00",
           "good": "#009E73", "line": "#56B4E9", "ink": "#000000"}


def _small_template() -> go.layout.Template:
    """The parts of Plotly's "plotly_white" template that these 2-D charts use (axes that make
    room for their labels, no tick marks, no colour-bar outline, white edges between bars),
    taken from it once. Naming the whole template on every chart had it copied and validated
    each time: 10-13 ms of server CPU per chart, against about 1 ms for this one (screenshots
    of every page are pixel-identical)."""
    import plotly.io as pio

    white = pio.templates["plotly_white"]
    axis = {k: white.layout.xaxis[k] for k in ("gridcolor", "linecolor", "ticks", "automargin",
                                               "zerolinecolor", "zerolinewidth")}
    axis["title"] = {"standoff": white.layout.xaxis.title.standoff}
    colorbar = {"outlinewidth": white.layout.coloraxis.colorbar.outlinewidth,
                "ticks": white.layout.coloraxis.colorbar.ticks}
    layout = {k: white.layout[k] for k in ("paper_bgcolor", "plot_bgcolor", "hovermode")}
    return go.layout.Template(
        layout={**layout, "xaxis": axis, "yaxis": axis, "coloraxis": {"colorbar": colorbar},
                "title": {"x": white.layout.title.x},
                "font": {"color": white.layout.font.color}},
        data={"heatmap": [{"colorbar": colorbar}],
              "bar": [{"marker": {"line": white.data.bar[0].marker.line}}]})


TEMPLATE = _small_template()


TOP_MARGIN = 50  # room for a one-line title
SUBPLOT_TITLES = 28  # more room where subplot titles sit between the title and the plots
def _layout(fig: go.Figure, title: str, height: int = 360) -> go.Figure:
    """Title, height, margins and template."""
    subplots = any(a.yref == "paper" and a.y is not None and a.y >= 1
                   for a in fig.layout.annotations)
    top = TOP_MARGIN + (SUBPLOT_TITLES if subplots else 0)
    fig.update_layout(title=title, height=height, margin=dict(l=10, r=10, t=top, b=10),
                      template=TEMPLATE, showlegend=False)
    return fig


# A chart's title is one line of SVG text, which Plotly never wraps: a long one ran past the
# chart's edge on a phone (390 px: about 40 Latin characters at Plotly's title size). It is
# broken into lines of at most TITLE_UNITS (a CJK character counts 2), at spaces, or between
# CJK characters, and the chart grows by a line's height for each extra line.
TITLE_UNITS = 40
TITLE_LINE_PX = 22
_CJK = "\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"
# one CJK character (with a closing mark that must not start a line), a word with its
# trailing space, or a run of spaces
_TITLE_TOKEN = re.compile(f"[{_CJK}][、。，：）」]?|[^\\s{_CJK}]+\\s*|\\s+")


def text_units(chars: str) -> int:
    """How wide ``chars`` is in Latin characters: a CJK character counts 2."""
    return sum(2 if ord(ch) >= 0x3000 else 1 for ch in chars)


def title_lines(title: str, units: int = TITLE_UNITS) -> list[str]:
    """``title`` in lines of at most ``units`` (a single longer word keeps its own line), as
    even in length as that number of lines allows."""
    lines = _fill(title, units)
    if len(lines) > 1:  # the same number of lines, evened out
        even = _fill(title, -(-text_units(title) // len(lines)) + 2)
        if len(even) == len(lines):
            return even
    return lines


def _fill(text: str, units: int) -> list[str]:
    lines, line = [], ""
    for tok in _TITLE_TOKEN.findall(text):
        if line and text_units((line + tok).rstrip()) > units:
            lines.append(line.rstrip())
            line = tok.lstrip()
        else:
            line += tok
    if line.strip():
        lines.append(line.rstrip())
    return lines or [text]


def _wrap_title(spec: dict) -> bool:
    """Break a long title of a figure's dict into lines, and make room for them."""
    layout = spec.get("layout") or {}
    title = layout.get("title")
    text = title.get("text") if isinstance(title, dict) else None
    if not isinstance(text, str):
        return False
    lines = title_lines(text)
    if len(lines) < 2:
        return False
    extra = TITLE_LINE_PX * (len(lines) - 1)
    title["text"] = "<br>".join(lines)
    margin = layout.setdefault("margin", {})
    margin["t"] = margin.get("t", TOP_MARGIN) + extra
    if isinstance(layout.get("height"), (int, float)):
        layout["height"] += extra
    return True


def _axis_title(fig: go.Figure, axis: str, default: str) -> str:
    title = getattr(getattr(fig.layout, axis, None), "title", None)
    text = getattr(title, "text", None)
    return str(text) if text else default


def figure_table(fig: go.Figure, max_rows: int = 5000, *, lang: str):
    """The numbers a chart draws, as a table (one row per point; heatmaps one row per cell), so
    every chart has its data one click away for screen readers and for copying. Its own column
    words (series, value, label) come from the catalogue in ``lang``."""
    import pandas as pd

    t = translator(lang)
    series_col, value_col = t("panels.col_series"), t("panels.col_value")
    label_col = t("panels.col_label")
    x_name = _axis_title(fig, "xaxis", "x")
    y_name = _axis_title(fig, "yaxis", "y")
    frames = []
    for i, trace in enumerate(fig.data):
        series = trace.name or t("panels.series_n", n=i + 1)
        z = getattr(trace, "z", None)
        if z is not None:
            z = np.asarray(z, dtype=np.float64)
            xs = (list(trace.x) if getattr(trace, "x", None) is not None
                  else list(range(z.shape[1])))
            ys = (list(trace.y) if getattr(trace, "y", None) is not None
                  else list(range(z.shape[0])))
            rows = [(series, xs[c], ys[r], z[r, c]) for r in range(z.shape[0])
                    for c in range(z.shape[1])]
            frames.append(pd.DataFrame(rows, columns=[series_col, x_name, y_name, value_col]))
            continue
        x, y = getattr(trace, "x", None), getattr(trace, "y", None)
        if x is None and y is None:
            continue
        n = len(x) if x is not None else len(y)
        frame = pd.DataFrame({series_col: [series] * n,
                              x_name: list(x) if x is not None else list(range(n)),
                              y_name: list(y) if y is not None else [None] * n})
        text = getattr(trace, "text", None)
        if text is not None and not isinstance(text, str) and len(text) == n:
            frame[label_col] = list(text)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=[series_col, x_name, y_name])
    out = pd.concat(frames, ignore_index=True).head(max_rows)
    if label_col in out:  # points without a label read as blank, not "None"
        out[label_col] = out[label_col].fillna("")
    # text shows as typed, without bidi controls (the chart itself drops them too)
    out = out.map(lambda v: plain(v) if isinstance(v, str) else v)
    out.columns = out.columns.map(plain)
    return out


# Keys whose strings are the app's own Plotly templates (they may hold <br>); user values reach
# them only through %{…} placeholders, which take the already-escaped data.
_TEMPLATE_KEYS = frozenset({"hovertemplate", "texttemplate", "template"})


def _escape_tree(node) -> tuple[object, bool]:
    """(node with every user-visible string Plotly-escaped, whether anything changed)."""
    if isinstance(node, str):
        out = plotly_escape(node)
        return out, out != node
    if isinstance(node, dict):
        changed = False
        for k, v in node.items():
            if k in _TEMPLATE_KEYS:
                continue
            new, c = _escape_tree(v)
            if c:
                node[k], changed = new, True
        return node, changed
    if isinstance(node, (list, tuple)):
        items = [_escape_tree(v) for v in node]
        if any(c for _, c in items):
            return [v for v, _ in items], True
        return node, False
    if isinstance(node, np.ndarray) and node.dtype.kind in "OUS":
        flat = [_escape_tree(v) for v in node.ravel().tolist()]
        if any(c for _, c in flat):
            return np.array([v for v, _ in flat], dtype=object).reshape(node.shape), True
    return node, False


def escaped_figure(fig: go.Figure) -> go.Figure:
    """The figure as Plotly should draw it: every string in its data and layout (category
    ticks, hover values, legend, titles, annotations) escaped for Plotly's HTML subset, so a
    class name such as ``<a href=…>`` or ``<b>x</b>`` shows as typed (``core.base.text``). The
    figure itself is not changed; without anything to escape it is returned as it is."""
    spec, changed = _escape_tree(fig.to_dict())
    wrapped = _wrap_title(spec)  # after escaping: its <br> is the app's own
    return go.Figure(spec) if changed or wrapped else fig
