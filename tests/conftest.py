"""Shared fixtures. The AppTest fixture keeps st.navigation mode on every run: with a pages/
folder, AppTest otherwise runs the page file directly from the second run on, skipping app.py
and its sidebar (shared/PITFALLS.md; the workaround and why: ui/nav.py, its last section)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Hypothesis: every property and fuzz test draws the same examples on every run ("ci", the
# default: a red CI run is the code's fault, never the dice's). A random exploratory run:
#   HYPOTHESIS_PROFILE=explore .venv/bin/python -m pytest tests/hostile -q
# (a failure there prints the @reproduce_failure blob to keep it as an example).
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

APP_TIMEOUT = 120  # seconds; the first run loads torch, timm and the model


def keep_navigation_mode(monkeypatch) -> None:
    """Every AppTest run starts in st.navigation mode: the app's own workaround
    (ui.nav.leave_pages_folder_mode) is applied as soon as AppTest's PagesManager is made, so no
    run is cut short by the app's rerun out of the legacy mode, a run the test did not ask for."""
    from streamlit.runtime.pages_manager import PagesManager

    from ui.nav import leave_pages_folder_mode

    original_init = PagesManager.__init__

    def init_in_navigation_mode(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        leave_pages_folder_mode()

    monkeypatch.setattr(PagesManager, "__init__", init_in_navigation_mode)


@pytest.fixture
def make_app(monkeypatch):
    """Factory: an AppTest of app.py (optionally opened with URL query parameters), already run
    once, that stays in navigation mode. ``open_parts``: every "Go deeper" part open (the
    sidebar's switch), so a test sees each part's content; tests/app/test_lesson_path.py checks
    the lesson as it opens, with every part closed."""
    from streamlit.testing.v1 import AppTest

    from core.overview.inputs import OPEN_ALL

    keep_navigation_mode(monkeypatch)

    def make(query: dict | None = None, check: bool = True, open_parts: bool = True):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT)
        for k, v in (query or {}).items():
            at.query_params[k] = v
        if open_parts:
            at.session_state[OPEN_ALL.key] = True
        at.run()
        if check:
            assert not at.exception, at.exception
        return at

    return make


@pytest.fixture
def app(make_app):
    """A fresh AppTest of app.py, already run once, that stays in navigation mode."""
    return make_app()
