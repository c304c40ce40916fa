"""Shareable links: the essential inputs of a view as URL query parameters, and back.

A teacher's link carries the model, the sample photo, hand-edited logits (rows ``z``, class
names ``c``, targets ``y``) and page controls such as the softmax temperature. Everything read
from a link is validated like any other input: each bad parameter gets a message and its
default, never an exception, and nothing in a link is ever rendered as HTML.

Format (``urllib.parse.urlencode(..., doseq=True)``)::

    ?model=tf_efficientnet_lite0&sample=cat&z=1.2,3.4,-0.5&z=0,1,2&c=Grizzly&c=Brown&c=Teddy&y=1,0

Numbers are written with 9 significant digits, so float32 values come back bit for bit. A link's
numbers are read strictly: ASCII digits only (``str.isdigit`` and ``float`` also accept ``²``,
``⑴``, ``１``, ``٣`` or ``1_000``; a link never means those), one point, an optional sign and
exponent; anything else gets its message and the default.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from core.base.i18n import DEFAULT_LANG, LANGS, Msg
from core.base.inputs import LINK_SPACE, MAX_NAME_CHARS, Input, clean_name, link_number
from core.base.inputs import shown as _shown
from core.base.numbers import NumberError, float32_literal
from core.base.record import LOGIT_LIMIT
from core.base.text import quote as _short

MAX_ROWS, MAX_CLASSES = 32, 20
MAX_PARAM_CHARS = 2000  # per value; a whole 32 x 20 batch needs about 32 x 20 x 12 = 7.7 k in all
MAX_TOTAL_CHARS = 12_000
# Streamlit 1.67 ignores a whole query string over these limits (query_params.py,
# sanitize_query_string); tests/core/test_share.py checks they still match.
STREAMLIT_MAX_FIELDS, STREAMLIT_MAX_CHARS = 1000, 512 * 1024

_LINK_CLASS = re.compile(r"[0-9]{1,4}")  # a target: a class number


@dataclass(frozen=True)
class LinkView:
    model: str | None = None
    sample: str | None = None
    logits: np.ndarray | None = None  # float32 (rows, classes)
    names: tuple[str, ...] | None = None
    targets: tuple[int, ...] | None = None
    page_values: dict[str, object] = field(default_factory=dict)  # Input.key -> value
    lang: str | None = None

    @property
    def empty(self) -> bool:
        return (self.model is None and self.sample is None and self.logits is None
                and not self.page_values and self.lang is None)


def _as_list(v) -> list[str]:
    if v is None:
        return []
    if isinstance(v, (list, tuple)):
        return [str(x) for x in v]
    return [str(v)]


def _num(x: float) -> str:
    return float32_literal(x, "link")


def cut_link_message(fields: object, chars: object) -> Msg | None:
    """The message for a link Streamlit ignored whole, from what the browser counted in its own
    address bar (untrusted: anything that is not a plain count gives no message)."""
    if not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 10**9
               for v in (fields, chars)):
        return None
    if fields > STREAMLIT_MAX_FIELDS:
        return Msg("share.link_cut_fields", n=fields, limit=STREAMLIT_MAX_FIELDS)
    if chars > STREAMLIT_MAX_CHARS:
        return Msg("share.link_cut_chars", n=chars, limit=STREAMLIT_MAX_CHARS)
    return None



def _parse_rows(rows: list[str], msgs: list[Msg]) -> np.ndarray | None:
    if len(rows) > MAX_ROWS:
        msgs.append(Msg("share.too_many_rows", n=len(rows), limit=MAX_ROWS))
        return None
    parsed: list[list[float]] = []
    for r, text in enumerate(rows, start=1):
        cells = text.split(",") if text.strip() else []
        if not 2 <= len(cells) <= MAX_CLASSES:
            msgs.append(Msg("share.row_length", row=r, n=len(cells), limit=MAX_CLASSES))
            return None
        row = []
        for c, cell in enumerate(cells, start=1):
            try:
                row.append(link_number(cell, lo=-LOGIT_LIMIT, hi=LOGIT_LIMIT,
                                       what=Msg("share.what_logit", row=r, col=c)))
            except NumberError as e:
                msgs.append(Msg("share.bad_logit", error=e.args[0]))
                return None
        parsed.append(row)
    if len({len(r) for r in parsed}) > 1:
        msgs.append(Msg("share.ragged"))
        return None
    return np.asarray(parsed, dtype=np.float32)


def _parse_names(names: list[str], n: int, msgs: list[Msg]) -> tuple[str, ...]:
    default = tuple(f"class {i}" for i in range(n))
    if not names:
        return default
    clean = tuple(clean_name(x) for x in names)
    if len(clean) != n:
        msgs.append(Msg("share.names_count", n=len(clean), classes=n))
        return default
    if None in clean:
        msgs.append(Msg("share.name_length", limit=MAX_NAME_CHARS))
        return default
    if len(set(clean)) != n:
        msgs.append(Msg("share.names_repeat"))
        return default
    return clean


def _parse_targets(text: str, rows: int, classes: int, msgs: list[Msg]) -> tuple[int, ...] | None:
    cells = [s.strip(LINK_SPACE) for s in text.split(",")]
    if len(cells) != rows:
        msgs.append(Msg("share.targets_count", n=len(cells), rows=rows))
        return None
    out = []
    for r, cell in enumerate(cells, start=1):
        if not _LINK_CLASS.fullmatch(cell) or not int(cell) < classes:  # ASCII digits only
            msgs.append(Msg("share.bad_target", row=r, text=_shown(cell), hi=classes - 1))
            return None
        out.append(int(cell))
    return tuple(out)


def decode(params: Mapping[str, object], *, models: Mapping, samples: Mapping,
           inputs: tuple[Input, ...] = ()) -> tuple[LinkView, list[Msg]]:
    """Read query parameters (values may be str or list of str). Returns what is usable and one
    message per problem; unknown parameters are ignored (links may come from newer versions)."""
    msgs: list[Msg] = []
    lists = {k: _as_list(v) for k, v in params.items()}
    total = sum(len(k) + len(x) for k, v in lists.items() for x in v)
    if total > MAX_TOTAL_CHARS:
        return LinkView(), [Msg("share.too_long", n=total, limit=MAX_TOTAL_CHARS)]
    for k, vals in lists.items():
        if any(len(x) > MAX_PARAM_CHARS for x in vals):
            msgs.append(Msg("share.param_too_long", name=_short(k, 20)))
            lists[k] = []

    def one(name: str) -> str | None:
        vals = lists.get(name) or []
        return vals[-1] if vals else None

    model = one("model")
    if model is not None and model not in models:
        msgs.append(Msg("share.bad_model", text=_short(model)))
        model = None
    sample = one("sample")
    if sample is not None and sample not in samples:
        msgs.append(Msg("share.bad_sample", text=_short(sample)))
        sample = None

    lang = one("lang")
    if lang is not None and lang not in LANGS:
        msgs.append(Msg("share.bad_lang", text=_short(lang), choices=", ".join(LANGS)))
        lang = None

    logits = names = targets = None
    if lists.get("z"):
        logits = _parse_rows(lists["z"], msgs)
    if logits is not None:
        names = _parse_names(lists.get("c") or [], logits.shape[1], msgs)
        y = one("y")
        if y is not None:
            targets = _parse_targets(y, logits.shape[0], logits.shape[1], msgs)
    elif lists.get("c") or one("y") is not None:
        if not lists.get("z"):
            msgs.append(Msg("share.no_logits"))

    values: dict[str, object] = {}
    for p in inputs:
        raw = one(p.param)
        if raw is None:
            continue
        try:
            values[p.key] = p.parse(raw)
        except NumberError as e:
            msgs.append(Msg("share.bad_param", name=p.param, error=e.args[0]))
    return LinkView(model, sample, logits, names, targets, values, lang), msgs


def encode(view: LinkView, inputs: tuple[Input, ...] = ()) -> dict[str, list[str]]:
    """Query parameters for a view (lists: repeated keys). Logits beyond the link limits
    (more than 20 classes, e.g. a photo's 1000) are left out: the photo itself is in the link."""
    q: dict[str, list[str]] = {}
    if view.lang and view.lang != DEFAULT_LANG:
        q["lang"] = [view.lang]
    if view.model:
        q["model"] = [view.model]
    if view.sample:
        q["sample"] = [view.sample]
    if view.logits is not None:
        v = np.atleast_2d(np.asarray(view.logits, dtype=np.float32))
        if v.shape[0] <= MAX_ROWS and 2 <= v.shape[1] <= MAX_CLASSES and np.isfinite(v).all():
            q["z"] = [",".join(_num(x) for x in row) for row in v]
            if view.names is not None:
                q["c"] = list(view.names)
            if view.targets is not None and len(view.targets) == v.shape[0]:
                q["y"] = [",".join(str(int(t)) for t in view.targets)]
    by_key = {p.key: p for p in inputs}
    for key, value in view.page_values.items():
        p = by_key.get(key)
        if p is not None and p.valid(value) and not p.is_default(value):
            q[p.param] = [p.encode(value)]
    return q
