"""A control over a declared grid as a live piece (ui/live/playback.js): torch's numbers for
EVERY grid point are computed in one Python run and sent at once; while the thumb moves the
piece plays back the frame under it (readouts, a curve with its point or marker, bars, tables),
so mid-drag every number is torch's too. On release the grid position comes back, is checked
(core.base.live) and becomes the declared control's value: one server run, where the full
tables are recomputed by torch.

``GridPiece`` holds the session keys of one such control; a page (or a ui module) builds the
frames' layout (``readout``, charts, ``bars``, ``table``) from its core/<topic> numbers and
the catalogue's words, and calls ``show``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import streamlit as st

from core.base.export import safe_filename
from core.base.i18n import Msg, tr
from core.base.inputs import Input
from core.base.live import CommitError, commit_index, commit_seq
from core.base.text import plain
from ui.i18n import msg, t
from ui.inputs import SYNCED
from ui.live import colors, commit_payload, piece, png_words
from ui.widgets import set_synced

_component = piece("playback", "lxp-root")


def num(v) -> float | str:
    """A number for the browser: JSON has no NaN or inf, so they travel as text."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def nums(values) -> list:
    return [num(v) for v in values]


def readout(label: str, values, *, digits: int = 4, prob: bool = False) -> dict:
    """A labelled number, one value per grid point (formatted as the server's tables do)."""
    return {"label": label, "values": nums(values), "digits": digits, "prob": prob}


def table(columns, rows, frames, *, title: str = "", digits: int = 4,
          heat: float | None = None, lead=None, text=(), csv: str | None = None) -> dict:
    """A small table: ``frames[k][r][c]`` is cell (row r, column c) at grid point k. With
    ``heat`` it is a heatmap: each cell tinted by its value's sign and size (|value| / heat).
    ``lead``: ``{column: [one text per row]}``, columns of words that are the same at every
    grid point, before the numbers (a row's target, whether it counts); ``text``: the indices of
    the columns whose cells are already words (formatted by Python, e.g. "row 2, Teddy").
    ``csv``: the file name of its CSV button (the frame shown, as shown; the browser adds the
    value shown: ``stability-float32-1000.csv``)."""
    text = set(text)
    lead = dict(lead or {})
    out = {"title": title, "columns": list(columns), "rows": [plain(r) for r in rows],
           "frames": [[[str(v) if c in text else num(v) for c, v in enumerate(row)]
                       for row in frame] for frame in frames], "digits": digits,
           "heat": {"hi": float(heat)} if heat else None, "text": sorted(text),
           "lead": {"columns": list(lead), "cells": [[plain(lead[c][r]) for c in lead]
                                                     for r in range(len(rows))]}}
    if csv:
        out["csv"] = {"label": "CSV", "help": t("panels.csv_help", name=csv),
                      "file": safe_filename(csv, "")}
    return out


def say(message, lang: str) -> str:
    """A catalogue message (a Msg) as a piece shows it, text: the catalogue's code-span and bold
    marks dropped from its template, the values put into it (class names!) kept as they are."""
    if not isinstance(message, Msg):
        return str(message)
    params = {k: say(v, lang) for k, v in message.params.items()}
    return _unmarked(tr(lang, message.key)).format(**params)


def notes(frames) -> dict:
    """Lines of words under a piece, one list per grid point: each ``(kind, text)``, kind ""
    (a statement), "ok" (a check that holds) or "warn" (one that fails), text shown as text."""
    return {"frames": [[[kind, str(line)] for kind, line in frame] for frame in frames]}


def finite_range(values, lo: float = 0.0) -> tuple[float, float]:
    """[lo, a little above the largest finite value] for an axis that must not jump."""
    top = max((float(v) for v in values if math.isfinite(float(v))), default=1.0)
    return lo, (top * 1.08 if top > lo else lo + 1.0)


