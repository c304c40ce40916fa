"""The shared sidebar: where the photo comes from and which model reads it."""

from __future__ import annotations

import streamlit as st

from core.images import MAX_UPLOAD_MB, SAMPLES, UPLOAD_EXTENSIONS
from core.models import MODELS
from ui import state


def render_sidebar() -> None:
    state.ensure_state()
    sb = st.sidebar
    sb.header("Input")
    sb.selectbox("Model", list(MODELS), format_func=lambda n: MODELS[n].label,
                 key=state.MODEL_KEY, help="A real ImageNet classifier; weights ship offline.")
    sb.radio("Photo from", list(state.KINDS), format_func=state.KINDS.get,
             key=state.KIND_KEY, horizontal=True)
    kind = st.session_state[state.KIND_KEY]
    if kind == "sample":
        sb.selectbox("Sample photo", list(SAMPLES), format_func=lambda k: SAMPLES[k].title,
                     key=state.SAMPLE_KEY)
    elif kind == "upload":
        sb.file_uploader(f"Upload a photo (up to {MAX_UPLOAD_MB} MB)", type=list(UPLOAD_EXTENSIONS),
                         key=state.UPLOAD_KEY)
    else:
        sb.camera_input("Take a photo", key=state.CAMERA_KEY)
    state.sync_photo()
    photo = state.current_photo()
    sb.image(photo.thumb, caption=f"{photo.label} · {photo.model_name}")
    record = state.current_record()
    sb.caption(f"Current logits: {record.num_classes} classes, {record.source}"
               + (f" ({record.detail})" if record.detail else ""))


def render_photo_messages() -> None:
    """The one clear message of a failed photo, and what was converted on purpose."""
    err = st.session_state.get(state.PHOTO_ERROR)
    if err:
        st.error(f"That photo could not be used: {err} The previous photo and everything "
                 "else you set are kept.", icon=":material/error:")
    photo = state.current_photo()
    for note in photo.notes:
        st.info(note, icon=":material/info:")
