"""Photo -> logits: the model's own timm preprocessing, then a forward pass."""

from __future__ import annotations

import numpy as np
import torch
from PIL import Image
from torch import nn

from core.photo.models import logits_for


def preprocess(transform, image: Image.Image) -> torch.Tensor:
    """An RGB image -> the model's input batch of one, (1, 3, H, W)."""
    return transform(image).unsqueeze(0)


def photo_logits(model: nn.Module, transform, image: Image.Image) -> np.ndarray:
    """The 1000 raw ImageNet logits of one photo, float32 (1000,)."""
    return logits_for(model, preprocess(transform, image))[0].numpy().astype(np.float32)
