"""The Logits page's two charts as live pieces: all the photo's logits by class index, the
top k picked out and labelled (ui/live/logits_overview.js), and how the logits are distributed
(ui/live/logits_histogram.js). Drawn in the browser and kept across runs: a model or sample
switch sends new data and each piece redraws in place (a Plotly chart whose data changed is
made again from nothing, which cost most of a model switch). Their numbers, names and label
places come from core.photo.live; their words from the catalogue; a button in each saves the
chart as a PNG named as ``ui.panels.safe_filename`` makes it, and its numbers are a table one
click away."""

from __future__ import annotations

from core.base.figures import title_lines
from core.base.i18n import translator
from core.photo.live import histogram_data, overview_data
from core.photo.tables import histogram_table, overview_table
from ui.live import chart_data, piece
from ui.panels import chart_numbers

_overview = piece("logits_overview", "lxo-root")
_histogram = piece("logits_histogram", "lxh-root")
KEY, HISTOGRAM_KEY = "logits_overview", "logits_histogram"


def labels(lang: str) -> dict:
    """The overview's words in ``lang`` (``point`` keeps ``{index}``, ``{name}`` and ``{logit}``:
    the browser fills them in, as text)."""
    t = translator(lang)
    return {"title": title_lines(t("logits.overview")), "x": t("logits.overview_x"),
            "y": t("logits.overview_y"), "point": t("logits.point", index="{index}",
                                                     name="{name}", logit="{logit}")}


def piece_data(row, names, top, *, name: str, lang: str) -> dict:
    """Everything the piece draws: torch's logits as the page writes them, the top classes with
    their label places, the words in ``lang`` and the PNG's file name (from ``name``)."""
    return chart_data({**overview_data(row, names, top), "labels": labels(lang)}, name=name,
                      lang=lang)


def overview_piece(row, names, top, *, name: str, lang: str) -> None:
    """Mount the piece, and its numbers as a table one click away (as every chart has)."""
    _overview(key=KEY, data=piece_data(row, names, top, name=name, lang=lang))
    chart_numbers(lambda: overview_table(row, names, top, lang=lang), key=KEY, hide_index=False)


def histogram_piece_data(row, *, name: str, lang: str) -> dict:
    """The histogram's bins and counts, each bar's hover text, its words in ``lang`` and the
    PNG's file name (from ``name``)."""
    t = translator(lang)
    d = histogram_data(row)
    tips = [t("logits.histogram_bin", lo=a, hi=b, n=n)
            for a, b, n in zip(d["edge_text"], d["edge_text"][1:], d["counts"])]
    return chart_data({**d, "tips": tips, "labels": {
        "title": title_lines(t("logits.histogram")), "x": t("logits.histogram_x"),
        "y": t("logits.histogram_y")}}, name=name, lang=lang)


def histogram_piece(row, *, name: str, lang: str) -> None:
    _histogram(key=HISTOGRAM_KEY, data=histogram_piece_data(row, name=name, lang=lang))
    chart_numbers(lambda: histogram_table(row, lang=lang), key=HISTOGRAM_KEY, hide_index=False)
