"""The Softmax page's drag chart (a live piece, see ui/live): each class has a range input;
while a thumb moves, the browser redraws the bars itself (``lxSoftmax`` of ui/live/math.js,
checked against torch in the browser tests); on release or a key press the values come back to
Python (debounced) and the chart shows torch's numbers again. Every word the chart shows comes
from the catalogue, in the language ``drag_chart`` is given.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from core.base.i18n import translator
from core.base.record import class_label
from core.base.text import plain
from ui.live import colors, piece

_component = piece("softmax_drag", "sxd-root")


def thumb_range(logits) -> tuple[float, float]:
    """The thumbs' span: at least [-10, 10], widened to hold every current logit."""
    z = np.asarray(logits, dtype=np.float64)
    lo = min(-10.0, float(np.floor(z.min())) - 1.0)
    hi = max(10.0, float(np.ceil(z.max())) + 1.0)
    return lo, hi


def labels(lang: str) -> dict:
    """The chart's words in ``lang`` (``aria`` keeps ``{name}``: the browser fills it in)."""
    t = translator(lang)
    return {"head": [t("softmax.drag_col_class"), t("softmax.drag_col_thumb"),
                     t("softmax.drag_col_logit"), t("softmax.drag_col_prob")],
            "aria": t("softmax.drag_aria"), "sum": t("softmax.drag_sum"),
            "torch": t("softmax.drag_torch"), "browser": t("softmax.drag_browser")}


def drag_chart(names, logits, probs, *, key: str, seq: int,
               on_commit: Callable[[], None], lang: str, step: float = 0.1, settle: int = 0,
               on_shown: Callable[[], None] | None = None):
    """Mount the chart. ``probs`` are torch's probabilities for ``logits`` (shown at rest).
    ``seq`` is the last commit Python has applied; ``on_commit`` reads the commit with
    ``ui.live.commit_payload(key)``. ``settle``: a token (non-zero once per commit) when the
    part around the chart is still the old list's; the browser then calls ``on_shown`` once it
    has painted these numbers (piece.js ``lxSettle``)."""
    lo, hi = thumb_range(logits)
    pal = colors()
    data = {"names": [str(n) for n in names],  # sent back with a commit, as they are
            "shown": [plain(class_label(n, lang)) for n in names],  # as shown (no bidi controls)
            "logits": [float(v) for v in np.asarray(logits, dtype=np.float32)],
            "probs": [float(p) for p in np.asarray(probs, dtype=np.float32)],
            "lo": lo, "hi": hi, "step": step, "seq": int(seq), "settle": int(settle),
            "colors": {"top": pal["top"], "base": pal["line"]},
            "labels": labels(lang)}
    return _component(key=key, data=data, on_commit_change=on_commit,
                      on_shown_change=on_shown or (lambda: None))
