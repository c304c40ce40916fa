"""core.losses.math against PyTorch's own F.nll_loss, F.cross_entropy, nn.CrossEntropyLoss and
autograd (to 1e-6), with hypothesis over shapes and targets; core.losses.batch's validation of
what users type."""

import math

import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from core.base.record import LOGIT_LIMIT, LogitsRecord, rest_name
from core.losses import batch as losses_batch
from core.losses import math as losses
from core.losses.batch import BatchError, validate_batch
from core.losses.tables import module_frame, nll_frame, step_frames

NAMES = ("Grizzly", "Brown", "Teddy")
ROWS = [[0.1752, 0.0539, -0.0581], [0.0544, 0.0642, 0.0782], [0.3230, 0.0958, 0.1941]]


@st.composite
def batches(draw, lo=-30.0, hi=30.0):
    n = draw(st.integers(losses_batch.MIN_ROWS, losses_batch.MAX_ROWS))
    c = draw(st.integers(losses_batch.MIN_CLASSES, losses_batch.MAX_CLASSES))
    z = draw(arrays(np.float32, (n, c), elements=st.floats(lo, hi, width=32)))
    t = draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n))
    return validate_batch(z.tolist(), t, [f"class {j}" for j in range(c)])


# ---------------------------------------------------------------- against PyTorch

@settings(max_examples=60, deadline=None)
@given(batches())
def test_four_steps_equal_pytorch(b):
    z, t = torch.tensor(b.logits), torch.tensor(b.targets, dtype=torch.int64)
    s = losses.cross_entropy_steps(b)
    assert torch.equal(s.probs, torch.softmax(z, dim=1))
    assert torch.equal(s.log_probs, torch.log(torch.softmax(z, dim=1)))
    assert torch.equal(s.losses, F.nll_loss(torch.log(torch.softmax(z, 1)), t, reduction="none"))
    ref = nn.CrossEntropyLoss(reduction="none")(z, t)
    assert torch.equal(s.module_losses, ref)
    # spread ≤ 60: no underflow; log(softmax) and log_softmax round apart by ~1 float32 ulp
    torch.testing.assert_close(s.losses, ref, atol=1e-6, rtol=1e-6)
    assert s.module_matches
    assert torch.equal(s.log_softmax, torch.log_softmax(z, dim=1))
    assert s.mean == pytest.approx(float(F.cross_entropy(z, t)), abs=1e-6, rel=1e-6)


@settings(max_examples=60, deadline=None)
@given(batches())
def test_nll_view_picks_and_negates(b):
    z, t = torch.tensor(b.logits), torch.tensor(b.targets, dtype=torch.int64)
    p = torch.softmax(z, dim=1)
    v = losses.nll_view(b)
    assert torch.equal(v.picked, p[torch.arange(b.num_rows), t])
    assert torch.equal(v.nll_none, F.nll_loss(p, t, reduction="none"))
    assert torch.equal(v.nll_none, -v.picked)  # no log taken
    assert torch.equal(v.nll_mean, F.nll_loss(p, t))
    assert torch.equal(v.nll_sum, F.nll_loss(p, t, reduction="sum"))
    assert v.nll_mean.item() == pytest.approx(v.nll_sum.item() / b.num_rows, abs=1e-6)
    assert bool(((v.nll_none >= -1) & (v.nll_none <= 0)).all())
    picked = p[torch.arange(b.num_rows), t]  # what step 4's words say: the worst row, the mean
    assert v.nll_is_negated
    assert v.worst_row == int(torch.argmin(picked)) and picked[v.worst_row] == picked.min()
    assert v.mean_picked == pytest.approx(float(picked.double().mean()), rel=1e-6, abs=1e-7)


@settings(max_examples=40, deadline=None)
@given(batches(), st.sampled_from(losses.REDUCTIONS))
def test_gradient_closed_form_equals_autograd(b, reduction):
    z = torch.tensor(b.logits, requires_grad=True)
    t = torch.tensor(b.targets, dtype=torch.int64)
    loss = F.cross_entropy(z, t, reduction=reduction)
    (ref,) = torch.autograd.grad(loss.sum(), z)
    torch.testing.assert_close(losses.logits_gradient(b.logits, b.targets, reduction), ref,
                               atol=1e-6, rtol=0)
    torch.testing.assert_close(losses.autograd_gradient(b.logits, b.targets, reduction), ref,
                               atol=1e-6, rtol=0)


