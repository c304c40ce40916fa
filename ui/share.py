"""Shareable links in the UI: read a link once when a session starts; offer a link to this view.

The format and all validation live in core/base/share.py; this module only moves values between
``st.query_params`` and session state.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from core.base import share
from core.base.i18n import Msg
from core.base.record import LogitsRecord
from core.photo.images import SAMPLES
from core.photo.models import MODELS
from ui import state
from ui.i18n import LANG_KEY, lang, msg, t
from ui.inputs import ALL

APPLIED, MESSAGES = "share_applied", "share_messages"
# A link past Streamlit's limits reaches the script as no link at all: the browser still has it.
PROBE, PROBE_KEY, CUT = "share_probe_link", "share_link_probe", "share_link_cut"

# Counts the fields and characters of the address bar's query string, as Streamlit does, and
# answers only when Streamlit must have ignored it (so a normal session never reruns for it).
_PROBE_JS = """
const probed = new WeakSet(); // one answer per mounted probe (its root may be a shadow root)
export default function ({ parentElement, data, setTriggerValue }) {
  if (probed.has(parentElement)) return;
  probed.add(parentElement);
  const q = window.location.search.replace(/^\\?/, "");
  const fields = q ? q.split("&").length : 0;
  if (fields > data.maxFields || q.length > data.maxChars) {
    setTriggerValue("cut", { fields: fields, chars: q.length });
  }
}
"""
_link_probe = st.components.v2.component("logits_explorer_link_probe", html="", js=_PROBE_JS)


def apply_link() -> None:
    """On the first run of a session: take model, photo, logits and page values from the URL.
    Call before the sidebar's widgets are drawn."""
    ss = st.session_state
    if ss.get(APPLIED):
        cut = ss.pop(CUT, None)  # the browser said Streamlit ignored the link (see _probe_link)
        ss[MESSAGES] = [cut] if cut else []  # messages are shown on the run that read the link
        return
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    ss[PROBE] = not params  # no link, or one Streamlit dropped: ask the browser which
    view, msgs = share.decode(params, models=MODELS, samples=SAMPLES, inputs=ALL)
    ss[MESSAGES] = msgs
    if view.lang:
        ss[LANG_KEY] = view.lang
    if view.model:
        ss[state.MODEL_KEY] = view.model
    if view.sample:
        ss[state.KIND_KEY] = "sample"
        ss[state.SAMPLE_KEY] = view.sample
    state.ensure_state()  # classifies the linked photo (may rerun once: then we come back here)
    ss[APPLIED] = True
    if view.logits is not None:
        rows = view.logits if (view.targets is not None or len(view.logits) > 1) \
            else view.logits[0]
        state.set_record(LogitsRecord(values=rows, class_names=view.names, source="preset",
                                      detail=Msg("record.from_link"), targets=view.targets))
    for key, value in view.page_values.items():
        ss[key] = value


def render_link_messages() -> None:
    for m in st.session_state.get(MESSAGES) or []:
        st.warning(msg(m), icon=":material/link_off:")


def _on_link_cut() -> None:
    answer = (st.session_state.get(PROBE_KEY) or {}).get("cut")
    if isinstance(answer, dict):
        cut = share.cut_link_message(answer.get("fields"), answer.get("chars"))
        if cut is not None:
            st.session_state[CUT] = cut
    st.session_state[PROBE] = False


def _probe_link() -> None:
    """While a session opened without a readable link, let the browser tell whether its address
    bar holds one Streamlit ignored (over 1,000 parameters): then apply_link shows why."""
    if st.session_state.get(PROBE):
        with st.sidebar:
            _link_probe(key=PROBE_KEY, on_cut_change=_on_link_cut,
                        data={"maxFields": share.STREAMLIT_MAX_FIELDS,
                              "maxChars": share.STREAMLIT_MAX_CHARS})


def current_view() -> share.LinkView:
    ss = st.session_state
    record = state.current_record()
    hand = not record.from_photo
    sample = ss.get(state.SAMPLE_KEY) if ss.get(state.KIND_KEY) == "sample" else None
    page_values = {p.key: ss[p.key] for p in ALL if p.key in ss}
    return share.LinkView(model=ss.get(state.MODEL_KEY), sample=sample,
                          logits=record.values if hand else None,
                          names=record.class_names if hand else None,
                          targets=record.targets if hand else None, page_values=page_values,
                          lang=lang())


def render_share_box() -> None:
    """Sidebar: a link that opens this page with the same photo, logits and controls."""
    with st.sidebar.expander(t("share.box_title"), icon=":material/share:"):
        view = current_view()
        query = urlencode(share.encode(view, ALL), doseq=True)
        base = (st.context.url or "").split("?")[0] or "http://localhost:8501/"
        st.code(f"{base}?{query}" if query else base, language=None, wrap_lines=True)
        if st.session_state.get(state.KIND_KEY) in ("upload", "camera"):
            st.caption(t("share.own_photo"))
        elif view.logits is None and state.current_record().num_classes > share.MAX_CLASSES:
            st.caption(t("share.photo_only"))
    _probe_link()
