"""A linear head trained by full-batch gradient descent, every step recorded.

The loop is a plain PyTorch loop (``nn.Linear`` started from a seed, ``F.cross_entropy`` with
label smoothing, ``loss.backward()``, ``torch.optim.SGD``), so the trajectory is the one the
code panel prints. Each step keeps the logits, the loss, the accuracy, the held-out photos'
logits, and the gradient of each photo's loss with respect to its logits (autograd's; for
cross-entropy it is softmax − smoothed one-hot, which the tests check).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core.base.i18n import Msg
from core.base.threads import on_one_thread

LOSSES = ("cross_entropy", "squared_error")
MAX_STEPS = 400
MAX_LR = 1e6
# The steps overshoot when the loss rises above BLOW_UP × its start (or is inf / NaN), or a
# logit passes BLOW_UP_LOGIT (softmax is then 0 or 1 to float32's precision: on separable
# photos a huge step can "solve" the loss in one jump, with absurd logits).
BLOW_UP, BLOW_UP_LOGIT = 2.0, 100.0


class TrainError(ValueError):
    """Settings the training refuses; ``args[0]`` is the message (a ``Msg``)."""


@dataclass(frozen=True)
class TrainConfig:
    lr: float = 0.5
    steps: int = 100
    label_smoothing: float = 0.0
    seed: int = 0
    start_scale: float = 1.0  # the seeded start's weights × this (a confident start when large)
    loss: str = "cross_entropy"

    def check(self) -> None:
        lr = float(self.lr)
        if math.isnan(lr):
            raise TrainError(Msg("train_msgs.lr_nan"))
        if not 0.0 < lr <= MAX_LR:
            raise TrainError(Msg("train_msgs.lr_range", lr=f"{lr:g}", hi=f"{MAX_LR:g}"))
        if not (isinstance(self.steps, int) and 1 <= self.steps <= MAX_STEPS):
            raise TrainError(Msg("train_msgs.steps_range", hi=MAX_STEPS))
        if not 0.0 <= float(self.label_smoothing) <= 1.0:
            raise TrainError(Msg("train_msgs.smoothing_range"))
        if self.loss not in LOSSES:
            raise ValueError(f"unknown loss {self.loss!r}")


def unit_rows(features) -> torch.Tensor:
    """Each photo's feature vector scaled to length 1: a learning rate near 1 then means the
    same for every model (the raw pooled features are long, and their length varies)."""
    return F.normalize(torch.as_tensor(np.asarray(features, dtype=np.float32)), dim=1)


def start_head(num_features: int, num_classes: int, seed: int, scale: float = 1.0) -> nn.Linear:
    """``torch.manual_seed(seed); nn.Linear(F, C)`` (weights × ``scale``), without touching
    the caller's random state."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        head = nn.Linear(num_features, num_classes)
    if scale != 1.0:
        with torch.no_grad():
            head.weight.mul_(scale)
            head.bias.mul_(scale)
    return head


def smoothed_targets(labels, num_classes: int, eps: float) -> torch.Tensor:
    """PyTorch's label smoothing: (1 − ε)·one-hot + ε / C.  (N,) -> (N, C)"""
    y = torch.as_tensor(labels, dtype=torch.int64)
    return (1.0 - eps) * F.one_hot(y, num_classes).float() + eps / num_classes


def loss_fn(logits: torch.Tensor, labels: torch.Tensor, cfg: TrainConfig) -> torch.Tensor:
    """The mean loss of a batch: cross-entropy (with label smoothing) or the squared error of
    the softmax probabilities against the one-hot target, summed over classes."""
    if cfg.loss == "cross_entropy":
        return F.cross_entropy(logits, labels, label_smoothing=cfg.label_smoothing)
    onehot = F.one_hot(labels, logits.shape[1]).float()
    return ((torch.softmax(logits, dim=1) - onehot) ** 2).sum(dim=1).mean()


