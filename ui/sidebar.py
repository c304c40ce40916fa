"""The shared sidebar: language, where the photo comes from and which model reads it."""

from __future__ import annotations

import streamlit as st

from core.overview.inputs import OPEN_ALL
from core.photo.images import MAX_UPLOAD_MB, SAMPLES
from core.photo.models import MODELS
from ui import state
from ui.i18n import labeler, msg, render_language_switch, t
from ui.inputs import args
from ui.panels import close_all_parts
from ui.uploads import UPLOAD_TYPES  # the one list of every uploader (why MIME types: there)


def photo_caption(photo: state.Photo) -> str:
    return f"{msg(photo.label)} · {photo.model_name}"


def record_caption(record) -> str:
    source = t(f"sources.{record.source}")
    detail = msg(record.detail) if record.detail else ""
    return t("sidebar.current", n=record.num_classes, source=source) + (
        f" ({detail})" if detail else "")


def model_labeler():
    """The model select's ``format_func``: the catalogue's words in this run's language."""
    name_of = labeler("models.")
    return lambda n: name_of(n).format(label=MODELS[n].label)


def render_sidebar() -> None:
    state.ensure_state()
    sb = st.sidebar
    render_language_switch()
    sb.header(t("sidebar.header"))
    sb.selectbox(t("sidebar.model"), list(MODELS),
                 format_func=model_labeler(),
                 key=state.MODEL_KEY, help=t("sidebar.model_help"))
    sb.radio(t("sidebar.photo_from"), list(state.KINDS), format_func=labeler("kinds."),
             key=state.KIND_KEY, horizontal=True)
    kind = st.session_state[state.KIND_KEY]
    if kind == "sample":
        sb.selectbox(t("sidebar.sample"), list(SAMPLES), format_func=labeler("samples."),
                     key=state.SAMPLE_KEY)
    elif kind == "upload":
        sb.file_uploader(t("sidebar.upload", mb=MAX_UPLOAD_MB), type=UPLOAD_TYPES,
                         key=state.UPLOAD_KEY)
    else:
        sb.camera_input(t("sidebar.camera"), key=state.CAMERA_KEY)
    state.sync_photo()
    photo = state.current_photo()
    sb.image(photo.thumb, caption=photo_caption(photo))
    sb.caption(record_caption(state.current_record()))
    sb.toggle(t("sidebar.open_all"), **args(OPEN_ALL), on_change=close_all_parts,
              help=t("sidebar.open_all_help"))


def render_photo_messages() -> None:
    """The one clear message of a failed photo, and what was converted on purpose."""
    err = st.session_state.get(state.PHOTO_ERROR)
    if err:
        st.error(t("photo.error", error=msg(err)), icon=":material/error:")
    photo = state.current_photo()
    for note in photo.notes:
        st.info(msg(note), icon=":material/info:")
