"""Each page's lesson as a notebook reads it: the page's teaching text (catalogue keys) and its
code panels, in the order the page draws them.

Only parameterless catalogue texts are listed (headers, leads, the explanations under a step);
a text the page fills with live numbers or class names stays on the page, so a notebook's
Markdown is catalogue text alone. Controls' labels and "drag here" captions are left out: a
notebook has no controls. A ``Code`` slot is the panel whose ``prints`` message is
``panels.prints_<slot>``; a ``Part`` is a "Go deeper" part (core.overview.inputs.PARTS).
tests/app/test_notebook_text.py checks each outline against its page file.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.overview.inputs import PARTS
from core.sigmoid.math import SIGMOID_TEX


@dataclass(frozen=True)
class Text:
    key: str
    level: int = 0  # 0: a paragraph; 1: the page title; 2: a section or part; 3: within a part


@dataclass(frozen=True)
class Formula:
    tex: str  # LaTeX, shown as a display formula


@dataclass(frozen=True)
class Code:
    slot: str

    @property
    def prints_key(self) -> str:
        return f"panels.prints_{self.slot}"


@dataclass(frozen=True)
class Part:
    title: str  # catalogue key of the part's title
    key: str  # its name in core.overview.inputs.PARTS
    items: tuple[Text | Formula | Code, ...] = ()

    def __post_init__(self):
        if self.key not in PARTS:
            raise ValueError(f"undeclared part {self.key!r}")


Item = Text | Formula | Code | Part


def _h(key: str) -> Text:
    return Text(key, 2)


OUTLINES: dict[str, tuple[Item, ...]] = {
    "introduction": (Text("intro.title", 1), Text("intro.lead"), _h("intro.pipeline"),
                     _h("intro.find")),
    "train": (
        Text("train.title", 1), Text("train.lead"), _h("train.photos_header"),
        Part("train.why_header", "train_why", (Text("train.why_text"),)),
        Part("train.try_header", "train_try", ()),
        Part("train.temp_header", "train_temperature", (Text("train.temp_text"),)),
        Part("train.code_header", "train_code", (Code("train"),))),
    "logits": (Text("logits.title", 1), Text("logits.lead"), Code("logits")),
    "sigmoid": (
        Text("sigmoid.title", 1), Text("sigmoid.lead"), Formula(SIGMOID_TEX),
        Text("sigmoid.landmarks_text"),
        _h("sigmoid.curve_header"), Code("sigmoid_curve"),
        Part("sigmoid.loss_header", "sigmoid_loss", (Text("sigmoid.loss_caption"),)),
        _h("sigmoid.article_header"), Text("sigmoid.article_text"), Text("article.rule"),
        Code("sigmoid_article"),
        Part("sigmoid.photo_header", "sigmoid_photo", (Text("sigmoid.photo_lead"),
                                                       Code("group"))),
        Part("sigmoid.versus_header", "sigmoid_versus", (Code("top_k"),))),
    "softmax": (
        Text("softmax.title", 1), Text("softmax.lead"), _h("softmax.logits_header"),
        _h("softmax.steps_header"), Text("softmax.steps_text"), Code("softmax"),
        Part("softmax.props_title", "softmax_props", (Text("softmax.props_heading"),
                                                      Text("softmax.jacobian_caption"))),
        Part("softmax.article_part", "softmax_article", (
            Text("softmax.article_text"), Text("article.rule"), Code("softmax_article"))),
        _h("softmax.pick_header"), Text("softmax.pick_text"),
        Part("softmax.raise_header", "softmax_raise"),
        Part("softmax.temp_header", "softmax_temperature", (Text("softmax.temp_text"),))),
    "nll": (
        Text("nll.title", 1), Text("nll.lead"), _h("nll.s1_header"), Text("nll.s1_text"),
        _h("nll.s2_header"), Text("nll.no_log"), _h("nll.s3_header"), _h("nll.s4_header"),
        Code("nll"),
        Part("nll.article_expander", "nll_article", (Text("article.pretrained"),
                                                     Text("article.rule")))),
    "cross_entropy": (
        Text("ce.title", 1), Text("ce.lead"), Text("article.pretrained"), Text("article.rule"),
        _h("ce.step1"), _h("ce.step2"), _h("ce.step3"), _h("ce.step4"), Text("ce.step4_text"),
        _h("ce.module_header"), Text("ce.module_text"), Code("ce"),
        Part("ce.curve_header", "ce_curve", (Text("ce.curve_text"),)),
        Part("ce.ls_header", "ce_log_softmax", (Text("ce.ls_text"),)),
        Part("ce.calls_header", "ce_calls", (Code("ce_calls"),)),
        Part("labs.grad_header", "ce_gradient", (Text("labs.grad_text"), Text("labs.step_text"),
                                                 Code("gradient"))),
        Part("labs.stab_header", "ce_stability", (Text("labs.stab_text"),
                                                  Text("labs.stab_caption"),
                                                  Text("labs.counts_caption"),
                                                  Code("stability"))),
        Part("labs.opt_header", "ce_options", (Text("labs.opt_text"),
                                               Text("labs.ignore_caption"), Code("options"))),
        Part("labs_photos.header", "ce_photos", (
            Text("labs_photos.text"), Text("labs_photos.bears_header", 3),
            Text("labs_photos.bears_text"), Code("photo_batch")))),
    "conclusion": (Text("conclusion.title", 1), Text("conclusion.lead"),
                   _h("conclusion.recap"), _h("conclusion.guide"), _h("conclusion.check"),
                   Text("conclusion.check_lead")),
}


def code_slots(items: tuple[Item, ...]) -> list[str]:
    """Every panel slot of an outline, parts included, in order."""
    out = []
    for item in items:
        if isinstance(item, Code):
            out.append(item.slot)
        elif isinstance(item, Part):
            out += code_slots(item.items)
    return out
