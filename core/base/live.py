"""What a live piece (ui/live) sends back on release is checked here before it touches the
session: a browser can send anything (a crafted request, a stale page), so each field must have
the right type, be finite and lie in range. A bad payload raises ``CommitError`` with a message
(``Msg``) that the page shows; nothing is changed."""

from __future__ import annotations

import math

from core.base.i18n import Msg


class CommitError(ValueError):
    """A refused commit; ``args[0]`` is the message (a ``Msg``) for the page."""


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def commit_seq(payload) -> int:
    """The piece's commit counter: a non-negative int (else the payload is refused)."""
    seq = payload.get("seq") if isinstance(payload, dict) else None
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise CommitError(Msg("live.bad_seq"))
    return seq


def commit_number(payload, field: str, *, lo: float, hi: float, what) -> float:
    """``payload[field]`` as a finite float in [lo, hi]."""
    v = payload.get(field) if isinstance(payload, dict) else None
    if not _is_number(v):
        raise CommitError(Msg("live.not_a_number", what=what, got=_shown(v)))
    v = float(v)
    if not math.isfinite(v):
        raise CommitError(Msg("live.not_finite", what=what, got=_shown(v)))
    if not lo <= v <= hi:
        raise CommitError(Msg("live.out_of_range", what=what, got=f"{v:.6g}", lo=f"{lo:g}",
                              hi=f"{hi:g}"))
    return v + 0.0  # -0.0 reads as 0


def commit_index(payload, field: str, *, size: int, what) -> int:
    """``payload[field]`` as a position on a grid of ``size`` points (an int in [0, size))."""
    v = payload.get(field) if isinstance(payload, dict) else None
    if not isinstance(v, int) or isinstance(v, bool):
        if _is_number(v) and math.isfinite(v) and float(v).is_integer():
            v = int(v)  # JSON may carry 3 as 3.0
        else:
            raise CommitError(Msg("live.not_an_index", what=what, got=_shown(v),
                                  hi=size - 1))
    if not 0 <= v < size:
        raise CommitError(Msg("live.not_an_index", what=what, got=str(v), hi=size - 1))
    return v


def _shown(v) -> str:
    """A refused value, briefly (it is shown as plain text, never as markup)."""
    text = repr(v) if not isinstance(v, str) else repr(v[:40])
    return text[:60]


def commit_numbers(payload, field: str, *, size: int, lo: float, hi: float, what) -> list[float]:
    """``payload[field]`` as a list of ``size`` finite floats, each in [lo, hi] (``what``: a
    message naming the k-th value, given k from 1)."""
    values = payload.get(field) if isinstance(payload, dict) else None
    if not isinstance(values, list):
        raise CommitError(Msg("live.not_a_list"))
    if len(values) != size:
        raise CommitError(Msg("live.wrong_length", got=len(values), n=size))
    return [commit_number({"v": v}, "v", lo=lo, hi=hi, what=what(k))
            for k, v in enumerate(values, start=1)]
