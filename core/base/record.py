"""The one "current logits" record every page starts from.

It holds the values (one row of logits, or a batch), the class name of each column, and where
they came from. Pages never keep their own copy of the logits: they read this record and, when
the user edits logits, put a new record back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
import torch

from core.base.i18n import Msg, tr

LOGIT_LIMIT = 1e4  # |logit| accepted from users; float32 softmax/log_softmax stay exact here
MAX_CLASSES = 1000
SOURCES = ("sample", "upload", "camera", "hand-edited", "preset")

# "All other classes" as one column: a top-k that drops classes keeps them as one extra column
# whose logit is the logsumexp of theirs, so softmax, NLL and cross-entropy over the k + 1
# columns equal those over every class (the values Introduction and Conclusion show). Its name
# is data, like every class name (records, CSVs, links): this fixed English form, which pages
# show translated (``class_label``, catalogue key record.rest_class); a link round-trips it.
REST_NAME = "(all other {n} classes)"
REST_INDEX = -1  # its entry in ``class_indices``: no ImageNet class
_REST = re.compile(r"\(all other ([0-9]{1,4}) classes\)")


@dataclass(frozen=True, eq=False)
class LogitsRecord:
    values: np.ndarray  # float32, (classes,) or (batch, classes)
    class_names: tuple[str, ...]  # one per column
    source: str  # one of SOURCES
    detail: str = ""  # e.g. "coffee.png · tf_efficientnet_lite0"
    class_indices: tuple[int, ...] | None = None  # ImageNet index of each column, when known
    targets: tuple[int, ...] | None = None  # one target class per row, for the loss pages

    def __post_init__(self):
        v = np.array(self.values, dtype=np.float32)  # own copy: records never share memory
        v.setflags(write=False)
        object.__setattr__(self, "values", v)
        object.__setattr__(self, "class_names", tuple(str(n) for n in self.class_names))
        if v.ndim not in (1, 2) or v.shape[-1] < 1:
            raise ValueError(f"Logits must be a vector or a batch of rows, got shape {v.shape}.")
        if v.shape[-1] != len(self.class_names):
            raise ValueError(f"{v.shape[-1]} logits but {len(self.class_names)} class names.")
        if self.source not in SOURCES:
            raise ValueError(f"Unknown source {self.source!r}.")
        if self.class_indices is not None and len(self.class_indices) != v.shape[-1]:
            raise ValueError("class_indices must name one ImageNet class per column.")

    @property
    def num_classes(self) -> int:
        return int(self.values.shape[-1])

    @property
    def row(self) -> np.ndarray:
        """The first (or only) row of logits, (classes,)."""
        return self.values if self.values.ndim == 1 else self.values[0]

    @property
    def from_photo(self) -> bool:
        return self.source in ("sample", "upload", "camera")

    def top_k(self, k: int, *, rest: bool = False) -> LogitsRecord:
        """The k largest logits of the first row as a hand-editable record (ties: lower index
        first, as torch.topk on CPU returns them for distinct values). ``rest``: the classes
        left out stay as one last column (``with_rest``), when any are left out."""
        k = max(1, min(int(k), self.num_classes))
        order = top_k_indices(self.row, k)
        idx = None if self.class_indices is None else tuple(self.class_indices[i] for i in order)
        names = [self.class_names[i] for i in order]
        others = self.num_classes - k
        if not rest or others == 0:
            return LogitsRecord(values=self.row[order], class_names=names, source="hand-edited",
                                detail=Msg("record.top_k", k=k, detail=self.detail),
                                class_indices=idx)
        return LogitsRecord(values=with_rest(self.row, order), class_names=[*names,
                            rest_name(others)], source="hand-edited",
                            detail=Msg("record.top_k_rest", k=k, n=others, detail=self.detail),
                            class_indices=None if idx is None else (*idx, REST_INDEX))

    def with_values(self, values, class_names=None) -> LogitsRecord:
        names = self.class_names if class_names is None else tuple(class_names)
        return replace(self, values=np.asarray(values, dtype=np.float32), class_names=names,
                       source="hand-edited", class_indices=None if class_names is not None
                       else self.class_indices)


def rest_name(n: int) -> str:
    """The data name of the column that holds ``n`` other classes."""
    return REST_NAME.format(n=int(n))


def rest_count(name) -> int | None:
    """How many classes a column named ``rest_name(n)`` holds; None for any other name."""
    m = _REST.fullmatch(str(name))
    return int(m.group(1)) if m else None


def class_label(name, lang: str) -> str:
    """A class name as a page shows it: itself, but the "all other classes" column in ``lang``."""
    n = rest_count(name)
    return str(name) if n is None else tr(lang, "record.rest_class", n=n)


def with_rest(values, kept) -> np.ndarray:
    """The ``kept`` columns of (C,) or (N, C) logits and one last column for all the others:
    logsumexp of their logits, computed in float64 from the float32 logits, then float32.
    softmax over the result equals softmax over all C at the kept columns (and the last one
    is their total): exp(lse(z_rest)) = Σ exp(z_i) over the rest. (…, k) -> (…, k + 1)."""
    z = torch.tensor(np.asarray(values, dtype=np.float32))  # a copy: records are read-only
    kept = [int(i) for i in kept]
    others = torch.ones(z.shape[-1], dtype=torch.bool)
    others[kept] = False
    if not others.any():
        raise ValueError("No classes are left out: there is no 'all other classes' column.")
    lse = torch.logsumexp(z[..., others].double(), dim=-1, keepdim=True).float()
    return torch.cat([z[..., kept], lse], dim=-1).numpy()


def top_k_indices(row: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest values, largest first; NaN never counts as large."""
    row = np.asarray(row, dtype=np.float64)
    safe = np.where(np.isnan(row), -np.inf, row)
    order = np.argsort(-safe, kind="stable")
    return order[:k]


def logit_stats(row: np.ndarray) -> dict[str, float]:
    """A logit row's count, min, max, mean, std and sum (the float32 values, summed in float64:
    the Logits page's "they need not add up to 1")."""
    r = np.asarray(row, dtype=np.float32)
    return {"min": float(r.min()), "max": float(r.max()), "mean": float(r.mean(dtype=np.float64)),
            "std": float(r.std(dtype=np.float64)), "sum": float(r.sum(dtype=np.float64)),
            "count": int(r.size)}
