"""The Conclusion page's controls, declared once (core.base.inputs): widget, validation, link.
The self-check's answers are the learner's own and stay out of links; its question (which
class the loss is asked for) is linked, so a teacher can hand out the same question."""

from core.base.inputs import Input

# The Introduction's picture: which class the photo really is (None: the top class). Any
# ImageNet class can come with a link; the picture offers the top ones.
INTRO_TARGET = Input("intro_target", "it", "index", None, "intro.what_target", lo=0, hi=999)

CHECK_TARGET = Input("conclusion_q2_target", "qt", "index", 0, "conclusion.q2_target", lo=0,
                     hi=999)

# The whole lesson at once: every "Go deeper" part open (a teacher's view; a link can hold it).
OPEN_ALL = Input("deeper_all_open", "open", "bool", False, "sidebar.open_all")

# Every "Go deeper" part of the lesson (ui.panels.deeper), and which ones are open: on screen,
# so in the link too.
PARTS = ("sigmoid_loss", "sigmoid_photo", "sigmoid_versus", "softmax_props", "softmax_article",
         "softmax_raise", "softmax_temperature", "nll_row_drag", "nll_article", "ce_row_drag",
         "ce_curve", "ce_log_softmax",
         "ce_calls", "ce_gradient", "ce_stability", "ce_options", "ce_photos", "train_why",
         "train_try", "train_temperature", "train_code")
OPEN_PARTS = Input("deeper_open_parts", "parts", "choices", (), "sidebar.open_parts",
                   options=PARTS)

INPUTS = (INTRO_TARGET, CHECK_TARGET, OPEN_ALL, OPEN_PARTS)
