"""The Softmax page's hand-edited class list: where it starts from, how edits are checked, and
how they go back into the one "current logits" record (so the loss pages see them).

Session keys (all prefixed ``softmax_``): the last good working set (names, values), the record
it was loaded from or last written, the base record edits are applied to, and the last drag
commit Python applied (its ``seq``). Name and value boxes keep whatever the user typed; a bad
entry gets a message naming the class and the working set (so the chart) keeps its last good
values. Texts kept in the session (where the list came from, the messages) are ``Msg``s, shown in
the language of each run.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.base.i18n import Msg
from core.base.live import CommitError, commit_seq
from core.base.numbers import fmt_number
from core.base.record import LOGIT_LIMIT, LogitsRecord
from core.base.text import md_escape
from core.softmax import inputs as sm_inputs
from core.softmax.math import (
    MAX_CLASSES,
    MIN_CLASSES,
    PRESETS,
    ClassListError,
    breakdown,
    next_class_name,
    unique_names,
    validate_class_list,
)
from ui import state
from ui.i18n import lang, msg, t
from ui.inputs import args
from ui.live import commit_payload
from ui.live.softmax_drag import drag_chart
from ui.share import fragment, rerun_part

NAMES, VALUES, ORIGIN = "softmax_names", "softmax_values", "softmax_origin"
SYNCED, BASE, SEQ, ERRORS = "softmax_synced", "softmax_base", "softmax_seq", "softmax_errors"
DRAG = "softmax_drag"
COMMITS = "softmax_drag__commits"  # the chart's commits so far, refused ones too
DRAWN = "softmax_drag__drawn"  # how many of them the part around the chart was drawn after
BOXES = "softmax_drag__boxes"  # a commit's values for the exact boxes, until the part is drawn
EDITED = "softmax_edited_in_part"  # a drag or a box changed the list: the part's rerun
TOPK = sm_inputs.TOP_K.key


def _name_key(i: int) -> str:
    return f"softmax_name_{i}"


def _logit_key(i: int) -> str:
    return f"softmax_logit_{i}"


def _fmt(v: float) -> str:
    return fmt_number(v, 6, significant=True)


def _set_boxes(names, values) -> None:
    ss = st.session_state
    for i, (n, v) in enumerate(zip(names, values)):
        ss[_name_key(i)] = n
        ss[_logit_key(i)] = _fmt(v)
    for i in range(len(names), MAX_CLASSES + 1):
        ss.pop(_name_key(i), None)
        ss.pop(_logit_key(i), None)


def _describe(rec: LogitsRecord):
    return rec.detail or Msg("sources." + rec.source)


def _load(names, values, origin: Msg, base: LogitsRecord, synced: LogitsRecord) -> None:
    ss = st.session_state
    names = unique_names(names)
    ss[NAMES], ss[VALUES] = list(names), [float(v) for v in np.asarray(values, np.float32)]
    ss[ORIGIN], ss[BASE], ss[SYNCED], ss[ERRORS] = origin, base, synced, []
    _set_boxes(ss[NAMES], ss[VALUES])


def _start_set(rec: LogitsRecord) -> tuple[tuple, np.ndarray, Msg, LogitsRecord]:
    """Where the list starts from a record: itself when it has 2..20 classes, else its top-k
    and one class for all the others. Returns names, values, origin and the base record."""
    k = int(st.session_state.get(TOPK, sm_inputs.TOP_K.default))
    if MIN_CLASSES <= rec.num_classes <= MAX_CLASSES:
        origin = (Msg("softmax.origin_current", detail=_describe(rec)) if rec.values.ndim == 1
                  else Msg("softmax.origin_current_row", n=rec.values.shape[0],
                           detail=_describe(rec)))
        return rec.class_names, rec.row, origin, rec
    src = rec if rec.num_classes > MAX_CLASSES else state.photo_record(state.current_photo())
    top = src.top_k(k, rest=True)
    return top.class_names, top.values, Msg("softmax.origin_top", k=k, detail=_describe(src)), top


def _load_record(rec: LogitsRecord) -> None:
    """Start from a record (not written back until the user edits)."""
    names, values, origin, base = _start_set(rec)
    _load(names, values, origin, base, rec)


def sync() -> None:
    """Reload the working set when the current record changed elsewhere (another page, a new
    photo); call at the top of the page, before any widget of the list is drawn."""
    ss = st.session_state
    rec = state.current_record()
    if ss.get(SYNCED) is not rec or NAMES not in ss:
        _load_record(rec)
    else:  # widget keys are dropped when the page is left: restore them
        for i, (n, v) in enumerate(zip(ss[NAMES], ss[VALUES])):
            ss.setdefault(_name_key(i), n)
            ss.setdefault(_logit_key(i), _fmt(v))


def working_set() -> tuple[tuple[str, ...], np.ndarray]:
    ss = st.session_state
    return tuple(ss[NAMES]), np.asarray(ss[VALUES], dtype=np.float32)


def current_set() -> tuple[tuple[str, ...], np.ndarray]:
    """The list the page works on now, without drawing it: the working set while it follows
    the current record, else where ``sync`` would start it (session state is left as it is)."""
    ss = st.session_state
    rec = state.current_record()
    if ss.get(SYNCED) is rec and NAMES in ss:
        return working_set()
    names, values = _start_set(rec)[:2]
    return tuple(unique_names(names)), np.asarray(values, dtype=np.float32)


def _write(names, values) -> None:
    """Put the edited list back as the current logits (a batch keeps its other rows)."""
    ss = st.session_state
    base: LogitsRecord = ss[BASE]
    names, values = tuple(names), np.asarray(values, dtype=np.float32)
    new_names = None if names == base.class_names else names
    if base.num_classes == values.size and base.values.ndim == 2:
        batch = np.array(base.values, dtype=np.float32)
        batch[0] = values
        rec = base.with_values(batch, new_names)
    elif base.num_classes == values.size:
        rec = base.with_values(values, new_names)
    else:
        rec = LogitsRecord(values=values, class_names=names, source="hand-edited",
                           detail=Msg("softmax.detail_edited"))
    state.set_record(rec)
    ss[NAMES], ss[VALUES], ss[BASE], ss[SYNCED], ss[ERRORS] = (
        list(names), [float(v) for v in values], rec, rec, [])


def edited_in_part() -> bool:
    """Whether the last change came from the list's own part (its drag chart or its boxes),
    whose rerun is then only that part's; asked once (the answer is used up)."""
    return bool(st.session_state.pop(EDITED, False))


