"""Tables of the Train page (DataFrames; ui.panels.table escapes and shows them). Each builder
takes ``lang`` and reads its words from the catalogue."""

from __future__ import annotations

import numpy as np
import pandas as pd
import torch

from core.base.i18n import translator
from core.train.math import Comparison, Prediction, Trajectory


def _f(v, digits: int = 4) -> str:
    return f"{v:.{digits}f}" if np.isfinite(v) else str(v)


def why_table(comp: Comparison, title: str, *, lang: str) -> pd.DataFrame:
    """The confidently wrong photo at the start: its probability of its class, the length of
    its gradient under each loss, and how much larger cross-entropy's is."""
    t = translator(lang)
    ratio = comp.ce_grad / comp.se_grad if comp.se_grad > 0 else float("inf")
    return pd.DataFrame({
        t("train.col_photo"): [title],
        t("train.col_p_label"): [f"{comp.p_label:.2e}"],
        t("train.col_grad_ce"): [_f(comp.ce_grad)],
        t("train.col_grad_se"): [_f(comp.se_grad, 6)],
        t("train.col_ratio"): [f"×{ratio:.3g}"],
    }).set_index(t("train.col_photo"))


def prediction_table(classes, pred: Prediction, *, lang: str) -> pd.DataFrame:
    """A new photo through the trained head: each class's logit and probability."""
    t = translator(lang)
    return pd.DataFrame({t("train.col_logit"): [_f(v) for v in pred.logits],
                         t("train.col_prob"): [_f(v) for v in pred.probs]},
                        index=pd.Index(list(classes), name=t("train.col_class")))


def imagenet_table(logits, names, k: int = 5, *, lang: str) -> pd.DataFrame:
    """What the ImageNet head said about the same photo: its top k classes."""
    t = translator(lang)
    z = np.asarray(logits, dtype=np.float32)
    p = torch.softmax(torch.from_numpy(z), dim=0).numpy()
    top = np.argsort(-z)[:k]
    return pd.DataFrame({t("train.col_logit"): [_f(z[i]) for i in top],
                         t("train.col_prob"): [_f(p[i]) for i in top]},
                        index=pd.Index([names[i] for i in top], name=t("train.col_imagenet")))


def curve_table(traj: Trajectory, *, lang: str) -> pd.DataFrame:
    """The numbers of the loss and accuracy chart (the Train page's piece), its curves in its
    order: each step's mean loss, the held-out photos' where there are any, and accuracy."""
    t = translator(lang)
    cols = {t("train.x_step"): np.arange(traj.steps + 1), t("train.trace_train"): traj.losses}
    if traj.held_logits.shape[1]:
        cols[t("train.trace_held")] = traj.held_losses
    return pd.DataFrame({**cols, t("train.trace_acc"): traj.accuracy})
