"""Your own labelled photos: bundled samples and uploads, each labelled with an ImageNet class,
through the real model in ONE batched forward pass; per-photo cross-entropy, the photos it gets
wrong, the batch mean; then the same logits restricted to a few classes (the article's bears)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from core.base.i18n import Msg
from core.base.record import REST_INDEX, LogitsRecord, rest_name
from core.base.text import md_escape
from core.losses import inputs
from core.losses import lab_figures as charts
from core.losses.lab_code import photo_batch_panel
from core.photo import batch as pb
from core.photo.code import photo_file_name, photo_png
from core.photo.images import (
    MAX_UPLOAD_MB,
    ImageError,
    decode_image,
    sample_bytes,
)
from core.photo.models import DEFAULT_MODEL, MODELS, imagenet_class_names
from ui import state
from ui.i18n import labeler, lang, msg, t
from ui.inputs import args, start
from ui.panels import chart, code_panel, deeper, table
from ui.share import fragment
from ui.uploads import UPLOAD_TYPES, checked_bytes

P = "ce_photos_"  # widget key prefix


@dataclass(frozen=True)
class Item:
    key: str  # widget-key part: unique per photo in the batch
    title: str  # what the page calls it (never an uploaded file's name)
    data: bytes
    digest: str
    sample: str | None  # a bundled photo's key (its label and target are declared: in a link)
    file_name: str  # what the code panel opens: the sample's name, or photo_<i>.png


@st.cache_data(show_spinner=False, max_entries=64)
def _prepared(digest: str, model_name: str, _data: bytes):
    """Decode + the model's own preprocessing, once per (photo bytes, model)."""
    _, transform = state.get_model(model_name)
    p = pb.prepare(_data, transform)  # ImageError propagates and is not cached
    return p.tensor, p.thumb, p.notes


@st.cache_data(show_spinner=False, max_entries=16)
def _forward(digests: tuple[str, ...], model_name: str, _tensors) -> np.ndarray:
    """ONE forward pass over the batch, cached on (photo hashes, model name)."""
    model, _ = state.get_model(model_name)
    return pb.batched_logits(model, _tensors)


@st.cache_data(show_spinner=False, max_entries=16)
def _png(digest: str, _data: bytes) -> bytes:
    """The decoded photo, losslessly: the file the code panel and the notebook read."""
    return photo_png(decode_image(_data).image)


def _model_name() -> str:
    name = st.session_state.get(state.MODEL_KEY, DEFAULT_MODEL)
    return name if name in MODELS else DEFAULT_MODEL


def _items(names: tuple[str, ...]) -> list[Item]:
    chosen = st.multiselect(t("labs_photos.samples"), **args(inputs.SAMPLES_PICKED),
                            format_func=labeler("samples."))
    files = st.file_uploader(
        t("labs_photos.upload", max=pb.MAX_PHOTOS, mb=MAX_UPLOAD_MB),
        type=UPLOAD_TYPES, accept_multiple_files=True, key=P + "upload")
    items = []
    for k in chosen:
        data = sample_bytes(k)
        items.append(Item(f"s_{k}", t(f"samples.{k}"), data, pb.digest(data), k,
                          photo_file_name(k)))
    files = list(files or [])
    room = max(0, pb.MAX_PHOTOS - len(items))
    if len(files) > room:
        st.warning(t("labs_photos.too_many", n=len(items) + len(files), max=pb.MAX_PHOTOS,
                     room=room), icon=":material/warning:")
        files = files[:room]
    used: set[str] = set()
    for i, f in enumerate(files, start=1):
        data = checked_bytes(f, lambda e, i=i: t("labs_photos.upload_error", i=i, error=e))
        if data is None:
            continue
        digests = st.session_state.setdefault(P + "digests", {})  # file_id -> hash, once
        if f.file_id not in digests:
            if len(digests) > 4 * pb.MAX_PHOTOS:  # bounded: old uploads are forgotten
                digests.clear()
            digests[f.file_id] = pb.digest(data)
        d = digests[f.file_id]
        key = f"u_{d[:12]}" if f"u_{d[:12]}" not in used else f"u_{d[:12]}_{i}"  # keeps its label
        used.add(key)
        items.append(Item(key, t("labs_photos.upload_title", i=i), data, d, None,
                          f"photo_{i}.png"))
    return items


