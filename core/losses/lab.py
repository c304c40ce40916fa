"""Cross-entropy labs: its gradient, its numerical stability, and the options PyTorch offers.
Over 300 lines because the three labs of the page share one validated Batch, one LabError and
one by-hand-vs-torch pattern: kept together they read as the lesson does.

Every result here is computed twice, once from the formula and once by PyTorch
(``torch.autograd``, ``F.cross_entropy``), so a page can show both and their difference, and
whether they agree within float32's resolution (core.base.tolerance).
Input is a validated ``Batch`` (core.losses.batch): logits ``(N, C)`` float32 and one target
class per row ``(N,)``, checked once where the page builds it and never again here. The lab's
own settings (learning rate, scale, dtype, options) are checked here, where they are defined.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from core.base.i18n import Msg
from core.base.tolerance import float32_close, float32_tolerance
from core.losses.batch import Batch
from core.losses.math import REDUCTIONS, autograd_gradient, logits_gradient

SCALES = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0)
DTYPES = {"float32": torch.float32, "float16": torch.float16}
MAX_LR = 100.0
MAX_WEIGHT = 1000.0
# PyTorch gets the weights as float32: a weight below this would be rounded to 0 or to a
# subnormal there, and the weighted mean would no longer be the one computed by hand.
MIN_WEIGHT = 1e-6


class LabError(ValueError):
    """Input a lab cannot use; its argument is a ``Msg`` for the user (``str(err)`` is English)."""


def _name(class_names, j: int) -> str:
    """Class ``j`` as a message names it: its quoted name (a Msg), else its index."""
    if class_names is not None and j < len(class_names):
        return Msg("labs_msgs.class_quoted", name=str(class_names[j]))
    return str(j)


def _tensors(batch: Batch) -> tuple[torch.Tensor, torch.Tensor]:
    return batch.logits_tensor(), batch.targets_tensor()  # (N, C) float32, (N,) int64


# ---------------------------------------------------------------- gradient
@dataclass(frozen=True)
class GradientResult:
    probs: np.ndarray  # (N, C) softmax
    onehot: np.ndarray  # (N, C)
    grad: np.ndarray  # (N, C) softmax - one-hot: d(loss of row i)/d(logits of row i)
    grad_autograd: np.ndarray  # (N, C) torch.autograd of F.cross_entropy(reduction='sum')
    loss: np.ndarray  # (N,) per-row cross-entropy

    @property
    def max_diff(self) -> float:
        return float(np.abs(self.grad - self.grad_autograd).max())


def gradient(batch: Batch) -> GradientResult:
    """Each row's loss depends on that row's logits only, so with reduction='sum' the gradient
    of row i is exactly softmax(row i) - one-hot(target i); with 'mean' it is that / N."""
    x, t = _tensors(batch)
    onehot = F.one_hot(t, x.shape[1]).to(x.dtype)
    with torch.enable_grad():
        grad_autograd = autograd_gradient(x, t, reduction="none")  # of the rows' sum
    return GradientResult(probs=torch.softmax(x, dim=1).numpy(), onehot=onehot.numpy(),
                          grad=logits_gradient(x, t, reduction="none").numpy(),
                          grad_autograd=grad_autograd.numpy(),
                          loss=F.cross_entropy(x, t, reduction="none").numpy())


def largest_gradients(grad_row, k: int) -> np.ndarray:
    """Columns of the k largest |gradient| entries, in class order. The target's entry, p - 1,
    is the only negative one and always the largest in size unless p_target > 1/2."""
    g = np.abs(np.asarray(grad_row, dtype=np.float64))
    if g.size <= k:
        return np.arange(g.size)
    target = int(np.argmin(np.asarray(grad_row)))  # p - 1 < 0: the target's column
    order = [j for j in np.argsort(-g, kind="stable") if j != target][: k - 1]
    return np.sort(np.array([target, *order]))


@dataclass(frozen=True)
class StepResult:
    lr: float
    before: np.ndarray  # (N, C)
    after: np.ndarray  # (N, C) = before - lr * (softmax - one-hot)
    loss_before: np.ndarray  # (N,)
    loss_after: np.ndarray  # (N,)
    curve: np.ndarray  # (steps + 1,) mean loss after 0, 1, ... steps of the same size


def gradient_step(batch: Batch, lr: float, steps: int = 10) -> StepResult:
    """One step of gradient descent on the logits themselves (as if they were parameters), and
    the mean loss over ``steps`` such steps. Along -(p - y) the loss only ever falls."""
    if not (np.isfinite(lr) and 0 < lr <= MAX_LR):
        raise LabError(Msg("labs_msgs.bad_lr", hi=f"{MAX_LR:g}", value=f"{lr:g}"))
    x, t = _tensors(batch)
    curve, cur = [], x
    after = None
    for k in range(max(1, steps) + 1):
        curve.append(float(F.cross_entropy(cur, t, reduction="mean")))
        if k == 1:
            after = cur
        cur = cur - lr * logits_gradient(cur, t, reduction="none")
    loss_before = F.cross_entropy(x, t, reduction="none")
    loss_after = F.cross_entropy(after, t, reduction="none")
    return StepResult(lr=float(lr), before=x.numpy(), after=after.numpy(),
                      loss_before=loss_before.numpy(), loss_after=loss_after.numpy(),
                      curve=np.array(curve))


# ---------------------------------------------------------------- stability
METHODS = ("exp / sum (no max-shift)", "log(softmax)", "log_softmax", "cross_entropy")


@dataclass(frozen=True)
class StabilityResult:
    dtype: str
    scale: float
    scaled: np.ndarray  # (N, C) the scaled logits as stored in dtype (may hold inf)
    naive: np.ndarray  # (N, C) log(exp(x) / sum(exp(x))), no max-shift
    log_of_softmax: np.ndarray  # (N, C) log(torch.softmax(x)): max-shifted, then log
    log_softmax: np.ndarray  # (N, C) x - max - log(sum(exp(x - max)))
    ce: np.ndarray  # (N,) F.cross_entropy(x, t, reduction='none')
    targets: np.ndarray  # (N,)

    def picked(self, method: str) -> np.ndarray:
        """The loss of each row by one method: minus the target's log-probability."""
        if method == "cross_entropy":
            return self.ce
        table = {"exp / sum (no max-shift)": self.naive, "log(softmax)": self.log_of_softmax,
                 "log_softmax": self.log_softmax}[method]
        return -table[np.arange(table.shape[0]), self.targets]


