"""Article section 3: sigmoid squashes one logit into (0, 1) — "given an image, is it a car?"."""


import pandas as pd
import streamlit as st

from core.article import sigmoid as art
from core.base.numbers import fmt_number as fmt
from core.base.numbers import fmt_probability as prob
from core.sigmoid import inputs as sig_inputs
from core.sigmoid import math as binary
from core.sigmoid.code import article_panel, curve_panel, group_panel, top_k_panel
from core.sigmoid.figures import loss_formula, side_by_side
from ui import nav, state
from ui.i18n import lang, msg, t
from ui.inputs import args, synced
from ui.live import on_commit
from ui.live import sigmoid_logit as live
from ui.panels import agree, chart, code_panel, deeper, table
from ui.share import fragment, rerun_part
from ui.widgets import commit_synced, exact_number, set_synced

LOGIT_KEY = synced(sig_inputs.LOGIT)["key"]  # the synced number behind the logit
S_LO, S_HI = binary.CURVE_RANGE

st.title(t("sigmoid.title"))
st.markdown(t("sigmoid.lead"))
st.latex(binary.SIGMOID_TEX)
st.markdown(t("sigmoid.landmarks_text"))


def readouts(values: dict[str, str]) -> None:
    """Metrics side by side that wrap onto a new line when the page is narrow."""
    row = st.container(horizontal=True, gap="medium")
    for label, value in values.items():
        row.metric(label, value, width=190)


def drag(value: float) -> None:
    """Button callback: put a logit on the curve at the top of the page."""
    set_synced(LOGIT_KEY, value, S_LO, S_HI)
    st.toast(t("sigmoid.toast", value=f"{value:.4f}"), icon=":material/arrow_upward:")


def link(path: str, label: str, icon: str) -> None:
    """A link to another section's page, drawn only when that page exists."""
    if nav.has(path):
        st.page_link(path, label=label, icon=icon)


def _same(check) -> str:
    return t("sigmoid.same_yes") if check.agrees else t("sigmoid.same_no")


def _target_labeler(noun: str):
    """Target radio options: 1 names the chosen question's noun, in this run's language."""
    yes, no = t("sigmoid.target_yes", noun=noun), t("sigmoid.target_no")
    return lambda target: yes if target else no


def _question_labeler():
    """Question options: the group's question and its class count, in this run's language."""
    texts = {k: t("sigmoid.question_option", question=msg(g.question), n=len(g.names))
             for k, g in binary.GROUPS.items()}
    return texts.get


# ---------------------------------------------------------------- 1 + 4: curve and loss
LIVE_KEY, LIVE_SEQ, LIVE_MSG = "sigmoid_live", "sigmoid_live_seq", "sigmoid_live_msg"
CURVE = "sigmoid_curve"  # the section the piece asks for after its own run
# commits taken, and how many of them the section had seen when it was last drawn
LIVE_COMMITS, LIVE_DRAWN = "sigmoid_live_commits", "sigmoid_live_drawn"


def _take(value: float) -> None:
    """A commit the piece sent, checked: the synced logit (its box's text when next drawn)."""
    commit_synced(LOGIT_KEY, value, S_LO, S_HI)
    st.session_state[LIVE_COMMITS] = int(st.session_state.get(LIVE_COMMITS, 0)) + 1


# The live piece's thumb was released: check what the browser sent, then take it.
_on_live_commit = on_commit(lambda: live.committed_logit(LIVE_KEY, S_LO, S_HI), _take,
                            seq_key=LIVE_SEQ, msg_key=LIVE_MSG)


def _section_behind() -> bool:
    ss = st.session_state
    return int(ss.get(LIVE_COMMITS, 0)) != ss.get(LIVE_DRAWN)


def _on_shown() -> None:
    """The browser has painted the piece's torch numbers for a commit: now the section around
    it (the exact box, the derivative line, the code, the loss part), unless it has drawn that
    commit already."""
    if _section_behind():
        rerun_part(CURVE)


@fragment
def logit_piece() -> None:
    """The piece, a fragment of its own: a commit reruns it alone, with torch's numbers for the
    new logit at once; its data then say that the section around it is behind, and once the
    browser has painted them it asks for the section (``_on_shown``), as the Softmax page's
    drag chart does: the piece is not kept waiting while the browser draws the section."""
    ss = st.session_state
    z = float(ss.get(sig_inputs.LOGIT.key, sig_inputs.LOGIT.default))
    commits = int(ss.get(LIVE_COMMITS, 0))
    live.logit_piece(z, int(ss[sig_inputs.TARGET.key]),
                     derivative=bool(ss[sig_inputs.DERIVATIVE.key]), lo=S_LO, hi=S_HI, step=0.1,
                     key=LIVE_KEY, seq=int(ss.get(LIVE_SEQ, 0)),
                     on_commit=_on_live_commit, lang=lang(),
                     settle=commits if _section_behind() else 0, on_shown=_on_shown)
    if ss.get(LIVE_MSG):
        st.error(msg(ss[LIVE_MSG]), icon=":material/error:")