def _decode(items: list[Item], model_name: str):
    ok, tensors, thumbs = [], [], []
    for it in items:
        try:
            tensor, thumb, notes = _prepared(it.digest, model_name, it.data)
        except ImageError as err:
            title = it.title[:1].upper() + it.title[1:]
            st.error(t("labs_photos.left_out", title=md_escape(title), error=md_escape(msg(err))),
                     icon=":material/error:")
            continue
        for note in notes:
            st.caption(t("labs_photos.note", title=md_escape(it.title), note=md_escape(msg(note))))
        ok.append(it)
        tensors.append(tensor)
        thumbs.append(thumb)
    return ok, tensors, thumbs


def _label_pickers(items: list[Item], thumbs, names: tuple[str, ...]) -> list[int | None]:
    labels = []
    cols = st.columns(4)
    for n, (it, thumb) in enumerate(zip(items, thumbs)):
        with cols[n % 4]:
            st.image(thumb, caption=it.title, width=160)
            if it.sample is not None:  # a bundled photo: declared, in the link
                kw = args(inputs.SAMPLE_TRUE_CLASS[it.sample], hi=len(names) - 1, none=False)
            else:  # an upload: never in a link, and not labelled until the learner says
                kw = {"key": P + "label_" + it.key, "options": range(len(names))}
                st.session_state.setdefault(kw["key"], None)
            labels.append(st.selectbox(
                t("labs_photos.true_class"), **kw, index=None,
                format_func=lambda i: f"{names[i]} · {i}",
                placeholder=t("labs_photos.class_placeholder"),
                help=t("labs_photos.class_help")))
    return labels


def render_photo_batch() -> None:
    """The labelled-photos section, a "Go deeper" part (the model runs only while it is open);
    a button puts the restricted batch into the record."""
    box = deeper(t("labs_photos.header"), "ce_photos")
    if box is not None:
        with box:
            _photo_batch()


@fragment  # a label or class change reruns this section only, not the whole page
def _photo_batch() -> None:
    st.markdown(t("labs_photos.text"))
    names = imagenet_class_names()
    model_name = _model_name()
    items = _items(names)
    if not items:
        st.info(t("labs_photos.none_chosen"), icon=":material/info:")
        return
    with st.spinner(t("labs_photos.running")):
        state.model_and_transform(model_name)
        items, tensors, thumbs = _decode(items, model_name)
        if not items:
            return
        logits = _forward(tuple(it.digest for it in items), model_name, tensors)  # (N, 1000)
    labels = _label_pickers(items, thumbs, names)
    _losses(items, logits, labels, names)
    _restricted(items, logits, labels, names, model_name)


def _losses(items, logits, labels, names) -> None:
    rows = [i for i, lab in enumerate(labels) if lab is not None]
    if len(rows) < len(items):
        st.info(t("labs_photos.unlabelled", n=len(items) - len(rows)), icon=":material/info:")
    if not rows:
        return
    res = pb.photo_losses(logits[rows], [labels[i] for i in rows])
    titles = [items[i].title for i in rows]
    m = st.columns(3)
    m[0].metric(t("labs_photos.m_photos"), len(rows))
    m[1].metric(t("labs_photos.m_wrong"), int(res.wrong.sum()))
    m[2].metric(t("labs_photos.m_mean"), f"{res.mean:.4f}")
    wrong, right = t("labs_photos.wrong"), t("labs_photos.right")
    df = pd.DataFrame({
        t("labs_photos.col_photo"): titles,
        t("labs_photos.col_label"): [names[labels[i]] for i in rows],
        t("labs_photos.col_top1"): [names[j] for j in res.predicted],
        t("labs_photos.col_p_label"): [f"{v:.4f}" for v in res.label_prob],
        t("labs_photos.col_rank"): res.label_rank,
        t("labs_photos.col_ce"): [f"{v:.4f}" for v in res.losses],
        t("labs_photos.col_verdict"): [wrong if w else right for w in res.wrong],
    }).set_index(t("labs_photos.col_photo"))
    table(df, name="cross-entropy per labelled photo", key=P + "table",
          caption=t("labs_photos.table_caption"))
    chart(charts.photo_losses(titles, res.losses, ~res.wrong, lang=lang()),
          name="cross-entropy per photo", key=P + "chart")


