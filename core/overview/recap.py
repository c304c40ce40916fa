"""The Conclusion page's numbers: one row per concept on the current logits, a decision guide,
and self-check questions whose answers are computed, never stored."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.base.activations import log_softmax, sigmoid, softmax
from core.base.i18n import Msg


@dataclass(frozen=True)
class ConceptRow:
    concept: str  # id; the UI shows nav.<id>
    formula: str  # a core.base.i18n.Msg
    value: str  # the current numbers, formatted (a Msg where it has words)
    page: str  # pages/… file of the concept


@dataclass(frozen=True)
class Recap:
    rows: tuple[ConceptRow, ...]
    probs: np.ndarray  # softmax of the row, (classes,)
    losses: np.ndarray  # cross-entropy of the row against each possible target, (classes,)
    top: int  # arg-max of the softmax (NaN-free input assumed: the record is validated)
    target: int  # the target used in the recap rows


# The three kinds of task (section 7): labels and texts come from the catalogue, keys
# guide.<task>_example / _activation / _loss; the PyTorch call is code and is the same in every
# language.
DECISION_GUIDE = (
    ("binary", "nn.BCEWithLogitsLoss()(logit, target_float)"),
    ("multi_label", "nn.BCEWithLogitsLoss()(logits, targets_0_or_1_float)"),
    ("multi_class", "nn.CrossEntropyLoss()(logits, target_index_long)"),
)


def recap(row: np.ndarray, names: tuple[str, ...], target: int | None = None, k: int = 3
          ) -> Recap:
    """row: (classes,) logits. target defaults to the arg-max (the model's own answer)."""
    z = torch.tensor(np.asarray(row, dtype=np.float32))  # (classes,), a copy
    p = softmax(z)
    logp = log_softmax(z)
    top = int(torch.argmax(p))
    target = top if target is None else int(target)
    if not 0 <= target < z.numel():
        raise ValueError(f"target {target} is not a class index 0…{z.numel() - 1}")
    order = torch.argsort(z, descending=True, stable=True)[:k].tolist()

    def listed(values) -> str:
        return ", ".join(f"{names[i]} {float(values[i]):.4f}" for i in order)

    loss = f"{float(-logp[target]):.4f}"
    rows = (
        ConceptRow("logits", Msg("recap.formula_logits"), listed(z), "pages/logits.py"),
        ConceptRow("sigmoid", Msg("recap.formula_sigmoid"), listed(sigmoid(z)),
                   "pages/sigmoid.py"),
        ConceptRow("softmax", Msg("recap.formula_softmax"),
                   Msg("recap.value_softmax", listed=listed(p), total=f"{float(p.sum()):.4f}"),
                   "pages/softmax.py"),
        ConceptRow("nll", Msg("recap.formula_nll"),
                   Msg("recap.value_nll", name=names[target], loss=loss), "pages/nll.py"),
        ConceptRow("cross_entropy", Msg("recap.formula_cross_entropy"),
                   Msg("recap.value_cross_entropy", name=names[target], loss=loss),
                   "pages/cross_entropy.py"),
    )
    return Recap(rows=rows, probs=p.numpy(), losses=(-logp).numpy(), top=top, target=target)


def check_loss_answer(answer: float, truth: float, decimals: int = 4) -> bool:
    """A typed loss is right when it is the loss to the asked ``decimals`` (4): within half a
    unit of the last place, so 4.1922 is right for 4.19224 and 4.1954 is not."""
    tol = 0.5 * 10.0 ** -decimals * (1 + 1e-9)  # (the edge itself: either rounding is right)
    return bool(np.isfinite(answer)) and abs(answer - truth) <= tol
