"""Shared input widgets.

``synced_number``: a slider for dragging and a text box for the exact value, kept in sync. The
text box goes through ``core.base.numbers.parse_number``: NaN, inf, 1e308, text or a value out of
range gets a message under the box and the last good value is kept (and returned).
"""

from __future__ import annotations

import streamlit as st

from core.base.numbers import NumberError, fmt_number, parse_number
from ui.i18n import msg, t


def _keys(key: str) -> tuple[str, str, str, str]:
    return f"{key}__value", f"{key}__slider", f"{key}__text", f"{key}__msg"


def _pending(key: str) -> str:
    return f"{key}__pending"  # the box's text, for when it is next drawn (commit_synced)


def _fmt(v: float) -> str:
    return fmt_number(v, 6, significant=True)


def set_synced(key: str, value: float, lo: float | None = None, hi: float | None = None) -> None:
    """Set a synced number from code (a preset, a button). Call it before the widget is drawn in
    this run, or from a callback. ``lo``/``hi``: the slider's range, to clamp the thumb."""
    vkey, skey, tkey, mkey = _keys(key)
    st.session_state.pop(_pending(key), None)
    st.session_state[vkey] = float(value)
    thumb = float(value) if lo is None or hi is None else min(max(float(value), lo), hi)
    st.session_state[skey] = thumb
    st.session_state[tkey] = _fmt(float(value))
    st.session_state[mkey] = None


def commit_synced(key: str, value: float, lo: float, hi: float) -> None:
    """``set_synced`` from a callback whose run does not draw the exact box (a live piece's
    commit that reruns the piece alone): the box takes the text when it is next drawn. Until
    then the browser's box still holds the old text and sends it back with every message;
    set now, that old text would differ from the box's state and count as typed, undoing the
    commit."""
    vkey, skey, _, mkey = _keys(key)
    st.session_state[vkey] = float(value)
    st.session_state[skey] = min(max(float(value), lo), hi)
    st.session_state[mkey] = None
    st.session_state[_pending(key)] = _fmt(float(value))


def _restore(key: str, default: float, s_lo: float, s_hi: float) -> None:
    """Set the value once; restore widget keys dropped when the page was left; give the box
    a committed value's text (``commit_synced``)."""
    vkey, skey, tkey, _ = _keys(key)
    if _pending(key) in st.session_state:
        st.session_state[tkey] = st.session_state.pop(_pending(key))
    if vkey not in st.session_state:
        set_synced(key, default, s_lo, s_hi)
    value = float(st.session_state[vkey])
    if skey not in st.session_state:
        st.session_state[skey] = min(max(value, s_lo), s_hi)
    if tkey not in st.session_state:
        st.session_state[tkey] = _fmt(value)


def _exact_box(container, label: str, key: str, lo: float, hi: float, s_lo: float, s_hi: float,
               what: str) -> None:
    vkey, skey, tkey, mkey = _keys(key)

    def on_text():
        try:
            parsed = parse_number(st.session_state[tkey], lo=lo, hi=hi, what=what)
        except NumberError as err:
            st.session_state[mkey] = ("error", err.args[0], _fmt(st.session_state[vkey]))
            return
        st.session_state[vkey] = parsed.value
        st.session_state[skey] = min(max(parsed.value, s_lo), s_hi)
        st.session_state[mkey] = ("info", parsed.note, "") if parsed.note else None

    container.text_input(t("widgets.exact", label=label), key=tkey, on_change=on_text,
                         help=t("widgets.exact_help", lo=f"{lo:g}", hi=f"{hi:g}"))


def _note(key: str) -> float:
    """The box's message (a refused text, or how "1,5" was read); returns the good value."""
    vkey, _, _, mkey = _keys(key)
    note = st.session_state.get(mkey)
    if note and note[0] == "error":
        st.error(t("widgets.kept", error=msg(note[1]), value=note[2]))
    elif note:
        st.caption(msg(note[1]))
    return float(st.session_state[vkey])


def synced_number(label: str, *, key: str, default: float, lo: float, hi: float,
                  slider_lo: float | None = None, slider_hi: float | None = None,
                  step: float = 0.01, help: str | None = None, what: str | None = None) -> float:
    """Draw slider + exact box; return the current good value. The exact box accepts [lo, hi];
    the slider spans [slider_lo, slider_hi] (default: the same) and clamps its thumb."""
    skey = _keys(key)[1]
    s_lo = lo if slider_lo is None else slider_lo
    s_hi = hi if slider_hi is None else slider_hi
    _restore(key, default, s_lo, s_hi)

    def on_slider():
        set_synced(key, st.session_state[skey])

    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    c1.slider(label, min_value=float(s_lo), max_value=float(s_hi), step=float(step), key=skey,
              on_change=on_slider, help=help)
    _exact_box(c2, label, key, lo, hi, s_lo, s_hi, what or label)
    return _note(key)


def exact_number(label: str, *, key: str, default: float, lo: float, hi: float,
                 slider_lo: float, slider_hi: float, what: str | None = None) -> float:
    """The exact box of a synced number whose slider is a live piece (ui/live): same keys, same
    checks, same messages as ``synced_number``; a piece commits with ``set_synced``."""
    _restore(key, default, slider_lo, slider_hi)
    _exact_box(st.container(), label, key, lo, hi, slider_lo, slider_hi, what or label)
    return _note(key)
