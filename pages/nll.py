"""Article section 5: negative log likelihood. nll_loss picks each row's target value and
negates it: no log is taken here."""

import streamlit as st

from core.article.bears import article_batch, comparisons
from core.base.text import md_escape
from core.losses import figures as charts_loss
from core.losses.batch import row_name
from core.losses.code import nll_panel
from core.losses.math import nll_view
from core.losses.tables import class_matrix, header, nll_frame, reductions_frame
from ui.batch_editor import labelled_batch
from ui.i18n import lang, msg, t
from ui.live.row_drag import row_drag
from ui.panels import chart, code_panel, table
from ui.share import fragment

st.title(t("nll.title"))
st.markdown(t("nll.lead"))


@fragment
def nll_lesson() -> None:
    lg = lang()
    batch = labelled_batch("nll", "nav.nll")
    row_drag("nll", batch, "nav.nll")
    view = nll_view(batch)
    n = batch.num_rows

    st.subheader(t("nll.s1_header"))
    st.markdown(t("nll.s1_text"))
    table(class_matrix(view.probs, batch, {header("p_target", lg): view.picked}, lang=lg),
          name="nll softmax", key="nll_softmax", caption=t("nll.s1_caption"))
    chart(charts_loss.target_heatmap(view.probs, batch.targets, batch.class_names, lang=lg),
          name="nll softmax targets", key="nll_heatmap")

    st.subheader(t("nll.s2_header"))
    st.markdown(t("nll.s2_text", n=n))
    table(nll_frame(view, batch, lg), name="nll picked negated", key="nll_picked")
    if bool((view.nll_none == view.negated).all()):
        st.success(t("nll.equal_ok", n=n), icon=":material/check_circle:")
    else:  # cannot happen for a validated batch; shown rather than hidden if it ever does
        st.warning(t("nll.equal_bad"), icon=":material/warning:")
    st.info(t("nll.no_log"), icon=":material/lightbulb:")

    st.subheader(t("nll.s3_header"))
    m = st.columns(3)
    m[0].metric(t("nll.metric_mean"), f"{view.nll_mean.item():.4f}")
    m[1].metric(t("nll.metric_sum"), f"{view.nll_sum.item():.4f}")
    m[2].metric(t("nll.metric_rows"), f"{n}")
    table(reductions_frame({"none": view.nll_none, "mean": view.nll_mean,
                            "sum": view.nll_sum}, lg),
          name="nll reductions", key="nll_reductions",
          caption=t("nll.reductions_caption", n=n))

    st.subheader(t("nll.s4_header"))
    worst = int(view.picked.argmin())
    st.markdown(t("nll.s4_text", mean=f"{view.picked.mean().item():.4f}",
                  row=msg(row_name(worst)), p=f"{view.picked[worst].item():.4f}",
                  target=md_escape(batch.target_names[worst])))
    chart(charts_loss.target_prob_bars(view.picked, lang=lg),
          name="nll target probability", key="nll_picked_chart")
    if batch.same_as(article_batch()):
        with st.expander(t("nll.article_expander"), expanded=False,
                         icon=":material/menu_book:"):
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
    code_panel(nll_panel(batch))


nll_lesson()