def _apply_boxes() -> None:
    """Callback of every name/value box: check the whole list, keep it only if all is good."""
    ss = st.session_state
    ss[EDITED] = True
    n = len(ss[NAMES])
    names = [ss.get(_name_key(i), "") for i in range(n)]
    texts = [ss.get(_logit_key(i), "") for i in range(n)]
    try:
        good_names, values = validate_class_list(names, texts)
    except ClassListError as err:
        ss[ERRORS] = err.messages
        return
    _write(good_names, values)


def _drag_values(payload) -> tuple[list, list[str]]:
    """(values, names) of a drag commit; CommitError for a payload of the wrong shape or with a
    value that is not a number (NaN and inf arrive as null, text is not a number here)."""
    values, names = payload.get("values"), payload.get("names")
    if not isinstance(values, list) or not isinstance(names, list):
        raise CommitError(Msg("live.not_a_list"))
    for k, v in enumerate(values, start=1):
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            raise CommitError(Msg("live.not_a_number", got=repr(v)[:60],
                                  what=Msg("softmax_msgs.what_logit", k=k)))
    return values, [str(n) for n in names]


def _on_drag() -> None:
    payload = commit_payload(DRAG)
    if payload is None:
        return
    ss = st.session_state
    ss[EDITED] = True
    ss[COMMITS] = int(ss.get(COMMITS, 0)) + 1  # refused or not: the part shows what came of it
    try:
        # the browser counts this commit whatever it holds: Python must count it too, or the
        # chart would wait for ever for data that has seen it
        ss[SEQ] = max(int(ss.get(SEQ, 0)), commit_seq(payload))
        values, names = _drag_values(payload)
    except CommitError as err:
        ss[ERRORS] = [err.args[0]]
        return
    if names != list(ss[NAMES]):
        return  # the class list changed (a preset, a rename) while the browser sent an old one
    if len(values) != len(names):
        ss[ERRORS] = [Msg("live.wrong_length", got=len(values), n=len(names))]
        return
    try:
        names, good = validate_class_list(ss[NAMES], values)
    except ClassListError as err:
        ss[ERRORS] = err.messages
        return
    _write(names, good)
    # the exact boxes are the part's: they take the new values when it is drawn (part_drawn).
    # Set now, the browser's boxes (still the old values until then) would send their old
    # text back with the chart's next message, as if typed.
    ss[BOXES] = [_fmt(v) for v in good]


