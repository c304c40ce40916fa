"""Every page control declared once (core/<topic>/inputs.py): each kind parses only what it
means, every declared input goes through a real query string and back, and no text in any
declared parameter makes decoding raise."""

from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.base import share
from core.base.i18n import LANGS, tr
from core.base.inputs import Input, check_unique
from core.base.numbers import NumberError
from core.losses.inputs import INPUTS as LOSSES
from core.photo.images import SAMPLES
from core.photo.inputs import INPUTS as PHOTO
from core.photo.models import MODELS
from core.sigmoid.inputs import INPUTS as SIGMOID
from core.softmax.inputs import INPUTS as SOFTMAX
from ui.inputs import ALL  # the app's one list of every declared control


def through_url(values: dict) -> tuple[dict, list]:
    q = share.encode(share.LinkView(page_values=values), ALL)
    back, msgs = share.decode(parse_qs(urlencode(q, doseq=True), keep_blank_values=True),
                              models=MODELS, samples=SAMPLES, inputs=ALL)
    return back.page_values, msgs


def other_value(inp: Input):
    """A valid value of ``inp`` that is not its default."""
    if inp.kind == "bool":
        return not inp.default
    if inp.kind == "text":  # a name, with what would be markup anywhere else
        return "Grizzly **bold** <b>b</b> $x$ ✓"
    if inp.kind == "choices":  # another set, in another order
        return ([o for o in reversed(inp.options) if o not in inp.default][:2]
                + list(inp.default[:1]))
    if inp.options:
        return next(o for o in inp.options if o != inp.default)
    if inp.kind == "index":
        return 1 if inp.default != 1 else 0
    if inp.kind == "int":
        return int(inp.hi) if inp.default != inp.hi else int(inp.lo)
    return float(inp.lo) + (float(inp.hi) - float(inp.lo)) / 3


@pytest.mark.parametrize("inp", ALL, ids=lambda i: i.key)
def test_every_declared_input_comes_back_through_a_link(inp):
    value = other_value(inp)
    back, msgs = through_url({inp.key: value})
    assert msgs == []
    assert back == {inp.key: pytest.approx(value, rel=1e-7)} if inp.kind == "number" \
        else back == {inp.key: value}


@pytest.mark.parametrize("inp", ALL, ids=lambda i: i.key)
def test_a_default_is_left_out_of_the_link(inp):
    assert share.encode(share.LinkView(page_values={inp.key: inp.default}), ALL) == {}


@pytest.mark.parametrize("inp", ALL, ids=lambda i: i.key)
def test_every_declared_input_names_itself_in_both_languages(inp):
    for lang in LANGS:
        assert tr(lang, inp.what)
        assert "{" not in inp.label.text(lang)  # every parameter of its message is given


@pytest.mark.parametrize("raw", ["²", "⑴", "１", "٣", "1_000", "0x10", "nan", "inf", "1e308",
                                 "", "yes", "2\u00a0", "--1"])
def test_unicode_digits_and_non_numbers_are_refused_by_every_kind(raw):
    for inp in ALL:
        if inp.kind == "choice" and raw in [inp.encode(o) for o in inp.options]:
            continue
        if raw == "" and (inp.kind == "choices" or inp.kind == "index" and inp.default is None):
            continue  # "none picked": an empty selection, no class ignored
        if inp.kind == "text" and raw.strip():
            continue  # a name may be any text ("²" is a name); an empty one is refused
        with pytest.raises(NumberError):
            inp.parse(raw)


def test_each_kind_reads_what_it_means():
    (k,) = PHOTO
    assert k.parse(" 7 ") == 7 and k.parse("+3") == 3
    with pytest.raises(NumberError):
        k.parse("7.5")  # a count is a whole number
    with pytest.raises(NumberError):
        k.parse("21")  # beyond its range
    t = next(i for i in SOFTMAX if i.param == "t")
    assert t.parse("1.6") == min(t.options, key=lambda o: abs(o - 1.6))  # snapped to the grid
    d = next(i for i in SIGMOID if i.kind == "bool")
    assert d.parse("1") is True and d.parse("0") is False
    scale = next(i for i in LOSSES if i.param == "sc")
    assert scale.parse("2") == 2.0 and scale.encode(2.0) == "2"


