"""Gate: hostile values in every st.data_editor cell of every page in ui.nav.PAGES (issue 8,
item 3), the companion of test_numeric_fuzz.py (number inputs, text boxes, sliders, links).

Editors are found generically: every editable dataframe element AppTest sees after a page runs
(proto ``editing_mode`` != READ_ONLY), its widget key read from the element id, its column kinds
from the column config. An editor must belong to a known kind with an oracle here: today the
labelled-batch pair of ui/batch_editor.py (a class-names editor whose names are the options of a
logits editor's target column). A page with any other editor fails
test_every_editor_is_found_and_has_an_oracle.

Each edit is applied the way Streamlit applies a client's edit state, then checked against an
oracle written here (not the app's validator): a good batch must become the record and the page's
loss table must equal torch.nn.functional (cross_entropy, or nll_loss of the softmax) on the
edited batch to 1e-6 relative; a bad one must show a message and keep the last good batch (the
record and the shown loss unchanged). After every run: no exception (the real traceback from
Streamlit's log) and no unexplained "nan" (test_numeric_fuzz.check), and user-typed markup is
never rendered as markdown.

Bounded for CI: a deterministic sweep per page (every hostile value in every logit column of a
row, every hostile target, every hostile class name, rows and classes added beyond the limits,
all deleted) plus Hypothesis sequences of random edits (FUZZ_EXAMPLES, default 6; no shrinking).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from core.base.i18n import tr
from core.base.record import LOGIT_LIMIT
from core.losses.batch import MAX_CLASSES, MAX_NAME_CHARS, MAX_ROWS, MIN_CLASSES, MIN_ROWS
from core.losses.tables import header
from tests.hostile import test_numeric_fuzz as nf
from ui import state
from ui.nav import PAGES, entry_for_url

script_errors = nf.script_errors  # the fixture: Streamlit's logged tracebacks
check = nf.check

# Pages whose editors the sweep drives (test_every_editor_is_found_and_has_an_oracle keeps this
# list equal to the pages where editors are found), and how each shows its loss.
EDITOR_PAGES = ("nll", "cross_entropy")

READ_ONLY = 0  # Arrow.EditingMode.READ_ONLY
INDEX = "_index"  # the column id of the index in an editor's edit state
ID_KEY = re.compile(r"^\$\$ID-[0-9a-f]+-(.+)$")

MARKUP = "**bold** _it_ [link](http://example.com) <b>x</b>"
NUMBER_VALUES = (*nf.HOSTILE_FLOATS, *nf.HOSTILE_TEXT, None, -0.0, LOGIT_LIMIT, -LOGIT_LIMIT,
                 LOGIT_LIMIT + 1e-3, 2.5, -7, True, 10**400)
NAME_VALUES = ("", "   ", None, "DUPLICATE", MARKUP, "<script>alert(1)</script>", "x" * 1000,
               "y" * (MAX_NAME_CHARS + 1), "z" * MAX_NAME_CHARS, "  padded  ", "\u22123",
               "\u0661\u0662", "target", 1.5)


# ---------------------------------------------------------------- finding the editors

@dataclass
class Editor:
    key: str
    frame: pd.DataFrame  # the table it was drawn with: edits are relative to it
    kinds: dict[str, str]  # column id -> "number" | "text" | "selectbox" | ...
    options: dict[str, list]  # selectbox column id -> its options
    mode: int


def editors(at) -> list[Editor]:
    """Every editable dataframe now drawn (main area and sidebar)."""
    out = []
    for el in at.dataframe:
        p = el.proto
        if p.editing_mode == READ_ONLY:
            continue
        m = ID_KEY.match(p.id)
        assert m, f"a data_editor without a key cannot be driven by a test: {p.id!r}"
        cfg = json.loads(p.columns or "{}")
        frame = el.value
        kinds, options = {}, {}
        for col in frame.columns:
            tc = cfg.get(str(col), {}).get("type_config", {})
            kind = tc.get("type") or ("number" if pd.api.types.is_numeric_dtype(frame[col])
                                      else "text")
            kinds[col] = kind
            if kind == "selectbox":
                options[col] = list(tc.get("options") or [])
        out.append(Editor(m.group(1), frame, kinds, options, p.editing_mode))
    return out


@dataclass
class BatchPair:
    """ui/batch_editor.py's two editors: class names (one text column, one row per class) and
    logits (one number column per class, in the same order, and a target selectbox whose options
    are the class names)."""
    names: Editor
    logits: Editor
    name_col: str
    number_cols: list[str]
    target_col: str

    @property
    def class_names(self) -> list[str]:
        return [str(x) for x in self.names.frame[self.name_col]]


def batch_pairs(found: list[Editor]) -> tuple[list[BatchPair], list[Editor]]:
    """The batch-editor pairs among ``found``, and the editors that belong to none."""
    pairs, used = [], set()
    for lg in found:
        nums = [c for c, k in lg.kinds.items() if k == "number"]
        sels = [c for c, k in lg.kinds.items() if k == "selectbox"]
        if len(sels) != 1 or len(nums) + 1 != len(lg.kinds):
            continue
        for ne in found:
            cols = list(ne.kinds)
            if (len(cols) == 1 and ne.kinds[cols[0]] == "text" and ne.key not in used
                    and [str(x) for x in ne.frame[cols[0]]] == lg.options[sels[0]]
                    and len(ne.frame) == len(nums)):
                pairs.append(BatchPair(ne, lg, cols[0], nums, sels[0]))
                used |= {ne.key, lg.key}
                break
    return pairs, [e for e in found if e.key not in used]


def the_pair(at) -> BatchPair:
    pairs, others = batch_pairs(editors(at))
    assert len(pairs) == 1 and not others, (pairs, others)
    return pairs[0]


# ---------------------------------------------------------------- the oracle

def _as_float(v):
    """What Streamlit's editor makes of a value sent to a float column (None: empty)."""
    if v is None:
        return None
    try:
        return float(v)
    except (TypeError, ValueError, OverflowError):
        return None


