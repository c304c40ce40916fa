"""Session state: the chosen input, the current photo, and the one "current logits" record.

Initialised in one place (``ensure_state``); pages read ``current_record()`` and write back with
``set_record``. Photo work is cached: the model once per process, logits per (bytes, model).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from core.base.i18n import Msg
from core.base.record import LogitsRecord
from core.photo.code import photo_file_name, photo_png, shared_model
from core.photo.images import (
    DEFAULT_SAMPLE,
    SAMPLES,
    ImageError,
    check_upload_size,
    decode_image,
    sample_bytes,
    thumbnail,
)
from core.photo.inference import photo_logits
from core.photo.models import (  # noqa: F401 (re-exported for pages)
    DEFAULT_MODEL,
    MODELS,
    imagenet_class_names,
)
from ui.i18n import t
from ui.nav import ensure_router

RECORD, PHOTO, INPUT_ID, PHOTO_ERROR = "record", "photo", "input_id", "photo_error"
MODEL_KEY, KIND_KEY, SAMPLE_KEY = "model_name", "input_kind", "sample_key"
UPLOAD_KEY, CAMERA_KEY = "upload_file", "camera_file"
KINDS = {"sample": "Sample photo", "upload": "Upload", "camera": "Camera"}


@dataclass(frozen=True, eq=False)
class Photo:
    """The photo the record came from (kept even when the record is hand-edited)."""
    logits: np.ndarray  # (1000,)
    thumb: bytes  # JPEG, for st.image
    label: str  # what the UI calls it: a sample title, "your upload", "camera shot"
    kind: str  # sample / upload / camera
    model_name: str
    original_size: tuple[int, int]
    notes: tuple[str, ...]
    sample_key: str | None = None
    data: bytes = field(default=b"", repr=False)  # the file's bytes: the notebook's photo

    @property
    def file_name(self) -> str:
        """What code panels and notebooks call this photo (never an upload's own name)."""
        return photo_file_name(self.sample_key)

    @property
    def png(self) -> bytes:
        """The photo as the app decoded it, losslessly: the file the notebook ships."""
        return _photo_png(hashlib.sha256(self.data).hexdigest(), self.data)


@st.cache_resource(show_spinner=False, max_entries=len(MODELS))
def get_model(name: str):
    """The shared eval-mode model and its transform, built once per process by the code panels'
    own model cell (core.photo.code.shared_model), never mutated."""
    return shared_model(name)


def model_and_transform(name: str):
    with st.spinner(t("sidebar.loading_model", model=MODELS[name].label)):
        return get_model(name)


@st.cache_data(show_spinner=False, max_entries=64)
def _classify(data: bytes, model_name: str):
    decoded = decode_image(data)  # ImageError propagates (and is not cached)
    model, transform = get_model(model_name)
    logits = photo_logits(model, transform, decoded.image)
    return logits, thumbnail(decoded.image), decoded.original_size, tuple(decoded.notes)


@st.cache_data(show_spinner=False, max_entries=8)
def _photo_png(digest: str, _data: bytes) -> bytes:
    return photo_png(decode_image(_data).image)


def classify(data: bytes, *, label: str, kind: str, model_name: str,
             sample_key: str | None = None) -> Photo:
    model_and_transform(model_name)  # spinner the first time
    logits, thumb, size, notes = _classify(data, model_name)
    return Photo(logits=logits, thumb=thumb, label=label, kind=kind, model_name=model_name,
                 original_size=size, notes=notes, sample_key=sample_key, data=data)


def photo_record(photo: Photo) -> LogitsRecord:
    return LogitsRecord(values=photo.logits, class_names=imagenet_class_names(),
                        source=photo.kind,
                        detail=Msg("record.photo_detail", label=photo.label,
                                   model=photo.model_name),
                        class_indices=tuple(range(photo.logits.size)))


def ensure_state() -> None:
    """Defaults in one place; the first visit classifies the default sample."""
    ensure_router()  # a page run without app.py (Streamlit's pages/-folder mode) reruns first
    ss = st.session_state
    ss.setdefault(MODEL_KEY, DEFAULT_MODEL)
    ss.setdefault(KIND_KEY, "sample")
    ss.setdefault(SAMPLE_KEY, DEFAULT_SAMPLE)
    ss.setdefault(PHOTO_ERROR, None)
    if PHOTO not in ss:
        key = ss[SAMPLE_KEY] if ss[SAMPLE_KEY] in SAMPLES else DEFAULT_SAMPLE
        model = ss[MODEL_KEY]
        photo = classify(sample_bytes(key), label=Msg(f"samples.{key}"), kind="sample",
                         model_name=model, sample_key=key)
        ss[PHOTO] = photo
        ss[INPUT_ID] = ("sample", key, model)
        ss[RECORD] = photo_record(photo)


def current_record() -> LogitsRecord:
    ensure_state()
    return st.session_state[RECORD]


def current_photo() -> Photo:
    ensure_state()
    return st.session_state[PHOTO]


def set_record(record: LogitsRecord) -> None:
    st.session_state[RECORD] = record


def _wanted_input():
    """(identity, bytes-loader, label) of what the sidebar asks for, or None if nothing yet."""
    ss = st.session_state
    kind, model = ss[KIND_KEY], ss[MODEL_KEY]
    if kind == "sample":
        key = ss[SAMPLE_KEY]
        return ("sample", key, model), (lambda: sample_bytes(key)), Msg(f"samples.{key}"), key
    f = ss.get(UPLOAD_KEY if kind == "upload" else CAMERA_KEY)
    if f is None:
        return None

    def load() -> bytes:
        check_upload_size(f.size)  # the browser limit is not enforced on the server
        return f.getvalue()

    label = Msg("photo.your_upload" if kind == "upload" else "photo.camera_shot")
    return (kind, f.file_id, model), load, label, None


def sync_photo() -> None:
    """Classify the chosen input once when it changes; on failure keep everything as it was."""
    ensure_state()
    ss = st.session_state
    wanted = _wanted_input()
    if wanted is None:
        return
    identity, load, label, sample_key = wanted
    if identity == ss[INPUT_ID]:
        return
    ss[INPUT_ID] = identity  # tried once: a bad file is not re-decoded on every rerun
    try:
        photo = classify(load(), label=label, kind=identity[0], model_name=identity[2],
                         sample_key=sample_key)
    except ImageError as e:
        ss[PHOTO_ERROR] = e.args[0]  # a core.base.i18n.Msg: shown in the user's language
        return
    ss[PHOTO_ERROR] = None
    ss[PHOTO] = photo
    ss[RECORD] = photo_record(photo)
