"""Losses on a labelled batch: negative log likelihood and cross-entropy, step by step.

The batch comes validated (core.losses.batch). Targets always reach PyTorch as an explicit int64
tensor of indices in [0, C), so neither the default ``ignore_index=-100`` nor float "class
probability" targets can change the meaning. Everything here is PyTorch itself (``F.nll_loss``,
``F.cross_entropy``, ``nn.CrossEntropyLoss``, autograd), so every number on screen is what
PyTorch computes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from core.base.activations import as_tensor, log_softmax, softmax
from core.base.tolerance import float32_close
from core.losses.batch import Batch

REDUCTIONS = ("none", "mean", "sum")


# ---------------------------------------------------------------- the math

def _targets(targets) -> torch.Tensor:
    """Targets as int64 class indices, always: a float tensor would mean probabilities."""
    if isinstance(targets, torch.Tensor):
        if targets.is_floating_point():
            raise TypeError("targets must be class indices (int64), not floats")
        return targets.to(torch.int64)
    return torch.tensor(np.array(targets, dtype=np.int64))  # a copy, (N,)


def _float(x, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """A float tensor; a tensor keeps its autograd graph (unlike activations.as_tensor)."""
    return x.to(dtype) if isinstance(x, torch.Tensor) else as_tensor(x, dtype)


def picked(values: torch.Tensor, targets) -> torch.Tensor:
    """values[i, targets[i]] for every row i: the article's outputs[torch.arange(N), targets]."""
    t = _targets(targets)
    return values[torch.arange(values.shape[0]), t]


def nll_loss(values: torch.Tensor, targets, reduction: str = "none") -> torch.Tensor:
    """F.nll_loss: picks values[i, t_i] and negates it (no log is taken). ``ignore_index`` is
    set to a value no validated target can have, so no row is ever skipped silently."""
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}")
    return F.nll_loss(values, _targets(targets), reduction=reduction,
                      ignore_index=-(2**62))


def cross_entropy(logits, targets, *, reduction: str = "none", weight=None,
                  label_smoothing: float = 0.0, ignore_index: int | None = None,
                  dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """F.cross_entropy with explicit int64 targets. ``ignore_index=None`` means no row is
    ignored (PyTorch's default −100 is replaced by a value no target can take)."""
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}")
    w = None if weight is None else as_tensor(weight, dtype)
    return F.cross_entropy(_float(logits, dtype), _targets(targets), weight=w,
                           reduction=reduction, label_smoothing=float(label_smoothing),
                           ignore_index=-(2**62) if ignore_index is None else int(ignore_index))


