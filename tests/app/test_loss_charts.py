"""The NLL and Cross-entropy lessons' live charts through AppTest (ui.live.loss_charts): the
pieces are given torch's numbers for the page's batch, follow a batch change (a record
written elsewhere, as the batch editor and "drag one row" write it) under the same element,
carry the catalogue's words in both languages, and have a numbers table exactly where the
page has no table of the same numbers beside them."""

import json

import numpy as np
import torch
import torch.nn.functional as F

from core.article.bears import article_batch
from core.base.i18n import catalog
from core.base.numbers import fmt_number
from core.losses.batch import validate_batch
from ui import state

EN, JA = catalog("en"), catalog("ja")


def pieces(at, name: str) -> list:
    return [c for c in at.get("bidi_component") if c.proto.component_name.endswith(name)]


def data(at, name: str) -> dict:
    (el,) = pieces(at, name)
    return json.loads(el.proto.json)


def open_bears(app, path: str, prefix: str):
    app.switch_page(path).run()
    app.button(key=f"{prefix}_batch_load_article").click().run()
    assert not app.exception
    return app


def write_batch(app, logits: np.ndarray, b) -> None:
    """What ui.state.set_record writes (a batch-table edit, a "drag one row" release)."""
    app.session_state[state.RECORD] = validate_batch(
        logits.tolist(), list(b.targets), b.class_names).to_record("hand-edited")
    app.run()
    assert not app.exception


def numbers_tables(app) -> set:
    return {str(k).removesuffix("__open") for k in app.session_state.keys()
            if str(k).endswith("__open")}


def test_the_nll_pieces_hold_torchs_softmax_targets_and_picked_values(app):
    open_bears(app, "pages/nll.py", "nll")
    b = article_batch()
    x, t = torch.tensor(b.logits), torch.tensor(b.targets)
    p = torch.softmax(x, dim=1)
    heat = data(app, "target_heatmap")
    np.testing.assert_array_equal(np.asarray(heat["values"], dtype=np.float32), p.numpy())
    assert heat["texts"][0] == [fmt_number(v) for v in p[0]]
    assert heat["targets"] == [1, 0, 2, 0, 2] and heat["classes"] == list(b.class_names)
    assert " ".join(heat["labels"]["title"]) == EN["nll.heatmap_title"]
    assert heat["labels"]["png_help"] == EN["panels.png_help"].format(name="nll softmax targets")
    assert heat["file"] == "nll-softmax-targets.png"
    bars = data(app, "row_bars")
    assert bars["values"] == p[torch.arange(5), t].tolist() and bars["ideal"] == 1.0
    assert bars["texts"] == [fmt_number(v) for v in p[torch.arange(5), t]]
    # the heatmap's numbers are the softmax table beside it; the bars' are one click away
    assert {"nll_picked_chart"} <= numbers_tables(app)
    assert "nll_heatmap" not in numbers_tables(app)


def test_a_batch_change_sends_new_numbers_to_the_same_pieces(app):
    open_bears(app, "pages/nll.py", "nll")
    ids = sorted(c.proto.id for c in [*pieces(app, "target_heatmap"), *pieces(app, "row_bars")])
    b = article_batch()
    x2 = b.logits.copy()
    x2[0] = [3.0, -1.0, 0.5]
    write_batch(app, x2, b)
    p = torch.softmax(torch.tensor(x2), dim=1)
    heat = data(app, "target_heatmap")
    np.testing.assert_array_equal(np.asarray(heat["values"], dtype=np.float32), p.numpy())
    assert heat["texts"][0] == [fmt_number(v) for v in p[0]]
    assert data(app, "row_bars")["values"][0] == p[0, 1].item()
    assert sorted(c.proto.id for c in [*pieces(app, "target_heatmap"),
                                       *pieces(app, "row_bars")]) == ids


def test_the_cross_entropy_bars_hold_torchs_losses_in_both_branches(app):
    open_bears(app, "pages/cross_entropy.py", "ce")
    b = article_batch()
    x, t = torch.tensor(b.logits), torch.tensor(b.targets)
    d = data(app, "row_bars")
    np.testing.assert_allclose(d["values"], F.cross_entropy(x, t, reduction="none").numpy(),
                               rtol=1e-6)
    assert d["ideal"] == 0.0 and d["hi"] == max(d["values"]) * 1.1 > max(d["values"])
    assert " ".join(d["labels"]["title"]) == (
        f"{EN['ce.bars_title']} · {EN['ce.ideal_0']} (- - -)")
    assert "ce_loss_bars" not in numbers_tables(app)  # the step-4 table sits beside it
    x2 = b.logits.copy()
    x2[2] = [0.0, 0.0, 9.0]
    write_batch(app, x2, b)
    # the page's step 4: nll_loss of the log of the softmax (the article's steps, not the
    # fused F.cross_entropy, which differs in the last bits of a tiny loss)
    want = F.nll_loss(torch.log(torch.softmax(torch.tensor(x2), dim=1)), t, reduction="none")
    assert data(app, "row_bars")["values"] == want.tolist()
    np.testing.assert_allclose(want, F.cross_entropy(torch.tensor(x2), t, reduction="none"),
                               atol=1e-6)
    app.toggle(key="ce_article_mode").set_value(True).run()  # the article's printed logits
    assert not app.exception
    np.testing.assert_allclose(data(app, "row_bars")["values"],
                               F.cross_entropy(x, t, reduction="none").numpy(), rtol=1e-6)
    assert "ce_loss_bars" in numbers_tables(app)  # printed tables beside it: its own table
    app.session_state["ce_loss_bars__open"] = True
    app.run()
    (table,) = [d for d in app.dataframe if "−log p(target)" in d.value.columns
                and "row" in d.value.columns]
    np.testing.assert_allclose(table.value["−log p(target)"], data(app, "row_bars")["values"])


def test_the_pieces_words_are_japanese_in_japanese(app):
    app.session_state["lang"] = "ja"
    open_bears(app, "pages/nll.py", "nll")
    heat = data(app, "target_heatmap")
    assert heat["labels"]["aria"] == JA["nll.heatmap_title"]
    assert heat["rows"][0] == JA["batch_msgs.row"].format(n=1)
    assert f"({JA['losses.col_target']})" in heat["tips"][0][1]
    bars = data(app, "row_bars")
    assert bars["labels"]["y"] == JA["nll.picked_y"]
    assert bars["labels"]["aria"] == f"{JA['nll.picked_title']} · {JA['nll.ideal_1']} (- - -)"
    assert bars["labels"]["png"] == JA["panels.png"]
