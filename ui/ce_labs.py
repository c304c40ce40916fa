"""Cross-entropy labs drawn under the four steps: the gradient, the stability lab and the options
PyTorch has, each on the batch the page shows. ``render_photo_batch`` (labelled photos through
the real model) lives in ui/ce_labs_photos.py and is re-exported here."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.base.i18n import Msg, tr
from core.base.text import md_escape
from core.losses import lab
from core.losses import lab_code as snippets
from core.losses import lab_figures as charts
from ui.i18n import lang, t
from ui.panels import chart, code_panel, table
from ui.widgets import synced_number

__all__ = ["render_labs", "render_photo_batch"]

P = "ce_lab_"  # widget key prefix
MAX_BARS = 20  # classes drawn in the gradient chart
GRAD_TEXT = {"p": "trace_p", "y": "trace_y", "g": "trace_g", "auto": "trace_auto",
             "y_title": "chart_y", "title": "chart_title", "hover_g": "hover"}
METHOD_KEYS = dict(zip(lab.METHODS, ("labs.method_naive", "labs.method_log_of_softmax",
                                     "labs.method_log_softmax", "labs.method_cross_entropy")))


def _fmt(v) -> str:
    v = float(v)
    if not np.isfinite(v):
        return "NaN" if np.isnan(v) else f"{v}"
    text = f"{v:.4f}"
    return "0.0000" if text == "-0.0000" else text  # -0.0 (x_max - x_max) is not negative


def _row_labels(n: int) -> list[str]:
    return [t("labs.row", n=i + 1) for i in range(n)]


def _md(message) -> str:
    """A core message (Msg, or an exception carrying one) as Markdown in the user's language:
    the catalogue's text as written, every value put into it (class names!) escaped."""
    if isinstance(message, BaseException):
        message = message.args[0] if message.args else str(message)
    if not isinstance(message, Msg):
        return md_escape(str(message))
    return tr(lang(), message.key, **{k: _md(v) for k, v in message.params.items()})


def _method(m: str) -> str:
    """A stability method's label: the catalogue's labs.method_<m>."""
    return t(METHOD_KEYS[m])


def _panel(build, *args) -> None:
    if snippets.too_big(args[0]):
        st.caption(t("labs.too_big"))
        return
    code_panel(build(*args))


def render_labs(logits, targets, class_names) -> None:
    """Gradient, stability and options sections for a batch: logits (N, C), targets (N,)."""
    try:
        x, tt = lab.check_batch(logits, targets, class_names)
    except lab.LabError as err:
        st.error(_md(err), icon=":material/error:")
        return
    names = tuple(str(n) for n in class_names)
    if len(names) != x.shape[1]:
        st.error(t("labs.count_mismatch", columns=x.shape[1], names=len(names)),
                 icon=":material/error:")
        return
    _gradient(x, tt, names)
    _stability(x, tt, names)
    _options(x, tt, names)


