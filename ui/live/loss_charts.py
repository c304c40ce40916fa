"""The NLL and Cross-entropy lessons' charts as live pieces: each row's softmax as a heatmap
with its target cells outlined (ui/live/target_heatmap.js), and one bar per row with the ideal
value as a dashed line (ui/live/row_bars.js: the NLL page's target probabilities, the
Cross-entropy page's losses). Drawn in the browser and kept across runs: a batch change (an
edit, a "drag one row" release) sends new data and each piece redraws in place (the Plotly
charts they replace were made again from nothing on every change, most of the lesson's time in
the browser). Their numbers are the page's torch results, their text, colours and ranges from
core.losses.live, their words from the catalogue; a button in each saves the chart as a PNG,
and where no table of the same numbers sits beside a chart its numbers are a table one click
away."""

from __future__ import annotations

from core.losses.live import heatmap_data, loss_bars_data, picked_bars_data
from core.losses.tables import loss_bars_table, picked_bars_table
from ui.live import chart_data, piece
from ui.panels import chart_numbers

_heatmap = piece("target_heatmap", "lxm-root")
_bars = piece("row_bars", "lxb-root")
HEATMAP_KEY, PICKED_KEY, LOSS_KEY = "nll_heatmap", "nll_picked_chart", "ce_loss_bars"


def heatmap_piece(probs, targets, class_names, *, name: str, lang: str) -> None:
    """The NLL page's softmax per row, target outlined. No table of its numbers: the page's
    softmax table sits right beside it."""
    _heatmap(key=HEATMAP_KEY, data=chart_data(heatmap_data(probs, targets, class_names,
                                                            lang=lang), name=name, lang=lang))


def picked_piece(picked, *, name: str, lang: str) -> None:
    """The NLL page's target probability per row, and its numbers one click away."""
    _bars(key=PICKED_KEY, data=chart_data(picked_bars_data(picked, lang=lang), name=name,
                                           lang=lang))
    chart_numbers(lambda: picked_bars_table(picked, lang=lang), key=PICKED_KEY)


def loss_piece(losses, *, name: str, lang: str, numbers: bool) -> None:
    """The Cross-entropy page's loss per row; with ``numbers`` its numbers one click away (not
    where the step-4 table of the same numbers sits right beside it)."""
    _bars(key=LOSS_KEY, data=chart_data(loss_bars_data(losses, lang=lang), name=name,
                                         lang=lang))
    if numbers:
        chart_numbers(lambda: loss_bars_table(losses, lang=lang), key=LOSS_KEY)