@fragment(key=CURVE)
def curve_section() -> None:
    ss = st.session_state
    ss[LIVE_DRAWN] = int(ss.get(LIVE_COMMITS, 0))  # this run draws every commit so far
    st.header(t("sigmoid.curve_header"))
    label = t("sigmoid.logit_label")
    noun = binary.GROUPS[ss.get(sig_inputs.QUESTION.key, sig_inputs.QUESTION.default)].noun
    c1, c2 = st.columns(2, vertical_alignment="bottom")
    target = c1.radio(t("sigmoid.target"), **args(sig_inputs.TARGET), horizontal=True,
                      format_func=_target_labeler(msg(noun)))
    show_d = c2.toggle(t("sigmoid.show_derivative"), **args(sig_inputs.DERIVATIVE))
    st.caption(t("sigmoid.live_caption"))
    logit_piece()
    c1, _ = st.columns([1, 2])
    with c1:
        z = exact_number(label, **synced(sig_inputs.LOGIT), slider_lo=S_LO, slider_hi=S_HI,
                         what=t("sigmoid.what_logit"))
    if not S_LO <= z <= S_HI:
        st.caption(t("sigmoid.beyond_slider", z=f"{z:g}", lo=f"{S_LO:g}", hi=f"{S_HI:g}"))
    if show_d:
        st.markdown(t("sigmoid.derivative_text", value=f"{binary.readout(z).derivative:.4f}"))

    code_panel(curve_panel(z, target))
    box = deeper(t("sigmoid.loss_header"), "sigmoid_loss")
    if box is not None:
        with box:
            loss_part(z, target)


def loss_part(z: float, target: int) -> None:
    """The binary loss three ways: as written, stably, and torch's."""
    lr = binary.loss_readout(z, target)
    formula = loss_formula(target)
    left, _ = st.columns([3, 1])
    with left:
        way = t("sigmoid.col_way")
        table(pd.DataFrame({
            way: [t("sigmoid.way_literal", formula=formula),
                  t("sigmoid.way_stable", formula="softplus(−z)" if target == 1
                    else "softplus(z)"),
                  t("sigmoid.way_torch")],
            t("sigmoid.col_loss"): [fmt(lr.naive), fmt(lr.stable), fmt(lr.torch_value)]}
        ).set_index(way), name="sigmoid binary loss", key="sigmoid_loss_table")
        if lr.stable_agrees:
            agree(t("sigmoid.loss_equal", formula=formula, loss=f"{lr.torch_value:.4f}"))
        if lr.naive_breaks:
            st.warning(t("sigmoid.loss_breaks", rounds="0" if target == 1 else "1",
                         naive=f"{lr.naive}"), icon=":material/warning:")
        elif lr.naive_loses_digits:
            st.warning(t("sigmoid.loss_digits", naive=f"{lr.naive:.6f}",
                         torch=f"{lr.torch_value:.6f}"), icon=":material/warning:")
    st.caption(t("sigmoid.loss_caption"))
    link("pages/cross_entropy.py", t("sigmoid.link_ce"), ":material/functions:")


curve_section()


# ---------------------------------------------------------------- 2: a real photo
def photo_part() -> None:
    """The article's question on the learner's photo: one binary logit from 1000 classes."""
    st.markdown(t("sigmoid.photo_lead"))
    photo = state.current_photo()
    c1, c2 = st.columns([1, 3])
    with c1:
        st.image(photo.thumb, caption=f"{msg(photo.label)} · {photo.model_name}")
    with c2:
        key = st.selectbox(t("sigmoid.question"), **args(sig_inputs.QUESTION),
                           format_func=_question_labeler())
        group = binary.GROUPS[key]
        glabel = msg(group.label)
        g = binary.group_logit(photo.logits, key)
        readouts({t("sigmoid.metric_binary"): fmt(g.logit),
                  t("sigmoid.metric_binary_sigmoid"): prob(g.sigmoid),
                  t("sigmoid.metric_mass"): prob(g.mass)})
        diff = abs(g.sigmoid - g.mass)
        if g.mass_agrees:
            agree(t("sigmoid.mass_equal", group=glabel, diff=f"{diff:.1e}"))
        else:
            st.warning(t("sigmoid.mass_differ", diff=f"{diff:.1e}"))
        st.button(t("sigmoid.drag_group"), key="sigmoid_drag_group", icon=":material/arrow_upward:",
                  on_click=drag, args=(g.logit,), help=t("sigmoid.drag_group_help"))
    step, value = t("sigmoid.col_step"), t("sigmoid.col_value")
    steps = pd.DataFrame({
        step: [t("sigmoid.step_in", n=len(group.names), group=glabel),
               t("sigmoid.step_out", n=1000 - len(group.names)),
               t("sigmoid.step_logit"), t("sigmoid.step_sigmoid"), t("sigmoid.step_mass"),
               t("sigmoid.step_mass_logit")],
        value: [fmt(g.lse_in), fmt(g.lse_out), fmt(g.logit), prob(g.sigmoid), prob(g.mass),
                fmt(g.mass_logit)]}).set_index(step)
    left, right = st.columns(2)
    with left:
        table(steps, name=f"binary logit {group.label}", key="sigmoid_group_steps")
    with right:
        cls = t("sigmoid.col_class")
        table(pd.DataFrame({cls: [c[0] for c in g.top],
                            t("sigmoid.col_logit"): [fmt(c[1]) for c in g.top],
                            "softmax p": [f"{c[2]:.2e}" for c in g.top]}).set_index(cls),
              name=f"top {group.label} classes", key="sigmoid_group_top",
              caption=t("sigmoid.top_caption", group=glabel))
    st.caption(t("sigmoid.group_classes", question=msg(group.question), n=len(group.names),
                 names=", ".join(group.names)))
    code_panel(group_panel(photo.model_name, photo.file_name, photo.png, key))


