"""The labs' code panels are real: run in a fresh interpreter, each prints exactly what the
panel says it prints (the numbers are the live ones, including NaN and inf)."""

import numpy as np
import pytest

from core.losses import lab
from core.losses import lab_code as sn
from core.photo import batch as pb
from core.photo import models
from core.photo.code import photo_png
from core.photo.images import decode_image, sample_bytes
from tests.helpers import run_panel_code

BEARS = np.array([[0.1752, 0.0539, -0.0581], [0.0544, 0.0642, 0.0782],
                  [0.3230, 0.0958, 0.1941], [0.1143, -0.0508, 0.0701],
                  [0.1249, 0.0510, 0.1147]], dtype=np.float32)
T = [1, 0, 2, 0, 2]


def check(panel):
    assert run_panel_code(panel.code, panel.files) == panel.output
    return panel.output


def test_gradient_panel():
    out = check(sn.gradient_panel(BEARS, T, 0.5))
    assert "autograd == softmax - one-hot: True" in out and "loss before" in out


@pytest.mark.parametrize("scale, dtype", [(1000.0, "float16"), (1000.0, "float32")])
def test_stability_panel_shows_nan_and_inf(scale, dtype):
    out = check(sn.stability_panel(BEARS, T, scale, dtype))
    lines = out.splitlines()
    assert "nan" in lines[0] and "inf" in lines[1]
    assert "nan" not in lines[2] + lines[3] and "inf" not in lines[2] + lines[3]


@pytest.mark.parametrize("opts", [
    lab.CEOptions(),
    lab.CEOptions("none", ignore_index=2, label_smoothing=0.2, weight=(1.0, 3.0, 0.5)),
    lab.CEOptions("mean", ignore_index=0, label_smoothing=0.1, weight=(1.0, 2.0, 0.5)),
    lab.CEOptions("mean", weight=(0.0, 0.0, 0.0)),  # 0 / 0: both NaN, still "equal"
])
def test_options_panel(opts):
    out = check(sn.options_panel(BEARS, T, opts))
    assert out.rstrip().endswith("equal: True")


def test_panel_output_is_computed_from_the_values():
    a = sn.gradient_panel(BEARS, T, 0.5).output
    b = sn.gradient_panel(BEARS * 2, T, 0.5).output
    assert a != b
    assert sn.too_big(np.zeros((3, 1000))) and not sn.too_big(BEARS)


def test_photo_batch_panel():
    keys = ("coffee", "cat")
    files = [(f"{k}.png", photo_png(decode_image(sample_bytes(k)).image)) for k in keys]
    labels = [models.class_index("espresso"), models.class_index("tabby")]
    bears = pb.class_indices(pb.BEARS)
    panel = sn.photo_batch_panel(models.DEFAULT_MODEL, files, labels, bears, [2, 0])
    out = check(panel)
    assert "WRONG: top-1 is tiger cat" in out and "batch mean" in out