def _as_text(v):
    return None if v is None else str(v)


def apply_edit(ed: Editor, edit: dict) -> list[tuple[int | None, dict]]:
    """The rows the editor now holds, as (original position or None for an added row, cells),
    with each value converted as Streamlit converts it for the column's kind."""
    conv = {c: _as_float if k == "number" else _as_text for c, k in ed.kinds.items()}
    rows = [(i, {c: ed.frame[c].iloc[i] for c in ed.frame.columns})
            for i in range(len(ed.frame))]
    for r, cells in (edit.get("edited_rows") or {}).items():
        for c, v in cells.items():
            if c != INDEX:  # a relabelled row is the same row
                rows[int(r)][1][c] = conv[c](v)
    for added in edit.get("added_rows") or []:  # (an index value sent with it is ignored)
        rows.append((None, {c: conv[c](added.get(c)) for c in ed.frame.columns}))
    n = len(ed.frame)  # Streamlit deletes by position, a crafted -1 as Python reads it
    gone = {int(r) % n for r in edit.get("deleted_rows") or [] if -n <= int(r) < n}
    return [row for i, row in enumerate(rows) if i not in gone]


@dataclass
class Expect:
    """The batch an edit should give, or ``bad`` (why) when it must be refused."""
    bad: list[str] = field(default_factory=list)
    values: np.ndarray | None = None  # float32 (N, C)
    targets: tuple[int, ...] = ()
    names: tuple[str, ...] = ()


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def expect(pair: BatchPair, names_edit: dict, logits_edit: dict) -> Expect:
    """The oracle: what the two editors' edit states must give (ui/batch_editor.py's rules,
    written from the issue, not from the app: finite logits within ±LOGIT_LIMIT, targets a class
    index in [0, C) given by name or index, 2..20 unique non-empty names of at most 40 characters,
    1..32 rows; a class added gets logit 0.0 in every row)."""
    e = Expect()
    old_names = pair.class_names
    name_rows = apply_edit(pair.names, names_edit)
    origins = [o for o, _ in name_rows]
    names = [("" if _missing(c[pair.name_col]) else str(c[pair.name_col])).strip()
             for _, c in name_rows]
    if not MIN_CLASSES <= len(names) <= MAX_CLASSES:
        e.bad.append(f"{len(names)} classes")
    for j, n in enumerate(names):
        if not n or len(n) > MAX_NAME_CHARS or n in names[:j]:
            e.bad.append(f"class name {n[:20]!r}")
    if e.bad:
        return e
    rows = apply_edit(pair.logits, logits_edit)
    if not MIN_ROWS <= len(rows) <= MAX_ROWS:
        e.bad.append(f"{len(rows)} rows")
        return e
    values, targets = [], []
    for i, (_, cells) in enumerate(rows):
        row = []
        for o in origins:
            x = 0.0 if o is None else cells[pair.number_cols[o]]
            if _missing(x) or not math.isfinite(x) or abs(x) > LOGIT_LIMIT:
                e.bad.append(f"row {i} logit {x!r}")
            row.append(0.0 if _missing(x) else x)
        values.append(row)
        raw = cells[pair.target_col]
        t = None
        if isinstance(raw, str) and raw in old_names:
            t = origins.index(old_names.index(raw)) if old_names.index(raw) in origins else None
        elif isinstance(raw, str):
            s = raw.strip()
            if s in names:
                t = names.index(s)
            else:
                try:
                    t = int(s.replace("\u2212", "-"))
                except ValueError:
                    t = None
                t = t if t is not None and 0 <= t < len(names) else None
        if t is None:
            e.bad.append(f"row {i} target {raw!r}")
        targets.append(t)
    if not e.bad:
        e.values = np.array(values, dtype=np.float32).reshape(len(rows), len(names))
        e.targets, e.names = tuple(targets), tuple(names)
    return e


