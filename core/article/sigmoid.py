"""The Sigmoid section's example (article section 3): an untrained resnet18 on a random
image, reproducible by its seed, and the article's printed logit and sigmoid judged by the one
rule (core.article.agree)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch

from core.article import agree
from core.base.activations import sigmoid

ARTICLE_LOGIT, ARTICLE_SIGMOID = -0.1522, 0.4620  # what the article printed (random weights)
ARTICLE_DECIMALS = 4


@dataclass(frozen=True)
class ArticleRun:
    seed: int
    logit: float  # resnet18, num_classes=1, untrained, on torch.randn(1, 3, 224, 224)
    sigmoid: float
    printed_logit_sigmoid: float  # σ(−0.1522), to compare with the article's 0.4620


@lru_cache(maxsize=16)
def article_run(seed: int) -> ArticleRun:
    """The article's example, reproducible: fixed seed, untrained weights, eval mode."""
    import timm  # heavy: imported only when article mode is used

    torch.manual_seed(int(seed))
    m = timm.create_model("resnet18", num_classes=1, pretrained=False).eval()
    x = torch.randn(1, 3, 224, 224)  # (batch, channels, height, width)
    with torch.no_grad():
        logit = m(x)  # (1, 1)
    printed = sigmoid(torch.tensor(ARTICLE_LOGIT))
    return ArticleRun(int(seed), float(logit[0, 0]), float(sigmoid(logit)[0, 0]),
                      float(printed))


def article_checks(run: ArticleRun) -> tuple[agree.Check, agree.Check, agree.Check]:
    """The article table's three rows by the one rule (core.article.agree): the seed's logit and
    sigmoid (measured, so they agree only when they round to the printed ones), and σ of the
    printed logit, which must round to the printed 0.4620 for some logit within its rounding."""
    return (agree.check(ARTICLE_LOGIT, ARTICLE_DECIMALS, run.logit),
            agree.check(ARTICLE_SIGMOID, ARTICLE_DECIMALS, run.sigmoid),
            agree.check(ARTICLE_SIGMOID, ARTICLE_DECIMALS, run.printed_logit_sigmoid,
                        lambda z: 1.0 / (1.0 + np.exp(-z)), [ARTICLE_LOGIT], ARTICLE_DECIMALS))
