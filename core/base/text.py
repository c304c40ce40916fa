"""User text (class names, file names, link values) shown by the app can never become markup.

One escaping path per target, used everywhere:

- **Markdown** (messages, captions, labels and ``st.table`` cells, which Streamlit renders as
  Markdown with KaTeX, colour directives and autolinks): ``md_escape``. It backslash-escapes
  what can start markup inside a line (emphasis, code, links, images, HTML, ``$`` math,
  ``:red[…]`` directives, ``:emoji:`` codes, autolinks) and what can start a block at the
  beginning of a line (``#``, ``>``, ``- ``, ``1. ``). Plain words and numbers pass unchanged
  ("tiger cat", "p(target)", "-0.5", "tf_efficientnet_lite0"), so tables read as before.
- **Plotly's HTML subset** (every string of a chart: ticks, hover, legend, titles):
  ``plotly_escape`` turns ``& < >`` into entities, which Plotly draws as the characters.
  ``ui.panels.chart`` applies it to a whole figure through ``core.base.figures.escaped_figure``.

Both drop Unicode bidi controls (an RTL override would show a name reversed).
"""

from __future__ import annotations

import html
import re

# Unicode bidirectional embeddings, overrides and isolates: they reorder what is displayed.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Every colon too: :red[…], :smile: and :material/icon: are Streamlit's, found before Markdown.
# (not "|": inside one line it cannot make a table; app headers such as |difference| keep it)
_MD_INLINE = re.compile(r"([\\`*_~\[\]<>$&@{}:])")
# GFM links bare addresses (http://…, www.…, a@b.c) and Streamlit draws :material/…: icons and
# :emoji: codes after escapes are resolved, so escaping cannot stop them: an invisible word
# joiner after "http", "www", "@" and every ":" breaks their patterns.
_MD_AUTOLINK = re.compile(r"(?i)(\bwww(?=\.)|\\[@:])")
_JOINER = "\u2060"
# The start of a block at the beginning of a line: heading, quote, list item, setext rule.
_MD_BLOCK = re.compile(r"^([ \t]*\d*)([#>+\-=]|(?<=\d)[.)])(?=[ \t]|$)", re.MULTILINE)
# An underscore between two letters or digits cannot start emphasis, so it stays as typed:
# "tf_efficientnet_lite0" reads, and copies, as itself.
_INTRAWORD = re.compile(r"(?<=[0-9A-Za-z])\\(_)(?=[0-9A-Za-z])")


def plain(text: object) -> str:
    """``text`` as a string without bidi controls (the common first step of both escapes)."""
    return _BIDI.sub("", str(text))


def md_escape(text: object) -> str:
    """User text for any place Streamlit renders Markdown: shows literally, never markup."""
    s = _MD_INLINE.sub(r"\\\1", plain(text))
    s = _MD_AUTOLINK.sub(lambda m: m.group(1) + _JOINER, s)
    s = _MD_BLOCK.sub(r"\1\\\2", s)
    return _INTRAWORD.sub(r"\1", s)


def plotly_escape(text: object) -> str:
    """User text for a Plotly string: ``<b>``, ``<a href>``, ``<br>`` show as typed."""
    return html.escape(plain(text), quote=False)


def quote(text: str, limit: int = 40) -> str:
    """A user value quoted in a message: one line, cut to ``limit`` characters, escaped."""
    one_line = " ".join(plain(text).split())
    cut = one_line if len(one_line) <= limit else one_line[:limit] + "…"
    return md_escape(cut)
