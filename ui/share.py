"""Shareable links in the UI: read a link once when a session starts; offer a link to this view.

The format and all validation live in core/base/share.py; this module only moves values between
``st.query_params`` and session state.
"""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

from core.base import share
from core.base.i18n import Msg
from core.base.record import LogitsRecord
from core.photo.images import SAMPLES
from core.photo.models import MODELS
from ui import state
from ui.i18n import LANG_KEY, lang, msg, t
from ui.inputs import ALL, linked_values

APPLIED, MESSAGES = "share_applied", "share_messages"
# A link past Streamlit's limits reaches the script as no link at all: the browser still has it.
PROBE, PROBE_KEY, CUT = "share_probe_link", "share_link_probe", "share_link_cut"

# Counts the fields and characters of the query string the page was opened with (the
# navigation entry: the address bar itself is rewritten by sync_link), as Streamlit does, and
# answers only when Streamlit must have ignored it (so a normal session never reruns for it).
_PROBE_JS = """
const probed = new WeakSet(); // one answer per mounted probe (its root may be a shadow root)
export default function ({ parentElement, data, setTriggerValue }) {
  if (probed.has(parentElement)) return;
  probed.add(parentElement);
  const opened = performance.getEntriesByType("navigation")[0]?.name ?? window.location.href;
  const q = new URL(opened).search.replace(/^\\?/, "");
  const fields = q ? q.split("&").length : 0;
  if (fields > data.maxFields || q.length > data.maxChars) {
    setTriggerValue("cut", { fields: fields, chars: q.length });
  }
}
"""
_link_probe = st.components.v2.component("logits_explorer_link_probe", html="", js=_PROBE_JS)
_share_box = st.components.v2.component(
    "logits_explorer_share_box", html='<div class="lx-share"></div>',
    css=(Path(__file__).with_name("share_box.css")).read_text(encoding="utf-8"),
    js=(Path(__file__).with_name("share_box.js")).read_text(encoding="utf-8"),
    isolate_styles=False)  # in the page's own DOM, like the drag chart (tests read it there)


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
    page_values = linked_values()
    return share.LinkView(model=ss.get(state.MODEL_KEY), sample=sample,
                          logits=record.values if hand else None,
                          names=record.class_names if hand else None,
                          targets=record.targets if hand else None, page_values=page_values,
                          lang=lang())


def link_query() -> dict[str, list[str]]:
    """This view as query parameters (core.base.share's format)."""
    return share.encode(current_view(), ALL)


def sync_link() -> None:
    """Write this view into the address bar, so that it, and the share box that shows it,
    always hold what is on screen. Called at the end of every run: the whole page's (app.py)
    and every fragment's (``fragment`` below), since a fragment's rerun does not redraw the
    sidebar."""
    want = link_query()
    have = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    if have != want:
        st.query_params.from_dict(want)


def fragment(func=None, *, key: str | None = None):
    """``st.fragment`` that writes the link when its rerun ends (every fragment of the app
    is made with this; a test checks). ``key`` names it for ``rerun_part``."""
    if func is None:
        return functools.partial(fragment, key=key)

    @functools.wraps(func)
    def run_and_sync(*args, **kwargs):
        result = func(*args, **kwargs)
        sync_link()
        return result

    return st.fragment(run_and_sync, key=key)


def rerun_part(key: str) -> None:
    """From a widget's callback: rerun only the fragment named ``key`` (instead of the
    fragment the widget sits in), with Streamlit's public ``st.rerun(key)``. Where that
    fragment is not on this page any more (the learner moved on), the whole page reruns."""
    from streamlit.errors import StreamlitAPIException

    try:
        st.rerun(key)
    except StreamlitAPIException:
        st.rerun()


def render_share_box() -> None:
    """Sidebar: the address bar's link (kept equal to this view by sync_link) with a copy
    button; the browser shows the address as it changes, even after a fragment's rerun."""
    with st.sidebar.expander(t("share.box_title"), icon=":material/share:"):
        _share_box(key="share_box", data={"labels": {
            "aria": t("share.box_aria"), "copy": t("share.copy"), "copied": t("share.copied"),
            "select": t("share.select")}})
        if st.session_state.get(state.KIND_KEY) in ("upload", "camera"):
            st.caption(t("share.own_photo"))
        elif current_view().logits is None and \
                state.current_record().num_classes > share.MAX_CLASSES:
            st.caption(t("share.photo_only"))
    _probe_link()
