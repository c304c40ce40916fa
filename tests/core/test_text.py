"""Escaping user text for Markdown messages."""

import re

from core.text import md_escape, quote


def test_markup_is_escaped_but_names_read_as_typed():
    assert md_escape("tf_efficientnet_lite0") == "tf_efficientnet_lite0"
    assert md_escape("tiger-cat 2") == "tiger-cat 2"
    assert md_escape("_x_ *y*") == r"\_x\_ \*y\*"
    assert md_escape("- item") == r"\- item"
    for raw in ("[a](javascript:x)", "![i](http://e/x.png)", "<b>x</b>", "$x$"):
        left = re.sub(r"\\.", "", md_escape(raw))
        assert not set(left) & set("[]()<>!$"), raw


def test_quote_is_one_short_escaped_line():
    assert quote("a\nb  c", 40) == "a b c"
    assert quote("x" * 50, 10) == "x" * 10 + "…"
