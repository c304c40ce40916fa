"""Article section 7: the whole story on the current numbers, a decision guide, a self-check."""

import pandas as pd
import streamlit as st

from core.base.numbers import NumberError, parse_number
from core.base.text import md_escape, plain
from core.overview.inputs import CHECK_TARGET
from core.overview.recap import DECISION_GUIDE, check_loss_answer, recap
from ui import nav, state
from ui.i18n import msg, t
from ui.inputs import args
from ui.panels import table

st.title(t("conclusion.title"))
st.markdown(t("conclusion.lead"))

record = state.current_record()
names = record.class_names
st.caption(t("conclusion.current", n=record.num_classes, source=t(f"sources.{record.source}"))
           + (f" ({msg(record.detail)})" if record.detail else "")
           + (t("conclusion.first_row") if record.values.ndim == 2 else ""))
target = None
if record.targets:
    target = record.targets[0]
r = recap(record.row, names, target=target)

st.subheader(t("conclusion.recap"))
for row in r.rows:
    c1, c2, c3 = st.columns([2, 3, 5])
    if nav.has(row.page):
        c1.page_link(row.page, label=t(nav.title_key(row.page)))
    else:
        c1.markdown(f"**{t(nav.title_key(row.page))}**")
    c2.text(plain(msg(row.formula)))  # st.text: no markup, but no bidi controls either
    c3.text(plain(msg(row.value)))

st.subheader(t("conclusion.guide"))
cols = [t("guide.col_task"), t("guide.col_example"), t("guide.col_activation"),
        t("guide.col_loss"), "PyTorch"]
guide = pd.DataFrame([(t(f"guide.{task}"), t(f"guide.{task}_example"),
                       t(f"guide.{task}_activation"), t(f"guide.{task}_loss"), call)
                      for task, call in DECISION_GUIDE], columns=cols).set_index(cols[0])
table(guide, name="which-activation-and-loss", key="conclusion_guide")

st.subheader(t("conclusion.check"))
st.markdown(t("conclusion.check_lead"))
q1 = st.selectbox(t("conclusion.q1"), ["—", *names], key="conclusion_q1")
best, best_p = md_escape(names[r.top]), f"{r.probs[r.top]:.4f}"
if q1 != "—":
    if q1 == names[r.top]:
        st.success(t("conclusion.q1_right", name=best, p=best_p))
    else:
        st.error(t("conclusion.q1_wrong", name=md_escape(q1),
                   p=f"{r.probs[names.index(q1)]:.4f}", best=best, best_p=best_p))

q2_target = st.selectbox(t("conclusion.q2_target"), **args(CHECK_TARGET, hi=len(names) - 1),
                         format_func=lambda i: names[i])
q2 = st.text_input(t("conclusion.q2", name=md_escape(names[q2_target])), key="conclusion_q2")
if q2.strip():
    try:
        answer = parse_number(q2, what=t("conclusion.what_loss"))
    except NumberError as e:
        st.warning(msg(e))
    else:
        truth = float(r.losses[q2_target])
        if answer.note:
            st.caption(msg(answer.note))
        name = md_escape(names[q2_target])
        if check_loss_answer(answer.value, truth):
            st.success(t("conclusion.q2_right", name=name, loss=f"{truth:.4f}"))
        else:
            st.error(t("conclusion.q2_wrong", p=f"{r.probs[q2_target]:.4f}", loss=f"{truth:.4f}"))
