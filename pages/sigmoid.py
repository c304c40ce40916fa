"""Article section 3: sigmoid squashes one logit into (0, 1) — "given an image, is it a car?"."""

import math

import pandas as pd
import streamlit as st

from core import binary
from core.charts_sigmoid import loss_figure, side_by_side, sigmoid_curve
from core.images import SAMPLES
from core.record import LOGIT_LIMIT
from core.snippets_sigmoid import article_panel, curve_panel, group_panel, top_k_panel
from ui import nav, state
from ui.i18n import msg
from ui.panels import chart, code_panel, table
from ui.widgets import set_synced, synced_number

LOGIT_KEY = "sigmoid_logit"
S_LO, S_HI = binary.CURVE_RANGE

st.title("Sigmoid")
st.markdown(
    "The article's task: *given an image, is it a car?* We want **one number between 0 and 1**. "
    "The network gives one logit z (any real number); the **sigmoid** squashes it:\n\n"
    "$$\\sigma(z) = \\frac{1}{1 + e^{-z}}$$\n\n"
    "At z = 0 it is 0.5; below about −4 it is almost 0; above about 4 it is almost 1.")


def _fmt(v: float) -> str:
    return f"{v:.4f}"


def readouts(values: dict[str, str]) -> None:
    """Metrics side by side that wrap onto a new line when the page is narrow."""
    row = st.container(horizontal=True, gap="medium")
    for label, value in values.items():
        row.metric(label, value, width=190)


def drag(value: float) -> None:
    """Button callback: put a logit on the curve at the top of the page."""
    set_synced(LOGIT_KEY, value, S_LO, S_HI)
    st.toast(f"The curve at the top now shows z = {value:.4f}.", icon=":material/arrow_upward:")


def link(path: str, label: str, icon: str) -> None:
    """A link to another section's page, drawn only when that page exists."""
    if nav.has(path):
        st.page_link(path, label=label, icon=icon)


def _same(value: float, printed: float) -> str:
    return "yes" if binary.rounds_to(value, printed) else "DIFFERS (random run)"


def _prob(p: float) -> str:
    """A probability: 4 decimals, or 4 significant digits when it is tiny."""
    return f"{p:.4f}" if p >= 1e-3 or p == 0 else f"{p:.3e}"


# ---------------------------------------------------------------- 1 + 4: curve and loss
@st.fragment
def curve_section() -> None:
    st.header("The curve, live")
    z = synced_number("Logit z", key=LOGIT_KEY, default=0.0, lo=-LOGIT_LIMIT, hi=LOGIT_LIMIT,
                      slider_lo=S_LO, slider_hi=S_HI, step=0.1, what="logit",
                      help="Drag, or use the arrow keys; the exact box takes any number in "
                           f"[−{LOGIT_LIMIT:g}, {LOGIT_LIMIT:g}].")
    r = binary.readout(z)
    readouts({"logit z": _fmt(r.z), "σ(z)": _prob(r.sigmoid), "1 − σ(z)": _prob(r.complement),
              "σ'(z) = σ(1 − σ)": _prob(r.derivative)})
    if not S_LO <= z <= S_HI:
        st.caption(f"z = {z:g} is beyond the slider's {S_LO:g}…{S_HI:g}: the thumb waits at "
                   "the end and the curve widens to show the point.")
    show_d = st.toggle("Show the derivative σ'(z) = σ(z)(1 − σ(z))", key="sigmoid_derivative")
    chart(sigmoid_curve(z, r.sigmoid, derivative=show_d), name="sigmoid curve",
          key="sigmoid_curve")
    if show_d:
        st.markdown(
            f"The slope is at most **0.25**, at z = 0, and below **0.018** once |z| > 4. "
            f"Here it is **{r.derivative:.4f}**. Training moves z along this slope, so where "
            "the curve is flat (large |z|, the saturated ends) **learning slows down**: a "
            "confident wrong answer gets only a tiny gradient through σ alone, which is why "
            "the loss below is computed from the logit directly.")

    st.subheader("Binary loss preview")
    noun = binary.GROUPS[st.session_state.get("sigmoid_group", binary.DEFAULT_GROUP)].noun
    target = st.radio("Target", (1, 0), horizontal=True, key="sigmoid_target",
                      format_func=lambda t: f"1: yes, it is {noun}" if t else "0: no, it is not")
    lr = binary.loss_readout(z, target)
    formula = "−log σ(z)" if target == 1 else "−log(1 − σ(z))"
    left, right = st.columns(2)
    with left:
        chart(loss_figure(z, target, lr.stable), name=f"binary loss target {target}",
              key="sigmoid_loss_curve")
    with right:
        table(pd.DataFrame({
            "way": [f"{formula} as written",
                    "softplus(−z), stable" if target == 1 else "softplus(z), stable",
                    "PyTorch BCE with logits"],
            "loss": [_fmt(lr.naive), _fmt(lr.stable), _fmt(lr.torch_value)]}).set_index("way"),
            name="sigmoid binary loss", key="sigmoid_loss_table")
        if abs(lr.stable - lr.torch_value) <= 1e-6 * max(1.0, abs(lr.torch_value)):
            st.success(f"{formula} = {lr.torch_value:.4f}, equal to PyTorch's built-in binary "
                       "cross-entropy with logits.", icon=":material/check_circle:")
        if math.isinf(lr.naive):
            st.warning("Written literally, the formula breaks here: σ(z) rounds to "
                       f"{'0' if target == 1 else '1'} in float32, so the log gives "
                       f"{lr.naive}. The stable form (what PyTorch uses) stays finite.",
                       icon=":material/warning:")
        elif abs(lr.naive - lr.torch_value) > 5e-5 * max(1.0, abs(lr.torch_value)):
            st.warning(f"Written literally in float32, the formula loses digits here "
                       f"({lr.naive:.6f} instead of {lr.torch_value:.6f}): 1 − σ(z) subtracts "
                       "two nearly equal numbers. The stable form does not.",
                       icon=":material/warning:")
    st.caption("The loss pages generalise this: binary cross-entropy is −log of the "
               "probability given to the true answer.")
    link("pages/cross_entropy.py", "Cross-entropy loss: the same idea for N classes",
         ":material/functions:")
    code_panel(curve_panel(z, target))


