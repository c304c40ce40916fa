"""Test helpers shared across test modules."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def run_panel_code(code: str, files=(), timeout: int = 300) -> str:
    """Run a code panel's code in a fresh interpreter, in an empty folder holding only the
    files it ships (``files``: (name, bytes)), as a learner would; return what it prints."""
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files:
            (Path(folder) / name).write_bytes(data)
        res = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True,
                             text=True, timeout=timeout)
    assert res.returncode == 0, res.stderr[-3000:]
    return res.stdout


def plotly_spec(at, index: int = 0) -> dict:
    """The JSON spec of the index-th plotly chart an AppTest run rendered."""
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def trace_array(trace: dict, key: str) -> np.ndarray:
    """A trace's x/y array, decoding plotly's base64 'bdata' typed arrays."""
    v = trace[key]
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).copy()
    return np.asarray(v)