@dataclass(frozen=True)
class Trajectory:
    logits: np.ndarray  # (S + 1, N, C) the training photos' logits before each step
    grads: np.ndarray  # (S + 1, N, C) ∂(photo's own loss)/∂(its logits) = N × autograd's
    losses: np.ndarray  # (S + 1,) mean training loss
    accuracy: np.ndarray  # (S + 1,) share of training photos whose top class is their label
    held_logits: np.ndarray  # (S + 1, M, C) the held-out photos' logits (M may be 0)
    held_losses: np.ndarray  # (S + 1,) their mean cross-entropy (NaN when M = 0)
    held_accuracy: np.ndarray  # (S + 1,)
    weight: np.ndarray  # (C, F) the head after the last step
    bias: np.ndarray  # (C,)
    blew_up_at: int | None  # first step that overshot (see BLOW_UP)

    @property
    def steps(self) -> int:
        return self.losses.size - 1

    def largest_logit(self, step: int) -> float:
        return float(np.abs(self.logits[step]).max())

    def probs(self, step: int) -> np.ndarray:
        return torch.softmax(torch.from_numpy(self.logits[step]), dim=1).numpy()

    def held_probs(self, step: int) -> np.ndarray:
        return torch.softmax(torch.from_numpy(self.held_logits[step]), dim=1).numpy()


def _accuracy(logits: torch.Tensor, labels: torch.Tensor) -> np.ndarray:
    """(S, N, C), (N,) -> (S,) share of rows whose top class is their label (a row holding a
    non-finite logit counts as wrong: argmax would point at the NaN)."""
    if not len(labels):
        return np.full(logits.shape[0], np.nan)
    ok = torch.isfinite(logits).all(dim=2) & (logits.argmax(dim=2) == labels)
    return ok.float().mean(dim=1).numpy()


def train(features, labels, cfg: TrainConfig, held_features=None, held_labels=None,
          num_classes: int | None = None) -> Trajectory:
    """Full-batch gradient descent on a new linear head, every step recorded (torch, float32).
    features (N, F), labels (N,); held-out photos are only evaluated (after the loop, with
    each step's weights). Runs on one intra-op thread (core.base.threads: the work is tiny,
    and two threads on a loaded 2-core machine made it 20× slower)."""
    cfg.check()
    return on_one_thread(_train, features, labels, cfg, held_features, held_labels,
                         num_classes)


def _train(features, labels, cfg: TrainConfig, held_features, held_labels,
           num_classes: int | None) -> Trajectory:
    x = unit_rows(features)  # (N, F)
    y = torch.as_tensor(np.asarray(labels, dtype=np.int64))  # (N,)
    c = int(num_classes if num_classes is not None else int(y.max()) + 1)
    hx = unit_rows(held_features if held_features is not None else np.zeros((0, x.shape[1])))
    hy = torch.as_tensor(np.asarray(held_labels if held_labels is not None else [],
                                    dtype=np.int64))
    head = start_head(x.shape[1], c, cfg.seed, cfg.start_scale)
    opt = torch.optim.SGD(head.parameters(), lr=cfg.lr)
    zs, gs, losses, ws, bs = [], [], [], [], []
    for step in range(cfg.steps + 1):
        opt.zero_grad()
        z = head(x)  # (N, C)
        z.retain_grad()
        loss = loss_fn(z, y, cfg)
        loss.backward()
        zs.append(z.detach())
        gs.append(z.grad)  # of the mean loss: each photo's own gradient / N
        losses.append(loss.detach())
        ws.append(head.weight.detach().clone())
        bs.append(head.bias.detach().clone())
        if step < cfg.steps:
            opt.step()
    with torch.no_grad():
        z_all = torch.stack(zs)  # (S + 1, N, C)
        hz = torch.einsum("mf,scf->smc", hx, torch.stack(ws)) + torch.stack(bs)[:, None]
        if len(hy):
            k = hz.shape[0]
            per = F.cross_entropy(hz.reshape(-1, c), hy.repeat(k), reduction="none")
            held_losses = per.reshape(k, -1).mean(dim=1).numpy().astype(np.float64)
        else:
            held_losses = np.full(len(zs), np.nan)
        losses = torch.stack(losses).numpy().astype(np.float64)
        big = ~(z_all.abs() <= BLOW_UP_LOGIT).flatten(1).all(dim=1).numpy()
    bad = np.flatnonzero(~np.isfinite(losses) | (losses > BLOW_UP * losses[0]) | big)
    return Trajectory(logits=z_all.numpy(), grads=(torch.stack(gs) * len(y)).numpy(),
                      losses=losses, accuracy=_accuracy(z_all, y),
                      held_logits=hz.numpy(), held_losses=held_losses,
                      held_accuracy=_accuracy(hz, hy),
                      weight=head.weight.detach().numpy().copy(),
                      bias=head.bias.detach().numpy().copy(),
                      blew_up_at=int(bad[0]) if bad.size else None)