curve_section()

# ---------------------------------------------------------------- 2: a real photo
st.header("“Is it a car?” from your photo")
st.markdown(
    "The model on this photo answers a 1000-way question. Group some ImageNet classes and ask a "
    "yes/no question instead: the group's probability is p = Σ softmax over its classes, and its "
    "**binary logit** is log(p / (1 − p)). It is computed from the logits without ever forming "
    "p: log(p / (1 − p)) = logsumexp(logits in the group) − logsumexp(logits outside), so it "
    "stays exact even where p underflows to 0.")
photo = state.current_photo()
c1, c2 = st.columns([1, 3])
with c1:
    st.image(photo.thumb, caption=f"{msg(photo.label)} · {photo.model_name}")
with c2:
    key = st.selectbox("Question", list(binary.GROUPS), key="sigmoid_group",
                       format_func=lambda k: f"{binary.GROUPS[k].question} "
                                             f"({len(binary.GROUPS[k].names)} classes)")
    group = binary.GROUPS[key]
    g = binary.group_logit(photo.logits, key)
    readouts({"binary logit": _fmt(g.logit), "σ(binary logit)": _prob(g.sigmoid),
              "softmax mass (check)": _prob(g.mass)})
    diff = abs(g.sigmoid - g.mass)
    if diff <= 1e-6:
        st.success(f"σ(binary logit) equals the softmax mass of the {group.label} "
                   f"(difference {diff:.1e}).", icon=":material/check_circle:")
    else:
        st.warning(f"σ(binary logit) and the softmax mass differ by {diff:.1e}.")
    st.button("Drag this binary logit", key="sigmoid_drag_group", icon=":material/arrow_upward:",
              on_click=drag, args=(g.logit,),
              help="Puts this binary logit on the curve at the top of the page.")
steps = pd.DataFrame({
    "step": [f"logsumexp of the {len(group.names)} {group.label} logits",
             f"logsumexp of the other {1000 - len(group.names)} logits",
             "binary logit = difference = log(p / (1 − p))", "σ(binary logit) = p",
             "softmax mass Σ p_i over the group", "log(mass / (1 − mass)) from the mass"],
    "value": [_fmt(g.lse_in), _fmt(g.lse_out), _fmt(g.logit), _prob(g.sigmoid), _prob(g.mass),
              _fmt(g.mass_logit)]}).set_index("step")
left, right = st.columns(2)
with left:
    table(steps, name=f"binary logit {group.label}", key="sigmoid_group_steps")
with right:
    table(pd.DataFrame({"class": [t[0] for t in g.top], "logit": [_fmt(t[1]) for t in g.top],
                        "softmax p": [f"{t[2]:.2e}" for t in g.top]}).set_index("class"),
          name=f"top {group.label} classes", key="sigmoid_group_top",
          caption=f"The {group.label} classes this photo scores highest.")
