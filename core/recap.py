"""The Conclusion page's numbers: one row per concept on the current logits, a decision guide,
and self-check questions whose answers are computed, never stored."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.activations import log_softmax, sigmoid, softmax


@dataclass(frozen=True)
class ConceptRow:
    concept: str
    formula: str
    value: str  # the current numbers, formatted
    page: str  # pages/… file of the concept


@dataclass(frozen=True)
class Recap:
    rows: tuple[ConceptRow, ...]
    probs: np.ndarray  # softmax of the row, (classes,)
    losses: np.ndarray  # cross-entropy of the row against each possible target, (classes,)
    top: int  # arg-max of the softmax (NaN-free input assumed: the record is validated)
    target: int  # the target used in the recap rows


DECISION_GUIDE = (
    # task, example, activation, loss, PyTorch call
    ("binary", "is it a car? (one yes/no)", "sigmoid on 1 logit",
     "binary cross-entropy", "nn.BCEWithLogitsLoss()(logit, target_float)"),
    ("multi-label", "which of these tags apply? (any number of yes)",
     "sigmoid on each logit alone", "binary cross-entropy per label",
     "nn.BCEWithLogitsLoss()(logits, targets_0_or_1_float)"),
    ("multi-class", "horse, ball, fish, car or stick? (exactly one)",
     "softmax over all logits", "cross-entropy = NLL of log-softmax",
     "nn.CrossEntropyLoss()(logits, target_index_long)"),
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

    rows = (
        ConceptRow("logits", "z = last layer's raw outputs (any real number)", listed(z),
                   "pages/logits.py"),
        ConceptRow("sigmoid", "σ(z) = 1 / (1 + e^(−z)), each logit alone", listed(sigmoid(z)),
                   "pages/sigmoid.py"),
        ConceptRow("softmax", "softmax(z)_i = e^(z_i) / Σ_j e^(z_j), sums to 1",
                   listed(p) + f" (sum {float(p.sum()):.4f})", "pages/softmax.py"),
        ConceptRow("negative log likelihood", "nll(x, t) = −x[t] (picks and negates)",
                   f"on log-softmax, target {names[target]}: {float(-logp[target]):.4f}",
                   "pages/nll.py"),
        ConceptRow("cross-entropy", "CE(z, t) = −log softmax(z)[t] = nll(log_softmax(z), t)",
                   f"target {names[target]}: {float(-logp[target]):.4f}",
                   "pages/cross_entropy.py"),
    )
    return Recap(rows=rows, probs=p.numpy(), losses=(-logp).numpy(), top=top, target=target)


def check_loss_answer(answer: float, truth: float, tol: float = 5e-3) -> bool:
    """A typed loss is right within a rounding tolerance (the page shows 4 decimals)."""
    return bool(np.isfinite(answer)) and abs(answer - truth) <= tol
