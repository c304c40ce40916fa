""""Download as a notebook": every code panel a page draws is noted here, and the page ends with
two buttons, this page's notebook and the whole lesson's (every page opened in this session).

The notes live in one plain object per session (``Book``), so the buttons' deferred callables,
which Streamlit runs on another thread when clicked, read the newest panels even after a
fragment rerun changed them, without touching st.session_state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from core.base.code import CodePanel
from core.base.i18n import localize, tr
from core.base.notebook import Block, Download, download
from ui.i18n import lang, t
from ui.nav import PAGES, title_key

BOOK_KEY = "notebook_book"
STEM = "logits-explorer"


@dataclass
class Book:
    lang: str = "en"
    page: str = ""  # the path of the page being drawn
    panels: dict[str, dict[str, tuple[str, CodePanel]]] = field(default_factory=dict)


def book() -> Book:
    return st.session_state.setdefault(BOOK_KEY, Book())


def begin(page_path: str) -> None:
    """A full run of ``page_path`` starts: its panels are noted afresh, in drawing order."""
    b = book()
    b.lang, b.page = lang(), page_path
    b.panels[page_path] = {}


def note(panel: CodePanel, title: str) -> None:
    """Note a panel the page drew (a fragment rerun replaces it in place)."""
    b = book()
    if b.page:
        slot = panel.prints.key if panel.prints is not None else title
        b.panels.setdefault(b.page, {})[slot] = (title, panel)


def page_blocks(b: Book, path: str, *, visited_note: bool = False) -> list[Block]:
    """A page as notebook blocks: its title and lead, then each panel under its heading."""
    stem = path.rsplit("/", 1)[-1].removesuffix(".py")
    head = f"# {tr(b.lang, title_key(path))}\n\n{tr(b.lang, stem_lead(stem))}"
    blocks = [Block(head)]
    panels = b.panels.get(path)
    if panels is None and visited_note:
        blocks.append(Block(tr(b.lang, "panels.notebook_not_visited")))
    for title, panel in (panels or {}).values():
        text = f"## {title}"
        if panel.prints is not None:
            text += "\n\n" + tr(b.lang, "panels.code_prints", what=localize(panel.prints, b.lang))
        blocks.append(Block(text, panel))
    return blocks


def stem_lead(stem: str) -> str:
    return {"introduction": "intro", "cross_entropy": "ce"}.get(stem, stem) + ".lead"


def page_download(b: Book, path: str, as_zip: bool | None = None) -> Download:
    stem = path.rsplit("/", 1)[-1].removesuffix(".py")
    intro = Block(tr(b.lang, "panels.notebook_intro"))
    return download([intro, *page_blocks(b, path)], f"{STEM}-{stem}", as_zip)


def lesson_download(b: Book, as_zip: bool | None = None) -> Download:
    blocks = [Block(tr(b.lang, "panels.notebook_intro"))]
    for p in PAGES:
        blocks += page_blocks(b, p.path, visited_note=True)
    return download(blocks, f"{STEM}-lesson", as_zip)


def download_buttons(c1, c2) -> None:
    """The two buttons at the end of the page being drawn, in the two containers given."""
    b = book()
    if not b.page:
        return
    path = b.page
    has_files = any(p.files for _, p in b.panels.get(path, {}).values())
    lesson_files = any(p.files for d in b.panels.values() for _, p in d.values())
    stem = path.rsplit("/", 1)[-1].removesuffix(".py")
    c1.download_button(
        t("panels.notebook"), lambda: page_download(b, path, has_files).data,
        file_name=f"{STEM}-{stem}.{'zip' if has_files else 'ipynb'}",
        mime="application/zip" if has_files else "application/x-ipynb+json",
        key="notebook_page", icon=":material/download:", on_click="ignore",
        help=t("panels.notebook_zip_help" if has_files else "panels.notebook_help"))
    c2.download_button(
        t("panels.lesson_notebook"), lambda: lesson_download(b, lesson_files).data,
        file_name=f"{STEM}-lesson.{'zip' if lesson_files else 'ipynb'}",
        mime="application/zip" if lesson_files else "application/x-ipynb+json",
        key="notebook_lesson", icon=":material/download:", on_click="ignore",
        help=t("panels.lesson_notebook_help"))
