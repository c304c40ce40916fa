"""core.losses.lab against PyTorch: gradient vs autograd, options by hand vs F.cross_entropy
(agreeing within float32's resolution), float16/float32 stability, the lab's own settings;
hypothesis over shapes, targets and options. The batch comes validated (core.losses.batch's
tests check that validation): the lab takes a Batch and never checks it again."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from core.losses import lab
from core.losses.batch import Batch

BEARS = np.array([[0.1752, 0.0539, -0.0581], [0.0544, 0.0642, 0.0782],
                  [0.3230, 0.0958, 0.1941], [0.1143, -0.0508, 0.0701],
                  [0.1249, 0.0510, 0.1147]], dtype=np.float32)
BEAR_T = np.array([1, 0, 2, 0, 2])
TOL = dict(rtol=1e-6, atol=1e-6)


def batch_of(x, t) -> Batch:
    """Arrays that are already valid, as the Batch the lab takes (no validation here: the
    50-class case below is wider than an editable batch)."""
    x = np.asarray(x, dtype=np.float32)
    return Batch(x, np.asarray(t, dtype=np.int64), tuple(f"c{j}" for j in range(x.shape[1])))


BB = batch_of(BEARS, BEAR_T)


@st.composite
def batches(draw, lo=-20.0, hi=20.0):
    n = draw(st.integers(1, 8))
    c = draw(st.integers(2, 10))
    x = draw(arrays(np.float32, (n, c), elements=st.floats(lo, hi, width=32)))
    t = draw(arrays(np.int64, (n,), elements=st.integers(0, c - 1)))
    return batch_of(x, t)


@st.composite
def options(draw, c):
    weight = draw(st.none() | st.lists(st.just(0.0) | st.floats(lab.MIN_WEIGHT, 5.0),
                                       min_size=c, max_size=c))
    return lab.CEOptions(
        reduction=draw(st.sampled_from(lab.REDUCTIONS)),
        ignore_index=draw(st.none() | st.integers(0, c - 1)),
        label_smoothing=draw(st.floats(0.0, 1.0)),
        weight=None if weight is None else tuple(weight))


def torch_reference(x, t, opts, dtype):
    kw = {"reduction": opts.reduction, "label_smoothing": opts.label_smoothing}
    if opts.ignore_index is not None:
        kw["ignore_index"] = opts.ignore_index
    if opts.weight is not None:
        kw["weight"] = torch.tensor(opts.weight, dtype=dtype)
    return F.cross_entropy(torch.tensor(x, dtype=dtype), torch.tensor(t), **kw).numpy()


# ---------------------------------------------------------------- the lab's own settings
@pytest.mark.parametrize("opts, words", [
    (lab.CEOptions(reduction="avg"), "reduction"),
    (lab.CEOptions(ignore_index=3), "ignore_index 3"),
    (lab.CEOptions(ignore_index=-100), "ignore_index -100"),
    (lab.CEOptions(label_smoothing=1.5), "label_smoothing"),
    (lab.CEOptions(label_smoothing=float("nan")), "label_smoothing"),
    (lab.CEOptions(weight=(1.0, 2.0)), r"one value per class \(3\)"),
    (lab.CEOptions(weight=(1.0, -2.0, 1.0)), "0, or between 1e-06 and 1000"),
    (lab.CEOptions(weight=(1.0, float("inf"), 1.0)), "0, or between"),
    # would be 0 or a subnormal in PyTorch's float32 (hypothesis found 4e-202 giving NaN there)
    (lab.CEOptions(weight=(1.0, 4.18e-202, 1.0)), "0, or between"),
    (lab.CEOptions(weight=(1.0, 1e-40, 1.0)), "0, or between"),
])
def test_bad_options_are_refused(opts, words):
    with pytest.raises(lab.LabError, match=words):
        lab.cross_entropy_by_hand(BB, opts)


# ---------------------------------------------------------------- gradient
def test_gradient_is_softmax_minus_onehot_and_matches_autograd():
    g = lab.gradient(BB)
    x = torch.tensor(BEARS, requires_grad=True)
    F.cross_entropy(x, torch.tensor(BEAR_T), reduction="sum").backward()
    np.testing.assert_allclose(g.grad_autograd, x.grad.numpy(), **TOL)
    np.testing.assert_allclose(g.grad, x.grad.numpy(), **TOL)
    ref = torch.softmax(torch.tensor(BEARS), 1).numpy() - np.eye(3)[BEAR_T]
    np.testing.assert_allclose(g.grad, ref, **TOL)
    assert g.max_diff < 1e-6
    np.testing.assert_allclose(g.loss, [1.1063, 1.1099, 1.1132, 1.0313, 1.0813], atol=6e-5)
    np.testing.assert_allclose(g.grad.sum(axis=1), 0, atol=1e-6)  # each row sums to 0


def test_mean_reduction_divides_the_gradient_by_n():
    x = torch.tensor(BEARS, requires_grad=True)
    F.cross_entropy(x, torch.tensor(BEAR_T), reduction="mean").backward()
    np.testing.assert_allclose(x.grad.numpy(), lab.gradient(BB).grad / 5, **TOL)


@settings(max_examples=60, deadline=None)
@given(batches())
def test_gradient_matches_autograd_everywhere(batch):
    x, t = batch.logits, batch.targets
    g = lab.gradient(batch)
    xt = torch.tensor(x, requires_grad=True)
    F.cross_entropy(xt, torch.tensor(t), reduction="sum").backward()
    np.testing.assert_allclose(g.grad, xt.grad.numpy(), **TOL)


@pytest.mark.parametrize("lr", [0.01, 0.5, 1.0, 10.0, 100.0])
def test_one_step_lowers_every_rows_loss(lr):
    s = lab.gradient_step(BB, lr)
    g = lab.gradient(BB)
    np.testing.assert_allclose(s.after, BEARS - np.float32(lr) * g.grad, **TOL)
    ref = F.cross_entropy(torch.tensor(s.after), torch.tensor(BEAR_T), reduction="none")
    np.testing.assert_allclose(s.loss_after, ref.numpy(), **TOL)
    assert (s.loss_after < s.loss_before).all()
    assert (np.diff(s.curve) <= 1e-7).all() and s.curve[0] == pytest.approx(1.0883659, abs=1e-6)


@pytest.mark.parametrize("lr", [0.0, -1.0, float("nan"), float("inf"), 101.0])
def test_bad_learning_rate(lr):
    with pytest.raises(lab.LabError, match="learning rate"):
        lab.gradient_step(BB, lr)


# ---------------------------------------------------------------- stability
def test_float32_naive_breaks_where_log_softmax_does_not():
    res = lab.stability(BB, 1000.0, "float32")
    x64 = torch.tensor(BEARS, dtype=torch.float64) * 1000.0
    ref = torch.log_softmax(x64, 1).numpy()
    np.testing.assert_allclose(res.log_softmax, ref, rtol=1e-6, atol=1e-4)
    ref_ce = F.cross_entropy(x64, torch.tensor(BEAR_T), reduction="none").numpy()
    np.testing.assert_allclose(res.ce, ref_ce, rtol=1e-6, atol=1e-4)
    assert np.isfinite(res.ce).all() and np.isfinite(res.log_softmax).all()
    assert np.isneginf(res.log_of_softmax).any()  # row 1: teddy 234 below the max
    assert np.isnan(res.naive).any()  # exp(323) = inf, inf / inf
    ninf, nnan, first = lab.non_finite(res, "log(softmax)")
    assert ninf > 0 and nnan == 0 and first is not None
    assert lab.non_finite(res, "cross_entropy") == (0, 0, None)
    text = " ".join(lab.explain(res, ("Grizzly", "Brown", "Teddy")))
    assert "inf / inf = NaN" in text and "log(0) = -inf" in text and "log-sum-exp" in text


def test_at_scale_one_all_methods_agree():
    res = lab.stability(BB, 1.0, "float32")
    for m in lab.METHODS:
        np.testing.assert_allclose(res.picked(m), res.ce, **TOL)
    assert "agree" in lab.explain(res)[0]


def test_float16_breaks_earlier_and_cross_entropy_stays_finite():
    x = BEARS * 100  # spread of 23: fine in float32, too wide for float16's exp
    r32 = lab.stability(batch_of(x, BEAR_T), 1.0, "float32")
    r16 = lab.stability(batch_of(x, BEAR_T), 1.0, "float16")
    assert all(lab.non_finite(r32, m) == (0, 0, None) for m in lab.METHODS)
    assert np.isnan(r16.naive).any() and np.isneginf(r16.log_of_softmax).any()
    assert np.isfinite(r16.ce).all() and np.isfinite(r16.log_softmax).all()
    # float16 keeps ~3 significant digits
    np.testing.assert_allclose(r16.ce, r32.ce, rtol=2e-3, atol=2e-2)
    # torch's own float16 cross_entropy is what the lab reports
    ref = F.cross_entropy(torch.tensor(x).half(), torch.tensor(BEAR_T), reduction="none")
    np.testing.assert_array_equal(r16.ce, ref.double().numpy())
    hi, lo = lab.thresholds("float16")
    assert hi == pytest.approx(np.log(65504.0)) and lo == pytest.approx(np.log(2.0 ** -24))


def test_float16_input_overflow_is_explained():
    x = np.array([[100.0, 0.0, -1.0]], np.float32)
    res = lab.stability(batch_of(x, [0]), 1000.0, "float16")
    assert np.isinf(res.scaled).any()
    assert np.isnan(res.ce).all()  # inf in, NaN out: even cross_entropy
    assert "do not fit in float16" in lab.explain(res)[0]
    assert np.isfinite(lab.stability(batch_of(x, [0]), 1000.0, "float32").ce).all()


def test_float16_loss_beyond_its_range_is_inf_and_explained():
    # both logits fit float16 (±40000), but their gap of 80000 does not
    x = np.array([[40.0, -40.0, 0.0]], np.float32)
    res = lab.stability(batch_of(x, [1]), 1000.0, "float16")
    assert np.isfinite(res.scaled).all()
    assert np.isneginf(res.log_softmax[0, 1]) and np.isposinf(res.ce[0])
    assert lab.non_finite(res, "cross_entropy") == (1, 0, (0, 0))
    assert "does not fit" in lab.explain(res, ("a", "b", "c"))[-1]
    assert "'b' is 80000 below" in lab.explain(res, ("a", "b", "c"))[-1]
    ok = lab.stability(batch_of(x, [0]), 1000.0, "float16")  # the target is the max: loss 0
    assert ok.ce[0] == 0 and "does not fit" in lab.explain(ok)[-1]  # the table still has -inf


def test_sweep_counts_grow_with_scale():
    counts = lab.sweep(BB, "float32")
    assert counts["log_softmax"] == [0] * len(lab.SCALES)
    assert counts["cross_entropy"] == [0] * len(lab.SCALES)
    assert counts["log(softmax)"][0] == 0 and counts["log(softmax)"][-1] > 0
    # at ×1000 every row whose max exceeds 88.72 / 1000 overflows (all but row 2: 0.0782)
    overflowing = (BEARS.max(axis=1) * 1000 > lab.thresholds("float32")[0]).sum()
    assert overflowing == 4
    assert counts["exp / sum (no max-shift)"][-1] == overflowing * 3
    assert all(a <= b for a, b in zip(counts["log(softmax)"], counts["log(softmax)"][1:]))


@pytest.mark.parametrize("scale, dtype", [(0.0, "float32"), (1001.0, "float32"),
                                          (float("nan"), "float32"), (1.0, "bfloat16")])
def test_bad_stability_inputs(scale, dtype):
    with pytest.raises(lab.LabError):
        lab.stability(BB, scale, dtype)


# ---------------------------------------------------------------- options
@pytest.mark.parametrize("opts", [
    lab.CEOptions(),
    lab.CEOptions(reduction="none"),
    lab.CEOptions(reduction="sum"),
    lab.CEOptions(reduction="mean", ignore_index=0),
    lab.CEOptions(reduction="none", ignore_index=2),
    lab.CEOptions(reduction="mean", label_smoothing=0.1),
    lab.CEOptions(reduction="none", label_smoothing=1.0),
    lab.CEOptions(reduction="mean", weight=(1.0, 2.0, 0.5)),
    lab.CEOptions(reduction="sum", weight=(0.0, 3.0, 1.0)),
    lab.CEOptions(reduction="mean", ignore_index=0, label_smoothing=0.3, weight=(1, 2, 0.5)),
])
def test_each_option_by_hand_equals_f_cross_entropy(opts):
    res = lab.cross_entropy_by_hand(BB, opts)
    np.testing.assert_allclose(res.by_hand, torch_reference(BEARS, BEAR_T, opts, torch.float32),
                               **TOL)
    np.testing.assert_allclose(res.torch_value,
                               torch_reference(BEARS, BEAR_T, opts, torch.float32), rtol=0, atol=0)
    np.testing.assert_allclose(res.by_hand, torch_reference(BEARS, BEAR_T, opts, torch.float64),
                               rtol=1e-12, atol=1e-12)
    assert res.agrees and res.max_diff < 1e-6


def test_ignored_rows_count_zero_and_leave_the_mean():
    res = lab.cross_entropy_by_hand(BB, lab.CEOptions("mean", ignore_index=0))
    assert list(res.kept) == [True, False, True, False, True]
    assert (res.per_row[~res.kept] == 0).all() and res.denominator == 3
    kept_ce = F.cross_entropy(torch.tensor(BEARS[res.kept]), torch.tensor(BEAR_T[res.kept]))
    assert float(res.by_hand) == pytest.approx(float(kept_ce), abs=1e-6)


def test_weighted_mean_divides_by_the_target_weights():
    w = (1.0, 2.0, 0.5)
    res = lab.cross_entropy_by_hand(BB, lab.CEOptions("mean", weight=w))
    assert res.denominator == pytest.approx(2 + 1 + 0.5 + 1 + 0.5)
    assert float(res.by_hand) == pytest.approx(res.nll_part.sum() / 5.0, abs=1e-12)


@pytest.mark.parametrize("opts", [lab.CEOptions("mean", ignore_index=0),
                                  lab.CEOptions("mean", weight=(0.0, 1.0, 1.0))])
def test_mean_over_nothing_is_nan_like_pytorch(opts):
    t = np.zeros(5, dtype=np.int64)
    res = lab.cross_entropy_by_hand(batch_of(BEARS, t), opts)
    assert res.denominator == 0 and np.isnan(res.by_hand) and np.isnan(res.torch_value)
    assert res.agrees and res.max_diff == 0


def test_label_smoothing_one_is_the_uniform_target():
    res = lab.cross_entropy_by_hand(BB, lab.CEOptions("none", label_smoothing=1.0))
    uniform = -torch.log_softmax(torch.tensor(BEARS, dtype=torch.float64), 1).mean(1).numpy()
    np.testing.assert_allclose(res.by_hand, uniform, rtol=1e-12)


def test_log_softmax_by_hand():
    x = np.array([[1000.0, 0.0, -1000.0], [1.0, 2.0, 3.0]])
    np.testing.assert_allclose(lab.log_softmax_by_hand(x),
                               torch.log_softmax(torch.tensor(x), 1).numpy(), rtol=1e-12)


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_options_by_hand_equal_pytorch_on_random_batches(data):
    b = data.draw(batches(-10.0, 10.0))
    x, t = b.logits, b.targets
    opts = data.draw(options(x.shape[1]))
    res = lab.cross_entropy_by_hand(b, opts)
    ref64 = torch_reference(x, t, opts, torch.float64)
    np.testing.assert_allclose(res.by_hand, ref64, rtol=1e-10, atol=1e-10)
    ref32 = torch_reference(x, t, opts, torch.float32)
    np.testing.assert_allclose(res.torch_value, ref32, rtol=0, atol=0, equal_nan=True)
    np.testing.assert_allclose(res.by_hand, ref32, rtol=1e-6, atol=1e-6, equal_nan=True)
    assert res.agrees


def test_largest_gradients_keep_the_target():
    g = lab.gradient(batch_of(np.linspace(-3, 3, 50)[None, :], [7])).grad[0]
    cols = lab.largest_gradients(g, 20)
    assert len(cols) == 20 and 7 in cols and list(cols) == sorted(cols)
    others = np.abs(np.delete(g, cols))
    chosen = np.abs(g[[c for c in cols if c != 7]])
    assert others.max() <= chosen.min()
    assert list(lab.largest_gradients(g[:5], 20)) == [0, 1, 2, 3, 4]


@settings(max_examples=60, deadline=None)
@given(batches(-1e4, 1e4), st.sampled_from(lab.SCALES))
def test_float32_log_softmax_and_cross_entropy_never_break(batch, scale):
    x, t = batch.logits, batch.targets
    res = lab.stability(batch, scale, "float32")
    assert np.isfinite(res.log_softmax).all() and np.isfinite(res.ce).all()
    np.testing.assert_allclose(res.picked("log_softmax"), res.ce, rtol=1e-6, atol=1e-6)
    x64 = torch.tensor(x, dtype=torch.float64) * scale
    ref = F.cross_entropy(x64, torch.tensor(t), reduction="none").numpy()
    np.testing.assert_allclose(res.ce, ref, rtol=1e-5, atol=1e-3 * scale)


@settings(max_examples=40, deadline=None)
@given(batches(-10.0, 10.0), st.floats(0.001, 100.0))
def test_a_gradient_step_never_raises_a_rows_loss(batch, lr):
    t = batch.targets
    s = lab.gradient_step(batch, lr, steps=3)
    ref = F.cross_entropy(torch.tensor(s.after), torch.tensor(t), reduction="none").numpy()
    np.testing.assert_allclose(s.loss_after, ref, rtol=1e-6, atol=1e-6)
    assert (s.loss_after <= s.loss_before + 1e-5).all()
    assert (np.diff(s.curve) <= 1e-5).all()


def test_the_mean_caption_shows_its_numbers_not_an_ellipsis():
    """The options result says what 'mean' divides: sum / Σ w[target] = value, with numbers
    that really give the value (once it said "… / 1")."""
    from core.losses.lab_tables import how_reduced

    opts = lab.CEOptions(reduction="mean", ignore_index=None, label_smoothing=0.0,
                         weight=(1.0, 2.0, 0.5))
    res = lab.cross_entropy_by_hand(BB, opts)
    text = how_reduced("mean", res.per_row, res.denominator, res.by_hand, "en")
    assert "…" not in text
    import re

    num, den, mean = (float(x) for x in re.search(r"([\d.]+) / ([\d.]+) = ([\d.]+)$",
                                                  text).groups())
    assert den == pytest.approx(float(np.asarray(opts.weight)[BEAR_T].sum()))
    assert num / den == pytest.approx(mean, abs=1e-4)
    ref = F.cross_entropy(torch.tensor(BEARS), torch.tensor(BEAR_T),
                          weight=torch.tensor(opts.weight))
    assert mean == pytest.approx(float(ref), abs=5e-5)
    assert "…" not in how_reduced("mean", res.per_row, res.denominator, res.by_hand, "ja")