# ---------------------------------------------------------------- gradient
@st.fragment
def _gradient(x: np.ndarray, tt: np.ndarray, names: tuple[str, ...]) -> None:
    st.subheader(t("labs.grad_header"), anchor="gradient")
    st.markdown(t("labs.grad_text"))
    g = lab.gradient(x, tt)
    n = x.shape[0]
    key = P + "grad_row"
    if st.session_state.get(key, 0) not in range(n):
        st.session_state[key] = 0
    labels = _row_labels(n)
    row = st.selectbox(t("labs.grad_row"), range(n), key=key, format_func=labels.__getitem__,
                       disabled=n == 1)
    cols = lab.largest_gradients(g.grad[row], MAX_BARS)
    if len(cols) < len(names):
        st.caption(t("labs.grad_some", k=MAX_BARS, c=len(names)))
    chart(charts.gradient_bars([names[j] for j in cols], g.probs[row, cols], g.onehot[row, cols],
                               g.grad[row, cols], g.grad_autograd[row, cols], row,
                               text={k: t(f"labs.grad_{v}") for k, v in GRAD_TEXT.items()}),
          name="cross-entropy gradient", key=P + "grad_chart")
    df = pd.DataFrame({
        t("labs.col_target"): [names[i] for i in tt],
        t("labs.col_loss"): [_fmt(v) for v in g.loss],
        t("labs.col_p_target"): [_fmt(g.probs[i, tt[i]]) for i in range(n)],
        t("labs.col_grad_target"): [_fmt(g.grad[i, tt[i]]) for i in range(n)],
        t("labs.col_grad_diff"): [f"{np.abs(g.grad[i] - g.grad_autograd[i]).max():.1e}"
                                  for i in range(n)],
    }, index=labels)
    table(df, name="cross-entropy gradient by row", key=P + "grad_table",
          caption=t("labs.grad_caption", diff=f"{g.max_diff:.1e}"))

    st.markdown(t("labs.step_text"))
    lr = synced_number(t("labs.lr_label"), key=P + "lr", default=1.0, lo=0.0001,
                       hi=lab.MAX_LR, slider_lo=0.01, slider_hi=10.0, step=0.01,
                       what=t("labs.lr_what"))
    step = lab.gradient_step(x, tt, lr)
    c1, c2 = st.columns([3, 2])
    with c1:
        steps_df = pd.DataFrame({
            t("labs.col_target"): [names[i] for i in tt],
            t("labs.col_loss_before"): [_fmt(v) for v in step.loss_before],
            t("labs.col_loss_after"): [_fmt(v) for v in step.loss_after],
            t("labs.col_change"): [_fmt(a - b) for a, b in zip(step.loss_after,
                                                              step.loss_before)],
        }, index=labels)
        table(steps_df, name="loss before and after one step", key=P + "step_table",
              caption=t("labs.step_caption", before=_fmt(step.curve[0]),
                        after=_fmt(step.curve[1]), lr=f"{lr:g}"))
    with c2:
        chart(charts.loss_curve(step.curve, title=t("labs.curve_title"),
                                x_title=t("labs.curve_x"), y_title=t("labs.curve_y"),
                                hover=t("labs.curve_hover", x="%{x}", y="%{y:.4f}")),
              name="loss over gradient steps", key=P + "curve_chart")
    _panel(snippets.gradient_panel, x, tt, lr)


# ---------------------------------------------------------------- stability
@st.fragment
def _stability(x: np.ndarray, tt: np.ndarray, names: tuple[str, ...]) -> None:
    st.subheader(t("labs.stab_header"), anchor="stability")
    st.markdown(t("labs.stab_text"))
    c1, c2 = st.columns([3, 1])
    scale = c1.select_slider(t("labs.scale_label"), options=lab.SCALES, value=lab.SCALES[0],
                             key=P + "scale", format_func=lambda s: f"×{s:g}")
    dtype = c2.radio(t("labs.dtype_label"), tuple(lab.DTYPES), key=P + "dtype", horizontal=True)
    res = lab.stability(x, tt, scale, dtype)
    n = x.shape[0]
    df = pd.DataFrame({t("labs.col_target"): [names[i] for i in tt],
                       t("labs.col_largest"): [f"{v:g}" for v in res.scaled.max(axis=1)]},
                      index=_row_labels(n))
    for m in lab.METHODS:
        df[_method(m)] = [_fmt(v) for v in res.picked(m)]
    table(df, name=f"stability x{scale:g} {dtype}", key=P + "stab_table",
          caption=t("labs.stab_caption"))
    st.caption(t("labs.counts_caption"))
    col_method = t("labs.col_method")
    counts = []
    for m in lab.METHODS:
        ninf, nnan, first = lab.non_finite(res, m)
        where = "—" if first is None else (
            t("labs.first_row", row=first[0] + 1) if m == "cross_entropy"
            else t("labs.first_cell", row=first[0] + 1, name=names[first[1]]))
        counts.append({col_method: _method(m), t("labs.col_inf"): ninf,
                       t("labs.col_nan"): nnan, t("labs.col_first"): where})
    c1, c2 = st.columns(2)
    with c1:
        table(pd.DataFrame(counts).set_index(col_method), name="non-finite values by method",
              key=P + "stab_counts")
    with c2:
        sweep = {_method(m): v for m, v in lab.sweep(x, tt, dtype).items()}
        chart(charts.non_finite_sweep(lab.SCALES, sweep, scale, dtype,
                                      title=t("labs.sweep_title"), x_title=t("labs.sweep_x"),
                                      y_title=t("labs.sweep_y"), hover=t("labs.sweep_hover")),
              name="where each method breaks", key=P + "stab_chart")
    hi, lo = lab.thresholds(dtype)
    st.caption(t("labs.thresholds", dtype=dtype, hi=f"{hi:.2f}", lo=f"{lo:.2f}"))
    for line in lab.explain(res, names):
        st.markdown(f"- {_md(line)}")
    _panel(snippets.stability_panel, x, tt, scale, dtype)


