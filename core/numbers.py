"""Turning what a user typed into a number, deliberately, with a message when it can't be."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


@dataclass(frozen=True)
class ParsedNumber:
    value: float
    note: str = ""  # e.g. how "1,5" was read


class NumberError(ValueError):
    """The text is not a usable number; str(err) is the message for the user."""


def parse_number(text: str, *, lo: float = -math.inf, hi: float = math.inf,
                 what: str = "value") -> ParsedNumber:
    """Parse one real number in [lo, hi]. "1,5" is read as 1.5 (decimal comma) and says so;
    "1,000.5" or "1.000,5" are refused rather than guessed."""
    s = str(text).strip().replace("\u2212", "-")  # a typographic minus is still a minus
    note = ""
    if not s:
        raise NumberError(f"The {what} is empty: type a number such as 1.5.")
    if len(s) > 64:
        raise NumberError(f"The {what} is too long to be a number.")
    if _DECIMAL_COMMA.match(s):
        note = f"Read “{s}” as {s.replace(',', '.')} (decimal comma)."
        s = s.replace(",", ".")
    elif "," in s:
        raise NumberError(f"“{s}” is ambiguous: use one number with a decimal point, e.g. 1.5.")
    try:
        v = float(s)
    except ValueError:
        raise NumberError(f"“{s}” is not a number: type something like -2.5 or 3.") from None
    if math.isnan(v):
        raise NumberError(f"The {what} cannot be NaN (not a number): type a real number.")
    if math.isinf(v):
        raise NumberError(f"The {what} cannot be infinite: type a finite number.")
    if not lo <= v <= hi:
        raise NumberError(f"The {what} {v:g} is outside the allowed range [{lo:g}, {hi:g}].")
    return ParsedNumber(v, note)


def check_finite_range(value: float, *, lo: float, hi: float, what: str = "value") -> float:
    """The same rules for a number that arrived as a float (a number box, a table cell)."""
    if value is None:
        raise NumberError(f"The {what} is empty: type a number.")
    return parse_number(repr(float(value)), lo=lo, hi=hi, what=what).value
