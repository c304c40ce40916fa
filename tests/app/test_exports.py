"""Exports on every page: each chart saves a PNG under a readable name, each table has a CSV."""

import json

import pytest

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
