"""The live pieces: Streamlit components v2 in plain JS (no build step, nothing fetched) that
follow a thumb while it moves and send the value to Python on release.

Every piece is made of the same three shared files plus its own:
- ``math.js``: the only formulas in JS (sigmoid, softplus, logsumexp, softmax, log-softmax,
  entropy, cross-entropy, binary cross-entropy with logits) and the number formats;
- ``svg.js``: curves, bars, columns, a scatter of points, a moving point, axes with ticks,
  labels that never overlap (and labels in lanes placed by Python), a chart as a PNG;
- ``piece.js``: the lifecycle every piece shares (mount, stale data, a held thumb, release),
  and the HTML around a chart (its PNG button, a plot box, a foot line);
- ``live.css``: the shared look (Okabe–Ito colours, given by Python as CSS variables).
No JS file holds a word: each piece gets its labels from the catalogue, in the user's language.

A piece sends ``{..., seq}`` as its ``commit`` trigger; ``commit_payload`` returns it as a dict
or None, and the page checks the values with ``core.base.live`` (a crafted payload gets a
message and changes nothing).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core.base.figures import PALETTE

_DIR = Path(__file__).resolve().parent
SHARED_JS = ("math.js", "svg.js", "piece.js")
SHARED_CSS = ("live.css",)


def _read(names) -> str:
    return "\n".join((_DIR / n).read_text(encoding="utf-8") for n in names)


def piece(name: str, root_class: str):
    """Register the piece ``<name>.js`` (+ ``<name>.css`` if present) with the shared files."""
    css = [*SHARED_CSS, *([f"{name}.css"] if (_DIR / f"{name}.css").exists() else [])]
    return st.components.v2.component(
        f"logits_explorer_{name}",
        html=f'<div class="{root_class} lx-root"></div>',
        css=_read(css), js=_read([*SHARED_JS, f"{name}.js"]), isolate_styles=False)


def png_words(t, name: str, *, file: str | None = None) -> dict:
    """A chart's PNG button (svg.js lxSvgPng, piece.js lxPngButton): its words from the
    catalogue (``t``: the user's language; ``name`` is what the help calls the chart) and the
    file's name, as ``ui.panels.safe_filename`` makes it from ``file`` (default: ``name``)."""
    from core.base.export import safe_filename

    return {"png": t("panels.png"), "png_help": t("panels.png_help", name=name),
            "file": safe_filename(file or name, ".png")}


def chart_data(d: dict, *, name: str, lang: str) -> dict:
    """A chart piece's data ``d`` (with its ``labels``) and what every chart piece needs
    besides: the PNG button's words and file name (``png_words`` of ``name``), the palette, and
    seq 0 (a chart piece never sends anything)."""
    from core.base.i18n import translator

    png = png_words(translator(lang), name)
    return {**d, "labels": {**d["labels"], **png}, "file": png["file"], "colors": colors(),
            "seq": 0}


def colors() -> dict[str, str]:
    """The palette every piece draws with (the server charts' Okabe–Ito colours)."""
    return dict(PALETTE)


def commit_payload(key: str) -> dict | None:
    """What the browser sent with its last ``commit`` trigger, if it is a dict at all."""
    res = st.session_state.get(key)
    payload = res.get("commit") if res is not None else None
    return payload if isinstance(payload, dict) else None


def on_commit(read, take, *, seq_key: str, msg_key: str):
    """A piece's commit callback. ``read()`` checks what the browser sent and returns
    (value, seq), or raises CommitError: then its message is kept under ``msg_key`` and nothing
    else changes. Otherwise the last applied seq goes under ``seq_key`` and ``take(value)``
    applies the value (None: nothing to apply)."""
    from core.base.live import CommitError

    def callback() -> None:
        ss = st.session_state
        try:
            value, seq = read()
        except CommitError as err:
            ss[msg_key] = err.args[0]
            return
        ss[seq_key] = max(int(ss.get(seq_key, 0)), seq)
        ss[msg_key] = None
        if value is not None:
            take(value)

    return callback
