"""The Introduction's pipeline as one live picture (ui/live/pipeline.js): photo → network →
logits → sigmoid / softmax → −log p(target) → loss, each stage with this photo's numbers and a
button to its page. The learner says which class the photo really is by clicking one of the top
classes: p(target) and the loss follow at once, from torch's numbers for every offered class
(core.overview.pipeline.summarize; no formula in JS), and the choice comes back here on the
same click (in the link as ``it=``). A page button asks Python to switch pages, so the session
(an uploaded photo, edited logits) goes along."""

from __future__ import annotations

import base64

import streamlit as st

from core.base.i18n import Msg, translator
from core.base.live import commit_index, commit_seq
from core.base.numbers import fmt_number, fmt_probability
from core.base.text import plain
from core.overview.inputs import INTRO_TARGET
from core.overview.pipeline import summarize
from ui import nav
from ui.i18n import msg
from ui.live import colors, commit_payload, on_commit, piece

_component = piece("pipeline", "lxi-root")
KEY = "intro_pipeline_live"
SEQ = KEY + "_seq"
MSG = KEY + "_msg"
GO = KEY + "_go"
# stage → the pages its buttons open (url paths, as in ui.nav)
LINKS = {"logits": ("logits",), "softmax": ("softmax", "sigmoid"), "nll": ("nll",),
         "loss": ("cross_entropy",)}


def _links(t) -> dict:
    out = {}
    for stage, paths in LINKS.items():
        out[stage] = [{"page": e.url_path, "text": t(e.title_key)}
                      for p in paths for e in nav.PAGES if e.url_path == p]
    return out


def picture_data(logits, names, target: int | None, *, thumb: bytes, photo_label: str,
                 model: str, params: float, lang: str, k: int = 3) -> dict:
    """Everything the picture draws, as torch computed it, with the words in ``lang``."""
    t = translator(lang)
    s = summarize(logits, k=k, target=target)
    return {
        "photo": {"src": "data:image/jpeg;base64," + base64.b64encode(thumb).decode("ascii"),
                  "label": plain(photo_label)},
        "network": {"model": model, "params": t("intro.params", params=params),
                    "out": t("intro.out", n=len(logits))},
        "top": [{"index": int(i), "name": plain(names[i]), "logit": fmt_number(z),
                 "p": fmt_probability(p), "share": float(p)}
                for i, z, p in zip(s.top, s.top_logits, s.top_softmax)],
        "rest": t("intro.rest", n=len(logits) - k),
        "sigmoid": t("intro.sigmoid_top", value=fmt_probability(s.top_sigmoid[0],
                                                                 s.top_sigmoid_rest[0])),
        "targets": [{"index": r.index, "name": plain(names[r.index]),
                     "p": fmt_probability(r.p), "logp": fmt_number(-r.loss),
                     "loss": fmt_number(r.loss)} for r in s.targets],
        "target": s.target,
        "links": _links(t),
        "labels": {"photo": t("intro.step_photo"), "network": t("intro.step_network"),
                   "logits": t("intro.step_logits"), "softmax": t("intro.step_softmax"),
                   "nll": t("intro.step_nll"), "loss": t("intro.step_cross_entropy"),
                   "any_real": t("intro.any_real"), "pick": t("intro.pick_target"),
                   "p": t("intro.p_target"), "loss_value": t("intro.loss_value"),
                   "torch": t("live.torch"),
                   "open": t("intro.open_page", page="{page}"),
                   "aria": t("intro.picture_aria")},
        "colors": colors(),
    }


def _read():
    payload = commit_payload(KEY)
    if payload is None:
        return None, 0
    seq = commit_seq(payload)
    return commit_index(payload, "target", size=INTRO_TARGET.hi + 1,
                        what=Msg(INTRO_TARGET.what)), seq


def _take(value: int) -> None:
    st.session_state[INTRO_TARGET.key] = int(value)


def _go() -> None:
    res = st.session_state.get(KEY)
    page = res.get("go") if res is not None else None
    if isinstance(page, str) and any(e.url_path == page for e in nav.PAGES):
        st.session_state[GO] = page


def pipeline_picture(data: dict) -> None:
    """Mount the picture; a page button's request is carried out here (st.switch_page)."""
    data = {**data, "seq": int(st.session_state.get(SEQ, 0))}
    _component(key=KEY, data=data, on_go_change=_go,
               on_commit_change=on_commit(_read, _take, seq_key=SEQ, msg_key=MSG))
    if st.session_state.get(MSG):
        st.error(msg(st.session_state[MSG]), icon=":material/error:")
    page = st.session_state.pop(GO, None)
    if page:
        st.switch_page(next(e.path for e in nav.PAGES if e.url_path == page))
