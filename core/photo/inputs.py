"""The Logits page's controls, declared once (core.base.inputs): widget, validation, link."""

from core.base.inputs import Input

TOP_K = Input("logits_k", "lk", "int", 5, "logits.k", lo=1, hi=20)

INPUTS = (TOP_K,)