def log_axis(values) -> dict:
    """A log axis over the finite positive values: from the power of ten at or below the
    smallest to the one at or above the largest, a tick at each power (a chart's ``y_lo``,
    ``y_hi``, ``y_ticks``, ``y_tick_text``)."""
    v = [float(x) for x in values if math.isfinite(float(x)) and float(x) > 0] or [1.0]
    lo, hi = math.floor(math.log10(min(v))), math.ceil(math.log10(max(v)))
    ticks = [10.0 ** e for e in range(lo, max(hi, lo + 1) + 1)]
    return {"log_y": True, "y_lo": ticks[0], "y_hi": ticks[-1], "y_ticks": ticks,
            "y_tick_text": [f"{x:g}" for x in ticks]}


def _unmarked(obj):
    """The catalogue's words as the piece shows them (text, not Markdown): code spans' and bold
    marks dropped from every string (numbers and lists of numbers pass as they are)."""
    if isinstance(obj, str):
        return obj.replace("`", "").replace("**", "")
    if isinstance(obj, dict):
        return {k: v if k in ("frames", "cells") else _unmarked(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_unmarked(v) for v in obj]
    return obj


@dataclass(frozen=True)
class GridPiece:
    """One grid control shown as a playback piece: the component's key, the declared control
    it sets, and the message that names it."""
    key: str
    inp: Input
    what: str  # catalogue key naming the control in a refused commit's message

    @property
    def _seq(self) -> str:
        return f"{self.key}__seq"

    @property
    def _msg(self) -> str:
        return f"{self.key}__msg"

    @property
    def _grid(self) -> str:
        return f"{self.key}__grid"

    def on_commit(self) -> None:
        """The thumb was released (or a key pressed): check the grid position, take its value.
        A refused commit leaves a message and changes nothing."""
        ss = st.session_state
        payload = commit_payload(self.key)
        if payload is None:
            return
        grid = ss.get(self._grid) or ()
        try:
            seq = commit_seq(payload)
            ss[self._seq] = max(int(ss.get(self._seq, 0)), seq)
            index = commit_index(payload, "index", size=len(grid), what=Msg(self.what))
        except CommitError as err:
            ss[self._msg] = err.args[0]
            return
        ss[self._msg] = None
        if self.inp.key.endswith(SYNCED):  # a synced number: its exact box shows it too
            set_synced(self.inp.key[: -len(SYNCED)], grid[index])
        else:
            ss[self.inp.key] = grid[index]

    def index(self, grid, value: float) -> int:
        """The grid point that shows ``value`` (the nearest one)."""
        return min(range(len(grid)), key=lambda i: abs(grid[i] - value))

    def show(self, grid, grid_text, value: float, *, labels: dict, readouts=(), charts=(),
             bars=None, tables=(), lines=None) -> None:
        """Mount the piece at ``value`` over ``grid`` (the values a commit can choose; what the
        thumb shows at each point: ``grid_text``), and any message of a refused commit.
        ``lines``: words under it that change with the thumb (``notes``)."""
        labels, readouts, charts, bars, tables = _unmarked((labels, readouts, charts, bars,
                                                            tables))
        charts = [{**c, "png": png_words(t, c["title"], file=c.get("file")
                                         or f"{self.key}-{k + 1}")}
                  for k, c in enumerate(charts)]  # each saves as a PNG, as every chart does
        self.mount(_component, grid, value, {
            "grid_text": list(grid_text), "labels": labels, "readouts": list(readouts),
            "charts": list(charts), "bars": bars, "tables": list(tables), "notes": lines})

    def mount(self, component, grid, value: float, data: dict) -> None:
        """Mount ``component`` (a piece made with ``ui.live.lxGridPiece``) with ``data`` at the
        grid point nearest ``value``; a refused commit's message under it."""
        grid = tuple(float(g) for g in grid)
        st.session_state[self._grid] = grid
        data = {**data, "index": self.index(grid, value),
                "seq": int(st.session_state.get(self._seq, 0)), "colors": colors()}
        component(key=self.key, data=data, on_commit_change=self.on_commit)
        if st.session_state.get(self._msg):
            st.error(msg(st.session_state[self._msg]), icon=":material/error:")
