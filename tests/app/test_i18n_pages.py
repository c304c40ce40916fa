"""The language switch changes the text of every page, and in Japanese a page
shows no English sentence: a hard-coded string fails this test."""

import re

import pytest

from core.article.bears import article_batch
from core.base.i18n import catalog
from core.photo.models import MODELS, imagenet_class_names
from ui.nav import PAGES

# Words that stay as they are in Japanese text: names, code, units, formula symbols.
ALLOWED = {
    "PyTorch", "ImageNet", "CSV", "NaN", "JPEG", "PNG", "WebP", "GIF", "BMP", "TIFF", "CMYK",
    "RGB", "EXIF", "log", "softmax", "log_softmax", "nll", "exp", "CE", "max", "min", "sum",
    "torch", "Logits", "Explorer", "Chelsea", "EfficientNet", "Lite0", "Lite1", "Lite2",
    "params", "float32", "English", "Language", "NLL", "z_i", "z_j",
    "state_dict", "zip",  # a PyTorch name and a file format, as in the code they name
}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]{2,}")


def texts(at) -> list[str]:
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                 "error", "success", "text", "metric"):
        for el in at.get(kind):
            out.append(getattr(el, "label", "") or "")
            out.append(str(getattr(el, "value", "") or ""))
    for kind in ("button", "slider", "selectbox", "text_input", "radio", "number_input",
                 "expander", "download_button"):
        out += [getattr(el, "label", "") or "" for el in at.get(kind)]
    for tbl in at.table:
        df = tbl.value
        out += [str(c) for c in df.columns] + [str(n) for n in df.index.names if n]
    return out


def english_words(text: str, exempt: set[str]) -> list[str]:
    text = re.sub(r"`[^`]*`", " ", text)  # inline code
    text = re.sub(r":material/[a-z_]+:|:[a-z]+\[|\]", " ", text)  # icons and colours, not words
    for name in sorted(exempt, key=len, reverse=True):
        if name and name in text:
            text = text.replace(name, " ")
    return [w for w in WORD.findall(text) if w not in ALLOWED]


@pytest.mark.parametrize("entry", PAGES, ids=[p.title for p in PAGES])
def test_language_switch_translates_the_page(app, entry):
    app.switch_page(entry.path).run()
    assert not app.exception
    en_title = app.title[0].value
    app.sidebar.radio(key="lang").set_value("ja").run()
    assert not app.exception
    assert app.title[0].value != en_title
    exempt = set(imagenet_class_names()) | set(MODELS) | {m.label for m in MODELS.values()}
    exempt |= set(app.session_state["record"].class_names)
    exempt |= set(article_batch().class_names)  # the loss pages open on the bears batch
    leftovers = {w for s in texts(app) for w in english_words(s, exempt)}
    assert leftovers == set(), f"English left on {entry.title} in Japanese: {sorted(leftovers)}"
    # and back
    app.sidebar.radio(key="lang").set_value("en").run()
    assert app.title[0].value == en_title


def test_sidebar_and_navigation_follow_the_language(app):
    app.sidebar.radio(key="lang").set_value("ja").run()
    ja = catalog("ja")
    sidebar_text = " ".join(str(getattr(e, "label", "")) for e in app.sidebar.get("selectbox"))
    assert ja["sidebar.model"] in sidebar_text
    assert app.sidebar.get("header")[0].value == ja["sidebar.header"]



def test_the_sidebar_names_the_models_in_the_users_language(make_app):
    from core.base.i18n import catalog
    from core.photo.models import MODELS
    from ui import state

    for lang in ("en", "ja"):
        at = make_app({"lang": lang})
        want = [catalog(lang)[f"models.{n}"].format(label=MODELS[n].label) for n in MODELS]
        assert at.selectbox(key=state.MODEL_KEY).options == want
    assert want[0] == "EfficientNet-Lite0 · 最速"
