"""ui.panels.table escapes every text a table shows (st.table renders cells, headers and the
index as Markdown), whatever pandas dtype holds the text, and leaves numbers alone."""

import pandas as pd

from core.base.text import md_escape
from ui.panels import markdown_safe

PAYLOAD = "![i](http://evil.example/x.png)"


def test_text_in_cells_headers_and_index_is_escaped_for_every_string_dtype():
    for dtype in (object, "str", "string"):
        names = pd.Index([PAYLOAD, "**b**"], dtype=dtype, name="class")
        df = pd.DataFrame({PAYLOAD: pd.Series([PAYLOAD, "ok"], dtype=dtype, index=names),
                           "p": [0.5, 0.25]}, index=names)
        out = markdown_safe(df)
        assert list(out.index) == [md_escape(PAYLOAD), md_escape("**b**")], dtype
        assert list(out.columns) == [md_escape(PAYLOAD), "p"], dtype
        assert out.iloc[0, 0] == md_escape(PAYLOAD) and out.iloc[1, 0] == "ok", dtype
        assert list(out["p"]) == [0.5, 0.25]


def test_a_number_index_stays_as_it_is():
    df = pd.DataFrame({"class": ["a", "b"]}, index=pd.RangeIndex(1, 3, name="rank"))
    out = markdown_safe(df)
    assert isinstance(out.index, pd.RangeIndex) and out.index.name == "rank"
