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


def targets_column(batch: Batch, lang: str) -> dict[str, list[str]]:
    """The column every lab table starts with: each row's target class."""
    return {translator(lang)("labs.col_target"): list(batch.target_names)}


def gradient_frame(batch: Batch, g: lab.GradientResult, lang: str) -> pd.DataFrame:
    t, tt, n = translator(lang), batch.targets, batch.num_rows
    return pd.DataFrame({
        **targets_column(batch, lang),
        t("labs.col_loss"): [fmt(v) for v in g.loss],
        t("labs.col_p_target"): [fmt(g.probs[i, tt[i]]) for i in range(n)],
        t("labs.col_grad_target"): [fmt(g.grad[i, tt[i]]) for i in range(n)],
        t("labs.col_grad_diff"): [f"{np.abs(g.grad[i] - g.grad_autograd[i]).max():.1e}"
                                  for i in range(n)],
    }, index=row_labels(n, lang))


def first_at(first: tuple[int, int] | None, method: str, class_names, lang: str) -> str:
    """Where a stability method's first value that is not finite lies (lab.non_finite): a row
    for cross_entropy (one loss per row), a row and a class for the others, "—" for none."""
    t = translator(lang)
    if first is None:
        return "—"
    if method == "cross_entropy":
        return t("labs.first_row", row=first[0] + 1)
    return t("labs.first_cell", row=first[0] + 1, name=class_names[first[1]])


def how_reduced(reduction: str, per_row, denominator: float, by_hand, lang: str) -> str:
    """How the rows' losses became the result (lab.OptionsResult's numbers): for 'mean', the
    sum, what it is divided by and the quotient, as numbers."""
    t = translator(lang)
    if reduction == "mean":
        total = float(np.sum(np.asarray(per_row, dtype=np.float64)))
        return t("labs.how_mean", num=fmt(total), den=f"{denominator:g}", mean=fmt(by_hand))
    return t("labs.how_sum") if reduction == "sum" else t("labs.how_none")
