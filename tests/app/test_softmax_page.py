"""The Softmax page driven through its real widgets (AppTest): sliders change the charts' data,
presets load, 2 and 20 classes work, edits reach the current-logits record, and bad input gets a
message in place while everything else the user set is kept."""

import json

import numpy as np
import pytest
import torch

from core.softmax.inputs import GAP
from core.softmax.math import PRESETS
from tests.helpers import plotly_spec

PAGE = "pages/softmax.py"


@pytest.fixture
def page(app):
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    return app


def drag_data(at) -> dict:
    """What the drag chart (components v2) was given: names, logits, torch's probabilities."""
    (el,) = [c for c in at.get("bidi_component") if "softmax" in c.proto.component_name]
    return json.loads(el.proto.json)


def chart(at, title_part: str) -> dict:
    for i in range(len(at.get("plotly_chart"))):
        spec = plotly_spec(at, i)
        if title_part in spec["layout"]["title"]["text"]:
            return spec
    raise AssertionError(f"no chart titled like {title_part!r}")


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def torch_probs(values) -> np.ndarray:
    return torch.softmax(torch.tensor(np.asarray(values, np.float32)), dim=-1).numpy()


def load_article(at):
    at.button(key="softmax_preset_article").click().run()
    assert not at.exception, at.exception


def test_starts_from_the_photo_top_k_with_torch_numbers(page):
    d = drag_data(page)
    rec = page.session_state["record"]
    assert rec.num_classes == 1000  # not written back before an edit
    top = rec.top_k(5, rest=True)  # the top 5 and all the other classes as one
    assert d["names"] == list(top.class_names) and d["names"][-1] == "(all other 995 classes)"
    np.testing.assert_allclose(d["logits"], top.values, atol=0)
    np.testing.assert_allclose(d["probs"], torch_probs(top.values), atol=1e-7)
    # the probabilities are those over all 1000 classes (Introduction's)
    full = torch_probs(rec.row)
    np.testing.assert_allclose(d["probs"][:5], np.sort(full)[::-1][:5], atol=1e-6)
    assert abs(d["probs"][5] - (1 - np.sort(full)[::-1][:5].sum())) <= 1e-6
    steps = page.table[0].value
    assert steps.loc[top.class_names[0], "torch.softmax"] == f"{torch_probs(top.values)[0]:.4f}"


def test_article_preset_loads_and_becomes_the_current_logits(page):
    load_article(page)
    d = drag_data(page)
    p = PRESETS["article"]
    assert d["names"] == list(p.names)
    np.testing.assert_allclose(d["logits"], np.float32(p.logits))
    np.testing.assert_allclose(d["probs"], torch_probs(p.logits), atol=1e-7)
    rec = page.session_state["record"]
    assert rec.class_names == p.names and rec.source == "preset"
    assert page.text_input(key="softmax_logit_2").value == "3.985"
    page.button(key="softmax_preset_pick_one").click().run()
    assert drag_data(page)["names"] == ["class 0", "class 1", "class 2"]
    assert page.session_state["record"].num_classes == 3


def test_exact_box_changes_the_chart_and_the_record(page):
    load_article(page)
    before = drag_data(page)["probs"]
    page.text_input(key="softmax_logit_0").input("5.5").run()
    d = drag_data(page)
    assert d["logits"][0] == 5.5 and d["probs"] != before
    np.testing.assert_allclose(d["probs"], torch_probs(d["logits"]), atol=1e-7)
    rec = page.session_state["record"]
    assert rec.row[0] == np.float32(5.5) and rec.source == "hand-edited"
    page.text_input(key="softmax_name_1").input("football").run()
    assert page.session_state["record"].class_names[1] == "football"
    assert drag_data(page)["names"][1] == "football"


def temperature_data(at) -> dict:
    """What the temperature piece was given: torch's numbers for every grid temperature."""
    (el,) = [c for c in at.get("bidi_component") if "temperature" in c.proto.component_name]
    return json.loads(el.proto.json)


