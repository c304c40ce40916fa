"""The loss pages' code panels are real: run in a fresh interpreter, each prints exactly what
the panel says it prints, for the article's batch, random batches and awkward values."""

import numpy as np
import pytest

from core.article.bears import article_batch
from core.losses import code as sl
from core.losses.batch import validate_batch
from tests.helpers import run_panel_code


def _random_batch(seed: int, n: int, c: int, scale: float):
    rng = np.random.default_rng(seed)
    z = (rng.standard_normal((n, c)) * scale).astype(np.float32)
    return validate_batch(z.tolist(), rng.integers(0, c, n).tolist(),
                          [f"class '{j}\"" for j in range(c)])  # quotes survive repr


BATCHES = {
    "article": article_batch(),
    "random-32x20": _random_batch(0, 32, 20, 3.0),
    "one-row": _random_batch(1, 1, 2, 1.0),
    "underflow": validate_batch([[200.0, 0.0, -200.0], [1e4, -1e4, 0.1]], [2, 1],
                                ["a", "b", "c"]),  # log(softmax) = -inf: printed as inf
}


@pytest.mark.parametrize("name", list(BATCHES))
def test_nll_and_ce_panels_print_what_they_show(name):
    b = BATCHES[name]
    for panel in (sl.nll_panel(b), sl.ce_panel(b)):
        assert run_panel_code(panel.code) == panel.output


def test_ce_panel_shows_the_article_numbers():
    out = sl.ce_panel(article_batch()).output
    assert "step 4 nll_loss      1.1063 1.1099 1.1132 1.0313 1.0813" in out
    assert "log_softmax == log(softmax) within 1e-6: True" in out
    assert out.strip().endswith("mean loss 1.0884")
    assert "inf" in sl.ce_panel(BATCHES["underflow"]).output


def test_article_calls_panel_fails_then_works():
    panel = sl.article_calls_panel()
    out = run_panel_code(panel.code)
    assert out == panel.output
    assert "AttributeError: module 'torch' has no attribute 'nll_loss'" in out
    assert "must be Tensor, not list" in out