def thresholds(dtype: str) -> tuple[float, float]:
    """(ln of the largest finite value, ln of the smallest positive subnormal) of ``dtype``:
    exp(x) overflows to inf above the first, and underflows to 0 below the second."""
    fi = torch.finfo(DTYPES[dtype])
    return float(np.log(float(fi.max))), float(np.log(float(fi.tiny) * float(fi.eps)))


def stability(batch: Batch, scale: float, dtype: str) -> StabilityResult:
    if dtype not in DTYPES:
        raise LabError(Msg("labs_msgs.bad_dtype", name=repr(dtype)[:40],
                               choices=", ".join(DTYPES)))
    if not (np.isfinite(scale) and 0 < scale <= max(SCALES)):
        raise LabError(Msg("labs_msgs.bad_scale", hi=f"{max(SCALES):g}", value=f"{scale:g}"))
    x32, t = _tensors(batch)
    x = (x32 * scale).to(DTYPES[dtype])  # float16 holds at most 65504: above, inf
    e = torch.exp(x)
    naive = torch.log(e / e.sum(dim=1, keepdim=True))
    return StabilityResult(
        dtype=dtype, scale=float(scale), scaled=x.double().numpy(),
        naive=naive.double().numpy(),
        log_of_softmax=torch.log(torch.softmax(x, dim=1)).double().numpy(),
        log_softmax=torch.log_softmax(x, dim=1).double().numpy(),
        ce=F.cross_entropy(x, t, reduction="none").double().numpy(), targets=t.numpy())


def non_finite(res: StabilityResult, method: str) -> tuple[int, int, tuple[int, int] | None]:
    """(±inf count, NaN count, first (row, class) that is not finite) over the whole table:
    log-probabilities for the first three methods, the losses for cross_entropy."""
    if method == "cross_entropy":
        v = res.ce[:, None]
    else:
        v = {"exp / sum (no max-shift)": res.naive, "log(softmax)": res.log_of_softmax,
             "log_softmax": res.log_softmax}[method]
    bad = np.argwhere(~np.isfinite(v))
    first = (int(bad[0][0]), int(bad[0][1])) if bad.size else None
    return int(np.isinf(v).sum()), int(np.isnan(v).sum()), first


