"""Links: what goes in comes back bit for bit; hostile links give messages, never exceptions."""

import math
from urllib.parse import parse_qs, urlencode

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from core.base import share
from core.base.inputs import Input
from core.base.record import LogitsRecord, rest_name
from core.photo.images import SAMPLES
from core.photo.models import MODELS

PARAMS = (Input("softmax_temperature__value", "t", "number", 1.0, "softmax.temp_label",
                lo=0.05, hi=20.0),
          Input("grid_key", "g", "number", 1.0, "softmax.temp_label", lo=0.05, hi=20.0,
                options=(0.05, 0.5, 1.0, 2.0, 20.0)))


def decode(q):
    return share.decode(q, models=MODELS, samples=SAMPLES, inputs=PARAMS)


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


def test_a_top_k_with_all_other_classes_round_trips():
    """The "all other classes" column is data with a fixed English name: a link brings back the
    same record (values bit for bit, the name as it was), whatever the language."""
    row = np.linspace(-3.0, 9.0, 1000, dtype=np.float32)
    top = LogitsRecord(values=row, class_names=[f"c{i}" for i in range(1000)],
                       source="sample").top_k(4, rest=True)
    view = share.LinkView(sample="cat", logits=top.values, names=top.class_names, targets=None,
                          lang="ja")
    back, msgs = through_url(view)
    assert msgs == [] and back.names == top.class_names == ("c999", "c998", "c997", "c996",
                                                            rest_name(996))
    assert np.array_equal(back.logits[0], top.values)  # a link holds rows


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
    assert r"!\[x\](http\:" in joined and r"\<b\>hi\</b\>" in joined


def test_select_slider_values_snap_to_the_nearest_option():
    for raw, want in (("0.9", 1.0), ("1.6", 2.0), ("0.06", 0.05), ("19", 20.0), ("1", 1.0)):
        view, msgs = decode({"g": raw})
        assert msgs == [] and view.page_values["grid_key"] == want, raw


# ---- digits are ASCII digits (str.isdigit() and float() accept far more)

NOT_A_TARGET = ["²", "⑴", "¹", "１", "٣", "০", "𝟙", "+1", "1.0", "1e0", " 0\u00a0", "0x1", "1_0",
                "", "0" * 5]


def test_targets_accept_ascii_digits_only():
    for cell in NOT_A_TARGET:
        assert cell.strip() == "" or not cell.isascii() or not cell.strip().isdigit() \
            or len(cell) > 4, cell  # each is something int()/isdigit() might let through
        view, msgs = decode({"z": ["1,2", "3,4"], "y": f"1,{cell}"})
        assert view.targets is None and view.logits is not None, cell
        assert len(msgs) == 1 and "a target is a class number" in msgs[0], (cell, msgs)
        assert "row 2" in msgs[0]
    view, msgs = decode({"z": ["1,2", "3,4"], "y": " 1 , 0"})  # '+' in a URL reads as a space
    assert msgs == [] and view.targets == (1, 0)


def test_invisible_characters_are_named_in_the_message():
    _, msgs = decode({"z": "1,2", "y": "0\u00a0"})
    assert "“0‹U+00A0›”" in msgs[0].replace("\\", "")  # Markdown escapes aside
    _, msgs = decode({"z": "1,\u20092"})
    assert "“‹U+2009›2”" in msgs[0].replace("\\", "") and "as a link writes" in msgs[0]


PLAIN = "as a link writes"  # the words of share.not_plain_number
BAD_LINK_NUMBERS = [
    ("１", PLAIN), ("٣", PLAIN), ("²", PLAIN), ("⑴", PLAIN), ("\u00a01", PLAIN),
    ("1\u00a0", PLAIN), ("\u22121", PLAIN), ("0x10", PLAIN), ("1_000", PLAIN), ("1,5", PLAIN),
    ("1e", PLAIN), ("..5", PLAIN), ("1e+99999", PLAIN),
    ("NaN", "NaN"), ("-nan", "NaN"), ("inf", "infinite"), ("-Infinity", "infinite"),
    ("1e308", "outside"), ("1e999", "infinite"), ("", "empty"), ("   ", "empty"),
    ("9" * 70, "too long"),
]


