"""The whole pipeline of one photo in numbers: logits -> softmax/sigmoid -> loss."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.base.activations import log_softmax, sigmoid, softmax
from core.base.record import top_k_indices


@dataclass(frozen=True)
class TargetRow:
    """One candidate true class of the photo, with torch's numbers for it."""

    index: int  # ImageNet index
    p: float  # softmax over all classes, at this class
    loss: float  # −log p, from log_softmax (not log of a rounded p)


@dataclass(frozen=True)
class PipelineSummary:
    top: np.ndarray  # indices of the k largest logits
    top_logits: np.ndarray
    top_softmax: np.ndarray  # softmax over all classes, at the top indices
    top_sigmoid: np.ndarray  # sigmoid of each top logit on its own
    top_sigmoid_rest: np.ndarray  # 1 − that, computed on its own: sigmoid(−z)
    predicted: int  # arg-max class
    loss_if_predicted: float  # cross-entropy if the true label were the predicted class
    target: int  # the class taken as the true one: the asked-for one, else the predicted
    targets: tuple[TargetRow, ...]  # p(target) and −log p(target) for every offered class


def summarize(row: np.ndarray, k: int = 3, target: int | None = None) -> PipelineSummary:
    """The picture's numbers, one softmax and one log-softmax over all classes: the top ``k``
    classes, and p(target) with the loss −log p(target) for each class the picture offers as
    the true one (the top ones and ``target``), so a click on any of them needs no rerun."""
    t = torch.tensor(np.asarray(row, dtype=np.float32))  # (classes,), a copy
    top = top_k_indices(row, k)
    p = softmax(t)
    logp = log_softmax(t)
    predicted = int(top[0])
    rows = tuple(TargetRow(index=i, p=float(p[i]), loss=float(-logp[i]))
                 for i in candidates(top, target))
    return PipelineSummary(top=top, top_logits=t[top].numpy(), top_softmax=p[top].numpy(),
                           top_sigmoid=sigmoid(t[top]).numpy(),
                           top_sigmoid_rest=sigmoid(-t[top]).numpy(), predicted=predicted,
                           loss_if_predicted=float(-logp[predicted]),
                           target=predicted if target is None else int(target), targets=rows)


def candidates(top: np.ndarray, target: int | None) -> list[int]:
    """The classes the picture offers as the true one: the top ones, and the asked-for target
    when it is not among them (a link may ask for any class)."""
    out = [int(i) for i in top]
    if target is not None and int(target) not in out:
        out.append(int(target))
    return out
