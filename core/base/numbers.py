"""Turning what a user typed into a number, deliberately, with a message when it can't be."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

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


# ---------------------------------------------------------------- numbers written as text
def fmt_number(v, decimals: int = 4, *, significant: bool = False, tiny: bool = False,
               signed_zero: bool = False, neg_inf: str = "-inf") -> str:
    """A number as a table cell, a readout or a text box shows it: ``decimals`` places
    (``significant=True``: that many significant digits, how a text box is refilled). NaN reads
    "NaN", infinities "inf" and ``neg_inf``. ``tiny``: a nonzero number below the last place is
    written 1.234e-05, not 0.0000 (a tiny probability is not 0). A value that rounds to -0.0000
    (x_max - x_max in float32, a gradient of -3e-6) is written 0.0000 unless ``signed_zero``
    (where the text must be what Python itself prints)."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "inf" if v > 0 else neg_inf
    if significant:
        return f"{v:.{decimals}g}"
    if tiny and v != 0 and abs(v) < 10 ** -decimals:
        return f"{v:.3e}"
    text = f"{v:.{decimals}f}"
    return text[1:] if not signed_zero and text == f"-{0:.{decimals}f}" else text


def fmt_probability(p, complement=None, decimals: int = 4) -> str:
    """A probability as a readout shows it: ``decimals`` places; a tiny one in 4 significant
    digits (1.234e-05, not 0.0000); one that rounds to 1 but is not 1 as "≈ 1 − 1.107e-05",
    from ``complement`` (1 − p computed on its own, e.g. σ(−z)) when given: σ(11.41) is not 1."""
    p = float(p)
    if math.isnan(p) or math.isinf(p):
        return fmt_number(p, decimals)
    if 0 < p < 10 ** -(decimals - 1):
        return f"{p:.3e}"
    q = 1.0 - p if complement is None else float(complement)
    if p < 1 and f"{p:.{decimals}f}" == f"{1:.{decimals}f}" and q > 0:
        return f"≈ 1 − {q:.3e}"
    return f"{p:.{decimals}f}"


def float32_literal(x, form: str = "shortest") -> str:
    """Text that reads back as exactly this float32 (``np.float32(float(text))``), in the form
    each place has always shown:
    "shortest": fewest digits, positional where that reads back ("0.1", "2", "1e-45") - the
    loss pages' code panels; "numpy": NumPy's repr ("0.1", "2.0", "1e-08") - the labs' code
    panels; "float64": Python's repr of the same value as a float64 ("0.10000000149011612") -
    the Softmax and Sigmoid code panels; "link": 9 significant digits - share links."""
    v = np.float32(x)
    if form == "shortest":
        s = np.format_float_positional(v, unique=True, trim="-")
        return s if np.float32(float(s)) == v else repr(float(v))
    if form == "numpy":
        return str(v)
    if form == "float64":
        return repr(float(v))
    if form == "link":
        return format(float(v), ".9g")
    raise ValueError(f"unknown form {form!r}; choose shortest, numpy, float64 or link")
