"""The Introduction's pipeline picture (ui/live/pipeline.py) through AppTest: every number it is
given is torch's over all 1000 classes, its words are the catalogue's in both languages, the
target is in the link, and another photo starts it again at its top class. (Clicking in the
picture, and its page buttons, are tested in Chromium: tests/e2e/test_intro_e2e.py.)"""

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.base.i18n import catalog
from core.base.numbers import fmt_number, fmt_probability
from tests.app.test_share_link import link_of
from ui import state


def picture(at) -> dict:
    (el,) = [c for c in at.get("bidi_component") if "pipeline" in c.proto.component_name]
    return json.loads(el.proto.json)


def on_intro(make_app, query=None):
    at = make_app(query)
    at.switch_page("pages/introduction.py").run()
    assert not at.exception
    return at


def test_the_picture_holds_torch_numbers_over_all_classes(make_app):
    at = on_intro(make_app)
    d = picture(at)
    photo = at.session_state[state.PHOTO]
    x = torch.tensor(photo.logits)  # (1000,)
    p = torch.softmax(x, 0)
    top = torch.topk(x, 3).indices.tolist()
    names = state.imagenet_class_names()
    assert [r["index"] for r in d["top"]] == top
    assert [r["name"] for r in d["top"]] == [names[i] for i in top] and names[top[0]] == "espresso"
    assert [r["logit"] for r in d["top"]] == [fmt_number(float(x[i])) for i in top]
    assert [r["p"] for r in d["top"]] == [fmt_probability(float(p[i])) for i in top]
    # the target starts at the top class; its loss is F.cross_entropy over all 1000 logits
    assert d["target"] == top[0] and at.session_state["intro_target"] is None
    for r in d["targets"]:
        want = float(F.cross_entropy(x[None], torch.tensor([r["index"]])))
        assert r["loss"] == fmt_number(want) and r["logp"] == fmt_number(-want)
        assert r["p"] == fmt_probability(float(p[r["index"]]))
    assert d["targets"][0]["loss"] == "0.0498"  # the coffee photo, as Introduction and CE say
    sig = fmt_probability(float(torch.sigmoid(x[top[0]])), float(torch.sigmoid(-x[top[0]])))
    assert sig.startswith("≈ 1 − ") and sig in d["sigmoid"]  # σ(11.41) is not 1
    assert d["network"]["model"] == photo.model_name and "1000" in d["network"]["out"]
    assert d["photo"]["src"].startswith("data:image/jpeg;base64,")
    # every stage with a page has its buttons, to pages that exist
    assert {s: [link["page"] for link in v] for s, v in d["links"].items()} == {
        "logits": ["logits"], "softmax": ["softmax", "sigmoid"], "nll": ["nll"],
        "loss": ["cross_entropy"]}


def test_a_link_asks_for_any_class_as_the_target(make_app):
    at = on_intro(make_app, {"it": "207"})  # golden retriever: not among the coffee's top 3
    d = picture(at)
    assert d["target"] == 207 and [r["index"] for r in d["targets"]][-1] == 207
    x = torch.tensor(at.session_state[state.PHOTO].logits)
    want = float(F.cross_entropy(x[None], torch.tensor([207])))
    assert want > 5 and d["targets"][-1]["loss"] == fmt_number(want)
    assert "it=207" in link_of(at)


@pytest.mark.parametrize("bad", ["1000", "-1", "²", "x"])
def test_a_bad_target_in_a_link_gets_a_message_and_the_top_class(make_app, bad):
    at = make_app({"it": bad}, check=False)
    assert at.warning and not at.exception
    at.switch_page("pages/introduction.py").run()
    assert not at.exception and picture(at)["target"] == int(np.argmax(
        at.session_state[state.PHOTO].logits))


def test_another_photo_starts_again_at_its_top_class(make_app):
    at = on_intro(make_app, {"it": "207"})
    at.selectbox(key=state.SAMPLE_KEY).select_index(1).run()
    assert not at.exception
    d = picture(at)
    assert d["target"] == d["top"][0]["index"] and "it=" not in link_of(at)


def test_japanese_words(make_app):
    at = make_app({"lang": "ja"})
    at.switch_page("pages/introduction.py").run()
    ja = catalog("ja")
    d = picture(at)
    assert d["labels"]["nll"] == ja["intro.step_nll"] and d["labels"]["pick"] == ja[
        "intro.pick_target"]
    assert [link["text"] for link in d["links"]["softmax"]] == [ja["nav.softmax"],
                                                                 ja["nav.sigmoid"]]
    assert d["rest"] == ja["intro.rest"].format(n=997)