def shown_batch(pair: BatchPair) -> Expect:
    """The batch the editors show with no edits (what the page computes on before any edit)."""
    e = expect(pair, {}, {})
    assert not e.bad, e.bad
    return e


# ---------------------------------------------------------------- the loss each page shows

def _nll(z, t):
    return F.nll_loss(torch.softmax(z, dim=1), t, reduction="none")


def _ce(z, t):
    return F.cross_entropy(z, t, reduction="none")


# page url_path -> (per-row loss column, metric label of the mean, torch reference per row)
REFERENCES = {
    "nll": (header("nll_none", "en"), tr("en", "nll.metric_mean"), _nll),
    "cross_entropy": (header("module", "en"), tr("en", "ce.metric_mean"), _ce),
}


def assert_loss_is_torch(at, page: str, b: Expect, what: str) -> None:
    """The page's per-row loss table and mean metric equal torch on batch ``b``."""
    col, label, ref = REFERENCES[page]
    z, t = torch.tensor(b.values), torch.tensor(b.targets, dtype=torch.int64)
    want = ref(z, t).numpy().astype(np.float64)
    tables = [tb.value for tb in at.table if col in tb.value.columns]
    assert tables, f"{what}: no table with column {col!r}"
    got = tables[0][col].to_numpy(dtype=np.float64)
    assert got.shape == want.shape, f"{what}: {got.shape} rows shown, {want.shape} expected"
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7, err_msg=what)
    shown = [m.value for m in at.metric if m.label.startswith(label)]
    assert shown, f"{what}: no metric {label!r}"
    mean = float(want.mean())
    assert abs(float(shown[0]) - mean) <= 5e-5 + 1e-6 * abs(mean), (what, shown[0], mean)


CODE_SPAN = re.compile(r"`[^`]*`")


def assert_markup_not_rendered(at, what: str) -> None:
    """A class name typed with markdown is shown as text (escaped or in code), never rendered."""
    for kind in ("markdown", "caption", "info", "warning", "error", "success"):
        for el in getattr(at, kind):
            text = CODE_SPAN.sub("", str(el.value))
            for raw in ("**bold**", "[link](http://example.com)", "_it_"):
                assert raw not in text, f"{what}: {raw!r} rendered as markdown in a {kind}: " \
                                        f"{text[:200]!r}"


# ---------------------------------------------------------------- one step

