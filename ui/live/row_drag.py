"""The loss pages' "drag one row" (ui/live/row_drag.js): pick a row of the page's labelled batch
and drag its logits, one thumb per class; the row's softmax, p(target), −log p(target) and the
batch's mean loss follow in the browser (ui/live/math.js). On release the row is checked
(core.base.live), written into the batch and the current-logits record (as the batch editor
writes an edit), and every table of the page is computed again by torch."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.base.i18n import Msg, translator
from core.base.live import CommitError, commit_index, commit_numbers, commit_seq
from core.base.record import LOGIT_LIMIT
from core.base.text import plain
from core.losses.batch import Batch, BatchError, validate_batch
from core.losses.live import row_drag_data
from ui import state
from ui.i18n import lang, msg, t
from ui.live import colors, commit_payload, piece
from ui.live.softmax_drag import thumb_range
from ui.panels import deeper
from ui.share import fragment, rerun_part

_component = piece("row_drag", "lxr-root")


def labels(lg: str) -> dict:
    """The piece's words in ``lg`` (``thumb_aria`` keeps ``{name}``: the browser fills it in)."""
    tr = translator(lg)
    return {"row_pick": tr("live.row_pick"), "p_target": tr("live.row_p_target"),
            "nll": tr("live.row_nll"), "mean": tr("live.row_mean"),
            "target": tr("live.row_target"), "thumb_aria": tr("softmax.drag_aria"),
            "torch": tr("live.torch"), "browser": tr("live.browser")}


def _keys(prefix: str) -> tuple[str, str, str, str, str]:
    k = f"{prefix}_row_drag"
    return k, f"{k}__seq", f"{k}__msg", f"{k}__batch", f"{k}__row"


def _drawn_key(prefix: str) -> str:
    return f"{prefix}_row_drag__drawn"  # the batch the page's tables were last drawn for


def _on_commit(prefix: str, page: str) -> None:
    """A thumb was released: check the payload, write the row into the batch and the record.
    A refused payload leaves a message and changes nothing."""
    ss = st.session_state
    key, seq_key, msg_key, batch_key, row_key = _keys(prefix)
    payload, batch = commit_payload(key), ss.get(batch_key)
    if payload is None or batch is None:
        return
    try:
        ss[seq_key] = max(int(ss.get(seq_key, 0)), commit_seq(payload))
        row = commit_index(payload, "row", size=batch.num_rows, what=Msg("live.what_row"))
        values = commit_numbers(payload, "values", size=batch.num_classes, lo=-LOGIT_LIMIT,
                                hi=LOGIT_LIMIT,
                                what=lambda k: Msg("softmax_msgs.what_logit", k=k))
    except CommitError as err:
        ss[msg_key] = err.args[0]
        return
    if payload.get("names") != list(batch.class_names):
        return  # the batch changed (another edit, a preset) while the browser sent an old one
    logits = batch.logits.copy()
    logits[row] = np.asarray(values, dtype=np.float32)
    try:
        new = validate_batch(logits.tolist(), [int(v) for v in batch.targets],
                             batch.class_names)
    except BatchError as err:
        ss[msg_key] = err.lines[0] if err.lines else Msg("live.not_a_list")
        return
    ss[msg_key], ss[row_key], ss[batch_key] = None, row, new  # the piece's rerun draws it
    state.set_record(new.to_record("hand-edited", Msg("batch.edited_detail", page=Msg(page))))


def row_drag(prefix: str, batch: Batch, page: str, lesson: str) -> None:
    """Draw the piece for ``batch`` (the page's batch, under its batch editor). ``prefix``:
    the page's ("nll", "ce"); ``page``: the catalogue key of its name, for the record;
    ``lesson``: the key of the page's fragment that draws the tables from the batch.

    The piece is a fragment of its own: a commit reruns it alone (torch's numbers for the new
    row, at once). Its data then say that the lesson's tables are behind (``settle``), and
    once the browser has painted the piece it asks for the lesson (its "shown" trigger,
    ``_on_shown``): the piece is not kept waiting while the browser draws the tables."""
    ss = st.session_state
    ss[_keys(prefix)[3]] = ss[_drawn_key(prefix)] = batch
    box = deeper(t("live.row_header"), f"{prefix}_row_drag")  # a "Go deeper" part: computed
    if box is None:  # only while open
        return
    box.caption(t("live.row_caption"))
    with box:
        _piece(prefix, page, lesson)


@fragment
def _piece(prefix: str, page: str, lesson: str) -> None:
    ss = st.session_state
    key, seq_key, msg_key, batch_key, row_key = _keys(prefix)
    batch: Batch = ss[batch_key]  # the lesson's, or the one a commit has just written
    lg = lang()
    lo, hi = thumb_range(batch.logits)
    names = [plain(n) for n in batch.class_names]
    rows = [t("live.row_option", n=i + 1, name=names[int(y)])
            for i, y in enumerate(batch.targets)]
    data = {**row_drag_data(batch), "names": [str(n) for n in batch.class_names],
            "shown": names, "rows": rows, "row": min(int(ss.get(row_key, 0)), batch.num_rows - 1),
            "lo": lo, "hi": hi, "step": 0.01, "seq": int(ss.get(seq_key, 0)),
            "colors": colors(), "labels": labels(lg)}
    # after a commit the tables are still the old batch's: the browser asks for them
    data["settle"] = data["seq"] if _tables_behind(prefix) else 0
    _component(key=key, data=data, on_commit_change=lambda: _on_commit(prefix, page),
               on_shown_change=lambda: _on_shown(prefix, lesson))
    if ss.get(msg_key):
        st.error(msg(ss[msg_key]), icon=":material/error:")


def _on_shown(prefix: str, lesson: str) -> None:
    """The browser has painted the piece's numbers for a committed row: now the lesson's
    tables, charts and code, from the same batch (if it still differs from theirs)."""
    if _tables_behind(prefix):
        rerun_part(lesson)


def _tables_behind(prefix: str) -> bool:
    """Whether the piece's batch (a commit's) is not the one the lesson's tables were drawn
    for."""
    ss = st.session_state
    return ss.get(_keys(prefix)[3]) is not ss.get(_drawn_key(prefix))
