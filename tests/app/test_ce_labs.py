"""ui/ce_labs through AppTest on a small test page (tests/app/ce_labs_page.py): the real widgets
change the numbers, and bad input gives a message in place, never an exception."""

import io
import re
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image

from core.base.i18n import catalog
from core.losses.inputs import LEARNING_RATE, SMOOTHING
from core.losses.lab import SCALES
from core.photo.images import SAMPLES, sample_bytes
from core.photo.models import MODELS, class_index, imagenet_class_names
from ui import state

PAGE = str(Path(__file__).with_name("ce_labs_page.py"))
BEARS = np.array([[0.1752, 0.0539, -0.0581], [0.0544, 0.0642, 0.0782],
                  [0.3230, 0.0958, 0.1941], [0.1143, -0.0508, 0.0701],
                  [0.1249, 0.0510, 0.1147]], dtype=np.float32)
T = [1, 0, 2, 0, 2]


def make(which="labs", lang="en", **batch):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(PAGE, default_timeout=300)
    at.session_state["test_which"] = which
    at.session_state["lang"] = lang
    for k, v in batch.items():
        at.session_state[f"test_{k}"] = v
    at.run()
    assert not at.exception, at.exception
    return at


def table_with(at, column: str):
    for t in at.table:
        if column in t.value.columns:
            return t.value
    raise AssertionError(f"no table with column {column!r}")


def floats(series) -> np.ndarray:
    return np.array([float(v) for v in series])


@pytest.fixture(scope="module")
def labs():
    return make()


# ---------------------------------------------------------------- gradient
def test_gradient_table_matches_autograd(labs):
    df = table_with(labs, "p(target)")
    x = torch.tensor(BEARS, requires_grad=True)
    loss = F.cross_entropy(x, torch.tensor(T), reduction="none")
    loss.sum().backward()
    np.testing.assert_allclose(floats(df["loss"]), loss.detach().numpy(), atol=5e-5)
    at_target = x.grad.numpy()[np.arange(5), T]
    np.testing.assert_allclose(floats(df["∂loss/∂target logit = p − 1"]), at_target, atol=5e-5)
    assert not labs.error


def piece(at, thumb: str) -> dict:
    """What a lab's grid piece (components v2, ui/live/playback.js) was given."""
    import json

    found = [json.loads(c.proto.json) for c in at.get("bidi_component")
             if "playback" in c.proto.component_name]
    (d,) = [d for d in found if d["labels"]["thumb"] == thumb]
    return d


def _cell(v):
    """A piece's cell as a number (NaN and ±inf travel as text), or its words."""
    if isinstance(v, str) and v not in ("NaN", "inf", "-inf"):
        return v
    return float(v)


def shown(at, thumb: str, k: int = 0):
    """Table ``k`` of a lab's piece at the grid point it shows (torch's numbers, as sent): its
    lead words, then its cells, by column, one row per item."""
    import pandas as pd

    d = piece(at, thumb)
    spec = d["tables"][k]
    lead = spec["lead"]
    rows = [[*words, *map(_cell, cells)]
            for words, cells in zip(lead["cells"], spec["frames"][d["index"]], strict=True)]
    return pd.DataFrame(rows, columns=[*lead["columns"], *spec["columns"]], index=spec["rows"])


def lines(at, thumb: str, kind: str | None = None) -> list[str]:
    """The words under a lab's piece at the grid point it shows (of one ``kind``, or all)."""
    d = piece(at, thumb)
    return [text for k, text in d["notes"]["frames"][d["index"]] if kind in (None, k)]


def readouts(at, thumb: str) -> dict[str, float]:
    d = piece(at, thumb)
    return {r["label"]: _cell(r["values"][d["index"]]) for r in d["readouts"]}


def commit(at, key: str, value):
    """What a piece's release sets: the declared control's value (its callback, checked in the
    browser tests), then one run."""
    at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception


