"""Code panels of the Sigmoid page: the PyTorch lines for what is on screen, filled with the
current values. What each prints is captured by running it (core.base.code.run_panel).
"""

from __future__ import annotations

import numpy as np

from core.article.sigmoid import ARTICLE_LOGIT, ARTICLE_SIGMOID
from core.base.code import CodePanel
from core.base.i18n import Msg
from core.base.numbers import float32_literal
from core.photo.code import photo_setup
from core.sigmoid.math import GROUPS


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
    return CodePanel(code, prints=Msg("panels.prints_sigmoid_curve"))


def group_panel(model_name: str, file_name: str, png: bytes, group: str) -> CodePanel:
    """Photo -> 1000 logits -> the group's binary logit by log-sum-exp, checked against the
    softmax mass."""
    g = GROUPS[group]
    code = f'''import torch

group = {list(g.names)!r}  # {len(g.names)} ImageNet classes: "{g.label}"
inside = torch.zeros(1000, dtype=torch.bool)
inside[[imagenet_names.index(n) for n in group]] = True
# log(p / (1 - p)) without forming p: logsumexp inside minus logsumexp outside
b = torch.logsumexp(photo_logits[inside], 0) - torch.logsumexp(photo_logits[~inside], 0)
mass = torch.softmax(photo_logits, 0)[inside].sum()  # p, the check
print(f"binary logit = {{b.item():.4f}}")
print(f"sigmoid(binary logit) = {{torch.sigmoid(b).item():.4f}}")
print(f"softmax mass = {{mass.item():.4f}}")
'''
    return CodePanel(code, photo_setup(model_name, file_name), ((file_name, png),),
                     Msg("panels.prints_group"))


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
    return CodePanel(code, prints=Msg("panels.prints_top_k"))


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
    return CodePanel(code, prints=Msg("panels.prints_sigmoid_article"))
