"""The Cross-entropy labs' grid controls as live pieces (ui/live/playback.js): the learning
rate, the logit scale and the label smoothing redraw their key numbers, curve, bars and tables
while the thumb moves, by playing back torch's numbers for every point of the declared grid
(core.losses.lab_live), computed in one run per batch and options (cached here). On release the
value is committed (one run of the lab's fragment) and the full tables are computed again.

The learning rate and the label smoothing also have an exact box (``exact_box``): a typed value
(lr = 0.37) is checked like every typed number, kept as typed (and in the link), computed by
torch, and shown by the piece as one more point of its grid."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import streamlit as st

from core.base.i18n import Msg, translator
from core.losses import inputs, lab
from core.losses import lab_live as frames
from core.losses.batch import Batch
from core.losses.lab_tables import (
    first_at,
    fmt,
    how_reduced,
    method_label,
    row_labels,
    targets_column,
)
from ui.i18n import msg
from ui.inputs import SYNCED, synced
from ui.live.playback import GridPiece, finite_range, notes, nums, readout, say, table
from ui.widgets import exact_number, set_synced

LR = GridPiece(inputs.LAB + "lr_live", inputs.LEARNING_RATE, "labs.lr_what")
SCALE = GridPiece(inputs.LAB + "scale_live", inputs.SCALE, "labs.scale_label")
SMOOTHING = GridPiece(inputs.LAB + "smoothing_live", inputs.SMOOTHING, "labs.smoothing_what")


def value(piece: GridPiece) -> float:
    """The control's value: the declared default until a commit, a typed value or a link sets
    it; a grid control's value off its grid (an old session) snaps to it. Call before the
    control's exact box is drawn in a run."""
    ss = st.session_state
    inp = piece.inp
    ss.setdefault(inp.key, inp.default)
    if inp.key.endswith(SYNCED):  # an exact box beside the thumb: any value in range
        if not inp.valid(ss[inp.key]):
            set_synced(synced(inp)["key"], inp.default)
        return float(ss[inp.key])
    ss[inp.key] = inp.snap(float(ss[inp.key]))
    return ss[inp.key]


def exact_box(piece: GridPiece, label: str) -> float:
    """The exact box of a piece's synced number (ui.widgets.exact_number: same checks and
    messages as every typed number); returns the good value."""
    inp = piece.inp
    col, _ = st.columns([1, 2])
    with col:
        return exact_number(label, **synced(inp), slider_lo=float(inp.lo),
                            slider_hi=float(inp.hi), what=msg(inp.label))


def _key(batch: Batch) -> tuple:
    """What the frames depend on: the logits (bytes) and the targets."""
    return (batch.logits.shape, batch.logits.tobytes(), tuple(int(t) for t in batch.targets))


@st.cache_data(show_spinner=False, max_entries=16)
def _lr_frames(key: tuple, _batch: Batch) -> dict:
    return frames.lr_frames(_batch)


@st.cache_data(show_spinner=False, max_entries=16)
def _lr_frames_at(key: tuple, lr: float, _batch: Batch) -> dict:
    return frames.lr_frames(_batch, (lr,))


@st.cache_data(show_spinner=False, max_entries=16)
def _scale_frames(key: tuple, dtype: str, _batch: Batch) -> dict:
    return frames.scale_frames(_batch, dtype)


@st.cache_data(show_spinner=False, max_entries=16)
def _smoothing_frames(key: tuple, opts: lab.CEOptions, grid: tuple, _batch: Batch) -> dict:
    return frames.smoothing_frames(_batch, opts, grid)


def _smoothing_with(key: tuple, opts: lab.CEOptions, batch: Batch) -> dict:
    """The grid's frames (one computation whatever ε is chosen) and the chosen ε's."""
    other = replace(opts, label_smoothing=0.0)  # the grid's frames do not depend on ε
    f = _smoothing_frames(key, other, frames.SMOOTHING_GRID, batch)
    eps = float(opts.label_smoothing)
    if eps in f["grid"]:
        return f
    return frames.with_value(f, _smoothing_frames(key, other, (eps,), batch),
                             frames.SMOOTHING_PER_POINT)


def _labels(t, thumb: str) -> dict:
    return {"thumb": thumb, "value": thumb, "source": t("live.lab_source")}



def lr_piece(batch: Batch, lr: float, lang: str) -> None:
    """The learning rate: mean loss before / after one step, the loss curve, each row's loss."""
    t = translator(lang)
    f = _lr_frames(_key(batch), batch)
    if lr not in f["grid"]:  # a typed lr: one more point, by torch
        f = frames.with_value(f, _lr_frames_at(_key(batch), lr, batch), frames.LR_PER_POINT)
    k = len(f["grid"])
    n = batch.num_rows
    _, top = finite_range([v for c in f["curve"] for v in c])
    chart = {"title": t("labs.curve_title"), "file": "gradient steps loss",
             "x_title": t("labs.curve_x"),
             "y_title": t("labs.curve_y"), "xs": list(range(frames.STEPS + 1)), "y_lo": 0.0,
             "y_hi": top, "x_ticks": list(range(0, frames.STEPS + 1, 2)),
             "series": [{"name": t("labs.curve_y"), "frames": [nums(c) for c in f["curve"]]}],
             "point": {"x": [1] * k, "y": f["after"], "digits": 4, "text": "{v}"}}
    rows = [[[f["loss_before"][i], f["loss_after"][j][i],
              f["loss_after"][j][i] - f["loss_before"][i]] for i in range(n)]
            for j in range(k)]
    LR.show(f["grid"], [f"{g:g}" for g in f["grid"]], lr,
            labels=_labels(t, t("labs.lr_label")),
            readouts=[readout(t("labs.col_loss_before"), f["before"]),
                      readout(t("labs.col_loss_after"), f["after"])],
            charts=[chart],
            tables=[table([t("labs.col_loss_before"), t("labs.col_loss_after"),
                           t("labs.col_change")], row_labels(n, lang), rows,
                          lead=targets_column(batch, lang), csv="loss before and after one step")])