def formula_gradient(logits, labels, eps: float = 0.0) -> np.ndarray:
    """Cross-entropy's gradient for each photo by the formula: softmax − smoothed one-hot."""
    z = torch.as_tensor(np.asarray(logits, dtype=np.float32))
    return (torch.softmax(z, dim=1) - smoothed_targets(labels, z.shape[1], eps)).numpy()


# ------------------------------------------------------------------ why cross-entropy
@dataclass(frozen=True)
class Comparison:
    ce: Trajectory
    se: Trajectory
    photo: int  # the training photo that starts most confidently wrong
    label: int  # its class
    p_label: float  # its probability of its own class at the start
    ce_grad: float  # ‖∂loss/∂z‖ of that photo at the start, cross-entropy
    se_grad: float  # the same under squared error


def compare(features, labels, cfg: TrainConfig, num_classes: int) -> Comparison:
    """The same start and learning rate trained on cross-entropy and on squared error."""
    ce = train(features, labels, TrainConfig(cfg.lr, cfg.steps, 0.0, cfg.seed,
                                             cfg.start_scale, "cross_entropy"),
               num_classes=num_classes)
    se = train(features, labels, TrainConfig(cfg.lr, cfg.steps, 0.0, cfg.seed,
                                             cfg.start_scale, "squared_error"),
               num_classes=num_classes)
    y = np.asarray(labels)
    p0 = ce.probs(0)[np.arange(len(y)), y]  # both start from the same logits
    i = int(np.argmin(p0))
    return Comparison(ce=ce, se=se, photo=i, label=int(y[i]), p_label=float(p0[i]),
                      ce_grad=float(np.linalg.norm(ce.grads[0, i])),
                      se_grad=float(np.linalg.norm(se.grads[0, i])))


# ------------------------------------------------------------------ temperature
TEMPERATURES = tuple(float(v) for v in np.geomspace(0.05, 20.0, 121))


@dataclass(frozen=True)
class TemperatureCurve:
    temps: np.ndarray  # (K,)
    losses: np.ndarray  # (K,) mean cross-entropy of logits / T
    best: int  # index of the minimum


def temperature_curve(logits, labels, temps=TEMPERATURES) -> TemperatureCurve:
    """Mean cross-entropy of ``logits / T`` against the labels for each temperature T."""
    z = torch.as_tensor(np.asarray(logits, dtype=np.float32))
    y = torch.as_tensor(np.asarray(labels, dtype=np.int64))
    ts = np.asarray(temps, dtype=np.float64)
    losses = np.array([float(F.cross_entropy(z / float(t), y)) for t in ts])
    finite = np.where(np.isfinite(losses), losses, np.inf)
    return TemperatureCurve(temps=ts, losses=losses, best=int(np.argmin(finite)))


# ------------------------------------------------------------------ a new photo
@dataclass(frozen=True)
class Prediction:
    logits: np.ndarray  # (C,)
    probs: np.ndarray  # (C,)


def predict(weight, bias, feature) -> Prediction:
    """A new photo's pooled features through the trained head."""
    w = torch.as_tensor(np.asarray(weight, dtype=np.float32))
    b = torch.as_tensor(np.asarray(bias, dtype=np.float32))
    z = F.linear(unit_rows(np.asarray(feature)[None]), w, b)[0]
    return Prediction(logits=z.numpy(), probs=torch.softmax(z, dim=0).numpy())
