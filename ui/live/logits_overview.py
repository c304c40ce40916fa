"""The Logits page's overview chart as a live piece (ui/live/logits_overview.js): all the
photo's logits by class index, the top k picked out and labelled. Drawn in the browser and kept
across runs: a model or sample switch sends new data and the piece redraws in place (a Plotly
chart whose data changed is made again from nothing, which cost most of a model switch). Its
numbers, names and label places come from core.photo.live; its words from the catalogue; a
button in it saves the chart as a PNG named as ``ui.panels.safe_filename`` makes it."""

from __future__ import annotations

from core.base.export import safe_filename
from core.base.figures import title_lines
from core.base.i18n import translator
from core.photo.live import overview_data
from core.photo.tables import overview_table
from ui.live import colors, piece
from ui.panels import chart_numbers

_component = piece("logits_overview", "lxo-root")
KEY = "logits_overview"


def labels(lang: str, name: str) -> dict:
    """The piece's words in ``lang`` (``point`` keeps ``{index}``, ``{name}`` and ``{logit}``:
    the browser fills them in, as text)."""
    t = translator(lang)
    return {"title": title_lines(t("logits.overview")), "x": t("logits.overview_x"),
            "y": t("logits.overview_y"), "point": t("logits.point", index="{index}",
                                                     name="{name}", logit="{logit}"),
            "png": t("panels.png"), "png_help": t("panels.png_help", name=name)}


def piece_data(row, names, top, *, name: str, lang: str) -> dict:
    """Everything the piece draws: torch's logits as the page writes them, the top classes with
    their label places, the words in ``lang`` and the PNG's file name (from ``name``)."""
    return {**overview_data(row, names, top), "labels": labels(lang, name),
            "file": safe_filename(name, ".png"), "colors": colors(), "seq": 0}


def overview_piece(row, names, top, *, name: str, lang: str) -> None:
    """Mount the piece, and its numbers as a table one click away (as every chart has)."""
    _component(key=KEY, data=piece_data(row, names, top, name=name, lang=lang))
    chart_numbers(lambda: overview_table(row, names, top, lang=lang), key=KEY, hide_index=False)
