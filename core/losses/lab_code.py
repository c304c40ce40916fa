"""Code panels of the cross-entropy labs (gradient, stability, options, labelled photos).

Each builder writes the PyTorch code for the live values; what it prints is captured by running
that very code (core.base.code.run_panel): nothing is pasted.
"""

from __future__ import annotations

import numpy as np

from core.base.code import CodePanel
from core.base.i18n import Msg
from core.base.numbers import float32_literal
from core.losses.lab import CEOptions
from core.photo.code import model_cell
from core.photo.models import imagenet_class_names

MAX_PANEL_VALUES = 2000  # larger batches are not printed as code literals


def too_big(values) -> bool:
    return np.asarray(values).size > MAX_PANEL_VALUES


def _num(v) -> str:
    return float32_literal(v, "numpy")  # NumPy's shortest text for the same float32


def _lit(values) -> str:
    a = np.asarray(values, dtype=np.float32)
    if a.ndim == 1:
        return "[" + ", ".join(_num(v) for v in a) + "]"
    return "[\n    " + ",\n    ".join(_lit(r) for r in a) + ",\n]"


def _ints(values) -> str:
    return "[" + ", ".join(str(int(v)) for v in np.asarray(values).reshape(-1)) + "]"


_HEAD = "import torch\nimport torch.nn.functional as F\n\n"


def gradient_panel(logits, targets, lr: float) -> CodePanel:
    code = _HEAD + f"""logits = torch.tensor({_lit(logits)}, requires_grad=True)  # (N, C)
targets = torch.tensor({_ints(targets)})  # one class index per row
loss = F.cross_entropy(logits, targets, reduction="sum")  # sum: row i's gradient is its own
loss.backward()  # autograd
with torch.no_grad():
    by_formula = torch.softmax(logits, dim=1) - F.one_hot(targets, logits.shape[1])
    print(logits.grad)
    print("autograd == softmax - one-hot:", torch.allclose(logits.grad, by_formula, atol=1e-6))
    lr = {_num(lr)}
    stepped = logits - lr * logits.grad  # one gradient-descent step on the logits
    print("loss before:", F.cross_entropy(logits, targets, reduction="none"))
    print("loss after: ", F.cross_entropy(stepped, targets, reduction="none"))
"""
    return CodePanel(code, prints=Msg("panels.prints_gradient"))


def stability_panel(logits, targets, scale: float, dtype: str) -> CodePanel:
    code = _HEAD + f"""x = (torch.tensor({_lit(logits)}) * {_num(scale)}).to(torch.{dtype})
targets = torch.tensor({_ints(targets)})
rows = torch.arange(len(targets))
e = torch.exp(x)  # no max-shift: exp overflows to inf for large x
print("exp / sum    ", -torch.log(e / e.sum(dim=1, keepdim=True))[rows, targets])
print("log(softmax) ", -torch.log(torch.softmax(x, dim=1))[rows, targets])  # log(0) = -inf
print("log_softmax  ", -torch.log_softmax(x, dim=1)[rows, targets])  # log-sum-exp
print("cross_entropy", F.cross_entropy(x, targets, reduction="none"))
"""
    return CodePanel(code, prints=Msg("panels.prints_stability"))


def options_panel(logits, targets, opts: CEOptions) -> CodePanel:
    args = [f'reduction="{opts.reduction}"', f"label_smoothing={_num(opts.label_smoothing)}"]
    weight = "torch.ones(C)"
    if opts.weight is not None:
        args.append("weight=weight")
        weight = f"torch.tensor({_lit(opts.weight)})"
    if opts.ignore_index is not None:
        args.append(f"ignore_index={int(opts.ignore_index)}")
        kept = f"targets != {int(opts.ignore_index)}"
    else:
        kept = "torch.ones(N, dtype=torch.bool)  # no ignore_index: every target is 0..C-1"
    reduce = {"none": "per_row",
              "sum": "per_row.sum()",
              "mean": "per_row.sum() / w[targets][kept].sum()  # weighted mean over kept rows"
              }[opts.reduction]
    code = _HEAD + f"""logits = torch.tensor({_lit(logits)})
targets = torch.tensor({_ints(targets)})
N, C = logits.shape
weight = w = {weight}
loss = F.cross_entropy(logits, targets,
                       {", ".join(args)})
print(loss)
# the same from the formula
eps = {_num(opts.label_smoothing)}
logp = torch.log_softmax(logits, dim=1)
kept = {kept}
nll = w[targets] * -logp[torch.arange(N), targets]
smooth = (w * -logp).sum(dim=1)
per_row = torch.where(kept, (1 - eps) * nll + eps / C * smooth, 0.0)
by_hand = {reduce}
print(by_hand)
print("equal:", torch.allclose(by_hand, loss, atol=1e-6, equal_nan=True))
"""
    return CodePanel(code, prints=Msg("panels.prints_options"))


def photo_batch_panel(model_name: str, files, labels, kept_classes,
                      restricted_targets) -> CodePanel:
    """``files``: (file name, decoded PNG) of each photo, shipped beside the notebook;
    ``labels``/``kept_classes``: ImageNet class indices."""
    paths = [name for name, _ in files]
    names = imagenet_class_names()
    code = f"""import torch
import torch.nn.functional as F
from PIL import Image

paths = {paths!r}  # shipped beside this notebook
photos = []
for path in paths:
    with open(path, "rb") as file:
        photos.append(transform(Image.open(file).convert("RGB")))
with torch.no_grad():
    logits = model(torch.stack(photos))  # ONE forward pass for all photos: (N, 1000)
labels = torch.tensor({_ints(labels)})  # {", ".join(names[int(i)] for i in labels)}
losses = F.cross_entropy(logits, labels, reduction="none")  # one loss per photo
for p, label, loss, top in zip(paths, labels, losses, logits.argmax(dim=1)):
    mark = "" if top == label else f"  WRONG: top-1 is {{imagenet_names[top]}}"
    print(f"{{p}}: {{imagenet_names[label]}} loss {{loss:.4f}}{{mark}}")
print(f"batch mean {{losses.mean():.4f}}")
kept = {_ints(kept_classes)}  # {", ".join(names[int(i)] for i in kept_classes)}
others = torch.ones(logits.shape[1], dtype=torch.bool)
others[kept] = False  # every other class, kept as ONE column: the logsumexp of their logits
rest = torch.logsumexp(logits[:, others].double(), dim=1, keepdim=True).float()
small = torch.cat([logits[:, kept], rest], dim=1)  # (N, k + 1): the loss is still over all 1000
targets = torch.tensor({_ints(restricted_targets)})
print(torch.softmax(small, dim=1))
print(F.nll_loss(torch.log_softmax(small, dim=1), targets, reduction="none"))
"""
    return CodePanel(code, (model_cell(model_name),), tuple(files),
                     Msg("panels.prints_photo_batch"))
