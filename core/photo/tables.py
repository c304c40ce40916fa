"""The Logits page's tables. Pure: numbers in, DataFrames out; each builder takes ``lang`` and
reads its words from the catalogue (section [logits])."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.base.i18n import translator
from core.base.text import plain


def overview_table(row: np.ndarray, names, top, *, lang: str) -> pd.DataFrame:
    """The numbers of the overview chart, one row per class by index: its name, its logit and
    whether it is among the top k (the chart's "Numbers in this chart")."""
    t = translator(lang)
    row = np.asarray(row, dtype=np.float32)
    is_top = np.zeros(row.size, dtype=bool)
    is_top[np.asarray(top, dtype=np.int64)] = True
    df = pd.DataFrame({
        t("logits.col_class"): [plain(s) for s in names],
        t("logits.overview_y"): row.astype(np.float64),
        t("panels.col_series"): np.where(is_top, t("logits.trace_top"), t("logits.trace_other")),
    }, index=pd.RangeIndex(row.size, name=t("logits.overview_x")))
    return df
