"""What a live piece sends back is checked before it touches the session (core.base.live): a
crafted payload (NaN, inf, 1e308, a bool, text, a list, a missing field, a wrong length) gets a
message naming the control and the value, in both languages."""

import math

import numpy as np
import pytest

from core.base.i18n import Msg
from core.base.live import CommitError, commit_index, commit_number, commit_numbers, commit_seq

WHAT = Msg("sigmoid.what_logit")


@pytest.mark.parametrize("value", [None, "3", True, [1.0], {"v": 1}, math.nan, math.inf,
                                   -math.inf, 1e308, -11.0, 10.5])
def test_bad_numbers_are_refused_with_a_message(value):
    with pytest.raises(CommitError) as err:
        commit_number({"value": value, "seq": 1}, "value", lo=-10.0, hi=10.0, what=WHAT)
    message = err.value.args[0]
    assert isinstance(message, Msg) and message.key.startswith("live.")
    assert "Nothing changed" in message and "logit" in message
    assert message.text("ja") != str(message)  # it has a Japanese text


@pytest.mark.parametrize("value, want", [(0, 0.0), (-0.0, 0.0), (2.5, 2.5), (10, 10.0),
                                         (-10.0, -10.0)])
def test_good_numbers_pass(value, want):
    got = commit_number({"value": value}, "value", lo=-10.0, hi=10.0, what=WHAT)
    assert got == want and math.copysign(1.0, got) == math.copysign(1.0, want)


@pytest.mark.parametrize("value", [None, -1, 61, 2.5, "3", True, math.nan, 1e308])
def test_bad_grid_positions_are_refused(value):
    with pytest.raises(CommitError):
        commit_index({"index": value}, "index", size=61, what=Msg("softmax.temp_what"))


def test_grid_positions_pass_also_as_whole_floats():
    assert commit_index({"index": 3}, "index", size=61, what="T") == 3
    assert commit_index({"index": 60.0}, "index", size=61, what="T") == 60


@pytest.mark.parametrize("payload", [{}, {"seq": -1}, {"seq": "2"}, {"seq": True},
                                     {"seq": 1.5}, [], None])
def test_a_commit_needs_its_counter(payload):
    with pytest.raises(CommitError):
        commit_seq(payload)
    assert commit_seq({"seq": 7}) == 7


ROW_WHAT = lambda k: Msg("softmax_msgs.what_logit", k=k)  # noqa: E731


@pytest.mark.parametrize("values", [None, "1,2,3", {"0": 1}, [1.0, 2.0], [1.0, 2.0, 3.0, 4.0],
                                    [1.0, math.nan, 3.0], [math.inf, 2.0, 3.0],
                                    [1e308, 0.0, 0.0], [1.0, "2", 3.0], [True, 2.0, 3.0],
                                    [1.0, None, 3.0]])
def test_a_row_of_logits_is_refused_with_a_message(values):
    with pytest.raises(CommitError) as err:
        commit_numbers({"values": values}, "values", size=3, lo=-1e4, hi=1e4, what=ROW_WHAT)
    message = err.value.args[0]
    assert isinstance(message, Msg) and "Nothing changed" in message
    assert message.text("ja") != str(message)


def test_a_row_of_logits_passes():
    got = commit_numbers({"values": [0, -0.0, 2.5]}, "values", size=3, lo=-1e4, hi=1e4,
                         what=ROW_WHAT)
    assert got == [0.0, 0.0, 2.5] and math.copysign(1.0, got[1]) == 1.0


