"""The Logits page's live charts (ui/live/logits_charts.py) through AppTest: the overview is
given torch's logits of the current photo as the page's tables write them, the top k of the
slider with their names and label places (core.photo.live.label_places: no two labels of a lane
overlap); the histogram the counts of those logits in its bins; both the catalogue's words in
both languages and the PNG's file name; another model sends the new model's numbers to the same
pieces. (Drawn in Chromium: tests/e2e/test_logits_e2e.py.)"""

import json

import numpy as np
import torch

from core.base.export import safe_filename
from core.base.i18n import catalog
from core.base.numbers import fmt_number
from core.base.text import plain
from core.photo.images import decode_image, sample_bytes
from core.photo.inference import photo_logits
from core.photo.live import label_places
from core.photo.models import imagenet_class_names, load_model, make_transform
from ui import state
from ui.live.logits_charts import KEY

NAMES = imagenet_class_names()


def piece(at, name: str = "logits_overview") -> dict:
    (el,) = [c for c in at.get("bidi_component") if c.proto.component_name.endswith(name)]
    return json.loads(el.proto.json)


def on_logits(make_app, query=None):
    at = make_app(query)
    at.switch_page("pages/logits.py").run()
    assert not at.exception, at.exception
    return at


def torch_logits(model: str, sample: str = "coffee") -> torch.Tensor:
    m = load_model(model)
    image = decode_image(sample_bytes(sample)).image
    return torch.tensor(photo_logits(m, make_transform(m), image))


def check_piece(at, x: torch.Tensor, k: int) -> dict:
    """The piece holds ``x`` (torch's logits) and its top k, as the top-k table shows them."""
    d = piece(at)
    assert d["logits"] == [fmt_number(v) for v in x.tolist()]
    assert d["logits"] == [f"{v:.4f}".replace("-0.0000", "0.0000") for v in x.tolist()]
    assert d["names"] == [plain(n) for n in NAMES]
    top = torch.topk(x, k).indices.tolist()
    assert [t["index"] for t in d["top"]] == top
    assert [t["name"] for t in d["top"]] == [NAMES[i] for i in top]
    table = at.table[0].value  # the top-k table beside it: the same names and logit texts
    assert table["class"].tolist() == [t["name"] for t in d["top"]]
    assert table["logit"].tolist() == [t["logit"] for t in d["top"]]
    assert [t["logit"] for t in d["top"]] == [fmt_number(x[i]) for i in top]
    places = label_places(top, [NAMES[i] for i in top], x.numel())
    assert [(t["centre"], t["level"]) for t in d["top"]] == [
        (round(c, 6), lv) for c, lv in places]
    assert d["levels"] == 1 + max(lv for _, lv in places)
    return d


def test_the_piece_holds_torchs_logits_and_the_top_k(make_app):
    at = on_logits(make_app)
    photo = at.session_state[state.PHOTO]
    x = torch_logits("tf_efficientnet_lite0")
    assert np.array_equal(photo.logits, x.numpy())
    d = check_piece(at, x, 5)
    assert d["top"][0]["name"] == "espresso"
    en = catalog("en")
    assert d["labels"]["title"] == [en["logits.overview"]]
    assert (d["labels"]["x"], d["labels"]["y"]) == (en["logits.overview_x"],
                                                    en["logits.overview_y"])
    assert d["labels"]["point"] == "#{index} {name}: logit {logit}"
    assert d["file"] == safe_filename(f"logits-{photo.label}", ".png") == "logits-coffee-cup.png"
    # the caption under the top-k table: the largest logit and torch's sum of all 1000
    assert en["logits.sum_note"].format(
        max=f"{x.max().item():.4f}", n=1000, total=f"{x.double().sum().item():.2f}",
    ) in [c.value for c in at.caption]
    # the cat's neighbours stack (tiger cat, Egyptian cat, tabby are classes 282, 285, 281)
    at.selectbox(key=state.SAMPLE_KEY).set_value("cat").run()
    at.slider(key="logits_k").set_value(20).run()
    assert not at.exception
    d = check_piece(at, torch_logits("tf_efficientnet_lite0", "cat"), 20)
    cats = [t["level"] for t in d["top"] if t["name"] in ("tiger cat", "Egyptian cat", "tabby")]
    assert len(set(cats)) == 3  # three lanes


def check_histogram(at, x: torch.Tensor, lang: str = "en") -> dict:
    """The histogram piece holds the counts of torch's logits in its bins, each bar's words."""
    d = piece(at, "logits_histogram")
    edges = np.array(d["edges"])
    assert d["counts"] == np.histogram(x.double().numpy(), bins=edges)[0].tolist()
    assert sum(d["counts"]) == x.numel() and edges[0] <= x.min() and x.max() < edges[-1]
    cat = catalog(lang)
    assert d["tips"][0] == cat["logits.histogram_bin"].format(
        lo=d["edge_text"][0], hi=d["edge_text"][1], n=d["counts"][0])
    assert d["labels"]["title"] == [cat["logits.histogram"]]
    assert (d["labels"]["x"], d["labels"]["y"]) == (cat["logits.histogram_x"],
                                                    cat["logits.histogram_y"])
    return d


def test_another_model_sends_its_numbers_to_the_same_pieces(make_app):
    at = on_logits(make_app)
    before, hist = piece(at), check_histogram(at, torch_logits("tf_efficientnet_lite0"))
    ids = sorted(c.proto.id for c in at.get("bidi_component"))
    assert hist["file"] == "logit-histogram-coffee-cup.png"
    at.selectbox(key=state.MODEL_KEY).set_value("tf_efficientnet_lite1").run()
    assert not at.exception
    x = torch_logits("tf_efficientnet_lite1")
    d = check_piece(at, x, 5)
    assert d["logits"] != before["logits"]
    assert check_histogram(at, x)["counts"] != hist["counts"]
    # keyed pieces: the same elements (the browser keeps them and redraws in place)
    assert sorted(c.proto.id for c in at.get("bidi_component")) == ids
    assert not at.get("plotly_chart")  # no chart made again from nothing on this page
    assert len(at.get("bidi_component")) == len([c for c in at.get("bidi_component")])


def test_the_pieces_words_are_japanese_in_japanese(make_app):
    at = on_logits(make_app, {"lang": "ja"})
    ja = catalog("ja")
    L = piece(at)["labels"]
    assert L["title"] == [ja["logits.overview"]]
    assert (L["x"], L["y"]) == (ja["logits.overview_x"], ja["logits.overview_y"])
    assert L["point"] == "#{index} {name}:ロジット {logit}"
    assert L["png_help"].startswith("このグラフ") and L["png"] == ja["panels.png"]
    check_histogram(at, torch_logits("tf_efficientnet_lite0"), "ja")


def test_the_pieces_numbers_open_as_a_table(make_app):
    at = on_logits(make_app)
    at.session_state[f"{KEY}__open"] = True
    at.run()
    assert not at.exception
    x = torch_logits("tf_efficientnet_lite0")
    (df,) = [t.value for t in at.dataframe if "class" in t.value.columns]
    assert df["logit (any real number)"].to_numpy().tolist() == x.double().tolist()
    assert df["class"].tolist() == list(NAMES)
    top = set(torch.topk(x, 5).indices.tolist())
    assert [i for i, s in enumerate(df["series"]) if s == "top-k"] == sorted(top)
