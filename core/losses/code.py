"""Code panels of the NLL and Cross-entropy pages, filled from the batch on the page.

What each prints is captured by running it (core.base.code.run_panel), never formatted here.
"""

from __future__ import annotations

import numpy as np
import torch

from core.article.bears import ARTICLE_CALLS, PRINTED_LOGITS, TARGETS
from core.base.code import CodePanel
from core.base.i18n import Msg
from core.base.numbers import float32_literal
from core.losses.batch import Batch

_FMT = '''

def fmt(t):  # 4 decimals, like the article
    return " ".join(f"{v:.4f}" for v in t.tolist())

'''


def fmt(t: torch.Tensor) -> str:
    """What the panels' ``fmt`` prints: the same f-string on the same floats."""
    return " ".join(f"{v:.4f}" for v in t.tolist())


def tensor_literal(values) -> str:
    """A torch.tensor(...) literal of a (N, C) float32 batch, one row per line."""
    rows = np.asarray(values, dtype=np.float32)
    body = ",\n    ".join("[" + ", ".join(float32_literal(v) for v in r) + "]" for r in rows)
    return f"torch.tensor([\n    {body},\n], dtype=torch.float32)"  # whole numbers too


def _header(batch: Batch, extra_imports: str = "") -> str:
    return (f"import torch\n{extra_imports}import torch.nn.functional as F\n{_FMT}\n"
            f"classes = {list(batch.class_names)!r}\n"
            f"logits = {tensor_literal(batch.logits)}  # ({batch.num_rows}, {batch.num_classes})\n"
            f"targets = torch.tensor({[int(t) for t in batch.targets]!r})  "
            "# class indices, int64: never floats, never -100\n")


def nll_panel(batch: Batch) -> CodePanel:
    code = _header(batch) + '''
outputs = torch.softmax(logits, dim=1)  # (N, C) probabilities
picked = outputs[torch.arange(len(targets)), targets]  # each row's target probability
print("picked  ", fmt(picked))
print("negated ", fmt(-picked))
print("nll_loss", fmt(F.nll_loss(outputs, targets, reduction='none')))  # picks, negates: no log
print(f"mean {F.nll_loss(outputs, targets, reduction='mean').item():.4f}")
print(f"sum  {F.nll_loss(outputs, targets, reduction='sum').item():.4f}")
'''
    return CodePanel(code, prints=Msg("panels.prints_nll"))


def ce_panel(batch: Batch) -> CodePanel:
    code = _header(batch, "import torch.nn as nn\n") + '''
probs = torch.softmax(logits, dim=1)  # step 2: softmax over classes
log_probs = torch.log(probs)  # step 3: log
losses = F.nll_loss(log_probs, targets, reduction='none')  # step 4: pick and negate
module = nn.CrossEntropyLoss(reduction='none')(logits, targets)  # all four steps in one
print("step 2 softmax")
for row in probs:
    print(fmt(row))
print("step 3 log(softmax)")
for row in log_probs:
    print(fmt(row))
print("step 4 nll_loss     ", fmt(losses))
print("nn.CrossEntropyLoss ", fmt(module))
print(f"max |difference| {(losses - module).abs().max().item():.2e}")
same = torch.allclose(torch.log_softmax(logits, dim=1), log_probs, atol=1e-6)
print("log_softmax == log(softmax) within 1e-6:", same)
print(f"mean loss {losses.mean().item():.4f}")
'''
    return CodePanel(code, prints=Msg("panels.prints_ce"))


def article_calls_panel() -> CodePanel:
    """The article's calls as printed (they fail: the panel prints why) and the ones that run."""
    fixed = [f"    {c.works}," for c in ARTICLE_CALLS]
    code = ("import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n" + _FMT + "\n"
            f"logits = {tensor_literal(PRINTED_LOGITS)}  # as printed in the article\n"
            "outputs = torch.softmax(logits, dim=1)\n"
            f"targets = {list(TARGETS)!r}  # as printed: a Python list\n\n"
            "for call in [\n" + "\n".join(f'    "{c.printed}",' for c in ARTICLE_CALLS) + "\n]:\n"
            "    try:\n        eval(call)\n"
            "    except (AttributeError, TypeError) as e:\n"
            '        print(f"{type(e).__name__}: {e}")\n'
            "for result in [\n" + "\n".join(fixed) + "\n]:\n"
            "    print(fmt(result))\n")
    return CodePanel(code, prints=Msg("panels.prints_ce_calls"))
