"""The article's bears tables: recomputed from its printed logits, compared with what it
printed, and its two calls that do not run as printed really fail (and the fixed ones run)."""

import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from core.article import bears as ab
from core.losses.math import cross_entropy_steps


def test_article_batch_is_the_printed_one():
    b = ab.article_batch()
    assert b.class_names == ("Grizzly", "Brown", "Teddy")
    assert b.targets.tolist() == [1, 0, 2, 0, 2]
    assert b.target_names == ("Brown", "Grizzly", "Teddy", "Grizzly", "Teddy")
    np.testing.assert_array_equal(b.logits, ab.PRINTED_LOGITS.astype(np.float32))


def test_every_printed_table_follows_from_the_printed_logits_within_rounding():
    comps = ab.comparisons()
    assert set(comps) == {"softmax", "picked", "nll_softmax", "log", "losses", "module"}
    for key, c in comps.items():
        assert c.printed.shape == c.computed.shape, key
        assert c.count_beyond == 0, (key, c.max_diff)
        assert 0 < c.max_diff < 10.0 ** -ab.DECIMALS, key  # rounding is visible, but small
        # torch's float32 value from the printed logits lies in the range the rule checks
        assert (c.low - 1e-6 <= c.computed).all() and (c.computed <= c.high + 1e-6).all(), key


def test_computed_values_are_pytorchs():
    z = torch.tensor(ab.PRINTED_LOGITS, dtype=torch.float32)
    t = torch.tensor(ab.TARGETS)
    comps = ab.comparisons()
    np.testing.assert_array_equal(comps["softmax"].computed, torch.softmax(z, 1).numpy())
    np.testing.assert_array_equal(comps["module"].computed,
                                  nn.CrossEntropyLoss(reduction="none")(z, t).numpy())
    np.testing.assert_array_equal(comps["nll_softmax"].computed,
                                  F.nll_loss(torch.softmax(z, 1), t, reduction="none").numpy())
    assert cross_entropy_steps(ab.article_batch()).mean == pytest.approx(
        float(F.cross_entropy(z, t)), abs=1e-6)


def test_a_wrong_printed_value_is_marked_with_the_computed_one():
    wrong = ab.PRINTED_SOFTMAX.copy()
    wrong[0, 0] = 0.3800  # 0.0065 off: more than rounding
    # 0.3328: torch's 0.332851 rounds to 0.3329, but logits within their rounding reach
    # 0.332829, which rounds to 0.3328: agrees at the interval's low end, not marked
    wrong[1, 1] = 0.3328
    c = ab.comparisons({"softmax": wrong})["softmax"]
    assert c.count_beyond == 1 and c.beyond_rounding[0, 0]
    frame = c.frame(ab.CLASSES)
    assert frame.iloc[0, 0] == "0.3800  ≠ computed 0.3735"
    assert frame.iloc[1, 1] == f"{wrong[1, 1]:.4f}"
    nan = ab.comparisons({"losses": [np.nan, 1.1099, 1.1132, 1.0312, 1.0813]})["losses"]
    assert nan.count_beyond == 1  # a missing value is a difference, never a match
    assert list(nan.frame(["loss"]).columns) == ["loss"] and len(nan.frame(["loss"])) == 5


@pytest.mark.parametrize("call", ab.ARTICLE_CALLS, ids=["nll_loss", "cross_entropy_list"])
def test_printed_call_fails_and_fixed_call_gives_the_article_numbers(call):
    failed = ab.run_call(call.printed)
    assert not failed.ok and failed.value is None
    assert failed.error.startswith(("AttributeError", "TypeError"))
    fixed = ab.run_call(call.works)
    assert fixed.ok and fixed.error == ""
    printed = ab.PRINTED_PICKED_NEGATED if "nll_loss" in call.printed else ab.PRINTED_LOSSES
    np.testing.assert_allclose(fixed.value.numpy(), printed, atol=10.0 ** -ab.DECIMALS)


def test_the_printed_forms_really_fail_in_pytorch():
    """Independently of run_call: the article's exact calls raise in this PyTorch."""
    logits = torch.tensor(ab.PRINTED_LOGITS, dtype=torch.float32)
    outputs = torch.softmax(logits, dim=1)
    targets = list(ab.TARGETS)
    with pytest.raises(AttributeError, match="nll_loss"):
        torch.nll_loss(outputs, targets, reduction="none")
    with pytest.raises(TypeError, match="must be Tensor, not list"):
        nn.CrossEntropyLoss(reduction="none")(logits, targets)
    torch.testing.assert_close(-outputs[torch.arange(5), targets],
                               F.nll_loss(outputs, torch.tensor(targets), reduction="none"))