# ---------------------------------------------------------------- 3: sigmoid vs softmax
@fragment
def versus_section() -> None:
    record = state.current_record()
    n = record.num_classes
    if n < 2:
        st.info(t("sigmoid.single_class"))
        return
    k = n if n == 2 else st.slider(t("sigmoid.k"), **args(sig_inputs.TOP_K, hi=n))
    top = record.top_k(k)
    sv = binary.sigmoid_vs_softmax(top.values, top.class_names)
    sig_col, soft_col = t("sigmoid.col_sigmoid"), t("sigmoid.col_softmax")
    chart(side_by_side(sv, lang=lang()), name=f"sigmoid vs softmax top {k}", key="sigmoid_versus",
          data_table=False)  # the same numbers are in the table right below
    cls = t("sigmoid.col_class")
    df = pd.DataFrame({cls: list(sv.names), t("sigmoid.col_logit"): [fmt(v) for v in sv.logits],
                       sig_col: [fmt(v) for v in sv.sigmoid],
                       soft_col: [fmt(v) for v in sv.softmax]})
    df.loc[len(df)] = [t("sigmoid.sum"), "", fmt(sv.sigmoid_sum), fmt(sv.softmax_sum)]
    source = msg(record.detail) or t(f"sources.{record.source}")
    table(df.set_index(cls), name=f"sigmoid vs softmax top {k}", key="sigmoid_versus_table",
          caption=t("sigmoid.versus_caption", k=k, source=source))
    st.markdown(t("sigmoid.versus_text", total=f"{sv.sigmoid_sum:.4f}"))
    link("pages/softmax.py", t("sigmoid.link_softmax"), ":material/equalizer:")
    code_panel(top_k_panel(sv.logits, sv.names))


# ---------------------------------------------------------------- 5: article mode
def article_section() -> None:
    st.header(t("sigmoid.article_header"))
    st.markdown(t("sigmoid.article_text"))
    seed = int(st.columns([1, 3])[0].number_input(t("sigmoid.seed"), **args(sig_inputs.SEED),
                                                  step=1))
    with st.spinner(t("sigmoid.building")):
        run = art.article_run(seed)
    checks = art.article_checks(run)
    table(pd.DataFrame({
        "": [t("sigmoid.row_logit"), t("sigmoid.row_sigmoid"), t("sigmoid.row_printed")],
        t("sigmoid.col_printed"): [fmt(art.ARTICLE_LOGIT), fmt(art.ARTICLE_SIGMOID),
                                   fmt(art.ARTICLE_SIGMOID)],
        t("sigmoid.col_computed", seed=seed): [fmt(run.logit), fmt(run.sigmoid),
                                               fmt(run.printed_logit_sigmoid)],
        t("sigmoid.col_same"): [_same(c) for c in checks]}
    ).set_index(""), name=f"article resnet18 seed {seed}", key="sigmoid_article_table")
    st.caption(t("article.rule"))
    if checks[2].agrees:
        agree(t("sigmoid.article_agree", value=f"{run.printed_logit_sigmoid:.4f}"))
    else:
        st.warning(t("sigmoid.article_disagree", value=checks[2].correct))
    st.button(t("sigmoid.drag_article"), key="sigmoid_drag_article",
              icon=":material/arrow_upward:", on_click=drag, args=(run.logit,))
    code_panel(article_panel(seed))


article_section()
for title, key, part in ((t("sigmoid.photo_header"), "sigmoid_photo", photo_part),
                         (t("sigmoid.versus_header"), "sigmoid_versus", versus_section)):
    box = deeper(title, key)
    if box is not None:
        with box:
            part()
