"""The article's bears example (sections 5 and 6), exactly as printed, and the checks of it.

The article ran an untrained 3-class resnet18 on random images and printed the logits, then the
softmax, the log, and the losses. The app recomputes every step from the printed logits and
compares by the one rule (core.article.agree): a printed value that no logits within the printed
ones' rounding give is marked with the correct value.
It also runs the two calls the article printed that do not run as printed, and the ones that do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F

from core.article import agree
from core.base.i18n import Msg, tr
from core.losses.batch import Batch, row_index, validate_batch
from core.losses.lab import log_softmax_by_hand
from core.losses.math import cross_entropy_steps, nll_view

CLASSES = ("Grizzly", "Brown", "Teddy")
TARGETS = (1, 0, 2, 0, 2)
# The article prints 4 decimals; these are its numbers, character for character.
PRINTED_LOGITS = np.array([[0.1752, 0.0539, -0.0581],
                           [0.0544, 0.0642, 0.0782],
                           [0.3230, 0.0958, 0.1941],
                           [0.1143, -0.0508, 0.0701],
                           [0.1249, 0.0510, 0.1147]])
PRINTED_SOFTMAX = np.array([[0.3734, 0.3308, 0.2957],
                            [0.3296, 0.3329, 0.3375],
                            [0.3737, 0.2978, 0.3285],
                            [0.3566, 0.3023, 0.3411],
                            [0.3426, 0.3182, 0.3391]])
PRINTED_PICKED_NEGATED = np.array([-0.3308, -0.3296, -0.3285, -0.3566, -0.3391])
PRINTED_NLL_ON_SOFTMAX = PRINTED_PICKED_NEGATED  # F.nll_loss(outputs, targets, 'none')
PRINTED_LOG_SOFTMAX = np.array([[-0.9850, -1.1062, -1.2183],
                                [-1.1099, -1.1001, -1.0861],
                                [-0.9842, -1.2115, -1.1132],
                                [-1.0312, -1.1963, -1.0755],
                                [-1.0711, -1.1450, -1.0813]])
PRINTED_LOSSES = np.array([1.1062, 1.1099, 1.1132, 1.0312, 1.0813])  # step 4 and the module

DECIMALS = 4  # every number of sections 5 and 6 is printed with 4 decimals, logits included


def article_batch() -> Batch:
    return validate_batch(PRINTED_LOGITS.tolist(), list(TARGETS), CLASSES)


@dataclass(frozen=True)
class Comparison:
    """One printed table against the one rule (core.article.agree)."""
    title: str
    printed: np.ndarray  # as printed, (N, C) or (N,)
    computed: np.ndarray  # the app's float32 result from the printed logits, same shape
    low: np.ndarray  # least value the printed logits give within their rounding, same shape
    high: np.ndarray  # greatest

    @property
    def diff(self) -> np.ndarray:
        return np.abs(self.computed.astype(np.float64) - self.printed)

    @property
    def beyond_rounding(self) -> np.ndarray:
        return ~agree.agrees(self.printed, DECIMALS, self.low, self.high)

    @property
    def count_beyond(self) -> int:
        return int(self.beyond_rounding.sum())

    @property
    def max_diff(self) -> float:
        return float(np.nanmax(self.diff)) if self.diff.size else 0.0

    def frame(self, columns, lang: str = "en") -> pd.DataFrame:
        """The printed table as text, each value that breaks the rule marked with the correct
        one."""
        printed = np.atleast_2d(self.printed.T).T if self.printed.ndim == 1 else self.printed
        computed = self.computed.reshape(printed.shape)
        marks = self.beyond_rounding.reshape(printed.shape)
        cells = [[f"{p:.4f}" + ("  " + tr(lang, "losses.differs", value=f"{c:.4f}") if m else "")
                  for p, c, m in zip(pr, cr, mr, strict=True)]
                 for pr, cr, mr in zip(printed, computed, marks, strict=True)]
        df = pd.DataFrame(cells, columns=list(columns),
                          index=row_index(len(cells), tr(lang, "losses.col_row")))
        return df


# What each table is, as a float64 function of one row's logits, (K, C) corners -> (K, m).
def _formulas(target: int) -> dict:
    def softmax(z):
        return np.exp(log_softmax_by_hand(z))

    return {"softmax": softmax,
            "picked": lambda z: -softmax(z)[:, [target]],
            "nll_softmax": lambda z: -softmax(z)[:, [target]],
            "log": log_softmax_by_hand,
            "losses": lambda z: -log_softmax_by_hand(z)[:, [target]],
            "module": lambda z: -log_softmax_by_hand(z)[:, [target]]}


def _ranges(key: str) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) of table ``key``, row by row: each row depends on its own logits only."""
    lows, highs = zip(*(agree.value_range(_formulas(t)[key], row, DECIMALS)
                        for row, t in zip(PRINTED_LOGITS, TARGETS, strict=True)), strict=True)
    return np.array(lows), np.array(highs)  # (N, m)


