"""The Softmax page's tables as DataFrames of formatted text (st.table shows them verbatim;
the CSV keeps the same text). Pure: numbers from core.softmax.math in, tables out. Each builder
takes ``lang`` and reads its words (column names, yes/no, the sum row, the verdicts) from the
catalogue (section [softmax]); core messages (``Msg``) are shown in that language too. Column
names that are formulas (exp(z), torch.softmax) stay as they are."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.article.softmax import Comparison
from core.base.i18n import localize, translator
from core.base.numbers import fmt_number
from core.softmax.math import Breakdown, Property, TemperatureSweep


def _f(v: float, d: int = 4) -> str:
    return fmt_number(v, d, tiny=True, neg_inf="−inf")  # a tiny probability is not 0.0000


def step_table(names, b: Breakdown, *, lang: str) -> pd.DataFrame:
    """One row per class: naive exp / sum / division, then max-shifted, then torch.softmax."""
    t = translator(lang)
    col_class, col_logit = t("softmax.col_class"), t("softmax.col_logit")
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
    total = {col_class: t("softmax.sum_row"), col_logit: "", "exp(z)": _f(b.naive_sum),
             "exp(z) / Σ": _f(np.float32(b.naive_probs).sum(dtype=np.float64)),
             "z − max": f"max = {_f(b.max_logit)}", "exp(z − max)": _f(b.shifted_sum),
             "exp(z − max) / Σ": _f(np.float32(b.shifted_probs).sum(dtype=np.float64)),
             "torch.softmax": _f(b.probs.sum(dtype=np.float64))}
    df = pd.concat([df, pd.DataFrame([total])], ignore_index=True)
    return df.set_index(col_class)


def properties_table(props: list[Property], *, lang: str) -> pd.DataFrame:
    """The article's five properties, whether each holds on these logits, and the evidence."""
    t = translator(lang)
    name, holds = t("softmax.col_property"), t("softmax.col_holds")
    evidence = t("softmax.col_evidence")
    yes, no = t("softmax.holds_yes"), t("softmax.holds_no")
    return pd.DataFrame({name: [localize(p.name, lang) for p in props],
                         holds: [yes if p.holds else no for p in props],
                         evidence: [localize(p.evidence, lang) for p in props]}).set_index(name)


def comparison_table(rows: list[Comparison], *, lang: str) -> pd.DataFrame:
    """Each printed number beside torch's; a difference beyond rounding gives the correct value."""
    t = translator(lang)
    quantity, printed = t("softmax.col_quantity"), t("softmax.col_printed")
    computed, more = t("softmax.col_computed"), t("softmax.col_more")
    verdict, agrees = t("softmax.col_verdict"), t("softmax.verdict_agrees")
    return pd.DataFrame({
        quantity: [r.quantity for r in rows],
        printed: [f"{r.printed:.{r.decimals}f}" for r in rows],
        computed: [f"{r.computed:.{r.decimals}f}" for r in rows],
        more: [f"{r.computed:.6f}" for r in rows],
        verdict: [t("softmax.verdict_differs", value=f"{r.computed:.{r.decimals}f}")
                  if r.differs else agrees for r in rows],
    }).set_index(quantity)


def sweep_summary(sweep: TemperatureSweep, names) -> str:
    winners = {str(names[i]) for i in sweep.argmax}
    return ", ".join(sorted(winners))
