"""Sigmoid page through AppTest: the exact box (and what the live piece commits) moves the
read-out and the curves' points (the data the live piece is given: torch's numbers), every
group works on every sample photo, bad input keeps the last good value."""

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from core.article import sigmoid as art
from core.base.i18n import catalog
from core.base.record import LogitsRecord
from core.photo.images import SAMPLES
from core.sigmoid import math as binary
from core.sigmoid.math import CURVE_RANGE
from ui import state

TEXT = "sigmoid_logit__text"


def on_sigmoid(app):
    app.switch_page("pages/sigmoid.py").run()
    assert not app.exception, app.exception
    return app


def live_data(at) -> dict:
    """What the live piece (components v2) was given: torch's numbers, curves and words."""
    (el,) = [c for c in at.get("bidi_component") if "sigmoid_logit" in c.proto.component_name]
    return json.loads(el.proto.json)


def _prob(p: float) -> str:  # as the piece writes a probability (lxProb in ui/live/math.js)
    return f"{p:.4f}" if p >= 1e-3 or p == 0 else f"{p:.3e}"


def metrics(at) -> dict[str, str]:
    """The st.metric read-outs and the live piece's, as they are shown."""
    d = live_data(at)
    shown = {d["labels"]["z"]: f"{d['z']:.4f}", "σ(z)": _prob(d["s"]),
             "1 − σ(z)": _prob(d["c"]), "σ'(z) = σ(1 − σ)": _prob(d["d"])}
    return {**{m.label: m.value for m in at.metric}, **shown}


def point(at, chart: int = 0) -> tuple[float, float]:
    """The sigmoid curve's point (chart 0) or the loss curve's (chart 1)."""
    d = live_data(at)
    return d["z"], d["s"] if chart == 0 else d["loss"]


def thumb(at) -> float:
    """Where the piece's thumb sits (it waits at an end for a z beyond its range)."""
    d = live_data(at)
    return min(max(d["z"], d["lo"]), d["hi"])


def set_z(at, z: float):
    at.text_input(key=TEXT).input(f"{z:g}").run()
    assert not at.exception, at.exception


def sig(z: float) -> float:
    return float(torch.sigmoid(torch.tensor([z], dtype=torch.float32))[0])


def test_defaults_show_the_landmark_at_zero(app):
    on_sigmoid(app)
    m = metrics(app)
    assert m["logit z"] == "0.0000" and m["σ(z)"] == "0.5000"
    assert m["σ'(z) = σ(1 − σ)"] == "0.2500"
    assert point(app) == (0.0, 0.5)
    d = live_data(app)
    assert [m[0] for m in d["landmarks"]] == [-4.0, 0.0, 4.0] and not d["show_d"]
    assert (d["lo"], d["hi"]) == CURVE_RANGE


def test_slider_moves_the_readout_and_the_point(app):
    on_sigmoid(app)
    set_z(app, 3.0)
    assert not app.exception
    m = metrics(app)
    assert m["logit z"] == "3.0000" and m["σ(z)"] == f"{sig(3.0):.4f}" == "0.9526"
    assert m["1 − σ(z)"] == f"{1 - sig(3.0):.4f}"
    x, y = point(app)
    assert x == 3.0 and y == pytest.approx(sig(3.0), abs=1e-6)
    assert app.text_input(key=TEXT).value == "3"
    x, y = point(app, chart=1)  # the loss curve's point follows too
    assert x == 3.0 and y == pytest.approx(float(binary.binary_loss([3.0], 1)[0]), abs=1e-6)


def test_exact_box_moves_the_point_beyond_the_slider(app):
    on_sigmoid(app)
    app.text_input(key=TEXT).input("-2,5").run()  # decimal comma
    assert point(app)[0] == -2.5 and thumb(app) == -2.5
    app.text_input(key=TEXT).input("1e4").run()
    assert not app.exception
    assert metrics(app)["logit z"] == "10000.0000" and metrics(app)["σ(z)"] == "1.0000"
    assert thumb(app) == 10.0  # the thumb waits at the end
    x, y = point(app)
    assert x == 1e4 and y == 1.0
    assert live_data(app)["curve"]["x"][-1] >= 1e4
    assert not app.warning or all("breaks" not in w.value for w in app.warning)


