"""The Softmax page's "raise one class" gap as a live piece (ui/live/playback.js): torch's share
of the raised class for every gap of the declared grid (core.softmax.live.gap_frames), played
back while the thumb moves (the share readout, the point on its curve); on release the gap is
committed (one run of the page's fragment)."""

from __future__ import annotations

from core.base.i18n import translator
from core.base.text import plain
from core.softmax import inputs as sm_inputs
from core.softmax.live import gap_frames
from ui.live.playback import GridPiece, readout

PIECE = GridPiece("softmax_gap_live", sm_inputs.GAP, "softmax.gap_what")
X_TICKS = (-10, -5, 0, 5, 10)


def gap_grid(value: float) -> list[float]:
    """The declared grid, plus ``value`` when it lies between its points (the class's lead the
    control starts at: the caption's lead and the control agree)."""
    grid = [float(g) for g in sm_inputs.GAP.options]
    return sorted({*grid, round(float(value), 4)})


def gap_piece(names, logits, who: int, gap: float, *, lang: str) -> None:
    """Mount the gap piece for class ``who`` of ``names``/``logits`` at ``gap``."""
    t = translator(lang)
    name = plain(names[who])
    grid = gap_grid(gap)
    f = gap_frames(logits, who, grid)
    chart = {"title": t("softmax.share_title"), "file": "raise one class share",
             "x_title": t("softmax.share_x", name=name),
             "y_title": t("softmax.share_y", name=name), "xs": f["grid"], "y_lo": 0.0,
             "y_hi": 1.05, "x_ticks": [x for x in X_TICKS if grid[0] <= x <= grid[-1]],
             "series": [{"name": t("softmax.share_curve", name=name), "ys": f["share"]},
                        {"name": t("softmax.share_equal"), "ys": f["equal"]}],
             "point": {"x": f["grid"], "y": f["share"], "prob": True, "text": "{v}"}}
    PIECE.show(grid, [f"{g:+.6g}" for g in grid], gap,
               labels={"thumb": t("softmax.gap_label"), "value": t("softmax.hover_gap"),
                       "source": t("live.grid_source")},
               readouts=[readout(t("softmax.share_metric", name=name), f["share"], prob=True)],
               charts=[chart])
