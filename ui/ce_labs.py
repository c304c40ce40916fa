"""Cross-entropy labs drawn under the four steps: the gradient, the stability lab and the options
PyTorch has, each on the batch the page shows. ``render_photo_batch`` (labelled photos through
the real model) lives in ui/ce_labs_photos.py and is re-exported here."""

from __future__ import annotations

import streamlit as st

from core.base.i18n import Msg, tr
from core.base.text import md_escape
from core.losses import inputs, lab
from core.losses import lab_code as snippets
from core.losses import lab_figures as charts
from core.losses import lab_tables as tables
from core.losses.batch import Batch
from ui import ce_labs_live as live
from ui.i18n import lang, t
from ui.inputs import args
from ui.panels import chart, code_panel, deeper, table
from ui.share import fragment

__all__ = ["render_labs", "render_photo_batch"]

P = inputs.LAB  # widget key prefix
MAX_BARS = 20  # classes drawn in the gradient chart


def _md(message) -> str:
    """A core message (Msg, or an exception carrying one) as Markdown in the user's language:
    the catalogue's text as written, every value put into it (class names!) escaped."""
    if isinstance(message, BaseException):
        message = message.args[0] if message.args else str(message)
    if not isinstance(message, Msg):
        return md_escape(str(message))
    return tr(lang(), message.key, **{k: _md(v) for k, v in message.params.items()})


def _panel(build, *args) -> None:
    if snippets.too_big(args[0]):
        st.caption(t("labs.too_big"))
        return
    code_panel(build(*args))


def render_labs(batch: Batch) -> None:
    """Gradient, stability and options, each a "Go deeper" part (closed, and computed only
    while open) for the page's batch, validated where the page built it (core.losses.batch):
    nothing here checks it again."""
    for title, key, part in ((t("labs.grad_header"), "gradient", _gradient),
                             (t("labs.stab_header"), "stability", _stability),
                             (t("labs.opt_header"), "options", _options)):
        box = deeper(title, f"ce_{key}")
        if box is not None:
            with box:
                part(batch)


# ---------------------------------------------------------------- gradient
@fragment
def _gradient(batch: Batch) -> None:
    st.markdown(t("labs.grad_text"))
    g = lab.gradient(batch)
    n, names, lg = batch.num_rows, batch.class_names, lang()
    labels = tables.row_labels(n, lg)
    row = st.selectbox(t("labs.grad_row"), **args(inputs.GRADIENT_ROW, hi=n - 1),
                       format_func=labels.__getitem__, disabled=n == 1)
    cols = lab.largest_gradients(g.grad[row], MAX_BARS)
    if len(cols) < len(names):
        st.caption(t("labs.grad_some", k=MAX_BARS, c=len(names)))
    chart(charts.gradient_bars([names[j] for j in cols], g.probs[row, cols], g.onehot[row, cols],
                               g.grad[row, cols], g.grad_autograd[row, cols], row, lang=lang()),
          name="cross-entropy gradient", key=P + "grad_chart")
    table(tables.gradient_frame(batch, g, lg), name="cross-entropy gradient by row",
          key=P + "grad_table",
          caption=t("labs.grad_caption", diff=f"{g.max_diff:.1e}"))
    _gradient_step(batch)


# The learning rate's piece sits in a fragment of its own with what it changes, so that a
# commit (a release, a key press) leaves the gradient's chart and table out of the rerun. (The
# other labs have nothing that large to leave out: nested there, their commits measured slower.)
@fragment
def _gradient_step(batch: Batch) -> None:
    lg = lang()
    st.markdown(t("labs.step_text"))
    lr = live.value(live.LR)
    live.lr_piece(batch, lr, lg)  # the step's numbers and table, for every lr of the grid
    live.exact_box(live.LR, t("labs.lr_label"))
    _panel(snippets.gradient_panel, batch.logits, batch.targets, lr)


# ---------------------------------------------------------------- stability
@fragment
def _stability(batch: Batch) -> None:
    st.markdown(t("labs.stab_text"))
    dtype = st.radio(t("labs.dtype_label"), **args(inputs.DTYPE), horizontal=True)
    scale = live.value(live.SCALE)
    hi, lo = lab.thresholds(dtype)
    st.caption(" ".join((t("labs.stab_caption"), t("labs.counts_caption"),
                         t("labs.thresholds", dtype=dtype, hi=f"{hi:.2f}", lo=f"{lo:.2f}"))))
    # its tables and where each method breaks, for every scale of the grid
    live.scale_piece(batch, scale, dtype, lang())
    _panel(snippets.stability_panel, batch.logits, batch.targets, scale, dtype)


# ---------------------------------------------------------------- options
def _weights(names: tuple[str, ...]) -> tuple[float, ...] | None:
    if not st.toggle(t("labs.weights"), **args(inputs.WEIGHTS), help=t("labs.weights_help")):
        return None
    w = [1.0] * len(names)  # a Batch has at most 20 classes: one box each
    cols = st.columns(min(len(names), 5))
    for j, name in enumerate(names):
        w[j] = cols[j % len(cols)].number_input(
            t("labs.weight_of", name=md_escape(name)), **args(inputs.CLASS_WEIGHTS[j]), step=0.1)
    return tuple(float(v) for v in w)


@fragment
def _options(batch: Batch) -> None:
    st.markdown(t("labs.opt_text"))
    names, lg = batch.class_names, lang()
    none = t("labs.ignore_none")
    c1, c2 = st.columns(2)
    reduction = c1.radio(t("labs.reduction"), **args(inputs.REDUCTION), horizontal=True)
    ignore = c2.selectbox(
        t("labs.ignore_index"), **args(inputs.IGNORE, hi=len(names) - 1),
        format_func=lambda i: none if i is None else f"{i}: {names[i]}",
        help=t("labs.ignore_help"))
    st.caption(t("labs.ignore_caption"))
    eps = live.value(live.SMOOTHING)
    opts = lab.CEOptions(reduction=reduction, ignore_index=ignore, label_smoothing=eps,
                         weight=_weights(names))
    try:
        opts.check(batch.num_classes)
    except lab.LabError as err:  # options the lab refuses: their message, ε's box kept
        live.exact_box(live.SMOOTHING, t("labs.smoothing"))
        st.error(_md(err), icon=":material/error:")
        return
    # each row's parts, the result by hand and by torch, whether they agree: for every ε
    live.smoothing_piece(batch, opts, lg)
    live.exact_box(live.SMOOTHING, t("labs.smoothing"))
    _panel(snippets.options_panel, batch.logits, batch.targets, opts)


from ui.ce_labs_photos import render_photo_batch  # noqa: E402 - re-export
