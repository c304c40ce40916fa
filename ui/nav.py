"""Every page of the app, in article order. app.py builds st.navigation from this list and
pages link to each other through it (a link to a page not listed here is never drawn)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PageEntry:
    path: str
    title: str  # English; the sidebar shows the catalogue's nav.<name>
    icon: str
    url_path: str
    translated: bool = False  # every string from locales/ (tests/app/test_i18n.py checks it)

    @property
    def link(self) -> str:
        """The path to open this page in a browser: the first (default) page lives at "/", and
        Streamlit answers its url_path with "Page not found"."""
        return "" if self is _ALL[0] else self.url_path

    @property
    def title_key(self) -> str:
        return title_key(self.path)


_ALL = (
    PageEntry("pages/introduction.py", "Introduction", ":material/flag:", "introduction", True),
    PageEntry("pages/logits.py", "Logits", ":material/bar_chart:", "logits", True),
    PageEntry("pages/sigmoid.py", "Sigmoid", ":material/show_chart:", "sigmoid", True),
    PageEntry("pages/softmax.py", "Softmax", ":material/equalizer:", "softmax", True),
    PageEntry("pages/nll.py", "Negative log likelihood", ":material/target:", "nll", True),
    PageEntry("pages/cross_entropy.py", "Cross-entropy loss", ":material/functions:",
              "cross_entropy", True),
    PageEntry("pages/conclusion.py", "Conclusion", ":material/task_alt:", "conclusion", True),
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
