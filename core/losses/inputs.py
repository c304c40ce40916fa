"""The loss pages' controls, declared once (core.base.inputs): widget, validation, link.
(The batch itself is the current-logits record's, linked as rows ``z``, names ``c``, targets
``y``.)"""

from core.base.i18n import Msg
from core.base.inputs import Input
from core.losses.batch import MAX_CLASSES, MAX_ROWS, MIN_CLASSES
from core.losses.lab import DTYPES, MAX_WEIGHT, SCALES
from core.losses.lab_live import LR_GRID
from core.losses.math import REDUCTIONS
from core.photo.batch import (
    BEARS,
    DEFAULT_SAMPLES,
    MAX_RESTRICTED,
    SAMPLE_LABELS,
    class_indices,
)
from core.photo.images import SAMPLES
from core.photo.models import class_index

LAB = "ce_lab_"  # the Cross-entropy labs' key prefix
# When the record is a photo's logits (not a batch), each loss page starts from its top k and
# one column for all the other classes (k + 1 ≤ MAX_CLASSES) as one row, with a target picked
# among the top k.
BATCH_K = {page: Input(f"{page}_batch_k", f"{page[0]}k", "int", 5, "batch.k", lo=MIN_CLASSES,
                       hi=MAX_CLASSES - 1) for page in ("nll", "ce")}
# The loss pages open on the article's bears batch; "Use my photo" starts from the photo.
FROM_PHOTO = {page: Input(f"{page}_batch_from_photo", f"{page[0]}p", "bool", False,
                          "batch.photo_button") for page in ("nll", "ce")}
BATCH_TARGET = {page: Input(f"{page}_batch_topk_target", f"{page[0]}y", "index", 0,
                            "batch.target_pick", lo=0, hi=MAX_CLASSES - 1)
                for page in ("nll", "ce")}
ARTICLE_MODE = Input("ce_article_mode", "ca", "bool", False, "ce.article_toggle")
# Live pieces over declared grids (ui.ce_labs_live) with an exact box each: synced numbers
# (ui.widgets), their values under "<key>__value". Any value in range is kept (typed, or from a
# link: lr = 0.37 stays 0.37); the thumb moves over the grid, which holds the typed value too.
LEARNING_RATE = Input(LAB + "lr__value", "lr", "number", 1.0, "labs.lr_what", lo=LR_GRID[0],
                      hi=LR_GRID[-1])
SMOOTHING = Input(LAB + "smoothing__value", "ls", "number", 0.0, "labs.smoothing_what", lo=0.0,
                  hi=1.0)
SCALE = Input(LAB + "scale", "sc", "choice", SCALES[0], "labs.scale_label", options=SCALES)
DTYPE = Input(LAB + "dtype", "dt", "choice", tuple(DTYPES)[0], "labs.dtype_label",
              options=tuple(DTYPES))
REDUCTION = Input(LAB + "reduction", "rd", "choice", REDUCTIONS[1], "labs.reduction",
                  options=REDUCTIONS)
WEIGHTS = Input(LAB + "use_weight", "uw", "bool", False, "labs.weights")
# One weight per class of the batch (a batch has at most MAX_CLASSES): "w0", "w1", ...
CLASS_WEIGHTS = tuple(
    Input(f"{LAB}w_{j}", f"w{j}", "number", 1.0, "inputs.weight_what", lo=0.0, hi=MAX_WEIGHT,
          what_params=(("j", j),)) for j in range(MAX_CLASSES))
IGNORE = Input(LAB + "ignore", "ig", "index", None, "labs.ignore_index", lo=0,
               hi=MAX_CLASSES - 1)
GRADIENT_ROW = Input(LAB + "grad_row", "gr", "index", 0, "labs.grad_row", lo=0, hi=MAX_ROWS - 1)

# The labelled photos: which bundled samples, and each one's true ImageNet class (an uploaded
# photo is never in a link, so neither is its label).
PHOTOS = "ce_photos_"
SAMPLES_PICKED = Input(PHOTOS + "samples", "ps", "choices", DEFAULT_SAMPLES,
                       "labs_photos.samples", options=tuple(SAMPLES))
# The classes the labelled photos are restricted to (the article's bears to start), and each
# bundled photo's target among them (None: the page picks one from its true class).
KEPT_CLASSES = Input(PHOTOS + "classes", "pk", "choices", class_indices(BEARS),
                     "labs_photos.keep", options=tuple(range(1000)), hi=MAX_RESTRICTED)
SAMPLE_TARGET = {
    k: Input(f"{PHOTOS}target_s_{k}", f"pt_{k}", "index", None, "inputs.photo_target_what",
             lo=0, hi=999, what_params=(("photo", Msg(f"samples.{k}")),))
    for k in SAMPLES}
SAMPLE_TRUE_CLASS = {
    k: Input(f"{PHOTOS}label_s_{k}", f"pl_{k}", "index",
             class_index(SAMPLE_LABELS[k]) if k in SAMPLE_LABELS else None,
             "inputs.photo_label_what", lo=0, hi=999, what_params=(("photo", Msg(f"samples.{k}")),))
    for k in SAMPLES}

INPUTS = (*BATCH_K.values(), *BATCH_TARGET.values(), *FROM_PHOTO.values(), ARTICLE_MODE,
          LEARNING_RATE, SMOOTHING, SCALE, DTYPE, REDUCTION, WEIGHTS, *CLASS_WEIGHTS, IGNORE,
          GRADIENT_ROW, SAMPLES_PICKED, *SAMPLE_TRUE_CLASS.values(), KEPT_CLASSES,
          *SAMPLE_TARGET.values())
