"""The Logits page's code panel is real: run in a fresh interpreter beside the photo it ships,
it prints exactly what the panel shows, and those are the app's own logits."""

import pytest

from core.photo import models
from core.photo.code import photo_logits_panel, photo_png
from core.photo.images import decode_image, sample_bytes
from core.photo.inference import photo_logits
from tests.helpers import run_panel_code


@pytest.mark.parametrize("sample, k", [("coffee", 5), ("cat", 3)])
def test_logits_panel_prints_what_it_shows(sample, k):
    model = models.load_model(models.DEFAULT_MODEL)
    image = decode_image(sample_bytes(sample)).image
    logits = photo_logits(model, models.make_transform(model), image)
    panel = photo_logits_panel(models.DEFAULT_MODEL, f"{sample}.png", photo_png(image), k)
    printed = run_panel_code(panel.code, panel.files)
    assert printed == panel.output
    assert printed.count("\n") == 2 + k
    top = int(logits.argmax())  # the code's model sees what the app's model saw
    assert f"1. {models.imagenet_class_names()[top]} ({top}): {logits[top]:.4f}" in printed
