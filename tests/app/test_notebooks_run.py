"""Every page's notebook, run headless in a real Jupyter kernel (nbclient + ipykernel), prints
exactly what the page shows under its code panels: for the default state, an uploaded photo, an
edited batch with hostile class names, and a Japanese session.

One kernel per scenario: the lesson notebook holds every page, so it is the one run.
"""

from __future__ import annotations

import ast
import copy
import io
import zipfile
from pathlib import Path

import nbformat
import pytest

from core.base.i18n import tr
from core.base.notebook import cell_outputs
from core.overview.outline import OUTLINES
from core.photo.images import sample_bytes
from tests.app.losses_helpers import edit_names
from ui import notebook, state
from ui.nav import PAGES

nbclient = pytest.importorskip("nbclient")

HOSTILE = ['Say "hi"', "back\\slash", "two\nlines", "</script><b>x</b>"]
EXEC_TIMEOUT = 180


def shown_outputs(at) -> list[str]:
    """The outputs under the page's code panels (the text blocks; the code is python)."""
    return [c.value.rstrip("\n") for c in at.code if c.proto.language == "text"]


def visit(at, paths) -> dict[str, list[str]]:
    shown = {}
    for path in paths:
        at.switch_page(path).run()
        assert not at.exception, at.exception
        shown[path] = shown_outputs(at)
    return shown


def unpack(download, tmp_path):
    """The notebook (and the files beside it) as a user gets them."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    if download.file_name.endswith(".ipynb"):
        (tmp_path / download.file_name).write_bytes(download.data)
        return tmp_path / download.file_name
    with zipfile.ZipFile(io.BytesIO(download.data)) as z:
        z.extractall(tmp_path)
        return tmp_path / next(n for n in z.namelist() if n.endswith(".ipynb"))


def execute(path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    run = copy.deepcopy(nb)
    for c in run.cells:
        if c.cell_type == "code":
            c.outputs = []
    nbclient.NotebookClient(run, timeout=EXEC_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    return cell_outputs(run)


def check_lesson(at, shown, tmp_path) -> nbformat.NotebookNode:
    """Open the pages not opened yet (every part is open: the labs' code comes from their
    page's own run), build the lesson notebook, check it against the pages, run it, check it
    again. (A lesson built before a page ran: test_fresh_session_lesson_has_every_page.)"""
    shown = {**visit(at, [p.path for p in PAGES if p.path not in shown]), **shown}
    book = at.session_state[notebook.BOOK_KEY]
    download = notebook.lesson_download(book)
    path = unpack(download, tmp_path)
    nb = nbformat.read(path, as_version=4)
    stored = cell_outputs(nb)
    panel_outputs = [o for p in PAGES for o in shown[p.path]]  # the lesson's order
    body_outputs = [o.rstrip("\n") for o in stored if o]
    assert body_outputs == panel_outputs  # the notebook's outputs are the page's, in order
    assert execute(path) == stored  # and running it prints them again
    for p in shown:  # each page's own notebook is valid and holds the same outputs
        page_nb = notebook.page_download(book, p)
        page_path = unpack(page_nb, tmp_path / p.replace("/", "_"))
        page_outputs = cell_outputs(nbformat.read(page_path, as_version=4))
        assert [o.rstrip("\n") for o in page_outputs if o] == shown[p]
    return nb


def test_default_state_every_page(app, tmp_path):
    shown = visit(app, [p.path for p in PAGES])
    assert sum(map(len, shown.values())) >= 10
    nb = check_lesson(app, shown, tmp_path)
    assert "pretrained=True" in nb.cells[2].source or any(
        "pretrained=True" in c.source for c in nb.cells if c.cell_type == "code")


def test_uploaded_photo_ships_as_photo_png(app, tmp_path):
    app.radio(key=state.KIND_KEY).set_value("upload").run()
    app.sidebar.get("file_uploader")[0].set_value(
        ("../my secret name.png", sample_bytes("cat"), "image/png")).run()
    assert not app.exception, app.exception
    shown = visit(app, ["pages/logits.py", "pages/sigmoid.py"])
    book = app.session_state[notebook.BOOK_KEY]
    download = notebook.page_download(book, "pages/logits.py")
    with zipfile.ZipFile(io.BytesIO(download.data)) as z:
        names = z.namelist()
        assert sorted(n.rsplit("/", 1)[-1] for n in names) == [
            "logits-explorer-logits.ipynb", "photo.png"]
        assert b"secret" not in z.read(next(n for n in names if n.endswith(".ipynb")))
    check_lesson(app, shown, tmp_path)


def test_edited_batch_with_hostile_names(app, tmp_path):
    app.switch_page("pages/nll.py").run()
    app.button(key="nll_batch_load_article").click().run()
    edit_names(app, "nll", edited={i: {"class name": n} for i, n in enumerate(HOSTILE[:3])},
               added=[{"class name": HOSTILE[3]}])
    assert not app.error, [e.value for e in app.error]
    shown = visit(app, ["pages/nll.py", "pages/softmax.py", "pages/cross_entropy.py"])
    nb = check_lesson(app, shown, tmp_path)
    md = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert not any(n in md for n in HOSTILE)  # user text never reaches a Markdown cell
    code = next(c.source for c in nb.cells if "classes = [" in c.source)
    line = next(s for s in ast.parse(code).body if isinstance(s, ast.Assign)
                and s.targets[0].id == "classes")
    assert ast.literal_eval(line.value) == [*HOSTILE[:3], HOSTILE[3]]  # round-trips


def test_japanese_session(make_app, tmp_path):
    at = make_app({"lang": "ja"})
    shown = visit(at, ["pages/logits.py", "pages/softmax.py"])
    nb = check_lesson(at, shown, tmp_path)
    assert "ロジット" in nb.cells[1].source or any(
        "ロジット" in c.source for c in nb.cells if c.cell_type == "markdown")


def test_fresh_session_lesson_has_every_page(make_app, tmp_path):
    """A session that opened only the Introduction gets a lesson notebook with every page's
    section and code (built from the session's state: here every page's defaults); running it
    prints what each page then shows, in the lesson's order."""
    at = make_app(open_parts=False)
    book = at.session_state[notebook.BOOK_KEY]
    assert set(book.notes) == {PAGES[0].path}  # no other page has run
    path = unpack(notebook.lesson_download(book), tmp_path)
    nb = nbformat.read(path, as_version=4)
    titles = [c.source for c in nb.cells
              if c.cell_type == "markdown" and c.source.startswith("# ")]
    assert titles == [f"# {tr('en', OUTLINES[Path(p.path).stem][0].key)}" for p in PAGES]
    stored = cell_outputs(nb)
    shown = visit(at, [p.path for p in PAGES])  # now open each page, at its defaults
    assert all(shown[p] for p in ("pages/logits.py", "pages/sigmoid.py", "pages/softmax.py",
                                  "pages/nll.py", "pages/cross_entropy.py"))
    assert [o.rstrip("\n") for o in stored if o] == [o for p in PAGES for o in shown[p.path]]
    assert execute(path) == stored
