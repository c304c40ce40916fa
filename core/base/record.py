"""The one "current logits" record every page starts from.

It holds the values (one row of logits, or a batch), the class name of each column, and where
they came from. Pages never keep their own copy of the logits: they read this record and, when
the user edits logits, put a new record back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from core.base.i18n import Msg

LOGIT_LIMIT = 1e4  # |logit| accepted from users; float32 softmax/log_softmax stay exact here
MAX_CLASSES = 1000
SOURCES = ("sample", "upload", "camera", "hand-edited", "preset")


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

    def top_k(self, k: int) -> LogitsRecord:
        """The k largest logits of the first row as a hand-editable record (ties: lower index
        first, as torch.topk on CPU returns them for distinct values)."""
        k = max(1, min(int(k), self.num_classes))
        order = top_k_indices(self.row, k)
        idx = None if self.class_indices is None else tuple(self.class_indices[i] for i in order)
        return LogitsRecord(values=self.row[order],
                            class_names=[self.class_names[i] for i in order], source="hand-edited",
                            detail=Msg("record.top_k", k=k, detail=self.detail), class_indices=idx)

    def with_values(self, values, class_names=None) -> LogitsRecord:
        names = self.class_names if class_names is None else tuple(class_names)
        return replace(self, values=np.asarray(values, dtype=np.float32), class_names=names,
                       source="hand-edited", class_indices=None if class_names is not None
                       else self.class_indices)


def top_k_indices(row: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest values, largest first; NaN never counts as large."""
    row = np.asarray(row, dtype=np.float64)
    safe = np.where(np.isnan(row), -np.inf, row)
    order = np.argsort(-safe, kind="stable")
    return order[:k]


def logit_stats(row: np.ndarray) -> dict[str, float]:
    r = np.asarray(row, dtype=np.float32)
    return {"min": float(r.min()), "max": float(r.max()), "mean": float(r.mean(dtype=np.float64)),
            "std": float(r.std(dtype=np.float64)), "count": int(r.size)}
