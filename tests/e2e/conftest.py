"""Browser tests: one `streamlit run` server per test session, Debian's Chromium via Playwright.

They never skip: without Chromium or Playwright they fail with the command that fixes it.
Screenshots go to test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import pytest

from tests.e2e.browser import ROOT, browser_page, streamlit_server

SHOTS = ROOT / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def server_url():
    with streamlit_server() as url:
        yield url


@pytest.fixture
def page():
    with browser_page() as p:
        yield p


@pytest.fixture
def shots_dir():
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