@dataclass
class Driver:
    at: object
    page: str
    errors: object
    shown: Expect  # the batch the page computes on now
    runs: int = 0
    good: int = 0
    bad: int = 0

    def step(self, what: str, names_edit: dict | None = None,
             logits_edit: dict | None = None) -> bool:
        """Set both editors' edit states (relative to the tables they were drawn with), run,
        and check the page against the oracle. Returns whether the edit was good."""
        at = self.at
        pair = the_pair(at)
        names_edit, logits_edit = _full(names_edit), _full(logits_edit)
        want = expect(pair, names_edit, logits_edit)
        before = at.session_state[state.RECORD]
        at.session_state[pair.names.key] = names_edit
        at.session_state[pair.logits.key] = logits_edit
        at.run()
        self.runs += 1
        what = f"{self.page}: {what}"
        check(at, what, self.errors)
        assert_markup_not_rendered(at, what)
        rec = at.session_state[state.RECORD]
        if want.bad:
            self.bad += 1
            assert at.error or at.warning, f"{what}: no message for {want.bad}"
            assert rec is before, f"{what}: the record changed on a refused edit"
            assert_loss_is_torch(at, self.page, self.shown, what + " (the last good batch)")
            return False
        self.good += 1
        assert not at.error, f"{what}: a good edit refused: {at.error[0].value}"
        if rec is before and same(want, self.shown):  # no change: nothing is written
            assert_loss_is_torch(at, self.page, want, what)
            return True
        assert rec.values.shape == want.values.shape, (what, rec.values.shape)
        np.testing.assert_array_equal(rec.values, want.values, err_msg=what)
        assert rec.targets == want.targets, (what, rec.targets, want.targets)
        assert tuple(rec.class_names) == want.names, (what, rec.class_names, want.names)
        assert_loss_is_torch(at, self.page, want, what)
        self.shown = want
        return True


def same(a: Expect, b: Expect) -> bool:
    return (a.names == b.names and a.targets == b.targets and a.values.shape == b.values.shape
            and bool(np.array_equal(a.values, b.values)))


def _full(edit: dict | None) -> dict:
    edit = edit or {}
    return {"edited_rows": {int(r): dict(c) for r, c in (edit.get("edited_rows") or {}).items()},
            "added_rows": list(edit.get("added_rows") or []),
            "deleted_rows": sorted(set(edit.get("deleted_rows") or []))}


def open_page(app, url_path: str, errors) -> Driver:
    nf.on_page(app, entry_for_url(url_path), errors)
    return Driver(app, url_path, errors, shown_batch(the_pair(app)))


def full_row(pair: BatchPair, value=1.0, target: int = 0) -> dict:
    return {**{c: value for c in pair.number_cols}, pair.target_col: pair.class_names[target]}


# ---------------------------------------------------------------- the gates

def test_every_editor_is_found_and_has_an_oracle(app, script_errors):
    """Every page's data editors, found generically; each belongs to a batch-editor pair (whose
    oracle this file has) and the pages with editors are the ones the sweep drives."""
    with_editors = {}
    for entry in PAGES:
        nf.on_page(app, entry, script_errors)
        found = editors(app)
        pairs, others = batch_pairs(found)
        assert not others, (f"{entry.url_path}: data_editor(s) {[e.key for e in others]} that "
                            "this gate has no oracle for: add one to tests/hostile/"
                            "test_editor_fuzz.py")
        if found:
            with_editors[entry.url_path] = [e.key for e in found]
            assert len(pairs) == 1, (entry.url_path, [e.key for e in found])
    assert set(with_editors) == {p for p in EDITOR_PAGES if any(e.url_path == p for e in PAGES)}, \
        with_editors
    assert set(with_editors) <= set(REFERENCES), with_editors


