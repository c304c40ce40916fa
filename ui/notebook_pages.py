"""Every page's code panels as the page would draw them now, without drawing the page: read
from the session (the current record and photo, each declared input's value or its default,
which "Go deeper" parts are open) and built by the same core builders the pages call. The
notebooks use these for pages the learner has not opened, or opened before the record changed.

Nothing here writes session state: a page keeps starting its controls itself. The labelled
photos' panel (Cross-entropy) needs the photos decoded, run and labelled by its own part: it comes
from the page's last run only (ui.notebook.note).
"""

from __future__ import annotations

import streamlit as st

from core.article.bears import article_batch
from core.base.code import CodePanel
from core.base.inputs import Input
from core.losses import code as loss_code
from core.losses import inputs as loss_inputs
from core.losses import lab, lab_code
from core.losses.batch import Batch
from core.overview.inputs import OPEN_ALL, OPEN_PARTS
from core.photo import code as photo_code
from core.photo import inputs as photo_inputs
from core.sigmoid import code as sig_code
from core.sigmoid import inputs as sig_inputs
from core.sigmoid import math as binary
from core.softmax import code as sm_code
from core.softmax.math import PRESETS
from ui import softmax_editor, state
from ui.batch_editor import current_batch


def _value(inp: Input):
    return st.session_state.get(inp.key, inp.default)


def _open(part: str) -> bool:
    ss = st.session_state
    return bool(ss.get(OPEN_ALL.key)) or part in (ss.get(OPEN_PARTS.key) or ())


def _logits() -> list[CodePanel]:
    photo = state.current_photo()
    return [photo_code.photo_logits_panel(photo.model_name, photo.file_name, photo.png,
                                          int(_value(photo_inputs.TOP_K)))]


def _sigmoid() -> list[CodePanel]:
    panels = [sig_code.curve_panel(float(_value(sig_inputs.LOGIT)), int(_value(sig_inputs.TARGET))),
              sig_code.article_panel(int(_value(sig_inputs.SEED)))]
    if _open("sigmoid_photo"):
        photo = state.current_photo()
        panels.append(sig_code.group_panel(photo.model_name, photo.file_name, photo.png,
                                           _value(sig_inputs.QUESTION)))
    record = state.current_record()
    n = record.num_classes
    if _open("sigmoid_versus") and n >= 2:
        top = record.top_k(n if n == 2 else min(int(_value(sig_inputs.TOP_K)), n))
        sv = binary.sigmoid_vs_softmax(top.values, top.class_names)
        panels.append(sig_code.top_k_panel(sv.logits, sv.names))
    return panels


def _softmax() -> list[CodePanel]:
    names, z = softmax_editor.current_set()
    panels = [sm_code.softmax_panel(names, z, 1.0)]
    if _open("softmax_article"):
        panels.append(sm_code.article_panel(PRESETS["article"].logits))
    return panels


def _nll() -> list[CodePanel]:
    return [loss_code.nll_panel(current_batch("nll"))]


def _snapped(inp: Input) -> float:
    return inp.snap(float(_value(inp)))  # a grid control's value, as ui.ce_labs_live reads it


def _options(batch: Batch) -> lab.CEOptions | None:
    """The options lab's choices (None: a choice the lab refuses, so it shows no code)."""
    n = batch.num_classes
    ignore = _value(loss_inputs.IGNORE)
    weight = (tuple(float(_value(w)) for w in loss_inputs.CLASS_WEIGHTS[:n])
              if _value(loss_inputs.WEIGHTS) else None)
    opts = lab.CEOptions(reduction=_value(loss_inputs.REDUCTION),
                         ignore_index=ignore if ignore in range(n) else None,
                         label_smoothing=_snapped(loss_inputs.SMOOTHING), weight=weight)
    try:
        lab.cross_entropy_by_hand(batch, opts)
    except lab.LabError:
        return None
    return opts


def _labs(batch: Batch) -> list[CodePanel]:
    if lab_code.too_big(batch.logits):
        return []
    z, y = batch.logits, batch.targets
    panels = []
    if _open("ce_gradient"):
        panels.append(lab_code.gradient_panel(z, y, _snapped(loss_inputs.LEARNING_RATE)))
    if _open("ce_stability"):
        panels.append(lab_code.stability_panel(z, y, _snapped(loss_inputs.SCALE),
                                               _value(loss_inputs.DTYPE)))
    opts = _options(batch) if _open("ce_options") else None
    if opts is not None:
        panels.append(lab_code.options_panel(z, y, opts))
    return panels


def _cross_entropy() -> list[CodePanel]:
    article = bool(_value(loss_inputs.ARTICLE_MODE))
    batch = article_batch() if article else current_batch("ce")
    panels = [loss_code.ce_panel(batch)]
    if article and _open("ce_calls"):
        panels.append(loss_code.article_calls_panel())
    return panels + _labs(batch)


_PAGES = {"pages/logits.py": _logits, "pages/sigmoid.py": _sigmoid,
          "pages/softmax.py": _softmax, "pages/nll.py": _nll,
          "pages/cross_entropy.py": _cross_entropy}


def page_panels(path: str) -> dict[str, CodePanel]:
    """The panels of the page at ``path`` now, by the key of what they print."""
    build = _PAGES.get(path)
    return {p.prints.key: p for p in build()} if build else {}


def all_panels() -> dict[str, dict[str, CodePanel]]:
    return {path: page_panels(path) for path in _PAGES}
