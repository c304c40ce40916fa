"""Escaping user text: one path per target (Markdown; Plotly's HTML subset), checked against
what each renderer would make of the result. The browser side is tests/e2e/test_markup_e2e.py."""

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from hypothesis import given
from hypothesis import strategies as st

from core.base.figures import escaped_figure, figure_table
from core.base.text import md_escape, plain, plotly_escape, quote

PAYLOADS = ("![i](http://evil.example/x.png)", "**b**", "$x$", ":red[x]", "<b>x</b>",
            '<a href="http://e/">a</a>', "x<br>y", "[x](javascript:alert(1))",
            "http://evil.example/u", "www.evil.example", "me@evil.example", "\u202eabc",
            ":material/home:", "# h", "- item", "1. one", "> quote", "`code`", "~~s~~")
JOINER = "\u2060"


def unescape_md(s: str) -> str:
    """What a Markdown renderer shows for escaped text: each ``\\c`` is the character c."""
    return re.sub(r"\\(.)", r"\1", s).replace(JOINER, "")


def test_plain_words_and_numbers_pass_unchanged():
    for s in ("tiger cat", "p(target)", "-0.5", "1.2e-05", "tf_efficientnet_lite0",
              "tiger-cat 2", "jack-o'-lantern", "T = 1", "グリズリー", "3.5"):
        assert md_escape(s) == s


def test_markdown_specials_are_escaped():
    assert md_escape("_x_ *y*") == r"\_x\_ \*y\*"
    assert md_escape("- item") == r"\- item"
    assert md_escape("1. one") == r"1\. one"
    assert md_escape("# h") == r"\# h"
    assert md_escape("$x$") == r"\$x\$"
    assert md_escape("[x](javascript:alert(1))").startswith(r"\[x\](javascript\:")


def test_autolinks_icons_and_directives_are_broken():
    """GFM links bare addresses and Streamlit draws :icons: after escapes are resolved: the
    word joiner must sit inside each pattern."""
    assert not re.search(r"https?://", md_escape("see http://evil.example/u").replace("\\", ""))
    assert "www." not in md_escape("www.evil.example").replace("\\", "")
    assert not re.search(r"\w@\w", md_escape("me@evil.example").replace("\\", ""))
    assert ":material/" not in md_escape(":material/home:").replace("\\", "")
    assert ":red[" not in md_escape(":red[x]").replace("\\", "")


@given(st.text(max_size=40))
def test_md_escape_round_trips_to_what_was_typed(s):
    assert unescape_md(md_escape(s)) == plain(s)


def test_bidi_controls_are_dropped():
    assert plain("\u202eabc\u2066d\u2069") == "abcd"
    assert md_escape("\u202eabc") == "abc" and plotly_escape("\u202eabc") == "abc"


def test_quote_is_one_short_escaped_line():
    assert quote("a\nb  c", 40) == "a b c"
    assert quote("x" * 50, 10) == "x" * 10 + "…"
    assert quote("**b**") == r"\*\*b\*\*"


def test_plotly_escape_leaves_no_tag():
    for p in PAYLOADS:
        assert "<" not in plotly_escape(p) and ">" not in plotly_escape(p)
    assert plotly_escape("a & b") == "a &amp; b"


def _payload_figure(names):
    fig = go.Figure(go.Bar(x=list(names), y=np.arange(len(names), dtype=float),
                           customdata=np.array(names, dtype=object), name=names[0],
                           hovertemplate="%{x}<br>%{y:.4f}<extra></extra>"))
    fig.update_layout(title=f"share of {names[1]}", xaxis_title=f"gap of {names[2]}")
    fig.add_annotation(text=names[3], x=0, y=0)
    return fig


def test_every_string_of_a_figure_is_escaped_but_the_apps_templates():
    names = PAYLOADS[4:8] + PAYLOADS[:4]
    fig = _payload_figure(names)
    spec = escaped_figure(fig).to_plotly_json()
    text = repr(spec["data"]) + repr(spec["layout"].get("title")) + repr(
        spec["layout"].get("xaxis")) + repr(spec["layout"].get("annotations"))
    for n in names:
        if "<" in n:
            assert n not in text, n
    assert spec["data"][0]["hovertemplate"] == "%{x}<br>%{y:.4f}<extra></extra>"
    assert list(spec["data"][0]["x"]) == [plotly_escape(n) for n in names]
    assert fig.data[0].x == tuple(names)  # the caller's figure is unchanged


def test_a_figure_without_user_markup_is_passed_through():
    fig = _payload_figure(("tiger cat", "tabby", "Egyptian cat", "lynx"))
    assert escaped_figure(fig) is fig


def test_chart_numbers_table_shows_names_as_typed():
    fig = _payload_figure(PAYLOADS[4:8] + ("\u202eabc",) + PAYLOADS[:3])
    df = figure_table(fig, lang="en")
    assert isinstance(df, pd.DataFrame)
    assert "<b>x</b>" in set(df.iloc[:, 1]) and "abc" in set(df.iloc[:, 1])


def test_a_long_chart_title_is_broken_into_even_lines_that_fit_a_phone():
    import plotly.graph_objects as go

    from core.base.figures import TITLE_LINE_PX, TITLE_UNITS, _layout, escaped_figure, text_units

    for title, n in (("Softmax per row, target outlined", 1),
                     ("Jacobian ∂softmax(z)_i / ∂z_j (torch.autograd.functional.jacobian)", 2),
                     ("行ごとのソフトマックス: ターゲットのセルを枠で囲んで表示", 2),
                     ("写真ごとのクロスエントロピー損失(不正解に印)", 2)):
        fig = _layout(go.Figure(go.Bar(x=["a"], y=[1])), title, height=300)
        out = escaped_figure(fig)
        lines = out.layout.title.text.split("<br>")
        assert len(lines) == n and "".join(lines).replace(" ", "") == title.replace(" ", "")
        assert all(text_units(line) <= TITLE_UNITS for line in lines)
        if n > 1:  # the chart grows by the lines it added, the caller's figure stays
            assert out.layout.height == 300 + TITLE_LINE_PX * (n - 1)
            assert out.layout.margin.t == fig.layout.margin.t + TITLE_LINE_PX * (n - 1)
            assert fig.layout.title.text == title
            assert abs(len(lines[0]) - len(lines[1])) <= 8  # evened out
        else:
            assert out is fig  # nothing to change: not copied


def test_a_users_markup_in_a_long_title_stays_text_only_the_apps_breaks_are_markup():
    import plotly.graph_objects as go

    from core.base.figures import _layout, escaped_figure

    fig = _layout(go.Figure(), "share of <b>x</b> against its gap over the best other logit")
    text = escaped_figure(fig).layout.title.text
    assert "<b>" not in text and "&lt;b&gt;" in text and text.count("<br>") == 1