@pytest.mark.parametrize("page", EDITOR_PAGES)
def test_sweep_every_editor_cell_with_hostile_values(app, page, script_errors):
    d = open_page(app, page, script_errors)
    pair = the_pair(app)
    # 1. two more rows: a 3-row batch to sweep (a good edit; the editors are drawn afresh)
    assert d.step("2 rows added", logits_edit={"added_rows": [full_row(pair, 0.5, 1),
                                                              full_row(pair, -1.5, 2)]})
    # 2. every hostile value in every logit column of two rows (the rows move on each time)
    for i, v in enumerate(NUMBER_VALUES):
        pair = the_pair(app)
        n = len(pair.logits.frame)
        rows = {i % n, (i + 1) % n}
        d.step(f"rows {sorted(rows)} logits = {v!r}"[:90],
               logits_edit={"edited_rows": {r: {c: v for c in pair.number_cols} for r in rows}})
    # huge spreads: a row, then every row, alternating ±LOGIT_LIMIT
    pair = the_pair(app)
    assert d.step("a row spread ±1e4", logits_edit={"edited_rows": {0: {
        c: (-1) ** j * LOGIT_LIMIT for j, c in enumerate(pair.number_cols)}}})
    assert d.step("every row spread ±1e4", logits_edit={"edited_rows": {
        r: {c: (-1) ** (j + r) * LOGIT_LIMIT for j, c in enumerate(pair.number_cols)}
        for r in range(len(pair.logits.frame))}})
    # 3. targets
    c = len(pair.class_names)
    targets = (c, -1, -100, 20, 1.5, "Panda", None, MARKUP, "", "-100", "1.5", "1e0", "nan",
               0, c - 1, "1", "\u22121", f" {pair.class_names[1]} ", pair.class_names[-1], True)
    for i, v in enumerate(targets):
        pair = the_pair(app)
        r = i % len(pair.logits.frame)
        d.step(f"row {r} target = {v!r}"[:90],
               logits_edit={"edited_rows": {r: {pair.target_col: v}}})
    # 4. class names (a good rename draws the editors afresh with the new names)
    for i, v in enumerate(NAME_VALUES):
        pair = the_pair(app)
        j = i % len(pair.class_names)
        v = pair.class_names[(j + 1) % len(pair.class_names)] if v == "DUPLICATE" else v
        d.step(f"class {j} named {v!r}"[:90],
               names_edit={"edited_rows": {j: {pair.name_col: v}}})
    # 5. rows: up to the limit, beyond it, incomplete, hostile, all deleted, all but one
    pair = the_pair(app)
    n = len(pair.logits.frame)
    d.step(f"{MAX_ROWS - n + 1} rows added (beyond {MAX_ROWS})",
           logits_edit={"added_rows": [full_row(pair)] * (MAX_ROWS - n + 1)})
    d.step("40 rows added", logits_edit={"added_rows": [full_row(pair)] * 40})
    d.step("a row with one cell", logits_edit={"added_rows": [{pair.number_cols[0]: 1.0}]})
    d.step("a row with no cells", logits_edit={"added_rows": [{}]})
    d.step("a row of NaN", logits_edit={"added_rows": [full_row(pair, math.nan)]})
    d.step("a row of 1e308", logits_edit={"added_rows": [full_row(pair, 1e308)]})
    d.step("every row deleted", logits_edit={"deleted_rows": list(range(n))})
    assert d.step("every row deleted, one added", logits_edit={
        "deleted_rows": list(range(n)), "added_rows": [full_row(pair, 2.0, 1)]})
    pair = the_pair(app)
    n = len(pair.logits.frame)
    assert d.step(f"rows up to {MAX_ROWS}",
                  logits_edit={"added_rows": [full_row(pair, 0.25, 1)] * (MAX_ROWS - n)})
    pair = the_pair(app)
    assert len(pair.logits.frame) == MAX_ROWS
    assert d.step("all rows but one deleted",
                  logits_edit={"deleted_rows": list(range(1, MAX_ROWS))})
    # 6. classes: beyond the limit, all but one deleted, a target's class deleted, up to 20
    pair = the_pair(app)
    c = len(pair.class_names)
    new = [{pair.name_col: f"new {k}"} for k in range(MAX_CLASSES - c + 1)]
    d.step(f"classes added beyond {MAX_CLASSES}", names_edit={"added_rows": new})
    d.step("an added class with no name", names_edit={"added_rows": [{}]})
    d.step("every class but one deleted", names_edit={"deleted_rows": list(range(1, c))})
    d.step("every class deleted", names_edit={"deleted_rows": list(range(c))})
    t0 = int(d.shown.targets[0])
    d.step("the target's class deleted", names_edit={"deleted_rows": [t0]})
    assert d.step(f"classes up to {MAX_CLASSES}", names_edit={"added_rows": new[:-1]})
    pair = the_pair(app)
    assert len(pair.class_names) == MAX_CLASSES and len(pair.number_cols) == MAX_CLASSES
    # 7. and the page still takes an ordinary edit, computed as torch computes it
    assert d.step("an ordinary edit", logits_edit={"edited_rows": {0: {pair.number_cols[0]: 3.25,
                                                                       pair.target_col:
                                                                       pair.class_names[-1]}}})
    assert d.good >= 10 and d.bad >= 40, (d.good, d.bad)
    print(f"\n{page}: {d.runs} editor runs, {d.good} good, {d.bad} refused")