def test_learning_rate_changes_the_step(labs):
    at = make()
    before = shown(at, "Learning rate (lr)")["loss after one step"].tolist()
    commit(at, LEARNING_RATE.key, 5.0)
    df = shown(at, "Learning rate (lr)")
    after = df["loss after one step"].tolist()
    assert after != before
    assert df["target"].tolist() == ["Brown", "Grizzly", "Teddy", "Grizzly", "Teddy"]
    x = torch.tensor(BEARS)
    p = torch.softmax(x, 1) - F.one_hot(torch.tensor(T), 3)
    ref = F.cross_entropy(x - 5 * p, torch.tensor(T), reduction="none").numpy()
    np.testing.assert_allclose(after, ref, rtol=1e-5)
    np.testing.assert_allclose(df["change"], ref - F.cross_entropy(
        x, torch.tensor(T), reduction="none").numpy(), rtol=1e-4, atol=1e-6)
    d = piece(at, "Learning rate (lr)")
    assert d["grid_text"][d["index"]] == "5"


def test_learning_rate_piece_holds_torch_numbers_for_every_grid_point(labs):
    from core.losses.lab_live import LR_GRID

    d = piece(labs, "Learning rate (lr)")
    assert len(d["grid_text"]) == len(LR_GRID) == 51
    assert d["grid_text"][d["index"]] == "1"  # the declared default
    x, t = torch.tensor(BEARS), torch.tensor(T)
    for k, lr in enumerate(LR_GRID):
        cur, curve = x, []
        for _ in range(11):
            curve.append(float(F.cross_entropy(cur, t)))
            cur = cur - lr * (torch.softmax(cur, 1) - F.one_hot(t, 3))
        np.testing.assert_allclose(d["charts"][0]["series"][0]["frames"][k], curve, rtol=1e-5)
        assert d["readouts"][0]["values"][k] == pytest.approx(curve[0], rel=1e-5)
        assert d["readouts"][1]["values"][k] == pytest.approx(curve[1], rel=1e-5)
        after = F.cross_entropy(x - lr * (torch.softmax(x, 1) - F.one_hot(t, 3)), t,
                                reduction="none")
        np.testing.assert_allclose([r[1] for r in d["tables"][0]["frames"][k]], after.numpy(),
                                   rtol=1e-5)


def type_exact(at, inp, text: str):
    """Type ``text`` into the exact box of a piece's synced number (``<key>__text``), Enter."""
    at.text_input(key=inp.key.replace("__value", "__text")).input(text).run()
    assert not at.exception, at.exception


def torch_step(lr: float) -> tuple[np.ndarray, list[float]]:
    """Each row's loss after one step of ``lr`` and the mean-loss curve (11 points), by torch."""
    x, t = torch.tensor(BEARS), torch.tensor(T)
    after = F.cross_entropy(x - lr * (torch.softmax(x, 1) - F.one_hot(t, 3)), t,
                            reduction="none").numpy()
    cur, curve = x, []
    for _ in range(11):
        curve.append(float(F.cross_entropy(cur, t)))
        cur = cur - lr * (torch.softmax(cur, 1) - F.one_hot(t, 3))
    return after, curve


def test_a_typed_learning_rate_is_kept_exactly_and_computed_by_torch():
    at = make()
    type_exact(at, LEARNING_RATE, "0.37")
    assert at.session_state[LEARNING_RATE.key] == 0.37  # as typed, not the grid's 0.4
    assert not at.error
    after, curve = torch_step(0.37)
    np.testing.assert_allclose(shown(at, "Learning rate (lr)")["loss after one step"], after,
                               rtol=1e-5)
    d = piece(at, "Learning rate (lr)")  # the piece shows 0.37: one more point, torch's
    assert len(d["grid_text"]) == 52 and d["grid_text"][d["index"]] == "0.37"
    k = d["index"]
    assert d["grid_text"][k - 1] == "0.315" and d["grid_text"][k + 1] == "0.4"  # in its place
    np.testing.assert_allclose(d["charts"][0]["series"][0]["frames"][k], curve, rtol=1e-5)
    assert d["readouts"][1]["values"][k] == pytest.approx(curve[1], rel=1e-5)
    np.testing.assert_allclose([r[1] for r in d["tables"][0]["frames"][k]], after, rtol=1e-5)


@pytest.mark.parametrize("text", ["abc", "nan", "inf", "1e308", "0", "-1", "101", "0,37"])
def test_a_bad_typed_learning_rate_gets_a_message_and_keeps_the_value(text):
    at = make()
    type_exact(at, LEARNING_RATE, "2.5")
    type_exact(at, LEARNING_RATE, text)
    if text == "0,37":  # a decimal comma is read as 0.37, and says so
        assert at.session_state[LEARNING_RATE.key] == 0.37
        assert any("0.37" in c.value for c in at.caption)
        return
    assert at.session_state[LEARNING_RATE.key] == 2.5
    assert at.error and "Kept 2.5" in at.error[0].value, [e.value for e in at.error]
    d = piece(at, "Learning rate (lr)")
    assert d["grid_text"][d["index"]] == "2.5"