def sweep(batch: Batch, dtype: str) -> dict[str, list[int]]:
    """For every scale in SCALES, how many values each method leaves not finite."""
    out: dict[str, list[int]] = {m: [] for m in METHODS}
    for s in SCALES:
        res = stability(batch, s, dtype)
        for m in METHODS:
            ninf, nnan, _ = non_finite(res, m)
            out[m].append(ninf + nnan)
    return out


def explain(res: StabilityResult, class_names=None) -> list[Msg]:
    """Where each method breaks and why, as messages (first occurrence each)."""
    hi, lo = thresholds(res.dtype)
    x = res.scaled
    top = float(torch.finfo(DTYPES[res.dtype]).max)
    lines = []
    big = np.argwhere(np.isinf(x))
    if big.size:
        r, c = (int(v) for v in big[0])
        lines.append(Msg("labs_msgs.too_big_dtype", dtype=res.dtype, row=r + 1,
                         cname=_name(class_names, c), top=f"{top:g}"))
        return lines
    over = np.argwhere(x > hi)
    if over.size:
        r, c = (int(v) for v in over[0])
        lines.append(Msg("labs_msgs.overflow", value=f"{x[r, c]:g}", row=r + 1,
                         cname=_name(class_names, c), hi=f"{hi:.2f}", dtype=res.dtype))
    shift = x - x.max(axis=1, keepdims=True)
    under = np.argwhere(shift < lo)
    if under.size:
        r, c = (int(v) for v in under[0])
        lines.append(Msg("labs_msgs.underflow", row=r + 1, cname=_name(class_names, c),
                         gap=f"{-shift[r, c]:g}", shift=f"{shift[r, c]:g}", lo=f"{lo:.2f}",
                         dtype=res.dtype))
    if not lines:
        lines.append(Msg("labs_msgs.all_agree", scale=f"{res.scale:g}", dtype=res.dtype,
                         lo=f"{lo:.2f}", hi=f"{hi:.2f}"))
    lines.append(Msg("labs_msgs.log_sum_exp"))
    deep = np.argwhere(np.isinf(res.log_softmax))
    if deep.size:
        r, c = (int(v) for v in deep[0])
        lines.append(Msg("labs_msgs.too_deep", row=r + 1, cname=_name(class_names, c),
                         gap=f"{-shift[r, c]:g}", top=f"{top:g}", dtype=res.dtype))
    return lines


# ---------------------------------------------------------------- options
@dataclass(frozen=True)
class CEOptions:
    reduction: str = "mean"
    ignore_index: int | None = None  # None: no class is ignored (an explicit choice, not -100)
    label_smoothing: float = 0.0
    weight: tuple[float, ...] | None = None  # one per class, or None for all 1

    def check(self, num_classes: int) -> None:
        if self.reduction not in REDUCTIONS:
            raise LabError(Msg("labs_msgs.bad_reduction", choices=", ".join(REDUCTIONS),
                                   value=repr(self.reduction)[:40]))
        if self.ignore_index is not None and not 0 <= self.ignore_index < num_classes:
            raise LabError(Msg("labs_msgs.bad_ignore", value=self.ignore_index,
                               last=num_classes - 1))
        if not (np.isfinite(self.label_smoothing) and 0.0 <= self.label_smoothing <= 1.0):
            raise LabError(Msg("labs_msgs.bad_smoothing", value=f"{self.label_smoothing}"))
        if self.weight is not None:
            w = np.asarray(self.weight, dtype=np.float64)
            if w.shape != (num_classes,):
                raise LabError(Msg("labs_msgs.weight_count", c=num_classes, n=w.size))
            if (not np.all(np.isfinite(w)) or (w < 0).any() or (w > MAX_WEIGHT).any()
                    or ((w > 0) & (w < MIN_WEIGHT)).any()):
                raise LabError(Msg("labs_msgs.weight_range", lo=f"{MIN_WEIGHT:g}",
                                   hi=f"{MAX_WEIGHT:g}"))


