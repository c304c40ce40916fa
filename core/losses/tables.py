"""The NLL and Cross-entropy pages' tables as DataFrames (rows = samples, index "row").

Every builder takes ``lang`` and reads its headers from the catalogue (section [losses]) in
that language; class names are the user's and never translated."""

from __future__ import annotations

import numpy as np
import pandas as pd
import torch

from core.base.i18n import tr
from core.losses.batch import Batch, row_index
from core.losses.math import REDUCTIONS, CrossEntropySteps, NllView


def _np(t) -> np.ndarray:
    return t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)


def _frame(columns: dict, lang: str) -> pd.DataFrame:
    df = pd.DataFrame(columns)
    df.index = row_index(len(df), tr(lang, "losses.col_row"))
    return df


def header(key: str, lang: str) -> str:
    """A column header of these tables (``losses.col_<key>``) in ``lang``."""
    return tr(lang, f"losses.col_{key}")


def class_matrix(values, batch: Batch, extra: dict | None = None, *,
                 lang: str) -> pd.DataFrame:
    """One column per class, then the target's name and any extra per-row columns."""
    v = _np(values)  # (N, C)
    cols = {name: v[:, j] for j, name in enumerate(batch.class_names)}
    # a class may be called "target": the target column then keeps a distinct header
    target_col = header("target", lang)
    if target_col in cols:
        target_col = header("target_class", lang)
    cols[target_col] = list(batch.target_names)
    cols.update({k: _np(x) for k, x in (extra or {}).items()})
    return _frame(cols, lang)


def batch_frame(batch: Batch, lang: str) -> pd.DataFrame:
    return class_matrix(batch.logits, batch, lang=lang)


def nll_frame(view: NllView, batch: Batch, lang: str) -> pd.DataFrame:
    return _frame({header("target", lang): list(batch.target_names),
                   header("p_target", lang): _np(view.picked),
                   header("minus_p_target", lang): _np(view.negated),
                   header("nll_none", lang): _np(view.nll_none),
                   header("equal", lang): [tr(lang, "losses.yes" if same else "losses.no")
                                           for same in _np(view.nll_none) == _np(view.negated)]},
                  lang)


def reductions_frame(values_by_reduction: dict[str, torch.Tensor],
                     lang: str) -> pd.DataFrame:
    rows = []
    for r in REDUCTIONS:
        v = _np(values_by_reduction[r]).ravel()
        rows.append({header("reduction", lang): r,
                     header("result", lang): " ".join(f"{x:.4f}" for x in v),
                     header("meaning", lang): tr(lang, f"losses.reduction_{r}")})
    return pd.DataFrame(rows).set_index(header("reduction", lang))


def step_frames(steps: CrossEntropySteps, batch: Batch,
                lang: str) -> dict[str, pd.DataFrame]:
    t = batch.targets
    n = np.arange(batch.num_rows)
    probs, logp = _np(steps.probs), _np(steps.log_probs)
    return {
        "1 logits": class_matrix(steps.logits, batch, lang=lang),
        "2 softmax": class_matrix(probs, batch, {header("p_target", lang): probs[n, t]},
                                  lang=lang),
        "3 log": class_matrix(logp, batch, {header("log_p_target", lang): logp[n, t]},
                              lang=lang),
        "4 nll_loss": _frame({header("target", lang): list(batch.target_names),
                              header("log_p_target", lang): logp[n, t],
                              header("loss", lang): _np(steps.losses)}, lang),
    }


def module_frame(steps: CrossEntropySteps, batch: Batch, lang: str) -> pd.DataFrame:
    a, b = _np(steps.losses), _np(steps.module_losses)
    with np.errstate(invalid="ignore"):
        diff = np.abs(a.astype(np.float64) - b)
    return _frame({header("target", lang): list(batch.target_names),
                   header("step4", lang): a,
                   header("module", lang): b,
                   header("difference", lang): _sci(diff)}, lang)


def log_softmax_frame(steps: CrossEntropySteps, batch: Batch, lang: str) -> pd.DataFrame:
    """log_softmax per class; |log_softmax − log(softmax)| largest per row."""
    ls, lp = _np(steps.log_softmax), _np(steps.log_probs)
    with np.errstate(invalid="ignore"):
        diff = np.abs(ls.astype(np.float64) - lp)
        diff = np.where(ls == lp, 0.0, diff)
    return class_matrix(ls, batch, {header("max_diff", lang): _sci(diff.max(axis=1))},
                        lang=lang)


def _sci(values) -> list[str]:
    """Differences in scientific notation: a 4-decimal table would show 1e-07 as 0.0000."""
    return [f"{float(v):.2e}" for v in np.asarray(values).ravel()]


def _bars_table(values, y_title: str, lang: str) -> pd.DataFrame:
    """A per-row bar chart's "Numbers in this chart": each row's number (as the chart's x axis
    counts them) and its value."""
    v = _np(values).astype(np.float64)
    return pd.DataFrame({tr(lang, "losses.col_row"): np.arange(1, v.size + 1), y_title: v})


def picked_bars_table(picked, *, lang: str) -> pd.DataFrame:
    """The NLL page's target-probability bars as a table."""
    return _bars_table(picked, tr(lang, "nll.picked_y"), lang)


def loss_bars_table(losses, *, lang: str) -> pd.DataFrame:
    """The Cross-entropy page's loss bars as a table."""
    return _bars_table(losses, tr(lang, "ce.bars_y"), lang)
