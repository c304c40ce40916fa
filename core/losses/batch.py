"""The labelled batch the loss pages work on, and the validation of what users type into it.

A *labelled batch* is rows of logits (one column per class) and one target class per row. The
user edits it in a table, so every problem is reported with its row and column, and nothing is
coerced silently: targets are class indices in [0, C) (never −100, which PyTorch would silently
ignore, and never floats, which PyTorch reads as class probabilities); logits are finite and
within ±LOGIT_LIMIT.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from core.base.i18n import Msg, localize
from core.base.inputs import MAX_NAME_CHARS  # one limit for a class name, typed or linked
from core.base.numbers import NumberError, parse_number
from core.base.record import LOGIT_LIMIT, LogitsRecord
from core.base.text import md_escape, quote

MIN_ROWS, MAX_ROWS = 1, 32
MIN_CLASSES, MAX_CLASSES = 2, 20
TARGET_COLUMN = "target"
_MAX_LISTED = 6  # problems spelled out in one message
_TARGET = Msg("batch_msgs.col_target")  # == TARGET_COLUMN in English; the column's header


class BatchError(ValueError):
    """The batch cannot be used; ``problems`` lists (row, column, text) and str(err) is the
    message for the user. ``row`` is the 0-based sample index (the message counts from 1, as the
    tables do: see row_name), or None when the problem is about a whole column (a class name)
    or the table's size. ``row_numbers`` (optional): the number the editor shows for each
    position, when rows were deleted or added there."""

    def __init__(self, problems: list[tuple[int | None, str, str]], row_numbers=None):
        self.problems = problems
        self.row_numbers = None if row_numbers is None else list(row_numbers)

        def number(i: int | None) -> int | None:
            if i is None or self.row_numbers is None or not 0 <= i < len(self.row_numbers):
                return i
            return int(self.row_numbers[i]) - 1  # _problem_text counts from 1

        self.lines = [_problem_text(number(r), c, t) for r, c, t in problems[:_MAX_LISTED]]
        if len(problems) > _MAX_LISTED:
            self.lines.append(Msg("batch_msgs.more", n=len(problems) - _MAX_LISTED))
        super().__init__(" ".join(self.lines))

    def text(self, lang: str) -> str:
        """The message in ``lang`` (str(err) is the English one)."""
        return " ".join(localize(line, lang) for line in self.lines)


def row_name(i: int) -> Msg:
    """How the pages name the sample at 0-based index i: rows are counted from 1, as the
    tables show them (PyTorch's index is i; classes keep their 0-based index: it is the target
    value)."""
    return Msg("batch_msgs.row", n=i + 1)


def row_index(n: int, name: str = "row"):
    """The index of every per-row table: 1 … n, named "row" (or ``name``)."""
    return pd.Index(np.arange(1, n + 1), name=name)


def _problem_text(row: int | None, column: str, text: str) -> Msg:
    """``column`` is a Msg or a class name the user typed: escaped, since messages are Markdown
    (a name like "**x** [a](http://b)" shows as typed, never as a link)."""
    if isinstance(column, str) and not isinstance(column, Msg):
        column = md_escape(column)
    if row is not None:
        return Msg("batch_msgs.at_cell", row=row + 1, column=column, text=text)
    return Msg("batch_msgs.at_column", column=column, text=text)


@dataclass(frozen=True, eq=False)
class Batch:
    """A validated labelled batch."""
    logits: np.ndarray  # float32 (N, C), read-only
    targets: np.ndarray  # int64 (N,), each in [0, C), read-only
    class_names: tuple[str, ...]  # C unique, non-empty names

    def __post_init__(self):
        for name, arr in (("logits", self.logits), ("targets", self.targets)):
            a = np.array(arr)
            a.setflags(write=False)
            object.__setattr__(self, name, a)

    @property
    def num_rows(self) -> int:
        return int(self.logits.shape[0])

    @property
    def num_classes(self) -> int:
        return int(self.logits.shape[1])

    @property
    def target_names(self) -> tuple[str, ...]:
        return tuple(self.class_names[t] for t in self.targets)

    def same_as(self, other: Batch | None) -> bool:
        return (other is not None and self.class_names == other.class_names
                and self.logits.shape == other.logits.shape
                and bool(np.array_equal(self.logits, other.logits))
                and bool(np.array_equal(self.targets, other.targets)))

    def logits_tensor(self, dtype: torch.dtype = torch.float32) -> torch.Tensor:
        return torch.tensor(self.logits, dtype=dtype)  # (N, C), a copy

    def targets_tensor(self) -> torch.Tensor:
        return torch.tensor(self.targets, dtype=torch.int64)  # (N,) class indices, never float

    def to_record(self, source: str = "hand-edited", detail: str = "") -> LogitsRecord:
        return LogitsRecord(values=self.logits, class_names=self.class_names, source=source,
                            detail=detail, targets=tuple(int(t) for t in self.targets))


# ---------------------------------------------------------------- validation

def validate_class_names(names) -> tuple[str, ...]:
    """2..20 names, each non-empty after trimming, at most 40 characters, all different."""
    names = list(names)
    problems: list[tuple[int | None, str, str]] = []
    if not MIN_CLASSES <= len(names) <= MAX_CLASSES:
        problems.append((None, Msg("batch_msgs.col_classes"), Msg(
            "batch_msgs.class_count", n=len(names), lo=MIN_CLASSES, hi=MAX_CLASSES)))
    clean: list[str] = []
    for j, raw in enumerate(names):
        col = Msg("batch_msgs.col_class", j=j)
        name = "" if _is_missing(raw) else str(raw).strip()
        if not name:
            problems.append((None, col, Msg("batch_msgs.name_empty")))
        elif len(name) > MAX_NAME_CHARS:
            problems.append((None, col, Msg("batch_msgs.name_long", limit=MAX_NAME_CHARS)))
        elif name in clean:
            problems.append((None, col, Msg("batch_msgs.name_taken", name=quote(name),
                                            j=clean.index(name))))
        clean.append(name)
    if problems:
        raise BatchError(problems)
    return tuple(clean)


def validate_batch(rows, targets, class_names, row_numbers=None) -> Batch:
    """Check a batch the user typed. ``rows``: N rows of C cells (numbers, or text to parse);
    ``targets``: N class indices or class names. Raises BatchError naming every bad cell (by the
    numbers the editor shows, ``row_numbers``, when given; else 1 … N)."""
    names = validate_class_names(class_names)
    rows = [list(r) for r in rows]
    targets = list(targets)
    problems: list[tuple[int | None, str, str]] = []
    if not MIN_ROWS <= len(rows) <= MAX_ROWS:
        problems.append((None, Msg("batch_msgs.col_rows"), Msg(
            "batch_msgs.row_count", n=len(rows), lo=MIN_ROWS, hi=MAX_ROWS)))
    if len(targets) != len(rows):
        problems.append((None, _TARGET, Msg("batch_msgs.target_count", n=len(targets),
                                            rows=len(rows))))
    if problems:
        raise BatchError(problems, row_numbers)
    values = np.zeros((len(rows), len(names)), dtype=np.float32)
    picked = np.zeros(len(rows), dtype=np.int64)
    for i, (row, target) in enumerate(zip(rows, targets, strict=True)):
        if len(row) != len(names):
            problems.append((i, Msg("batch_msgs.col_logits"), Msg(
                "batch_msgs.cell_count", n=len(row), c=len(names))))
            continue
        for j, cell in enumerate(row):
            try:
                values[i, j] = _logit_value(cell)
            except NumberError as e:
                problems.append((i, names[j], _message(e)))
        try:
            picked[i] = _target_index(target, names)
        except NumberError as e:
            problems.append((i, _TARGET, _message(e)))
    if problems:
        raise BatchError(problems, row_numbers)
    return Batch(logits=values, targets=picked, class_names=names)


def _message(e: NumberError) -> str:
    """The error's message, a Msg when it has one (so the page can show it translated)."""
    return e.args[0] if e.args else str(e)