def test_temperature_piece_gets_torch_numbers_for_every_grid_point(page):
    from core.softmax.inputs import TEMPERATURE

    load_article(page)
    d = temperature_data(page)
    grid = list(TEMPERATURE.options)
    assert d["grid"] == grid and d["grid"][d["index"]] == 1.0  # the declared default
    z = torch.tensor(np.float32(PRESETS["article"].logits))
    for i, temp in enumerate(grid):  # every frame the browser can play back is torch's
        want = torch.softmax(z / temp, dim=-1)
        np.testing.assert_allclose(d["probs"][i], want.numpy(), atol=1e-7)
        h = float(-(torch.log_softmax(z / temp, -1).exp() * torch.log_softmax(z / temp, -1))
                  .sum())
        assert d["nats"][i] == pytest.approx(h, abs=1e-6)
        assert d["bits"][i] == pytest.approx(h / np.log(2), abs=1e-6)
        assert d["argmax"][i] == 2  # the arg-max never changes
    np.testing.assert_allclose(d["p1"], torch_probs(PRESETS["article"].logits), atol=1e-7)
    assert d["labels"]["thumb"] == "Temperature T (log scale)"
    page.session_state[TEMPERATURE.key] = 0.05  # what a commit (or a link) sets
    page.run()
    assert not page.exception
    assert temperature_data(page)["index"] == 0
    # the page's code panel stays plain softmax (T = 1), whatever the temperature part shows
    assert not any("T = 0.05\n" in c.proto.code_text for c in page.get("code"))


def gap_data(at) -> dict:
    """What the gap piece (components v2, ui/live/playback.js) was given."""
    (el,) = [c for c in at.get("bidi_component") if "playback" in c.proto.component_name
             and json.loads(c.proto.json)["labels"]["thumb"].startswith("Gap")]
    return json.loads(el.proto.json)


def test_gap_piece_plays_back_torch_share_for_every_grid_point(page):
    load_article(page)
    d = gap_data(page)
    z = np.float32(PRESETS["article"].logits)
    grid = [float(v) for v in d["charts"][0]["xs"]]
    assert {round(g, 1) for g in GAP.options} <= {round(g, 4) for g in grid}
    for k, g in enumerate(grid):  # every frame the browser can play back is torch's
        zz = z.copy()
        zz[2] = np.float32(np.delete(z, 2).max() + g)
        assert d["readouts"][0]["values"][k] == pytest.approx(float(torch_probs(zz)[2]),
                                                               abs=1e-7)
    lead = float(z[2] - np.sort(z)[-2])
    assert grid[d["index"]] == pytest.approx(round(lead, 4))  # it starts at the lead
    assert d["grid_text"][d["index"]] == f"{round(lead, 4):+.6g}"
    page.session_state[GAP.key] = 6.0  # what a commit (or a link) sets
    page.run()
    d = gap_data(page)
    assert d["charts"][0]["xs"][d["index"]] == 6.0
    assert d["readouts"][0]["values"][d["index"]] == pytest.approx(
        float(torch_probs(np.where(np.arange(5) == 2, np.delete(z, 2).max() + 6.0, z))[2]),
        abs=1e-7)


def test_two_and_twenty_classes(page):
    load_article(page)
    for _ in range(3):
        page.button(key="softmax_remove").click().run()
    d = drag_data(page)
    assert len(d["names"]) == 2 and page.button(key="softmax_remove").disabled
    assert page.session_state["record"].num_classes == 2
    np.testing.assert_allclose(d["probs"], torch_probs(d["logits"]), atol=1e-7)
    for _ in range(18):
        page.button(key="softmax_add").click().run()
    d = drag_data(page)
    assert len(d["names"]) == 20 and len(set(d["names"])) == 20
    assert page.button(key="softmax_add").disabled
    assert page.session_state["record"].num_classes == 20
    np.testing.assert_allclose(d["probs"], torch_probs(d["logits"]), atol=1e-7)
    assert len(page.table[0].value) == 21  # 20 classes + the sum row
    assert not page.exception


