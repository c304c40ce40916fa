"""The current-logits record and the parsing of typed numbers."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.base.numbers import NumberError, float32_literal, fmt_number, parse_number
from core.base.record import LogitsRecord, logit_stats, top_k_indices


def test_record_validates_and_copies():
    src = np.array([1.0, 3.0, 2.0])
    r = LogitsRecord(values=src, class_names=("a", "b", "c"), source="preset")
    src[0] = 99
    assert r.values[0] == 1.0 and r.values.dtype == np.float32
    with pytest.raises(ValueError):
        r.values[0] = 5  # read-only
    with pytest.raises(ValueError, match="class names"):
        LogitsRecord(values=[1.0, 2.0], class_names=("a",), source="preset")
    with pytest.raises(ValueError, match="source"):
        LogitsRecord(values=[1.0], class_names=("a",), source="internet")


def test_top_k_record_matches_torch_topk():
    import torch

    row = np.random.default_rng(0).normal(size=1000).astype(np.float32)
    r = LogitsRecord(values=row, class_names=[f"c{i}" for i in range(1000)], source="sample",
                     class_indices=tuple(range(1000)))
    top = r.top_k(7)
    ref = torch.topk(torch.as_tensor(row), 7)
    assert np.array_equal(top.values, ref.values.numpy())
    assert top.class_indices == tuple(int(i) for i in ref.indices)
    assert top.class_names == tuple(f"c{int(i)}" for i in ref.indices)
    assert top.source == "hand-edited"


def test_top_k_never_ranks_nan_first():
    assert list(top_k_indices(np.array([np.nan, 1.0, 2.0]), 2)) == [2, 1]


def test_stats():
    s = logit_stats(np.array([-1.0, 0.0, 4.0]))
    assert s == {"min": -1.0, "max": 4.0, "mean": 1.0, "std": pytest.approx(math.sqrt(14 / 3)),
                 "sum": 3.0, "count": 3}


def test_stats_sum_is_torchs_float64_sum_of_the_float32_row():
    import torch

    row = np.random.default_rng(7).normal(0, 3, 1000).astype(np.float32)
    want = torch.from_numpy(row).to(torch.float64).sum().item()
    assert logit_stats(row)["sum"] == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("text, value, note", [
    ("1.5", 1.5, ""), ("-2", -2.0, ""), (" 3e2 ", 300.0, ""), ("1,5", 1.5, "decimal comma"),
    ("\u22121.25", -1.25, ""),
])
def test_parse_number_ok(text, value, note):
    p = parse_number(text)
    assert p.value == value and note in p.note


@pytest.mark.parametrize("text, match", [
    ("", "empty"), ("nan", "NaN"), ("inf", "infinite"), ("-Infinity", "infinite"),
    ("1e308", "outside"), ("abc", "not a number"), ("1,000.5", "ambiguous"), ("1,2,3", "ambiguous"),
    ("<b>1</b>", "not a number"),
])
def test_parse_number_refuses(text, match):
    with pytest.raises(NumberError, match=match):
        parse_number(text, lo=-1e4, hi=1e4)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e4, max_value=1e4))
def test_parse_number_roundtrips_repr(x):
    assert parse_number(repr(x), lo=-1e4, hi=1e4).value == x


# ---------------------------------------------------------------- numbers written as text
FORMS = ("shortest", "numpy", "float64", "link")


@pytest.mark.parametrize("x", [0.1752, 1e4, -1e4, 1e-8, 3.4028235e38, 0.1 + 0.2, 2 / 3, 1e-45])
@pytest.mark.parametrize("form", FORMS)
def test_every_float_literal_form_reads_back_exactly(x, form):
    v = np.float32(x)
    assert np.float32(float(float32_literal(v, form))) == v


@given(st.floats(width=32, allow_nan=False, allow_infinity=False))
def test_float_literals_read_back_exactly_for_any_float32(x):
    v = np.float32(x)
    assert all(np.float32(float(float32_literal(v, f))) == v for f in FORMS)


def test_each_float_literal_form_writes_what_its_panel_always_showed():
    assert [float32_literal(0.1, f) for f in FORMS] == [
        "0.1", "0.1", "0.10000000149011612", "0.100000001"]
    assert [float32_literal(1.0, f) for f in FORMS] == ["1", "1.0", "1.0", "1"]
    with pytest.raises(ValueError, match="unknown form"):
        float32_literal(1.0, "pretty")


@pytest.mark.parametrize("args, kwargs, want", [
    ((0.123456,), {}, "0.1235"),
    ((-0.0,), {}, "0.0000"),  # a table never shows "-0.0000"
    ((-1e-6,), {}, "0.0000"),
    ((-1e-6,), {"signed_zero": True}, "-0.0000"),
    ((-1e-6,), {"tiny": True}, "-1.000e-06"),
    ((0.0,), {"tiny": True}, "0.0000"),
    ((math.nan,), {}, "NaN"),
    ((math.inf,), {}, "inf"),
    ((-math.inf,), {}, "-inf"),
    ((-math.inf,), {"neg_inf": "−inf"}, "−inf"),
    ((1.2345678, 2), {}, "1.23"),
    ((1234567.0, 6), {"significant": True}, "1.23457e+06"),
    ((0.25, 6), {"significant": True}, "0.25"),
])
def test_fmt_number(args, kwargs, want):
    assert fmt_number(*args, **kwargs) == want


def test_a_probability_that_rounds_to_one_says_how_far_it_is():
    import torch

    from core.base.numbers import fmt_probability

    z = torch.tensor([11.41])
    p, q = torch.sigmoid(z).item(), torch.sigmoid(-z).item()
    assert f"{p:.4f}" == "1.0000"  # what a readout showed before
    assert fmt_probability(p, q) == f"≈ 1 − {q:.3e}" == "≈ 1 − 1.108e-05"
    assert fmt_probability(1.0) == "1.0000"  # float32's sigmoid(17) is exactly 1: say so
    assert fmt_probability(q) == "1.108e-05" and fmt_probability(0.0) == "0.0000"
    assert fmt_probability(0.5) == "0.5000" and fmt_probability(0.99994) == "0.9999"
    assert fmt_probability(float("nan")) == "NaN"