def test_a_typed_label_smoothing_is_computed_by_torch():
    at = make()
    type_exact(at, SMOOTHING, "0.123")
    assert at.session_state[SMOOTHING.key] == 0.123
    ref = F.cross_entropy(torch.tensor(BEARS), torch.tensor(T), label_smoothing=0.123)
    result = readouts(at, "label_smoothing")
    assert result["F.cross_entropy (mean)"] == pytest.approx(float(ref), rel=1e-6)
    assert result["by hand (formula) (mean)"] == pytest.approx(float(ref), rel=1e-5)
    assert "(1 − 0.123)" in lines(at, "label_smoothing")[0]  # the formula with this ε
    d = piece(at, "label_smoothing")
    k = d["index"]
    assert len(d["grid_text"]) == 102 and d["grid_text"][k] == "0.123"
    assert d["grid_text"][k - 1] == "0.12" and d["grid_text"][k + 1] == "0.13"
    assert d["readouts"][1]["values"][k] == pytest.approx(float(ref), rel=1e-5)
    rows = F.cross_entropy(torch.tensor(BEARS), torch.tensor(T), label_smoothing=0.123,
                           reduction="none")
    np.testing.assert_allclose(d["bars"]["frames"][k], rows.numpy(), rtol=1e-5, atol=1e-7)
    type_exact(at, SMOOTHING, "1.5")  # outside [0, 1]: a message, 0.123 kept
    assert at.session_state[SMOOTHING.key] == 0.123
    assert at.error and "Kept 0.123" in at.error[0].value


def test_row_picker_changes_the_chart():
    at = make()
    first = at.get("plotly_chart")[0].proto.spec
    at.selectbox(key="ce_lab_grad_row").set_value(2).run()
    assert not at.exception
    assert at.get("plotly_chart")[0].proto.spec != first


# ---------------------------------------------------------------- stability
def test_scale_and_dtype_break_the_naive_formulas():
    at = make()
    counts = shown(at, "Scale the logits by", 1)
    assert counts["NaN"].tolist() == [0, 0, 0, 0] and set(counts["first at"]) == {"—"}
    commit(at, "ce_lab_scale", 1000.0)
    df = shown(at, "Scale the logits by")
    assert df["largest scaled logit"].tolist() == ["175.2", "78.2", "323", "114.3", "124.9"]
    assert np.isnan(df["exp / sum (no max-shift)"]).any()
    assert np.isinf(df["log(softmax)"]).any()
    ref = F.cross_entropy(torch.tensor(BEARS) * 1000, torch.tensor(T), reduction="none")
    np.testing.assert_allclose(df["cross_entropy"], ref.numpy(), rtol=1e-5)
    np.testing.assert_allclose(df["log_softmax"], ref.numpy(), rtol=1e-5)
    text = " ".join(lines(at, "Scale the logits by"))
    assert "inf / inf = NaN" in text and "log(0) = -inf" in text
    counts = shown(at, "Scale the logits by", 1)
    assert counts.loc["exp / sum (no max-shift)", "first at"].startswith("row ")
    assert counts.loc["log_softmax", "first at"] == "—"
    commit(at, "ce_lab_scale", 100.0)
    n32 = shown(at, "Scale the logits by", 1)["±inf"].sum()
    at.radio(key="ce_lab_dtype").set_value("float16").run()
    assert not at.exception
    n16 = shown(at, "Scale the logits by", 1)
    assert n16["±inf"].sum() > n32  # float16 underflows sooner
    assert n16.loc["cross_entropy", "±inf"] == 0 and n16.loc["cross_entropy", "NaN"] == 0
    d = piece(at, "Scale the logits by")  # float16 now: every scale's counts are torch's
    assert d["grid_text"][d["index"]] == "×100"
    for k, scale in enumerate(SCALES):
        x16 = (torch.tensor(BEARS) * scale).to(torch.float16)
        ce = F.cross_entropy(x16, torch.tensor(T), reduction="none").double().numpy()
        ls = -torch.log_softmax(x16, 1).double().numpy()[np.arange(5), T]
        cells = np.array([[_cell(v) for v in row[1:]] for row in d["tables"][0]["frames"][k]])
        np.testing.assert_allclose(cells[:, 3], ce, rtol=1e-5)
        np.testing.assert_allclose(cells[:, 2], ls, rtol=1e-5)
        assert [float(v) for v in (row[0] for row in d["tables"][0]["frames"][k])] == \
            pytest.approx(x16.max(1).values.float().numpy(), rel=1e-3)
        e = torch.exp(x16)
        naive = torch.log(e / e.sum(1, keepdim=True))
        assert d["tables"][1]["frames"][k][0][:2] == [int(torch.isinf(naive).sum()),
                                                      int(torch.isnan(naive).sum())]


