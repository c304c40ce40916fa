"""Article section 5: negative log likelihood. nll_loss picks each row's target value and
negates it: no log is taken here."""

import streamlit as st

from core.article.bears import article_batch, comparisons
from core.base.text import md_escape
from core.losses.batch import row_name
from core.losses.code import nll_panel
from core.losses.math import nll_view
from core.losses.tables import class_matrix, header, nll_frame, reductions_frame
from ui.batch_editor import labelled_batch
from ui.i18n import lang, msg, t
from ui.live.loss_charts import heatmap_piece, picked_piece
from ui.live.row_drag import row_drag
from ui.panels import agree, code_panel, deeper, table
from ui.share import fragment

st.title(t("nll.title"))
st.markdown(t("nll.lead"))


LESSON = "nll_lesson"  # the fragment "drag one row" reruns after its own (ui/live/row_drag.py)


@fragment(key=LESSON)
def nll_lesson() -> None:
    lg = lang()
    batch = labelled_batch("nll", "nav.nll")
    row_drag("nll", batch, "nav.nll", LESSON)
    view = nll_view(batch)
    n = batch.num_rows

    st.subheader(t("nll.s1_header"))
    st.markdown(t("nll.s1_text"))
    left, right = st.columns([3, 2])
    with left:
        table(class_matrix(view.probs, batch, {header("p_target", lg): view.picked}, lang=lg),
              name="nll softmax", key="nll_softmax", caption=t("nll.s1_caption"))
    with right:  # its numbers are the table right beside it
        heatmap_piece(view.probs, batch.targets, batch.class_names, name="nll softmax targets",
                      lang=lg)

    st.subheader(t("nll.s2_header"))
    st.markdown(t("nll.s2_text", n=n))
    left, right = st.columns([3, 2])
    with left:
        table(nll_frame(view, batch, lg), name="nll picked negated", key="nll_picked")
    with right:
        if view.nll_is_negated:
            agree(t("nll.equal_ok", n=n))
        else:  # cannot happen for a validated batch; shown rather than hidden if it ever does
            st.warning(t("nll.equal_bad"), icon=":material/warning:")
        st.info(t("nll.no_log"), icon=":material/lightbulb:")

    st.subheader(t("nll.s3_header"))
    left, right = st.columns([1, 3])
    left.metric(t("nll.metric_mean"), f"{view.nll_mean.item():.4f}")
    left.metric(t("nll.metric_sum"), f"{view.nll_sum.item():.4f}")
    with right:
        table(reductions_frame({"none": view.nll_none, "mean": view.nll_mean,
                                "sum": view.nll_sum}, lg),
              name="nll reductions", key="nll_reductions",
              caption=t("nll.reductions_caption", n=n))

    st.subheader(t("nll.s4_header"))
    worst = view.worst_row
    left, right = st.columns([2, 3])
    left.markdown(t("nll.s4_text", mean=f"{view.mean_picked:.4f}",
                    row=msg(row_name(worst)), p=f"{view.picked[worst].item():.4f}",
                    target=md_escape(batch.target_names[worst])))
    with right:
        picked_piece(view.picked, name="nll target probability", lang=lg)
    code_panel(nll_panel(batch))
    box = deeper(t("nll.article_expander"), "nll_article") \
        if batch.same_as(article_batch()) else None
    if box is not None:
        with box:
            comp = comparisons()
            st.caption(t("article.pretrained"))
            st.caption(t("article.rule"))
            for key, columns in (("softmax", batch.class_names),
                                 ("picked", [header("minus_p_target", lg)]),
                                 ("nll_softmax", [header("nll_none", lg)])):
                c = comp[key]
                st.caption(t("nll.printed_beyond", title=c.title, n=c.count_beyond)
                           if c.count_beyond else
                           t("nll.printed_ok", title=c.title, diff=f"{c.max_diff:.5f}"))
                table(c.frame(columns, lg), name=f"nll article {key}", key=f"nll_article_{key}")


nll_lesson()