def scale_piece(batch: Batch, scale: float, dtype: str, lang: str) -> None:
    """The logit scale: each row's loss by each method, the ±inf / NaN counts, the sweep."""
    t = translator(lang)
    f = _scale_frames(_key(batch), dtype, batch)
    methods = [method_label(m, lang) for m in lab.METHODS]
    _, top = finite_range([v for s in f["sweep"] for v in s])
    chart = {"title": t("labs.sweep_title", dtype=dtype), "file": f"logit scale {dtype}",
             "x_title": t("labs.sweep_x"),
             "y_title": t("labs.sweep_y"), "xs": f["grid"], "log_x": True, "y_lo": 0.0,
             "y_hi": top, "x_ticks": [s for s in f["grid"] if str(int(s))[0] == "1"],
             "series": [{"name": m, "ys": s} for m, s in zip(methods, f["sweep"], strict=True)],
             "vline": f["grid"]}
    counts = [[[f["inf"][j][m], f["nan"][j][m],
                first_at(f["first"][j][m], method, batch.class_names, lang)]
               for m, method in enumerate(lab.METHODS)] for j in range(len(f["grid"]))]
    losses = [[[f"{f['largest'][j][i]:g}", *f["losses"][j][i]] for i in range(batch.num_rows)]
              for j in range(len(f["grid"]))]
    SCALE.show(f["grid"], [f"×{g:g}" for g in f["grid"]], scale,
               labels=_labels(t, t("labs.scale_label")), charts=[chart],
               tables=[table([t("labs.col_largest"), *methods], row_labels(batch.num_rows, lang),
                             losses, text=(0,), lead=targets_column(batch, lang),
                             csv=f"stability {dtype}"),
                       table([t("labs.col_inf"), t("labs.col_nan"), t("labs.col_first")],
                             methods, counts, digits=0, text=(2,),
                             csv=f"non-finite values by method {dtype}")],
               lines=notes([[("", say(m, lang)) for m in frame] for frame in f["explain"]]))


def smoothing_piece(batch: Batch, opts: lab.CEOptions, lang: str) -> bool:
    """The label smoothing, the other options as chosen: each row's parts and loss, the reduced
    result by hand and by torch. False (nothing drawn) for options the lab refuses."""
    t = translator(lang)
    try:
        f = _smoothing_with(_key(batch), opts, batch)
    except lab.LabError:
        return False
    n, k = batch.num_rows, len(f["grid"])
    none = opts.reduction == "none"
    columns = [t("labs.col_w_nll"), t("labs.col_smooth"), t("labs.col_row_loss")]
    rows = [[[f["nll"][j][i], f["smooth"][j][i], f["per_row"][j][i]] for i in range(n)]
            for j in range(k)]
    if none:  # torch's per-row result beside the formula's
        columns.append(t("labs.col_torch"))
        rows = [[[*r, f["torch"][j][i]] for i, r in enumerate(rows[j])] for j in range(k)]
    lead = {**targets_column(batch, lang),
            t("labs.col_counted"): [t("labs.counted_yes") if c else t("labs.counted_no")
                                    for c in f["counted"]],
            t("labs.col_w_target"): [f"{w:g}" for w in f["w_target"]],
            t("labs.col_nll_target"): [fmt(v) for v in f["nll_target"]]}
    _, top = finite_range([v for r in f["per_row"] for v in r])
    bars = {"title": t("labs.rows_title"), "names": row_labels(n, lang), "hi": top,
            "frames": [nums(r) for r in f["per_row"]], "digits": 4}
    reduced = [] if none else [readout(f"{t('labs.col_by_hand')} ({opts.reduction})",
                                       f["by_hand"]),
                               readout(f"{t('labs.col_torch')} ({opts.reduction})", f["torch"])]
    SMOOTHING.show(f["grid"], [f"{g:g}" for g in f["grid"]], float(np.float64(
        opts.label_smoothing)), labels=_labels(t, t("labs.smoothing")), readouts=reduced,
        bars=bars, tables=[table(columns, row_labels(n, lang), rows, lead=lead,
                                 csv="cross-entropy options by row")],
        lines=notes([_options_lines(f, j, opts.reduction, batch.num_classes, lang)
                     for j in range(k)]))
    return True


def _options_lines(f: dict, j: int, reduction: str, c: int, lang: str) -> list:
    """At grid point ``j``: the row-loss formula with its ε, how the rows were reduced and how
    far the formula is from F.cross_entropy, and whether they agree within float32."""
    how = how_reduced(reduction, f["per_row"][j], f["denominator"], f["by_hand"][j], lang)
    lines = [("", say(Msg("labs.opt_caption", eps=f"{f['grid'][j]:g}", c=c), lang)),
             ("", say(Msg("labs.result_caption", how=how, diff=f"{f['max_diff'][j]:.1e}"),
                      lang))]
    if reduction == "mean" and f["denominator"] == 0:
        lines.append(("warn", say(Msg("labs.all_ignored"), lang)))
    elif f["agrees"][j]:
        lines.append(("ok", say(Msg("labs.agree", tol=f"{f['tolerance'][j]:.1e}"), lang)))
    else:  # a formula that is off by more than float32 explains: shown, never hidden
        lines.append(("warn", say(Msg("labs.disagree", diff=f"{f['max_diff'][j]:.1e}",
                                      tol=f"{f['tolerance'][j]:.1e}"), lang)))
    return lines
