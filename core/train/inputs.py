"""The Train page's controls, declared once (core.base.inputs): widget, validation, link.
The class names the learner types are in the link (names: 1 to 40 characters, user text shown
only through the app's escaping); uploaded photos stay out of links, as every upload does."""

from core.base.inputs import MAX_NAME_CHARS, Input
from core.photo.images import SAMPLES
from core.train.data import EXAMPLE, MAX_CLASSES, MAX_PHOTOS
from core.train.features import MAX_VIEWS
from core.train.math import MAX_LR, MAX_STEPS

P = "train_"  # the page's key prefix
CLASSES = Input(P + "classes", "tc", "int", len(EXAMPLE), "train.classes", lo=1, hi=MAX_CLASSES)
# Each class's name ("" until the page names it in the learner's language: ui.inputs.start).
NAMES = tuple(Input(f"{P}name_{j}", f"t{j}n", "text", "", "train.name", hi=MAX_NAME_CHARS,
                    what_params=(("j", j + 1),))
              for j in range(MAX_CLASSES))
# Each class's bundled photos (the ready-made example to start).
SAMPLES_OF = tuple(
    Input(f"{P}samples_{j}", f"t{j}s", "choices", EXAMPLE[j] if j < len(EXAMPLE) else (),
          "train.samples_what", options=tuple(SAMPLES), hi=len(SAMPLES),
          what_params=(("j", j + 1),))
    for j in range(MAX_CLASSES))
VIEWS = Input(P + "views", "tv", "int", 2, "train.views", lo=0, hi=MAX_VIEWS)
# The learning rate is a synced number (slider + exact box): its value lives in "__value".
LR = Input(P + "lr__value", "tlr", "number", 1.0, "train.lr", lo=0.0, hi=MAX_LR)
LR_SLIDER = (0.0, 20.0)
STEPS = Input(P + "steps", "tn", "int", 100, "train.steps", lo=1, hi=MAX_STEPS)
SMOOTHING = Input(P + "smoothing", "tls", "number", 0.0, "train.smoothing", lo=0.0, hi=1.0)
# The step shown (the scrubber, a live piece over 0 … steps); the page starts it at the end.
STEP = Input(P + "step", "tt", "number", 0.0, "train.step", lo=0.0, hi=float(MAX_STEPS),
             options=tuple(float(s) for s in range(MAX_STEPS + 1)))
PHOTO = Input(P + "photo", "tp", "index", 0, "train.photo", lo=0, hi=MAX_PHOTOS - 1)
# Why cross-entropy: the start's weights × this, so that some photo starts confidently wrong.
START_SCALES = (1, 100, 400)
START_SCALE = Input(P + "start_scale", "tss", "choice", 400, "train.start_scale",
                    options=START_SCALES)

INPUTS = (CLASSES, *NAMES, *SAMPLES_OF, VIEWS, LR, STEPS, SMOOTHING, STEP, PHOTO, START_SCALE)
