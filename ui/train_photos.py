"""The Train page's classes and photos: a name and bundled photos per class, uploads each put
in a class, every photo (and its augmented views) through the model once. Features are kept
per photo, model and view count in a bounded store, and the photos not yet seen go through ONE
batched forward pass."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import streamlit as st
import torch

from core.base.text import md_escape
from core.photo.batch import digest
from core.photo.images import MAX_UPLOAD_MB, ImageError, sample_bytes
from core.train import features as ft
from core.train import inputs
from core.train.data import MAX_PHOTOS, PhotoRef
from ui import state
from ui.i18n import labeler, msg, t
from ui.inputs import args, start_untouched
from ui.uploads import UPLOAD_TYPES, checked_bytes

P = inputs.P
UPLOAD = P + "upload"
CAMERA, SHOTS = P + "camera", P + "camera_shots"
MAX_SHOTS = 12  # camera shots kept in the session (each a few hundred KB)
STORE_SIZE = 512  # photos' features kept (each a few views × F floats: ~25 KB)


@dataclass(frozen=True)
class Photo:
    ref: PhotoRef
    data: bytes


def _default_name(j: int) -> str:
    return t(f"train.example_{j}") if j < 3 else t("train.class_n", j=j + 1)


def class_editor() -> tuple[list[str], list[list[Photo]], list[Photo], int]:
    """Names and bundled photos of each class as the learner set them, the uploads (size
    checked; each is put in a class by ``place_uploads``) and the augmented views per photo."""
    top = st.columns([1, 2, 3], vertical_alignment="bottom")
    n = top[0].number_input(t("train.classes"), **args(inputs.CLASSES), step=1)
    views = top[1].slider(t("train.views"), **args(inputs.VIEWS), help=t("train.views_help"))
    with top[2]:
        files = list(st.file_uploader(t("train.upload", max=MAX_PHOTOS, mb=MAX_UPLOAD_MB),
                                      type=UPLOAD_TYPES, accept_multiple_files=True,
                                      key=UPLOAD) or [])
    with top[0].popover(t("train.camera"), icon=":material/photo_camera:"):
        shot = st.camera_input(t("train.camera_take"), key=CAMERA)
    names, photos = [], []
    for j in range(int(n)):
        name = inputs.NAMES[j]
        start_untouched(name, _default_name(j))  # the example's name, in the current language
        left, right = st.columns([1, 3])
        names.append(left.text_input(t("train.name", j=j + 1), **args(name)))
        chosen = right.multiselect(t("train.samples", j=j + 1), **args(inputs.SAMPLES_OF[j]),
                                   format_func=labeler("samples."),
                                   wrap=True)  # every photo's chip seen (in a column: one row)
        photos.append([_sample(k, j) for k in chosen])
    return names, photos, _uploads(files) + _shots(shot), int(views)


def _sample(k: str, j: int) -> Photo:
    data = sample_bytes(k)
    return Photo(PhotoRef(f"s{j}_{k}", t(f"samples.{k}"), digest(data), j), data)


def _uploads(files) -> list[Photo]:
    if len(files) > MAX_PHOTOS:
        st.warning(t("train.upload_many", n=len(files), max=MAX_PHOTOS),
                   icon=":material/warning:")
        files = files[:MAX_PHOTOS]
    out = []
    for i, f in enumerate(files, start=1):
        title = t("train.upload_title", i=i)
        data = checked_bytes(f, lambda e, title=title: t("train.upload_error", title=title,
                                                         error=e))
        if data is not None:
            d = digest(data)
            out.append(Photo(PhotoRef(f"u_{i}_{d[:12]}", title, d, -1), data))
    return out


def _shots(shot) -> list[Photo]:
    """The camera's shots of this session, each kept once (the camera holds one at a time)."""
    ss = st.session_state
    shots = ss.setdefault(SHOTS, [])
    if shot is not None and shot.file_id not in [fid for fid, _ in shots]:
        data = checked_bytes(shot, lambda e: t("train.upload_error",
                                               title=t("train.shot_title", i=len(shots) + 1),
                                               error=e))
        if data is not None:
            shots.append((shot.file_id, data))
            del shots[:-MAX_SHOTS]
    out = []
    for i, (_, data) in enumerate(shots, start=1):
        d = digest(data)
        out.append(Photo(PhotoRef(f"c_{i}_{d[:12]}", t("train.shot_title", i=i), d, -1), data))
    return out


def place_uploads(uploads: list[Photo], feats: dict, names: list[str],
                  photos: list[list[Photo]]) -> None:
    """Each usable upload as a thumbnail with a class picker (none picked: left out, with a
    note); a picked one joins its class in ``photos``."""
    unplaced = 0
    usable = [u for u in uploads if u.ref.digest in feats]
    if not usable:  # (six empty columns stack into a blank gap on a phone)
        return
    cols = st.columns(6)
    for n, u in enumerate(usable):
        with cols[n % 6]:
            st.image(feats[u.ref.digest][1][0], width=96)
            j = st.selectbox(u.ref.title, range(len(names)), key=f"{P}class_{u.ref.key}",
                             index=None, format_func=lambda c: names[c] or str(c + 1),
                             placeholder=t("train.pick_class"))
        if j is None:
            unplaced += 1
        elif j < len(photos):
            photos[j].append(Photo(PhotoRef(u.ref.key, u.ref.title, u.ref.digest, j), u.data))
    if unplaced:
        st.info(t("train.unplaced", n=unplaced), icon=":material/info:")


# ---------------------------------------------------------------- features, once per photo
@st.cache_resource(show_spinner=False)
def _store() -> tuple[OrderedDict, threading.Lock]:
    return OrderedDict(), threading.Lock()


def _inputs(d: str, model_name: str, views: int, data: bytes):
    """The model's inputs of a photo and its views (not cached: their features are)."""
    _, transform = state.model_and_transform(model_name)
    return ft.photo_inputs(data, transform, views, ft.photo_seed(d))


def features(photos: list[Photo], model_name: str, views: int):
    """{digest: (features (1 + views, F), thumbnails, notes)} for the usable photos; a photo
    that cannot be decoded gets a message and is left out (the others stay)."""
    store, lock = _store()
    out, missing = {}, []
    for p in photos:
        key = (p.ref.digest, model_name, views)
        with lock:
            hit = store.get(key)
        if hit is not None:
            out[p.ref.digest] = hit
            continue
        try:
            missing.append((p, key, _inputs(p.ref.digest, model_name, views, p.data)))
        except ImageError as err:
            st.error(t("train.left_out", title=md_escape(p.ref.title),
                       error=md_escape(msg(err))), icon=":material/error:")
    if missing:
        model, _ = state.model_and_transform(model_name)
        with st.spinner(t("train.running", n=len(missing))):
            batch = torch.cat([x for _, _, (x, _, _) in missing])  # ONE forward pass
            feats = ft.pooled_features(model, batch)
        start = 0
        with lock:
            for p, key, (x, thumbs, notes) in missing:
                value = (feats[start:start + len(x)], thumbs, notes)
                start += len(x)
                store[key] = out[p.ref.digest] = value
                while len(store) > STORE_SIZE:
                    store.popitem(last=False)
    return out


def imagenet_logits(model_name: str, feature) -> np.ndarray:
    model, _ = state.get_model(model_name)
    return ft.imagenet_logits(model, np.asarray(feature)[None])[0]