def _cell_value(kind: str):
    if kind == "number":  # about half in range: sequences mix good and refused edits
        ordinary = st.floats(-LOGIT_LIMIT, LOGIT_LIMIT)
        return st.one_of(ordinary, ordinary, ordinary, st.sampled_from(NUMBER_VALUES),
                         st.floats(), st.none(),
                         st.integers(-2 * int(LOGIT_LIMIT), 2 * int(LOGIT_LIMIT)),
                         st.floats(-LOGIT_LIMIT, LOGIT_LIMIT), st.text(max_size=8))
    return st.one_of(st.sampled_from(NAME_VALUES), st.none(), st.integers(-200, 30),
                     st.text(max_size=12).filter(lambda s: not nf.NAN_SHOWN.search(s)))


@st.composite
def edits(draw, ed: Editor):
    """A random edit state for one editor: cell edits, added rows, deleted rows."""
    n, cols = len(ed.frame), list(ed.kinds)

    def value(col):
        opts = ed.options.get(col)
        base = _cell_value(ed.kinds[col])
        return draw(st.one_of(st.sampled_from(opts), base) if opts else base, label=col)

    edited = {}
    for _ in range(draw(st.integers(0, 3), label="cells")):
        r, c = draw(st.integers(0, n - 1), label="row"), draw(st.sampled_from(cols), label="col")
        edited.setdefault(r, {})[c] = value(c)
    added = []
    for _ in range(draw(st.integers(0, 2), label="added")):
        complete = draw(st.booleans(), label="all cells of an added row")
        some = cols if complete else draw(st.lists(st.sampled_from(cols), unique=True))
        added.append({c: value(c) for c in some})
    deleted = draw(st.lists(st.integers(0, n - 1), max_size=2, unique=True), label="deleted")
    return {"edited_rows": edited, "added_rows": added, "deleted_rows": deleted}


@pytest.mark.parametrize("page", EDITOR_PAGES)
def test_hypothesis_sequences_of_editor_edits(app, page, script_errors):
    d = open_page(app, page, script_errors)
    start, start_batch = app.session_state[state.RECORD], d.shown

    @nf.FUZZ
    @given(data=st.data())
    def run(data):
        # each example starts from the page's first state (Hypothesis replays draws: what they
        # depend on must be the same each time): the photo record, editors drawn afresh
        app.session_state[state.RECORD] = start
        app.run()
        d.shown = start_batch
        assert same(shown_batch(the_pair(app)), start_batch)
        steps = []
        for _ in range(data.draw(st.integers(1, 3), label="steps")):
            pair = the_pair(app)
            which = data.draw(st.sampled_from(["logits", "names", "both"]), label="editor")
            names_edit = data.draw(edits(pair.names)) if which != "logits" else {}
            logits_edit = data.draw(edits(pair.logits)) if which != "names" else {}
            steps.append(f"names {names_edit}, logits {logits_edit}"[:300])
            d.step(" → ".join(steps), names_edit, logits_edit)

    run()
    print(f"\n{page}: {d.runs} random editor runs, {d.good} good, {d.bad} refused")


# ---------------------------------------------------------------- the gate's own teeth

