"""Shared fixtures. The AppTest fixture keeps st.navigation mode on every run (see
shared/PITFALLS.md: with a pages/ folder, AppTest otherwise runs the page file directly from the
second run on, skipping app.py and its sidebar)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

APP_TIMEOUT = 120  # seconds; the first run loads torch, timm and the model


@pytest.fixture
def make_app(monkeypatch):
    """Factory: an AppTest of app.py (optionally opened with URL query parameters), already run
    once, that stays in navigation mode."""
    from streamlit.runtime import pages_manager
    from streamlit.testing.v1 import AppTest

    original_init = pages_manager.PagesManager.__init__

    def init_without_pages_dir(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        pages_manager.PagesManager.uses_pages_directory = False

    monkeypatch.setattr(pages_manager.PagesManager, "__init__", init_without_pages_dir)

    def make(query: dict | None = None, check: bool = True):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT)
        for k, v in (query or {}).items():
            at.query_params[k] = v
        at.run()
        if check:
            assert not at.exception, at.exception
        return at

    return make


@pytest.fixture
def app(make_app):
    """A fresh AppTest of app.py, already run once, that stays in navigation mode."""
    return make_app()
