"""User text shown inside app messages: Streamlit renders messages as Markdown, so any text a
user (or a link) supplied is escaped first; it then shows literally and never becomes a link,
an image, LaTeX or HTML."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&])")
# An underscore or hyphen between two letters or digits cannot start emphasis or a list, so it
# stays as typed: "tf_efficientnet_lite0" reads, and copies, as itself.
_INTRAWORD = re.compile(r"(?<=[0-9A-Za-z])\\([_-])(?=[0-9A-Za-z])")


def md_escape(text: str) -> str:
    return _INTRAWORD.sub(r"\1", _MD_SPECIAL.sub(r"\\\1", str(text)))


def quote(text: str, limit: int = 40) -> str:
    """A user value quoted in a message: one line, cut to ``limit`` characters, escaped."""
    one_line = " ".join(str(text).split())
    cut = one_line if len(one_line) <= limit else one_line[:limit] + "…"
    return md_escape(cut)
