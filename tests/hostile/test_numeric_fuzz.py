"""Gate: hostile numbers in every number input, text input and slider of every page in
ui.nav.PAGES (AppTest), and in the shareable-link URL parameters.

Values: NaN, ±inf, 1e308, −0.0, huge spreads, empty, text, comma decimals, out-of-range. After
every run: no exception, and no "nan" shown in a table, metric, markdown or text unless the page
also says what NaN means there (an error, warning, info or caption mentioning NaN).

Bounded for CI: a deterministic sweep (every widget gets every value of a fixed list, all the
page's widgets set at once per run) plus a few Hypothesis sequences per page
(FUZZ_EXAMPLES, default 6; deadline=None).
"""

from __future__ import annotations

import logging
import math
import os
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.conftest import APP_TIMEOUT, ROOT, keep_navigation_mode
from ui.nav import PAGES

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,  # seed: tests/conftest.py's profile
                suppress_health_check=list(HealthCheck),
                phases=(Phase.explicit, Phase.generate))  # no shrinking: bounded time
NAN, INF = math.nan, math.inf

HOSTILE_TEXT = ("nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e308", "-1e308", "1e309",
                "-0.0", "-0", "", "   ", "abc", "1,5", "-2,25", "1,000.5", "1.000,5", "1e4",
                "-1e4", "1e-320", "0x10", "1_000", "\u0661\u0662", "\u22123", "+-1", "1/2",
                "3 4", "<script>alert(1)</script>", "**x**", "9" * 400, "1e-45", "1e4000")
HOSTILE_FLOATS = (NAN, INF, -INF, 1e308, -1e308, -0.0, 5e-324, 1e4, -1e4, 3.4e38, 1e300)
# Prose may say "NaN"; a number formatted from a float NaN reads "nan".
NAN_SHOWN = re.compile(r"(?<![A-Za-z])-?nan(?![A-Za-z])")
EXPLAINS_NAN = re.compile(r"NaN|not a number", re.I)


# ---------------------------------------------------------------- driving widgets

class ScriptErrors(logging.Handler):
    """Streamlit logs the real traceback (the page only shows a redacted one)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(self.format(record))


@pytest.fixture
def script_errors():
    h = ScriptErrors()
    h.setFormatter(logging.Formatter("%(message)s"))
    logs = [logging.getLogger(), logging.getLogger("streamlit.error_util")]
    for log in logs:
        log.addHandler(h)
    yield h
    for log in logs:
        log.removeHandler(h)


def widgets(at) -> list[tuple[str, str]]:
    """(kind, key) of every number input, text input and slider now drawn (main + sidebar)."""
    out = []
    for kind in ("number_input", "text_input", "slider"):
        for w in getattr(at, kind):
            # the Train page's class names are names: "-nan" there is shown as typed (user
            # text, never markup: tests/e2e/test_markup_e2e.py and the Train page's tests)
            if w.key and not w.key.startswith("train_name_"):
                out.append((kind, w.key))
    return out


def widget(at, kind: str, key: str):
    return getattr(at, kind)(key=key)


def values_for(at, kind: str, key: str, beyond: bool = False) -> list:
    """Hostile values that fit a widget. Text boxes take any text. Number inputs and sliders
    take what a browser can send (in range, extremes, -0.0); with ``beyond``, what only a
    crafted client could send (NaN, ±inf, out of range, a float to an int widget)."""
    w = widget(at, kind, key)
    if kind == "text_input":
        return [] if beyond else list(HOSTILE_TEXT)
    lo = -1e308 if w.min is None else float(w.min)
    hi = 1e308 if w.max is None else float(w.max)
    if isinstance(w.value, (list, tuple)):  # a range slider
        return [(lo - 1e6, hi + 1e6), (NAN, hi)] if beyond else [(hi, lo), (lo, lo), (lo, hi)]
    if isinstance(w.value, int) and not isinstance(w.value, bool):
        if beyond:  # (NaN/inf in an int widget poison Streamlit's own session state)
            return [int(lo) - 1, int(hi) + 1, -(2**63), 2**63 - 1]
        return [int(lo), int(hi), (int(lo) + int(hi)) // 2]
    if beyond:
        return [x for x in (lo - 1.0, hi * 10 + 1e6, *HOSTILE_FLOATS) if not lo <= x <= hi]
    inside = [x for x in HOSTILE_FLOATS if lo <= x <= hi]
    return [lo, hi, -0.0 if lo <= 0 <= hi else lo, (lo + hi) / 2, lo + (hi - lo) * 1e-9,
            *inside]


def set_widget(at, kind: str, key: str, value) -> None:
    widget(at, kind, key).set_value(value)


# ---------------------------------------------------------------- what must hold after a run

def shown_texts(at):
    """(where, text) of what the page shows as numbers or prose (not the code panels)."""
    for kind in ("markdown", "text", "caption", "latex"):
        for el in getattr(at, kind):
            yield kind, str(el.value)
    for m in at.metric:
        yield "metric", f"{m.label}: {m.value}"
    for t in at.table:
        df = t.value
        yield "table", df.to_string()
        num = df.select_dtypes("number")
        if num.size and pd.isna(num.to_numpy(dtype=float, na_value=math.nan)).any():
            yield "table", "nan (a NaN cell)"


def explanations(at) -> str:
    return " ".join(str(e.value) for kind in ("error", "warning", "info", "caption", "markdown")
                    for e in getattr(at, kind))


def app_frames(traceback_text: str) -> list[str]:
    """The frames of a traceback that are this app's code (not Streamlit's, not the venv's)."""
    return [ln for ln in re.findall(r'File "([^"]+)"', traceback_text)
            if ln.startswith(str(ROOT)) and "/.venv/" not in ln]


