"""The labelled batch both loss pages start from: rows of logits and a target class per row.

The batch IS the "current logits" record (values (N, C) and one target per row). When the
record is not a batch (a photo's 1000 logits, one hand-edited row), the user starts from the
record's top-k as a one-row batch or from the article's bears batch. Edits go through
core.losses.batch.validate_batch: a bad cell gives one message naming its row and column, and
the last good batch is kept (and is what the page computes on).

Editors are keyed by a version number, which moves on only when the table must be drawn afresh
(see labelled_batch).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.article.bears import article_batch
from core.base.i18n import Msg
from core.base.record import class_label
from core.base.text import quote
from core.losses import inputs
from core.losses.batch import (
    MAX_CLASSES,
    MAX_NAME_CHARS,
    MAX_ROWS,
    MIN_CLASSES,
    TARGET_COLUMN,
    Batch,
    BatchError,
    batch_from_record,
    top_k_batch,
    validate_batch,
    validate_class_names,
)
from core.losses.tables import batch_frame
from ui import state
from ui.i18n import lang, msg, t
from ui.inputs import args
from ui.panels import table

NAME_COLUMN = "class name"  # the column's id (edits are keyed by it); its header is translated
ARTICLE_DETAIL = Msg("batch.article_detail")


def _key(prefix: str, what: str) -> str:
    return f"{prefix}_batch_{what}"


def editor_keys(prefix: str) -> tuple[str, str]:
    """The current (class-names editor, logits editor) widget keys; tests drive them."""
    v = st.session_state.get(_key(prefix, "version"), 0)
    return f"{prefix}_names_v{v}", f"{prefix}_logits_v{v}"


def _cell_column(j: int) -> str:
    return f"c{j}"  # column ids stay positional: a class may be called anything, even "target"


def load_article_batch() -> None:
    state.set_record(article_batch().to_record("preset", ARTICLE_DETAIL))


def load_article_batch_for(prefix: str) -> None:
    st.session_state[inputs.FROM_PHOTO[prefix].key] = False
    load_article_batch()


def back_to_photo(prefix: str) -> None:
    st.session_state[inputs.FROM_PHOTO[prefix].key] = True
    state.set_record(state.photo_record(state.current_photo()))


def _start_from(prefix: str, record) -> tuple[Batch, tuple]:
    """The record is not a batch: offer its top-k as one row with a target picker (the preset
    button offers the article's batch). Nothing is written to the record until the user edits
    or presses a button."""
    shape = (t("batch.shape_1d", c=record.num_classes) if record.values.ndim == 1 else
             t("batch.shape_2d", n=record.values.shape[0], c=record.num_classes))
    source = t(f"sources.{record.source}")
    origin = f"{source}: {msg(record.detail)}" if record.detail else source
    st.info(t("batch.not_batch", shape=shape, origin=origin, lo=MIN_CLASSES, hi=MAX_CLASSES),
            icon=":material/info:")
    if record.num_classes < MIN_CLASSES:
        return article_batch(), ("article",)
    most = min(MAX_CLASSES - 1, record.num_classes)  # + 1 column for the classes left out
    c1, c2 = st.columns(2)
    k = c1.slider(t("batch.k"), **args(inputs.BATCH_K[prefix], hi=most))
    top = record.top_k(k)
    target = c2.selectbox(t("batch.target_pick"), **args(inputs.BATCH_TARGET[prefix], hi=k - 1),
                          format_func=lambda i: top.class_names[i])
    try:
        return top_k_batch(record, k, target), ("topk", k, target)
    except BatchError as e:  # e.g. a hand-edited row outside the accepted range
        st.error(t("batch.cannot_start", error=e.text(lang())), icon=":material/error:")
        return article_batch(), ("article",)


def _editor_frames(batch: Batch) -> tuple[pd.DataFrame, pd.DataFrame]:
    names = pd.DataFrame({NAME_COLUMN: list(batch.class_names)},
                         index=pd.RangeIndex(batch.num_classes, name=t("batch.col_class")))
    cells = {_cell_column(j): batch.logits[:, j].astype("float64")
             for j in range(batch.num_classes)}
    cells[TARGET_COLUMN] = list(batch.target_names)
    logits = pd.DataFrame(cells, index=pd.RangeIndex(1, batch.num_rows + 1,
                                                     name=t("batch.col_row")))
    return names, logits


def _draw_editors(prefix: str, base: Batch) -> tuple[pd.DataFrame, pd.DataFrame]:
    names_df, logits_df = _editor_frames(base)
    names_key, logits_key = editor_keys(prefix)
    left, right = st.columns([1, 3])
    with left:
        st.caption(t("batch.names_caption", lo=MIN_CLASSES, hi=MAX_CLASSES))
        names = st.data_editor(
            names_df, key=names_key, num_rows="dynamic", width="stretch", hide_index=False,
            column_config={NAME_COLUMN: st.column_config.TextColumn(
                t("batch.col_name"), max_chars=MAX_NAME_CHARS, required=True)})
    with right:
        st.caption(t("batch.logits_caption", hi=MAX_ROWS))
        config = {_cell_column(j): st.column_config.NumberColumn(class_label(name, lang()),
                                                                 format="%.4f")
                  for j, name in enumerate(base.class_names)}
        config[TARGET_COLUMN] = st.column_config.SelectboxColumn(
            t("batch.col_target"), options=list(base.class_names), required=True,
            help=t("batch.target_help"))
        edited = st.data_editor(logits_df, key=logits_key, num_rows="dynamic", width="stretch",
                                hide_index=False, column_config=config)
    return names, edited


def _old_classes(names_key: str, old_c: int, n: int) -> list[int | None]:
    """For each row of the edited class-names table, the class it was (its position in the
    table as drawn), or None for a class added there. Streamlit drops the deleted rows and
    appends the added ones, so the kept classes come first, in order. The table's index cannot
    tell: after the last class is deleted an added row takes its label (and would inherit its
    logits and targets), and a crafted client may send any index value."""
    edits = st.session_state.get(names_key) or {}
    deleted = set()
    for r in edits.get("deleted_rows") or []:
        try:
            r = int(r)
        except (TypeError, ValueError):
            continue
        deleted.add(r + old_c if r < 0 else r)  # a crafted -1 deletes the last row there too
    kept = [j for j in range(old_c) if j not in deleted]
    return (kept + [None] * n)[:n]


def _read_edits(base: Batch, names: pd.DataFrame, edited: pd.DataFrame,
                names_key: str) -> Batch:
    """The batch the two editors now describe; BatchError names each bad row (by the number the
    editor shows) and column."""
    labels = _old_classes(names_key, base.num_classes, len(names))
    new_names = validate_class_names(names[NAME_COLUMN].tolist())
    numbers = list(edited.index)  # 1 … N as drawn; added rows continue, deleted ones are gone
    rows, targets, problems = [], [], []
    for i, (_, rec) in enumerate(edited.reset_index(drop=True).iterrows()):
        rows.append([0.0 if lab is None else rec[_cell_column(lab)] for lab in labels])
        raw = rec[TARGET_COLUMN]
        if isinstance(raw, str) and raw in base.class_names:
            old = base.class_names.index(raw)
            if old not in labels:
                problems.append((i, Msg("batch_msgs.col_target"),
                                 Msg("batch.deleted_target", name=quote(raw))))
                raw = 0
            else:
                raw = labels.index(old)
        targets.append(raw)
    try:
        batch = validate_batch(rows, targets, new_names, row_numbers=numbers)
    except BatchError as e:
        raise BatchError(problems + e.problems, numbers) from None
    if problems:
        raise BatchError(problems, numbers)
    return batch


def labelled_batch(prefix: str, page: str) -> Batch:
    """Draw the batch section; return the batch the page computes on (the last good one).
    ``page``: the catalogue key of the page's name (e.g. "nav.nll"), for the record's detail.

    The editors keep their key while the user edits cells and targets, so their edit state
    (relative to the table they were first drawn with, ``base``) keeps growing, and each good
    state becomes the record. They are drawn afresh (a new key) when the record comes from
    elsewhere (a preset, the photo, another page) or when an accepted edit changed the table's
    shape or class names; then the run starts over at once, so no click reaches an old editor.
    A language switch draws them afresh too (their headers change; the edits are in the record).
    """
    ss = st.session_state
    st.subheader(t("batch.header"))
    record = state.current_record()
    current = batch_from_record(record)
    from_photo = bool(ss.get(inputs.FROM_PHOTO[prefix].key, False))
    b1, b2, b3 = st.columns([1, 1, 2], vertical_alignment="center")
    b1.button(t("batch.article_button"), key=_key(prefix, "load_article"),
              on_click=load_article_batch_for, args=(prefix,), icon=":material/pets:",
              help=t("batch.article_help"))
    b2.button(t("batch.photo_button"), key=_key(prefix, "to_photo"), on_click=back_to_photo,
              args=(prefix,), icon=":material/photo:", help=t("batch.photo_help"),
              disabled=current is None and from_photo)
    if current is not None:
        b3.caption(t("batch.current", n=current.num_rows, c=current.num_classes,
                     source=t(f"sources.{record.source}"))
                   + (f" · {msg(record.detail)}" if record.detail else ""))
    elif not from_photo:  # the lesson opens on the article's batch; the photo is a click away
        b3.caption(t("batch.opens_on_article"))
    drawn = all(k in ss for k in editor_keys(prefix))  # widget state is dropped off-page
    own = drawn and ss.get(_key(prefix, "written")) is record and current is not None
    if own and ss.get(_key(prefix, "lang")) != lang():  # new headers: draw afresh, same batch
        _redraw(prefix, current, ("record", record))
    if not own:
        if current is not None:
            base, origin = current, ("record", record)
        elif from_photo:
            base, origin = _start_from(prefix, record)
        else:
            base, origin = article_batch(), ("article",)
        seen = ss.get(_key(prefix, "origin"))
        if (not drawn or seen is None or not _same_origin(seen, origin)
                or ss.get(_key(prefix, "lang")) != lang()):
            _redraw(prefix, base, origin)
    base = ss[_key(prefix, "base")]
    last_good = current if own else base
    names, edited = _draw_editors(prefix, base)
    try:
        batch = _read_edits(base, names, edited, editor_keys(prefix)[0])
    except BatchError as e:
        st.error(t("batch.error", error=e.text(lang())), icon=":material/error:")
        table(batch_frame(last_good, lang()), name="last good batch",
              key=_key(prefix, "last_good"))
        return last_good
    if batch.same_as(last_good):
        return batch
    new = batch.to_record("hand-edited", Msg("batch.edited_detail", page=Msg(page)))
    state.set_record(new)
    ss[_key(prefix, "written")] = new
    # the editors now stand for this record: when another one replaces it (the photo button, a
    # preset), even the same top-k start as before, they are drawn afresh from that one
    ss[_key(prefix, "origin")] = ("record", new)
    if batch.class_names != base.class_names or batch.num_rows != base.num_rows:
        _redraw(prefix, batch, ("record", new))  # new columns or row numbers: draw afresh
        st.rerun()
    return batch


def _redraw(prefix: str, base: Batch, origin: tuple) -> None:
    ss = st.session_state
    ss[_key(prefix, "version")] = ss.get(_key(prefix, "version"), 0) + 1
    ss[_key(prefix, "base")] = base
    ss[_key(prefix, "origin")] = origin
    ss[_key(prefix, "lang")] = lang()


def _same_origin(a: tuple, b: tuple) -> bool:
    if a[0] != b[0] or len(a) != len(b):
        return False
    if a[0] == "record":
        return a[1] is b[1]
    return a == b


def current_batch(prefix: str) -> Batch:
    """The batch the page computes on now, without drawing it (session state is left as it
    is): the record's when it is a batch, else the photo's top k after "Use my photo", else the
    article's (as ``labelled_batch`` starts)."""
    ss, record = st.session_state, state.current_record()
    current = batch_from_record(record)
    if current is not None:
        return current
    if not ss.get(inputs.FROM_PHOTO[prefix].key, False) or record.num_classes < MIN_CLASSES:
        return article_batch()
    k_in, target_in = inputs.BATCH_K[prefix], inputs.BATCH_TARGET[prefix]
    k = min(int(ss.get(k_in.key, k_in.default)), MAX_CLASSES - 1, record.num_classes)
    target = ss.get(target_in.key, target_in.default)
    try:
        return top_k_batch(record, k, target if target in range(k) else target_in.default)
    except BatchError:
        return article_batch()
