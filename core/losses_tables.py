"""The NLL and Cross-entropy pages' tables as DataFrames (rows = samples, index "row")."""

from __future__ import annotations

import numpy as np
import pandas as pd
import torch

from core.losses import REDUCTIONS, CrossEntropySteps, NllView
from core.losses_batch import Batch, row_index


def _np(t) -> np.ndarray:
    return t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)


def _frame(columns: dict) -> pd.DataFrame:
    df = pd.DataFrame(columns)
    df.index = row_index(len(df))
    return df


def class_matrix(values, batch: Batch, extra: dict | None = None) -> pd.DataFrame:
    """One column per class, then the target's name and any extra per-row columns."""
    v = _np(values)  # (N, C)
    cols = {name: v[:, j] for j, name in enumerate(batch.class_names)}
    # a class may be called "target": the target column then keeps a distinct header
    target_col = "target" if "target" not in cols else "target class"
    cols[target_col] = list(batch.target_names)
    cols.update({k: _np(x) for k, x in (extra or {}).items()})
    return _frame(cols)


def batch_frame(batch: Batch) -> pd.DataFrame:
    return class_matrix(batch.logits, batch)


def nll_frame(view: NllView, batch: Batch) -> pd.DataFrame:
    return _frame({"target": list(batch.target_names), "p(target)": _np(view.picked),
                   "−p(target)": _np(view.negated),
                   "F.nll_loss(…, reduction='none')": _np(view.nll_none),
                   "equal": _np(view.nll_none) == _np(view.negated)})


def reductions_frame(values_by_reduction: dict[str, torch.Tensor]) -> pd.DataFrame:
    how = {"none": "one value per row", "mean": "sum ÷ number of rows (PyTorch's default)",
           "sum": "sum over the rows"}
    rows = []
    for r in REDUCTIONS:
        v = _np(values_by_reduction[r]).ravel()
        rows.append({"reduction": r, "result": " ".join(f"{x:.4f}" for x in v), "meaning": how[r]})
    return pd.DataFrame(rows).set_index("reduction")


def step_frames(steps: CrossEntropySteps, batch: Batch) -> dict[str, pd.DataFrame]:
    t = batch.targets
    n = np.arange(batch.num_rows)
    probs, logp = _np(steps.probs), _np(steps.log_probs)
    return {
        "1 logits": class_matrix(steps.logits, batch),
        "2 softmax": class_matrix(probs, batch, {"p(target)": probs[n, t]}),
        "3 log": class_matrix(logp, batch, {"log p(target)": logp[n, t]}),
        "4 nll_loss": _frame({"target": list(batch.target_names),
                              "log p(target)": logp[n, t], "loss = −log p(target)":
                              _np(steps.losses)}),
    }


def module_frame(steps: CrossEntropySteps, batch: Batch) -> pd.DataFrame:
    a, b = _np(steps.losses), _np(steps.module_losses)
    with np.errstate(invalid="ignore"):
        diff = np.abs(a.astype(np.float64) - b)
    return _frame({"target": list(batch.target_names), "step 4 (four steps)": a,
                   "nn.CrossEntropyLoss(reduction='none')": b, "|difference|": _sci(diff)})


def log_softmax_frame(steps: CrossEntropySteps, batch: Batch) -> pd.DataFrame:
    """log_softmax per class; |log_softmax − log(softmax)| largest per row."""
    ls, lp = _np(steps.log_softmax), _np(steps.log_probs)
    with np.errstate(invalid="ignore"):
        diff = np.abs(ls.astype(np.float64) - lp)
        diff = np.where(ls == lp, 0.0, diff)
    return class_matrix(ls, batch, {"max |log_softmax − log(softmax)|": _sci(diff.max(axis=1))})


def _sci(values) -> list[str]:
    """Differences in scientific notation: a 4-decimal table would show 1e-07 as 0.0000."""
    return [f"{float(v):.2e}" for v in np.asarray(values).ravel()]
