"""NLL page through its real widgets: the batch editor, presets, top-k start, bad input."""

import numpy as np
import pandas as pd
import pytest
import torch

from core.article.bears import article_batch
from core.base.i18n import catalog
from core.losses.batch import validate_batch
from core.losses.math import nll_view
from tests.app.losses_helpers import BAD_CELLS, edit_logits, edit_names, keys, metric, record

PAGE = "pages/nll.py"


def expected_mean(rows, targets, names=("Grizzly", "Brown", "Teddy")) -> str:
    return f"{nll_view(validate_batch(rows, targets, names)).nll_mean.item():.4f}"


@pytest.fixture
def bears(app):
    app.switch_page(PAGE).run()
    app.button(key="nll_batch_load_article").click().run()
    assert not app.exception
    return app


def test_photo_logits_start_as_a_top_k_row_with_a_target_picker(app):
    app.switch_page(PAGE).run()
    app.button(key="nll_batch_to_photo").click().run()  # the page opens on the bears batch
    assert not app.exception
    assert any("not a labelled batch yet" in i.value for i in app.info)
    photo = record(app)
    assert photo.values.shape == (1000,)  # nothing written before the user acts
    top = photo.top_k(5, rest=True)  # the top 5 and all the other classes as one column
    p = torch.softmax(torch.tensor(top.values), 0)
    full = torch.softmax(torch.tensor(photo.values), 0).sort(descending=True).values
    torch.testing.assert_close(p[:5], full[:5], atol=1e-6, rtol=0)  # over all 1000 classes
    assert metric(app, "reduction='mean'") == f"{-p[0].item():.4f}"
    app.selectbox(key="nll_batch_topk_target").set_value(3).run()
    assert metric(app, "reduction='mean'") == f"{-p[3].item():.4f}"
    app.slider(key="nll_batch_k").set_value(8).run()
    p8 = torch.softmax(torch.tensor(photo.top_k(8, rest=True).values), 0)
    # the target stays the same class: the top 8 start with the same 5 (sorted by logit), and
    # its probability is the same 1000-class one
    assert metric(app, "reduction='mean'") == f"{-p8[3].item():.4f}" == f"{-p[3].item():.4f}"
    assert record(app) is photo
    edit_logits(app, "nll", edited={0: {"c0": 0.0}})  # the first edit makes it the record
    rec = record(app)
    assert rec.values.shape == (1, 9) and rec.targets == (3,)
    assert rec.values[0, 0] == 0.0 and rec.class_names == photo.top_k(8, rest=True).class_names


def test_article_preset_loads_the_bears_batch(bears):
    rec = record(bears)
    b = article_batch()
    assert rec.class_names == b.class_names and rec.targets == (1, 0, 2, 0, 2)
    np.testing.assert_array_equal(rec.values, b.logits)
    v = nll_view(b)
    assert metric(bears, "reduction='mean'") == f"{v.nll_mean.item():.4f}" == "-0.3369"
    assert metric(bears, "reduction='sum'") == f"{v.nll_sum.item():.4f}"
    picked = bears.table[1].value  # the pick / negate / nll_loss table
    np.testing.assert_array_equal(picked["F.nll_loss(…, reduction='none')"].to_numpy(),
                                  v.nll_none.numpy())
    assert (picked["equal"] == "yes").all()
    assert any("bit for bit" in s.value for s in bears.caption)
    printed = [t.value for t in bears.table if "−p(target)" in t.value.columns
               and not pd.api.types.is_float_dtype(t.value["−p(target)"])]  # as text
    assert printed and printed[0]["−p(target)"].tolist() == [
        "-0.3308", "-0.3296", "-0.3285", "-0.3566", "-0.3391"]
    assert catalog("en")["article.rule"] in [c.value for c in bears.caption]
    assert any("no log is taken here" in i.value for i in bears.info)


def test_editing_a_logit_cell_changes_the_loss(bears):
    rows = article_batch().logits.tolist()
    before = metric(bears, "reduction='mean'")
    edit_logits(bears, "nll", edited={0: {"c1": 2.5}})
    assert not bears.exception and not bears.error
    rows[0][1] = 2.5
    assert metric(bears, "reduction='mean'") == expected_mean(rows, [1, 0, 2, 0, 2]) != before
    assert record(bears).values[0, 1] == np.float32(2.5)
    assert record(bears).source == "hand-edited"
    codes = [c.value for c in bears.code]  # the code panel follows the edit
    assert any("[0.1752, 2.5, -0.0581]," in c for c in codes)
    assert any(c.startswith("picked ") and f"mean {expected_mean(rows, [1, 0, 2, 0, 2])}" in c
               for c in codes)
    key = keys(bears, "nll")[1]
    edit_logits(bears, "nll", edited={1: {"c0": -3.0}})  # a second edit on the same widget
    rows[1][0] = -3.0
    assert keys(bears, "nll")[1] == key  # cell edits never redraw the editor: none is lost
    assert metric(bears, "reduction='mean'") == expected_mean(rows, [1, 0, 2, 0, 2])
    np.testing.assert_array_equal(record(bears).values, np.array(rows, dtype=np.float32))


def test_editing_a_target_changes_the_loss(bears):
    before = metric(bears, "reduction='mean'")
    edit_logits(bears, "nll", edited={0: {"target": "Teddy"}})
    assert record(bears).targets == (2, 0, 2, 0, 2)
    rows = article_batch().logits.tolist()
    assert metric(bears, "reduction='mean'") == expected_mean(rows, [2, 0, 2, 0, 2]) != before


