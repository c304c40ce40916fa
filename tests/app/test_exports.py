"""Exports on every page: each chart saves a PNG under a readable name, each table has a CSV."""

import json

import numpy as np
import pandas as pd
import pytest

from tests.helpers import plotly_spec, trace_array
from ui.nav import PAGES


@pytest.mark.parametrize("entry", PAGES, ids=[p.url_path for p in PAGES])
def test_every_chart_has_a_png_name_and_every_table_a_csv(app, entry):
    app.switch_page(entry.path).run()
    assert not app.exception
    charts = app.get("plotly_chart")
    for c in charts:
        config = json.loads(c.proto.config or "{}")
        opts = config.get("toImageButtonOptions", {})
        assert opts.get("format") == "png", c.proto.id
        name = opts.get("filename", "")
        assert name and name != "newplot" and "/" not in name and len(name) <= 80, name
    tables = app.table
    csv = [b for b in app.get("download_button") if b.proto.label == "CSV"]
    assert len(csv) >= len(tables), f"{len(tables)} tables, {len(csv)} CSV buttons"


# A live chart piece's data (components v2, drawn in the browser) → the arrays it draws.
PIECE_NUMBERS = {
    "logits_overview": lambda d: [  # the other classes' points, then the top k's
        np.array([float(v) for i, v in enumerate(d["logits"])
                  if i not in {t["index"] for t in d["top"]}]),
        np.array([float(d["logits"][t["index"]]) for t in sorted(d["top"],
                                                                 key=lambda t: t["index"])])],
    "logits_histogram": lambda d: [np.array(d["counts"], dtype=np.float64)],
    # the loss lessons' pieces: every cell's p; each row's value (None: not finite, its text
    # says which: the table holds it as a number)
    "target_heatmap": lambda d: [np.array(d["values"], dtype=np.float64).ravel()],
    "row_bars": lambda d: [np.array([float(s) if v is None else v
                                     for v, s in zip(d["values"], d["texts"])])],
}
TEXT_ATOL = 5.1e-5  # a piece given numbers as the page writes them (4 decimals)


def _chart_numbers(app) -> list[np.ndarray]:
    """Every x, y and z array of numbers the page's charts draw (Plotly charts and live chart
    pieces)."""
    out = []
    for c in app.get("bidi_component"):
        for name, numbers in PIECE_NUMBERS.items():
            if c.proto.component_name.endswith(name):
                out += numbers(json.loads(c.proto.json))
    for i in range(len(app.get("plotly_chart"))):
        for tr in plotly_spec(app, i)["data"]:
            for k in ("z", "y", "x"):
                if tr.get(k) is not None:
                    try:
                        out.append(np.asarray(trace_array(tr, k), dtype=np.float64).ravel())
                    except (TypeError, ValueError):  # category names, not numbers
                        pass
    return out


def _piece_numbers(app) -> list[np.ndarray]:
    """Every curve the page's playback pieces draw (ui/live/playback.js: drawn in the browser
    from these numbers; NaN and ±inf travel as text)."""
    out = []
    for c in app.get("bidi_component"):
        if "playback" in c.proto.component_name:
            for chart in json.loads(c.proto.json).get("charts", []):
                out += [np.array(s["ys"], dtype=np.float64) for s in chart["series"] if "ys" in s]
    return out


@pytest.mark.parametrize("entry", PAGES, ids=[p.url_path for p in PAGES])
def test_every_charts_numbers_open_in_a_table_with_the_charts_values(app, entry):
    """A chart's "Numbers in this chart" table is drawn only while open (it cost every run
    a grid), and then holds the numbers the chart draws."""
    app.switch_page(entry.path).run()
    keys = [k for k in app.session_state.keys() if str(k).endswith("__open")]
    closed = len(app.dataframe)
    pieces = [c for c in app.get("bidi_component")
              if any(c.proto.component_name.endswith(n) for n in PIECE_NUMBERS)]
    assert len(keys) >= (len(app.get("plotly_chart")) + len(pieces)) // 2, keys
    for k in keys:
        app.session_state[k] = True
    app.run()
    assert not app.exception
    tables = list(app.dataframe)[closed:] if closed else list(app.dataframe)
    assert len(tables) == len(keys), (len(tables), keys)
    played = _piece_numbers(app)
    drawn = _chart_numbers(app) + played
    for tab in tables:
        df = tab.value
        if pd.api.types.is_numeric_dtype(df.iloc[:, 0]) and played:
            # a playback chart's table (or one beside it): x, then a column per series
            for col in df.columns[1:]:
                vals = df[col].to_numpy(dtype=np.float64)
                assert any(v.size == vals.size and np.allclose(v, vals, equal_nan=True)
                           for v in drawn), (entry.url_path, col, vals[:5])
            continue
        # the first series of this chart (a table without a series column: all of it)
        series = (df.iloc[:, 0] == df.iloc[0, 0]) if not pd.api.types.is_numeric_dtype(
            df.iloc[:, 0]) else pd.Series(True, index=df.index)
        col = [c for c in df.columns[1:] if pd.api.types.is_numeric_dtype(df[c])
               and df.loc[series, c].notna().any()][-1]
        vals = df.loc[series, col].to_numpy(dtype=np.float64)
        # (two traces may share a name, e.g. "T = 1" twice: the first trace leads the rows)
        assert any(0 < v.size <= vals.size and np.allclose(v, vals[:v.size], equal_nan=True,
                                                           atol=TEXT_ATOL)
                   for v in drawn), (entry.url_path, col, vals[:5])
