"""The Softmax page's controls, declared once (core.base.inputs): widget, validation, link.
(The class names and logits are the current-logits record's, linked as rows ``z``/``c``.)"""

from core.base.inputs import Input
from core.softmax.live import gap_grid
from core.softmax.math import MAX_CLASSES, MIN_CLASSES, temperature_grid

# The photo's top k and one more class for all the others: k + 1 ≤ MAX_CLASSES.
TOP_K = Input("softmax_topk", "sk", "int", 5, "softmax.topk_label", lo=MIN_CLASSES,
              hi=MAX_CLASSES - 1)
# "Raise one class": the gap over the best other logit, a live piece over a fixed grid (a link
# snaps to it). The page starts it at the class's current lead, which may lie between points.
_GAP_GRID = gap_grid()
GAP = Input("softmax_gap", "gap", "number", 2.0, "softmax.gap_label", lo=_GAP_GRID[0],
            hi=_GAP_GRID[-1], options=_GAP_GRID)
_GRID = tuple(float(v) for v in temperature_grid())
TEMPERATURE = Input("softmax_temperature", "t", "number", 1.0, "softmax.temp_label",
                    lo=_GRID[0], hi=_GRID[-1], options=_GRID)

# Which class "raise one class" lifts: a position in the page's class list (None until the page
# starts it at the leading class).
RAISE = Input("softmax_raise_class", "sr", "index", None, "softmax.raise_label", lo=0,
              hi=MAX_CLASSES - 1)

INPUTS = (TOP_K, GAP, TEMPERATURE, RAISE)
