"""Driving the loss pages' batch editor in AppTest: st.data_editor takes its edits through its
session-state edit dict (shared/PITFALLS.md). The editors' keys move on only when the table is
drawn afresh, so every helper reads the current key first."""

from __future__ import annotations

from ui import state

BAD_CELLS = [  # (edit of the row at index 2 = "Row 3", words the message must hold)
    ({"c0": None}, "Row 3, column “Grizzly”", "empty"),
    ({"c1": "abc"}, "Row 3, column “Brown”", "not a number"),
    ({"c2": 1e308}, "Row 3, column “Teddy”", "outside"),
    ({"c0": float("inf")}, "Row 3, column “Grizzly”", "infinite"),
    ({"c1": float("nan")}, "Row 3, column “Brown”", "empty"),
    ({"target": "-100"}, "Row 3, column “target”", "ignore_index"),
    ({"target": -100}, "Row 3, column “target”", "ignore_index"),
    ({"target": 1.5}, "Row 3, column “target”", "float"),
    ({"target": "Panda"}, "Row 3, column “target”", "not one of the classes"),
    ({"target": None}, "Row 3, column “target”", "empty"),
]


def keys(at, prefix: str) -> tuple[str, str]:
    v = at.session_state[f"{prefix}_batch_version"]
    return f"{prefix}_names_v{v}", f"{prefix}_logits_v{v}"


def _edit(at, key: str, edited, added, deleted, replace: bool):
    """Add to the editor's edit state as the browser does (edits pile up on the same widget
    until the page draws it afresh); ``replace`` starts from no edits, like an undo."""
    try:
        old = {} if replace else dict(at.session_state[key] or {})
    except KeyError:
        old = {}
    rows = {int(r): dict(c) for r, c in (old.get("edited_rows") or {}).items()}
    for r, cells in (edited or {}).items():
        rows.setdefault(int(r), {}).update(cells)
    at.session_state[key] = {
        "edited_rows": rows, "added_rows": [*(old.get("added_rows") or []), *(added or [])],
        "deleted_rows": sorted({*(old.get("deleted_rows") or []), *(deleted or [])})}
    return at.run()


def edit_logits(at, prefix: str, edited=None, added=None, deleted=None, replace=False):
    return _edit(at, keys(at, prefix)[1], edited, added, deleted, replace)


def edit_names(at, prefix: str, edited=None, added=None, deleted=None, replace=False):
    return _edit(at, keys(at, prefix)[0], edited, added, deleted, replace)


def record(at):
    return at.session_state[state.RECORD]


def metric(at, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))