def test_the_oracle_and_the_loss_check_can_fail(app, script_errors):
    """A wrong expectation is caught: the loss check compares real numbers, and the oracle
    refuses what the issue calls bad."""
    d = open_page(app, "cross_entropy", script_errors)
    pair = the_pair(app)
    assert d.step("one logit", logits_edit={"edited_rows": {0: {pair.number_cols[0]: 4.0}}})
    wrong = Expect(values=d.shown.values.copy(), targets=d.shown.targets, names=d.shown.names)
    wrong.values[0, 0] += 1e-3
    with pytest.raises(AssertionError):
        assert_loss_is_torch(app, "cross_entropy", wrong, "a logit off by 1e-3")
    for edit in ({pair.number_cols[1]: math.nan}, {pair.number_cols[1]: "1,5"},
                 {pair.number_cols[1]: LOGIT_LIMIT * 1.01}, {pair.target_col: -100},
                 {pair.target_col: "Panda"}, {pair.target_col: 1.5}):
        assert expect(pair, {}, {"edited_rows": {0: edit}}).bad, edit
    assert not expect(pair, {}, {"edited_rows": {0: {pair.number_cols[1]: -0.0}}}).bad
    with pytest.raises(AssertionError, match="markdown"):
        bare = type("Bare", (), {"markdown": [type("El", (), {"value": MARKUP})()],
                                 **{k: [] for k in ("caption", "info", "warning", "error",
                                                    "success")}})()
        assert_markup_not_rendered(bare, "a bare markup name")


# ---------------------------------------------------------------- bugs the fuzz found

def test_a_class_added_where_one_was_deleted_is_a_new_class(app, script_errors):
    """Found by the Hypothesis sequences: Streamlit drops deleted rows before it appends added
    ones, so after the last class was deleted an added class took its index label, and the page
    read it as the deleted class (its logits, and the rows whose target it was). A user got there
    by deleting a class that is a target (refused), then adding one: the batch was accepted with
    the new class holding the old one's logits and targets."""
    open_page(app, "nll", script_errors)
    app.button(key="nll_batch_to_photo").click().run()  # the page opens on the bears batch
    d = open_page(app, "nll", script_errors)
    pair = the_pair(app)
    last = len(pair.class_names) - 1
    assert last not in d.shown.targets  # the photo's top-k row: its target is class 0
    assert d.step("last class deleted, one added", names_edit={
        "deleted_rows": [last], "added_rows": [{pair.name_col: "tea"}]})
    assert d.shown.values[0, last] == 0.0 and d.shown.names[last] == "tea"
    pair = the_pair(app)
    t = int(d.shown.targets[0])
    assert not d.step("the target's class deleted", names_edit={"deleted_rows": [t]})
    assert not d.step("… then a class added (same edit state)", names_edit={
        "deleted_rows": [t], "added_rows": [{pair.name_col: "Panda"}]})
    assert "was deleted" in app.error[0].value


def test_user_text_in_batch_messages_is_escaped():
    """Found by the sweep: a target or class name typed with Markdown was rendered by st.error
    (a link, bold); now every user text in the batch messages is escaped."""
    from core.losses.batch import BatchError, validate_batch, validate_class_names

    with pytest.raises(BatchError) as e:
        validate_batch([[1.0, 2.0]], [MARKUP], ("a", "b"))
    assert "**bold**" not in str(e.value) and r"\*\*bold\*\*" in str(e.value)
    with pytest.raises(BatchError) as e:
        validate_batch([[1.0, math.nan]], [0], ("a", MARKUP[:40]))
    assert "[link]" not in str(e.value) and r"\[link\]" in str(e.value)
    with pytest.raises(BatchError) as e:
        validate_batch([[1.0, 2.0]], [5], ("a", "**b**"))
    assert "**b**" not in str(e.value) and r"\*\*b\*\*" in str(e.value)
    with pytest.raises(BatchError) as e:
        validate_class_names(["**b**", "**b**"])
    assert "**b**" not in str(e.value)


