"""Cross-entropy labs drawn under the four steps: the gradient, the stability lab and the options
PyTorch has, each on the batch the page shows. ``render_photo_batch`` (labelled photos through
the real model) lives in ui/ce_labs_photos.py and is re-exported here."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core import loss_lab as lab
from core import loss_lab_charts as charts
from core import snippets_lab as snippets
from core.text import md_escape
from ui.panels import chart, code_panel, table
from ui.widgets import synced_number

__all__ = ["render_labs", "render_photo_batch"]

P = "ce_lab_"  # widget key prefix
MAX_BARS = 20  # classes drawn in the gradient chart


def _fmt(v) -> str:
    v = float(v)
    if not np.isfinite(v):
        return "NaN" if np.isnan(v) else f"{v}"
    text = f"{v:.4f}"
    return "0.0000" if text == "-0.0000" else text  # -0.0 (x_max - x_max) is not negative


def _row_labels(n: int) -> list[str]:
    return [f"row {i + 1}" for i in range(n)]


def _panel(build, *args) -> None:
    if snippets.too_big(args[0]):
        st.caption("This batch is too large to print as code; the numbers above are PyTorch's.")
        return
    code_panel(build(*args))


def render_labs(logits, targets, class_names) -> None:
    """Gradient, stability and options sections for a batch: logits (N, C), targets (N,)."""
    try:
        x, t = lab.check_batch(logits, targets, class_names)
    except lab.LabError as err:
        st.error(md_escape(str(err)), icon=":material/error:")
        return
    names = tuple(str(n) for n in class_names)
    if len(names) != x.shape[1]:
        st.error(f"{x.shape[1]} columns of logits but {len(names)} class names.",
                 icon=":material/error:")
        return
    _gradient(x, t, names)
    _stability(x, t, names)
    _options(x, t, names)


# ---------------------------------------------------------------- gradient
@st.fragment
def _gradient(x: np.ndarray, t: np.ndarray, names: tuple[str, ...]) -> None:
    st.subheader("The gradient: softmax minus one-hot", anchor="gradient")
    st.markdown(
        "Training moves the logits against the gradient of the loss. For cross-entropy it is "
        "strikingly simple: for row *i*, **∂loss/∂logit = softmax − one-hot(target)**. The "
        "target's logit is pushed up by 1 − p, every other logit down by its own p. "
        "(With `reduction='mean'` every row's gradient is also divided by N.)")
    g = lab.gradient(x, t)
    n = x.shape[0]
    key = P + "grad_row"
    if st.session_state.get(key, 0) not in range(n):
        st.session_state[key] = 0
    row = st.selectbox("Row to draw", range(n), key=key, format_func=lambda i: f"row {i + 1}",
                       disabled=n == 1)
    cols = lab.largest_gradients(g.grad[row], MAX_BARS)
    if len(cols) < len(names):
        st.caption(f"The {MAX_BARS} classes with the largest |gradient| in this row, of "
                   f"{len(names)}; the target is always among them.")
    chart(charts.gradient_bars([names[j] for j in cols], g.probs[row, cols], g.onehot[row, cols],
                               g.grad[row, cols], g.grad_autograd[row, cols], row),
          name="cross-entropy gradient", key=P + "grad_chart")
    df = pd.DataFrame({
        "target": [names[i] for i in t],
        "loss": [_fmt(v) for v in g.loss],
        "p(target)": [_fmt(g.probs[i, t[i]]) for i in range(n)],
        "∂loss/∂target logit = p − 1": [_fmt(g.grad[i, t[i]]) for i in range(n)],
        "largest |formula − autograd|": [f"{np.abs(g.grad[i] - g.grad_autograd[i]).max():.1e}"
                                         for i in range(n)],
    }, index=_row_labels(n))
    table(df, name="cross-entropy gradient by row", key=P + "grad_table",
          caption=f"softmax − one-hot equals torch.autograd within {g.max_diff:.1e} "
                  "(float32 rounding).")

    st.markdown("**One gradient step on the logits.** Treat the logits as the parameters and "
                "take a step: logits ← logits − lr · (softmax − one-hot).")
    lr = synced_number("Learning rate (lr)", key=P + "lr", default=1.0, lo=0.0001,
                       hi=lab.MAX_LR, slider_lo=0.01, slider_hi=10.0, step=0.01,
                       what="The learning rate")
    step = lab.gradient_step(x, t, lr)
    c1, c2 = st.columns([3, 2])
    with c1:
        steps_df = pd.DataFrame({
            "target": [names[i] for i in t],
            "loss before": [_fmt(v) for v in step.loss_before],
            "loss after one step": [_fmt(v) for v in step.loss_after],
            "change": [_fmt(a - b) for a, b in zip(step.loss_after, step.loss_before)],
        }, index=_row_labels(n))
        table(steps_df, name="loss before and after one step", key=P + "step_table",
              caption=f"Mean loss {_fmt(step.curve[0])} → {_fmt(step.curve[1])} with lr = "
                      f"{lr:g}.")
    with c2:
        chart(charts.loss_curve(step.curve), name="loss over gradient steps",
              key=P + "curve_chart")
    _panel(snippets.gradient_panel, x, t, lr)


# ---------------------------------------------------------------- stability
@st.fragment
def _stability(x: np.ndarray, t: np.ndarray, names: tuple[str, ...]) -> None:
    st.subheader("Stability lab: why log_softmax, not log(softmax)", anchor="stability")
    st.markdown(
        "Multiply the logits by a growing factor (a more confident model) and store them in "
        "half precision: the textbook formulas break, PyTorch's fused ones do not.")
    c1, c2 = st.columns([3, 1])
    scale = c1.select_slider("Scale the logits by", options=lab.SCALES, value=lab.SCALES[0],
                             key=P + "scale", format_func=lambda s: f"×{s:g}")
    dtype = c2.radio("Number type", tuple(lab.DTYPES), key=P + "dtype", horizontal=True)
    res = lab.stability(x, t, scale, dtype)
    n = x.shape[0]
    df = pd.DataFrame({"target": [names[i] for i in t],
                       "largest scaled logit": [f"{v:g}" for v in res.scaled.max(axis=1)]},
                      index=_row_labels(n))
    for m in lab.METHODS:
        df[m] = [_fmt(v) for v in res.picked(m)]
    table(df, name=f"stability x{scale:g} {dtype}", key=P + "stab_table",
          caption="Each column is the row's loss, −log p(target), computed four ways. "
                  "inf and NaN are results, not app errors.")
    st.caption("Below: how many log-probabilities (losses, for cross_entropy) are ±inf or NaN.")
    counts = []
    for m in lab.METHODS:
        ninf, nnan, first = lab.non_finite(res, m)
        where = "—" if first is None else (
            f"row {first[0] + 1}" if m == "cross_entropy"
            else f"row {first[0] + 1}, {names[first[1]]}")
        counts.append({"method": m, "±inf": ninf, "NaN": nnan, "first at": where})
    c1, c2 = st.columns(2)
    with c1:
        table(pd.DataFrame(counts).set_index("method"), name="non-finite values by method",
              key=P + "stab_counts")
    with c2:
        chart(charts.non_finite_sweep(lab.SCALES, lab.sweep(x, t, dtype), scale, dtype),
              name="where each method breaks", key=P + "stab_chart")
    hi, lo = lab.thresholds(dtype)
    st.caption(f"{dtype}: exp(x) is inf above x = {hi:.2f} and 0 below x = {lo:.2f}.")
    for line in lab.explain(res, names):
        st.markdown(f"- {md_escape(line)}")
    _panel(snippets.stability_panel, x, t, scale, dtype)


# ---------------------------------------------------------------- options
def _weights(names: tuple[str, ...]) -> tuple[float, ...] | None:
    if not st.toggle("Class weights (weight=)", key=P + "use_weight",
                     help="Rare classes are often given a larger weight."):
        return None
    c = len(names)
    w = [1.0] * c
    if c <= 20:
        cols = st.columns(min(c, 5))
        for j, name in enumerate(names):
            w[j] = cols[j % len(cols)].number_input(
                f"weight of {md_escape(name)}", min_value=0.0, max_value=lab.MAX_WEIGHT, value=1.0,
                step=0.1, key=f"{P}w_{j}")
    else:
        c1, c2 = st.columns(2)
        j = c1.selectbox("Class to weight (the others keep 1)", range(c), key=P + "w_class",
                         format_func=lambda i: f"{i}: {names[i]}")
        w[j] = c2.number_input("its weight", min_value=0.0, max_value=lab.MAX_WEIGHT,
                               value=2.0, step=0.1, key=P + "w_value")
    return tuple(float(v) for v in w)


@st.fragment
def _options(x: np.ndarray, t: np.ndarray, names: tuple[str, ...]) -> None:
    st.subheader("Options PyTorch has", anchor="options")
    st.markdown(
        "`F.cross_entropy` and `nn.CrossEntropyLoss` take four options. Each is computed "
        "here from its formula, term by term, and compared with PyTorch's own result.")
    if st.session_state.get(P + "ignore") not in (None, *range(len(names))):
        st.session_state[P + "ignore"] = None
    c1, c2 = st.columns(2)
    reduction = c1.radio("reduction", lab.REDUCTIONS, index=1, key=P + "reduction",
                         horizontal=True)
    ignore = c2.selectbox(
        "ignore_index", [None, *range(len(names))], key=P + "ignore",
        format_func=lambda i: "none: every row counts" if i is None else f"{i}: {names[i]}",
        help="Rows whose target is this class are left out (loss 0, not in the mean).")
    st.caption("PyTorch's default is ignore_index=-100: a row whose target is −100 silently "
               "drops out of the loss. Here targets must be real classes (0 to C−1), and a "
               "class is ignored only when you choose it above.")
    eps = synced_number("label_smoothing", key=P + "smoothing", default=0.0, lo=0.0, hi=1.0,
                        step=0.01, what="label_smoothing")
    opts = lab.CEOptions(reduction=reduction, ignore_index=ignore, label_smoothing=eps,
                         weight=_weights(names))
    try:
        res = lab.cross_entropy_by_hand(x, t, opts)
    except lab.LabError as err:
        st.error(md_escape(str(err)), icon=":material/error:")
        return
    n, c = x.shape
    df = pd.DataFrame({
        "target": [names[i] for i in t],
        "counted": ["yes" if k else "ignored" for k in res.kept],
        "w[target]": [f"{v:g}" for v in res.w_target],
        "−log p(target)": [_fmt(-res.logp[i, t[i]]) for i in range(n)],
        "w·(−log p)": [_fmt(v) for v in res.nll_part],
        "Σ w_c·(−log p_c)": [_fmt(v) for v in res.smooth_part],
        "row loss": [_fmt(v) for v in res.per_row],
    }, index=_row_labels(n))
    table(df, name="cross-entropy options by row", key=P + "opt_table",
          caption=f"row loss = (1 − {eps:g}) · w·(−log p) + {eps:g} / {c} · Σ w_c·(−log p_c); "
                  "0 for an ignored row.")
    if reduction == "mean":
        how = f"sum of row losses / Σ w[target] over counted rows = … / {res.denominator:g}"
    elif reduction == "sum":
        how = "sum of row losses"
    else:
        how = "one loss per row, nothing reduced"
    by_hand = np.atleast_1d(res.by_hand)
    torch_v = np.atleast_1d(res.torch_value)
    out = pd.DataFrame({"by hand (formula)": [_fmt(v) for v in by_hand],
                        "F.cross_entropy": [_fmt(v) for v in torch_v]},
                       index=_row_labels(n) if reduction == "none" else [reduction])
    table(out, name="cross-entropy options result", key=P + "opt_result",
          caption=f"{how}. Largest difference: {res.max_diff:.1e}.")
    if reduction == "mean" and res.denominator == 0:
        st.warning("Every row is ignored or has weight 0, so the mean is 0 / 0 = NaN. "
                   "PyTorch returns NaN too: choose another ignore_index or weight.",
                   icon=":material/warning:")
    elif res.agrees:
        st.success("The formula and F.cross_entropy agree.", icon=":material/check_circle:")
    chart(charts.row_losses(_row_labels(n), res.per_row, res.kept),
          name="cross-entropy options row losses", key=P + "opt_chart")
    _panel(snippets.options_panel, x, t, opts)


from ui.ce_labs_photos import render_photo_batch  # noqa: E402 - re-export
