"""One declaration of each page control: its session key, link parameter, type, range, default.

A page's inputs are declared once (in ``core/<topic>/inputs.py``); the same declaration makes
the widget's arguments (``ui.inputs``), checks a value, and writes and reads the share link
(``core.base.share``), so every declared control is in the link and validated the same way.

Kinds:
- ``number``: a float in [lo, hi]; with ``options`` (a select-slider's grid) it snaps to the
  nearest option (log scale when all are positive).
- ``int``: an integer in [lo, hi] (a slider of counts).
- ``bool``: a toggle; ``1`` / ``0`` in a link.
- ``choice``: one of ``options`` (a radio or a select box); in a link, its text as written.
- ``index``: a position in a list only the page knows (a row, a class): an integer in [lo, hi],
  where hi is the largest list the page can have; the page narrows it to this run's list
  (``ui.inputs.args(inp, hi=...)``). With ``default=None``, None ("none picked") is a value too,
  written as an empty parameter.
- ``choices``: several of ``options`` in the user's order (a multiselect), at most ``hi`` of
  them; in a link, joined with commas.
- ``text``: a name the user types (a class name): 1 to ``hi`` characters once trimmed (the
  limit of names in a link, MAX_NAME_CHARS, when ``hi`` is not given). User text: shown only
  through the app's escaping (core.base.text), never as markup. Its default is usually "" (no
  name: the page names it, in the user's language, with ``ui.inputs.start``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from core.base.i18n import Msg
from core.base.numbers import NumberError, parse_number
from core.base.text import quote

LINK_SPACE = " \t\r\n"  # what a link may pad a value with ('+' arrives as a space)
# A number as a link writes it, in ASCII only ("²", "⑴", "１" are not digits here: str.isdigit
# says they are, int() refuses them). NaN and inf pass so that core.base.numbers names them.
_LINK_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?"
                          r"|[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_LINK_INT = re.compile(r"[+-]?[0-9]{1,6}")
MAX_NAME_CHARS = 40  # a class name, typed or in a link


def clean_name(text: object, limit: int = MAX_NAME_CHARS) -> str | None:
    """A name as a link holds it: trimmed, 1 to ``limit`` characters; None when it is not."""
    s = str(text).strip()
    return s if 1 <= len(s) <= limit else None


def shown(text: str) -> str:
    """A bad value quoted in a message, with characters one cannot see (a non-breaking space,
    a control character) named, so the reader can tell why "1" was refused."""
    return quote("".join(c if c == " " or (c.isprintable() and not c.isspace())
                         else f"‹U+{ord(c):04X}›" for c in text))


def link_number(text: str, *, lo: float, hi: float, what, integer: bool = False) -> float:
    """One number from a link, in [lo, hi]; raises NumberError (a message) for anything that is
    not a plain ASCII number (an integer where ``integer``). -0 is read as 0."""
    s = str(text).strip(LINK_SPACE)
    if s and not (_LINK_INT if integer else _LINK_NUMBER).fullmatch(s):
        raise NumberError(Msg("share.not_plain_number", what=what, text=shown(s)))
    return parse_number(s, lo=lo, hi=hi, what=what).value + 0.0


@dataclass(frozen=True)
class Input:
    key: str  # the session-state key holding the value (a widget's key, or synced "<key>__value")
    param: str  # its name in a share link
    kind: str  # number | int | bool | choice
    default: object
    what: str  # catalogue key that names the control in messages
    lo: float | None = None
    hi: float | None = None
    options: tuple = ()
    what_params: tuple = ()  # (name, value) pairs the ``what`` message needs

    def __post_init__(self):
        if self.kind not in ("number", "int", "bool", "choice", "index", "choices", "text"):
            raise ValueError(f"unknown input kind {self.kind!r}")
        if self.kind == "choice" and self.default not in self.options:
            raise ValueError(f"{self.key}: default {self.default!r} is not an option")
        if self.kind == "choices" and not set(self.default) <= set(self.options):
            raise ValueError(f"{self.key}: default {self.default!r} is not among the options")
        if self.kind == "index" and self.default is not None and not self.valid(self.default):
            raise ValueError(f"{self.key}: default {self.default!r} is out of range")

    @property
    def label(self) -> Msg:
        """The message that names this control."""
        return Msg(self.what, **dict(self.what_params))

    def is_default(self, value: object) -> bool:
        """Whether a (valid) value is the default: then a link leaves it out."""
        return self.encode(value) == self.encode(self.default)

    def snap(self, value: float) -> float:
        if not self.options:
            return value
        if value > 0 and all(o > 0 for o in self.options):  # log-scale controls
            return min(self.options, key=lambda o: abs(math.log(o) - math.log(value)))
        return min(self.options, key=lambda o: abs(o - value))

    def parse(self, text: str) -> object:
        """A value from a link's text; raises NumberError with a message for anything else."""
        s = str(text).strip(LINK_SPACE)
        what = self.label
        if self.kind == "index" and self.default is None and s == "":
            return None
        if self.kind == "choices":
            return self._parse_choices(s, what)
        if self.kind == "text":
            name = clean_name(s, self.name_limit)
            if name is None:
                raise NumberError(Msg("inputs.bad_name", what=what, n=len(s.strip()),
                                      limit=self.name_limit))
            return name
        if self.kind == "choice":
            for o in self.options:
                if s == self.encode(o):
                    return o
            raise NumberError(Msg("inputs.not_an_option", what=what, text=shown(s),
                                  choices=", ".join(self.encode(o) for o in self.options)))
        if self.kind == "bool":
            if s in ("0", "1"):
                return s == "1"
            raise NumberError(Msg("inputs.not_a_switch", what=what, text=shown(s)))
        integer = self.kind in ("int", "index")
        value = link_number(s, lo=self.lo, hi=self.hi, what=what, integer=integer)
        return int(value) if integer else self.snap(value)

    def _parse_choices(self, s: str, what: Msg) -> list:
        picked = []
        for part in s.split(",") if s else []:
            part = part.strip(LINK_SPACE)
            match = [o for o in self.options if self.encode_one(o) == part]
            if not match:
                raise NumberError(Msg("inputs.not_an_option", what=what, text=shown(part),
                                      choices=", ".join(map(self.encode_one, self.options))))
            if match[0] in picked:
                raise NumberError(Msg("inputs.repeated_option", what=what, text=shown(part)))
            picked.append(match[0])
        if self.hi is not None and len(picked) > self.hi:
            raise NumberError(Msg("inputs.too_many_options", what=what, n=len(picked),
                                  limit=int(self.hi)))
        return picked

    @property
    def name_limit(self) -> int:
        return int(self.hi) if self.hi is not None else MAX_NAME_CHARS

    @staticmethod
    def encode_one(option: object) -> str:
        return format(option, ".9g") if isinstance(option, float) else str(option)

    def encode(self, value: object) -> str:
        if self.kind == "bool":
            return "1" if value else "0"
        if self.kind == "text":
            return str(value).strip()
        if self.kind == "choices":
            return ",".join(map(self.encode_one, value))
        if self.kind == "index":
            return "" if value is None else str(int(value))
        if self.kind == "int":
            return str(int(value))
        if self.kind == "number" or isinstance(value, float):
            return format(float(value), ".9g")
        return str(value)

    def valid(self, value: object) -> bool:
        """Whether a value held in the session is one this control can have (else: not linked)."""
        if self.kind == "choice":
            return value in self.options
        if self.kind == "text":
            return isinstance(value, str) and clean_name(value, self.name_limit) is not None
        if self.kind == "choices":
            return (isinstance(value, (list, tuple)) and all(v in self.options for v in value)
                    and len(set(value)) == len(value)
                    and (self.hi is None or len(value) <= self.hi))
        if self.kind == "index" and value is None:
            return self.default is None
        if self.kind == "index":
            return (isinstance(value, int) and not isinstance(value, bool)
                    and self.lo <= value <= self.hi)
        if self.kind == "bool":
            return isinstance(value, bool)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        return math.isfinite(value) and self.lo <= value <= self.hi


def check_unique(inputs: tuple[Input, ...]) -> tuple[Input, ...]:
    """All declarations of the app: no two share a key or a link parameter."""
    for attr in ("key", "param"):
        seen = [getattr(i, attr) for i in inputs]
        dup = {x for x in seen if seen.count(x) > 1}
        if dup:
            raise ValueError(f"inputs declared twice ({attr}): {sorted(dup)}")
    return inputs