def cross_entropy_module(logits, targets, reduction: str = "none",
                         dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """nn.CrossEntropyLoss(reduction=...)(logits, targets), the module the article calls."""
    loss_fn = nn.CrossEntropyLoss(reduction=reduction, ignore_index=-(2**62))
    return loss_fn(_float(logits, dtype), _targets(targets))


@dataclass(frozen=True)
class NllView:
    """The NLL page: softmax, pick, negate, and F.nll_loss with each reduction."""
    probs: torch.Tensor  # (N, C) softmax of the logits
    picked: torch.Tensor  # (N,) probs[i, t_i]
    negated: torch.Tensor  # (N,) -picked
    nll_none: torch.Tensor  # (N,) F.nll_loss(probs, t, reduction='none')
    nll_mean: torch.Tensor  # ()
    nll_sum: torch.Tensor  # ()

    @property
    def nll_is_negated(self) -> bool:
        """F.nll_loss(reduction='none') equals −p(target), row by row (always, for a validated
        batch: the page shows it, and says so if it ever did not)."""
        return bool((self.nll_none == self.negated).all())

    @property
    def worst_row(self) -> int:
        """The row whose target gets the least probability (the first, on a tie)."""
        return int(self.picked.argmin())

    @property
    def mean_picked(self) -> float:
        """The mean probability the rows give their targets."""
        return float(self.picked.mean())


def nll_view(batch: Batch, dtype: torch.dtype = torch.float32) -> NllView:
    probs = softmax(batch.logits_tensor(dtype), dim=1)  # (N, C)
    p = picked(probs, batch.targets)  # (N,)
    t = batch.targets_tensor()
    return NllView(probs=probs, picked=p, negated=-p, nll_none=nll_loss(probs, t, "none"),
                   nll_mean=nll_loss(probs, t, "mean"), nll_sum=nll_loss(probs, t, "sum"))


@dataclass(frozen=True)
class CrossEntropySteps:
    """The article's four steps, and the one-call versions they must equal."""
    logits: torch.Tensor  # step 1: (N, C)
    probs: torch.Tensor  # step 2: softmax over classes, (N, C)
    log_probs: torch.Tensor  # step 3: log(softmax), (N, C) — may reach -inf for huge spreads
    losses: torch.Tensor  # step 4: F.nll_loss(step 3, t, reduction='none'), (N,)
    module_losses: torch.Tensor  # nn.CrossEntropyLoss(reduction='none')(logits, t), (N,)
    log_softmax: torch.Tensor  # torch.log_softmax: the stable step 3, (N, C)

    @property
    def mean(self) -> float:
        """Mean of step 4 (inf when log(softmax) underflowed)."""
        return float(self.losses.mean())

    @property
    def module_mean(self) -> float:
        """What nn.CrossEntropyLoss() returns with its default reduction='mean': always finite
        for logits within ±LOGIT_LIMIT."""
        return float(self.module_losses.mean())

    @property
    def max_module_diff(self) -> float:
        """max |step 4 − nn.CrossEntropyLoss| (inf/NaN compare as inf)."""
        return _max_abs_diff(self.losses, self.module_losses)

    @property
    def module_matches(self) -> bool:
        """Step 4 equals nn.CrossEntropyLoss within float32's resolution at the size of the
        logits (core.base.tolerance): both are float32, and log(softmax) rounds once more than
        log_softmax. A -inf from log(0) never matches a finite loss."""
        if not self.losses.numel():
            return True
        size = self.logits.abs().amax(dim=1).double() + math.log(self.logits.shape[1]) + 1
        return bool(float32_close(self.losses.detach().numpy(),
                                  self.module_losses.detach().numpy(), size.numpy()).all())

    @property
    def max_log_softmax_diff(self) -> float:
        return _max_abs_diff(self.log_probs, self.log_softmax)


def _max_abs_diff(a: torch.Tensor, b: torch.Tensor) -> float:
    if a.numel() == 0:
        return 0.0
    d = (a.double() - b.double()).abs()
    both_equal = (a == b)  # -inf == -inf: equal, not NaN
    d = torch.where(both_equal, torch.zeros_like(d), d)
    d = torch.where(torch.isnan(d), torch.full_like(d, math.inf), d)
    return float(d.max())


def cross_entropy_steps(batch: Batch, dtype: torch.dtype = torch.float32) -> CrossEntropySteps:
    z = batch.logits_tensor(dtype)  # (N, C)
    t = batch.targets_tensor()  # (N,) int64
    probs = softmax(z, dim=1, dtype=dtype)
    log_probs = torch.log(probs)  # the article's step 3, on purpose the naive way
    return CrossEntropySteps(logits=z, probs=probs, log_probs=log_probs,
                             losses=nll_loss(log_probs, t, "none"),
                             module_losses=cross_entropy_module(z, t, "none", dtype=dtype),
                             log_softmax=log_softmax(z, dim=1, dtype=dtype))


# ---------------------------------------------------------------- gradients

def logits_gradient(logits, targets, reduction: str = "mean") -> torch.Tensor:
    """∂loss/∂logits in closed form: softmax − one_hot(target) per row (÷ N for 'mean')."""
    z = as_tensor(logits)  # (N, C)
    t = _targets(targets)
    grad = softmax(z, dim=1) - F.one_hot(t, z.shape[1]).to(z.dtype)
    return grad / z.shape[0] if reduction == "mean" else grad


def autograd_gradient(logits, targets, reduction: str = "mean") -> torch.Tensor:
    """The same gradient from torch.autograd, for the check (reduction 'none' sums rows)."""
    z = as_tensor(logits).clone().requires_grad_(True)
    loss = cross_entropy(z, targets, reduction="sum" if reduction == "none" else reduction)
    (grad,) = torch.autograd.grad(loss, z)
    return grad

