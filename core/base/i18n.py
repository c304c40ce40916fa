"""Message catalogues: one TOML file per language in locales/, keys ``section.name``.

``tr(lang, key, **params)`` formats a message; ``Msg`` is a message that core code can return or
raise before any language is known: it *is* the English string (so logs, tests and str() read
naturally) and it remembers its key and parameters, so the UI shows it in the user's language.
The Japanese catalogue uses the source article's own terms (ロジット, シグモイド関数,
ソフトマックス, 負の対数尤度, クロスエントロピー損失).
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

LOCALES = Path(__file__).resolve().parents[2] / "locales"
LANGS = {"en": "English", "ja": "日本語"}
DEFAULT_LANG = "en"


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in table.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = str(v)
    return out


@cache
def catalog(lang: str) -> dict[str, str]:
    if lang not in LANGS:
        raise KeyError(f"unknown language {lang!r}")
    with open(LOCALES / f"{lang}.toml", "rb") as f:
        return _flatten(tomllib.load(f))


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def tr(lang: str, key: str, **params) -> str:
    """The message ``key`` in ``lang`` (English where a language lacks it: tests forbid that),
    formatted with ``params``. An unknown key raises KeyError: tests catch those."""
    text = catalog(lang).get(key) if lang in LANGS else None
    if text is None:
        text = catalog(DEFAULT_LANG)[key]
    return text.format(**params) if params else text


def translator(lang: str) -> Callable[..., str]:
    """``tr`` bound to ``lang``: a figure or table builder takes ``lang`` and its own words,
    ``t = translator(lang)`` then ``t("softmax.col_class")`` (the name ``t`` is the one the
    catalogue test looks for, so every key a builder uses is checked to exist)."""
    return partial(tr, lang)


def _make_msg(key: str, params: dict) -> Msg:
    return Msg(key, **params)


class Msg(str):
    """An English string that knows its catalogue key, for translation at display time."""

    key: str
    params: dict

    def __new__(cls, key: str, **params):
        self = super().__new__(cls, tr(DEFAULT_LANG, key, **params))
        self.key, self.params = key, params
        return self

    def __reduce__(self):  # st.cache_data pickles results: keep key and params
        return _make_msg, (self.key, self.params)

    def text(self, lang: str) -> str:
        params = {k: v.text(lang) if isinstance(v, Msg) else v for k, v in self.params.items()}
        return tr(lang, self.key, **params)


def localize(message, lang: str) -> str:
    """A Msg (or an exception carrying one) in ``lang``; any other text unchanged."""
    if isinstance(message, BaseException):
        message = message.args[0] if message.args else str(message)
    if isinstance(message, Msg):
        return message.text(lang)
    return str(message)
