"""Every page is reached through st.navigation, renders without exception, and keeps the
shared sidebar on every run (the AppTest + pages/ pitfall)."""

import pytest

from ui.nav import PAGES


def sidebar_labels(at):
    return [w.label for w in at.sidebar.selectbox]


@pytest.mark.parametrize("entry", PAGES, ids=[p.title for p in PAGES])
def test_each_page_renders_with_sidebar(app, entry):
    app.switch_page(entry.path).run()
    assert not app.exception, app.exception
    assert "Model" in sidebar_labels(app)
    assert app.title[0].value  # every page has a title
    app.run()  # a second run must still go through app.py
    assert not app.exception, app.exception
    assert "Model" in sidebar_labels(app)


def test_every_url_path_is_its_file_stem():
    """A fresh server resolves its first deep link by file name (see ui/nav.py)."""
    from pathlib import Path

    from ui.nav import _ALL

    assert [p.url_path for p in _ALL] == [Path(p.path).stem for p in _ALL]
