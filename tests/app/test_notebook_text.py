"""Each page's notebook carries the page's lesson text in the session's language: every header,
lead and explanation the page file shows from the catalogue (found in the page's source, read
from the catalogue here), with the code cells among them, and it validates as nbformat 4."""

from __future__ import annotations

import ast
import importlib
import io
import zipfile

import nbformat
import pytest

from core.base.i18n import tr
from ui import notebook
from ui.nav import PAGES, ROOT

TEXT_CALLS = {"title", "header", "subheader", "markdown", "caption", "info"}
# Shown by the page but not lesson text: they speak of controls a notebook does not have,
# label one figure ("any real number" under the logits column) or answer one state only.
NOT_LESSON = {"intro.pick_photo", "intro.any_real", "softmax.drag_caption",
              "sigmoid.live_caption", "softmax.temp_caption", "ce.computed_caption",
              "sigmoid.single_class"}


def page_texts(path: str) -> list[str]:
    """Catalogue keys the page file shows as text with no values filled in: st.title/header/
    subheader/markdown/caption/info(t("key")) and the titles of its "Go deeper" parts."""
    keys = []
    for node in ast.walk(ast.parse((ROOT / path).read_text())):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        is_text = isinstance(node.func, ast.Attribute) and node.func.attr in TEXT_CALLS
        is_part = isinstance(node.func, ast.Name) and node.func.id == "deeper"
        arg = node.args[0]
        if ((is_text or is_part) and isinstance(arg, ast.Call)
                and getattr(arg.func, "id", None) == "t" and not arg.keywords
                and isinstance(arg.args[0], ast.Constant)):
            keys.append(arg.args[0].value)
    return [k for k in keys if k not in NOT_LESSON]


def page_formulas(path: str) -> list[str]:
    """The LaTeX of every st.latex(module.NAME) the page file draws (the module as the page
    imports it: ``from core.x import y as z``)."""
    tree = ast.parse((ROOT / path).read_text())
    modules = {a.asname or a.name: f"{n.module}.{a.name}" for n in ast.walk(tree)
               if isinstance(n, ast.ImportFrom) for a in n.names}
    out = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "latex"
                and isinstance(node.args[0], ast.Attribute)):
            arg = node.args[0]
            out.append(getattr(importlib.import_module(modules[arg.value.id]), arg.attr))
    return out


def read(download) -> nbformat.NotebookNode:
    data = download.data
    if download.file_name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            data = z.read(next(n for n in z.namelist() if n.endswith(".ipynb")))
    nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    nbformat.validate(nb)
    return nb


def test_every_page_file_has_lesson_text():
    """The check below is not empty: every page shows its title and lead at least."""
    counts = {p.path: len(page_texts(p.path)) for p in PAGES}
    assert min(counts.values()) >= 2 and sum(counts.values()) >= 40, counts
    assert page_formulas("pages/sigmoid.py") == [r"\sigma(z) = \frac{1}{1 + e^{-z}}"]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_page_notebook_holds_the_page_text(make_app, lang):
    at = make_app({"lang": lang})  # every part open: their code is in the notebooks too
    book = at.session_state[notebook.BOOK_KEY]
    assert book.lang == lang
    for entry in PAGES:
        nb = read(notebook.page_download(book, entry.path))
        md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        missing = [k for k in page_texts(entry.path) if tr(lang, k) not in md]
        assert not missing, (entry.path, missing)
        assert all(f"$$\n{tex}\n$$" in md for tex in page_formulas(entry.path)), entry.path
        kinds = "".join("c" if c.cell_type == "code" else "m" for c in nb.cells)
        if "code_panel(" in (ROOT / entry.path).read_text():  # its code, after its lesson
            assert "c" in kinds and kinds.index("c") > 2, (entry.path, kinds)