def _resize(delta: int) -> None:
    ss = st.session_state
    names, values = list(ss[NAMES]), list(ss[VALUES])
    if delta > 0 and len(names) < MAX_CLASSES:
        names = [*names, next_class_name(names)]
        values.append(float(min(values)) - 1.0)
    elif delta < 0 and len(names) > MIN_CLASSES:
        names, values = names[:-1], values[:-1]
    else:
        return
    _write(names, values)
    _set_boxes(names, values)


def _preset(key: str) -> None:
    p = PRESETS[key]
    rec = LogitsRecord(values=np.asarray(p.logits, np.float32), class_names=p.names,
                       source="preset", detail=p.detail)
    state.set_record(rec)
    _load(p.names, p.logits, p.title, rec, rec)


def _photo_top_k() -> None:
    photo = state.photo_record(state.current_photo())
    k = int(st.session_state.get(TOPK, sm_inputs.TOP_K.default))
    top = photo.top_k(k, rest=True)
    state.set_record(top)
    _load(top.class_names, top.values, Msg("softmax.origin_top", k=k, detail=_describe(photo)),
          top, top)


def source_controls() -> None:
    """Presets, the photo's top-k, and the class count."""
    c1, c2, c3 = st.columns([2, 2, 3], vertical_alignment="bottom")
    with c1:
        st.slider(t("softmax.topk_label"), **args(sm_inputs.TOP_K))
        st.button(t("softmax.topk_button"), key="softmax_load_topk", on_click=_photo_top_k,
                  icon=":material/photo_camera:", width="stretch")
    with c2:
        for key, p in PRESETS.items():
            st.button(msg(p.title), key=f"softmax_preset_{key}", on_click=_preset, args=(key,),
                      icon=":material/menu_book:", width="stretch")
    with c3:
        n = len(st.session_state[NAMES])
        a, b = st.columns(2)
        a.button(t("softmax.add_class"), key="softmax_add", on_click=_resize, args=(1,),
                 icon=":material/add:", disabled=n >= MAX_CLASSES, width="stretch")
        b.button(t("softmax.remove_class"), key="softmax_remove", on_click=_resize, args=(-1,),
                 icon=":material/remove:", disabled=n <= MIN_CLASSES, width="stretch")
        st.caption(t("softmax.count_caption", n=n, lo=MIN_CLASSES, hi=MAX_CLASSES,
                     origin=md_escape(msg(st.session_state[ORIGIN]))))


def part_drawn() -> None:
    """The part around the chart (its steps, tables, code, exact boxes) is being drawn for every
    commit so far: call at the start of that part's run, before its boxes."""
    ss = st.session_state
    ss[DRAWN] = int(ss.get(COMMITS, 0))
    for i, text in enumerate(ss.pop(BOXES, None) or []):
        ss[_logit_key(i)] = text


@fragment
def drag(part: str) -> None:
    """The chart that follows the thumbs (see ui/live/softmax_drag.py), a fragment of its own:
    a commit reruns the chart alone, with torch's probabilities for the new list at once. Its
    data then say that the part around it (``part``: that fragment's key) is still the old
    list's, and once the browser has painted the chart it asks for the part (``_on_shown``):
    the chart is not kept waiting while the browser draws the part's tables."""
    ss = st.session_state
    names, values = working_set()
    commits = int(ss.get(COMMITS, 0))
    drag_chart(names, values, breakdown(values).probs, key=DRAG, seq=int(ss.get(SEQ, 0)),
               on_commit=_on_drag, lang=lang(), settle=commits if commits != ss.get(DRAWN) else 0,
               on_shown=lambda: _on_shown(part))


def _on_shown(part: str) -> None:
    """The browser has painted the chart's torch numbers for a commit: now the part around
    it, unless it has drawn that commit already."""
    if int(st.session_state.get(COMMITS, 0)) != st.session_state.get(DRAWN):
        rerun_part(part)


def exact_boxes() -> None:
    """A name box and an exact logit box per class; messages for bad entries right below."""
    n = len(st.session_state[NAMES])
    cols = st.columns(min(n, 5))
    for i in range(n):
        with cols[i % len(cols)]:
            st.text_input(t("softmax.name_box", k=i + 1), key=_name_key(i),
                          on_change=_apply_boxes, max_chars=60)
            st.text_input(t("softmax.logit_box", k=i + 1), key=_logit_key(i),
                          on_change=_apply_boxes,
                          help=t("softmax.logit_box_help", limit=f"{LOGIT_LIMIT:g}"))


def messages() -> None:
    """One message per bad entry, each naming its class (shown right under the boxes)."""
    errors = st.session_state.get(ERRORS, [])
    for message in errors:
        st.error(msg(message), icon=":material/error:")
    if errors:
        st.caption(t("softmax.errors_caption"))
