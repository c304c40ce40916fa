"""Jupyter notebooks of the lesson: the page's text as Markdown cells, its code panels as code
cells with the live values, each output already filled with what the app printed when it ran
that very code (core.base.code.run_panel). A notebook that reads files (photos) comes as a zip
with those files beside it.

Markdown cells hold catalogue text only; anything a user typed (class names) lives inside the
code, in Python string literals written with repr. A shared setup cell (the model, the photo)
appears once, before the first cell that needs it.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

from core.base.code import CodePanel, PanelError, assigned_names, run_panel

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


@dataclass(frozen=True)
class Block:
    """One piece of a page: Markdown (catalogue text) and/or a code panel under it."""
    markdown: str = ""
    panel: CodePanel | None = None


@dataclass(frozen=True)
class Download:
    data: bytes
    file_name: str
    mime: str


def build_notebook(blocks: list[Block]):
    """The notebook of ``blocks`` (outputs filled from the app's runs, a validated
    nbformat.NotebookNode) and the files it opens."""
    import nbformat  # imported on use: the app runs without it until a notebook is asked for
    from nbformat import v4

    cells, files = [], {}
    setups_done: list[str] = []
    setup_names: set[str] = set()
    body_names: dict[str, str] = {}  # name -> the first body cell that binds it
    for block in blocks:
        if block.markdown.strip():
            cells.append(v4.new_markdown_cell(block.markdown))
        if block.panel is None:
            continue
        panel = block.panel
        run = run_panel(panel)
        for name, data in panel.files:
            if files.setdefault(name, data) != data:
                raise PanelError(f"two different files are both called {name!r}")
        for cell, out in zip(panel.cells, run.outputs):
            if cell in panel.setup:
                if cell in setups_done:
                    continue
                setups_done.append(cell)
                setup_names |= assigned_names(cell)
            else:
                for n in assigned_names(cell):
                    body_names.setdefault(n, cell)
            cells.append(_code_cell(cell, out))
        if run.error:  # shown as Jupyter shows an error (a test fails on it)
            cells[-1].outputs.append(v4.new_output("error", ename="PanelError",
                                                   evalue=run.error, traceback=[]))
    clash = setup_names & set(body_names)
    if clash:  # a later cell would read a panel's value instead of the setup's
        raise PanelError(f"panel cells rebind setup names {sorted(clash)}")
    nb = v4.new_notebook(cells=cells, metadata={
        "kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    nbformat.validate(nb)
    return nb, files


def _code_cell(source: str, printed: str):
    from nbformat import v4

    outputs = [v4.new_output("stream", name="stdout", text=printed)] if printed else []
    return v4.new_code_cell(source.rstrip("\n"), outputs=outputs)


def notebook_text(nb) -> str:
    import nbformat

    return nbformat.writes(nb)


def cell_outputs(nb) -> list[str]:
    """Every code cell's outputs as one text each (what a reader sees under the cell)."""
    return [output_text(c) for c in nb.cells if c.cell_type == "code"]


def output_text(cell) -> str:
    """What a cell printed: stdout, any value it displayed, any error. stderr is left out: a
    kernel's own warnings (a missing widget library) land there, never the lesson's numbers."""
    parts = []
    for o in cell.get("outputs", []):
        if o.output_type == "stream" and o.name == "stdout":
            parts.append(o.text if isinstance(o.text, str) else "".join(o.text))
        elif o.output_type in ("execute_result", "display_data"):
            parts.append(json.dumps(o.data.get("text/plain", "")))
        elif o.output_type == "error":
            parts.append(f"{o.ename}: {o.evalue}\n")
    return "".join(parts)


def download(blocks: list[Block], stem: str, as_zip: bool | None = None) -> Download:
    """A .ipynb, or a zip of the .ipynb and the files it reads (the photos). ``as_zip``: the
    form promised to the browser beforehand (None: a zip exactly when there are files)."""
    nb, files = build_notebook(blocks)
    text = notebook_text(nb).encode("utf-8")
    if not (files if as_zip is None else as_zip or files):
        return Download(text, f"{stem}.ipynb", "application/x-ipynb+json")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{stem}/{stem}.ipynb", text)
        for name, data in files.items():
            z.writestr(f"{stem}/{name}", data)
    return Download(buf.getvalue(), f"{stem}.zip", "application/zip")