def test_back_to_the_photo_after_editing_its_top_k_row(app, script_errors):
    """Found by the Hypothesis sequences (an example that starts again from the photo record):
    after an edit of the photo's top-k row, "Back to the photo" set the photo record, but the
    editors were not drawn afresh (same top-k origin as before), so their old edit state was
    applied again at once and the button did nothing."""
    open_page(app, "nll", script_errors)
    app.button(key="nll_batch_to_photo").click().run()  # the page opens on the bears batch
    d = open_page(app, "nll", script_errors)  # now the photo's top-k row
    photo, start = app.session_state[state.RECORD], d.shown
    pair = the_pair(app)
    assert d.step("one logit", logits_edit={"edited_rows": {0: {pair.number_cols[1]: 0.0}}})
    app.run()  # the button is drawn once the record is a batch
    app.button(key="nll_batch_to_photo").click().run()
    check(app, "back to the photo", script_errors)
    rec = app.session_state[state.RECORD]
    assert rec.values.shape == photo.values.shape and rec.source == photo.source
    assert same(shown_batch(the_pair(app)), start)
    assert_loss_is_torch(app, "nll", start, "back to the photo")


def test_crafted_editor_states(app, script_errors):
    """Edit states only a crafted client sends: index values, negative or out-of-range rows,
    unknown columns. Those Streamlit applies must give what the oracle says; those it cannot
    apply raise inside Streamlit's data_editor code (listed, not failed: the page cannot catch
    them, they happen inside the st.data_editor call; a new session works normally)."""
    d = open_page(app, "nll", script_errors)
    pair = the_pair(app)
    name, c0, tgt = pair.name_col, pair.number_cols[0], pair.target_col
    applied = [
        ({"edited_rows": {0: {INDEX: 7}}}, {}),
        ({"edited_rows": {1: {INDEX: "abc"}, 0: {INDEX: 1}}}, {}),
        ({"added_rows": [{INDEX: 0, name: "x"}]}, {}),
        ({"deleted_rows": [-1]}, {}),
        ({"deleted_rows": [-2], "added_rows": [{name: "tea"}]}, {}),
        ({"deleted_rows": [-3, 1], "added_rows": [{INDEX: 2, name: "tea"}]}, {}),
        ({}, {"edited_rows": {0: {INDEX: 7, c0: 2.0}}}),
        ({}, {"added_rows": [{INDEX: 1, c0: 1.0, tgt: pair.class_names[0]}]}),
        ({}, {"deleted_rows": [-1]}),
    ]
    for names_edit, logits_edit in applied:
        d.step(f"crafted names {names_edit} logits {logits_edit}", names_edit, logits_edit)
        d.step("undone", {}, {})
    assert d.good >= 5, d.good
    internal: list[str] = []
    raising = [({"deleted_rows": [99]}, {}), ({"edited_rows": {99: {name: "x"}}}, {}),
               ({"edited_rows": {0: {"zzz": "x"}}}, {}), ({}, {"edited_rows": {0: {"zzz": 1}}}),
               ({}, {"added_rows": [{"zzz": 1.0}]}), ({}, {"deleted_rows": [99]})]
    for names_edit, logits_edit in raising:
        pair = the_pair(d.at)
        d.at.session_state[pair.names.key] = _full(names_edit)
        d.at.session_state[pair.logits.key] = _full(logits_edit)
        d.at.run()
        what = f"crafted names {names_edit} logits {logits_edit}"
        if d.at.exception:
            detail = script_errors.records[-1] if script_errors.records else ""
            frames = re.findall(r'File "([^"]+)", line \d+, in', detail)
            inside = [i for i, f in enumerate(frames)
                      if f.endswith("streamlit/elements/widgets/data_editor.py")]
            assert inside and not nf.app_frames("".join(
                f'File "{f}"' for f in frames[inside[0]:])), \
                f"{what}: an exception outside Streamlit's data_editor code:\n{detail}"
            internal.append(f"{what}: {detail.strip().splitlines()[-1]}")
            d = open_page(nf.fresh_app(), "nll", script_errors)
        else:
            check(d.at, what, script_errors)
    print(f"\n{len(internal)} crafted editor states refused inside Streamlit's data_editor code "
          "(no browser sends these):\n  " + "\n  ".join(internal))
