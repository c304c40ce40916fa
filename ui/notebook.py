""""Download as a notebook": the page ends with two buttons, this page's notebook and the whole
lesson's. Each page's notebook is its outline (core.overview.outline: the lesson text in the
session's language) with the page's code panels in their places.

The panels come from two places: every full run gathers every page's panels from the session
(ui.notebook_pages: the current record, the inputs or their defaults), and every panel a page
draws is noted here (a fragment's rerun replaces its note in place). The page being drawn uses
its notes first, being newest; other pages use what was gathered first and their notes for the
panels only their own run makes (the labs). All of it lives in one plain object per session
(``Book``), so the buttons' deferred callables, which Streamlit runs on another thread when
clicked, read the newest panels without touching st.session_state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from core.base.code import CodePanel
from core.base.i18n import localize, tr
from core.base.notebook import Block, Download, download
from core.overview.outline import OUTLINES, Code, Formula, Item, Part, Text, code_slots
from ui.i18n import lang, t
from ui.nav import PAGES

BOOK_KEY = "notebook_book"
STEM = "logits-explorer"

Panels = dict[str, CodePanel]  # the key of what a panel prints -> the panel


@dataclass
class Book:
    lang: str = "en"
    page: str = ""  # the path of the page being drawn
    notes: dict[str, Panels] = field(default_factory=dict)  # path -> panels its run drew
    gathered: dict[str, Panels] = field(default_factory=dict)  # path -> panels from state

    def panels(self, path: str) -> Panels:
        noted, gathered = self.notes.get(path, {}), self.gathered.get(path, {})
        return {**gathered, **noted} if path == self.page else {**noted, **gathered}


def book() -> Book:
    return st.session_state.setdefault(BOOK_KEY, Book())


def begin(page_path: str) -> None:
    """A full run of ``page_path`` starts: its panels are noted afresh, in drawing order."""
    b = book()
    b.lang, b.page = lang(), page_path
    b.notes[page_path] = {}


def note(panel: CodePanel) -> None:
    """Note a panel the page drew (a fragment rerun replaces it in place)."""
    b = book()
    if b.page and panel.prints is not None:
        b.notes.setdefault(b.page, {})[panel.prints.key] = panel


def _stem(path: str) -> str:
    return Path(path).stem


def _blocks(lang_: str, items: tuple[Item, ...], panels: Panels) -> list[Block]:
    out: list[Block] = []
    for item in items:
        if isinstance(item, Text):
            mark = "#" * item.level + " " if item.level else ""
            out.append(Block(mark + tr(lang_, item.key)))
        elif isinstance(item, Formula):
            out.append(Block(f"$$\n{item.tex}\n$$"))
        elif isinstance(item, Code):
            panel = panels.get(item.prints_key)
            if panel is not None:
                what = localize(panel.prints, lang_)
                out.append(Block(tr(lang_, "panels.code_prints", what=what), panel))
        elif isinstance(item, Part):
            out.append(Block("## " + tr(lang_, item.title)))
            inner = _blocks(lang_, item.items, panels)
            slots = code_slots(item.items)
            if slots and not any(f"panels.prints_{s}" in panels for s in slots):
                inner.append(Block(tr(lang_, "panels.notebook_part_closed")))
            out += inner
    return out


def outline_blocks(lang_: str, stem: str, panels: Panels) -> list[Block]:
    """The page ``stem`` as notebook blocks: its lesson text with each panel in its place."""
    return _blocks(lang_, OUTLINES[stem], panels)


def page_blocks(b: Book, path: str) -> list[Block]:
    return outline_blocks(b.lang, _stem(path), b.panels(path))


def page_download(b: Book, path: str, as_zip: bool | None = None) -> Download:
    intro = Block(tr(b.lang, "panels.notebook_intro"))
    return download([intro, *page_blocks(b, path)], f"{STEM}-{_stem(path)}", as_zip)


def lesson_download(b: Book, as_zip: bool | None = None) -> Download:
    blocks = [Block(tr(b.lang, "panels.notebook_intro"))]
    for p in PAGES:
        blocks += page_blocks(b, p.path)
    return download(blocks, f"{STEM}-lesson", as_zip)


def download_buttons(c1, c2, gathered: dict[str, Panels]) -> None:
    """The two buttons at the end of the page being drawn, in the two containers given;
    ``gathered``: every page's panels from the session now (ui.notebook_pages)."""
    b = book()
    if not b.page:
        return
    b.gathered = gathered
    path = b.page
    has_files = any(p.files for p in b.panels(path).values())
    lesson_files = any(p.files for e in PAGES for p in b.panels(e.path).values())
    stem = _stem(path)
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
