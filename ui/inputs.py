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
from core.overview.inputs import INPUTS as OVERVIEW
from core.photo.inputs import INPUTS as PHOTO
from core.sigmoid.inputs import INPUTS as SIGMOID
from core.softmax.inputs import INPUTS as SOFTMAX
from core.train.inputs import INPUTS as TRAIN

ALL: tuple[Input, ...] = check_unique(PHOTO + SIGMOID + SOFTMAX + LOSSES + TRAIN
                                         + OVERVIEW)
SYNCED = "__value"  # ui.widgets.synced_number keeps its value under "<key>__value"


def args(inp: Input, *, hi: float | None = None, none: bool | None = None) -> dict:
    """Keyword arguments for the widget of ``inp`` (``hi``: a tighter upper bound for this run,
    e.g. a count slider limited by how many classes there are; for an ``index``, the last
    position of this run's list, and ``none``: whether None is offered, by default when it is
    the declared default). A value the narrower range no longer has goes back to the default
    (or the range's end)."""
    ss = st.session_state
    ss.setdefault(inp.key, list(inp.default) if inp.kind == "choices" else inp.default)
    if inp.kind == "index":
        top = int(inp.hi if hi is None else min(inp.hi, hi))
        offer_none = inp.default is None if none is None else none
        options = [None] * offer_none + list(range(int(inp.lo), top + 1))
        # None stays when it is the default: "none picked" (a placeholder when not offered).
        if not (ss[inp.key] in options or ss[inp.key] is inp.default is None):
            fits = inp.default is None or inp.default in options
            ss[inp.key] = inp.default if fits else options[-1]
        return {"key": inp.key, "options": options}
    if inp.kind == "choices":
        return {"key": inp.key, "options": list(inp.options)}
    if inp.kind == "choice":
        return {"key": inp.key, "options": inp.options}
    if inp.kind == "bool":
        return {"key": inp.key}
    if inp.kind == "text":
        return {"key": inp.key, "max_chars": inp.name_limit}
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


AUTO = "inputs_started_by_page"  # key -> the value a page started a control at


def start(inp: Input, value: object) -> None:
    """Set a control whose starting value only the page knows (the leading class, a photo's
    target among the kept classes). A link leaves it out while it keeps that value."""
    st.session_state[inp.key] = value
    st.session_state.setdefault(AUTO, {})[inp.key] = value


LISTS = "inputs_list_of_index"  # key -> the list an index control's value points into


def index_for(inp: Input, items: tuple, first: int) -> bool:
    """An ``index`` control into a list only the page knows (``items``): kept while the list
    stays the same, started over at ``first`` when the list changes (another photo, a preset).
    A value that came with a link is kept for the list it came with. True when it started over.
    """
    ss = st.session_state
    seen = ss.setdefault(LISTS, {})
    fresh = ss.get(inp.key) is None or (inp.key in seen and seen[inp.key] != items)
    if fresh:
        start(inp, first)
    seen[inp.key] = items
    return fresh


def _as_page_started(inp: Input) -> bool:
    """The control holds what a page started it at (``start``), not a value someone chose."""
    ss = st.session_state
    auto = ss.setdefault(AUTO, {})
    return inp.key in ss and inp.key in auto and ss[inp.key] == auto[inp.key]


def _unchosen(inp: Input) -> bool:
    """Nobody chose this control's value: it is still the declared default, or what a page
    started it at (a value the learner or a link set is kept)."""
    return st.session_state.get(inp.key, inp.default) == inp.default or _as_page_started(inp)


def start_unchosen(inp: Input, value: object) -> None:
    """``start`` only while nobody chose the control's value (a live piece's grid control that
    starts where the page's numbers are, e.g. the leading class's lead)."""
    if _unchosen(inp):
        start(inp, value)


def start_untouched(inp: Input, value: object) -> None:
    """``start`` while the control has no value yet or still holds what a page started it at:
    a page's own starting value follows the page (e.g. a default name in the learner's
    language after a switch); anything the learner or a link set, even "", is kept."""
    if inp.key not in st.session_state or _as_page_started(inp):
        start(inp, value)


def linked_values() -> dict:
    """Every declared control's value in this session that a link should hold."""
    ss, auto = st.session_state, st.session_state.get(AUTO, {})
    return {p.key: ss[p.key] for p in ALL
            if p.key in ss and not (p.key in auto and auto[p.key] == ss[p.key])}


def keep_values(also: tuple[str, ...] = ()) -> None:
    """Call at the start of every whole-page run: every declared control (and the widgets keyed
    ``also``) keeps its value while its widget is not drawn (a closed "Go deeper" part, another
    page). Streamlit forgets the value of a widget that a run does not draw, unless the script
    itself set it. Setting it here also pins it across a language switch: a select sends back
    its option's shown words, which the new language no longer has (a sample "Coffee cup"
    came back as the sample key "Coffee cup" after ja → en)."""
    ss = st.session_state
    for key in (*(p.key for p in ALL), *also):
        if key in ss:
            ss[key] = ss[key]
