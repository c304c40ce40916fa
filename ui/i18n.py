"""The interface language: a sidebar switch (and the ``lang`` link parameter); ``t(key)``."""

from __future__ import annotations

import streamlit as st

from core.base.i18n import DEFAULT_LANG, LANGS, localize, tr

LANG_KEY = "lang"


def lang() -> str:
    value = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def t(key: str, **params) -> str:
    return tr(lang(), key, **params)


def labeler(prefix: str):
    """A widget ``format_func`` giving the catalogue's ``prefix + option`` in the language of
    this run (bound now: Streamlit may call it later, outside the run)."""
    lg = lang()
    return lambda option: tr(lg, f"{prefix}{option}")


def msg(message) -> str:
    """A core message (``Msg``, or an exception carrying one) in the user's language."""
    return localize(message, lang())


def render_language_switch() -> None:
    if st.session_state.get(LANG_KEY) not in LANGS:
        st.session_state[LANG_KEY] = DEFAULT_LANG
    st.sidebar.radio("Language / 言語", list(LANGS), format_func=LANGS.get, key=LANG_KEY,
                     horizontal=True)
