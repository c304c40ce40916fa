"""Words one way: every figure and table builder in core/*/*figures.py and core/*/*tables.py takes
``lang`` and reads its own words from the catalogue. No builder carries English defaults or a
``text=`` dict of words, and each figure built in Japanese shows the Japanese catalogue's words."""

import importlib
import inspect
import re
from pathlib import Path

import numpy as np
import pytest

from core.article import softmax as art
from core.base.i18n import catalog, tr
from core.losses import figures as loss_figures
from core.losses import lab_figures
from core.losses import math as losses
from core.losses import tables as loss_tables
from core.losses.batch import validate_batch
from core.photo import tables as photo_tables
from core.sigmoid import figures as sigmoid_figures
from core.sigmoid import math as binary
from core.softmax import figures as softmax_figures
from core.softmax import math as sm
from core.softmax import tables as softmax_tables
from core.train import figures as train_figures
from core.train import math as train_math
from core.train import tables as train_tables

ROOT = Path(__file__).resolve().parents[2]
BUILDER_FILES = sorted([*ROOT.glob("core/*/*figures.py"), *ROOT.glob("core/*/*tables.py")])
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")  # "T", "p", ".4f", "σ(z)" are notation, not words


def _modules():
    for path in BUILDER_FILES:
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        yield importlib.import_module(name)


def _builders():
    for module in _modules():
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_"):
                yield f"{module.__name__}.{name}", fn


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)


def word_problems(fn) -> list[str]:
    """What in ``fn``'s signature passes words some other way than ``lang`` + the catalogue."""
    problems = []
    for p in inspect.signature(fn).parameters.values():
        if p.name == "text" or isinstance(p.default, dict) or "dict[str, str]" in str(
                p.annotation):
            problems.append(f"{p.name}: a dict of words")
        if p.name == "lang" and p.default is not inspect.Parameter.empty:
            problems.append("lang has a default: the caller must say the language")
        if p.default is inspect.Parameter.empty:
            continue
        english = [s for s in _strings(p.default) if ENGLISH_WORD.search(s)]
        if english:
            problems.append(f"{p.name} defaults to English {english}")
    return problems


def test_the_builder_files_are_found():
    names = {p.relative_to(ROOT).as_posix() for p in BUILDER_FILES}
    assert {"core/base/figures.py", "core/photo/tables.py", "core/sigmoid/figures.py",
            "core/softmax/figures.py", "core/softmax/tables.py", "core/losses/figures.py",
            "core/losses/tables.py", "core/losses/lab_figures.py"} <= names


def test_the_check_catches_each_old_way():
    def english_default(values, *, title: str = "Loss per row"): ...
    def english_tuple(values, *, cols: tuple = ("class", "logit z")): ...
    def words_dict(values, text: dict[str, str] | None = None): ...
    def lang_default(values, *, lang: str = "en"): ...
    def fine(values, *, lang: str, value_fmt: str = ".4f", y_title: str = "", sym: str = "T"): ...

    for bad in (english_default, english_tuple, words_dict, lang_default):
        assert word_problems(bad), bad.__name__
    assert word_problems(fine) == []


def test_no_builder_takes_words_another_way():
    found = dict(_builders())
    assert len(found) > 20
    bad = {name: word_problems(fn) for name, fn in found.items() if word_problems(fn)}
    assert bad == {}


# ---------------------------------------------------------------- built in Japanese
JA = catalog("ja")
NAMES = ("Grizzly", "Brown", "Teddy")
ROWS = [[0.1752, 0.0539, -0.0581], [0.0544, 0.0642, 0.0782], [0.3230, 0.0958, 0.1941]]
BATCH = validate_batch(ROWS, [1, 0, 2], NAMES)
Z = np.array([2.0, 1.0, 0.1], dtype=np.float32)
SV = binary.sigmoid_vs_softmax([2.0, 1.0, -0.5], ("a", "b", "c"))
GAPS = np.linspace(-2.0, 4.0, 7)
VIEW = losses.nll_view(BATCH)
STEPS = losses.cross_entropy_steps(BATCH)