# ---------------------------------------------------------------- options
def test_options_change_the_loss_and_match_pytorch():
    at = make()
    result = readouts(at, "label_smoothing")
    assert list(result) == ["by hand (formula) (mean)", "F.cross_entropy (mean)"]
    assert f"{result['F.cross_entropy (mean)']:.4f}" == "1.0884"
    assert result["by hand (formula) (mean)"] == pytest.approx(result["F.cross_entropy (mean)"],
                                                              abs=1e-6)
    assert lines(at, "label_smoothing")[1].startswith("mean = sum of row losses")
    at.radio(key="ce_lab_reduction").set_value("none").run()
    df = shown(at, "label_smoothing")
    assert len(df) == 5 and readouts(at, "label_smoothing") == {}
    np.testing.assert_allclose(df["F.cross_entropy"], F.cross_entropy(
        torch.tensor(BEARS), torch.tensor(T), reduction="none").numpy(), rtol=1e-6)
    np.testing.assert_allclose(df["row loss"], df["F.cross_entropy"], rtol=1e-5)
    at.radio(key="ce_lab_reduction").set_value("mean").run()
    at.selectbox(key="ce_lab_ignore").set_value(0).run()
    rows = shown(at, "label_smoothing")
    assert rows["counted"].tolist() == ["yes", "ignored", "yes", "ignored", "yes"]
    assert rows["w[target]"].tolist() == ["1", "0", "1", "0", "1"]
    commit(at, SMOOTHING.key, 0.2)
    at.toggle(key="ce_lab_use_weight").set_value(True).run()
    at.number_input(key="ce_lab_w_1").set_value(3.0).run()
    assert not at.exception
    ref = F.cross_entropy(torch.tensor(BEARS), torch.tensor(T), ignore_index=0,
                          label_smoothing=0.2, weight=torch.tensor([1.0, 3.0, 1.0]))
    result = readouts(at, "label_smoothing")
    assert result["by hand (formula) (mean)"] == pytest.approx(float(ref), rel=1e-5)
    assert result["F.cross_entropy (mean)"] == pytest.approx(float(ref), rel=1e-6)
    (ok,) = lines(at, "label_smoothing", "ok")
    assert "agree" in ok and "float32" in ok and not lines(at, "label_smoothing", "warn")
    d = piece(at, "label_smoothing")  # every ε of the grid, the other options as chosen
    assert d["grid_text"][d["index"]] == "0.2" and len(d["grid_text"]) == 101
    for k in range(0, 101, 5):
        eps = k / 100
        ref = F.cross_entropy(torch.tensor(BEARS), torch.tensor(T), ignore_index=0,
                              label_smoothing=eps, weight=torch.tensor([1.0, 3.0, 1.0]))
        assert d["readouts"][1]["values"][k] == pytest.approx(float(ref), rel=1e-5)
        assert d["readouts"][0]["values"][k] == pytest.approx(float(ref), rel=1e-5)
        rows = F.cross_entropy(torch.tensor(BEARS), torch.tensor(T), ignore_index=0,
                               label_smoothing=eps, weight=torch.tensor([1.0, 3.0, 1.0]),
                               reduction="none")
        np.testing.assert_allclose(d["bars"]["frames"][k], rows.numpy(), rtol=1e-5, atol=1e-7)


