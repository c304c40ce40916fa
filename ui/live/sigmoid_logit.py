"""The Sigmoid page's logit control as a live piece (ui/live/sigmoid_logit.js): the thumb, the
readouts and both curves follow while it moves; on release the value comes back here, is
checked (core.base.live) and becomes the synced number the exact box shows."""

from __future__ import annotations

from collections.abc import Callable

from core.base.i18n import Msg, translator
from core.base.live import commit_number, commit_seq
from core.sigmoid.figures import loss_formula
from core.sigmoid.live import piece_data
from ui.live import colors, commit_payload, piece

_component = piece("sigmoid_logit", "lxs-root")


def labels(lang: str, target: int) -> dict:
    """The piece's words in ``lang`` (``point``/``loss_point`` keep ``{s}``/``{v}``: the browser
    fills in the number)."""
    t = translator(lang)
    return {"thumb": t("sigmoid.logit_label"), "z": t("sigmoid.metric_z"),
            "loss": t("sigmoid.col_loss"), "axis_z": t("sigmoid.axis_z"),
            "curve_title": t("sigmoid.curve_title"),
            "loss_title": t("sigmoid.loss_title", target=target, formula=loss_formula(target)),
            "point": t("sigmoid.point_text", s="{s}"),
            "loss_point": t("sigmoid.loss_point", v="{v}"),
            "torch": t("live.torch"), "browser": t("live.browser")}


def logit_piece(z: float, target: int, *, derivative: bool, lo: float, hi: float, step: float,
                key: str, seq: int, on_commit: Callable[[], None], lang: str, settle: int = 0,
                on_shown: Callable[[], None] | None = None):
    """Mount the piece at ``z`` (the thumb spans [lo, hi] and waits at an end for a z beyond).
    ``settle``: a token (non-zero once per commit) when the section around the piece is still
    the old logit's; the browser then calls ``on_shown`` once it has painted these numbers
    (piece.js ``lxSettle``)."""
    data = {**piece_data(z, target), "lo": lo, "hi": hi, "step": step, "seq": int(seq),
            "settle": int(settle), "show_d": bool(derivative), "colors": colors(),
            "labels": labels(lang, target)}
    return _component(key=key, data=data, on_commit_change=on_commit,
                      on_shown_change=on_shown or (lambda: None))


def committed_logit(key: str, lo: float, hi: float) -> tuple[float | None, int]:
    """(z, seq) of the piece's last commit, checked: z a finite number in [lo, hi]. Raises
    ``CommitError`` (with the message for the page) for anything else; (None, 0) if nothing
    was sent."""
    payload = commit_payload(key)
    if payload is None:
        return None, 0
    seq = commit_seq(payload)
    return commit_number(payload, "value", lo=lo, hi=hi, what=Msg("sigmoid.what_logit")), seq