# ---------------------------------------------------------------- options
def _weights(names: tuple[str, ...]) -> tuple[float, ...] | None:
    if not st.toggle(t("labs.weights"), key=P + "use_weight", help=t("labs.weights_help")):
        return None
    c = len(names)
    w = [1.0] * c
    if c <= 20:
        cols = st.columns(min(c, 5))
        for j, name in enumerate(names):
            w[j] = cols[j % len(cols)].number_input(
                t("labs.weight_of", name=md_escape(name)), min_value=0.0,
                max_value=lab.MAX_WEIGHT, value=1.0, step=0.1, key=f"{P}w_{j}")
    else:
        c1, c2 = st.columns(2)
        j = c1.selectbox(t("labs.weight_class"), range(c), key=P + "w_class",
                         format_func=lambda i: f"{i}: {names[i]}")
        w[j] = c2.number_input(t("labs.weight_value"), min_value=0.0, max_value=lab.MAX_WEIGHT,
                               value=2.0, step=0.1, key=P + "w_value")
    return tuple(float(v) for v in w)


@st.fragment
def _options(x: np.ndarray, tt: np.ndarray, names: tuple[str, ...]) -> None:
    st.subheader(t("labs.opt_header"), anchor="options")
    st.markdown(t("labs.opt_text"))
    if st.session_state.get(P + "ignore") not in (None, *range(len(names))):
        st.session_state[P + "ignore"] = None
    none = t("labs.ignore_none")
    c1, c2 = st.columns(2)
    reduction = c1.radio(t("labs.reduction"), lab.REDUCTIONS, index=1, key=P + "reduction",
                         horizontal=True)
    ignore = c2.selectbox(
        t("labs.ignore_index"), [None, *range(len(names))], key=P + "ignore",
        format_func=lambda i: none if i is None else f"{i}: {names[i]}",
        help=t("labs.ignore_help"))
    st.caption(t("labs.ignore_caption"))
    eps = synced_number(t("labs.smoothing"), key=P + "smoothing", default=0.0, lo=0.0, hi=1.0,
                        step=0.01, what="label_smoothing")
    opts = lab.CEOptions(reduction=reduction, ignore_index=ignore, label_smoothing=eps,
                         weight=_weights(names))
    try:
        res = lab.cross_entropy_by_hand(x, tt, opts)
    except lab.LabError as err:
        st.error(_md(err), icon=":material/error:")
        return
    n, c = x.shape
    df = pd.DataFrame({
        t("labs.col_target"): [names[i] for i in tt],
        t("labs.col_counted"): [t("labs.counted_yes") if k else t("labs.counted_no")
                                for k in res.kept],
        t("labs.col_w_target"): [f"{v:g}" for v in res.w_target],
        t("labs.col_nll_target"): [_fmt(-res.logp[i, tt[i]]) for i in range(n)],
        t("labs.col_w_nll"): [_fmt(v) for v in res.nll_part],
        t("labs.col_smooth"): [_fmt(v) for v in res.smooth_part],
        t("labs.col_row_loss"): [_fmt(v) for v in res.per_row],
    }, index=_row_labels(n))
    table(df, name="cross-entropy options by row", key=P + "opt_table",
          caption=t("labs.opt_caption", eps=f"{eps:g}", c=c))
    if reduction == "mean":
        how = t("labs.how_mean", den=f"{res.denominator:g}")
    elif reduction == "sum":
        how = t("labs.how_sum")
    else:
        how = t("labs.how_none")
    by_hand = np.atleast_1d(res.by_hand)
    torch_v = np.atleast_1d(res.torch_value)
    out = pd.DataFrame({t("labs.col_by_hand"): [_fmt(v) for v in by_hand],
                        t("labs.col_torch"): [_fmt(v) for v in torch_v]},
                       index=_row_labels(n) if reduction == "none" else [reduction])
    table(out, name="cross-entropy options result", key=P + "opt_result",
          caption=t("labs.result_caption", how=how, diff=f"{res.max_diff:.1e}"))
    if reduction == "mean" and res.denominator == 0:
        st.warning(t("labs.all_ignored"), icon=":material/warning:")
    elif res.agrees:
        st.success(t("labs.agree"), icon=":material/check_circle:")
    chart(charts.row_losses(_row_labels(n), res.per_row, res.kept,
                            marked_text=t("labs.rows_marked"), title=t("labs.rows_title"),
                            y_title=t("labs.rows_y"), hover_loss=t("labs.chart_loss")),
          name="cross-entropy options row losses", key=P + "opt_chart")
    _panel(snippets.options_panel, x, tt, opts)


from ui.ce_labs_photos import render_photo_batch  # noqa: E402 - re-export