@dataclass(frozen=True)
class OptionsResult:
    options: CEOptions
    logp: np.ndarray  # (N, C) log-softmax by hand (float64)
    kept: np.ndarray  # (N,) bool: row not ignored
    w_target: np.ndarray  # (N,) weight of each row's target class (0 when ignored)
    nll_part: np.ndarray  # (N,) w_y * -log p_y
    smooth_part: np.ndarray  # (N,) sum_c w_c * -log p_c  (0 when ignored)
    per_row: np.ndarray  # (N,) (1 - eps) * nll_part + eps / C * smooth_part
    denominator: float  # what 'mean' divides by: sum of w_y over kept rows
    by_hand: np.ndarray  # the reduced result: (N,) for 'none', () otherwise
    torch_value: np.ndarray  # F.cross_entropy with the same options, float32
    magnitude: np.ndarray  # size of the terms by_hand is built from, same shape as by_hand

    @property
    def max_diff(self) -> float:
        d = np.abs(np.asarray(self.by_hand, np.float64) - np.asarray(self.torch_value, np.float64))
        both_nan = np.isnan(self.by_hand) & np.isnan(self.torch_value)
        return float(np.where(both_nan, 0.0, d).max())

    @property
    def tolerance(self) -> float:
        """What float32 leaves unresolved at these numbers' size (core.base.tolerance)."""
        return float(np.max(float32_tolerance(self.magnitude, self.torch_value)))

    @property
    def agrees(self) -> bool:
        """Both right within float32's resolution at the size of the terms involved."""
        return bool(float32_close(self.by_hand, self.torch_value, self.magnitude).all())


def log_softmax_by_hand(x: np.ndarray) -> np.ndarray:
    """x - max - log(sum(exp(x - max))) per row, in float64."""
    z = np.asarray(x, dtype=np.float64)
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def torch_cross_entropy(batch: Batch, opts: CEOptions) -> np.ndarray:
    """F.cross_entropy with exactly these options. A Batch's targets are classes 0..C-1, so
    PyTorch's default ignore_index=-100 can never match one silently."""
    x, t = _tensors(batch)
    opts.check(x.shape[1])
    kw = {"reduction": opts.reduction, "label_smoothing": float(opts.label_smoothing)}
    if opts.ignore_index is not None:
        kw["ignore_index"] = int(opts.ignore_index)
    if opts.weight is not None:
        kw["weight"] = torch.tensor(opts.weight, dtype=torch.float32)
    return F.cross_entropy(x, t, **kw).numpy()


def cross_entropy_by_hand(batch: Batch, opts: CEOptions) -> OptionsResult:
    """The documented formula, term by term:
    loss_i = (1 - eps) * w[y_i] * -log p[i, y_i] + eps / C * sum_c w[c] * -log p[i, c],
    0 for ignored rows; 'sum' adds the rows, 'mean' divides that by sum of w[y_i] over kept rows
    (the number of kept rows when there are no weights)."""
    x, t = batch.logits, batch.targets
    n, c = x.shape
    opts.check(c)
    w = np.ones(c) if opts.weight is None else np.asarray(opts.weight, dtype=np.float64)
    eps = float(opts.label_smoothing)
    logp = log_softmax_by_hand(x)
    kept = np.ones(n, bool) if opts.ignore_index is None else t != opts.ignore_index
    w_target = np.where(kept, w[t], 0.0)
    nll_part = w_target * -logp[np.arange(n), t]
    smooth_part = np.where(kept, (-logp * w[None, :]).sum(axis=1), 0.0)
    per_row = (1.0 - eps) * nll_part + eps / c * smooth_part
    denominator = float(w_target.sum())
    # each row's terms: weights times log-probabilities, which float32 builds from the logits
    # and their log-sum-exp (each about max|z| in size, however small the loss)
    row_size = np.where(kept, w.max() * (2 * np.abs(x).max(axis=1) + np.log(c) + 1), 0.0)
    if opts.reduction == "none":
        reduced, magnitude = per_row, row_size
    elif opts.reduction == "sum":
        reduced, magnitude = np.array(per_row.sum()), np.array(row_size.sum())
    else:
        # PyTorch divides the target term by the weights' sum: with a sum of 0 that term is
        # 0/0 = NaN, and so is the whole loss (even with label_smoothing = 1: 0 * NaN = NaN).
        reduced = np.array(per_row.sum() / denominator if denominator else np.nan)
        magnitude = np.array(row_size.sum() / denominator if denominator else 0.0)
    return OptionsResult(options=opts, logp=logp, kept=kept, w_target=w_target,
                         nll_part=nll_part, smooth_part=smooth_part, per_row=per_row,
                         denominator=denominator, by_hand=reduced,
                         torch_value=torch_cross_entropy(batch, opts), magnitude=magnitude)
