"""Article section 1: why logits, sigmoid, softmax and cross-entropy come as a trio."""

import streamlit as st

from core.overview.inputs import INTRO_TARGET
from core.photo.models import count_parameters
from ui import inputs, nav, state
from ui.i18n import lang, msg, t
from ui.live.pipeline import picture_data, pipeline_picture

st.title(t("intro.title"))
st.markdown(t("intro.lead"))
st.caption(t("intro.pick_photo"))

photo = state.current_photo()
model, _ = state.model_and_transform(photo.model_name)
# the target is this photo's: another photo (or model) starts again at its top class
inputs.index_for(INTRO_TARGET, (photo.label, photo.model_name), None)

st.subheader(t("intro.pipeline"))
pipeline_picture(picture_data(
    photo.logits, state.imagenet_class_names(), st.session_state.get(INTRO_TARGET.key),
    thumb=photo.thumb, photo_label=msg(photo.label), model=photo.model_name,
    params=count_parameters(model) / 1e6, lang=lang()))

st.subheader(t("intro.find"))
for entry in nav.PAGES[1:]:
    st.page_link(entry.path, label=t(entry.title_key), icon=entry.icon)
