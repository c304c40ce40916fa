"""The frozen model's penultimate features of each photo and of its augmented views.

``model.forward_features`` then ``model.forward_head(..., pre_logits=True)``: the pooled
(N, F) vector that the ImageNet head turns into 1000 logits. A new head trained on these is the
"train the last layer" recipe; the model itself is shared and never changes. All photos of a
batch go through ONE forward pass.
"""

from __future__ import annotations

import numpy as np
import torch
from PIL import Image
from torch import nn

from core.base.threads import on_default_threads
from core.photo.images import decode_image, thumbnail

MAX_VIEWS = 4  # augmented views a photo can add
AUGMENT_SIDE = 384  # views are made from the photo shrunk to this longer side (cheap, bounded)


def photo_seed(digest: str) -> int:
    """A photo's own seed (from its content hash): its views do not depend on its place."""
    return int(digest[:8], 16)


def augmenter():
    """Flips, crops and colour changes (torchvision's transforms)."""
    from torchvision.transforms import v2

    return v2.Compose([v2.RandomResizedCrop(size=AUGMENT_SIDE, scale=(0.5, 1.0), antialias=True),
                       v2.RandomHorizontalFlip(p=0.5),
                       v2.ColorJitter(brightness=0.3, contrast=0.3, saturation=0.3, hue=0.05)])


def augmented_views(image: Image.Image, n: int, seed: int) -> list[Image.Image]:
    """``n`` seeded views of ``image`` (the k-th view is always the same), without touching the
    caller's random state."""
    small = image.copy()
    small.thumbnail((AUGMENT_SIDE, AUGMENT_SIDE))
    aug = augmenter()
    views = []
    with torch.random.fork_rng(devices=[]):
        for k in range(n):
            torch.manual_seed(seed + k)
            views.append(aug(small))
    return views


def photo_inputs(data: bytes, transform, views: int, seed: int):
    """Bytes -> (model inputs of the photo then its views (1 + views, 3, H, W), thumbnails of
    each (JPEG), decoding notes). ImageError on a file that is not a usable photo."""
    decoded = decode_image(data)
    images = [decoded.image, *augmented_views(decoded.image, views, seed)]
    return (torch.stack([transform(im) for im in images]),
            tuple(thumbnail(im, 160) for im in images), tuple(decoded.notes))


def pooled_features(model: nn.Module, batch: torch.Tensor) -> np.ndarray:
    """(N, 3, H, W) -> (N, F) float32, in one forward pass (on torch's default thread count,
    as the photos' logits: core.photo.models.logits_for)."""
    if not len(batch):
        raise ValueError("No photos.")
    return on_default_threads(_pooled, model, batch)


@torch.inference_mode()
def _pooled(model: nn.Module, batch: torch.Tensor) -> np.ndarray:
    return model.forward_head(model.forward_features(batch), pre_logits=True).numpy()


def imagenet_logits(model: nn.Module, features) -> np.ndarray:
    """The model's own ImageNet head on pooled features: (N, F) -> (N, 1000)."""
    return on_default_threads(_head, model, features)


@torch.inference_mode()
def _head(model: nn.Module, features) -> np.ndarray:
    return model.get_classifier()(torch.as_tensor(np.asarray(features, np.float32))).numpy()
