"""A link opens the same view; hostile links give messages, render no HTML, never crash."""

import json
import re

import numpy as np
import pytest

from core.base import share
from ui.inputs import ALL


def record(at):
    return at.session_state["record"]


def link_of(at) -> str:
    """The address bar's query string after the run (ui.share.sync_link writes it; the share
    box shows exactly that)."""
    from urllib.parse import urlencode

    return urlencode(at.query_params, doseq=True, safe=",")


def test_link_restores_model_sample_logits_names_targets(make_app):
    at = make_app({"model": "tf_efficientnet_lite1", "sample": "cat",
                   "z": ["2.5,-1,0.25", "0,1,2"], "c": ["Grizzly", "Brown", "Teddy"],
                   "y": "1,2"})
    assert not at.warning
    assert at.session_state["model_name"] == "tf_efficientnet_lite1"
    assert at.session_state["sample_key"] == "cat"
    rec = record(at)
    assert rec.values.tolist() == [[2.5, -1.0, 0.25], [0.0, 1.0, 2.0]]
    assert rec.class_names == ("Grizzly", "Brown", "Teddy") and rec.targets == (1, 2)
    # The photo is the cat, read by lite1, even though the logits came from the link.
    assert at.session_state["photo"].sample_key == "cat"
    assert at.session_state["photo"].model_name == "tf_efficientnet_lite1"
    # The record survives the next interaction (the link is read once).
    at.switch_page("pages/logits.py").run()
    assert not at.exception and record(at).class_names == ("Grizzly", "Brown", "Teddy")


def test_share_box_link_opens_the_same_view(make_app):
    at = make_app({"sample": "rocket", "z": "1,2,3", "c": ["a", "b", "c"]})
    query = link_of(at)
    from urllib.parse import parse_qs
    view, msgs = share.decode(parse_qs(query), models={"tf_efficientnet_lite0": 1},
                              samples={"rocket": 1}, inputs=ALL)
    assert msgs == [] and view.sample == "rocket"
    assert np.array_equal(view.logits, np.array([[1, 2, 3]], np.float32))
    assert view.names == ("a", "b", "c")


def test_hostile_links_give_messages_and_defaults(make_app):
    html = "<img src=x onerror=alert(1)>"
    md = "![x](http://example.com/x.png)"
    cases = [
        {"z": "1,nan,3"},
        {"z": ",".join(["0.5"] * 10_000)},
        {"z": "1,2", "c": [html, "b"], "y": "7"},
        {"model": html, "sample": "x" * 5000},
        {"model": md, "sample": "[click](javascript:alert(1))"},
        {"t": "inf", "zs": "1e308"},
    ]
    for q in cases:
        at = make_app(q, check=False)
        assert not at.exception, q
        assert at.warning, q
        rec = record(at)
        assert np.isfinite(rec.values).all()
        assert at.session_state["model_name"] == "tf_efficientnet_lite0"
        # Text from the link is escaped: it shows literally, never as HTML, image or link.
        for w in at.warning:
            unescaped = re.sub(r"\\.", "", w.value)  # what Markdown would still interpret
            for raw in ("<", ">", "](", "!["):
                assert raw not in unescaped, w.value


def test_link_sets_page_controls(make_app):
    from core.softmax.math import temperature_grid

    at = make_app({"t": "2", "zs": "-3.5", "z": "1,2,3"})
    assert not at.warning
    at.switch_page("pages/softmax.py").run()
    assert not at.exception
    grid = [float(v) for v in temperature_grid()]
    want = min(grid, key=lambda g: abs(np.log(g) - np.log(2.0)))
    assert at.session_state["softmax_temperature"] == want
    (piece,) = [c for c in at.get("bidi_component") if "temperature" in c.proto.component_name]
    assert json.loads(piece.proto.json)["index"] == grid.index(want)  # the live thumb is there
    at.switch_page("pages/sigmoid.py").run()
    assert not at.exception
    assert at.text_input(key="sigmoid_logit__text").value == "-3.5"
    # and the share box writes them back into the link
    link = link_of(at)
    assert "zs=-3.5" in link and f"t={want:.9g}" in link


def test_unicode_digits_in_a_link_give_a_message_not_a_traceback(make_app):
    """`?z=1,2&y=²`: "²".isdigit() is True but int("²") raises; the link must not crash the page,
    on the first run or on the next one."""
    for y in ("²", "⑴", "１", "٣"):
        at = make_app({"z": "1,2", "y": y}, check=False)
        assert not at.exception, (y, at.exception)
        warnings = [w.value for w in at.warning]
        assert len(warnings) == 1 and "a target is a class number from 0 to 1" in warnings[0], y
        rec = record(at)
        assert rec.values.tolist() == [1.0, 2.0] or rec.values.tolist() == [[1.0, 2.0]]
        assert rec.targets is None  # the default: no targets
        at.run()  # the next run (a reload of the same session) is quiet and keeps the logits
        assert not at.exception and not at.warning
        assert record(at).num_classes == 2