st.caption(f"“{group.question}” counts these {len(group.names)} ImageNet classes: "
           + ", ".join(group.names) + ".")
path = (f"assets/samples/{SAMPLES[photo.sample_key].file}" if photo.sample_key
        else "your_photo.jpg")
code_panel(group_panel(photo.model_name, path, photo.logits, key))


# ---------------------------------------------------------------- 3: sigmoid vs softmax
@st.fragment
def versus_section() -> None:
    st.header("Sigmoid vs softmax on the same logits")
    record = state.current_record()
    n = record.num_classes
    if n < 2:
        st.info("The current logits have a single class: softmax of one logit is always 1.")
        return
    k = n if n == 2 else st.slider("How many top logits (k)", 2, min(10, n), min(5, n),
                                   key="sigmoid_k")
    top = record.top_k(k)
    sv = binary.sigmoid_vs_softmax(top.values, top.class_names)
    chart(side_by_side(sv), name=f"sigmoid vs softmax top {k}", key="sigmoid_versus",
          data_table=False)  # the same numbers are in the table right below
    df = pd.DataFrame({"class": list(sv.names), "logit": [_fmt(v) for v in sv.logits],
                       "sigmoid (alone)": [_fmt(v) for v in sv.sigmoid],
                       "softmax (together)": [_fmt(v) for v in sv.softmax]})
    df.loc[len(df)] = ["sum", "", _fmt(sv.sigmoid_sum), _fmt(sv.softmax_sum)]
    table(df.set_index("class"), name=f"sigmoid vs softmax top {k}", key="sigmoid_versus_table",
          caption=f"Top {k} of the current logits ({msg(record.detail) or record.source}); softmax "
                  "here is over these k only.")
    st.markdown(
        "**Sigmoid** squashes each logit alone, so the values need not sum to 1 "
        f"(here {sv.sigmoid_sum:.4f}): right for yes/no and **multi-label** questions, where "
        "several answers can be true at once. **Softmax** normalises them together so they sum "
        "to 1: right when the image is **exactly one of N** classes.")
    link("pages/softmax.py", "Softmax, step by step", ":material/equalizer:")
    code_panel(top_k_panel(sv.logits, sv.names))


versus_section()


# ---------------------------------------------------------------- 5: article mode
def article_section() -> None:
    st.header("Article mode: resnet18 with one output")
    st.markdown(
        "The article ran `timm.create_model('resnet18', num_classes=1)` on "
        "`torch.randn(1, 3, 224, 224)` and printed a logit of −0.1522 and a sigmoid of 0.4620. "
        "Those came from **random weights and random input**, so they differ on every run. "
        "Here the same example runs with a fixed seed, an untrained head (pretrained=False) and "
        "eval mode, so the numbers are reproducible.")
    seed = int(st.columns([1, 3])[0].number_input("Seed", min_value=0, max_value=9999, value=0,
                                                  step=1, key="sigmoid_seed"))
    with st.spinner("Building resnet18 (first time only)…"):
        run = binary.article_run(seed)
    ok = binary.rounds_to(run.printed_logit_sigmoid, binary.ARTICLE_SIGMOID)
    table(pd.DataFrame({
        "": ["logit", "sigmoid(logit)", "sigmoid(article's −0.1522)"],
        "article printed": [_fmt(binary.ARTICLE_LOGIT), _fmt(binary.ARTICLE_SIGMOID),
                            _fmt(binary.ARTICLE_SIGMOID)],
        f"computed (seed {seed})": [_fmt(run.logit), _fmt(run.sigmoid),
                                    _fmt(run.printed_logit_sigmoid)],
        "same?": [_same(run.logit, binary.ARTICLE_LOGIT),
                  _same(run.sigmoid, binary.ARTICLE_SIGMOID),
                  _same(run.printed_logit_sigmoid, binary.ARTICLE_SIGMOID)]}).set_index(""),
        name=f"article resnet18 seed {seed}", key="sigmoid_article_table")
    if ok:
        st.success("The article's printed logit −0.1522 through sigmoid gives "
                   f"{run.printed_logit_sigmoid:.4f}: its two printed numbers agree.",
                   icon=":material/check_circle:")
    else:
        st.warning(f"σ(−0.1522) = {run.printed_logit_sigmoid:.4f}, not the printed 0.4620.")
    st.button("Drag this run's logit", key="sigmoid_drag_article", icon=":material/arrow_upward:",
              on_click=drag, args=(run.logit,))
    code_panel(article_panel(seed))


article_section()