def _is_missing(x) -> bool:
    if x is None:
        return True
    try:
        return bool(isinstance(x, numbers.Real) and math.isnan(x))
    except (TypeError, ValueError):
        return False


def _logit_value(cell) -> float:
    if _is_missing(cell):
        raise NumberError(Msg("batch_msgs.cell_empty", lo=f"{-LOGIT_LIMIT:g}",
                              hi=f"{LOGIT_LIMIT:g}"))
    if isinstance(cell, bool | np.bool_):
        raise NumberError(Msg("batch_msgs.not_number", text=str(cell)))
    what = Msg("batch_msgs.what_logit")
    if isinstance(cell, numbers.Real):
        v = float(cell)
        if math.isinf(v):
            raise NumberError(Msg("batch_msgs.logit_inf"))
        if not -LOGIT_LIMIT <= v <= LOGIT_LIMIT:
            raise NumberError(Msg("batch_msgs.logit_range", value=f"{v:g}",
                                  lo=f"{-LOGIT_LIMIT:g}", hi=f"{LOGIT_LIMIT:g}"))
        return v
    if isinstance(cell, str):
        return parse_number(cell, lo=-LOGIT_LIMIT, hi=LOGIT_LIMIT, what=what).value
    raise NumberError(Msg("batch_msgs.not_number", text=type(cell).__name__))


