"""Widgets from the declarations of core/<topic>/inputs.py (core.base.inputs.Input).

``args(inp)`` gives a widget its key, range and options from the declaration and sets the
declared default once per session (never with ``value=`` beside a key: Streamlit would warn
that the value was also set through Session State). The share link reads and writes the same
declarations (``ALL``), so every declared control is in the link.
"""

from __future__ import annotations

import streamlit as st

from core.base.inputs import Input, check_unique
from core.losses.inputs import INPUTS as LOSSES
from core.photo.inputs import INPUTS as PHOTO
from core.sigmoid.inputs import INPUTS as SIGMOID
from core.softmax.inputs import INPUTS as SOFTMAX

ALL: tuple[Input, ...] = check_unique(PHOTO + SIGMOID + SOFTMAX + LOSSES)
SYNCED = "__value"  # ui.widgets.synced_number keeps its value under "<key>__value"


def args(inp: Input, *, hi: float | None = None) -> dict:
    """Keyword arguments for the widget of ``inp`` (``hi``: a tighter upper bound for this run,
    e.g. a count slider limited by how many classes there are)."""
    st.session_state.setdefault(inp.key, inp.default)
    if inp.kind == "choice":
        return {"key": inp.key, "options": inp.options}
    if inp.kind == "bool":
        return {"key": inp.key}
    if inp.options:  # a select-slider over a grid
        return {"key": inp.key, "options": list(inp.options)}
    top = inp.hi if hi is None else min(inp.hi, hi)
    if inp.kind == "int":
        if st.session_state[inp.key] > top:
            st.session_state[inp.key] = int(top)
        return {"key": inp.key, "min_value": int(inp.lo), "max_value": int(top)}
    return {"key": inp.key, "min_value": float(inp.lo), "max_value": float(top)}


def synced(inp: Input) -> dict:
    """Keyword arguments for ``ui.widgets.synced_number`` of a number declared under its
    ``<key>__value``: key, default and range."""
    if not inp.key.endswith(SYNCED):
        raise ValueError(f"{inp.key} is not a synced number's value key")
    return {"key": inp.key[: -len(SYNCED)], "default": float(inp.default),
            "lo": float(inp.lo), "hi": float(inp.hi)}
