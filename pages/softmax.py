"""Article section 4 (4a, 4b): softmax turns a vector of logits into probabilities that sum to 1.
"""

import math

import numpy as np
import streamlit as st

from core import charts_softmax as charts
from core import softmax_steps as sm
from core import softmax_tables as tables
from core.snippets_softmax import article_panel, softmax_panel
from ui import softmax_editor as editor
from ui.panels import chart, code_panel, table
from ui.widgets import synced_number

st.title("Softmax")
st.markdown(
    "Task: *is the image a horse, a ball, a fish, a car or a stick?* We want one score per class, "
    "each in [0, 1], and together summing to 1. Sigmoid cannot promise the sum: it squashes each "
    "score on its own. **Softmax** looks at all the logits at once: "
    "`softmax(z)_i = exp(z_i) / Σ_j exp(z_j)`.")

# ------------------------------------------------------------------ 1. logits by hand
editor.sync()
st.subheader("Your logits", anchor="logits")
editor.source_controls()
names, z = editor.working_set()
b = sm.breakdown(z)
st.caption("Drag a thumb (or focus it and use the arrow keys): the probabilities follow while "
           "it moves. On release the new logits become the current logits for the next pages.")
editor.drag(names, z, b.probs)
with st.expander("Names and exact values", expanded=False, icon=":material/edit:"):
    editor.exact_boxes()
editor.messages()

# ------------------------------------------------------------------ 2. step by step (4a)
st.subheader("Step by step (4a)", anchor="steps")
st.markdown(
    "Left: the formula as written, `exp(z)` then divide by the sum. Right: the form every "
    "library uses, which subtracts the largest logit first. Both give the same probabilities, "
    "but `exp` overflows float32 above about 88.7, so only the shifted form survives large "
    "logits.")
table(tables.step_table(names, b), name="softmax step by step", key="softmax_steps")
if b.naive_overflows:
    st.warning("The naive form overflowed here: exp(z) is inf in float32, and inf / inf is NaN. "
               "The max-shifted form, which torch.softmax uses, is exact.",
               icon=":material/warning:")
st.markdown("**The five properties the article lists, checked on your numbers**")
table(tables.properties_table(sm.properties(z)), name="softmax properties",
      key="softmax_props")
chart(charts.jacobian_heatmap(names, sm.jacobian(z)), name="softmax jacobian",
      key="softmax_jacobian_chart")
st.caption("Each output depends on every logit: raising z_j raises p_j (diagonal, positive) "
           "and lowers every other p_i (negative). Rows sum to 0 because the outputs always sum "
           "to 1.")

# ------------------------------------------------------------------ 3. article mode
st.subheader("Article mode", anchor="article")
st.markdown(
    "The article printed logits for its five classes, their exponentials, the sum and the "
    "probabilities. Below, each printed number beside what torch computes from the very same "
    "logits; a difference larger than the printed rounding is marked with the correct value. "
    "The article's call `torch.softmax(logits)` also needs `dim=-1` (without it PyTorch raises "
    "a TypeError).")
for key in sm.ARTICLE_PRINTED:
    rows = sm.article_comparison(key)
    n_bad = sum(r.differs for r in rows)
    st.markdown(f"**{sm.PRESETS[key].title}** — logits "
                f"`{list(sm.PRESETS[key].logits)}`")
    table(tables.comparison_table(rows), name=f"article check {key}",
          key=f"softmax_article_{key}")
    if n_bad:
        st.warning(f"{n_bad} of {len(rows)} printed values do not follow from the printed "
                   "logits (beyond rounding).", icon=":material/report:")
    else:
        st.success("Every printed value agrees with torch within rounding.",
                   icon=":material/check_circle:")
code_panel(article_panel(sm.PRESETS["article"].logits), "The article's call, with dim")

# ------------------------------------------------------------------ 4. pick one (4b)
st.subheader("Softmax wants to pick one class (4b)", anchor="pick-one")
ex = sm.breakdown(sm.PRESETS["pick_one"].logits)
st.markdown(
    "The exponential grows fast, so a logit a little larger than the rest takes most of the "
    "mass. The article's example: logits `[0.02, −2.49, 1.25]`.")
chart(charts.pick_one(sm.PRESETS["pick_one"].names, ex.logits, ex.naive_exp, ex.probs),
      name="softmax pick one", key="softmax_pick_one_chart")


@st.fragment
def raise_one(names, z):
    """Raise one class over the others (reruns alone when its controls move)."""
    top, gap_now = sm.current_gap(z)
    if st.session_state.get("softmax_raise_class") not in names:  # new list: start at its top
        st.session_state["softmax_raise_class"] = names[top]
    c1, c2 = st.columns([1, 2])
    who = names.index(c1.selectbox("Raise this class", names, key="softmax_raise_class"))
    with c2:
        gap = synced_number("Gap over the best other logit", key="softmax_gap", default=2.0,
                            lo=-50.0, hi=50.0, slider_lo=-10.0, slider_hi=10.0, step=0.1)
    share = sm.top_share_curve(z, who, [gap])[0]
    c1, c2 = st.columns([1, 3])
    c1.metric(f"share of {names[who]}", f"{share:.4f}")
    c1.caption(f"With its logit {gap:+.4g} over the best other class, {names[who]} takes "
               f"{100 * share:.2f} % of the probability.")
    with c2:
        gaps = np.linspace(-6.0, 10.0, 161)
        chart(charts.top_share_curve(gaps, sm.top_share_curve(z, who, gaps),
                                     sm.others_equal_share(len(names), gaps), gap, share,
                                     names[who]),
              name="softmax top share vs gap", key="softmax_gap_chart")
    st.caption(f"Your logits now: {names[top]} leads the next class by {gap_now:.4f}.")


raise_one(names, z)

# ------------------------------------------------------------------ 5. temperature
st.subheader("Temperature", anchor="temperature")
st.markdown("Dividing the logits by a temperature T before softmax sharpens (T < 1) or flattens "
            "(T > 1) the distribution. Order is kept, so the arg-max never changes.")


@st.fragment
def temperature(names, z, p1):
    """Temperature, entropy and the code panel (rerun alone when T moves)."""
    grid = sm.temperature_grid()
    t = st.select_slider("Temperature T (log scale)", options=[float(v) for v in grid], value=1.0,
                         format_func=lambda v: f"{v:.3g}", key="softmax_temperature")
    sweep = sm.temperature_sweep(z, grid)
    pt = sm.temperature_sweep(z, [t]).probs[0]
    h_nats, h_bits = sm.entropy(z, t)
    m = st.columns(4)
    m[0].metric("entropy (nats)", f"{h_nats:.4f}")
    m[1].metric("entropy (bits)", f"{h_bits:.4f}")
    m[2].metric("uniform would be", f"{math.log(len(names)):.4f} nats")
    m[3].metric("arg-max", names[int(np.argmax(pt))])
    c1, c2 = st.columns(2)
    with c1:
        chart(charts.temperature_bars(names, p1, pt, t), name="softmax temperature",
              key="softmax_temperature_chart")
    with c2:
        chart(charts.entropy_curve(grid, sweep.entropy_nats, t, h_nats, math.log(len(names))),
              name="softmax entropy vs temperature", key="softmax_entropy_chart")
    st.caption(f"Over all {grid.size} temperatures from {grid[0]:g} to {grid[-1]:g}, the arg-max "
               f"is {tables.sweep_summary(sweep, names)}: temperature changes how sure, not which.")

    code_panel(softmax_panel(names, z, t))


temperature(names, z, b.probs)
