"""The Conclusion page's controls, declared once (core.base.inputs): widget, validation, link.
The self-check's answers are the learner's own and stay out of links; its question (which
class the loss is asked for) is linked, so a teacher can hand out the same question."""

from core.base.inputs import Input

CHECK_TARGET = Input("conclusion_q2_target", "qt", "index", 0, "conclusion.q2_target", lo=0,
                     hi=999)

INPUTS = (CHECK_TARGET,)
