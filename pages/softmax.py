"""Article section 4 (4a, 4b): softmax turns a vector of logits into probabilities that sum to 1.
"""


import numpy as np
import streamlit as st

from core.article import softmax as art
from core.base.text import md_escape
from core.softmax import figures as charts
from core.softmax import inputs as sm_inputs
from core.softmax import math as sm
from core.softmax import tables
from core.softmax.code import article_panel, softmax_panel
from ui import softmax_editor as editor
from ui.i18n import lang, msg, t
from ui.inputs import args, index_for, start_unchosen
from ui.live import gap as gap_live
from ui.live import temperature as temp_live
from ui.panels import agree, chart, code_panel, deeper, part_open, table
from ui.share import fragment

st.title(t("softmax.title"))
st.markdown(t("softmax.lead"))

# ------------------------------------------------------------------ 1. logits by hand
editor.sync()
st.subheader(t("softmax.logits_header"), anchor="logits")
editor.source_controls()


def current_temperature() -> float:
    """The temperature the learner set (kept while its part is closed), on the declared grid."""
    return sm_inputs.TEMPERATURE.snap(float(st.session_state.get(
        args(sm_inputs.TEMPERATURE)["key"])))


def properties_part(names, z) -> None:
    """The properties the article lists, checked on these logits, and the Jacobian."""
    st.markdown(t("softmax.props_heading"))
    table(tables.properties_table(sm.properties(z), lang=lang()),
          name="softmax properties", key="softmax_props")
    chart(charts.jacobian_heatmap(names, sm.jacobian(z), lang=lang()),
          name="softmax jacobian", key="softmax_jacobian_chart")
    st.caption(t("softmax.jacobian_caption"))


# The parts further down that draw these logits too (raise one, temperature): while one is
# open, a change made here reruns the page, else only this part (its drag chart's commit,
# its boxes), which leaves the article's tables and the pick-one chart as they are.
LATER_PARTS = ("softmax_raise", "softmax_temperature")


BY_HAND = "softmax_by_hand"  # the fragment the drag chart asks for after its own run


@fragment(key=BY_HAND)
def by_hand() -> None:
    """The list's drag chart and boxes, and everything computed from the list up to the
    article's part: steps (4a), the plain softmax's code, the properties."""
    if editor.edited_in_part() and any(part_open(p) for p in LATER_PARTS):
        st.rerun(scope="app")  # nothing drawn yet: the page's run draws it all
    editor.part_drawn()
    names, z = editor.working_set()
    b = sm.breakdown(z)
    st.caption(t("softmax.drag_caption"))
    editor.drag(BY_HAND)
    with st.expander(t("softmax.exact_expander"), expanded=False, icon=":material/edit:"):
        editor.exact_boxes()
    editor.messages()

    # -------------------------------------------------------------- 2. step by step (4a)
    st.subheader(t("softmax.steps_header"), anchor="steps")
    st.markdown(t("softmax.steps_text"))
    table(tables.step_table(names, b, lang=lang()), name="softmax step by step",
          key="softmax_steps")
    if b.naive_overflows:
        st.warning(t("softmax.overflow"), icon=":material/warning:")
    code_panel(softmax_panel(names, z, 1.0))  # plain softmax; the temperature part has its own
    box = deeper(t("softmax.props_title"), "softmax_props")
    if box is not None:
        with box:
            properties_part(names, z)


by_hand()
names, z = editor.working_set()  # (the parts below: drawn by the page's run)


# ------------------------------------------------------------------ 3. article mode
def article_part(checked: dict) -> None:
    """Each number the article printed beside what torch computes from its printed logits."""
    st.markdown(t("softmax.article_text"))
    st.caption(t("article.rule"))
    for key, rows in checked.items():
        n_bad = sum(r.differs for r in rows)
        st.markdown(t("softmax.article_preset", title=msg(sm.PRESETS[key].title),
                      logits=list(sm.PRESETS[key].logits)))
        table(tables.comparison_table(rows, lang=lang()),
              name=f"article check {key}", key=f"softmax_article_{key}")
        if n_bad:
            st.warning(t("softmax.article_bad", n=n_bad, total=len(rows)),
                       icon=":material/report:")
        else:
            agree(t("softmax.article_good"))
    code_panel(article_panel(sm.PRESETS["article"].logits), t("softmax.article_code_title"))


checked = {key: art.article_comparison(key) for key in art.ARTICLE_PRINTED}
bad = sum(r.differs for rows in checked.values() for r in rows)
box = deeper(t("softmax.article_title", n=bad, total=sum(map(len, checked.values()))),
             "softmax_article")
if box is not None:
    with box:
        article_part(checked)

# ------------------------------------------------------------------ 4. pick one (4b)
st.subheader(t("softmax.pick_header"), anchor="pick-one")
ex = sm.breakdown(sm.PRESETS["pick_one"].logits)
st.markdown(t("softmax.pick_text"))
chart(charts.pick_one(ex.logits, ex.naive_exp, ex.probs, lang=lang()),
      name="softmax pick one", key="softmax_pick_one_chart")


@fragment
def raise_one(names, z):
    """Raise one class over the others (reruns alone when its controls move)."""
    top, gap_now = sm.current_gap(z)
    if index_for(sm_inputs.RAISE, tuple(names), top):  # a new list: its leading class, and
        start_unchosen(sm_inputs.GAP, round(gap_now, 4))  # its lead as the gap (a live piece)
    who = st.selectbox(t("softmax.raise_label"), **args(sm_inputs.RAISE, hi=len(names) - 1,
                                                        none=False),
                       format_func=names.__getitem__)
    gap_live.gap_piece(names, z, who, float(st.session_state[args(sm_inputs.GAP)["key"]]),
                       lang=lang())
    st.caption(t("softmax.lead_caption", name=md_escape(names[top]), gap=f"{gap_now:.4f}"))


# ------------------------------------------------------------------ 5. temperature


GRID = np.array(sm_inputs.TEMPERATURE.options)  # the declared grid of the control


@fragment
def temperature(names, z):
    """Temperature and entropy (rerun alone when T is released)."""
    st.markdown(t("softmax.temp_text"))
    st.caption(t("softmax.temp_caption"))
    temp_live.temperature_piece(names, z, GRID, current_temperature(), lang=lang())
    sweep = sm.temperature_sweep(z, GRID)
    st.caption(t("softmax.sweep_caption", n=GRID.size, lo=f"{GRID[0]:g}", hi=f"{GRID[-1]:g}",
                 winners=md_escape(tables.sweep_summary(sweep, names))))


for title, key, part in ((t("softmax.raise_header"), "softmax_raise", raise_one),
                         (t("softmax.temp_header"), "softmax_temperature", temperature)):
    box = deeper(title, key)
    if box is not None:
        with box:
            part(names, z)