def ja(key: str, **params) -> str:
    return tr("ja", key, **params)


# builder, its call, and the words it must show: title, x-axis and y-axis titles (None: none),
# then anything else it must say (trace names, subplot titles, annotations)
TRAIN_X = np.array([[1.0, 0.0, 0.5], [0.9, 0.1, 0.4], [0.0, 1.0, 0.2], [0.1, 0.8, 0.3]],
                   dtype=np.float32)
TRAIN_Y = np.array([0, 0, 1, 1])
TRAJ = train_math.train(TRAIN_X, TRAIN_Y, train_math.TrainConfig(lr=1.0, steps=3), TRAIN_X[:1],
                        TRAIN_Y[:1], num_classes=2)
COMP = train_math.compare(TRAIN_X, TRAIN_Y, train_math.TrainConfig(lr=1.0, steps=3,
                                                                     start_scale=100.0), 2)
FIGURES = {
    "side_by_side": (lambda lg: sigmoid_figures.side_by_side(SV, lang=lg),
                     ja("sigmoid.versus_title"), None, ja("sigmoid.versus_y"),
                     [ja("sigmoid.versus_sigmoid", total=f"{SV.sigmoid_sum:.4f}"),
                      ja("sigmoid.versus_softmax", total=f"{SV.softmax_sum:.4f}"),
                      ja("sigmoid.col_sigmoid"), ja("sigmoid.col_softmax")]),
    "jacobian_heatmap": (lambda lg: softmax_figures.jacobian_heatmap(
        ("a", "b", "c"), sm.jacobian(Z), lang=lg),
        ja("softmax.jacobian_title"), ja("softmax.jacobian_x"), ja("softmax.jacobian_y"), []),
    "top_share_curve": (lambda lg: softmax_figures.top_share_curve(
        GAPS, sm.top_share_curve(Z, 1, GAPS), sm.others_equal_share(3, GAPS), 1.0, 0.5, "b",
        lang=lg), ja("softmax.share_title"), ja("softmax.share_x", name="b"),
        ja("softmax.share_y", name="b"),
        [ja("softmax.share_curve", name="b"), ja("softmax.share_equal"), ja("softmax.share_now")]),
    "pick_one": (lambda lg: softmax_figures.pick_one(
        [0.02, -2.49, 1.25], [1.02, 0.08, 3.49], [0.22, 0.02, 0.76], lang=lg),
        ja("softmax.pick_title"), None, None,
        [ja("softmax.pick_sub_logits"), ja("softmax.class_n", k=2)]),
    "minus_log_curve": (lambda lg: loss_figures.minus_log_curve(VIEW.picked.numpy(), lang=lg),
                        ja("ce.curve_title"), ja("ce.curve_x"), ja("ce.curve_y"),
                        [ja("ce.curve_rows"), ja("batch_msgs.row", n=1)]),
    "gradient_bars": (lambda lg: lab_figures.gradient_bars(
        NAMES, [0.2, 0.5, 0.3], [0, 1, 0], [0.2, -0.5, 0.3], [0.2, -0.5, 0.3], 1, lang=lg),
        ja("labs.grad_chart_title", n=2), None, ja("labs.grad_chart_y"),
        [ja("labs.grad_trace_p"), ja("labs.grad_trace_y"), ja("labs.grad_trace_g"),
         ja("labs.grad_trace_auto")]),
    "loss_curve": (lambda lg: lab_figures.loss_curve([1.0, 0.8, 0.7], lang=lg),
                   ja("labs.curve_title"), ja("labs.curve_x"), ja("labs.curve_y"), []),
    "non_finite_sweep": (lambda lg: lab_figures.non_finite_sweep(
        [1, 10, 100], {"log_softmax": [0, 0, 0]}, 10, "float32", lang=lg),
        ja("labs.sweep_title", dtype="float32"), ja("labs.sweep_x"), ja("labs.sweep_y"), []),
    "row_losses": (lambda lg: lab_figures.row_losses(["r1", "r2"], [0.5, 0.0], [True, False],
                                                     lang=lg),
                   ja("labs.rows_title"), None, ja("labs.rows_y"), [ja("labs.rows_marked")]),
    "photo_losses": (lambda lg: lab_figures.photo_losses(["cat", "dog"], [0.5, 3.0],
                                                         [True, False], lang=lg),
                     ja("labs_photos.chart_title"), None, ja("labs_photos.chart_y"),
                     [ja("labs_photos.wrong")]),
    "why_curves": (lambda lg: train_figures.why_curves(COMP, lang=lg), ja("train.why_title"),
                   ja("train.x_step"), ja("train.why_y"), [ja("train.why_ce")]),
    "temperature": (lambda lg: train_figures.temperature(
        train_math.temperature_curve(TRAJ.logits[-1], TRAIN_Y), lang=lg),
        ja("train.temp_title"), ja("train.temp_x"), ja("train.temp_y"), []),
}


