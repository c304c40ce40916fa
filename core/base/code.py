"""The PyTorch code shown in each page's code panel, filled from live values.

Each builder returns the code and the output that code prints, computed here from the same
numbers the page shows. tests/core/test_snippets.py runs every panel's code in a subprocess and
checks that it prints exactly that output: nothing in a panel is pasted.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CodePanel:
    code: str
    output: str
