"""Code panels of the Sigmoid page: the PyTorch lines for what is on screen, filled with the
current values, and the output they print, computed here with the very same torch ops.

tests/core/test_snippets_sigmoid.py runs each panel's code in a fresh interpreter and checks it
prints exactly ``panel.output``.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from core.article.sigmoid import ARTICLE_LOGIT, ARTICLE_SIGMOID, article_run
from core.base.code import CodePanel
from core.base.numbers import float32_literal
from core.sigmoid.math import GROUPS, group_indices


def _lines(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def curve_panel(z: float, target: int) -> CodePanel:
    """One logit: its sigmoid, 1 − sigmoid, the derivative, and the binary loss both ways."""
    z, target = float(z), int(target)
    naive = "-torch.log(p)" if target == 1 else "-torch.log(1 - p)"
    naive_label = "-log(sigmoid(z))" if target == 1 else "-log(1 - sigmoid(z))"
    code = f'''import torch
import torch.nn.functional as F

z = torch.tensor([{z!r}])  # (1,) the logit on screen
p = torch.sigmoid(z)  # 1 / (1 + exp(-z))
print(f"z = {{z.item():.4f}}")
print(f"sigmoid(z) = {{p.item():.4f}}")
print(f"1 - sigmoid(z) = {{(1 - p).item():.4f}}")
print(f"derivative p * (1 - p) = {{(p * (1 - p)).item():.4f}}")
y = torch.tensor([{float(target)!r}])  # the target: 1 = yes, 0 = no
print(f"{naive_label} = {{({naive}).item():.4f}}")
bce = F.binary_cross_entropy_with_logits(z, y)  # the stable built-in
print(f"F.binary_cross_entropy_with_logits = {{bce.item():.4f}}")
'''
    t = torch.tensor([z])
    p = torch.sigmoid(t)
    nv = -torch.log(p) if target == 1 else -torch.log(1 - p)
    y = torch.tensor([float(target)])
    out = _lines(f"z = {t.item():.4f}", f"sigmoid(z) = {p.item():.4f}",
                 f"1 - sigmoid(z) = {(1 - p).item():.4f}",
                 f"derivative p * (1 - p) = {(p * (1 - p)).item():.4f}",
                 f"{naive_label} = {nv.item():.4f}",
                 "F.binary_cross_entropy_with_logits = "
                 f"{F.binary_cross_entropy_with_logits(t, y).item():.4f}")
    return CodePanel(code, out)


def group_panel(model_name: str, photo_path: str, logits: np.ndarray, group: str) -> CodePanel:
    """Photo -> 1000 logits -> the group's binary logit by log-sum-exp, checked against the
    softmax mass. ``photo_path`` is shown as given (a placeholder for uploads)."""
    g = GROUPS[group]
    code = f'''import torch
from PIL import Image
from core.sigmoid.math import GROUPS
from core.photo.models import load_model, make_transform, imagenet_class_names

model = load_model({model_name!r})
x = make_transform(model)(Image.open({photo_path!r}).convert("RGB")).unsqueeze(0)
with torch.no_grad():
    logits = model(x)[0]  # (1000,)
names = imagenet_class_names()
inside = torch.zeros(1000, dtype=torch.bool)
inside[[names.index(n) for n in GROUPS[{group!r}].names]] = True  # {len(g.names)} {g.label} classes
# log(p / (1 - p)) without forming p: logsumexp inside minus logsumexp outside
b = torch.logsumexp(logits[inside], 0) - torch.logsumexp(logits[~inside], 0)
mass = torch.softmax(logits, 0)[inside].sum()  # p, the check
print(f"binary logit = {{b.item():.4f}}")
print(f"sigmoid(binary logit) = {{torch.sigmoid(b).item():.4f}}")
print(f"softmax mass = {{mass.item():.4f}}")
'''
    z = torch.tensor(np.asarray(logits, dtype=np.float32))
    inside = torch.zeros(1000, dtype=torch.bool)
    inside[list(group_indices(group))] = True
    b = torch.logsumexp(z[inside], 0) - torch.logsumexp(z[~inside], 0)
    mass = torch.softmax(z, 0)[inside].sum()
    out = _lines(f"binary logit = {b.item():.4f}",
                 f"sigmoid(binary logit) = {torch.sigmoid(b).item():.4f}",
                 f"softmax mass = {mass.item():.4f}")
    return CodePanel(code, out)


def top_k_panel(values, names) -> CodePanel:
    """The same k logits through sigmoid (each alone) and softmax (together)."""
    v = np.asarray(values, dtype=np.float32)
    literal = ", ".join(float32_literal(x, "float64") for x in v)  # float32 values, exactly
    code = f'''import torch

names = {list(map(str, names))!r}
logits = torch.tensor([{literal}])  # ({v.size},)
sig = torch.sigmoid(logits)  # each logit alone
soft = torch.softmax(logits, dim=0)  # all of them together
for n, z, s, p in zip(names, logits, sig, soft):
    print(f"{{n}}: logit {{z:.4f}}  sigmoid {{s:.4f}}  softmax {{p:.4f}}")
print(f"sum: sigmoid {{sig.sum():.4f}}  softmax {{soft.sum():.4f}}")
'''
    t = torch.tensor(v)
    sig, soft = torch.sigmoid(t), torch.softmax(t, dim=0)
    lines = [f"{n}: logit {z:.4f}  sigmoid {s:.4f}  softmax {p:.4f}"
             for n, z, s, p in zip(map(str, names), t, sig, soft)]
    lines.append(f"sum: sigmoid {sig.sum():.4f}  softmax {soft.sum():.4f}")
    return CodePanel(code, _lines(*lines))


def article_panel(seed: int) -> CodePanel:
    """The article's resnet18 example, seeded, plus its printed logit through sigmoid."""
    seed = int(seed)
    code = f'''import timm
import torch

torch.manual_seed({seed})  # fixed seed: the article's run had none, so its numbers differ
m = timm.create_model("resnet18", num_classes=1, pretrained=False).eval()  # untrained head
x = torch.randn(1, 3, 224, 224)  # random input, (batch, channels, height, width)
with torch.no_grad():
    logit = m(x)  # (1, 1)
print(f"logit = {{logit.item():.4f}}")
print(f"sigmoid(logit) = {{torch.sigmoid(logit).item():.4f}}")
# the article printed logit {ARTICLE_LOGIT} and sigmoid {ARTICLE_SIGMOID:.4f}:
print(f"sigmoid({ARTICLE_LOGIT}) = {{torch.sigmoid(torch.tensor({ARTICLE_LOGIT})).item():.4f}}")
'''
    run = article_run(seed)
    out = _lines(f"logit = {run.logit:.4f}", f"sigmoid(logit) = {run.sigmoid:.4f}",
                 f"sigmoid({ARTICLE_LOGIT}) = {run.printed_logit_sigmoid:.4f}")
    return CodePanel(code, out)
