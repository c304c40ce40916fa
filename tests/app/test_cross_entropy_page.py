"""Cross-entropy page through its real widgets: four steps, module equality, article mode,
editing, bad input, and the labs hook."""


import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.article.bears import article_batch
from core.base.i18n import catalog
from core.losses.batch import Batch, validate_batch
from core.losses.math import cross_entropy_steps
from tests.app.losses_helpers import BAD_CELLS, edit_logits, metric, record

PAGE = "pages/cross_entropy.py"
MEAN = "cross-entropy (mean"


@pytest.fixture
def bears(app):
    app.switch_page(PAGE).run()
    app.button(key="ce_batch_load_article").click().run()
    assert not app.exception
    return app


def test_four_steps_equal_the_module_on_the_bears_batch(bears):
    b = article_batch()
    s = cross_entropy_steps(b)
    z, t = torch.tensor(b.logits), torch.tensor([1, 0, 2, 0, 2])
    assert metric(bears, MEAN) == f"{float(F.cross_entropy(z, t)):.4f}" == "1.0884"
    # step 1's logits are the batch editor's (no table of their own)
    np.testing.assert_array_equal(bears.session_state["record"].values, b.logits)
    t1, t2, t3, t4 = (bears.table[i].value for i in range(4))
    np.testing.assert_array_equal(t1[["Grizzly", "Brown", "Teddy"]].to_numpy(),
                                  torch.softmax(z, 1).numpy())
    np.testing.assert_array_equal(t2[["Grizzly", "Brown", "Teddy"]].to_numpy(),
                                  torch.log(torch.softmax(z, 1)).numpy())
    np.testing.assert_array_equal(t3["loss = −log p(target)"].to_numpy(), s.losses.numpy())
    np.testing.assert_allclose(t4["nn.CrossEntropyLoss(reduction='none')"].to_numpy(),
                               F.cross_entropy(z, t, reduction="none").numpy(), atol=1e-6)
    assert max(float(d) for d in t4["|difference|"]) <= 1e-6
    assert any("Equal to step 4 within float32's resolution" in x.value for x in bears.caption)
    log_softmax = bears.table[5].value
    np.testing.assert_array_equal(log_softmax[["Grizzly", "Brown", "Teddy"]].to_numpy(),
                                  torch.log_softmax(z, 1).numpy())
    assert len(bears.get("download_button")) >= 7  # every table has its CSV


def test_editing_a_logit_or_a_target_changes_the_loss(bears):
    rows = article_batch().logits.tolist()
    edit_logits(bears, "ce", edited={4: {"c2": 3.0}})
    rows[4][2] = 3.0
    want = cross_entropy_steps(validate_batch(rows, [1, 0, 2, 0, 2],
                                              ("Grizzly", "Brown", "Teddy"))).module_mean
    assert metric(bears, MEAN) == f"{want:.4f}" != "1.0884"
    edit_logits(bears, "ce", edited={4: {"target": "Grizzly"}})
    want = cross_entropy_steps(validate_batch(rows, [1, 0, 2, 0, 0],
                                              ("Grizzly", "Brown", "Teddy"))).module_mean
    assert metric(bears, MEAN) == f"{want:.4f}"
    assert record(bears).targets == (1, 0, 2, 0, 0)


@pytest.mark.parametrize("edit, where, words", BAD_CELLS,
                         ids=[f"{list(e)[0]}={list(e.values())[0]!r}" for e, _, _ in BAD_CELLS])
def test_bad_input_names_row_and_column_and_keeps_the_batch(bears, edit, where, words):
    good = record(bears)
    edit_logits(bears, "ce", edited={2: edit})
    assert not bears.exception
    assert where in bears.error[0].value and words in bears.error[0].value
    assert record(bears) is good and metric(bears, MEAN) == "1.0884"