def test_grid_frames_are_torch_numbers():
    """The lab pieces' frames (core.losses.lab_live) against torch, for a few grid points."""
    import torch
    import torch.nn.functional as F

    from core.article.bears import article_batch
    from core.losses import lab_live

    b = article_batch()
    x, t = torch.tensor(b.logits), torch.tensor(b.targets)
    f = lab_live.lr_frames(b, (0.01, 1.0, 100.0))
    for k, lr in enumerate((0.01, 1.0, 100.0)):
        after = x - lr * (torch.softmax(x, 1) - F.one_hot(t, 3))
        assert f["after"][k] == pytest.approx(float(F.cross_entropy(after, t)), rel=1e-6)
    f = lab_live.smoothing_frames(b, lab_live.lab.CEOptions(), (0.0, 0.5, 1.0))
    for k, eps in enumerate((0.0, 0.5, 1.0)):
        want = F.cross_entropy(x, t, label_smoothing=eps)
        assert f["torch"][k] == pytest.approx(float(want), rel=1e-6)
        assert f["by_hand"][k] == pytest.approx(float(want), rel=1e-5)
    f = lab_live.scale_frames(b, "float32", (1.0, 1000.0))
    assert f["nan"][0] == [0, 0, 0, 0] and f["nan"][1][0] > 0  # exp/sum breaks at ×1000
    assert lab_live.LR_GRID[0] == 0.001 and lab_live.LR_GRID[-1] == 100.0
    assert len(lab_live.SMOOTHING_GRID) == 101 and 1.0 in lab_live.LR_GRID


def test_scale_frames_say_where_each_method_breaks_at_every_scale():
    """Each scale's largest scaled logit, each method's first value that is not finite and the
    explanation are those of lab.stability at that scale (torch), not of the scale shown."""
    import torch

    from core.article.bears import article_batch
    from core.losses import lab, lab_live

    b = article_batch()
    grid = (1.0, 200.0, 1000.0)
    f = lab_live.scale_frames(b, "float16", grid)
    for k, s in enumerate(grid):
        x16 = (torch.tensor(b.logits) * s).to(torch.float16)
        np.testing.assert_allclose(f["largest"][k], x16.max(1).values.float().numpy())
        res = lab.stability(b, s, "float16")
        assert f["first"][k] == [lab.non_finite(res, m)[2] for m in lab.METHODS]
        assert [m.key for m in f["explain"][k]] == [m.key for m in lab.explain(
            res, b.class_names)]
    assert f["first"][0] == [None] * 4 and f["first"][2][0] is not None  # ×1000 breaks exp/sum
    assert f["explain"][0][0].key == "labs_msgs.all_agree"
    assert f["explain"][2][0].key != "labs_msgs.all_agree"


def test_smoothing_frames_say_whether_the_formula_agrees_at_every_eps():
    """Per ε: the largest |by hand − F.cross_entropy| and whether they agree; per row (the same
    for every ε): whether it counts, its target's weight and −log p(target), by torch."""
    import torch
    import torch.nn.functional as F

    from core.article.bears import article_batch
    from core.losses import lab, lab_live

    b = article_batch()
    x, t = torch.tensor(b.logits), torch.tensor(b.targets)
    opts = lab.CEOptions(reduction="mean", ignore_index=0, weight=(1.0, 3.0, 0.5))
    grid = (0.0, 0.3, 1.0)
    f = lab_live.smoothing_frames(b, opts, grid)
    w = torch.tensor(opts.weight)
    for k, eps in enumerate(grid):
        want = float(F.cross_entropy(x, t, ignore_index=0, label_smoothing=eps, weight=w))
        assert f["torch"][k] == pytest.approx(want, rel=1e-6)
        assert f["max_diff"][k] == pytest.approx(abs(f["by_hand"][k] - f["torch"][k]), abs=1e-12)
        assert f["max_diff"][k] < 1e-5 and f["agrees"][k] is True
        assert f["tolerance"][k] > 0
    kept = (t != 0).numpy()
    assert f["counted"] == kept.tolist()
    np.testing.assert_allclose(f["w_target"], np.where(kept, w.numpy()[t.numpy()], 0.0))
    np.testing.assert_allclose(f["nll_target"], F.cross_entropy(x, t, reduction="none").numpy(),
                               rtol=1e-5)
    assert f["denominator"] == pytest.approx(float(np.where(kept, w.numpy()[t.numpy()], 0).sum()))
    # a typed ε: one more point, with its own check, in its place
    extra = lab_live.smoothing_frames(b, opts, (0.123,))
    both = lab_live.with_value(f, extra, lab_live.SMOOTHING_PER_POINT)
    assert both["grid"] == [0.0, 0.123, 0.3, 1.0]
    assert both["agrees"][1] is True and both["max_diff"][1] == extra["max_diff"][0]
    assert both["counted"] == f["counted"]