def _said(fig) -> str:
    """Everything a figure says besides its axis titles, as one text."""
    spec = fig.to_plotly_json()
    parts = []
    for trace in spec["data"]:
        parts.append(trace.get("name") or "")
        for field in ("text", "customdata", "x"):
            value = trace.get(field)
            if value is not None:
                parts += [v for v in np.ravel(np.asarray(value, dtype=object))
                          if isinstance(v, str)]
    parts += [a.get("text", "") for a in spec["layout"].get("annotations", [])]
    return "\n".join(parts)


# chart primitives with no words of their own: the builders that call them pass theirs
WORDLESS = {"escaped_figure"}


def test_every_figure_builder_is_built_in_japanese_below():
    figures = {name.rsplit(".", 1)[1]: fn for name, fn in _builders()
               if inspect.signature(fn).return_annotation in ("go.Figure", "Figure")}
    with_lang = {n for n, fn in figures.items() if "lang" in inspect.signature(fn).parameters}
    assert with_lang == set(FIGURES)
    assert set(figures) - with_lang == WORDLESS


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_a_figure_built_in_japanese_shows_the_japanese_words(name):
    build, title, x_title, y_title, also = FIGURES[name]
    fig = build("ja")
    assert fig.layout.title.text == title
    assert (fig.layout.xaxis.title.text or None) == x_title
    assert (fig.layout.yaxis.title.text or None) == y_title
    said = _said(fig)
    for words in also:
        assert words in said, words
    assert build("en").layout.title.text != title  # the language is what changed it


def test_the_loss_pieces_built_in_japanese_show_the_japanese_words():
    """The lessons' live charts (core.losses.live): the heatmap's and the bars' titles (the
    ideal line named in the bars'), the bars' axis, the rows' names, "target" in a target
    cell's hover text; and the bars' tables' headers."""
    from core.losses.live import heatmap_data, loss_bars_data, picked_bars_data

    def said(d):  # the whole title (the chart's name for screen readers)
        return d["labels"]["aria"]

    heat = {lg: heatmap_data(VIEW.probs, BATCH.targets, BATCH.class_names, lang=lg)
            for lg in ("ja", "en")}
    assert said(heat["ja"]) == ja("nll.heatmap_title") != said(heat["en"])
    assert "".join(heat["ja"]["labels"]["title"]).replace(" ", "") == \
        ja("nll.heatmap_title").replace(" ", "")
    assert heat["ja"]["rows"][0] == ja("batch_msgs.row", n=1) != heat["en"]["rows"][0]
    assert heat["ja"]["tips"][0][1] == (f"{ja('batch_msgs.row', n=1)} · Brown "
                                        f"({ja('losses.col_target')})\n"
                                        f"{VIEW.probs[0, 1].item():.4f}")
    for build, title, y_title in (
            (lambda lg: picked_bars_data(VIEW.picked, lang=lg),
             f"{ja('nll.picked_title')} · {ja('nll.ideal_1')} (- - -)", ja("nll.picked_y")),
            (lambda lg: loss_bars_data(STEPS.losses, lang=lg),
             f"{ja('ce.bars_title')} · {ja('ce.ideal_0')} (- - -)", ja("ce.bars_y"))):
        d, en = build("ja"), build("en")
        assert said(d) == title != said(en)
        assert "".join(d["labels"]["title"]).replace(" ", "") == title.replace(" ", "")
        assert d["labels"]["y"] == y_title != en["labels"]["y"]
        assert d["rows"][0] == ja("batch_msgs.row", n=1)
    for build, y_title in ((lambda lg: loss_tables.picked_bars_table(VIEW.picked, lang=lg),
                            ja("nll.picked_y")),
                           (lambda lg: loss_tables.loss_bars_table(STEPS.losses, lang=lg),
                            ja("ce.bars_y"))):
        assert list(build("ja").columns) == [ja("losses.col_row"), y_title]
        assert list(build("en").columns) != [ja("losses.col_row"), y_title]