@settings(max_examples=40, deadline=None)
@given(batches(), st.sampled_from(losses.REDUCTIONS), st.floats(0.0, 0.5),
       st.booleans(), st.data())
def test_cross_entropy_options_equal_f_cross_entropy(b, reduction, smoothing, weighted, data):
    z, t = torch.tensor(b.logits), torch.tensor(b.targets, dtype=torch.int64)
    w = (torch.tensor(data.draw(st.lists(st.floats(0.1, 3.0), min_size=b.num_classes,
                                         max_size=b.num_classes)), dtype=torch.float32)
         if weighted else None)
    ignore = data.draw(st.none() | st.integers(0, b.num_classes - 1))
    got = losses.cross_entropy(b.logits, b.targets, reduction=reduction, weight=w,
                               label_smoothing=smoothing, ignore_index=ignore)
    ref = F.cross_entropy(z, t, weight=w, reduction=reduction, label_smoothing=smoothing,
                          ignore_index=-100 if ignore is None else ignore)
    torch.testing.assert_close(got, ref, atol=1e-6, rtol=1e-6, equal_nan=True)


def test_module_equals_functional_and_targets_stay_int64():
    b = validate_batch(ROWS, [1, 0, 2], NAMES)
    assert b.targets_tensor().dtype == torch.int64
    ref = nn.CrossEntropyLoss(reduction="none")(torch.tensor(b.logits), torch.tensor([1, 0, 2]))
    assert torch.equal(losses.cross_entropy_module(b.logits, b.targets), ref)
    with pytest.raises(TypeError, match="int64"):
        losses.cross_entropy(b.logits, torch.tensor([1.0, 0.0, 2.0]))


def test_ignore_index_trap_never_applies_silently():
    """Default F.cross_entropy would drop a row whose target is -100; validation refuses it,
    and our calls never use -100 as ignore_index."""
    z = torch.tensor([[1.0, 2.0], [3.0, 0.5]])
    assert F.cross_entropy(z, torch.tensor([-100, 0]), reduction="none")[0] == 0  # the trap
    with pytest.raises(BatchError, match=r"Row 1, column “target”.*ignore"):
        validate_batch(z.tolist(), [-100, 0], ["a", "b"])
    with pytest.raises(IndexError):  # our ignore_index is not -100: PyTorch refuses, not skips
        losses.nll_loss(torch.log_softmax(z, 1), torch.tensor([-100, 0]))


# ---------------------------------------------------------------- float16 and extremes

def test_float16_matches_float32_to_half_precision():
    b = validate_batch(ROWS, [1, 0, 2], NAMES)
    s16, s32 = losses.cross_entropy_steps(b, torch.float16), losses.cross_entropy_steps(b)
    assert s16.losses.dtype == torch.float16 and s16.probs.dtype == torch.float16
    torch.testing.assert_close(s16.losses.float(), s32.losses, atol=2e-3, rtol=0)
    ref = F.cross_entropy(torch.tensor(b.logits).half(), torch.tensor([1, 0, 2]),
                          reduction="none")
    assert torch.equal(s16.module_losses, ref)


@pytest.mark.parametrize("dtype, spread", [(torch.float16, 20.0), (torch.float32, 200.0)])
def test_naive_log_softmax_underflows_where_log_softmax_does_not(dtype, spread):
    b = validate_batch([[spread, 0.0, -spread]], [2], NAMES)
    s = losses.cross_entropy_steps(b, dtype)
    assert s.log_probs[0, 2].item() == -math.inf  # softmax rounded p to 0
    assert math.isinf(s.losses[0].item())
    assert torch.isfinite(s.log_softmax).all() and torch.isfinite(s.module_losses).all()
    assert s.module_losses[0].item() == pytest.approx(2 * spread, rel=1e-3)
    assert s.max_module_diff == math.inf and s.max_log_softmax_diff == math.inf
    assert not s.module_matches


def test_limit_logits_stay_finite_in_float32():
    b = validate_batch([[LOGIT_LIMIT, -LOGIT_LIMIT]], [1], ["a", "b"])
    s = losses.cross_entropy_steps(b)
    assert s.module_losses.item() == pytest.approx(2 * LOGIT_LIMIT)
    assert torch.isfinite(s.log_softmax).all()