def test_huge_spread_shows_log_softmax_staying_finite(bears):
    edit_logits(bears, "ce", edited={0: {"c0": 200.0, "c1": 0.0, "c2": -200.0},
                                     1: {"target": "Teddy"}})
    edit_logits(bears, "ce", edited={0: {"target": "Teddy"}})
    assert not bears.error
    steps = cross_entropy_steps(validate_batch(record(bears).values.tolist(),
                                               list(record(bears).targets),
                                               record(bears).class_names))
    assert steps.losses[0].item() == float("inf")  # step 4 on log(softmax): p rounded to 0
    assert bears.table[2].value["loss = −log p(target)"].iloc[0] == float("inf")
    assert metric(bears, MEAN) == f"{steps.module_mean:.4f}"  # the headline stays finite
    assert np.isfinite(steps.module_mean) and steps.module_mean > 80
    assert any("log(softmax) lost precision" in w.value for w in bears.warning)
    ls = bears.table[5].value
    assert np.isfinite(ls[["Grizzly", "Brown", "Teddy"]].to_numpy()).all()


def test_article_mode_puts_the_printed_tables_beside_and_fixes_the_calls(app):
    app.switch_page(PAGE).run()
    app.toggle(key="ce_article_mode").set_value(True).run()
    assert not app.exception
    assert metric(app, MEAN) == "1.0884"
    texts = [str(t.value.to_dict()) for t in app.table]
    assert any("0.3734" in x for x in texts) and any("-0.9850" in x for x in texts)
    assert not any("≠" in x for x in texts)  # all within rounding here
    warnings = " ".join(w.value for w in app.warning)
    assert "AttributeError: module 'torch' has no attribute 'nll_loss'" in warnings
    assert "must be Tensor, not list" in warnings
    codes = " ".join(c.value for c in app.code)
    assert "F.nll_loss(outputs, torch.tensor(targets), reduction='none')" in codes
    assert "# 1.1063 1.1099 1.1132 1.0313 1.0813" in codes
    assert record(app).values.shape == (1000,)  # article mode does not touch the record


def test_labs_and_photo_batch_are_drawn_with_the_batch(bears, monkeypatch):
    import ui.ce_labs

    calls, photos = [], []
    monkeypatch.setattr(ui.ce_labs, "render_labs", lambda *args: calls.append(args))
    monkeypatch.setattr(ui.ce_labs, "render_photo_batch", lambda: photos.append(1))
    bears.run()
    assert not bears.exception and len(calls) == 1 and photos == [1]
    (batch,) = calls[0]  # the page's one checked value, not raw arrays to check again
    assert isinstance(batch, Batch) and batch.same_as(article_batch())
    assert batch.logits.dtype == np.float32 and batch.targets.dtype == np.int64


def test_a_printed_value_beyond_the_rule_shows_the_correct_one(app, monkeypatch):
    import core.article.bears as ab

    wrong = ab.PRINTED_LOSSES.copy()
    wrong[1] = 1.2099  # the article's 1.1099, mistyped
    monkeypatch.setattr(ab, "PRINTED_LOSSES", wrong)
    app.switch_page(PAGE).run()
    app.toggle(key="ce_article_mode").set_value(True).run()
    assert not app.exception, app.exception
    cells = {str(v) for t in app.table for v in t.value.to_numpy().ravel()}
    assert "1.2099  ≠ computed 1.1099" in cells  # step 4 and the module table
    assert "1.1062" in cells  # agrees only within the logits' rounding: not flagged
    warned = [w.value for w in app.warning if "printed value(s) differ" in w.value]
    assert len(warned) == 2 and all(w.startswith("1 printed value(s)") for w in warned)
    rule = catalog("en")["article.rule"]
    assert sum(c.value == rule for c in app.caption) == 1  # stated once, where they compare


def test_article_mode_says_what_the_app_does_instead_of_pretrained_true(app):
    app.switch_page("pages/cross_entropy.py").run()
    app.toggle(key="ce_article_mode").set_value(True).run()
    assert not app.exception
    assert [c for c in app.caption if "pretrained=True" in c.value and "offline" in c.value]
