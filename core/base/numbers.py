"""Turning what a user typed into a number, deliberately, with a message when it can't be."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from core.base.i18n import Msg
from core.base.text import quote

_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


@dataclass(frozen=True)
class ParsedNumber:
    value: float
    note: str = ""  # e.g. how "1,5" was read


class NumberError(ValueError):
    """The text is not a usable number; str(err) is the message for the user (its argument is a
    ``Msg`` where the message comes from the catalogue, so the UI can translate it)."""


def parse_number(text: str, *, lo: float = -math.inf, hi: float = math.inf,
                 what: str = "value") -> ParsedNumber:
    """Parse one real number in [lo, hi]. "1,5" is read as 1.5 (decimal comma) and says so;
    "1,000.5" or "1.000,5" are refused rather than guessed."""
    s = str(text).strip().replace("\u2212", "-")  # a typographic minus is still a minus
    note = ""
    if not s:
        raise NumberError(Msg("numbers.empty", what=what))
    if len(s) > 64:
        raise NumberError(Msg("numbers.too_long", what=what))
    if _DECIMAL_COMMA.match(s):
        note = Msg("numbers.decimal_comma", text=s, value=s.replace(",", "."))
        s = s.replace(",", ".")
    elif "," in s:
        raise NumberError(Msg("numbers.ambiguous", text=quote(s)))
    try:
        v = float(s)
    except ValueError:
        raise NumberError(Msg("numbers.not_a_number", text=quote(s))) from None
    if math.isnan(v):
        raise NumberError(Msg("numbers.nan", what=what))
    if math.isinf(v):
        raise NumberError(Msg("numbers.inf", what=what))
    if not lo <= v <= hi:
        raise NumberError(Msg("numbers.out_of_range", what=what, value=f"{v:g}", lo=f"{lo:g}",
                              hi=f"{hi:g}"))
    return ParsedNumber(v, note)


def check_finite_range(value: float, *, lo: float, hi: float, what: str = "value") -> float:
    """The same rules for a number that arrived as a float (a number box, a table cell)."""
    if value is None:
        raise NumberError(Msg("numbers.empty", what=what))
    return parse_number(repr(float(value)), lo=lo, hi=hi, what=what).value
