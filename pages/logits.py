"""Article section 2: logits are the raw, unbounded outputs of the last layer."""

import pandas as pd
import streamlit as st

from core import charts
from core.images import SAMPLES
from core.record import logit_stats, top_k_indices
from core.snippets import photo_logits_panel
from ui import state
from ui.panels import chart, code_panel, table

st.title("Logits")
st.markdown(
    "The raw outputs of a network's last layer are called **logits**. A network is matrix "
    "products and non-linearities, so a logit can be **any real number**, very negative or very "
    "positive. Logits are **not probabilities**: they do not lie in [0, 1] and do not sum to 1. "
    "An activation function (sigmoid or softmax) comes next.")

photo = state.current_photo()
row, names = photo.logits, state.imagenet_class_names()
stats = logit_stats(row)

c1, c2 = st.columns([1, 3])
with c1:
    st.image(photo.thumb, caption=f"{photo.label} · {photo.model_name}")
    k = st.slider("How many top classes (k)", 1, 20, 5, key="logits_k")
with c2:
    m = st.columns(4)
    m[0].metric("classes", f"{stats['count']}")
    m[1].metric("min logit", f"{stats['min']:.4f}")
    m[2].metric("max logit", f"{stats['max']:.4f}")
    m[3].metric("mean logit", f"{stats['mean']:.4f}")
    top = top_k_indices(row, k)
    chart(charts.logits_overview(row, names, top), name=f"logits-{photo.label}",
          key="logits_overview")

left, right = st.columns([3, 2])
with left:
    st.subheader(f"Top {k} logits")
    top_table = pd.DataFrame({"rank": range(1, k + 1), "class": [names[i] for i in top],
                              "ImageNet index": top, "logit": [f"{row[i]:.4f}" for i in top]})
    table(top_table.set_index("rank"), name=f"top-{k}-logits-{photo.label}", key="logits_topk")
    st.caption(f"The top logit is {stats['max']:.4f}; summed over all {stats['count']} classes "
               f"the logits give {float(row.astype('float64').sum()):.2f}, not 1. "
               "Negative logits are fine: they are scores, not probabilities.")
    if st.button(f"Use these top {k} as the current logits", key="logits_take_topk",
                 help="The next pages (sigmoid, softmax, losses) then start from these values, "
                      "and you can edit them there."):
        state.set_record(state.photo_record(photo).top_k(k))
        st.success(f"The current logits are now these {k} values "
                   "(hand-editable on the next pages).")
with right:
    chart(charts.logits_histogram(row), name=f"logit-histogram-{photo.label}",
          key="logits_histogram")

path = (f"assets/samples/{SAMPLES[photo.sample_key].file}" if photo.sample_key
        else "your_photo.jpg")
code_panel(photo_logits_panel(photo.model_name, path, row, names, k))