def test_photo_top_k_with_twenty(page):
    page.slider(key="softmax_topk").set_value(19).run()  # 19 and all the others: 20 classes
    page.button(key="softmax_load_topk").click().run()
    assert len(drag_data(page)["names"]) == 20
    assert page.session_state["record"].num_classes == 20


@pytest.mark.parametrize("box, text, needle", [
    ("softmax_logit_1", "nan", "cannot be NaN"),
    ("softmax_logit_1", "inf", "cannot be infinite"),
    ("softmax_logit_1", "-inf", "cannot be infinite"),
    ("softmax_logit_1", "1e308", "outside the allowed range"),
    ("softmax_logit_1", "", "is empty"),
    ("softmax_logit_1", "two", "is not a number"),
    ("softmax_name_1", "", "name of class 2 is empty"),
    ("softmax_name_1", "Horse", "already used by class 1"),
])
def test_bad_input_gets_a_message_and_keeps_everything_else(page, box, text, needle):
    load_article(page)
    page.text_input(key="softmax_logit_3").input("-1.5").run()  # something the user set
    good = drag_data(page)
    page.text_input(key=box).input(text).run()
    assert not page.exception
    msgs = errors(page)
    assert any(needle in m for m in msgs), msgs
    assert any("class 2" in m for m in msgs)  # the message names the class
    assert drag_data(page) == good  # chart keeps the last good list
    assert page.session_state["record"].row[3] == np.float32(-1.5)
    assert page.text_input(key=box).value == text  # what was typed stays in the box
    assert page.text_input(key="softmax_logit_3").value == "-1.5"
    # fixing it clears the message and applies
    page.text_input(key="softmax_logit_1").input("0.25").run()
    page.text_input(key="softmax_name_1").input("ball").run()
    assert errors(page) == []
    assert drag_data(page)["logits"][1] == 0.25


def test_edits_survive_leaving_and_coming_back(page):
    load_article(page)
    page.text_input(key="softmax_logit_4").input("2").run()
    page.switch_page("pages/logits.py").run()
    page.switch_page(PAGE).run()
    assert not page.exception
    assert drag_data(page)["logits"][4] == 2.0
    assert page.text_input(key="softmax_logit_4").value == "2"


def test_large_logits_show_the_naive_overflow_lesson(page):
    load_article(page)
    page.text_input(key="softmax_logit_0").input("10000").run()
    assert not page.exception and errors(page) == []
    assert any("overflowed" in w.value for w in page.warning)
    steps = page.table[0].value
    assert steps.loc["horse", "exp(z)"] == "inf"
    assert steps.loc["horse", "torch.softmax"] == "1.0000"


def test_a_batch_record_from_the_loss_pages_keeps_its_other_rows_and_targets(page):
    from core.base.record import LogitsRecord

    batch = np.float32([[1.0, 2.0, 0.5], [0.1, 0.2, 0.3], [3.0, -1.0, 0.0]])
    page.session_state["record"] = LogitsRecord(
        values=batch, class_names=("grizzly", "brown", "teddy"), source="preset",
        detail="nll preset", targets=(1, 0, 2))
    page.run()
    d = drag_data(page)
    assert d["names"] == ["grizzly", "brown", "teddy"] and d["logits"] == [1.0, 2.0, 0.5]
    page.text_input(key="softmax_logit_2").input("4").run()
    rec = page.session_state["record"]
    assert rec.values.shape == (3, 3) and rec.targets == (1, 0, 2)
    np.testing.assert_array_equal(rec.values[0], np.float32([1.0, 2.0, 4.0]))
    np.testing.assert_array_equal(rec.values[1:], batch[1:])


