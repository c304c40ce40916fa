"""The Softmax page's tables as DataFrames of formatted text (st.table shows them verbatim;
the CSV keeps the same text). Pure: numbers from core.softmax_steps in, tables out."""

from __future__ import annotations

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


def step_table(names, b: Breakdown) -> pd.DataFrame:
    """One row per class: naive exp / sum / division, then max-shifted, then torch.softmax."""
    df = pd.DataFrame({
        "class": list(names),
        "logit z": [_f(v) for v in b.logits],
        "exp(z)": [_f(v) for v in b.naive_exp],
        "exp(z) / Σ": [_f(v) for v in b.naive_probs],
        "z − max": [_f(v) for v in b.shifted],
        "exp(z − max)": [_f(v) for v in b.shifted_exp],
        "exp(z − max) / Σ": [_f(v) for v in b.shifted_probs],
        "torch.softmax": [_f(v) for v in b.probs],
    })
    total = {"class": "Σ (sum)", "logit z": "", "exp(z)": _f(b.naive_sum),
             "exp(z) / Σ": _f(np.float32(b.naive_probs).sum(dtype=np.float64)),
             "z − max": f"max = {_f(b.max_logit)}", "exp(z − max)": _f(b.shifted_sum),
             "exp(z − max) / Σ": _f(np.float32(b.shifted_probs).sum(dtype=np.float64)),
             "torch.softmax": _f(b.probs.sum(dtype=np.float64))}
    df = pd.concat([df, pd.DataFrame([total])], ignore_index=True)
    return df.set_index("class")


def properties_table(props: list[Property]) -> pd.DataFrame:
    return pd.DataFrame({"property (article §4a)": [p.name for p in props],
                         "holds here": ["yes" if p.holds else "NO" for p in props],
                         "checked live on your logits": [p.evidence for p in props]}
                        ).set_index("property (article §4a)")


def comparison_table(rows: list[Comparison]) -> pd.DataFrame:
    return pd.DataFrame({
        "quantity": [r.quantity for r in rows],
        "article printed": [f"{r.printed:.{r.decimals}f}" for r in rows],
        "torch computes": [f"{r.computed:.{r.decimals}f}" for r in rows],
        "computed (more digits)": [f"{r.computed:.6f}" for r in rows],
        "verdict": [f"differs: correct value {r.computed:.{r.decimals}f}" if r.differs
                    else "agrees (within rounding)" for r in rows],
    }).set_index("quantity")


def temperature_table(names, sweep_probs_1, sweep_probs_t, t: float) -> pd.DataFrame:
    return pd.DataFrame({"class": list(names),
                         "softmax(z), T = 1": [_f(v) for v in sweep_probs_1],
                         f"softmax(z / {t:g})": [_f(v) for v in sweep_probs_t]}
                        ).set_index("class")


def sweep_summary(sweep: TemperatureSweep, names) -> str:
    winners = {str(names[i]) for i in sweep.argmax}
    return ", ".join(sorted(winners))
