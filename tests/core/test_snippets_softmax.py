"""The Softmax page's code panels are real: run in a fresh interpreter, each prints exactly what
the panel says it prints, and that output carries torch's numbers."""

import numpy as np
import pytest
import torch

from core.softmax.code import article_panel, softmax_panel
from core.softmax.math import PRESETS
from tests.helpers import run_panel_code


@pytest.mark.parametrize("names, logits, t", [
    (PRESETS["article"].names, PRESETS["article"].logits, 1.0),
    (PRESETS["pick_one"].names, PRESETS["pick_one"].logits, 0.05),
    (("it's", 'say "hi"', "ねこ"), (1e4, -1e4, 3.3), 20.0),
    (tuple(f"c{i}" for i in range(20)), tuple(np.linspace(-5, 5, 20)), 0.5),
])
def test_softmax_panel_prints_what_it_shows(names, logits, t):
    panel = softmax_panel(names, logits, t)
    assert run_panel_code(panel.code) == panel.output
    probs = torch.softmax(torch.tensor(np.asarray(logits, np.float32)), dim=-1)
    for n, p in zip(names, probs):
        assert f"{n}: {p:.4f}\n" in panel.output
    assert "dim=-1" in panel.code


def test_article_panel_runs_with_dim_and_prints_torch():
    panel = article_panel(PRESETS["article"].logits)
    out = run_panel_code(panel.code)
    assert out == panel.output
    assert "torch.softmax(logits, dim=-1)" in panel.code
    assert "softmax: [0.0143, 0.0173, 0.9534, 0.0003, 0.0148]" in out
    assert "sum: 56.4157" in out
