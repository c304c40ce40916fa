"""The one rule for "agrees with the article" (core.article.agree) against hand-worked cases, the
corner argument checked against a dense grid, and the float32 rule for by-hand vs torch
(core.base.tolerance), including logits [17, 0] with a class weight of 1000."""

import dataclasses
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.article import agree
from core.article import bears as ab
from core.base.tolerance import EPS32, float32_close
from core.losses import lab
from core.losses.batch import validate_batch


# ---------------------------------------------------------------- hand-worked: exp of 1.0
# The input prints as 1.0 (1 decimal), so it is anywhere in [0.95, 1.05];
# exp(0.95) = 2.585710…, exp(1.0) = 2.718281…, exp(1.05) = 2.857651…. A printed value with
# 2 decimals stands for [p − 0.005, p + 0.005].
@pytest.mark.parametrize("printed, ok", [
    (2.72, True),  # exp(1.0) itself rounds to it
    (2.60, True),  # only near the low end: exp(0.955) = 2.5987 rounds to 2.60
    (2.59, True),  # 2.585 ≤ 2.585710: the low end itself rounds to 2.59
    (2.58, False),  # 2.585 < exp(0.95): no input within rounding gives it
    (2.86, True),  # 2.855 ≤ exp(1.05) = 2.857651: only at the high end
    (2.87, False),  # 2.865 > exp(1.05)
])
def test_exp_of_a_rounded_input(printed, ok):
    c = agree.check(printed, 2, math.exp(1.0), np.exp, [1.0], 1)
    assert c.low == pytest.approx(math.exp(0.95), rel=1e-12)
    assert c.high == pytest.approx(math.exp(1.05), rel=1e-12)
    assert c.agrees is ok
    assert c.correct == "2.72"  # what a flagged value is shown with


def test_plain_rounding_would_flag_what_the_interval_accepts():
    # 2.60 is 0.118 from exp(1.0): far beyond half a unit (0.005) of the printed digits
    assert abs(math.exp(1.0) - 2.60) > 0.005
    assert agree.check(2.60, 2, math.exp(1.0), np.exp, [1.0], 1).agrees


def test_without_inputs_the_rule_is_rounding():
    assert agree.check(0.4620, 4, 0.46204).agrees
    assert agree.check(0.4620, 4, 0.46205).agrees  # exactly half a unit: rounds either way
    off = agree.check(0.4620, 4, 0.46251)
    assert not off.agrees and off.correct == "0.4625"
    assert not agree.check(float("nan"), 4, 0.4620).agrees  # a missing value never agrees
    assert not agree.check(0.4620, 4, float("nan")).agrees


def test_corners_span_the_rounding_box():
    c = agree.corners([0.25, -1.0], [2, 1])
    assert c.shape == (4, 2)
    assert sorted(map(tuple, c.round(12))) == [(0.245, -1.05), (0.245, -0.95), (0.255, -1.05),
                                                (0.255, -0.95)]


@pytest.mark.parametrize("fn", [
    lambda z: np.exp(lab.log_softmax_by_hand(z)),  # softmax
    lab.log_softmax_by_hand,
    lambda z: np.exp(z).sum(axis=1),
])
def test_the_corners_hold_the_extremes_of_every_formula_compared(fn):
    """The monotonicity argument of core/article/agree.py, checked: no point of a dense grid
    inside the box goes beyond what the corners give."""
    z = np.array([0.1752, 0.0539, -0.0581])
    lo, hi = agree.value_range(fn, z, 4)
    axes = [v + np.linspace(-5e-5, 5e-5, 9) for v in z]
    grid = np.stack(np.meshgrid(*axes, indexing="ij"), -1).reshape(-1, 3)  # (729, 3)
    out = np.asarray(fn(grid)).reshape(grid.shape[0], -1)
    assert (out.min(axis=0) >= lo - 1e-15).all() and (out.max(axis=0) <= hi + 1e-15).all()


# ---------------------------------------------------------------- on the article's bears
def test_a_bears_value_agrees_only_thanks_to_the_logits_rounding():
    c = ab.comparisons()["softmax"]
    # printed 0.3734; torch from the printed logits gives 0.373457, which rounds to 0.3735
    assert c.printed[0, 0] == 0.3734 and f"{c.computed[0, 0]:.4f}" == "0.3735"
    assert c.low[0, 0] <= 0.37345 <= c.high[0, 0] and not c.beyond_rounding[0, 0]
    assert c.count_beyond == 0


def test_a_wrong_bears_value_is_flagged_with_the_correct_one():
    wrong = ab.PRINTED_LOSSES.copy()
    wrong[1] = 1.2099
    c = ab.comparisons({"losses": wrong})["losses"]
    assert c.count_beyond == 1 and c.beyond_rounding[1]
    assert "≠ computed 1.1099" in c.frame(["loss"]).iloc[1, 0]


# ---------------------------------------------------------------- by hand vs torch: float32
def test_logits_17_0_with_weight_1000_are_right_within_float32():
    b = validate_batch([[17.0, 0.0]], [0], ["a", "b"])
    exact = 1000 * math.log1p(math.exp(-17.0))  # 4.14e-5
    for reduction in ("none", "sum"):
        opts = lab.CEOptions(reduction, weight=(1000.0, 1.0))
        res = lab.cross_entropy_by_hand(b, opts)
        ref = F.cross_entropy(torch.tensor([[17.0, 0.0]]), torch.tensor([0]),
                              weight=torch.tensor([1000.0, 1.0]), reduction=reduction)
        assert float(ref.sum()) == 0.0 == float(np.sum(res.torch_value))  # float32 says 0
        assert float(np.sum(res.by_hand)) == pytest.approx(exact, rel=1e-9)
        assert exact == pytest.approx(4.14e-5, rel=1e-3)
        # a fixed 1e-6 calls this a disagreement; float32 at 1000 × 17 cannot tell them apart
        assert not np.allclose(res.by_hand, res.torch_value, rtol=1e-5, atol=1e-6)
        assert res.agrees and res.max_diff < res.tolerance < 0.02


def test_a_formula_off_by_more_than_float32_is_flagged():
    res = lab.cross_entropy_by_hand(validate_batch(ab.PRINTED_LOGITS.tolist(), ab.TARGETS,
                                                   ab.CLASSES), lab.CEOptions())
    assert res.agrees and res.tolerance < 5e-6
    off = dataclasses.replace(res, by_hand=res.by_hand + 1e-4)  # e.g. a term left out
    assert not off.agrees


def test_float32_close_cases():
    assert float32_close(1.0, 1.0 + 2 * EPS32, 1.0)
    assert not float32_close(1.0, 1.0 + 100 * EPS32, 1.0)
    assert float32_close(4e-5, 0.0, 1000 * 17)  # resolution grows with the terms' size
    assert not float32_close(4e-5, 0.0, 1.0)
    assert float32_close(np.nan, np.nan, 1.0) and float32_close(np.inf, np.inf, 1.0)
    assert not float32_close(np.inf, 3.0, 1.0) and not float32_close(np.nan, 3.0, 1.0)