def test_every_number_parameter_refuses_what_a_link_never_means():
    for text, words in BAD_LINK_NUMBERS:
        view, msgs = decode({"t": text, "g": text})
        assert view.page_values == {}, (text, view.page_values)
        assert len(msgs) == 2 and all(words in m for m in msgs), (text, msgs)
        assert msgs[0].startswith("Link parameter t:") and msgs[1].startswith("Link parameter g:")
        assert all(m.text("ja") != m for m in msgs)  # each message exists in Japanese too
        # the same text as a logit cell: the link's logits are refused, with its message
        cell = text if "," not in text else text.replace(",", ";")
        view, msgs = decode({"z": f"1,{cell}"})
        assert view.logits is None, text
        assert len(msgs) == 1 and "row 1, column 2" in msgs[0], (text, msgs)
        want = PLAIN if "," in text else words
        assert want in msgs[0], (text, msgs)


def test_plain_numbers_in_every_form_a_link_may_write():
    for text, want in (("-0", 0.0), ("+1", 1.0), (" 1 ", 1.0), (".5", 0.5), ("5.", 5.0),
                       ("1e-3", 1e-3), ("2.5E1", 25.0), ("-4", -4.0)):
        view, msgs = decode({"z": f"{text},0"})
        assert msgs == [], (text, msgs)
        got = float(view.logits[0, 0])
        assert got == np.float32(want), (text, got)
        assert math.copysign(1, got) == math.copysign(1, want), text  # "-0" is read as 0
        view, msgs = decode({"t": text}) if 0.05 <= want <= 20 else (None, None)
        if view is not None:
            assert msgs == [] and view.page_values["softmax_temperature__value"] == want


LINK_NAMES = ("model", "sample", "lang", "z", "c", "y", "t", "g", "utm")
# Text that looks like numbers from many scripts, separators and odd spaces, mixed with anything.
TRICKY = st.sampled_from(["1", "0", "-", "+", ".", "e", ",", "²", "⑴", "１", "٣", "\u00a0", " ",
                          "_", "x", "nan", "inf", "1e308", "\u2212", "<b>", "\x00", "cat"])
TEXT = st.one_of(st.text(max_size=40), st.lists(TRICKY, max_size=12).map("".join))
VALUE = st.one_of(TEXT, st.lists(TEXT, max_size=4))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(LINK_NAMES), VALUE, max_size=len(LINK_NAMES)))
def test_decode_never_raises_on_any_text_in_any_parameter(params):
    view, msgs = decode(params)
    for m in msgs:
        assert m.key.startswith("share.") and m.text("ja")  # a catalogue message, both languages
        assert len(m) < 600
    if view.logits is not None:
        assert view.logits.dtype == np.float32 and np.isfinite(view.logits).all()
        assert 2 <= view.logits.shape[1] <= share.MAX_CLASSES
        assert view.names is not None and len(view.names) == view.logits.shape[1]
        if view.targets is not None:
            assert all(0 <= t < view.logits.shape[1] for t in view.targets)
    for key, value in view.page_values.items():
        p = next(p for p in PARAMS if p.key == key)
        assert p.lo <= value <= p.hi and math.isfinite(value)
    assert view.model is None or view.model in MODELS
    assert view.sample is None or view.sample in SAMPLES


# ---- a link Streamlit ignored whole

def test_streamlit_link_limits_are_the_ones_we_name():
    from streamlit.runtime.state import query_params as qp

    assert share.STREAMLIT_MAX_FIELDS == qp.CLIENT_STATE_QUERY_STRING_MAX_FIELDS
    assert share.STREAMLIT_MAX_CHARS == qp.CLIENT_STATE_QUERY_STRING_MAX_LENGTH
    # and Streamlit still drops the whole query string just past them (not the extra fields)
    fields = "&".join(f"a{i}=1" for i in range(share.STREAMLIT_MAX_FIELDS))
    assert qp.sanitize_query_string(fields) == fields
    assert qp.sanitize_query_string(fields + "&b=2") == ""


def test_cut_link_message():
    m = share.cut_link_message(1001, 9000)
    assert "1,001 parameters" in m and "at most 1,000" in m and m.text("ja") != m
    m = share.cut_link_message(3, share.STREAMLIT_MAX_CHARS + 1)
    assert "524,289 characters" in m
    assert share.cut_link_message(1000, share.STREAMLIT_MAX_CHARS) is None
    for fields, chars in ((True, 5), ("2000", 1), (2000.0, 1), (None, 1), (-5, 1), (10**12, 1)):
        assert share.cut_link_message(fields, chars) is None, (fields, chars)