@pytest.mark.parametrize("bad", ["nan", "inf", "-inf", "car", "1e308", "", "1,000.5", "1e5"])
def test_bad_exact_input_gives_a_message_and_keeps_the_last_good_value(app, bad):
    on_sigmoid(app)
    app.text_input(key=TEXT).input("1.5").run()
    assert not app.error
    app.text_input(key=TEXT).input(bad).run()
    assert not app.exception
    assert len(app.error) == 1 and "1.5" in app.error[0].value  # says what it kept
    assert metrics(app)["logit z"] == "1.5000"
    assert point(app)[0] == 1.5


def test_derivative_toggle_adds_the_derivative_and_says_where_learning_slows(app):
    on_sigmoid(app)
    set_z(app, 6.0)
    app.toggle(key="sigmoid_derivative").set_value(True).run()
    d = live_data(app)
    assert d["show_d"] and max(d["curve"]["d"]) == pytest.approx(0.25, abs=1e-4)
    text = " ".join(md.value for md in app.markdown)
    assert "learning slows down" in text and f"{sig(6.0) * (1 - sig(6.0)):.4f}" in text


def test_target_zero_switches_the_loss(app):
    on_sigmoid(app)
    set_z(app, 2.0)
    app.radio(key="sigmoid_target").set_value(0).run()
    loss = float(torch.nn.functional.binary_cross_entropy_with_logits(
        torch.tensor([2.0]), torch.tensor([0.0])))
    table = app.table[0].value
    assert list(table["loss"])[-1] == f"{loss:.4f}" == list(table["loss"])[1]
    assert point(app, chart=1)[1] == pytest.approx(loss, abs=1e-6)


def test_literal_formula_overflow_is_shown_not_raised(app):
    on_sigmoid(app)
    app.text_input(key=TEXT).input("-200").run()
    assert not app.exception
    assert any("breaks" in w.value for w in app.warning)
    assert list(app.table[0].value["loss"]) == ["inf", "200.0000", "200.0000"]


def test_picking_a_group_changes_the_binary_logit_and_drag_puts_it_on_the_curve(app):
    on_sigmoid(app)
    logits = app.session_state[state.PHOTO].logits
    seen = set()
    for key in ("cars", "coffee"):
        app.selectbox(key="sigmoid_group").set_value(key).run()
        g = binary.group_logit(logits, key)
        assert metrics(app)["binary logit"] == f"{g.logit:.4f}"
        seen.add(metrics(app)["binary logit"])
        assert any("equals the softmax mass" in s.value for s in app.caption)
    assert len(seen) == 2
    app.button(key="sigmoid_drag_group").click().run()
    assert not app.exception
    g = binary.group_logit(logits, "coffee")
    assert metrics(app)["logit z"] == f"{g.logit:.4f}"
    assert point(app)[0] == pytest.approx(g.logit, abs=1e-6)
    assert point(app)[1] == pytest.approx(g.sigmoid, abs=1e-6)


def test_every_group_on_every_sample_photo(app):
    on_sigmoid(app)
    for sample in SAMPLES:
        app.selectbox(key=state.SAMPLE_KEY).set_value(sample).run()
        assert not app.exception, (sample, app.exception)
        logits = app.session_state[state.PHOTO].logits
        for key in binary.GROUPS:
            app.selectbox(key="sigmoid_group").set_value(key).run()
            assert not app.exception, (sample, key, app.exception)
            assert not app.error, (sample, key, [e.value for e in app.error])
            g = binary.group_logit(logits, key)
            assert metrics(app)["binary logit"] == f"{g.logit:.4f}", (sample, key)
            assert np.isfinite(g.logit)


