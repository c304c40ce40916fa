"""The loss pages' "drag one row" piece through AppTest: what it is given is torch's (each
row's softmax, each row's cross-entropy and their mean), its words are the catalogue's in both
languages, and it follows the page's batch (a record written elsewhere, e.g. by a commit)."""

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.article.bears import article_batch
from core.base.i18n import catalog
from core.losses.batch import validate_batch
from ui import state


def row_data(at) -> dict:
    (el,) = [c for c in at.get("bidi_component") if "row_drag" in c.proto.component_name]
    return json.loads(el.proto.json)


@pytest.mark.parametrize("path, prefix", [("pages/nll.py", "nll"),
                                          ("pages/cross_entropy.py", "ce")])
def test_the_piece_holds_torch_numbers_of_the_page_batch(app, path, prefix):
    app.switch_page(path).run()
    app.button(key=f"{prefix}_batch_load_article").click().run()
    assert not app.exception
    d = row_data(app)
    b = article_batch()
    x, t = torch.tensor(b.logits), torch.tensor(b.targets)
    np.testing.assert_allclose(d["probs"], torch.softmax(x, 1).numpy(), atol=1e-7)
    np.testing.assert_allclose(d["losses"], F.cross_entropy(x, t, reduction="none").numpy(),
                               rtol=1e-6)
    assert d["mean"] == pytest.approx(float(F.cross_entropy(x, t)), rel=1e-6)
    assert d["names"] == list(b.class_names) and d["targets"] == list(b.targets)
    assert d["rows"][0] == "row 1 (target: Brown)"
    # a commit writes the record (as the batch editor does); the piece and tables follow it
    x2 = b.logits.copy()
    x2[0] = [3.0, -1.0, 0.5]
    app.session_state[state.RECORD] = validate_batch(  # what ui.state.set_record writes
        x2.tolist(), list(b.targets), b.class_names).to_record("hand-edited")
    app.run()
    assert not app.exception
    d = row_data(app)
    assert d["logits"][0] == [3.0, -1.0, 0.5]
    assert d["losses"][0] == pytest.approx(float(F.cross_entropy(torch.tensor(x2), t,
                                                                  reduction="none")[0]))


def test_japanese_words(app):
    app.session_state["lang"] = "ja"
    app.switch_page("pages/nll.py").run()
    app.button(key="nll_batch_load_article").click().run()
    ja = catalog("ja")
    d = row_data(app)
    assert d["labels"]["row_pick"] == ja["live.row_pick"]
    assert d["rows"][0] == ja["live.row_option"].format(n=1, name="Brown")
    assert ja["live.row_caption"] in [c.value for c in app.caption]


def test_after_a_whole_run_nothing_is_left_for_the_browser_to_ask(app):
    """A whole run draws the lesson's tables from the piece's batch: the piece's data ask for
    nothing (``settle`` is only set by the piece's own run after a commit, tested in Chromium:
    tests/e2e/test_row_drag_e2e.py)."""
    app.switch_page("pages/nll.py").run()
    app.button(key="nll_batch_load_article").click().run()
    assert row_data(app)["settle"] == 0


def test_rerun_part_reruns_the_named_fragment_or_else_the_page(monkeypatch):
    import streamlit as st
    from streamlit.errors import StreamlitAPIException

    from ui.share import rerun_part

    asked = []

    def rerun(scope="app"):
        asked.append(scope)
        if scope not in ("app", "nll_lesson"):  # as Streamlit answers a key it does not know
            raise StreamlitAPIException("unknown fragment key")

    monkeypatch.setattr(st, "rerun", rerun)
    rerun_part("nll_lesson")
    rerun_part("gone_lesson")
    assert asked == ["nll_lesson", "gone_lesson", "app"]