# ---------------------------------------------------------------- validation

@pytest.mark.parametrize("cell, text", [
    (None, "empty"), (float("nan"), "empty"), ("abc", "not a number"), (1e308, "outside"),
    (float("inf"), "infinite"), (-float("inf"), "infinite"), ("1e308", "outside"),
    (True, "not a number"), (object(), "not a number")])
def test_bad_logit_cell_names_row_and_column(cell, text):
    rows = [list(r) for r in ROWS]
    rows[2][1] = cell
    with pytest.raises(BatchError) as e:
        validate_batch(rows, [1, 0, 2], NAMES)
    assert "Row 3, column “Brown”" in str(e.value) and text in str(e.value)
    assert e.value.problems == [(2, "Brown", e.value.problems[0][2])]
    ja = e.value.text("ja")
    assert ja.startswith("3 行目、列「Brown」: ") and not any(w in ja for w in ("Row", "logit"))


@pytest.mark.parametrize("target, text", [
    (-100, "IGNORE"), (3, "not a class index"), (1.0, "float"), (2.5, "float"),
    (None, "empty"), (float("nan"), "empty"), ("Panda", "not one of the classes"),
    ("-100", "IGNORE"), ("1.5", "float"), (np.float32(1), "float"), (True, "not a class")])
def test_bad_target_names_row_and_column(target, text):
    with pytest.raises(BatchError) as e:
        validate_batch(ROWS, [1, target, 2], NAMES)
    assert "Row 2, column “target”" in str(e.value) and text in str(e.value)
    ja = e.value.text("ja")  # the same problem in Japanese: still names the row and column
    assert ja.startswith("2 行目、列「ターゲット」: ") and "0 … 2" in ja
    assert not any(w in ja for w in ("Row", "column", "pick", "class"))


def test_targets_by_name_index_and_numpy_int():
    b = validate_batch(ROWS, ["Brown", np.int64(0), " Teddy "], NAMES)
    assert b.targets.tolist() == [1, 0, 2] and b.targets.dtype == np.int64
    assert validate_batch([["1,5", "-2", "\u22123"]], [0], NAMES).logits.tolist() == \
        [[1.5, -2.0, -3.0]]


def test_every_problem_is_reported():
    rows = [[None, 1, 2], [1, "x", 2], [1, 2, 1e9]]
    with pytest.raises(BatchError) as e:
        validate_batch(rows, [1, 7, 2], NAMES)
    where = [(r, c) for r, c, _ in e.value.problems]
    assert where == [(0, "Grizzly"), (1, "Brown"), (1, "target"), (2, "Teddy")]


@pytest.mark.parametrize("names, text", [
    (["a", ""], "empty"), (["a", "  "], "empty"), (["a", "a"], "already"), (["a"], "1 classes"),
    ([f"c{i}" for i in range(21)], "21 classes"), (["a", "x" * 41], "longer"),
    (["a", None], "empty")])
def test_bad_class_names(names, text):
    with pytest.raises(BatchError, match=text):
        losses_batch.validate_class_names(names)


JUNK = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8),
                 st.integers(-10**6, 10**6), st.booleans())


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(JUNK, min_size=3, max_size=3), min_size=1, max_size=4), st.data())
def test_any_typed_table_gives_a_batch_or_messages_naming_each_cell(rows, data):
    targets = data.draw(st.lists(JUNK | st.sampled_from(NAMES), min_size=len(rows),
                                 max_size=len(rows)))
    try:
        b = validate_batch(rows, targets, NAMES)
    except BatchError as e:
        assert e.problems and all(r is not None and 0 <= r < len(rows) for r, _, _ in e.problems)
        assert all(c in (*NAMES, "target") for _, c, _ in e.problems)
        assert str(e).startswith(f"Row {e.problems[0][0] + 1}, column “{e.problems[0][1]}”")
        return
    assert np.isfinite(b.logits).all() and (np.abs(b.logits) <= LOGIT_LIMIT).all()
    assert b.targets.dtype == np.int64 and ((b.targets >= 0) & (b.targets < 3)).all()


@pytest.mark.parametrize("n", [0, 33])
def test_row_count_limits(n):
    with pytest.raises(BatchError, match=f"{n} rows"):
        validate_batch([[0.0, 1.0]] * n, [0] * n, ["a", "b"])