def test_mean_over_no_rows_warns():
    at = make(targets=[0, 0, 0, 0, 0])
    at.selectbox(key="ce_lab_ignore").set_value(0).run()
    assert not at.exception
    (warn,) = lines(at, "label_smoothing", "warn")
    assert "0 / 0 = NaN" in warn
    assert np.isnan(readouts(at, "label_smoothing")["F.cross_entropy (mean)"])


# ---------------------------------------------------------------- bad batches
@pytest.mark.parametrize("batch, words", [
    (dict(logits=[[0.1, float("nan"), 0.3]], targets=[0]), ["Row 1", "Brown"]),
    (dict(logits=[[0.1, 1e308, 0.3]], targets=[0]), ["Row 1", "Brown", "inf"]),
    (dict(logits=[[0.1, 0.2, 0.3]], targets=[-100]), ["Row 1", "−100 is not a class"]),
    (dict(logits=[[0.1, 0.2, 0.3]], targets=[3]), ["Row 1", "3 is not a class index"]),
    (dict(logits=[[0.1, 0.2, 0.3]], targets=[0, 1]), ["2 targets"]),
])
def test_bad_batch_gives_one_message(batch, words):
    """Checked once, at the edge (core.losses.batch), before any lab sees the numbers."""
    at = make(**batch)
    assert len(at.error) == 1 and not at.table
    for w in words:
        assert w in at.error[0].value, (w, at.error[0].value)


def test_class_names_are_not_markdown():
    """A class name reaches the labs' pieces as it is (the browser shows it as text, never as
    markup: tests/e2e/test_markup_e2e.py), and any Markdown element escapes it."""
    name = "**bold** [x](http://e.x)"
    at = make(names=("Grizzly", name, "Teddy"), logits=(BEARS * 1000).tolist())
    text = " ".join(m.value for m in at.markdown)
    assert "**bold**" not in text
    said = " ".join(lines(at, "Scale the logits by"))
    assert f"'{name}'" in said  # exp / sum overflows in row 1 at the class named so
    assert shown(at, "Scale the logits by")["target"].tolist()[0] == name
    assert name in piece_words(at)


# ---------------------------------------------------------------- photos
@pytest.fixture(scope="module")
def photos():
    return make("photos")


def test_photo_batch_gives_per_photo_losses(photos):
    df = table_with(photos, "verdict")
    assert df.index.tolist() == ["Coffee cup", "Chelsea the cat", "Rocket launch",
                                 "Grace Hopper", "Flower"]
    assert df.loc["Coffee cup", "verdict"] == "right"
    assert float(df.loc["Coffee cup", "cross-entropy"]) < 0.2
    assert df.loc["Chelsea the cat", "verdict"] == "wrong"
    losses = floats(df["cross-entropy"])
    assert photos.metric[2].value == f"{losses.mean():.4f}" or abs(
        float(photos.metric[2].value) - losses.mean()) < 2e-4
    steps = table_with(photos, "nn.CrossEntropyLoss")
    assert steps["nll_loss(log, targets)"].tolist() == steps["nn.CrossEntropyLoss"].tolist()
    assert len(table_with(photos, "American black bear")) == 5
    # no sample is a bear: the rows start with the article's targets [1, 0, 2, 0, 2]
    assert steps["target"].tolist() == ["American black bear", "brown bear", "teddy",
                                        "brown bear", "teddy"]


def test_relabel_and_restrict_and_use_as_record():
    at = make("photos")
    at.selectbox(key="ce_photos_label_s_coffee").set_value(class_index("tabby")).run()
    assert not at.exception
    df = table_with(at, "verdict")
    assert df.loc["Coffee cup", "verdict"] == "wrong"
    assert float(df.loc["Coffee cup", "cross-entropy"]) > 5
    at.selectbox(key="ce_photos_target_s_cat").set_value(class_index("teddy bear")).run()
    final = table_with(at, "nn.CrossEntropyLoss")
    assert final.loc["Chelsea the cat", "target"] == "teddy"
    at.button(key="ce_photos_use").click().run()
    assert not at.exception
    rec = at.session_state[state.RECORD]
    # the three bears and all the other classes as one column
    assert rec.values.shape == (5, 4) and rec.source == "preset"
    assert rec.class_names[3] == "(all other 997 classes)"
    # cat: teddy (chosen above); the others keep the article's targets [1, 0, 2, 0, 2]
    assert rec.class_indices == (294, 295, 850, -1) and rec.targets == (1, 2, 2, 0, 2)
    assert any("current logits" in s.value for s in at.success)
    # restricting to one class only: a warning, no tables of the restriction
    at.multiselect(key="ce_photos_classes").set_value([294]).run()
    assert not at.exception and any("at least 2" in w.value for w in at.warning)


