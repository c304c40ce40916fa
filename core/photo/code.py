"""Photo code: the model cell, the photo cell and the Logits page's panel.

The model is built the way a learner builds it offline: ``timm.create_model(name,
pretrained=False)`` filled from the ImageNet weights the pip package installed. The photo is
read from a file shipped beside the notebook: the photo as the app decoded it (upright, 8-bit
RGB, saved losslessly as PNG), so the notebook's model sees exactly the pixels the app's did.
"""

from __future__ import annotations

import io

from PIL import Image

from core.base.code import CodePanel, setup_namespace
from core.base.i18n import Msg
from core.photo.models import get_spec, weights_path

UPLOAD_FILE = "photo.png"  # an upload's fixed name: never the user's own file name


def photo_file_name(sample_key: str | None) -> str:
    """A bundled sample ships as ``<sample>.png``; an upload or camera shot as photo.png."""
    return f"{sample_key}.png" if sample_key else UPLOAD_FILE


def photo_png(image: Image.Image) -> bytes:
    """The decoded RGB photo, losslessly: ``Image.open(...).convert("RGB")`` gives it back."""
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def model_cell(model_name: str) -> str:
    """Build the model, its preprocessing and the class names: once per notebook (and once per
    app process: ``shared_model``)."""
    spec = get_spec(model_name)
    pkg = spec.weights_module
    return f'''import timm
import torch
from {pkg} import {spec.weights_class}
from timm.data import ImageNetInfo, create_transform, resolve_data_config


def build_model(name, weights_file):
    """timm's network, built empty, filled with the ImageNet weights in weights_file."""
    model = timm.create_model(name, pretrained=False)
    weights = torch.load(weights_file, map_location="cpu", weights_only=True)
    # the package's tensors are timm's, in the same order (it stores no num_batches_tracked)
    timm_keys = [k for k in model.state_dict() if not k.endswith("num_batches_tracked")]
    tensors = [v for k, v in weights.items() if not k.endswith("num_batches_tracked")]
    assert len(timm_keys) == len(tensors)
    model.load_state_dict(dict(zip(timm_keys, tensors)), strict=False)
    return model.eval().requires_grad_(False)  # for predictions only: never trained here


# With internet access the usual way is timm.create_model({spec.name!r}, pretrained=True).
# This app cannot download, so it builds the same network empty and fills it with the ImageNet
# weights that the pip package {pkg.replace("_", "-")} installed on this computer.
model = build_model({spec.name!r}, {spec.weights_class}.get_model_file_path())
transform = create_transform(**resolve_data_config({{}}, model=model))  # the model's own
imagenet_names = [d.split(",")[0] for d in ImageNetInfo().label_descriptions()]  # 1000 names
'''


MODEL_BUILD_LIMIT_S = 600.0  # the app's first build may wait for a busy machine


def shared_model(model_name: str):
    """The model and transform that ``model_cell``'s very lines built in this process (the code
    runner keeps that namespace): what the app classifies with is what the panels show."""
    weights_path(model_name)  # a missing weights package: ModelError saying how to install it
    ns = setup_namespace((model_cell(model_name),), MODEL_BUILD_LIMIT_S)
    return ns["model"], ns["transform"]


def photo_cell(file_name: str) -> str:
    """Read the shipped photo and run it through the model once: ``photo_logits`` (1000,)."""
    return f'''from PIL import Image

# {file_name} ships beside this notebook: the photo as the app decoded it (upright, RGB).
# For your own photo, put the file in this folder and write its name here.
with open({file_name!r}, "rb") as photo_file:
    photo = Image.open(photo_file).convert("RGB")
photo_input = transform(photo).unsqueeze(0)  # (1, 3, height, width)
with torch.no_grad():
    photo_logits = model(photo_input)[0]  # (1000,) raw scores: any real number
'''


def photo_setup(model_name: str, file_name: str) -> tuple[str, str]:
    return model_cell(model_name), photo_cell(file_name)


def photo_logits_panel(model_name: str, file_name: str, png: bytes, k: int) -> CodePanel:
    """Photo -> 1000 logits -> stats and top-k."""
    body = f'''import torch

print(tuple(photo_logits.shape))
lo, hi, mean = photo_logits.min(), photo_logits.max(), photo_logits.mean()
print(f"min {{lo:.4f}}  max {{hi:.4f}}  mean {{mean:.4f}}")
top = torch.topk(photo_logits, k={int(k)})
for rank, (v, i) in enumerate(zip(top.values, top.indices), start=1):
    print(f"{{rank}}. {{imagenet_names[i]}} ({{int(i)}}): {{v:.4f}}")
'''
    return CodePanel(body, photo_setup(model_name, file_name), ((file_name, png),),
                     Msg("panels.prints_logits", k=int(k)))
