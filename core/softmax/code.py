"""The Softmax page's code panels: real PyTorch code with the page's live values. What each
prints is captured by running it (core.base.code.run_panel), never formatted here."""

from __future__ import annotations

import numpy as np

from core.base.code import CodePanel
from core.base.i18n import Msg
from core.base.numbers import float32_literal


def _tensor_literal(values) -> str:
    # repr of the float32 value as a Python float: torch.tensor(...) gives back the same bits
    return "[" + ", ".join(float32_literal(v, "float64") for v in np.ravel(values)) + "]"


def softmax_panel(names, logits, temperature: float = 1.0) -> CodePanel:
    """Max-shifted step by step, torch.softmax with its dim, temperature and entropy."""
    names = [str(n) for n in names]
    t = float(temperature)
    code = f'''import math
import torch

names = {names!r}
logits = torch.tensor({_tensor_literal(logits)})  # (classes,)

# step by step, max-shifted so exp never overflows
shifted = logits - logits.max()
exps = torch.exp(shifted)
total = exps.sum()
print("exp(z - max):", [f"{{v:.4f}}" for v in exps.tolist()])
print(f"sum: {{total:.4f}}")
print("exps / sum:  ", [f"{{v:.4f}}" for v in (exps / total).tolist()])

# the library call: softmax needs the dimension that holds the classes
probs = torch.softmax(logits, dim=-1)
for name, p in zip(names, probs):
    print(f"{{name}}: {{p:.4f}}")
print(f"sum of probabilities: {{probs.sum():.6f}}")

# temperature T divides the logits first; the arg-max never changes
T = {t!r}
probs_t = torch.softmax(logits / T, dim=-1)
entropy = -(probs_t * torch.log_softmax(logits / T, dim=-1)).sum()
print(f"T={{T}}:", [f"{{v:.4f}}" for v in probs_t.tolist()])
print(f"entropy: {{entropy:.4f}} nats = {{entropy / math.log(2):.4f}} bits")
print("arg-max:", names[int(probs.argmax())], "->", names[int(probs_t.argmax())])
'''
    return CodePanel(code, prints=Msg("panels.prints_softmax"))


def article_panel(logits) -> CodePanel:
    """The article's section-4 call, with the ``dim`` it needs, on its printed logits."""
    code = f'''import torch

logits = torch.tensor({_tensor_literal(logits)})
# the article prints torch.softmax(logits): without dim that call raises a TypeError
exps = torch.exp(logits)
print("exp:", [round(v, 4) for v in exps.tolist()])
print(f"sum: {{exps.sum():.4f}}")
print("softmax:", [round(v, 4) for v in torch.softmax(logits, dim=-1).tolist()])
'''
    return CodePanel(code, prints=Msg("panels.prints_softmax_article"))
