"""A batch of labelled photos through the real model: per-photo cross-entropy over the 1000
ImageNet classes, which photos it gets wrong, the batch mean, and a restriction of the logits
to a few chosen classes plus one column for all the others (the article's bears computation on
real logits, with the loss still over all 1000 classes).

All photos go through ONE forward pass: their preprocessed tensors are stacked into
``(N, 3, H, W)``. In eval mode each row of the output depends only on its own photo.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core.base.record import with_rest
from core.photo.images import decode_image, thumbnail
from core.photo.models import class_index, logits_for

MAX_PHOTOS = 16
MIN_RESTRICTED, MAX_RESTRICTED = 2, 10
BEARS = ("brown bear", "American black bear", "teddy bear")
# The true ImageNet class of each bundled sample, where ImageNet has one.
SAMPLE_LABELS = {"coffee": "espresso", "cat": "tabby", "rocket": "missile",
                 "grace_hopper": "military uniform", "china": "palace", "flower": "daisy"}
DEFAULT_SAMPLES = ("coffee", "cat", "rocket", "grace_hopper", "flower")


def digest(data: bytes) -> str:
    """A short content hash: the cache key of a photo (never its file name)."""
    return hashlib.sha256(data).hexdigest()[:32]


def class_indices(names) -> tuple[int, ...]:
    return tuple(class_index(n) for n in names)


@dataclass(frozen=True)
class Prepared:
    tensor: torch.Tensor  # (3, H, W) the model's input for this photo
    thumb: bytes  # JPEG (core.photo.images.thumbnail)
    notes: tuple[str, ...]


def prepare(data: bytes, transform) -> Prepared:
    """Bytes -> decoded (ImageError on a bad file) -> the model's own preprocessing."""
    decoded = decode_image(data)
    return Prepared(tensor=transform(decoded.image), thumb=thumbnail(decoded.image, 240),
                    notes=tuple(decoded.notes))


def batched_logits(model: nn.Module, tensors) -> np.ndarray:
    """One forward pass over every photo: (N, 3, H, W) -> (N, 1000) float32."""
    if not len(tensors):
        raise ValueError("No photos to classify.")
    return logits_for(model, torch.stack(list(tensors))).numpy().astype(np.float32)


@dataclass(frozen=True)
class PhotoLosses:
    losses: np.ndarray  # (N,) cross-entropy of each photo against its label
    predicted: np.ndarray  # (N,) top-1 class
    label_prob: np.ndarray  # (N,) softmax probability of the label
    label_rank: np.ndarray  # (N,) 1 = the label is the top-1 class
    mean: float

    @property
    def wrong(self) -> np.ndarray:
        return self.label_rank != 1


def photo_losses(logits, labels) -> PhotoLosses:
    x = torch.as_tensor(np.asarray(logits, dtype=np.float32))  # (N, 1000)
    t = torch.as_tensor(np.asarray(labels, dtype=np.int64))  # (N,)
    losses = F.cross_entropy(x, t, reduction="none")
    above = (x > x[torch.arange(len(t)), t][:, None]).sum(dim=1)  # classes scored higher
    return PhotoLosses(losses=losses.numpy(), predicted=x.argmax(dim=1).numpy(),
                       label_prob=torch.exp(-losses).numpy(), label_rank=(above + 1).numpy(),
                       mean=float(losses.mean()))


def restrict(logits, indices) -> np.ndarray:
    """The chosen classes' columns and one last column for all the other classes (the logsumexp
    of their logits: core.base.record.with_rest): (N, 1000) -> (N, k + 1). The softmax, NLL and
    cross-entropy of the result at the chosen classes are those over all 1000."""
    idx = list(indices)
    if not MIN_RESTRICTED <= len(idx) <= MAX_RESTRICTED or len(set(idx)) != len(idx):
        raise ValueError(f"Choose {MIN_RESTRICTED} to {MAX_RESTRICTED} different classes.")
    return with_rest(logits, idx)


ARTICLE_TARGETS = (1, 0, 2, 0, 2)  # the article's bears targets, row by row


def default_target(label: int | None, indices, row: int) -> int:
    """A photo's starting target among the chosen classes: its label's column when the label is
    one of them, else the article's target for that row ([1, 0, 2, 0, 2], repeating), so that
    by default the page runs the article's own computation; the user picks the true one."""
    idx = list(indices)
    if label in idx:
        return idx.index(label)
    return ARTICLE_TARGETS[row % len(ARTICLE_TARGETS)] % len(idx)


@dataclass(frozen=True)
class FourSteps:
    logits: np.ndarray  # (N, k) step 1
    probs: np.ndarray  # (N, k) step 2: softmax
    log_probs: np.ndarray  # (N, k) step 3: log
    nll: np.ndarray  # (N,) step 4: nll_loss(step 3, targets, reduction='none')
    ce: np.ndarray  # (N,) nn.CrossEntropyLoss(reduction='none')(logits, targets)

    @property
    def max_diff(self) -> float:
        return float(np.abs(self.nll - self.ce).max())


def four_steps(logits, targets) -> FourSteps:
    """The article's computation, step by step, on any (N, k) batch."""
    x = torch.as_tensor(np.asarray(logits, dtype=np.float32))
    t = torch.as_tensor(np.asarray(targets, dtype=np.int64))
    probs = torch.softmax(x, dim=1)
    log_probs = torch.log(probs)
    nll = F.nll_loss(log_probs, t, reduction="none")
    ce = nn.CrossEntropyLoss(reduction="none")(x, t)
    return FourSteps(logits=x.numpy(), probs=probs.numpy(), log_probs=log_probs.numpy(),
                     nll=nll.numpy(), ce=ce.numpy())
