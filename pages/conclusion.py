"""Article section 7: the whole story on the current numbers, a decision guide, a self-check."""

import pandas as pd
import streamlit as st

from core.numbers import NumberError, parse_number
from core.recap import DECISION_GUIDE, check_loss_answer, recap
from ui import nav, state
from ui.panels import table

st.title("Conclusion")
st.markdown(
    "**Logits** are the raw outputs of the last layer. **Sigmoid** maps each logit to (0, 1) "
    "on its own: binary and multi-label tasks. **Softmax** maps a whole vector to (0, 1) values "
    "that sum to 1: multi-class tasks where the model should pick one class. **NLL** picks the "
    "target's value and negates it; **cross-entropy** is log-softmax followed by NLL.")

record = state.current_record()
names = record.class_names
st.caption(f"Current logits: {record.num_classes} classes from {record.source}"
           + (f" ({record.detail})" if record.detail else "")
           + (" — first row of the batch" if record.values.ndim == 2 else ""))
target = None
if record.targets:
    target = record.targets[0]
r = recap(record.row, names, target=target)

st.subheader("Recap on the current numbers")
for row in r.rows:
    c1, c2, c3 = st.columns([2, 3, 5])
    if nav.has(row.page):
        c1.page_link(row.page, label=row.concept)
    else:
        c1.markdown(f"**{row.concept}**")
    c2.markdown(f"`{row.formula}`")
    c3.text(row.value)

st.subheader("Which one do I use?")
table(pd.DataFrame(DECISION_GUIDE, columns=["task", "example", "activation", "loss",
                                             "PyTorch"]).set_index("task"),
      name="which-activation-and-loss", key="conclusion_guide")

st.subheader("Check yourself")
st.markdown("The answers are computed from the numbers above, so they change with your photo.")
q1 = st.selectbox("1. Which class has the highest softmax probability?", ["—", *names],
                  key="conclusion_q1")
if q1 != "—":
    if q1 == names[r.top]:
        st.success(f"Right: {names[r.top]} with p = {r.probs[r.top]:.4f}. It is also the class "
                   "with the largest logit: softmax never changes the order.")
    else:
        st.error(f"Not quite: {q1} has p = {r.probs[names.index(q1)]:.4f}; the highest is "
                 f"{names[r.top]} with {r.probs[r.top]:.4f}.")

q2_target = st.selectbox("2. Pick a target class …", range(len(names)),
                         format_func=lambda i: names[i], key="conclusion_q2_target")
q2 = st.text_input(f"… what is the cross-entropy loss if the true class is {names[q2_target]}? "
                   "(4 decimals)", key="conclusion_q2")
if q2.strip():
    try:
        answer = parse_number(q2, what="loss")
    except NumberError as e:
        st.warning(str(e))
    else:
        truth = float(r.losses[q2_target])
        if answer.note:
            st.caption(answer.note)
        if check_loss_answer(answer.value, truth):
            st.success(f"Right: −log softmax(z)[{names[q2_target]}] = {truth:.4f}.")
        else:
            st.error(f"Not quite: the loss is −log p = −log {r.probs[q2_target]:.4f} = "
                     f"{truth:.4f}.")
