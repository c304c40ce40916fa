"""The Softmax page's drag chart: a Streamlit components-v2 piece in plain JS (no build step,
no network). Each class has a range input; while a thumb moves, the browser redraws the bars
itself (softmax_math.js, checked against torch in the browser tests); on release or a key press
the values come back to Python (debounced) and the chart shows torch's numbers again.
Every word the chart shows comes from the catalogue, in the language ``drag_chart`` is given.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import streamlit as st

from core.base.figures import PALETTE
from core.base.i18n import translator
from core.base.text import plain

_DIR = Path(__file__).resolve().parent
JS_FILES = ("softmax_math.js", "drag.js")
COMPONENT_NAME = "logits_explorer_softmax_drag"

_component = st.components.v2.component(
    COMPONENT_NAME,
    html='<div class="sxd-root"></div>',
    css=(_DIR / "drag.css").read_text(encoding="utf-8"),
    js="\n".join((_DIR / f).read_text(encoding="utf-8") for f in JS_FILES),
    isolate_styles=False,
)


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
               on_commit: Callable[[], None], lang: str, step: float = 0.1):
    """Mount the chart. ``probs`` are torch's probabilities for ``logits`` (shown at rest).
    ``seq`` is the last commit Python has applied; ``on_commit`` reads
    ``committed_values(key)``."""
    lo, hi = thumb_range(logits)
    data = {"names": [str(n) for n in names],  # sent back with a commit, as they are
            "shown": [plain(n) for n in names],  # what the rows show (no bidi controls)
            "logits": [float(v) for v in np.asarray(logits, dtype=np.float32)],
            "probs": [float(p) for p in np.asarray(probs, dtype=np.float32)],
            "lo": lo, "hi": hi, "step": step, "seq": int(seq),
            "colors": {"top": PALETTE["top"], "base": PALETTE["line"]},
            "labels": labels(lang)}
    return _component(key=key, data=data, on_commit_change=on_commit)


def committed(key: str) -> tuple[list[float], list[str], int] | None:
    """(values, class names, seq) the browser sent with its last commit, or None."""
    res = st.session_state.get(key)
    payload = res.get("commit") if res is not None else None
    if not isinstance(payload, dict):
        return None
    values, names, seq = payload.get("values"), payload.get("names"), payload.get("seq")
    if not (isinstance(values, list) and isinstance(names, list) and isinstance(seq, int)):
        return None
    return values, [str(n) for n in names], seq
