"""The loss pages' controls, declared once (core.base.inputs): widget, validation, link.
(The batch itself is the current-logits record's, linked as rows ``z``, names ``c``, targets
``y``.)"""

from core.base.inputs import Input
from core.losses.lab import DTYPES, MAX_LR, SCALES
from core.losses.math import REDUCTIONS

LAB = "ce_lab_"  # the Cross-entropy labs' key prefix
ARTICLE_MODE = Input("ce_article_mode", "ca", "bool", False, "ce.article_toggle")
# Synced numbers (slider + exact box, ui.widgets): their values live under "<key>__value".
LEARNING_RATE = Input(LAB + "lr__value", "lr", "number", 1.0, "labs.lr_label", lo=0.0001,
                      hi=MAX_LR)
SMOOTHING = Input(LAB + "smoothing__value", "ls", "number", 0.0, "labs.smoothing", lo=0.0,
                  hi=1.0)
SCALE = Input(LAB + "scale", "sc", "choice", SCALES[0], "labs.scale_label", options=SCALES)
DTYPE = Input(LAB + "dtype", "dt", "choice", tuple(DTYPES)[0], "labs.dtype_label",
              options=tuple(DTYPES))
REDUCTION = Input(LAB + "reduction", "rd", "choice", REDUCTIONS[1], "labs.reduction",
                  options=REDUCTIONS)
WEIGHTS = Input(LAB + "use_weight", "uw", "bool", False, "labs.weights")

INPUTS = (ARTICLE_MODE, LEARNING_RATE, SMOOTHING, SCALE, DTYPE, REDUCTION, WEIGHTS)
