"""The Logits page's code panel is real: run in a fresh interpreter, it prints exactly what the
panel says it prints."""

import pytest

from core.photo import models
from core.photo.code import photo_logits_panel
from core.photo.images import SAMPLES, decode_image, sample_bytes
from core.photo.inference import photo_logits
from tests.helpers import run_panel_code


@pytest.mark.parametrize("sample, k", [("coffee", 5), ("cat", 3)])
def test_logits_panel_prints_what_it_shows(sample, k):
    model = models.load_model(models.DEFAULT_MODEL)
    logits = photo_logits(model, models.make_transform(model),
                          decode_image(sample_bytes(sample)).image)
    panel = photo_logits_panel(models.DEFAULT_MODEL, f"assets/samples/{SAMPLES[sample].file}",
                               logits, models.imagenet_class_names(), k)
    printed = run_panel_code(panel.code)
    assert printed == panel.output
    assert printed.count("\n") == 2 + k
