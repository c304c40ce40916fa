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


# ------------------------------------------------ the pages/ workaround (ui/nav.py, last section)

def fresh_app():
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP_TIMEOUT, ROOT

    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT)


def test_streamlit_still_falls_back_to_the_pages_folder_mode(monkeypatch):
    """Without the workaround, run 2 runs the page file alone: no app.py, no sidebar. When a
    Streamlit upgrade stops doing that (or drops the private flag), this fails: then delete the
    last section of ui/nav.py, its call in ui.state.ensure_state and tests/conftest.py's
    keep_navigation_mode."""
    from streamlit.runtime.pages_manager import PagesManager

    import ui.nav

    assert hasattr(PagesManager, "uses_pages_directory"), (
        "Streamlit dropped PagesManager.uses_pages_directory: ui/nav.py's workaround is stale")
    monkeypatch.setattr(ui.nav, "leave_pages_folder_mode", lambda: False)
    at = fresh_app()
    at.run()
    assert not at.exception, at.exception
    assert "Model" in sidebar_labels(at)  # run 1 goes through app.py
    at.run()  # run 2 of the same (default) page
    assert not at.exception, at.exception
    assert PagesManager.uses_pages_directory is True and sidebar_labels(at) == [], (
        "Streamlit no longer falls back to the pages/-folder mode on run 2: remove the "
        "workaround (ui/nav.py's last section, ensure_router, conftest's keep_navigation_mode)")


def test_the_app_leaves_the_pages_folder_mode_by_itself():
    """The app's own half (ensure_router: leave the mode and rerun through app.py), without the
    fixture's help: runs 2 and 3 of a page still show the sidebar and that page."""
    from streamlit.runtime.pages_manager import PagesManager

    from core.base.i18n import tr

    at = fresh_app()
    at.run()
    for _ in range(2):
        at.run()
        assert not at.exception, at.exception
        assert "Model" in sidebar_labels(at)
        assert [t.value for t in at.title] == [tr("en", "intro.title")]
        assert PagesManager.uses_pages_directory is False