def comparisons(printed=None) -> dict[str, Comparison]:
    """Every printed table of sections 5 and 6 against the app's computation from the printed
    logits. ``printed`` overrides tables by key (tests use it to check the marks)."""
    p = {"softmax": PRINTED_SOFTMAX, "picked": PRINTED_PICKED_NEGATED,
         "nll_softmax": PRINTED_NLL_ON_SOFTMAX, "log": PRINTED_LOG_SOFTMAX,
         "losses": PRINTED_LOSSES, "module": PRINTED_LOSSES, **(printed or {})}
    batch = article_batch()
    nll = nll_view(batch)
    steps = cross_entropy_steps(batch)
    got = {"softmax": nll.probs, "picked": nll.negated, "nll_softmax": nll.nll_none,
           "log": steps.log_probs, "losses": steps.losses, "module": steps.module_losses}
    titles = {"softmax": "torch.softmax(logits, dim=1)",
              "picked": "-outputs[torch.arange(5), targets]",
              "nll_softmax": "F.nll_loss(outputs, targets, reduction='none')",
              "log": "torch.log(torch.softmax(logits, dim=1))",
              "losses": "F.nll_loss(step 3, targets, reduction='none')",
              "module": "nn.CrossEntropyLoss(reduction='none')(logits, targets)"}
    out = {}
    for k in titles:
        computed = got[k].detach().numpy()
        low, high = _ranges(k)
        out[k] = Comparison(titles[k], np.asarray(p[k], dtype=np.float64), computed,
                            low.reshape(computed.shape), high.reshape(computed.shape))
    return out


# ---------------------------------------------------------------- calls printed in the article

@dataclass(frozen=True)
class ArticleCall:
    printed: str  # the call as the article prints it
    works: str  # the call that runs and gives the numbers the article shows
    why: Msg


ARTICLE_CALLS = (
    ArticleCall("torch.nll_loss(outputs, targets, reduction='none')",
                "F.nll_loss(outputs, torch.tensor(targets), reduction='none')",
                Msg("losses.why_nll_loss")),
    ArticleCall("nn.CrossEntropyLoss(reduction='none')(logits, targets)",
                "nn.CrossEntropyLoss(reduction='none')(logits, torch.tensor(targets))",
                Msg("losses.why_module")),
)


@dataclass(frozen=True)
class CallResult:
    ok: bool
    value: torch.Tensor | None
    error: str  # "TypeError: …" when it failed


def run_call(expression: str) -> CallResult:
    """Evaluate one of ARTICLE_CALLS' fixed expressions (never user text) on the article's
    variables: logits (printed), outputs = softmax(logits), targets as a Python list."""
    logits = torch.tensor(PRINTED_LOGITS, dtype=torch.float32)
    outputs = torch.softmax(logits, dim=1)
    namespace = {"torch": torch, "F": F, "nn": nn, "logits": logits, "outputs": outputs,
                 "targets": list(TARGETS)}
    try:
        value = eval(expression, namespace)  # one of the fixed strings above
    except (AttributeError, TypeError, RuntimeError) as e:
        return CallResult(False, None, f"{type(e).__name__}: {e}")
    return CallResult(True, value.detach(), "")