def test_batch_is_read_only_and_round_trips_through_the_record():
    b = validate_batch(ROWS, [1, 0, 2], NAMES)
    with pytest.raises(ValueError):
        b.logits[0, 0] = 5
    rec = b.to_record("preset", "bears")
    assert rec.values.shape == (3, 3) and rec.targets == (1, 0, 2)
    assert losses_batch.batch_from_record(rec).same_as(b)
    assert losses_batch.batch_from_record(LogitsRecord(values=[1.0, 2.0], class_names=("a", "b"),
                                                 source="hand-edited")) is None
    big = LogitsRecord(values=np.zeros((2, 1000)), class_names=[str(i) for i in range(1000)],
                       source="sample", targets=(0, 1))
    assert losses_batch.batch_from_record(big) is None


def test_top_k_batch_and_distinct_names():
    names = ["crane", "cup", "crane", "espresso"]
    rec = LogitsRecord(values=[3.0, 1.0, 2.0, 4.0], class_names=names, source="sample",
                       class_indices=(134, 968, 517, 967))
    b = losses_batch.top_k_batch(rec, 3, target=1)
    # the class left out ("cup", logit 1) stays as one column: logsumexp of [1.0] is 1.0
    assert b.class_names == ("espresso", "crane #134", "crane #517", rest_name(1))
    assert b.logits.tolist() == [[4.0, 3.0, 2.0, 1.0]] and b.targets.tolist() == [1]
    assert losses_batch.top_k_batch(rec, 99, 0).num_classes == 4  # nothing left out


def test_tables_hold_the_computed_numbers():
    b = validate_batch(ROWS, [1, 0, 2], NAMES)
    s = losses.cross_entropy_steps(b)
    frames = step_frames(s, b, "en")
    assert frames["2 softmax"]["p(target)"].tolist() == pytest.approx(
        s.probs[torch.arange(3), torch.tensor([1, 0, 2])].tolist())
    assert frames["4 nll_loss"]["loss = −log p(target)"].tolist() == s.losses.tolist()
    assert max(float(d) for d in module_frame(s, b, "en")["|difference|"]) <= 1e-6
    nf = nll_frame(losses.nll_view(b), b, "en")
    assert (nf["equal"] == "yes").all() and nf["target"].tolist() == ["Brown", "Grizzly", "Teddy"]


def test_charts_mark_the_targets_and_plot_the_losses():
    from core.losses import figures as charts_loss
    from core.losses.live import heatmap_data, loss_bars_data, picked_bars_data

    b = validate_batch(ROWS, [1, 0, 2], NAMES)
    v = losses.nll_view(b)
    heat = heatmap_data(v.probs, b.targets, b.class_names, lang="en")
    np.testing.assert_array_equal(np.asarray(heat["values"], dtype=np.float32), v.probs.numpy())
    assert heat["texts"] == [[f"{p:.4f}" for p in row] for row in v.probs.tolist()]
    assert heat["targets"] == [1, 0, 2]  # the class of each row's outlined cell
    marked = [(i, j) for i, row in enumerate(heat["tips"]) for j, tip in enumerate(row)
              if "(target)" in tip]
    assert marked == [(0, 1), (1, 0), (2, 2)]  # (row, class) of each target
    curve = charts_loss.minus_log_curve(v.picked.numpy(), lang="en")
    np.testing.assert_allclose(curve.data[1].y, -np.log(v.picked.numpy().astype(np.float64)))
    assert list(curve.data[1].text) == ["row 1", "row 2", "row 3"]
    bars = picked_bars_data(v.picked, lang="en")
    assert bars["ideal"] == 1.0 and bars["hi"] == 1.1
    np.testing.assert_array_equal(np.asarray(bars["values"], dtype=np.float32), v.picked.numpy())
    row_loss = losses.cross_entropy_steps(b).losses
    loss_bars = loss_bars_data(row_loss, lang="en")
    assert loss_bars["ideal"] == 0.0
    np.testing.assert_array_equal(np.asarray(loss_bars["values"], dtype=np.float32),
                                  row_loss.numpy())
    assert loss_bars["hi"] == pytest.approx(float(row_loss.max()) * 1.1)
