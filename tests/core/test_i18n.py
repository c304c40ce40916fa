"""Catalogues: both languages have every key with the same placeholders; every key the code uses
exists; Japanese uses the article's terms; messages survive pickling (st.cache_data)."""

import pickle
import re
from pathlib import Path

import pytest

from core.base.i18n import LANGS, Msg, catalog, localize, placeholders, tr
from core.base.record import SOURCES
from core.overview.recap import DECISION_GUIDE
from core.photo.images import SAMPLES, ImageError

ROOT = Path(__file__).resolve().parents[2]
KEY_CALL = re.compile(r"""\b(?:t|Msg|ImageError)\(\s*f?["']([a-z_]+\.[A-Za-z_.{}-]+)["']""")


def test_both_languages_have_the_same_keys_and_placeholders():
    en, ja = catalog("en"), catalog("ja")
    assert set(en) - set(ja) == set(), "missing in ja"
    assert set(ja) - set(en) == set(), "missing in en"
    for key in en:
        assert placeholders(en[key]) == placeholders(ja[key]), key
        assert en[key].strip() and ja[key].strip(), key


def expand(key: str) -> list[str]:
    """Keys built with f-strings in the code, expanded over the values they take."""
    if "{" not in key:
        return [key]
    fills = {"samples.{key}": [f"samples.{k}" for k in SAMPLES]}
    return fills.get(key, [])


def used_keys() -> set[str]:
    files = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").rglob("*.py"),
             *(ROOT / "core").rglob("*.py")]
    keys = set()
    for f in files:
        for k in KEY_CALL.findall(f.read_text(encoding="utf-8")):
            keys.update(expand(k))
    keys |= {f"sources.{s}" for s in SOURCES} | {f"kinds.{k}" for k in ("sample", "upload",
                                                                       "camera")}
    for task, _ in DECISION_GUIDE:
        keys |= {f"guide.{task}{s}" for s in ("", "_example", "_activation", "_loss")}
    from ui.nav import _ALL
    keys |= {p.title_key for p in _ALL}
    return keys


def test_every_key_the_code_uses_exists():
    keys = used_keys()
    assert len(keys) > 100
    en = catalog("en")
    missing = sorted(k for k in keys if k not in en and not (  # a prefix the code completes
        k.endswith("_") and any(e.startswith(k) for e in en)))
    assert missing == []


def test_japanese_uses_the_articles_terms():
    ja = catalog("ja")
    assert ja["nav.logits"] == "ロジット"
    assert ja["nav.sigmoid"] == "シグモイド関数"
    assert ja["nav.softmax"] == "ソフトマックス"
    assert ja["nav.nll"] == "負の対数尤度"
    assert ja["nav.cross_entropy"] == "クロスエントロピー損失"


def test_msg_is_english_text_and_translates_with_nested_messages():
    m = Msg("share.bad_param", name="t", error=Msg("numbers.nan", what="temperature"))
    assert m == tr("en", "share.bad_param", name="t",
                   error=tr("en", "numbers.nan", what="temperature"))
    assert "NaN" in m and "既定値" in m.text("ja") and "非数" in m.text("ja")
    back = pickle.loads(pickle.dumps(m))
    assert back == m and back.key == m.key and back.text("ja") == m.text("ja")


def test_core_errors_carry_messages_that_translate():
    with pytest.raises(ImageError) as err:
        from core.photo.images import decode_image
        decode_image(b"")
    assert "empty" in str(err.value)
    assert localize(err.value, "ja") == catalog("ja")["images.empty"]
    assert localize("plain text", "ja") == "plain text"


@pytest.mark.parametrize("lang", list(LANGS))
def test_every_message_formats_with_its_own_placeholders(lang):
    sample = {"n": 3, "mb": 1.5, "limit": 10, "mp": 60.0, "aspect": 25.0, "params": 4.7}
    for key, text in catalog(lang).items():
        params = {p: sample.get(p, "x") for p in placeholders(text)}
        tr(lang, key, **params)  # a bad format spec or brace would raise here
