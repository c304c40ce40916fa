"""The end of every page: where the learner is in the lesson, the way on, and the page (and the
whole lesson) as a notebook."""

from __future__ import annotations

import streamlit as st

from ui import notebook, notebook_pages
from ui.i18n import t
from ui.nav import PAGES, PageEntry, position


def lesson_footer(entry: PageEntry) -> None:
    """"4 of 7 · next: Negative log likelihood →" as a link to the next page (the last page
    links back to the first)."""
    n, after = position(entry)
    st.divider()
    here, page_book, lesson_book = st.columns([2, 1, 1], vertical_alignment="center")
    notebook.download_buttons(page_book, lesson_book,  # this page's notebook, the lesson's
                              notebook_pages.all_panels())
    if after is not None:
        here.page_link(after.path, label=t("nav.next", n=n, total=len(PAGES),
                                         title=t(after.title_key)),
                     icon=":material/arrow_forward:")
    else:
        here.page_link(PAGES[0].path, label=t("nav.last", n=n, total=len(PAGES),
                                            title=t(PAGES[0].title_key)),
                     icon=":material/replay:")
