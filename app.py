"""Logits Explorer: entry point. Page config, a shared link, the sidebar, and the page router."""

import streamlit as st

from core.base.threads import one_thread_runs
from ui import notebook, state
from ui.footer import lesson_footer
from ui.i18n import t
from ui.inputs import keep_values
from ui.nav import PAGE_STYLE, PAGES, entry_for_url
from ui.share import apply_link, render_link_messages, render_share_box, sync_link
from ui.sidebar import render_photo_messages, render_sidebar

one_thread_runs()  # small torch work: a second thread only makes it wait (core/base/threads.py)
st.set_page_config(page_title="Logits Explorer", page_icon="🧮", layout="wide")
st.html(PAGE_STYLE)  # style only: no element (ui/page.css says why)

apply_link()  # first run of a session: model, photo, logits, language from the URL
# what the learner set survives closed parts, other pages and a language switch
keep_values(also=(state.MODEL_KEY, state.KIND_KEY, state.SAMPLE_KEY))
pg = st.navigation([st.Page(p.path, title=t(p.title_key), icon=p.icon, url_path=p.url_path,
                            default=(i == 0)) for i, p in enumerate(PAGES)])
render_sidebar()
render_share_box()
render_link_messages()
render_photo_messages()
entry = entry_for_url(pg.url_path)
notebook.begin(entry.path)  # this page's code panels are noted
try:
    pg.run()
    lesson_footer(entry)  # "4 of 7 · next: …", and the notebooks
finally:  # the address bar (and the share box) hold what this run put on screen
    sync_link()
