"""Small shared page pieces."""

from __future__ import annotations

import streamlit as st

from core.snippets import CodePanel


def code_panel(panel: CodePanel, title: str = "PyTorch code for these numbers") -> None:
    with st.expander(title, expanded=False):
        st.code(panel.code, language="python")
        st.caption("Output (computed by the app from the same values):")
        st.code(panel.output, language="text")