def test_thumb_range_holds_every_logit():
    from ui.live.softmax_drag import thumb_range

    assert thumb_range([-0.2135, 3.985]) == (-10.0, 10.0)
    assert thumb_range([1e4, -1e4]) == (-10001.0, 10001.0)
    assert thumb_range([12.3, 0.0]) == (-10.0, 14.0)


def test_japanese_messages_and_drag_labels(page):
    from core.base.i18n import tr

    page.sidebar.radio(key="lang").set_value("ja").run()
    load_article(page)
    labels = drag_data(page)["labels"]
    assert labels["head"][0] == tr("ja", "softmax.drag_col_class") and labels["sum"] == "合計"
    page.text_input(key="softmax_logit_1").input("two").run()
    page.text_input(key="softmax_name_0").input("").run()
    msgs = errors(page)
    assert msgs[0] == tr("ja", "softmax_msgs.name_empty", k=1)
    assert msgs[1].startswith("クラス 2「ball」のロジット: ") and "two" in msgs[1]
    page.sidebar.radio(key="lang").set_value("en").run()  # kept messages follow the language
    assert errors(page)[0] == "The name of class 1 is empty: type a name."


def test_article_check_flags_each_printed_value_with_its_correct_one(page):
    from core.base.i18n import catalog

    checks = [t.value for t in page.table if "verdict" in t.value.columns]
    assert len(checks) == 2
    article = checks[0]
    z = torch.tensor(np.float32(PRESETS["article"].logits))
    fish = float(torch.exp(z[2]))
    # cells are Markdown-escaped ("differs\\:" with a word joiner): compare the words
    assert article.loc["exp(fish)", "verdict"].endswith(f"correct value {fish:.4f}")
    assert "agrees" in article.loc["exp(stick)", "verdict"]
    assert checks[1]["verdict"].str.contains("agrees").all()  # the pick-one preset
    rule = catalog("en")["article.rule"]
    assert sum(c.value == rule for c in page.caption) == 1


def test_raise_one_class_starts_at_the_leader_and_its_lead(page):
    """The gap control starts at the gap the caption names (not at 2.00), for the leading class;
    a new list starts over; a gap the learner chose is kept; neither start is put in a link."""
    from core.softmax.math import current_gap

    def lead_of(logits):
        return current_gap(np.float32(logits))

    top, lead = lead_of(drag_data(page)["logits"])
    assert page.selectbox(key="softmax_raise_class").value == top
    assert page.session_state[GAP.key] == pytest.approx(round(lead, 4))
    d = gap_data(page)
    assert d["charts"][0]["xs"][d["index"]] == pytest.approx(round(lead, 4))  # the control agrees
    assert f"{lead:.4f}" in " ".join(c.value for c in page.caption)
    assert "gap=" not in str(page.query_params) and "sr" not in page.query_params
    load_article(page)
    top, lead = lead_of(PRESETS["article"].logits)
    assert page.selectbox(key="softmax_raise_class").value == top == 2  # fish
    assert page.session_state[GAP.key] == pytest.approx(round(lead, 4))
    page.session_state[GAP.key] = 6.0  # the piece's commit sets the declared value
    page.run()
    page.button(key="softmax_preset_pick_one").click().run()
    assert page.session_state[GAP.key] == 6.0  # the learner's gap stays
    assert page.query_params["gap"] == "6"


def test_after_a_whole_run_the_drag_chart_asks_for_nothing(page):
    """A whole run draws the list's part with the chart: the chart's data ask for nothing
    (``settle`` is set only by the chart's own run after a commit, refused ones too; the order of
    the two runs is tested in Chromium: tests/e2e/test_live_keys_e2e.py)."""
    from ui import softmax_editor as editor

    assert drag_data(page)["settle"] == 0
    page.session_state[editor.COMMITS] = 3  # commits the part has not been drawn after
    page.run()
    assert drag_data(page)["settle"] == 0  # the page's run drew the part: nothing is behind
    assert page.session_state[editor.DRAWN] == 3
