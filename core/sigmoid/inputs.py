"""The Sigmoid page's controls, declared once (core.base.inputs): widget, validation, link."""

from core.base.inputs import Input
from core.base.record import LOGIT_LIMIT
from core.sigmoid.math import DEFAULT_GROUP, GROUPS

# A synced number (slider + exact box, ui.widgets): its value lives under "<key>__value".
LOGIT = Input("sigmoid_logit__value", "zs", "number", 0.0, "sigmoid.what_logit",
              lo=-LOGIT_LIMIT, hi=LOGIT_LIMIT)
DERIVATIVE = Input("sigmoid_derivative", "sd", "bool", False, "sigmoid.show_derivative")
TARGET = Input("sigmoid_target", "st", "choice", 1, "sigmoid.target", options=(1, 0))
QUESTION = Input("sigmoid_group", "sg", "choice", DEFAULT_GROUP, "sigmoid.question",
                 options=tuple(GROUPS))
# How many of the current logits the sigmoid-vs-softmax part takes (at most the class count).
TOP_K = Input("sigmoid_k", "zk", "int", 5, "sigmoid.k", lo=2, hi=10)

# The seed of the article's random network (its printed logit comes from torch.manual_seed).
SEED = Input("sigmoid_seed", "ss", "int", 0, "sigmoid.seed", lo=0, hi=9999)

INPUTS = (LOGIT, DERIVATIVE, TARGET, QUESTION, TOP_K, SEED)
