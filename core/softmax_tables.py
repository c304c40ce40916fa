"""The Softmax page's tables as DataFrames of formatted text (st.table shows them verbatim;
the CSV keeps the same text). Pure: numbers from core.softmax_steps in, tables out. Words
(column names, yes/no, the sum row) are parameters with English defaults: the page passes them
in the user's language; ``text`` turns a core message (``core.i18n.Msg``) into that language."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from core.softmax_steps import Breakdown, Comparison, Property, TemperatureSweep


def _f(v: float, d: int = 4) -> str:
    v = float(v)
    if np.isnan(v):
        return "NaN"
    if np.isinf(v):
        return "inf" if v > 0 else "−inf"
    if v != 0 and abs(v) < 10 ** -d:
        return f"{v:.3e}"  # a tiny probability is not 0.0000
    return f"{v:.{d}f}"


def step_table(names, b: Breakdown, *, col_class: str = "class", col_logit: str = "logit z",
               sum_row: str = "Σ (sum)") -> pd.DataFrame:
    """One row per class: naive exp / sum / division, then max-shifted, then torch.softmax."""
    df = pd.DataFrame({
        col_class: list(names),
        col_logit: [_f(v) for v in b.logits],
        "exp(z)": [_f(v) for v in b.naive_exp],
        "exp(z) / Σ": [_f(v) for v in b.naive_probs],
        "z − max": [_f(v) for v in b.shifted],
        "exp(z − max)": [_f(v) for v in b.shifted_exp],
        "exp(z − max) / Σ": [_f(v) for v in b.shifted_probs],
        "torch.softmax": [_f(v) for v in b.probs],
    })
    total = {col_class: sum_row, col_logit: "", "exp(z)": _f(b.naive_sum),
             "exp(z) / Σ": _f(np.float32(b.naive_probs).sum(dtype=np.float64)),
             "z − max": f"max = {_f(b.max_logit)}", "exp(z − max)": _f(b.shifted_sum),
             "exp(z − max) / Σ": _f(np.float32(b.shifted_probs).sum(dtype=np.float64)),
             "torch.softmax": _f(b.probs.sum(dtype=np.float64))}
    df = pd.concat([df, pd.DataFrame([total])], ignore_index=True)
    return df.set_index(col_class)


PROPERTY_COLS = ("property (article §4a)", "holds here", "checked live on your logits")


def properties_table(props: list[Property], *, cols: tuple[str, str, str] = PROPERTY_COLS,
                     yes: str = "yes", no: str = "NO",
                     text: Callable[[str], str] = str) -> pd.DataFrame:
    name, holds, evidence = cols
    return pd.DataFrame({name: [text(p.name) for p in props],
                         holds: [yes if p.holds else no for p in props],
                         evidence: [text(p.evidence) for p in props]}).set_index(name)


COMPARISON_COLS = ("quantity", "article printed", "torch computes", "computed (more digits)",
                   "verdict")


def comparison_table(rows: list[Comparison], *, cols: tuple[str, ...] = COMPARISON_COLS,
                     agrees: str = "agrees (within rounding)",
                     differs: str = "differs: correct value {value}") -> pd.DataFrame:
    """``differs`` is a template with a ``{value}`` placeholder (the correct value)."""
    quantity, printed, computed, more, verdict = cols
    return pd.DataFrame({
        quantity: [r.quantity for r in rows],
        printed: [f"{r.printed:.{r.decimals}f}" for r in rows],
        computed: [f"{r.computed:.{r.decimals}f}" for r in rows],
        more: [f"{r.computed:.6f}" for r in rows],
        verdict: [differs.format(value=f"{r.computed:.{r.decimals}f}") if r.differs
                  else agrees for r in rows],
    }).set_index(quantity)


def temperature_table(names, sweep_probs_1, sweep_probs_t, t: float, *,
                      col_class: str = "class") -> pd.DataFrame:
    return pd.DataFrame({col_class: list(names),
                         "softmax(z), T = 1": [_f(v) for v in sweep_probs_1],
                         f"softmax(z / {t:g})": [_f(v) for v in sweep_probs_t]}
                        ).set_index(col_class)


def sweep_summary(sweep: TemperatureSweep, names) -> str:
    winners = {str(names[i]) for i in sweep.argmax}
    return ", ".join(sorted(winners))
