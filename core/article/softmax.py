"""The Softmax section's printed numbers (article section 4 / 4a / 4b) beside what torch
computes from the printed logits, judged by the one rule (core.article.agree)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.article import agree
from core.softmax.math import PRESETS, breakdown

# What the article printed (section 4 / 4a / 4b), for article mode. Never shown as a result:
# shown beside the computed value, with the difference marked.
ARTICLE_PRINTED = {
    "article": {"logit_decimals": (4, 4, 3, 3, 4),
                "exp": (0.8073, 0.9754, 53.7032, 0.0144, 0.8327), "exp_decimals": 4,
                "sum": 56.3330, "sum_decimals": 4,
                "softmax": (0.0096, 0.0117, 0.9765, 0.0002, 0.0020), "softmax_decimals": 4},
    "pick_one": {"logit_decimals": 2, "exp": (1.02, 0.08, 3.49), "exp_decimals": 2,
                 "softmax": (0.22, 0.02, 0.76), "softmax_decimals": 2},
}


@dataclass(frozen=True)
class Comparison:
    """One printed number against the one rule (core.article.agree): its printed logits,
    anywhere within their rounding, must give a value that rounds to it."""
    quantity: str
    printed: float
    computed: float  # torch, float32, from the printed logits as printed
    decimals: int
    low: float  # least value the printed logits give within their rounding
    high: float  # greatest

    @property
    def differs(self) -> bool:
        return not bool(agree.agrees(self.printed, self.decimals, self.low, self.high))


def article_comparison(key: str) -> list[Comparison]:
    """The article's printed numbers for a preset beside what torch computes from its logits."""
    pre, printed = PRESETS[key], ARTICLE_PRINTED[key]
    b = breakdown(pre.logits)
    box = (pre.logits, printed["logit_decimals"])
    exp_lo, exp_hi = agree.value_range(np.exp, *box)
    soft_lo, soft_hi = agree.value_range(
        lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True), *box)
    rows = [Comparison(f"exp({n})", pv, float(cv), printed["exp_decimals"], lo, hi)
            for n, pv, cv, lo, hi in zip(pre.names, printed["exp"], b.naive_exp, exp_lo, exp_hi)]
    if "sum" in printed:
        sum_lo, sum_hi = agree.value_range(lambda z: np.exp(z).sum(axis=1), *box)
        rows.append(Comparison("Σ exp", printed["sum"], b.naive_sum, printed["sum_decimals"],
                               float(sum_lo[0]), float(sum_hi[0])))
    rows += [Comparison(f"softmax({n})", pv, float(cv), printed["softmax_decimals"], lo, hi)
             for n, pv, cv, lo, hi in zip(pre.names, printed["softmax"], b.probs, soft_lo,
                                          soft_hi)]
    return rows