TABLES = {
    "overview_table": (lambda lg: photo_tables.overview_table(
        np.array([0.5, -1.0, 2.0]), ("a", "b", "c"), np.array([2]), lang=lg),
        [ja("logits.col_class"), ja("logits.overview_y"), ja("panels.col_series")],
        ja("logits.overview_x"), []),
    "histogram_table": (lambda lg: photo_tables.histogram_table(Z, lang=lg),
        [ja("logits.bin_to"), ja("logits.histogram_y")], ja("logits.bin_from"), []),
    "step_table": (lambda lg: softmax_tables.step_table(("a", "b", "c"), sm.breakdown(Z),
                                                        lang=lg),
                   [ja("softmax.col_logit")], ja("softmax.col_class"), [ja("softmax.sum_row")]),
    "properties_table": (lambda lg: softmax_tables.properties_table(sm.properties(Z), lang=lg),
                         [ja("softmax.col_holds"), ja("softmax.col_evidence")],
                         ja("softmax.col_property"),
                         [tr("ja", "softmax_msgs.prop_sum")]),
    "comparison_table": (lambda lg: softmax_tables.comparison_table(
        art.article_comparison("article"), lang=lg),
        [ja("softmax.col_printed"), ja("softmax.col_computed"), ja("softmax.col_more"),
         ja("softmax.col_verdict")], ja("softmax.col_quantity"), []),
    "nll_frame": (lambda lg: loss_tables.nll_frame(VIEW, BATCH, lg),
                  [ja("losses.col_target"), ja("losses.col_p_target"), ja("losses.col_equal")],
                  ja("losses.col_row"), []),
    "module_frame": (lambda lg: loss_tables.module_frame(STEPS, BATCH, lg),
                     [ja("losses.col_step4"), ja("losses.col_difference")], ja("losses.col_row"),
                     []),
    "why_table": (lambda lg: train_tables.why_table(COMP, "a", lang=lg),
                  [ja("train.col_p_label"), ja("train.col_grad_ce"), ja("train.col_grad_se")],
                  ja("train.col_photo"), []),
    "prediction_table": (lambda lg: train_tables.prediction_table(
        ["x", "y"], train_math.predict(TRAJ.weight, TRAJ.bias, TRAIN_X[0]), lang=lg),
        [ja("train.col_logit"), ja("train.col_prob")], ja("train.col_class"), []),
    "imagenet_table": (lambda lg: train_tables.imagenet_table(np.arange(10.0), list("abcdefghij"),
                                                              lang=lg),
                       [ja("train.col_logit"), ja("train.col_prob")], ja("train.col_imagenet"),
                       []),
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_a_table_built_in_japanese_has_the_japanese_headers(name):
    build, columns, index, rows = TABLES[name]
    df = build("ja")
    assert set(columns) <= set(df.columns) and df.index.name == index
    for row in rows:
        assert row in set(df.index)
    assert build("en").index.name != index
