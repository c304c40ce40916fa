"""Accessibility of charts: every chart's numbers come back as a table, and every colour in the
chart code is from the one colour-blind-safe palette."""

import re
from pathlib import Path

import numpy as np
import plotly.graph_objects as go

from core.base import figures as charts
from core.base.i18n import catalog
from core.softmax import figures as softmax_figures

ROOT = Path(__file__).resolve().parents[2]
HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")


def test_figure_table_gives_back_every_point():
    fig = go.Figure([go.Scatter(x=[0, 1], y=[0.5, -1.25], mode="markers"),
                     go.Scatter(x=[2, 3], y=[3.0, 2.0], text=["c", "d"], mode="markers")])
    fig.update_xaxes(title="class index")
    fig.update_yaxes(title="logit")
    df = charts.figure_table(fig, lang="en")
    assert len(df) == 4
    got = dict(zip(df["class index"], df["logit"]))
    assert got == {0: 0.5, 1: -1.25, 2: 3.0, 3: 2.0}
    assert df["label"].tolist() == ["", "", "c", "d"]  # blank, never "None", for no label


def test_the_logits_overview_piece_has_its_numbers_as_a_table():
    """The overview piece's "Numbers in this chart": every class by index, its name, its logit
    and whether it is among the top k."""
    from core.photo.tables import overview_table

    row = np.array([0.5, -1.25, 3.0, 2.0], dtype=np.float32)
    df = overview_table(row, ("a", "b", "c", "d"), np.array([2, 3]), lang="en")
    assert df.index.name == "class index (ImageNet)" and df.index.tolist() == [0, 1, 2, 3]
    assert df["class"].tolist() == ["a", "b", "c", "d"]
    assert df["logit (any real number)"].tolist() == [0.5, -1.25, 3.0, 2.0]
    assert df["series"].tolist() == ["other classes", "other classes", "top-k", "top-k"]


def test_figure_table_reads_heatmaps_and_bars():
    fig = go.Figure([go.Bar(x=["p", "q"], y=[0.25, 0.75], name="softmax"),
                     go.Heatmap(z=[[1.0, 2.0], [3.0, 4.0]], x=["u", "v"], y=["r", "s"],
                                name="J")])
    df = charts.figure_table(fig, lang="en")
    bars = df[df["series"] == "softmax"]
    assert bars["y"].tolist() == [0.25, 0.75]
    heat = df[df["series"] == "J"]
    assert heat["value"].tolist() == [1.0, 2.0, 3.0, 4.0]
    assert heat["x"].tolist() == ["u", "v", "u", "v"]


def test_figure_table_words_are_the_catalogues():
    """The table's own words (series, value, label, an unnamed series) in the page's language."""
    ja = catalog("ja")
    fig = go.Figure([go.Bar(x=["p", "q"], y=[0.25, 0.75], text=["a", "b"]),
                     go.Heatmap(z=[[1.0]], x=["u"], y=["r"], name="J")])
    df = charts.figure_table(fig, lang="ja")
    assert {ja["panels.col_series"], ja["panels.col_value"], ja["panels.col_label"]} <= set(df)
    assert df[ja["panels.col_series"]].tolist() == [ja["panels.series_n"].format(n=1)] * 2 + ["J"]


def test_chart_code_uses_only_the_palette():
    # data colours from the palette; text/background neutrals of Streamlit's light theme
    neutrals = {"#FFFFFF", "#262730", "#31333F", "#FAFAFA", "#F0F2F6", "#808495"}
    allowed = {c.upper() for c in charts.PALETTE.values()} | neutrals
    files = [*(ROOT / "core").rglob("*figures.py"), *(ROOT / "ui").rglob("*.js"),
             *(ROOT / "ui").rglob("*.css"), *(ROOT / "ui").rglob("*.html")]
    assert files
    stray = {f"{f.relative_to(ROOT)}: {c}" for f in files
             for c in HEX.findall(f.read_text(encoding="utf-8")) if c.upper() not in allowed}
    assert stray == set()


def test_the_small_template_keeps_plotly_whites_look():
    """core.base.figures.TEMPLATE carries the parts of "plotly_white" that these charts show (it is
    built once; the named template cost 10-13 ms per chart): each value as plotly_white has it,
    and every chart of the module uses it."""
    import plotly.io as pio

    white = pio.templates["plotly_white"]
    for axis in ("xaxis", "yaxis"):
        ours, ref = charts.TEMPLATE.layout[axis], white.layout[axis]
        for key in ("automargin", "ticks", "gridcolor", "linecolor", "zerolinecolor",
                    "zerolinewidth"):
            assert ours[key] == ref[key], (axis, key)
        assert ours.title.standoff == ref.title.standoff
    assert charts.TEMPLATE.layout.coloraxis.colorbar.outlinewidth == \
        white.layout.coloraxis.colorbar.outlinewidth
    assert charts.TEMPLATE.data.heatmap[0].colorbar.ticks == white.data.heatmap[0].colorbar.ticks
    assert charts.TEMPLATE.data.bar[0].marker.line == white.data.bar[0].marker.line
    for key in ("paper_bgcolor", "plot_bgcolor", "hovermode"):
        assert charts.TEMPLATE.layout[key] == white.layout[key], key
    fig = softmax_figures.pick_one([0.02, -2.49, 1.25], [1.02, 0.08, 3.49], [0.22, 0.02, 0.76],
                                   lang="en")
    assert fig.layout.template.layout.xaxis.automargin is True