def test_sigmoid_vs_softmax_on_the_top_k(app):
    on_sigmoid(app)
    app.slider(key="sigmoid_k").set_value(3).run()
    t = [x.value for x in app.table if "softmax (together)" in x.value.columns][0]
    assert len(t) == 4 and t.index[-1] == "sum"
    top = app.session_state[state.RECORD].top_k(3)
    z = torch.tensor(top.values)
    assert list(t["sigmoid (alone)"])[:3] == [f"{v:.4f}" for v in torch.sigmoid(z)]
    assert list(t["softmax (together)"])[:3] == [f"{v:.4f}" for v in torch.softmax(z, 0)]
    assert t["softmax (together)"].iloc[-1] == "1.0000"
    assert t["sigmoid (alone)"].iloc[-1] == f"{float(torch.sigmoid(z).sum()):.4f}"


@pytest.mark.parametrize("values", [[0.02, -2.49, 1.25], [2.0, -1.0], [4.0]])
def test_hand_edited_logits_of_any_size(app, values):
    app.session_state[state.RECORD] = LogitsRecord(
        values=np.array(values), class_names=[f"c{i}" for i in range(len(values))],
        source="preset")
    on_sigmoid(app)
    if len(values) == 1:
        assert any("single class" in i.value for i in app.info)
    else:
        t = [x.value for x in app.table if "softmax (together)" in x.value.columns][0]
        assert len(t) == len(values) + 1


def test_article_mode_is_seeded_and_checks_the_printed_pair(app):
    on_sigmoid(app)
    t = [x.value for x in app.table if "article printed" in x.value.columns][0]
    run = art.article_run(0)
    assert t["computed (seed 0)"].iloc[0] == f"{run.logit:.4f}"
    assert t["computed (seed 0)"].iloc[2] == "0.4620" and t["same?"].iloc[2] == "yes"
    assert catalog("en")["article.rule"] in [c.value for c in app.caption]
    assert any("agree" in s.value and "0.4620" in s.value for s in app.caption)
    app.number_input(key="sigmoid_seed").set_value(7).run()
    t = [x.value for x in app.table if "article printed" in x.value.columns][0]
    assert t["computed (seed 7)"].iloc[0] == f"{art.article_run(7).logit:.4f}"
    app.button(key="sigmoid_drag_article").click().run()
    assert point(app)[0] == pytest.approx(art.article_run(7).logit, abs=1e-6)


def test_the_loss_target_names_the_chosen_question_and_survives_a_group_change(app):
    on_sigmoid(app)
    app.radio(key="sigmoid_target").set_value(0).run()
    app.selectbox(key="sigmoid_group").set_value("dogs").run()
    assert not app.exception
    radio = app.radio(key="sigmoid_target")
    assert radio.value == 0
    assert "1: yes, it is a dog" in radio.options


def test_tables_charts_and_code_go_through_the_shared_panels(app):
    src = (Path(__file__).resolve().parents[2] / "pages" / "sigmoid.py").read_text()
    for raw in ("st.table(", "st.dataframe(", "st.plotly_chart(", "st.code(", "unsafe_allow_html"):
        assert raw not in src, raw
    on_sigmoid(app)
    assert len(app.table) == 5  # loss, group steps, group top, sigmoid vs softmax, article
    csv = [b for b in app.get("download_button") if (b.key or "").startswith("csv_sigmoid")]
    assert len(csv) == 5  # each table with its CSV
    assert len(app.get("plotly_chart")) == 1  # sigmoid vs softmax
    assert live_data(app)["labels"]  # the curve and the loss curve: the live piece
    assert len([c for c in app.code if c.language == "python"]) == 4  # a code panel per part


def test_links_to_the_next_sections_when_their_pages_exist(app):
    from ui import nav

    on_sigmoid(app)
    links = {el.proto.page for el in app.get("page_link")}  # url paths
    for path, url in (("pages/softmax.py", "softmax"), ("pages/cross_entropy.py", "cross_entropy")):
        assert (url in links) == nav.has(path), (path, links)


def test_every_group_has_its_words_in_both_languages():
    from core.base.i18n import catalog

    for lang in ("en", "ja"):
        cat = catalog(lang)
        for key, group in binary.GROUPS.items():
            assert cat[f"sigmoid_groups.{key}"] and cat[f"sigmoid_groups.{key}_noun"]
            assert group.label.key == f"sigmoid_groups.{key}"
            assert group.question.text(lang) != group.question.text("ja" if lang == "en" else "en")


