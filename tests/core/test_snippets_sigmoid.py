"""The Sigmoid page's code panels are real: run in a fresh interpreter, each prints exactly what
the panel says it prints."""

import numpy as np
import pytest

from core.photo import models
from core.photo.code import photo_png
from core.photo.images import decode_image, sample_bytes
from core.sigmoid import code as snippets_sigmoid
from tests.helpers import run_panel_code


@pytest.mark.parametrize("z, target", [(0.0, 1), (3.7, 0), (-200.0, 1), (15.0, 0),
                                       (-1e4, 0)])
def test_curve_panel_prints_what_it_shows(z, target):
    panel = snippets_sigmoid.curve_panel(z, target)
    assert run_panel_code(panel.code) == panel.output
    assert panel.output.count("\n") == 6


def test_curve_panel_shows_the_inf_of_the_literal_formula():
    out = snippets_sigmoid.curve_panel(-200.0, 1).output
    assert "-log(sigmoid(z)) = inf" in out
    assert "F.binary_cross_entropy_with_logits = 200.0000" in out


def test_top_k_panel_prints_what_it_shows():
    values = np.array([11.41219711303711, 7.269762992858887, -0.5, 1e4, -1e4], dtype=np.float32)
    names = ["espresso", "cup", 'it\'s "quoted"', "big", "small"]
    panel = snippets_sigmoid.top_k_panel(values, names)
    printed = run_panel_code(panel.code)
    assert printed == panel.output
    assert printed.splitlines()[-1].endswith("softmax 1.0000")


def test_article_panel_prints_what_it_shows():
    panel = snippets_sigmoid.article_panel(3)
    assert run_panel_code(panel.code) == panel.output
    assert "sigmoid(-0.1522) = 0.4620" in panel.output


@pytest.mark.parametrize("sample, group", [("coffee", "coffee"), ("cat", "cats"),
                                           ("cat", "dogs")])
def test_group_panel_prints_what_it_shows(sample, group):
    png = photo_png(decode_image(sample_bytes(sample)).image)
    panel = snippets_sigmoid.group_panel(models.DEFAULT_MODEL, f"{sample}.png", png, group)
    printed = run_panel_code(panel.code, panel.files)
    assert printed == panel.output
    lines = printed.splitlines()
    assert lines[1].split("= ")[1] == lines[2].split("= ")[1]  # σ(binary logit) == mass
