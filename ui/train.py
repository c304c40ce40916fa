"""The Train page's body: classes and photos, the training settings, the trajectory (one torch
run, cached) played back step by step, and the "Go deeper" parts (why cross-entropy, a new
photo, temperature, the code)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.base.text import md_escape
from core.photo.batch import digest
from core.photo.models import DEFAULT_MODEL, MODELS, imagenet_class_names
from core.train import figures as charts
from core.train import inputs, tables
from core.train.code import HEAD_FILE, code_zip, features_file, head_file, train_panel
from core.train.data import DataError, PhotoRef, Plan, plan
from core.train.math import TrainConfig, TrainError, compare, predict, temperature_curve, train
from ui import state
from ui.i18n import lang, msg, t
from ui.inputs import args, synced
from ui.panels import agree, chart, chart_numbers, code_panel, deeper, table
from ui.share import fragment
from ui.train_live import acc_text, loss_text, step_piece
from ui.train_photos import Photo, class_editor, features, imagenet_logits, place_uploads
from ui.widgets import synced_number


def _model_name() -> str:
    name = st.session_state.get(state.MODEL_KEY, DEFAULT_MODEL)
    return name if name in MODELS else DEFAULT_MODEL


class Data:
    """The plan's photos as tensors: training rows (each photo, then its views) and held-out."""

    def __init__(self, pl: Plan, feats: dict, model_name: str, views: int):
        self.plan = pl
        rows, labels, titles, self.firsts = [], [], [], []
        for ref in pl.train:
            f = feats[ref.digest][0]  # (1 + views, F)
            self.firsts.append(len(rows))
            for v in range(len(f)):
                rows.append(f[v])
                labels.append(ref.label)
                titles.append(ref.title if v == 0 else t("train.view_title", title=ref.title,
                                                         v=v))
        self.x = np.stack(rows)
        self.y = np.array(labels)
        self.titles = titles
        self.held_x = (np.stack([feats[r.digest][0][0] for r in pl.held]) if pl.held
                       else np.zeros((0, self.x.shape[1]), np.float32))
        self.held_y = np.array([r.label for r in pl.held], dtype=np.int64)
        self.key = (tuple(r.digest for r in pl.train), tuple(r.digest for r in pl.held),
                    tuple(int(v) for v in self.y), len(pl.names), model_name, views)


@st.cache_data(show_spinner=False, max_entries=32)
def _train(key, cfg: TrainConfig, _d: Data):
    return train(_d.x, _d.y, cfg, _d.held_x, _d.held_y, num_classes=len(_d.plan.names))


@st.cache_data(show_spinner=False, max_entries=16)
def _compare(key, cfg: TrainConfig, _d: Data):
    return compare(_d.x, _d.y, cfg, len(_d.plan.names))


def _settings() -> TrainConfig | None:
    c = st.columns([2, 1, 1])
    with c[0]:
        lr = synced_number(t("train.lr"), **synced(inputs.LR), slider_lo=inputs.LR_SLIDER[0],
                           slider_hi=inputs.LR_SLIDER[1], step=0.1, help=t("train.lr_help"))
    steps = c[1].slider(t("train.steps"), **args(inputs.STEPS), step=1)
    eps = c[2].slider(t("train.smoothing"), **args(inputs.SMOOTHING), step=0.01,
                      help=t("train.smoothing_help"))
    cfg = TrainConfig(lr=float(lr), steps=int(steps), label_smoothing=float(eps))
    try:
        cfg.check()
    except TrainError as err:
        st.error(msg(err.args[0]), icon=":material/error:")
        return None
    return cfg


def _move(delta: int | None, steps: int) -> None:
    """Reset (None) or step once: a button's callback."""
    ss = st.session_state
    now = int(ss.get(inputs.STEP.key, inputs.STEP.default))
    ss[inputs.STEP.key] = float(0 if delta is None else min(max(now + delta, 0), steps))