def test_declarations_are_checked():
    with pytest.raises(ValueError):
        Input("a", "a", "colour", 0, "softmax.temp_label")
    with pytest.raises(ValueError):
        Input("a", "a", "choice", 3, "softmax.temp_label", options=(1, 2))
    twice = Input("a", "a", "bool", False, "softmax.temp_label")
    with pytest.raises(ValueError):
        check_unique((twice, twice))


@given(st.dictionaries(st.sampled_from([i.param for i in ALL]), st.text(max_size=30),
                       max_size=len(ALL)))
def test_no_text_in_any_declared_parameter_makes_decoding_raise(params):
    view, msgs = share.decode(params, models=MODELS, samples=SAMPLES, inputs=ALL)
    by_key = {i.key: i for i in ALL}
    for key, value in view.page_values.items():
        assert by_key[key].valid(value), (key, value)
    assert len(msgs) <= len(params)


def test_a_name_reads_trimmed_and_within_its_limit():
    from core.base.inputs import MAX_NAME_CHARS
    from core.train.inputs import NAMES

    name = NAMES[0]
    assert name.parse("  my cats ") == "my cats" and name.encode(" my cats ") == "my cats"
    assert name.parse("x" * MAX_NAME_CHARS) == "x" * MAX_NAME_CHARS
    for bad in ("", "   ", "\u00a0", "x" * (MAX_NAME_CHARS + 1)):
        with pytest.raises(NumberError):
            name.parse(bad)
        assert not name.valid(bad)  # nor put into a link
    assert not name.valid(3) and name.valid("<b>b</b>")  # markup is only text here
    q = share.encode(share.LinkView(page_values={name.key: "x" * (MAX_NAME_CHARS + 1)}), ALL)
    assert q == {}


def test_index_and_choices_read_what_they_mean():
    from core.losses import inputs as li
    from core.softmax import inputs as si

    assert li.IGNORE.parse("") is None and li.IGNORE.parse(" 3 ") == 3
    assert li.GRADIENT_ROW.parse("31") == 31
    for bad in ("3.5", "-1", "20", "none"):
        with pytest.raises(NumberError):
            li.IGNORE.parse(bad)
    with pytest.raises(NumberError):
        li.GRADIENT_ROW.parse("")  # row 0 is the default; no row is not a choice
    assert si.RAISE.valid(None) and not li.GRADIENT_ROW.valid(None)
    assert not li.IGNORE.valid(True) and not li.IGNORE.valid(2.0)  # positions are ints
    assert li.SAMPLES_PICKED.parse("cat,coffee") == ["cat", "coffee"]  # the user's order
    assert li.SAMPLES_PICKED.parse("") == []
    for bad in ("cat,cat", "cat,dog", "cat,,coffee"):
        with pytest.raises(NumberError):
            li.SAMPLES_PICKED.parse(bad)
    # A default written in another order or as a list is still the default: not in a link.
    assert li.SAMPLES_PICKED.is_default(list(li.SAMPLES_PICKED.default))
    assert not li.SAMPLES_PICKED.is_default(list(reversed(li.SAMPLES_PICKED.default)))
    # Each class weight names its class in messages, in both languages.
    w = li.CLASS_WEIGHTS[7]
    with pytest.raises(NumberError, match="class 7"):
        w.parse("-1")
    assert "7" in w.label.text("ja")
    assert "Chelsea" in li.SAMPLE_TRUE_CLASS["cat"].label
    assert li.SAMPLE_TRUE_CLASS["cat"].default == 281  # tabby
