"""Gate: every file of the hostile corpus goes through the sidebar's real uploader (AppTest) in
one session. Zero exceptions; every unusable file gets the one clear message and the previous
photo stays; every usable file is classified by the real model (the Logits page's top-1 row is
the new photo's); the user's file name is never rendered; memory growth is bounded; and the app
works normally afterwards. A summary (files, tracebacks, messages) is written to
test-artifacts/hostile-summary.txt.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest

from core.images import decode_image, sample_bytes
from core.inference import photo_logits
from core.models import imagenet_class_names
from tests.conftest import ROOT
from tests.hostile.corpus import Case, build_corpus, summary
from ui import state

SUMMARY = ROOT / "test-artifacts" / "hostile-summary.txt"
PREFIX = "That photo could not be used:"
# Memory: a second pass over the whole corpus may not grow the process by more than this.
RSS_GROWTH_LIMIT_MB = 150
# Bits of the hostile file names that must never appear in what the page renders.
NAME_MARKERS = ("<script>", "passwd", "javascript:", "**bold**", "aaaaaaaaaaaaaaaa", "Ünïcødé",
                "line1")


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def rendered_text(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "text", "error", "info", "warning", "success", "title",
                 "header", "subheader", "code", "metric"):
        for el in getattr(at, kind, []):
            parts.append(str(getattr(el, "value", "")))
    for t in at.table:
        parts.append(t.value.to_string())
    return "\n".join(parts)


def top_row(at) -> tuple[str, str]:
    """(class, logit text) of the Logits page's top-1 row."""
    df = at.table[0].value
    return str(df["class"].iloc[0]), str(df["logit"].iloc[0])


def upload(at, c) -> None:
    at.sidebar.get("file_uploader")[0].set_value((c.filename, c.data, c.mime)).run()


def check_case(at, c, model, transform, names) -> tuple[list[str], str]:
    """Upload one case; return (problems, what the user saw)."""
    before = at.session_state[state.PHOTO]
    upload(at, c)
    problems: list[str] = []
    if at.exception:
        return [f"exception: {at.exception[0].value}"], "TRACEBACK"
    errors = [e.value for e in at.error]
    infos = [i.value for i in at.info]
    photo = at.session_state[state.PHOTO]
    seen = " | ".join(errors) if errors else ("classified: " + "; ".join(infos))
    leaked = [m for m in NAME_MARKERS if m in rendered_text(at)]
    if leaked:
        problems.append(f"file name rendered: {leaked}")
    if c.usable:
        if errors:
            problems.append(f"refused a usable file: {errors}")
        if photo is before or photo.kind != "upload":
            problems.append("photo not replaced")
        want = photo_logits(model, transform, decode_image(c.data).image)
        np.testing.assert_allclose(photo.logits, want, rtol=0, atol=1e-5)
        top = int(np.argmax(want))
        if top_row(at) != (names[top], f"{want[top]:.4f}"):
            problems.append(f"Logits page top-1 {top_row(at)} != {(names[top], want[top])}")
        if not np.array_equal(at.session_state[state.RECORD].values, photo.logits):
            problems.append("current record is not the new photo's logits")
        if c.note and not any(re.search(c.note, i) for i in infos):
            problems.append(f"missing note /{c.note}/ in {infos}")
    else:
        if len(errors) != 1:
            problems.append(f"{len(errors)} error messages: {errors}")
        elif not (errors[0].startswith(PREFIX) and re.search(c.expect, errors[0])
                  and "previous photo" in errors[0]):
            problems.append(f"unclear message {errors[0]!r} (want /{c.expect}/)")
        if photo is not before:
            problems.append("previous photo lost")
    return problems, seen


def test_every_hostile_file_through_the_sidebar_uploader(app):
    cases = build_corpus()
    assert len(cases) >= 40
    names = imagenet_class_names()
    model, transform = state.get_model(state.DEFAULT_MODEL)
    app.switch_page("pages/logits.py").run()
    app.radio(key=state.KIND_KEY).set_value("upload").run()
    assert not app.exception
    assert top_row(app)[0] == "espresso"

    results = {c.key: check_case(app, c, model, transform, names) for c in cases}
    rss_after_first = rss_mb()
    for c in cases:  # a second pass: the same files again, with fresh upload ids
        upload(app, c)
        assert not app.exception, (c.key, app.exception)
    growth = rss_mb() - rss_after_first

    # the app works normally afterwards: a good upload, then back to a sample
    upload(app, Case("cat", "cat.png", sample_bytes("cat"), "image/png", None))
    assert top_row(app)[0] in {"tabby", "tiger cat", "Egyptian cat"} and not app.error
    app.radio(key=state.KIND_KEY).set_value("sample").run()
    app.selectbox(key=state.SAMPLE_KEY).set_value("rocket").run()
    assert not app.exception and not app.error
    assert app.session_state[state.RECORD].source == "sample"

    tracebacks = sum(seen == "TRACEBACK" for _, seen in results.values())
    kinds = Counter(("classified" if c.usable else "refused") for c in cases)
    lines = [f"hostile corpus: {summary(cases)}; tracebacks: {tracebacks}; "
             f"RSS growth on a second pass: {growth:+.1f} MB (limit {RSS_GROWTH_LIMIT_MB})",
             f"expected outcomes: {dict(kinds)}"]
    lines += [f"{'FAIL' if p else 'ok  '} {c.key:26} {len(c.data):>9} B  {seen[:150]}"
              + (f"   <-- {p}" if p else "") for c in cases for p, seen in [results[c.key]]]
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    SUMMARY.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    failed = {k: p for k, (p, _) in results.items() if p}
    assert not failed, failed
    assert growth <= RSS_GROWTH_LIMIT_MB, f"RSS grew {growth:.0f} MB on a second pass"


@pytest.mark.parametrize("filename", ["evil.svg", "page.html", "photo.png.exe"])
def test_a_file_type_the_uploader_refuses_is_a_message_not_a_traceback(app, filename):
    """The browser filters by extension; a client that bypasses it reaches the server. With
    only extensions in ``type=``, Streamlit's own server-side check raises before the script
    runs (a traceback no page code can catch). With MIME types in the list that check is
    skipped and core.images refuses the file by its content, with a message."""
    app.radio(key=state.KIND_KEY).set_value("upload").run()
    uploader = app.sidebar.get("file_uploader")[0]
    before = app.session_state[state.PHOTO]
    uploader.set_value((filename, b"<svg><script>alert(1)</script></svg>", "image/png")).run()
    if not any("/" in t for t in uploader.allowed_type):
        assert app.exception, "Streamlit's extension check changed: drop this branch"
        pytest.xfail("ui/sidebar.py: file_uploader type= has no MIME types, so Streamlit's "
                     "server-side extension check raises (requested: add image/* MIME types)")
    assert not app.exception, app.exception[0].value
    assert app.session_state[state.PHOTO] is before
    assert len(app.error) == 1 and "not an image" in app.error[0].value