def test_japanese_keeps_every_number_and_translates_the_words(app):
    from core.base.i18n import catalog

    ja = catalog("ja")
    on_sigmoid(app)
    app.text_input(key=TEXT).input("2.5").run()
    app.selectbox(key="sigmoid_group").set_value("dogs").run()
    en = metrics(app)
    app.sidebar.radio(key="lang").set_value("ja").run()
    assert not app.exception
    m = metrics(app)
    assert m[ja["sigmoid.metric_z"]] == en["logit z"] == "2.5000"
    assert m["σ(z)"] == en["σ(z)"] == f"{sig(2.5):.4f}"
    assert m[ja["sigmoid.metric_binary"]] == en["binary logit"]
    assert point(app) == (2.5, pytest.approx(sig(2.5), abs=1e-6))  # the live piece's data
    assert app.selectbox(key="sigmoid_group").value == "dogs"
    assert f"これは犬ですか?({len(binary.GROUPS['dogs'].names)} クラス)" in \
        app.selectbox(key="sigmoid_group").options
    assert "1: はい、犬です" in app.radio(key="sigmoid_target").options
    words = live_data(app)["labels"]
    assert words["curve_title"] == ja["sigmoid.curve_title"]
    assert words["axis_z"] == ja["sigmoid.axis_z"] and words["thumb"] == ja["sigmoid.logit_label"]
    versus = [x.value for x in app.table if ja["sigmoid.col_softmax"] in x.value.columns][0]
    assert versus.index[-1] == ja["sigmoid.sum"]
    app.text_input(key=TEXT).input("nan").run()  # a bad value: the message is Japanese too
    assert len(app.error) == 1 and "2.5" in app.error[0].value and "NaN" in app.error[0].value
    assert ja["sigmoid.what_logit"] in app.error[0].value
    assert metrics(app)[ja["sigmoid.metric_z"]] == "2.5000"


def test_after_a_whole_run_the_piece_asks_for_nothing(app):
    """A run of the section draws the piece with it: the piece's data ask for nothing
    (``settle`` is set only by the piece's own run after a commit; the two runs' order is
    tested in Chromium: tests/e2e/test_sigmoid_e2e.py)."""
    on_sigmoid(app)
    assert live_data(app)["settle"] == 0
    app.session_state["sigmoid_live_commits"] = 3  # commits the section has not drawn
    app.run()
    assert live_data(app)["settle"] == 0
    assert app.session_state["sigmoid_live_drawn"] == 3


def test_a_commit_leaves_the_box_its_text_for_when_it_is_drawn(monkeypatch):
    """``commit_synced`` (a piece's commit whose run does not draw the box) sets the value and
    the thumb at once, but not the box's text: the browser's box still holds the old text, and
    would send it back as typed. The box takes it when next drawn; a later set_synced wins."""
    from ui import widgets

    ss = {}
    monkeypatch.setattr(widgets.st, "session_state", ss)
    widgets.set_synced("z", 1.0, -10, 10)
    widgets.commit_synced("z", 12.5, -10, 10)
    assert (ss["z__value"], ss["z__slider"], ss["z__text"]) == (12.5, 10, "1")
    widgets._restore("z", 0.0, -10, 10)  # what drawing the box does first
    assert ss["z__text"] == "12.5" and "z__pending" not in ss
    widgets.commit_synced("z", 3.0, -10, 10)
    widgets.set_synced("z", 4.0)
    widgets._restore("z", 0.0, -10, 10)
    assert (ss["z__value"], ss["z__text"]) == (4.0, "4")


def test_a_committed_logit_reaches_the_box_when_the_section_is_drawn(app):
    """The text a commit leaves for the box is shown when the section is drawn, and the piece
    and its readouts are the committed logit's."""
    on_sigmoid(app)
    app.session_state["sigmoid_logit__value"] = 2.5
    app.session_state["sigmoid_logit__pending"] = "2.5"  # what commit_synced leaves
    app.run()
    assert not app.exception
    assert app.text_input(key=TEXT).value == "2.5"
    assert point(app) == (2.5, pytest.approx(sig(2.5)))
    assert "sigmoid_logit__pending" not in app.session_state
