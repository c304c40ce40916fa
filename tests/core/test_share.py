"""Links: what goes in comes back bit for bit; hostile links give messages, never exceptions."""

import math
from urllib.parse import parse_qs, urlencode

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from core import share
from core.images import SAMPLES
from core.models import MODELS

PARAMS = (share.PageParam("t", "softmax_temperature__value", 0.05, 20.0, "temperature"),
          share.PageParam("g", "grid_key", 0.05, 20.0, "grid", options=(0.05, 0.5, 1.0, 2.0, 20.0)))


def decode(q):
    return share.decode(q, models=MODELS, samples=SAMPLES, page_params=PARAMS)


def through_url(view):
    """encode -> a real query string -> parse like a server does -> decode."""
    qs = urlencode(share.encode(view, PARAMS), doseq=True)
    return decode(parse_qs(qs, keep_blank_values=True))


finite32 = st.floats(-1e4, 1e4, allow_nan=False, width=32)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5), st.integers(2, 20), st.data())
def test_round_trip_is_exact(rows, classes, data):
    v = np.array(data.draw(st.lists(finite32, min_size=rows * classes, max_size=rows * classes)),
                 dtype=np.float32).reshape(rows, classes)
    names = tuple(f"n{i},|&<b>" for i in range(classes))  # commas, HTML: still just text
    targets = tuple(data.draw(st.lists(st.integers(0, classes - 1), min_size=rows,
                                       max_size=rows)))
    view = share.LinkView(model="tf_efficientnet_lite2", sample="cat", logits=v, names=names,
                          targets=targets, page_values={"softmax_temperature__value": 0.37})
    back, msgs = through_url(view)
    assert msgs == []
    assert back.model == "tf_efficientnet_lite2" and back.sample == "cat"
    assert back.logits.dtype == np.float32 and np.array_equal(back.logits, v)
    assert back.names == names and back.targets == targets
    assert math.isclose(back.page_values["softmax_temperature__value"], 0.37, rel_tol=1e-7)


def test_photo_logits_are_not_put_in_a_link():
    q = share.encode(share.LinkView(sample="coffee", logits=np.zeros(1000, np.float32)))
    assert q == {"sample": ["coffee"]}


def test_empty_link_is_empty_and_quiet():
    view, msgs = decode({})
    assert view.empty and msgs == []


HOSTILE = [
    ({"z": "1,nan,2"}, "NaN"),
    ({"z": "1,inf"}, "infinite"),
    ({"z": "1,1e308"}, "outside the allowed range"),
    ({"z": "1,abc"}, "not a number"),
    ({"z": ",".join(["1"] * 10_000)}, "too long"),
    ({"z": ",".join(["1"] * 50)}, "2 to 20"),
    ({"z": ["1,2"] * 40}, "at most 32"),
    ({"z": ["1,2", "1,2,3"]}, "different lengths"),
    ({"z": "1,2", "c": ["<script>alert(1)</script>", "x" * 100]}, "1 to 40 characters"),
    ({"z": "1,2", "c": ["a", "a"]}, "repeat"),
    ({"z": "1,2", "c": ["a"]}, "numbered names"),
    ({"z": "1,2", "y": "5"}, "from 0 to 1"),
    ({"z": "1,2", "y": "-100"}, "from 0 to 1"),
    ({"z": "1,2", "y": "0.5"}, "from 0 to 1"),
    ({"z": "1,2", "y": "0,1"}, "2 targets (y) for 1 rows"),
    ({"y": "1"}, "no logits"),
    ({"model": "<img src=x onerror=alert(1)>"}, "does not have"),
    ({"sample": "../../etc/passwd"}, "does not exist"),
    ({"t": "nan"}, "NaN"),
    ({"t": "0"}, "outside the allowed range"),
    ({"t": "1e308"}, "outside"),
    ({"junk": "x" * 20_000}, "too long"),
]


def test_each_hostile_parameter_gets_its_message_and_a_default():
    for q, expected in HOSTILE:
        view, msgs = decode(q)
        assert any(expected in m for m in msgs), (q if len(str(q)) < 200 else "long", msgs)
        assert view.logits is None or np.isfinite(view.logits).all()
        assert view.targets is None or all(0 <= t < view.logits.shape[1] for t in view.targets)
        assert all(len(m) < 400 for m in msgs)  # a bad value is quoted short


def test_decimal_comma_cannot_be_confused_with_the_separator():
    view, msgs = decode({"z": "1.5,2,3"})
    assert msgs == [] and view.logits.tolist() == [[1.5, 2.0, 3.0]]


def test_unknown_parameters_are_ignored():
    view, msgs = decode({"utm_source": "mail", "embed": "true"})
    assert view.empty and msgs == []


def test_quoted_values_are_markdown_escaped():
    _, msgs = decode({"model": "![x](http://e/x.png)", "sample": "<b>hi</b>"})
    joined = " ".join(msgs)
    assert "![x]" not in joined and "<b>" not in joined
    assert r"\!\[x\]\(http\:" in joined


def test_select_slider_values_snap_to_the_nearest_option():
    for raw, want in (("0.9", 1.0), ("1.6", 2.0), ("0.06", 0.05), ("19", 20.0), ("1", 1.0)):
        view, msgs = decode({"g": raw})
        assert msgs == [] and view.page_values["grid_key"] == want, raw