def _target_index(target, names: tuple[str, ...]) -> int:
    """A class index in [0, C) from an int or a class name; nothing else is guessed."""
    c = len(names)
    classes = f"0 … {c - 1} ({', '.join(md_escape(n) for n in names)})"
    if _is_missing(target):
        raise NumberError(Msg("batch_msgs.target_empty", classes=classes))
    if isinstance(target, str):
        s = target.strip()
        if s in names:
            return names.index(s)
        try:
            target = int(s.replace("\u2212", "-"))
        except ValueError:
            try:
                target = float(s)
            except ValueError:
                raise NumberError(Msg("batch_msgs.target_unknown", text=quote(s),
                                      classes=classes)) from None
    if isinstance(target, bool | np.bool_):
        raise NumberError(Msg("batch_msgs.not_index", text=str(target), classes=classes))
    if isinstance(target, numbers.Integral):
        t = int(target)
        if t == -100:
            raise NumberError(Msg("batch_msgs.target_ignore", classes=classes))
        if not 0 <= t < c:
            raise NumberError(Msg("batch_msgs.not_index", text=str(t), classes=classes))
        return t
    if isinstance(target, numbers.Real):
        raise NumberError(Msg("batch_msgs.target_float", text=repr(float(target)),
                              classes=classes))
    raise NumberError(Msg("batch_msgs.not_index", text=type(target).__name__, classes=classes))


def batch_from_record(record: LogitsRecord) -> Batch | None:
    """The record as a labelled batch, or None when it is not one (1-D, no targets, too big)."""
    if record.values.ndim != 2 or record.targets is None:
        return None
    try:
        return validate_batch(record.values.tolist(), list(record.targets), record.class_names)
    except BatchError:
        return None


def top_k_batch(record: LogitsRecord, k: int, target: int) -> Batch:
    """The record's first row, top k classes, as a one-row batch; ``target`` is a position in
    that top-k list. The classes left out stay as one last column, "all other classes" (its
    logit the logsumexp of theirs: core.base.record.with_rest), so the loss is the one over
    every class: k + 1 ≤ 20 columns (k ≤ 20 when nothing is left out)."""
    k = max(MIN_CLASSES, min(int(k), MAX_CLASSES))
    if k < record.num_classes:
        k = min(k, MAX_CLASSES - 1)
    top = record.top_k(k, rest=True)
    names = distinct_names(top.class_names, top.class_indices)
    return validate_batch([top.values.tolist()], [int(target)], names)


def distinct_names(names, indices=None) -> tuple[str, ...]:
    """Names usable as batch columns: trimmed to 40 characters, and made different where two
    classes share a name (ImageNet has two "crane"s and two "maillot"s) by adding the index."""
    ids = list(range(len(names))) if indices is None else list(indices)
    out = [str(n).strip()[:MAX_NAME_CHARS] or f"class {i}" for n, i in zip(names, ids, strict=True)]
    shared = {n for n in out if out.count(n) > 1}
    for j, name in enumerate(out):
        if name in shared:
            suffix = f" #{ids[j]}"
            out[j] = name[:MAX_NAME_CHARS - len(suffix)] + suffix
    return tuple(out)
