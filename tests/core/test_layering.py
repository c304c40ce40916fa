"""core/ stays pure (no streamlit) and pages stay thin (no inline torch math)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INLINE_MATH = re.compile(r"torch\.(softmax|sigmoid|log_softmax|exp|log)\b|"
                         r"\bF\.(softmax|cross_entropy|nll_loss|log_softmax|binary_cross)")


def imported_modules(path: Path) -> set[str]:
    mods = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            mods |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            mods.add(node.module.split(".")[0])
    return mods


def test_core_never_imports_streamlit():
    files = list((ROOT / "core").rglob("*.py"))
    assert files
    offenders = [f.name for f in files if "streamlit" in imported_modules(f)]
    assert offenders == []


def test_pages_compute_no_math_inline():
    offenders = [f.name for f in (ROOT / "pages").glob("*.py") if INLINE_MATH.search(f.read_text())]
    assert offenders == []


def test_no_html_rendering_of_anything():
    for f in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        assert "unsafe_allow_html=True" not in f.read_text(), f