@pytest.mark.parametrize("edit, where, words", BAD_CELLS,
                         ids=[f"{list(e)[0]}={list(e.values())[0]!r}" for e, _, _ in BAD_CELLS])
def test_bad_input_names_row_and_column_and_keeps_the_rest(bears, edit, where, words):
    edit_logits(bears, "nll", edited={0: {"c0": 1.0}})  # an earlier good edit is kept
    good = record(bears)
    before = metric(bears, "reduction='mean'")
    edit_logits(bears, "nll", edited={2: edit})
    assert not bears.exception
    assert len(bears.error) == 1
    msg = bears.error[0].value
    assert where in msg and words in msg and "last good batch" in msg
    assert record(bears) is good  # nothing else the user set is lost
    assert metric(bears, "reduction='mean'") == before
    shown = bears.table[0].value  # the last good batch, shown under the message
    assert shown["Grizzly"].tolist()[0] == pytest.approx(1.0)
    edit_logits(bears, "nll", edited={2: edit, 3: {"c2": 0.5}})  # still refused as a whole
    assert record(bears) is good


def test_class_names_rename_add_and_refuse_bad_ones(bears):
    edit_names(bears, "nll", edited={1: {"class name": "Polar"}},
               added=[{"class name": "Panda"}])
    assert not bears.error
    rec = record(bears)
    assert rec.class_names == ("Grizzly", "Polar", "Teddy", "Panda")
    assert rec.values.shape == (5, 4) and (rec.values[:, 3] == 0).all()
    assert rec.targets == (1, 0, 2, 0, 2)
    good = record(bears)
    edit_names(bears, "nll", edited={3: {"class name": "Teddy"}})
    assert "Column “class 3”" in bears.error[0].value and "already" in bears.error[0].value
    assert record(bears) is good
    edit_names(bears, "nll", deleted=[2], replace=True)  # Teddy: the target of rows 3 and 5
    msg = bears.error[0].value
    assert "Row 3, column “target”" in msg and "Row 5, column “target”" in msg
    assert record(bears) is good
    edit_names(bears, "nll", deleted=[3], replace=True)  # Panda is nobody's target: fine
    assert not bears.error and record(bears).class_names == ("Grizzly", "Polar", "Teddy")


def test_rows_can_be_added_and_removed_within_limits(bears):
    edit_logits(bears, "nll", added=[{"c0": 1.0, "c1": 2.0}])  # no Teddy logit, no target
    msg = bears.error[0].value
    assert "Row 6, column “Teddy”" in msg and "Row 6, column “target”" in msg
    edit_logits(bears, "nll", replace=True,  # the added row, now complete
                added=[{"c0": 1.0, "c1": 2.0, "c2": 0.0, "target": "Brown"}])
    assert not bears.error and record(bears).targets == (1, 0, 2, 0, 2, 1)
    edit_logits(bears, "nll", deleted=[0, 1])  # (the editor was drawn afresh: rows 1 … 6)
    assert record(bears).targets == (2, 0, 2, 1)
    edit_logits(bears, "nll", edited={0: {"c0": None}})
    assert "Row 1, column “Grizzly”" in bears.error[0].value  # numbered as now drawn
    _, logits_key = keys(bears, "nll")
    edit_logits(bears, "nll", added=[{"c0": 0.0, "c1": 0.0, "c2": 0.0, "target": "Brown"}] * 29)
    assert "33 rows" in bears.error[0].value and record(bears).num_classes == 3
    assert keys(bears, "nll")[1] == logits_key  # refused: the editor keeps the user's rows


def test_back_to_the_photo(bears):
    bears.button(key="nll_batch_to_photo").click().run()
    assert record(bears).values.shape == (1000,)
    assert any("not a labelled batch yet" in i.value for i in bears.info)


def test_japanese_keeps_the_edits_and_names_row_and_column(bears):
    """A language switch draws the editors afresh (new headers) but keeps the user's batch; in
    Japanese the messages still name the row and column, and no English is left."""
    from core.base.i18n import catalog
    from core.photo.models import MODELS, imagenet_class_names
    from tests.app.test_i18n_pages import english_words, texts

    edit_logits(bears, "nll", edited={0: {"c0": 1.0}})
    good, before, old_keys = record(bears), metric(bears, "reduction='mean'"), keys(bears, "nll")
    bears.sidebar.radio(key="lang").set_value("ja").run()
    assert not bears.exception and not bears.error
    ja = catalog("ja")
    assert keys(bears, "nll") != old_keys and record(bears) is good
    assert metric(bears, ja["nll.metric_mean"]) == before
    exempt = set(imagenet_class_names()) | set(MODELS) | {m.label for m in MODELS.values()}
    exempt |= set(good.class_names)
    assert {w for s in texts(bears) for w in english_words(s, exempt)} == set()
    new_keys = keys(bears, "nll")
    edit_logits(bears, "nll", edited={2: {"target": -100}})
    msg = bears.error[0].value
    assert "3 行目、列「ターゲット」" in msg and "ignore_index" in msg
    assert "最後の正しいバッチ" in msg
    assert record(bears) is good and keys(bears, "nll") == new_keys  # key stable across reruns
    edit_logits(bears, "nll", edited={2: {"target": "Teddy"}}, replace=True)
    assert not bears.error and record(bears).targets == (1, 0, 2, 0, 2)
    assert record(bears).values[0, 0] == 1.0  # the edit made in English is still there


def test_the_article_numbers_say_what_the_app_does_instead_of_pretrained_true(bears):
    from core.base.i18n import catalog

    note = catalog("en")["article.pretrained"]
    assert "pretrained=True" in note
    assert [c for c in bears.caption if "pretrained=True" in c.value and "offline" in c.value]