def test_uploads_good_and_bad():
    at = make("photos")
    at.multiselect(key="ce_photos_samples").set_value(["coffee"]).run()
    buf = io.BytesIO()
    Image.fromarray(np.zeros((64, 64, 3), np.uint8)).save(buf, "JPEG")
    at.get("file_uploader")[0].set_value([
        ("my <b>cat</b>.png", sample_bytes("cat"), "image/png"),
        ("broken.jpg", buf.getvalue()[:100], "image/jpeg"),
    ]).run()
    assert not at.exception, at.exception
    assert len(at.error) == 1 and "Upload 2" in at.error[0].value
    assert any("no label yet" in i.value for i in at.info)
    assert len(table_with(at, "verdict")) == 1  # only the labelled coffee is in the loss
    picker = next(sb for sb in at.selectbox if (sb.key or "").startswith("ce_photos_label_u_"))
    assert picker.value is None  # an upload starts unlabelled, never with a guessed label
    picker.set_value(class_index("tiger cat")).run()
    df = table_with(at, "verdict")
    assert df.loc["upload 1", "verdict"] == "right"
    text = " ".join(e.value for e in [*at.markdown, *at.caption, *at.error])
    assert "<b>" not in text and "broken.jpg" not in text


def test_more_photos_than_the_batch_takes():
    at = make("photos")
    at.multiselect(key="ce_photos_samples").set_value(list(SAMPLES)).run()  # 7 samples
    cat = ("cat.png", sample_bytes("cat"), "image/png")
    at.get("file_uploader")[0].set_value([cat] * 10).run()  # 17 photos in all
    assert not at.exception, at.exception
    assert any("uploads after the first 9 are left out" in w.value for w in at.warning)
    assert len(table_with(at, "American black bear")) == 16  # identical cats, one key each


# ---------------------------------------------------------------- on the Cross-entropy page
def test_labs_follow_the_cross_entropy_pages_batch(app):
    from tests.app import losses_helpers as helpers

    app.switch_page("pages/cross_entropy.py").run()
    assert not app.exception, app.exception
    app.toggle(key="ce_article_mode").set_value(True).run()
    assert not app.exception, app.exception
    grad = table_with(app, "∂loss/∂target logit = p − 1")
    x = torch.tensor(BEARS, requires_grad=True)
    loss = F.cross_entropy(x, torch.tensor(T), reduction="none")
    np.testing.assert_allclose(floats(grad["loss"]), loss.detach().numpy(), atol=5e-5)
    assert f"{readouts(app, 'label_smoothing')['F.cross_entropy (mean)']:.4f}" == "1.0884"
    # leave article mode: the labs follow the editable batch, and an edited cell moves them
    app.toggle(key="ce_article_mode").set_value(False).run()
    before = table_with(app, "∂loss/∂target logit = p − 1")["loss"].tolist()
    helpers.edit_logits(app, "ce", edited={0: {"c0": 9.0}})
    assert not app.exception, app.exception
    after = table_with(app, "∂loss/∂target logit = p − 1")["loss"].tolist()
    assert after != before


def test_weight_labels_escape_class_names():
    at = make(names=("Grizzly", "[x](http://e.x)", "Teddy"))
    at.toggle(key="ce_lab_use_weight").set_value(True).run()
    assert not at.exception
    label = at.number_input(key="ce_lab_w_1").label
    # no link: the brackets are escaped and the address is broken by a word joiner
    assert "\\[x\\]" in label and "http\\:\u2060//" in label


