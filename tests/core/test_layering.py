"""core/ stays pure (no streamlit) and pages stay thin (no inline torch math)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INLINE_MATH = re.compile(r"^(torch\.(softmax|sigmoid|log_softmax|exp|log)|"
                         r"(F|torch\.nn\.functional)\.(softmax|cross_entropy|nll_loss|"
                         r"log_softmax|binary_cross\w*))$")


def dotted(node) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def inline_math(path: Path) -> list[str]:
    """Math calls in code (not in the strings that explain them)."""
    return [dotted(n.func) for n in ast.walk(ast.parse(path.read_text()))
            if isinstance(n, ast.Call) and INLINE_MATH.match(dotted(n.func))]


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
    offenders = {f.name: inline_math(f) for f in (ROOT / "pages").glob("*.py") if inline_math(f)}
    assert offenders == {}


def test_the_inline_math_check_can_fail(tmp_path):
    page = tmp_path / "p.py"
    page.write_text('import torch\nst.markdown("`torch.softmax(x)` explained")\n'
                    'p = torch.softmax(x, dim=0)\n')
    assert inline_math(page) == ["torch.softmax"]


def test_no_html_rendering_of_anything():
    for f in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        assert "unsafe_allow_html=True" not in f.read_text(), f
