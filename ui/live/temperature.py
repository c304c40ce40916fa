"""The Softmax page's temperature control as a live piece (ui/live/temperature.js): torch's
numbers for every grid temperature go to the browser once (core.softmax.live) and are played
back while the thumb moves; on release the grid position comes back, is checked
(core.base.live) and becomes the declared temperature."""

from __future__ import annotations

from collections.abc import Callable

from core.base.i18n import Msg, translator
from core.base.live import commit_index, commit_seq
from core.base.text import plain
from core.softmax.live import temperature_frames
from ui.live import colors, commit_payload, piece

_component = piece("temperature", "lxt-root")


def labels(lang: str, uniform: float) -> dict:
    """The piece's words in ``lang`` (``bars_title`` keeps ``{t}``: the browser fills it in)."""
    t = translator(lang)
    return {"thumb": t("softmax.temp_label"), "nats": t("softmax.metric_nats"),
            "bits": t("softmax.metric_bits"), "uniform": t("softmax.metric_uniform"),
            "uniform_value": t("softmax.nats_value", value=f"{uniform:.4f}"),
            "argmax": t("softmax.metric_argmax"), "bars_title": t("softmax.temp_bars_title",
                                                                   t="{t}"),
            "bars_aria": t("softmax.axis_probability"), "entropy_title": t("softmax.entropy_title"),
            "entropy_x": t("softmax.entropy_x"), "source": t("softmax.temp_source")}


def temperature_piece(names, logits, grid, temp: float, *, key: str, seq: int,
                      on_commit: Callable[[], None], lang: str):
    """Mount the piece at ``temp`` (a point of ``grid``)."""
    frames = temperature_frames(logits, grid)
    index = min(range(len(frames["grid"])), key=lambda i: abs(frames["grid"][i] - temp))
    data = {**frames, "index": index, "shown": [plain(n) for n in names], "seq": int(seq),
            "colors": colors(), "labels": labels(lang, frames["uniform"])}
    return _component(key=key, data=data, on_commit_change=on_commit)


def committed_index(key: str, size: int) -> tuple[int | None, int]:
    """(grid position, seq) of the piece's last commit, checked; ``CommitError`` otherwise;
    (None, 0) if nothing was sent."""
    payload = commit_payload(key)
    if payload is None:
        return None, 0
    seq = commit_seq(payload)
    return commit_index(payload, "index", size=size, what=Msg("softmax.temp_what")), seq
