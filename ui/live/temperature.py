"""The Softmax page's temperature control as a live grid piece (ui/live/temperature.js, on
``lxGridPiece`` like the playback pieces): torch's numbers for every grid temperature go to the
browser once (core.softmax.live) and are played back while the thumb moves; on release the grid
position comes back, is checked (``GridPiece.on_commit``) and becomes the declared temperature.
"""

from __future__ import annotations

from core.base.i18n import translator
from core.base.text import plain
from core.softmax import inputs as sm_inputs
from core.softmax.live import temperature_frames
from ui.live import piece
from ui.live.playback import GridPiece

_component = piece("temperature", "lxt-root")
PIECE = GridPiece("softmax_temp_live", sm_inputs.TEMPERATURE, "softmax.temp_what")


def t_text(temp: float) -> str:
    """A temperature as the control writes it (three significant digits, as the slider did)."""
    return f"{temp:.3g}"


def labels(lang: str, uniform: float) -> dict:
    """The piece's words in ``lang`` (``bars_title`` and ``legend_t`` keep ``{t}``: the browser
    fills it in)."""
    t = translator(lang)
    return {"thumb": t("softmax.temp_label"), "nats": t("softmax.metric_nats"),
            "bits": t("softmax.metric_bits"), "uniform": t("softmax.metric_uniform"),
            "uniform_value": t("softmax.nats_value", value=f"{uniform:.4f}"),
            "argmax": t("softmax.metric_argmax"), "bars_title": t("softmax.temp_bars_title",
                                                                   t="{t}"),
            "legend_one": t("softmax.temp_legend", t="1"),
            "legend_t": t("softmax.temp_legend", t="{t}"),
            "legend_same": t("softmax.temp_legend_same"),
            "bars_aria": t("softmax.axis_probability"), "entropy_title": t("softmax.entropy_title"),
            "entropy_x": t("softmax.entropy_x"), "source": t("softmax.temp_source")}


def temperature_piece(names, logits, grid, temp: float, *, lang: str) -> None:
    """Mount the piece at ``temp`` (a point of ``grid``), and a refused commit's message."""
    frames = temperature_frames(logits, grid)
    PIECE.mount(_component, frames["grid"], temp, {
        **frames, "grid_text": [t_text(g) for g in frames["grid"]],
        "shown": [plain(n) for n in names], "labels": labels(lang, frames["uniform"])})
