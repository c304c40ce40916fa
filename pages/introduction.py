"""Article section 1: why logits, sigmoid, softmax and cross-entropy come as a trio."""

import streamlit as st

from core.models import count_parameters
from core.pipeline import summarize
from ui import nav, state

ARROW = ":material/arrow_forward:"

st.title("Logits Explorer")
st.markdown(
    "Telling **cats from dogs**, a chatbot **choosing its next word**, routing a **customer "
    "complaint** to the right team: all three end in the same trio — **softmax**, **sigmoid** "
    "and **cross-entropy loss**. This app shows what each one does to real numbers: a real "
    "ImageNet classifier reads your photo and every value below is computed live with PyTorch.")
st.caption("Pick a sample photo, upload one or use the camera in the sidebar.")

photo = state.current_photo()
names = state.imagenet_class_names()
s = summarize(photo.logits, k=3)
model, _ = state.model_and_transform(photo.model_name)


def step(col, number: int, title: str, page: str | None):
    col.markdown(f"**{number}. {title}**")
    if page and nav.has(page):
        col.page_link(page, label=f"Open the {title} page", icon=ARROW)


st.subheader("The pipeline, with this photo's numbers")
cols = st.columns(5)
step(cols[0], 1, "Photo", None)
cols[0].image(photo.thumb, caption=photo.label)
step(cols[1], 2, "Network", None)
cols[1].markdown(f"`{photo.model_name}`  \n{count_parameters(model) / 1e6:.1f} M parameters  \n"
                 "input → 1000 numbers")
step(cols[2], 3, "Logits", "pages/logits.py")
cols[2].markdown("  \n".join(f"{names[i]}: `{v:.4f}`" for i, v in zip(s.top, s.top_logits)))
cols[2].caption("any real number")
step(cols[3], 4, "Softmax", "pages/softmax.py")
if nav.has("pages/sigmoid.py"):
    cols[3].page_link("pages/sigmoid.py", label="Open the Sigmoid page", icon=ARROW)
cols[3].markdown("  \n".join(f"{names[i]}: `{p:.4f}`" for i, p in zip(s.top, s.top_softmax)))
cols[3].caption(f"sigmoid of the top logit alone: `{s.top_sigmoid[0]:.4f}`")
step(cols[4], 5, "Cross-entropy", "pages/cross_entropy.py")
if nav.has("pages/nll.py"):
    cols[4].page_link("pages/nll.py", label="Open the NLL page", icon=ARROW)
cols[4].markdown(f"if the photo really is **{names[s.predicted]}**:  \n"
                 f"loss = −log p = `{s.loss_if_predicted:.4f}`")

st.subheader("What you will find")
for entry in nav.PAGES[1:]:
    st.page_link(entry.path, label=entry.title, icon=entry.icon)
