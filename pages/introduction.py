"""Article section 1: why logits, sigmoid, softmax and cross-entropy come as a trio."""

import streamlit as st

from core.base.numbers import fmt_probability as prob
from core.overview.pipeline import summarize
from core.photo.models import count_parameters
from ui import nav, state
from ui.i18n import msg, t

ARROW = ":material/arrow_forward:"

st.title(t("intro.title"))
st.markdown(t("intro.lead"))
st.caption(t("intro.pick_photo"))

photo = state.current_photo()
names = state.imagenet_class_names()
s = summarize(photo.logits, k=3)
model, _ = state.model_and_transform(photo.model_name)


def step(col, number: int, name: str, page: str | None):
    col.markdown(f"**{number}. {t('intro.step_' + name)}**")
    if page and nav.has(page):
        col.page_link(page, label=t("intro.open_page", page=t(nav.title_key(page))), icon=ARROW)


def link(col, page: str):
    if nav.has(page):
        col.page_link(page, label=t("intro.open_page", page=t(nav.title_key(page))), icon=ARROW)


st.subheader(t("intro.pipeline"))
cols = [*st.columns(3), *st.columns(2)]  # two rows: every page link fits its column
step(cols[0], 1, "photo", None)
cols[0].image(photo.thumb, caption=msg(photo.label))
step(cols[1], 2, "network", None)
cols[1].markdown(t("intro.network", model=photo.model_name,
                   params=count_parameters(model) / 1e6))
step(cols[2], 3, "logits", "pages/logits.py")
cols[2].markdown("  \n".join(f"{names[i]}: `{v:.4f}`" for i, v in zip(s.top, s.top_logits)))
cols[2].caption(t("intro.any_real"))
step(cols[3], 4, "softmax", "pages/softmax.py")
link(cols[3], "pages/sigmoid.py")
cols[3].markdown("  \n".join(f"{names[i]}: `{p:.4f}`" for i, p in zip(s.top, s.top_softmax)))
cols[3].caption(t("intro.sigmoid_top", value=prob(s.top_sigmoid[0], s.top_sigmoid_rest[0])))
step(cols[4], 5, "cross_entropy", "pages/cross_entropy.py")
link(cols[4], "pages/nll.py")
cols[4].markdown(t("intro.loss_if", name=names[s.predicted], loss=f"{s.loss_if_predicted:.4f}"))

st.subheader(t("intro.find"))
for entry in nav.PAGES[1:]:
    st.page_link(entry.path, label=t(entry.title_key), icon=entry.icon)
