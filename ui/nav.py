"""Every page of the app, in article order. app.py builds st.navigation from this list and
pages link to each other through it (a link to a page not listed here is never drawn)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The page-wide rules (ui/page.css), read once: app.py sends them on every run, as style only
PAGE_STYLE = f"<style>{Path(__file__).with_name('page.css').read_text(encoding='utf-8')}</style>"


@dataclass(frozen=True)
class PageEntry:
    path: str
    title: str  # English; the sidebar shows the catalogue's nav.<name>
    icon: str
    url_path: str

    @property
    def link(self) -> str:
        """The path to open this page in a browser: the first (default) page lives at "/", and
        Streamlit answers its url_path with "Page not found"."""
        return "" if self is _ALL[0] else self.url_path

    @property
    def title_key(self) -> str:
        return title_key(self.path)


_ALL = (
    PageEntry("pages/introduction.py", "Introduction", ":material/flag:", "introduction"),
    PageEntry("pages/logits.py", "Logits", ":material/bar_chart:", "logits"),
    PageEntry("pages/sigmoid.py", "Sigmoid", ":material/show_chart:", "sigmoid"),
    PageEntry("pages/softmax.py", "Softmax", ":material/equalizer:", "softmax"),
    PageEntry("pages/nll.py", "Negative log likelihood", ":material/target:", "nll"),
    PageEntry("pages/cross_entropy.py", "Cross-entropy loss", ":material/functions:",
              "cross_entropy"),
    PageEntry("pages/train.py", "Train it", ":material/model_training:", "train"),
    PageEntry("pages/conclusion.py", "Conclusion", ":material/task_alt:", "conclusion"),
)
# Article order; a section whose page file is not written yet is simply not offered.
# Each url_path is its file's stem: the first request to a fresh server is resolved by
# Streamlit's pages/-folder mode, which knows pages only by file name (a link to
# /cross-entropy would say "Page not found" there; tests/e2e/test_app_e2e.py checks every page).
PAGES = tuple(p for p in _ALL if (ROOT / p.path).exists())


def title_key(path: str) -> str:
    return "nav." + Path(path).stem


def entry_for_url(url_path: str) -> PageEntry:
    """The entry of the page being shown (the default page has an empty url path)."""
    return next((p for p in PAGES if p.url_path == url_path), PAGES[0])


def has(path: str) -> bool:
    return any(p.path == path for p in PAGES)


def position(entry: PageEntry) -> tuple[int, PageEntry | None]:
    """(1-based place of this page in the lesson, the next page or None at the end)."""
    i = PAGES.index(entry)
    return i + 1, PAGES[i + 1] if i + 1 < len(PAGES) else None


# ---------------------------------------------------------------- pages/ and st.navigation
# The project keeps its pages in a folder named pages/, and Streamlit (1.67) still carries its
# legacy "pages/-folder mode" for that name: the first PagesManager of a process sets the
# private class flag ``PagesManager.uses_pages_directory`` to True when pages/ sits next to the
# entry file, and while it is True the script runner runs the requested page file by itself,
# without app.py (no router, no sidebar, no shared link). ``st.navigation`` sets the flag back
# to False, but only once app.py runs, which that mode skips for a deep link (the first request
# to a fresh server) and, in AppTest, for every run after the first (AppTest resets the flag
# before each run). This is the one place that knows the flag: the app leaves the mode through
# ``ensure_router`` (called by ui.state.ensure_state, before a page draws anything of its own),
# tests/conftest.py's AppTest fixture through ``leave_pages_folder_mode``.
# tests/app/test_navigation.py fails when a Streamlit upgrade removes the flag or stops
# falling back, and then says to delete this section.


def leave_pages_folder_mode() -> bool:
    """Switch Streamlit's legacy pages/-folder mode off; True when it was on."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:  # AttributeError if an upgrade removed the flag
        PagesManager.uses_pages_directory = False
        return True
    return False


def ensure_router() -> None:
    """A page run by the legacy mode leaves it and reruns, this time through app.py."""
    import streamlit as st

    if leave_pages_folder_mode():
        st.rerun()