# ---------------------------------------------------------------- Japanese
def test_japanese_leaves_no_english_in_the_labs():
    """Every section in Japanese, with the controls that draw more text switched on: the word
    check of test_i18n_pages finds no English outside code spans and names."""
    from tests.app.test_i18n_pages import english_words, texts

    at = make("both", lang="ja")
    ja = catalog("ja")
    assert [h.value for h in at.subheader] == [ja["labs_photos.bears_header"]]
    parts = [e.label for e in at.expander]  # each section is a "Go deeper" part, titled so
    for key in ("labs.grad_header", "labs.stab_header", "labs.opt_header", "labs_photos.header"):
        assert ja["panels.deeper"].format(title=ja[key]) in parts, (key, parts)
    commit(at, "ce_lab_scale", 1000.0)
    at.radio(key="ce_lab_dtype").set_value("float16").run()
    at.selectbox(key="ce_lab_ignore").set_value(0).run()
    at.toggle(key="ce_lab_use_weight").set_value(True).run()
    at.button(key="ce_photos_use").click().run()
    assert not at.exception, at.exception
    stab = shown(at, ja["labs.scale_label"])
    assert ja["labs.col_largest"] in stab.columns
    assert ja["labs.method_cross_entropy"] in stab.columns  # the methods are translated too
    # k = 4 columns: the three bears and all the other classes as one
    assert any(ja["labs_photos.flash"].format(n=5, k=4) == s.value for s in at.success)
    explain = lines(at, ja["labs.scale_label"])  # the explanations: Japanese, as text
    assert ja["labs_msgs.log_sum_exp"].replace("`", "") in explain
    assert not any("`" in line for line in explain)
    exempt = (set(imagenet_class_names()) | set(MODELS) | {m.label for m in MODELS.values()}
              | {"Grizzly", "Brown", "Teddy"})
    leftovers = {w for s in texts(at) for w in english_words(s, exempt)}
    # a piece shows the catalogue's code spans as plain text: their words are code there too
    code = {w for text in ja.values() for span in re.findall(r"`([^`]*)`", str(text))
            for w in re.findall(r"[A-Za-z_][A-Za-z_0-9.]*", span)}
    code |= {"float16", "float32"}  # the number types, put into code spans as values
    leftovers |= {w for s in piece_words(at) for w in english_words(s, exempt)} - code
    assert leftovers == set(), sorted(leftovers)


def piece_words(at) -> list[str]:
    """Every word the labs' pieces were given: labels, titles, columns, lead cells, lines."""
    import json

    out = []
    for c in at.get("bidi_component"):
        if "playback" not in c.proto.component_name:
            continue
        d = json.loads(c.proto.json)
        out += [*d["labels"].values(), *(r["label"] for r in d["readouts"])]
        out += [c["title"] for c in d["charts"]] + ([d["bars"]["title"]] if d["bars"] else [])
        for spec in d["tables"]:
            out += [*spec["columns"], *spec["lead"]["columns"], *spec["rows"]]
            out += [w for row in spec["lead"]["cells"] for w in row]
        if d["notes"]:
            out += [text for frame in d["notes"]["frames"] for _, text in frame]
    return out


def test_japanese_error_messages():
    at = make(lang="ja", logits=[[0.1, 0.2, 0.3]], targets=[3])
    assert len(at.error) == 1
    assert at.error[0].value.startswith("1 行目、列「ターゲット」: 3 はクラス番号ではありません")
    # a lab setting PyTorch would round away: the lab's own message, in Japanese
    at = make(lang="ja")
    at.toggle(key="ce_lab_use_weight").set_value(True).run()
    at.number_input(key="ce_lab_w_1").set_value(1e-7).run()
    assert not at.exception and len(at.error) == 1
    assert at.error[0].value.startswith("各クラスの重みは 0、または 1e-06 から 1000 まで")


def test_a_loss_float32_cannot_resolve_is_called_right_not_different():
    """Logits [17, 0], class weight 1000: torch's float32 loss is 0, the formula's 4.1e-5; the
    page says both are right within float32."""
    at = make(logits=[[17.0, 0.0, -5.0]], targets=[0])
    at.radio(key="ce_lab_reduction").set_value("none").run()
    at.toggle(key="ce_lab_use_weight").set_value(True).run()
    at.number_input(key="ce_lab_w_0").set_value(1000.0).run()
    assert not at.exception
    result = shown(at, "label_smoothing")
    assert result["F.cross_entropy"].iloc[0] == 0.0
    assert result["row loss"].iloc[0] == pytest.approx(4.1e-5, rel=0.05)  # 0.0000 shown
    ok = lines(at, "label_smoothing", "ok")
    assert len(ok) == 1 and "float32" in ok[0] and not lines(at, "label_smoothing", "warn")
    assert not at.warning
