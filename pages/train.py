"""Train it: cross-entropy teaches a new head on the learner's own photos, one step at a time
(the model's pooled features once, a linear head trained by full-batch gradient descent)."""

import streamlit as st

from ui.i18n import t
from ui.train import train_page

st.title(t("train.title"))
st.markdown(t("train.lead"))
train_page()
