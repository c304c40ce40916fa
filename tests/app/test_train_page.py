"""The Train page in AppTest: the ready-made example trains (its loss falls), the settings'
bad values are messages, too few photos or classes are messages, and nothing else is lost."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core.train import inputs

PAGE = "pages/train.py"


def texts(at, kind) -> list[str]:
    return [e.value for e in getattr(at, kind)]


def test_the_example_trains_and_its_loss_falls(app):
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    assert not app.error, texts(app, "error")
    captions = " ".join(c.value for c in app.caption)
    assert "The mean loss fell from" in captions
    assert app.session_state[inputs.STEP.key] == inputs.STEP.default


def lr_box(at):
    return at.text_input(key="train_lr__text")


def test_a_learning_rate_that_is_not_a_number_keeps_the_last_good_one(app):
    app.switch_page(PAGE).run()
    lr_box(app).set_value("nan").run()
    assert not app.exception
    assert any("not a number" in e.value.lower() or "nan" in e.value.lower()
               for e in app.error), texts(app, "error")
    assert app.session_state[inputs.LR.key] == 1.0  # the last good value
    assert "The mean loss fell from" in " ".join(c.value for c in app.caption)


def test_a_zero_learning_rate_is_a_message_and_the_rest_stays(app):
    app.switch_page(PAGE).run()
    app.text_input(key="train_name_0").set_value("my people").run()
    lr_box(app).set_value("0").run()
    assert not app.exception
    assert any("cannot train" in e.value for e in app.error), texts(app, "error")
    assert app.text_input(key="train_name_0").value == "my people"
    assert app.multiselect(key=inputs.SAMPLES_OF[0].key).value == ["astronaut", "grace_hopper"]


def test_a_huge_learning_rate_says_it_blows_up_and_shows_it(app):
    app.switch_page(PAGE).run()
    lr_box(app).set_value("1e6").run()
    assert not app.exception and not app.error
    assert any("too large" in w.value for w in app.warning), texts(app, "warning")
    curve = step_piece(app)["charts"][0]  # the blow-up is drawn on a log axis
    assert curve["log_y"] and curve["y_tick_text"][0] != curve["y_tick_text"][-1]


def step_piece(at) -> dict:
    """What the step scrubber's piece (ui/live/playback.js) was given."""
    (d,) = [json.loads(c.proto.json) for c in at.get("bidi_component")
            if "playback" in c.proto.component_name]
    return d


def test_the_loss_chart_is_the_pieces_alone_in_the_users_language_with_its_numbers(app):
    """The loss and accuracy chart is drawn by the step piece (it follows the thumb), in
    Japanese with the catalogue's words; no server chart draws it again; its numbers open as
    a table with a CSV, the same numbers as the piece's curves."""
    from core.base.i18n import translator

    app.switch_page(PAGE).run()
    app.sidebar.radio(key="lang").set_value("ja").run()
    assert not app.exception
    ja = translator("ja")
    d = step_piece(app)
    curve = d["charts"][0]
    assert (curve["title"], curve["x_title"], curve["y_title"], curve["y2"]["title"]) == (
        ja("train.curve_title"), ja("train.x_step"), ja("train.y_loss"), ja("train.y_acc"))
    assert [s["name"] for s in curve["series"]] == [
        ja("train.trace_train"), ja("train.trace_held"), ja("train.trace_acc")]
    k = len(d["grid_text"]) - 1
    assert len(curve["note"]) == k + 1 and curve["note"][k].startswith(f"ステップ {k}：損失 ")
    loss = [s["ys"] for s in curve["series"]][0]
    assert loss[-1] < loss[0] and f"{loss[37]:.4f}" in curve["note"][37]
    titles = [str(json.loads(c.proto.spec)["layout"].get("title")) for c in
              app.get("plotly_chart")]
    assert not [x for x in titles if ja("train.curve_title") in x or "Loss and accuracy" in x]
    app.session_state["train_loss__open"] = True
    app.run()
    (table,) = [f.value for f in app.dataframe if ja("train.trace_train") in f.value.columns]
    assert np.allclose(table[ja("train.trace_train")], loss)
    assert np.allclose(table[ja("train.trace_acc")], curve["series"][2]["ys"])
    assert "CSV" in [b.proto.label for b in app.get("download_button")]


def test_one_class_or_a_class_with_one_photo_is_a_message(app):
    app.switch_page(PAGE).run()
    app.multiselect(key=inputs.SAMPLES_OF[1].key).set_value(["cat"]).run()
    assert not app.exception
    warnings = texts(app, "warning")
    assert any("has 1 photo" in w for w in warnings), warnings
    assert "The mean loss fell from" in " ".join(c.value for c in app.caption)  # 2 classes left
    app.number_input(key=inputs.CLASSES.key).set_value(1).run()
    assert not app.exception
    assert any("at least 2 classes" in w for w in texts(app, "warning")), texts(app, "warning")
    assert app.text_input(key="train_name_0").value  # what was entered stays


