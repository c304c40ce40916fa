"""The browser fixtures of tests/e2e (one `streamlit run` server, a Chromium page) for the
hostile browser gate."""

from tests.e2e.conftest import page, server_url, shots_dir  # noqa: F401