def test_a_link_streamlit_ignored_is_explained_once(make_app):
    """The browser-side probe (ui/share.py) only runs in a browser (tests/e2e/
    test_share_limits_e2e.py); here: it is mounted only for a session without a readable link,
    and its answer is shown once, in the user's language."""
    from ui import share as ui_share

    at = make_app({"z": "1,2"})
    assert at.session_state[ui_share.PROBE] is False  # a readable link: nothing to ask
    at = make_app({"lang": "ja"})
    assert at.session_state[ui_share.PROBE] is False
    at = make_app()
    assert at.session_state[ui_share.PROBE] is True
    at.session_state[ui_share.CUT] = share.cut_link_message(1234, 9000)  # what the probe stores
    at.run()
    assert not at.exception
    assert [w.value for w in at.warning if "1,234 parameters" in w.value], at.warning
    at.run()
    assert not [w for w in at.warning if "parameters" in w.value]


def _page_of(inp) -> str:
    from core.losses.inputs import INPUTS as LOSSES
    from core.photo.inputs import INPUTS as PHOTO
    from core.sigmoid.inputs import INPUTS as SIGMOID

    if inp in PHOTO:
        return "pages/logits.py"
    if inp in SIGMOID:
        return "pages/sigmoid.py"
    return "pages/cross_entropy.py" if inp in LOSSES else "pages/softmax.py"


@pytest.mark.parametrize("inp", ALL, ids=lambda i: i.key)
def test_every_declared_control_goes_through_the_app_and_back_into_the_link(make_app, inp):
    """Each control of core/<topic>/inputs.py: a link sets it (no warning: the widget takes its
    value from the declaration, not from a second default), its page opens with it, and the
    share box writes it back."""
    from core.losses.inputs import KEPT_CLASSES, SAMPLE_TARGET
    from tests.core.test_inputs import other_value

    value = other_value(inp)
    if inp in SAMPLE_TARGET.values():  # a target is one of the kept classes (the bears)
        value = KEPT_CLASSES.default[-1]
    query = {inp.param: inp.encode(value)}
    if inp.kind == "index" and _page_of(inp) == "pages/cross_entropy.py":
        query |= {"z": ["1,2,3", "0,1,0", "2,0,1"], "y": "0,1,2"}  # a batch with that row/class
    at = make_app(query, open_parts=inp.key != "deeper_open_parts")  # (that one is the parts)
    assert not at.warning, [w.value for w in at.warning]
    at.switch_page(_page_of(inp)).run()
    assert not at.exception
    # (the lesson has warnings of its own; Streamlit's about a value set twice must not appear)
    assert not [w for w in at.warning if "Session State" in w.value], at.warning
    got = at.session_state[inp.key]
    assert got == (pytest.approx(value, rel=1e-7) if inp.kind == "number" else value)
    from urllib.parse import parse_qs

    assert parse_qs(link_of(at))[inp.param] == [inp.encode(value)]  # (a name: %-encoded)


# Widgets whose value is in a link another way, or never, and why. Everything else with a key
# must be declared (core/<topic>/inputs.py), so that the link holds what is on screen.
NOT_DECLARED = {
    "lang": "the link's lang", "model_name": "the link's model", "sample_key": "its sample",
    "input_kind": "sample (in the link) / upload / camera (a photo is never put in a link)",
    "ce_photos_upload": "uploads are never put in a link",
    "train_upload": "uploads are never put in a link",
    "train_camera": "a camera shot is never put in a link",
    "conclusion_q1": "the learner's own answer to the self-check",
    "conclusion_q2": "the learner's own answer to the self-check",
}
NOT_DECLARED_PREFIXES = {
    "softmax_logit_": "the record's logits (z)", "softmax_name_": "the record's names (c)",
    "nll_logits_v": "the record (z, y)", "nll_names_v": "the record's names (c)",
    "ce_logits_v": "the record (z, y)", "ce_names_v": "the record's names (c)",
    "ce_photos_label_u_": "an upload's label", "ce_photos_target_u_": "an upload's target",
    "train_class_u_": "an upload's class (uploads are never put in a link)",
    "train_class_c_": "a camera shot's class (shots are never put in a link)",
}
SYNCED_PARTS = ("__slider", "__text")  # a synced number's widgets; its "__value" is declared
NOT_INPUTS = {"Button", "DownloadButton", "Expander", "UnknownElement"}


def _keyed_widgets(node, out: dict) -> dict:
    key = getattr(node, "key", None)
    if key and type(node).__name__ not in NOT_INPUTS:
        out[key] = type(node).__name__
    children = getattr(node, "children", None)
    for child in children.values() if isinstance(children, dict) else ():
        _keyed_widgets(child, out)
    return out


@pytest.mark.parametrize("page", ["introduction", "logits", "sigmoid", "softmax", "nll",
                                  "cross_entropy", "train", "conclusion"])
def test_every_input_on_a_page_is_declared_or_says_why_not(make_app, page):
    declared = {p.key for p in ALL}
    at = make_app({"uw": "1"} if page == "cross_entropy" else None)  # weights boxes shown too
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception
    widgets = _keyed_widgets(at._tree, {})
    assert widgets, "no widget found: the walk over the element tree is broken"
    loose = {k: kind for k, kind in widgets.items()
             if k not in declared and k not in NOT_DECLARED
             and not k.endswith(SYNCED_PARTS)
             and not k.startswith(tuple(NOT_DECLARED_PREFIXES))}
    assert not loose, f"keyed inputs neither declared nor explained: {loose}"
    for k in widgets:
        if k.endswith(SYNCED_PARTS):
            assert k.rsplit("__", 1)[0] + "__value" in declared, k
