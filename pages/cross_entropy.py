"""Article section 6: cross-entropy = nll_loss of the log of the softmax, in four steps, equal
to nn.CrossEntropyLoss; log_softmax is the stable step 3. Article mode puts the article's
printed tables beside the computed ones."""


import streamlit as st

from core.article.bears import ARTICLE_CALLS, comparisons, run_call
from core.losses import figures as charts_loss
from core.losses import inputs as loss_inputs
from core.losses.batch import row_name
from core.losses.code import article_calls_panel, ce_panel, fmt
from core.losses.math import cross_entropy_steps, picked
from core.losses.tables import header, log_softmax_frame, module_frame, step_frames
from ui import ce_labs
from ui.batch_editor import ARTICLE_DETAIL, labelled_batch
from ui.i18n import lang, msg, t
from ui.inputs import args
from ui.live.loss_charts import loss_piece
from ui.live.row_drag import row_drag
from ui.panels import agree, chart, code_panel, deeper, table
from ui.share import fragment

st.title(t("ce.title"))
st.markdown(t("ce.lead"))


def show_step(key: str, title: str, df, compared=None, columns=None) -> None:
    """One step's table; in article mode the printed table beside it, differences marked."""
    if compared is None:
        table(df, name=f"ce step {title}", key=f"ce_step_{key}")
        return
    left, right = st.columns(2)
    with left:
        st.caption(t("ce.computed_caption"))
        table(df, name=f"ce step {title}", key=f"ce_step_{key}")
    with right:
        st.caption(t("ce.printed_caption", title=compared.title))
        table(compared.frame(columns, lang()), name=f"ce article {title}",
              key=f"ce_article_{key}")
        if compared.count_beyond:
            st.warning(t("ce.printed_beyond", n=compared.count_beyond,
                         diff=f"{compared.max_diff:.4f}"), icon=":material/warning:")
        else:
            st.caption(t("ce.printed_ok", diff=f"{compared.max_diff:.5f}"))


LESSON = "ce_lesson"  # the fragment "drag one row" reruns after its own (ui/live/row_drag.py)


@fragment(key=LESSON)
def cross_entropy_lesson() -> None:
    lg = lang()
    article = st.toggle(t("ce.article_toggle"), **args(loss_inputs.ARTICLE_MODE))
    if article:
        from core.article.bears import article_batch

        batch = article_batch()
        st.caption(t("ce.article_caption", detail=msg(ARTICLE_DETAIL)))
        st.caption(t("article.pretrained"))
        st.caption(t("article.rule"))
        comp = comparisons()
    else:
        batch = labelled_batch("ce", "nav.cross_entropy")
        row_drag("ce", batch, "nav.cross_entropy", LESSON)
        comp = {}
    steps = cross_entropy_steps(batch)
    frames = step_frames(steps, batch, lg)
    names = list(batch.class_names)
    loss_col = [header("loss_short", lg)]

    m = st.columns(3)
    m[0].metric(t("ce.metric_mean"), f"{steps.module_mean:.4f}", help=t("ce.metric_mean_help"))
    m[1].metric(t("ce.metric_shape"), f"{batch.num_rows} × {batch.num_classes}")
    worst = int(steps.module_losses.argmax())
    m[2].metric(t("ce.metric_worst", row=msg(row_name(worst))),
                f"{steps.module_losses[worst].item():.4f}")

    st.markdown(f"**{t('ce.step1')}** · " + (t("ce.step1_article") if article
                                              else t("ce.step1_above")))
    if article:  # the printed tables beside the computed ones: one step under the other
        st.subheader(t("ce.step2"))
        show_step("2", "softmax", frames["2 softmax"], comp.get("softmax"), names)
        st.subheader(t("ce.step3"))
        show_step("3", "log softmax", frames["3 log"], comp.get("log"), names)
    else:  # steps 2 and 3 side by side
        for col, (title, key, name, frame) in zip(st.columns(2), (
                (t("ce.step2"), "2", "softmax", frames["2 softmax"]),
                (t("ce.step3"), "3", "log softmax", frames["3 log"]))):
            with col:
                st.subheader(title)
                show_step(key, name, frame)
    st.subheader(t("ce.step4"))
    st.markdown(t("ce.step4_text"))
    if article:
        show_step("4", "nll loss", frames["4 nll_loss"], comp.get("losses"), loss_col)
        loss_piece(steps.losses, name="ce loss per row", lang=lg, numbers=True)
    else:
        left, right = st.columns(2)
        with left:
            show_step("4", "nll loss", frames["4 nll_loss"])
        with right:  # its numbers are the step-4 table right beside it
            loss_piece(steps.losses, name="ce loss per row", lang=lg, numbers=False)

    st.subheader(t("ce.module_header"))
    left, right = st.columns([2, 3]) if not article else (st.container(), st.container())
    with left:
        st.markdown(t("ce.module_text"))
        if steps.module_matches:
            agree(t("ce.module_ok", diff=f"{steps.max_module_diff:.2e}"))
        else:
            st.warning(t("ce.module_bad", diff=f"{steps.max_module_diff:.3g}"),
                       icon=":material/warning:")
    with right:
        show_step("module", "cross entropy module", module_frame(steps, batch, lg),
                  comp.get("module"), loss_col)

    code_panel(ce_panel(batch))

    box = deeper(t("ce.curve_header"), "ce_curve")
    if box is not None:
        with box:
            st.markdown(t("ce.curve_text"))
            chart(charts_loss.minus_log_curve(picked(steps.probs, batch.targets).numpy(),
                                              lang=lg),
                  name="ce minus log curve", key="ce_curve")
    box = deeper(t("ce.ls_header"), "ce_log_softmax")
    if box is not None:
        with box:
            log_softmax_part(steps, batch, frames)
    box = deeper(t("ce.calls_header"), "ce_calls") if article else None
    if box is not None:
        with box:
            article_calls_part()
    ce_labs.render_labs(batch)
    ce_labs.render_photo_batch()


def log_softmax_part(steps, batch, frames) -> None:
    st.markdown(t("ce.ls_text"))
    left, right = st.columns(2)
    with left:
        st.caption("`torch.log(torch.softmax(logits, dim=1))`")
        table(frames["3 log"], name="ce log of softmax", key="ce_log_of_softmax")
    with right:
        st.caption("`torch.log_softmax(logits, dim=1)`")
        table(log_softmax_frame(steps, batch, lang()), name="ce log softmax",
              key="ce_log_softmax")
    st.caption(t("ce.ls_caption", diff=f"{steps.max_log_softmax_diff:.2e}"))


def article_calls_part() -> None:
    """The article's calls as printed (they fail or warn) beside the ones that run."""
    for call in ARTICLE_CALLS:
        failed, fixed = run_call(call.printed), run_call(call.works)
        st.code(call.printed, language="python")
        st.warning(t("ce.as_printed", error=failed.error or t("ce.runs"), why=msg(call.why)),
                   icon=":material/warning:")
        st.code(f"{call.works}\n# {fmt(fixed.value)}", language="python")
    code_panel(article_calls_panel(), title=t("ce.calls_title"))


cross_entropy_lesson()
