"""The Logits page's tables. Pure: numbers in, DataFrames out; each builder takes ``lang`` and
reads its words from the catalogue (section [logits])."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.base.i18n import translator
from core.base.text import plain
from core.photo.live import histogram_bins


def overview_table(row: np.ndarray, names, top, *, lang: str) -> pd.DataFrame:
    """The numbers of the overview chart, one row per class by index: its name, its logit and
    whether it is among the top k (the chart's "Numbers in this chart")."""
    t = translator(lang)
    row = np.asarray(row, dtype=np.float32)
    is_top = np.zeros(row.size, dtype=bool)
    is_top[np.asarray(top, dtype=np.int64)] = True
    return pd.DataFrame({
        t("panels.col_series"): np.where(is_top, t("logits.trace_top"), t("logits.trace_other")),
        t("logits.col_class"): [plain(s) for s in names],
        t("logits.overview_y"): row.astype(np.float64),
    }, index=pd.RangeIndex(row.size, name=t("logits.overview_x")))


def histogram_table(row: np.ndarray, *, lang: str) -> pd.DataFrame:
    """The histogram's numbers: each bin's edges and how many classes' logits fall in it."""
    t = translator(lang)
    edges, counts = histogram_bins(row)
    return pd.DataFrame({t("logits.bin_to"): edges[1:],
                         t("logits.histogram_y"): counts.astype(np.int64)},
                        index=pd.Index(edges[:-1], name=t("logits.bin_from")))