def test_a_duplicate_photo_is_used_once(app):
    app.switch_page(PAGE).run()
    app.multiselect(key=inputs.SAMPLES_OF[1].key).set_value(["cat", "flower", "astronaut"]).run()
    assert not app.exception
    assert any("same photo" in w for w in texts(app, "warning")), texts(app, "warning")


def test_the_parts_open_and_compute(app):
    app.switch_page(PAGE).run()
    for part in ("train_why", "train_try", "train_temperature", "train_code"):
        app.session_state[f"deeper_{part}"] = True
    app.run()
    assert not app.exception, app.exception
    assert not app.error, texts(app, "error")
    shown = " ".join(m.value for m in app.markdown)
    assert "under cross-entropy but only" in shown
    out = [c.value for c in app.code if c.proto.language == "text"]
    assert any("step  100  loss" in o for o in out), out
    assert {d.proto.label for d in app.get("download_button")} >= {
        "Download the trained head (state_dict)", "Download the training code (zip)"}


def test_the_code_part_in_a_notebook_prints_what_the_page_shows(app, tmp_path):
    """The training code ships with its features file; run in Jupyter it prints the page's."""
    pytest.importorskip("nbclient")
    from tests.app.test_notebooks_run import execute, shown_outputs, unpack
    from ui import notebook

    app.switch_page(PAGE).run()
    app.session_state["deeper_train_code"] = True
    app.run()
    assert not app.exception
    shown = shown_outputs(app)
    assert shown and "step  100  loss" in shown[-1]
    download = notebook.page_download(app.session_state[notebook.BOOK_KEY], PAGE)
    assert download.file_name.endswith(".zip")  # the features file beside the notebook
    outputs = [o.rstrip("\n") for o in execute(unpack(download, tmp_path)) if o]
    assert shown[-1] in outputs


def test_a_class_name_is_never_markup(app):
    """A typed class name reaches a message (its class has too few photos): as text."""
    app.switch_page(PAGE).run()
    app.text_input(key="train_name_1").set_value("**bold** $x$ <b>b</b>").run()
    app.multiselect(key=inputs.SAMPLES_OF[1].key).set_value(["cat"]).run()
    assert not app.exception
    said = [w.value for w in app.warning if "has 1 photo" in w.value]
    assert said and r"\*\*bold\*\*" in said[0] and r"\$x\$" in said[0], said


def test_typed_class_names_go_into_the_link_and_a_fresh_session_shows_them(app, make_app):
    """The share link holds the names as typed (trimmed); a session opened with it shows them,
    still as text (a class left with one photo names it in a warning: escaped)."""
    from urllib.parse import parse_qs

    from tests.app.test_share_link import link_of

    payload = "<b>mugs</b> **x** $y$"
    app.switch_page(PAGE).run()
    app.text_input(key=inputs.NAMES[0].key).set_value("  my cats ").run()
    app.text_input(key=inputs.NAMES[2].key).set_value(payload).run()
    app.multiselect(key=inputs.SAMPLES_OF[2].key).set_value(["coffee"]).run()
    assert not app.exception
    link = parse_qs(link_of(app))
    assert link["t0n"] == ["my cats"] and link["t2n"] == [payload]
    assert "t1n" not in link  # the example's own name, untouched, is not linked
    fresh = make_app(link, open_parts=False)
    assert not [w for w in fresh.warning if "link" in w.value.lower()], fresh.warning
    fresh.switch_page(PAGE).run()
    assert not fresh.exception
    assert fresh.text_input(key=inputs.NAMES[0].key).value == "my cats"
    assert fresh.text_input(key=inputs.NAMES[2].key).value == payload
    assert fresh.text_input(key=inputs.NAMES[1].key).value == app.text_input(
        key=inputs.NAMES[1].key).value
    said = [w.value for w in fresh.warning if "has 1 photo" in w.value]
    assert said and r"\*\*x\*\*" in said[0] and r"\$y\$" in said[0], said
    assert parse_qs(link_of(fresh))["t2n"] == [payload]  # and its own link holds them again


def test_a_bad_name_in_a_link_is_a_message_and_the_example_name_stays(make_app):
    at = make_app({"t0n": "x" * 41, "t1n": "   "}, open_parts=False)
    said = " ".join(w.value for w in at.warning)
    assert "Class 1 name" in said and "Class 2 name" in said and "1 to 40" in said, said
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.text_input(key=inputs.NAMES[0].key).value == "people"


def test_the_example_names_follow_the_language_and_a_typed_name_stays(app):
    app.switch_page(PAGE).run()
    app.text_input(key=inputs.NAMES[1].key).set_value("my nature").run()
    app.session_state["lang"] = "ja"
    app.run()
    assert not app.exception
    assert app.text_input(key=inputs.NAMES[0].key).value == "人"  # the page's own name
    assert app.text_input(key=inputs.NAMES[1].key).value == "my nature"  # the learner's
