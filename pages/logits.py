"""Article section 2: logits are the raw, unbounded outputs of the last layer."""

import pandas as pd
import streamlit as st

from core.base.numbers import fmt_number
from core.base.record import logit_stats, top_k_indices
from core.photo import inputs as photo_inputs
from core.photo.code import photo_logits_panel
from ui import state
from ui.i18n import lang, msg, t
from ui.inputs import args
from ui.live.logits_charts import histogram_piece, overview_piece
from ui.panels import code_panel, table

st.title(t("logits.title"))
st.markdown(t("logits.lead"))

photo = state.current_photo()
row, names = photo.logits, state.imagenet_class_names()
stats = logit_stats(row)
label = msg(photo.label)

# The charts are live pieces, drawn in the browser and kept across runs: a model switch
# redraws them in place
c1, c2 = st.columns([1, 3])
with c1:
    st.image(photo.thumb, caption=f"{label} · {photo.model_name}")
    k = st.slider(t("logits.k"), **args(photo_inputs.TOP_K))
with c2:
    m = st.columns(4)
    m[0].metric(t("logits.classes"), f"{stats['count']}")
    m[1].metric(t("logits.min"), f"{stats['min']:.4f}")
    m[2].metric(t("logits.max"), f"{stats['max']:.4f}")
    m[3].metric(t("logits.mean"), f"{stats['mean']:.4f}")
    top = top_k_indices(row, k)
    overview_piece(row, names, top, name=f"logits-{photo.label}", lang=lang())

left, right = st.columns([3, 2])
with left:
    st.subheader(t("logits.top_k", k=k))
    top_table = pd.DataFrame({t("logits.col_rank"): range(1, k + 1),
                              t("logits.col_class"): [names[i] for i in top],
                              t("logits.col_index"): top,
                              t("logits.col_logit"): [fmt_number(row[i]) for i in top]})
    table(top_table.set_index(t("logits.col_rank")), name=f"top-{k}-logits-{photo.label}",
          key="logits_topk")
    st.caption(t("logits.sum_note", max=f"{stats['max']:.4f}", n=stats["count"],
                 total=f"{stats['sum']:.2f}"))
    if st.button(t("logits.take_topk", k=k), key="logits_take_topk",
                 help=t("logits.take_topk_help")):
        state.set_record(state.photo_record(photo).top_k(k, rest=True))
        st.success(t("logits.took_topk", k=k))
with right:
    histogram_piece(row, name=f"logit-histogram-{photo.label}", lang=lang())

code_panel(photo_logits_panel(photo.model_name, photo.file_name, photo.png, k))