def check(at, what: str, errors: ScriptErrors, internal: list | None = None) -> None:
    """Fail on an exception and on an unexplained 'nan'. With ``internal`` (a list), an
    exception raised entirely inside Streamlit's own widget code (a value no browser sends)
    is recorded there instead of failing; one with a frame in the app's code still fails."""
    if at.exception:
        detail = errors.records[-1] if errors.records else at.exception[0].value
        if internal is not None and errors.records and not app_frames(detail):
            internal.append(f"{what}: {detail.strip().splitlines()[-1]}")
            return
        pytest.fail(f"exception after {what}:\n{detail}")
    shown = [(k, t) for k, t in shown_texts(at) if NAN_SHOWN.search(t)]
    if shown and not EXPLAINS_NAN.search(explanations(at)):
        k, t = shown[0]
        m = NAN_SHOWN.search(t)
        pytest.fail(f"'nan' shown in a {k} with no explanation after {what}: "
                    f"…{t[max(0, m.start() - 80):m.end() + 40]}…")


def fresh_app():
    """A new session (the ``app`` fixture's navigation patch is still in place)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT)
    at.session_state["deeper_all_open"] = True  # every "Go deeper" part's widgets too
    at.run()
    return at


def on_page(app, entry, errors: ScriptErrors | None = None):
    app.switch_page(entry.path).run()
    if errors is not None:
        check(app, f"opening {entry.url_path}", errors)
    assert not app.exception, app.exception
    return app


# Every page, the Train page too: its controls come and go with its class count (a class's
# boxes, the exact learning-rate box), so every step below looks up the widgets drawn NOW.
FUZZED = PAGES
IDS = [p.url_path for p in FUZZED]


# ---------------------------------------------------------------- the gates

@pytest.mark.parametrize("entry", FUZZED, ids=IDS)
def test_sweep_every_widget_with_every_hostile_value(app, entry, script_errors):
    """Values a browser can send. Round j sets widget i to value (i + j) of its list, all
    widgets at once, then runs."""
    on_page(app, entry, script_errors)
    rounds = max((len(values_for(app, k, key)) for k, key in widgets(app)), default=0)
    for j in range(rounds):
        done = []
        for i, (kind, key) in enumerate(widgets(app)):
            vals = values_for(app, kind, key)
            v = vals[(i + j) % len(vals)]
            set_widget(app, kind, key, v)
            done.append(f"{key}={v!r}"[:80])
        app.run()
        check(app, f"round {j} on {entry.url_path}: " + ", ".join(done), script_errors)
    # afterwards the page still answers ordinary values
    for kind, key in widgets(app):
        if kind == "text_input" and key.endswith("__text"):
            set_widget(app, kind, key, "1.5")
    app.run()
    check(app, f"ordinary values after the sweep on {entry.url_path}", script_errors)


@pytest.mark.parametrize("entry", FUZZED, ids=IDS)
def test_crafted_out_of_range_widget_values(app, entry, script_errors):
    """NaN, ±inf and out-of-range numbers in sliders and number inputs, which only a crafted
    client sends. Streamlit's own widget code may refuse some with an exception of its own
    (listed, not failed: no page code can catch it); the app's code must never raise, and
    the page recovers once the widget holds a normal value again. A widget that an earlier
    one's value took away (the Train page's class count) gets its turn in a new session."""
    on_page(app, entry, script_errors)
    internal: list[str] = []
    for kind, key in widgets(app):  # the widgets a fresh page draws
        if (kind, key) not in widgets(app):  # gone with an earlier widget's value (the Train
            app = on_page(fresh_app(), entry, script_errors)  # page's class count): anew
        for v in values_for(app, kind, key, beyond=True):
            if (kind, key) not in widgets(app):
                break
            set_widget(app, kind, key, v)
            app.run()
            check(app, f"{entry.url_path}: {key}={v!r}", script_errors, internal)
            if app.exception:  # refused inside Streamlit, whose session keeps the bad value:
                app = on_page(fresh_app(), entry, script_errors)  # a new session must work normally
                check(app, f"{entry.url_path}: a new session after {key}={v!r}", script_errors)
    if internal:
        print(f"\n{entry.url_path}: {len(internal)} crafted values refused inside Streamlit's "
              "widget code (no browser sends these):\n  " + "\n  ".join(internal))


@pytest.mark.parametrize("entry", FUZZED, ids=IDS)
def test_hypothesis_sequences_of_hostile_inputs(app, entry, script_errors):
    on_page(app, entry, script_errors)

    @FUZZ
    @given(data=st.data())
    def run(data):
        steps = []
        for _ in range(data.draw(st.integers(1, 3), label="steps")):
            # Every draw has the same shape whatever the page shows (Hypothesis replays a
            # choice sequence and refuses a strategy that changed under it): an index taken
            # modulo the widgets drawn now, and the raw material of a value that
            # ``value_from`` fits to the widget.
            pick = data.draw(st.integers(0, 2**16), label="widget")
            raw = data.draw(RAW_VALUE, label="value")
            found = widgets(app)
            if not found:
                return
            kind, key = found[pick % len(found)]
            v = value_from(app, kind, key, raw)
            set_widget(app, kind, key, v)
            app.run()
            steps.append(f"{key}={v!r}"[:80])
            check(app, f"{entry.url_path}: " + " → ".join(steps), script_errors)

    run()


# A value's raw material, drawn before the widget is known: (which of the widget's fixed hostile
# values, how to make the value, a float, a text).
RAW_VALUE = st.tuples(st.integers(0, 2**16), st.integers(0, 2),
                      st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30))


def value_from(at, kind: str, key: str, raw):
    """A value that fits the widget from ``RAW_VALUE``: one of its fixed hostile values (how 0),
    or, for a text box, the float as typed (1) or the text (2); for a number widget a float or
    integer brought into its range (a browser sends nothing else)."""
    pick, how, x, text = raw
    fixed = values_for(at, kind, key)
    if kind == "text_input":
        return (fixed[pick % len(fixed)], st_format(x), text)[how]
    w = widget(at, kind, key)
    if how == 0 or isinstance(w.value, (list, tuple)) or not math.isfinite(x):
        return fixed[pick % len(fixed)]
    lo = -1e308 if w.min is None else float(w.min)
    hi = 1e308 if w.max is None else float(w.max)
    if isinstance(w.value, int) and not isinstance(w.value, bool):
        return int(lo) + pick % (int(hi) - int(lo) + 1)
    return min(max(x, lo), hi)


def st_format(x: float) -> str:
    """How a person might type a float: plain, with a decimal comma, or in exponent form."""
    s = repr(x)
    return s.replace(".", ",") if ("." in s and "e" not in s and len(s) % 2) else s


LINK_VALUES = ("nan", "inf", "-inf", "1e308", "-0.0", "", "abc", "1,5", "nan,1", "1,nan",
               "inf,-inf", "1e308,-1e308", "0,-0.0", ",,", "1e4,-1e4", "-1", "99999999999999999",
               "0,0,0", "<script>alert(1)</script>", "espresso,espresso", "x" * 5000)


def link_params() -> list[str]:
    from ui.inputs import ALL

    return ["model", "sample", "lang", "z", "c", "y"] + [p.param for p in ALL]


def test_hostile_url_parameters_on_every_page(monkeypatch, script_errors):
    """A shared link is user text too: hostile query parameters, then every page."""
    from streamlit.testing.v1 import AppTest

    keep_navigation_mode(monkeypatch)
    names = link_params()

    @FUZZ
    @given(params=st.dictionaries(st.sampled_from(names), st.one_of(
        st.sampled_from(LINK_VALUES), st.lists(st.sampled_from(LINK_VALUES), max_size=3),
        st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=4).map(
            lambda xs: ",".join(repr(x) for x in xs))), min_size=1, max_size=4),
        entry=st.sampled_from(PAGES))
    def run(params, entry):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        check(at, f"link {params!r}", script_errors)
        at.switch_page(entry.path).run()
        check(at, f"link {params!r} then {entry.url_path}", script_errors)

    run()


# ---------------------------------------------------------------- the gate's own teeth

def test_the_checks_catch_an_unexplained_nan_and_accept_an_explained_one(script_errors):
    from streamlit.testing.v1 import AppTest

    bare = AppTest.from_string(
        "import streamlit as st, pandas as pd\n"
        "st.table(pd.DataFrame({'p': [float('nan'), 0.5]}))\n"
        "st.metric('loss', 'nan')\n")
    bare.run()
    with pytest.raises(pytest.fail.Exception, match="'nan' shown"):
        check(bare, "a bare NaN", script_errors)
    explained = AppTest.from_string(
        "import streamlit as st\n"
        "st.metric('loss', 'nan')\n"
        "st.warning('One logit is infinite, so softmax gives NaN (not a number) here.')\n")
    explained.run()
    check(explained, "an explained NaN", script_errors)
    broken = AppTest.from_string("import streamlit as st\nst.number_input('x')\n1 / 0\n")
    broken.run()
    with pytest.raises(pytest.fail.Exception, match="ZeroDivisionError"):
        check(broken, "a page that raises", script_errors)


def test_the_pages_offer_widgets_to_fuzz(app, script_errors):
    """The sweep is not vacuous: the section pages have inputs and each is found."""
    found = {}
    for entry in PAGES:
        on_page(app, entry, script_errors)
        found[entry.url_path] = widgets(app)
    assert sum(len(w) for w in found.values()) >= len(PAGES), found
    # (the Cross-entropy labs' thumbs are live pieces: their payloads are checked by
    # core.base.live, fuzzed in tests/core/test_live.py and with crafted commits in Chromium;
    # the learning rate's and the label smoothing's exact boxes are text boxes, fuzzed here)
    for path in ("sigmoid", "softmax"):
        assert found[path], f"no number input, text box or slider found on {path}"
    assert {("text_input", "ce_lab_lr__text"), ("text_input", "ce_lab_smoothing__text")} <= set(
        found["cross_entropy"]), found["cross_entropy"]