@fragment
def train_page() -> None:
    lg = lang()
    st.subheader(t("train.photos_header"))
    names, photos, uploads, views = class_editor()
    model_name = _model_name()
    feats = features([*(p for ps in photos for p in ps), *uploads], model_name, views)
    place_uploads(uploads, feats, names, photos)
    try:
        pl = plan(names, [[p.ref for p in ps if p.ref.digest in feats] for ps in photos])
    except DataError as err:
        for m in err.args[0]:  # a message may hold a class name: user text, never markup
            st.warning(md_escape(msg(m)), icon=":material/warning:")
        return
    for m in pl.problems:
        st.warning(md_escape(msg(m)), icon=":material/warning:")
    d = Data(pl, feats, model_name, views)
    st.caption(t("train.data_caption", n=len(pl.train), views=int(views), rows=len(d.y),
                 held=len(pl.held), c=pl.num_classes, f=d.x.shape[1], model=model_name))
    cfg = _settings()
    if cfg is None:
        return
    traj = _train(d.key, cfg, d)
    if traj.blew_up_at is not None:
        k = traj.blew_up_at
        st.warning(t("train.blew_up", k=k, start=f"{traj.losses[0]:.4f}",
                     loss=f"{traj.losses[k]:.4g}", z=f"{traj.largest_logit(k):.4g}"),
                   icon=":material/warning:")
    else:
        agree(t("train.fell", start=loss_text(traj.losses[0]), end=loss_text(traj.losses[-1]),
                acc=acc_text(traj.accuracy[-1])))
    firsts = d.firsts  # each training photo's own row (its views follow it)
    ss = st.session_state
    ss.setdefault(inputs.STEP.key, inputs.STEP.default)
    step = int(min(max(float(ss[inputs.STEP.key]), 0), cfg.steps))
    ss[inputs.STEP.key] = float(step)
    b = st.columns([1, 1, 3], vertical_alignment="bottom")
    b[0].button(t("train.reset"), key=inputs.P + "reset", icon=":material/replay:",
                on_click=_move, args=(None, cfg.steps))
    b[1].button(t("train.step_once"), key=inputs.P + "step_once", icon=":material/skip_next:",
                on_click=_move, args=(1, cfg.steps))
    photo = b[2].selectbox(t("train.photo"), **args(inputs.PHOTO, hi=len(firsts) - 1),
                         format_func=lambda i: d.titles[firsts[i]])
    row_titles = [d.titles[i] for i in firsts] + [
        t("train.held_title", title=r.title) for r in pl.held]
    step_piece(traj, pl.names, firsts[photo], d.titles[firsts[photo]], firsts, row_titles,
               step, lg)  # its last table is the gradient heatmap, at every step
    st.caption(t("train.grad_caption"))  # under the heatmap it explains
    chart_numbers(lambda: tables.curve_table(traj, lang=lg), key="train_loss",
                  csv_name="train loss",
                  label=t("train.curve_numbers"))  # the piece's loss and accuracy chart
    _parts(d, cfg, traj, model_name)


def _parts(d: Data, cfg: TrainConfig, traj, model_name: str) -> None:
    lg = lang()
    box = deeper(t("train.why_header"), "train_why")
    if box is not None:
        with box:
            st.markdown(t("train.why_text"))
            scale = st.radio(t("train.start_scale"), **args(inputs.START_SCALE),
                             horizontal=True)
            why = TrainConfig(cfg.lr, cfg.steps, 0.0, cfg.seed, float(scale))
            comp = _compare(d.key, why, d)
            title = d.titles[comp.photo]
            table(tables.why_table(comp, title, lang=lg), name="train why", key="train_why")
            st.markdown(t("train.why_numbers", photo=md_escape(title),
                          p=f"{comp.p_label:.2e}", ce=f"{comp.ce_grad:.4f}",
                          se=f"{comp.se_grad:.6f}", ce_loss=f"{comp.ce.losses[-1]:.4f}",
                          se_loss=f"{comp.se.losses[-1]:.4f}"))
            chart(charts.why_curves(comp, lang=lg), name="train why", key="train_why_chart")
    box = deeper(t("train.try_header"), "train_try")
    if box is not None:
        with box:
            _try_photo(d, traj, model_name)
    box = deeper(t("train.temp_header"), "train_temperature")
    if box is not None:
        with box:
            held = len(d.held_y) > 0
            st.markdown(t("train.temp_text") if held else t("train.temp_no_held"))
            z = traj.held_logits[-1] if held else traj.logits[-1]
            curve = temperature_curve(z, d.held_y if held else d.y)
            chart(charts.temperature(curve, lang=lg), name="train temperature",
                  key="train_temperature")
    box = deeper(t("train.code_header"), "train_code")
    if box is not None:
        with box:
            panel = train_panel(cfg, features_file(d.x, d.y, d.held_x, d.held_y, d.plan.names))
            code_panel(panel)
            c = st.columns(2)
            c[0].download_button(t("train.download_head"), head_file(traj.weight, traj.bias),
                                 file_name=HEAD_FILE, key=inputs.P + "download_head",
                                 icon=":material/download:")
            c[1].download_button(t("train.download_code"), code_zip(panel),
                                 file_name="train_head.zip", key=inputs.P + "download_code",
                                 icon=":material/download:")


def _try_photo(d: Data, traj, model_name: str) -> None:
    lg = lang()
    photo = state.current_photo()
    st.markdown(t("train.try_text", photo=md_escape(msg(photo.label))))
    got = features([_sidebar_photo(photo)], model_name, 0)
    if not got:
        return
    f = next(iter(got.values()))[0][0]  # (F,)
    pred = predict(traj.weight, traj.bias, f)
    left, mid, right = st.columns([1, 2, 2])
    left.image(photo.thumb, width=160)
    with mid:
        table(tables.prediction_table(d.plan.names, pred, lang=lg), name="train new photo",
              key="train_try_head")
    with right:
        table(tables.imagenet_table(imagenet_logits(model_name, f), imagenet_class_names(),
                                    lang=lg), name="train imagenet", key="train_try_imagenet")


def _sidebar_photo(photo) -> Photo:
    return Photo(PhotoRef("sidebar", msg(photo.label), digest(photo.data), 0), photo.data)

