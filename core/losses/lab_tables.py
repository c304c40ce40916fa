"""The Cross-entropy labs' tables as DataFrames, in ``lang`` (section [labs] of the catalogue).

Pure: results of core.losses.lab and the validated Batch in, text cells out; ui/ce_labs.py only
draws them. Class names are the user's and never translated.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.base.i18n import translator
from core.base.numbers import fmt_number
from core.losses import lab
from core.losses.batch import Batch

METHOD_KEYS = dict(zip(lab.METHODS, ("labs.method_naive", "labs.method_log_of_softmax",
                                     "labs.method_log_softmax", "labs.method_cross_entropy")))


def fmt(v) -> str:
    """A loss or probability with 4 decimals, as the article prints them; NaN and ±inf as
    such (they are the stability lab's lesson), and never "-0.0000"."""
    return fmt_number(v)


def row_labels(n: int, lang: str) -> list[str]:
    t = translator(lang)
    return [t("labs.row", n=i + 1) for i in range(n)]


def method_label(method: str, lang: str) -> str:
    """A stability method's label: the catalogue's labs.method_<m>."""
    return translator(lang)(METHOD_KEYS[method])


def _targets(batch: Batch, lang: str) -> dict[str, list[str]]:
    return {translator(lang)("labs.col_target"): list(batch.target_names)}


def gradient_frame(batch: Batch, g: lab.GradientResult, lang: str) -> pd.DataFrame:
    t, tt, n = translator(lang), batch.targets, batch.num_rows
    return pd.DataFrame({
        **_targets(batch, lang),
        t("labs.col_loss"): [fmt(v) for v in g.loss],
        t("labs.col_p_target"): [fmt(g.probs[i, tt[i]]) for i in range(n)],
        t("labs.col_grad_target"): [fmt(g.grad[i, tt[i]]) for i in range(n)],
        t("labs.col_grad_diff"): [f"{np.abs(g.grad[i] - g.grad_autograd[i]).max():.1e}"
                                  for i in range(n)],
    }, index=row_labels(n, lang))


def step_frame(batch: Batch, step: lab.StepResult, lang: str) -> pd.DataFrame:
    t = translator(lang)
    return pd.DataFrame({
        **_targets(batch, lang),
        t("labs.col_loss_before"): [fmt(v) for v in step.loss_before],
        t("labs.col_loss_after"): [fmt(v) for v in step.loss_after],
        t("labs.col_change"): [fmt(a - b) for a, b in zip(step.loss_after, step.loss_before,
                                                          strict=True)],
    }, index=row_labels(batch.num_rows, lang))


def stability_frame(batch: Batch, res: lab.StabilityResult, lang: str) -> pd.DataFrame:
    t = translator(lang)
    df = pd.DataFrame({**_targets(batch, lang),
                       t("labs.col_largest"): [f"{v:g}" for v in res.scaled.max(axis=1)]},
                      index=row_labels(batch.num_rows, lang))
    for m in lab.METHODS:
        df[method_label(m, lang)] = [fmt(v) for v in res.picked(m)]
    return df


def non_finite_frame(batch: Batch, res: lab.StabilityResult, lang: str) -> pd.DataFrame:
    """Per method: ±inf and NaN counts and where the first one is."""
    t = translator(lang)
    col_method = t("labs.col_method")
    counts = []
    for m in lab.METHODS:
        ninf, nnan, first = lab.non_finite(res, m)
        where = "—" if first is None else (
            t("labs.first_row", row=first[0] + 1) if m == "cross_entropy"
            else t("labs.first_cell", row=first[0] + 1, name=batch.class_names[first[1]]))
        counts.append({col_method: method_label(m, lang), t("labs.col_inf"): ninf,
                       t("labs.col_nan"): nnan, t("labs.col_first"): where})
    return pd.DataFrame(counts).set_index(col_method)


def options_frame(batch: Batch, res: lab.OptionsResult, lang: str) -> pd.DataFrame:
    t, tt, n = translator(lang), batch.targets, batch.num_rows
    return pd.DataFrame({
        **_targets(batch, lang),
        t("labs.col_counted"): [t("labs.counted_yes") if k else t("labs.counted_no")
                                for k in res.kept],
        t("labs.col_w_target"): [f"{v:g}" for v in res.w_target],
        t("labs.col_nll_target"): [fmt(-res.logp[i, tt[i]]) for i in range(n)],
        t("labs.col_w_nll"): [fmt(v) for v in res.nll_part],
        t("labs.col_smooth"): [fmt(v) for v in res.smooth_part],
        t("labs.col_row_loss"): [fmt(v) for v in res.per_row],
    }, index=row_labels(n, lang))


def result_frame(batch: Batch, res: lab.OptionsResult, lang: str) -> pd.DataFrame:
    """By hand beside F.cross_entropy: one row per sample for 'none', else one row."""
    t, reduction = translator(lang), res.options.reduction
    return pd.DataFrame({t("labs.col_by_hand"): [fmt(v) for v in np.atleast_1d(res.by_hand)],
                         t("labs.col_torch"): [fmt(v) for v in np.atleast_1d(res.torch_value)]},
                        index=row_labels(batch.num_rows, lang) if reduction == "none"
                        else [reduction])


def how_reduced(res: lab.OptionsResult, lang: str) -> str:
    t, reduction = translator(lang), res.options.reduction
    if reduction == "mean":
        total = float(np.sum(np.asarray(res.per_row, dtype=np.float64)))
        return t("labs.how_mean", num=fmt(total), den=f"{res.denominator:g}",
                 mean=fmt(res.by_hand))
    return t("labs.how_sum") if reduction == "sum" else t("labs.how_none")