def _unique(labels: list[str]) -> list[str]:
    return [f"{s} ({i})" if labels.count(s) > 1 else s for i, s in enumerate(labels)]


def _restricted(items, logits, labels, names, model_name) -> None:
    st.subheader(t("labs_photos.bears_header"), anchor="bears")
    st.markdown(t("labs_photos.bears_text"))
    chosen = st.multiselect(t("labs_photos.keep"), **args(inputs.KEPT_CLASSES),
                            max_selections=pb.MAX_RESTRICTED,
                            format_func=lambda i: f"{names[i]} · {i}")
    if len(chosen) < pb.MIN_RESTRICTED:
        st.warning(t("labs_photos.keep_more", n=pb.MIN_RESTRICTED), icon=":material/warning:")
        return
    # the kept classes and one column for all the others (pb.restrict): k + 1 columns
    kept_names = [*_unique([names[i] for i in chosen]), rest_name(len(names) - len(chosen))]
    st.caption(t("labs_photos.target_caption"))
    targets = []
    cols = st.columns(4)
    for n, it in enumerate(items):
        key = P + "target_" + it.key  # a bundled photo's is declared (SAMPLE_TARGET)
        if st.session_state.get(key) not in chosen:
            first = chosen[pb.default_target(labels[n], chosen, n)]
            if it.sample is not None:
                start(inputs.SAMPLE_TARGET[it.sample], first)
            else:
                st.session_state[key] = first
        pick = cols[n % 4].selectbox(it.title, chosen, key=key,
                                     format_func=lambda i: names[i])
        targets.append(chosen.index(pick))
    small = pb.restrict(logits, chosen)  # (N, k + 1)
    steps = pb.four_steps(small, targets)
    titles = _unique([it.title for it in items])
    tables = (("1", t("labs_photos.step1"), "logits", steps.logits),
              ("2", t("labs_photos.step2"), "softmax", steps.probs),
              ("3", t("labs_photos.step3"), "log", steps.log_probs))
    for number, title, file_part, values in tables:
        st.markdown(f"**{title}**")
        df = pd.DataFrame(values, columns=kept_names, index=titles).map(lambda v: f"{v:.4f}")
        table(df, name=f"photos {number}. {file_part}", key=P + number)
    st.markdown(t("labs_photos.step4"))
    final = pd.DataFrame({t("labs_photos.col_target"): [kept_names[k] for k in targets],
                          t("labs_photos.col_nll"): [f"{v:.4f}" for v in steps.nll],
                          t("labs_photos.col_module"): [f"{v:.4f}" for v in steps.ce]},
                         index=titles)
    table(final, name="photos 4 nll loss", key=P + "4",
          caption=t("labs_photos.final_caption", diff=f"{steps.max_diff:.1e}",
                    mean=f"{float(steps.ce.mean()):.4f}"))
    if st.button(t("labs_photos.use", n=len(items), k=len(kept_names)),
                 key=P + "use", icon=":material/input:"):
        state.set_record(LogitsRecord(
            values=small, class_names=kept_names, source="preset",
            detail=Msg("labs_photos.detail", n=len(items), model=model_name, k=len(kept_names)),
            class_indices=(*chosen, REST_INDEX), targets=tuple(targets)))
        st.session_state[P + "flash"] = Msg("labs_photos.flash", n=len(items), k=len(kept_names))
        st.rerun()  # the page above reads the record: draw it again with the new batch
    flash = st.session_state.pop(P + "flash", None)
    if flash:
        st.success(msg(flash), icon=":material/check_circle:")
    if any(lab is None for lab in labels):
        st.caption(t("labs_photos.need_labels"))
        return
    files = [(it.file_name, _png(it.digest, it.data)) for it in items]
    code_panel(photo_batch_panel(model_name, files, labels, chosen, targets))
