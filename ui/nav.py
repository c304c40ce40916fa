"""Every page of the app, in article order. app.py builds st.navigation from this list and
pages link to each other through it (a link to a page not listed here is never drawn)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    path: str
    title: str
    icon: str
    url_path: str


PAGES = (
    PageEntry("pages/introduction.py", "Introduction", ":material/flag:", "introduction"),
    PageEntry("pages/logits.py", "Logits", ":material/bar_chart:", "logits"),
)


def has(path: str) -> bool:
    return any(p.path == path for p in PAGES)
