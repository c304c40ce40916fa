"""Small shared page pieces: code panel, tables with a CSV download, charts with PNG export."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pandas.api.types import is_numeric_dtype

from core.base.code import CodePanel, run_panel
from core.base.export import csv_bytes, safe_filename
from core.base.figures import escaped_figure, figure_table
from core.base.record import class_label
from core.base.text import md_escape
from core.overview.inputs import OPEN_ALL, OPEN_PARTS, PARTS
from ui import notebook
from ui.i18n import lang, msg, t


def code_panel(panel: CodePanel, title: str | None = None) -> None:
    """The panel's self-contained code (st.code has a copy button) and, under it, what the app
    captured when it ran exactly that code; the page's notebook gets the same cells."""
    title = title or t("panels.code_title")
    with st.spinner(t("panels.code_running")):
        run = run_panel(panel)  # cached by the code's text: instant after the first time
    with st.expander(title, expanded=False):
        if panel.prints is not None:
            st.caption(t("panels.code_prints", what=msg(panel.prints)))
        st.code(panel.code, language="python")
        st.caption(t("panels.code_output"))
        st.code(run.output, language="text")
    notebook.note(panel)


def shown_names(df: pd.DataFrame) -> pd.DataFrame:
    """The "all other classes" column's data name (core.base.record.REST_NAME) in the page's
    language, wherever it sits: a header, the index or a cell. The CSV keeps the data."""
    def label(v):
        return class_label(v, lang()) if isinstance(v, str) else v

    out = df.map(label) if len(df.columns) else df.copy()
    if not is_numeric_dtype(out.index.dtype):
        out.index = out.index.map(label)
    if not is_numeric_dtype(out.columns.dtype):
        out.columns = out.columns.map(label)
    return out


def markdown_safe(df: pd.DataFrame) -> pd.DataFrame:
    """The table as st.table should show it: st.table renders text cells, the index and the
    headers as Markdown, so every text among them is escaped (core.base.text.md_escape); numbers
    and plain words are unchanged. The CSV keeps the raw values."""
    def esc(v):
        return md_escape(v) if isinstance(v, str) else v

    out = df.map(esc) if len(df.columns) else df.copy()
    # only text labels are touched: a number index stays the kind st.table shows as before
    if not is_numeric_dtype(out.index.dtype):
        out.index = out.index.map(esc)
    out.index = out.index.rename(esc(df.index.name))
    if not is_numeric_dtype(out.columns.dtype):
        out.columns = out.columns.map(esc)
    out.columns = out.columns.rename(esc(df.columns.name))
    return out


def table(df: pd.DataFrame, *, name: str, key: str, caption: str | None = None) -> None:
    """A static table (its text is in the DOM, unlike st.dataframe's canvas) and a CSV
    download of the same numbers. ``name`` becomes the file name; ``key`` must be unique."""
    st.table(markdown_safe(shown_names(df)))
    st.download_button("CSV", csv_bytes(df), file_name=safe_filename(name, ".csv"),
                       mime="text/csv", key=f"csv_{key}", icon=":material/download:",
                       help=t("panels.csv_help", name=name), width="content")
    if caption:
        st.caption(caption)


def chart(fig, *, name: str, key: str, data_table: bool = True) -> None:
    """A Plotly chart whose camera button saves a PNG named after the chart, with the same
    numbers as a table one click away (accessibility: a chart alone says nothing to a screen
    reader). ``data_table=False`` only where the numbers sit in a table right beside it."""
    st.plotly_chart(escaped_figure(fig), key=key, config={
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": safe_filename(name), "scale": 2},
    })
    if data_table:
        chart_numbers(lambda: figure_table(fig, lang=lang()), key=key)


def chart_numbers(make_table, *, key: str, hide_index: bool = True, csv_name: str | None = None,
                  label: str | None = None) -> None:
    """A chart's "Numbers in this chart" (a Plotly chart's, a live piece's): ``make_table()``
    is called, and its table drawn, only while the part is open: a closed table cost every run
    the server's time and the browser's (a grid per chart), for numbers few look at. Opening it
    reruns the page. With ``csv_name`` a CSV of them too; ``label`` names the chart where it is
    not right above."""
    box = st.expander(label or t("panels.chart_data"), icon=":material/table_view:",
                      key=f"{key}__open", on_change="rerun")
    if box.open:
        with box:
            df = make_table()
            st.dataframe(df, hide_index=hide_index, key=f"{key}__data")
            if csv_name:
                st.download_button("CSV", csv_bytes(df), file_name=safe_filename(csv_name, ".csv"),
                                   mime="text/csv", key=f"csv_{key}", icon=":material/download:",
                                   help=t("panels.csv_help", name=csv_name), width="content")


DEEPER = "deeper_"  # the session keys of the parts' open states


def deeper(title: str, part: str):
    """A "Go deeper" part of a page: closed by default, and its content computed only while it
    is open (opening it reruns the page). Returns the container to draw into, or None.
    What the learner set inside stays when it closes (ui.inputs.keep_values)."""
    if part not in PARTS:
        raise ValueError(f"undeclared part {part!r}: add it to core.overview.inputs.PARTS")
    ss, key = st.session_state, f"{DEEPER}{part}"
    opened = list(ss.get(OPEN_PARTS.key) or [])
    if ss.get(OPEN_ALL.key) or (key not in ss and part in opened):  # all, or from a link
        ss[key] = True
    box = st.expander(t("panels.deeper", title=title), icon=":material/expand_circle_down:",
                      key=key, on_change="rerun")
    if box.open != (part in opened):  # the link holds the parts that are open
        ss[OPEN_PARTS.key] = [*opened, part] if box.open else [p for p in opened if p != part]
    return box if box.open else None


def part_open(part: str) -> bool:
    """Whether the "Go deeper" part ``part`` was open when the page last drew it (a fragment
    asks before its rerun leaves the part's numbers behind)."""
    return bool(st.session_state.get(f"{DEEPER}{part}"))


def close_all_parts() -> None:
    """Callback of the sidebar's "open every part" switch: turned off, every part closes."""
    if not st.session_state.get(OPEN_ALL.key):
        for k in list(st.session_state.keys()):
            if str(k).startswith(DEEPER) and k not in (OPEN_ALL.key, OPEN_PARTS.key):
                st.session_state[k] = False
        st.session_state[OPEN_PARTS.key] = []


def agree(text: str) -> None:
    """A check that holds (the formula and torch agree; the article's numbers follow): one
    quiet line, not a green box. A check that fails stays a warning where it is made."""
    st.caption(f":green[:material/check_circle:] {text}")
