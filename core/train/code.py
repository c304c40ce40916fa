"""The Train page's code: the training loop as plain PyTorch (it reads the photos' pooled
features from a file shipped beside it and prints the same numbers as the page), the trained
head as a file, and both as a download.

The features come from the app's one batched forward pass (core.train.features); the file
holds them with the labels, so the code is small, runs in a second and needs no photos.
"""

from __future__ import annotations

import io
import zipfile

import numpy as np
import torch

from core.base.code import CodePanel
from core.base.i18n import Msg
from core.train.math import TrainConfig

FEATURES_FILE = "train_features.pt"
CODE_FILE = "train_head.py"
HEAD_FILE = "trained_head.pt"
PRINT_EVERY = 4  # the loss is printed at this many evenly spaced steps (and the last)


def features_file(features, labels, held_features, held_labels, classes) -> bytes:
    """The training photos' pooled features and labels (and the held-out ones) as torch.save
    writes them (loadable with weights_only=True)."""
    buf = io.BytesIO()
    torch.save({"features": torch.as_tensor(np.asarray(features, np.float32)),
                "labels": torch.as_tensor(np.asarray(labels, np.int64)),
                "held_features": torch.as_tensor(np.asarray(held_features, np.float32)),
                "held_labels": torch.as_tensor(np.asarray(held_labels, np.int64)),
                "classes": [str(c) for c in classes]}, buf)
    return buf.getvalue()


def head_file(weight, bias) -> bytes:
    """The trained head's state_dict, torch.save'd to memory (nn.Linear(F, C) loads it)."""
    buf = io.BytesIO()
    torch.save({"weight": torch.as_tensor(np.asarray(weight, np.float32)),
                "bias": torch.as_tensor(np.asarray(bias, np.float32))}, buf)
    return buf.getvalue()


def printed_steps(steps: int) -> list[int]:
    return sorted({round(k * steps / PRINT_EVERY) for k in range(PRINT_EVERY + 1)})


def train_panel(cfg: TrainConfig, data: bytes) -> CodePanel:
    lr, eps = repr(float(cfg.lr)), repr(float(cfg.label_smoothing))  # as the page used them
    code = f"""import torch
import torch.nn.functional as F

data = torch.load(open("{FEATURES_FILE}", "rb"), weights_only=True)
x = F.normalize(data["features"], dim=1)  # (N, F) pooled features, each row of length 1
y = data["labels"]  # (N,) each photo's class
held_x = F.normalize(data["held_features"], dim=1)  # (M, F) photos kept out of training
held_y = data["held_labels"]
torch.manual_seed({cfg.seed})
head = torch.nn.Linear(x.shape[1], len(data["classes"]))  # the new head: classes × features
opt = torch.optim.SGD(head.parameters(), lr={lr})
steps = {cfg.steps}
for step in range(steps + 1):
    opt.zero_grad()
    logits = head(x)  # (N, C)
    loss = F.cross_entropy(logits, y, label_smoothing={eps})
    if step in {printed_steps(cfg.steps)}:
        print(f"step {{step:4d}}  loss {{loss.item():.4f}}")
    loss.backward()  # the gradient of each logit: (softmax - smoothed one-hot) / N
    if step < steps:
        opt.step()  # full-batch gradient descent
with torch.no_grad():
    print("accuracy", f"{{(head(x).argmax(dim=1) == y).float().mean().item():.4f}}")
    if len(held_y):
        print("held-out loss", f"{{F.cross_entropy(head(held_x), held_y).item():.4f}}")
print("weights", tuple(head.weight.shape))
"""
    return CodePanel(code, files=((FEATURES_FILE, data),), prints=Msg("panels.prints_train"))


def code_zip(panel: CodePanel) -> bytes:
    """The training code and the features file it reads, as one zip (run it where unzipped)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(CODE_FILE, panel.code)
        for name, data in panel.files:
            z.writestr(name, data)
    return buf.getvalue()
