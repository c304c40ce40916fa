"""The layers: core/ stays pure (no streamlit, no ui), pages stay thin (no inline torch math)
and use only ui and core's public names, a topic never reaches into another's private names,
and no core module is long without a reason."""

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


# ---------------------------------------------------------------- who may import what
TOPICS = ("photo", "sigmoid", "softmax", "losses", "article", "overview")
MAX_LINES = 300


def imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) for every import of ``path``, name "" for ``import module``, plus
    (module, attribute) for ``alias.attribute`` reads of an imported module."""
    tree = ast.parse(path.read_text())
    out, aliases = [], {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                out.append((a.name, ""))
                aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(
                    ".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                out.append((node.module, a.name))
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id in aliases:
            out.append((aliases[node.value.id], node.attr))
    return out


def private(module: str, name: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__")
               for part in [*module.split("."), name] if part)


def topic_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "core" and parts[1] in TOPICS else None


def test_pages_import_only_ui_and_core_public_names():
    project = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    project |= {"app", "pages", "tests", "bench", "scripts"}
    bad = []
    for f in sorted((ROOT / "pages").glob("*.py")):
        for module, name in imports(f):
            top = module.split(".")[0]
            if top in project and top not in ("ui", "core"):
                bad.append(f"{f.name}: {module}")
            elif top == "core" and private(module, name):
                bad.append(f"{f.name}: {module} {name}")
    assert bad == []


def test_core_never_imports_ui_or_streamlit():
    bad = [f"{f.relative_to(ROOT)}: {m}" for f in (ROOT / "core").rglob("*.py")
           for m, _ in imports(f) if m.split(".")[0] in ("ui", "streamlit", "pages", "app")]
    assert bad == []


def test_no_topic_imports_another_topics_private_names():
    """A topic (core/photo, core/softmax, ...) may use core/base and other topics' public
    names, never another topic's ``_private`` ones."""
    bad = []
    for topic in TOPICS:
        for f in sorted((ROOT / "core" / topic).rglob("*.py")):
            for module, name in imports(f):
                other = topic_of(module)
                if other and other != topic and private(module, name):
                    bad.append(f"{f.relative_to(ROOT)}: {module} {name}")
    assert bad == []


def test_the_import_checks_can_fail(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("from core.softmax.math import _shift, softmax\nimport core.losses.lab as lab\n"
                 "import ui.state\nx = lab._check(1)\n")
    found = imports(f)
    assert [(m, n) for m, n in found if private(m, n)] == [
        ("core.softmax.math", "_shift"), ("core.losses.lab", "_check")]
    assert {topic_of(m) for m, _ in found} == {"softmax", "losses", None}


def long_without_reason(path: Path) -> bool:
    """Over MAX_LINES lines, and the docstring's first paragraph does not say why (it names
    its length: "... over 300 lines because ...")."""
    if len(path.read_text().splitlines()) <= MAX_LINES:
        return False
    doc = ast.get_docstring(ast.parse(path.read_text())) or ""
    first = doc.split("\n\n")[0]
    return not re.search(r"\b\d{3,} lines\b", first)


def test_no_core_module_over_300_lines_without_a_reason_at_its_top(tmp_path):
    long = tmp_path / "long.py"
    long.write_text('"""Short."""\n' + "x = 1\n" * MAX_LINES)
    assert long_without_reason(long)
    long.write_text('"""Over 300 lines because ...."""\n' + "x = 1\n" * MAX_LINES)
    assert not long_without_reason(long)
    offenders = sorted(str(f.relative_to(ROOT)) for f in (ROOT / "core").rglob("*.py")
                       if long_without_reason(f))
    assert offenders == []


def test_every_fragment_writes_the_link_when_it_reruns():
    """A fragment's rerun does not redraw the sidebar: each one must be ui.share.fragment, which
    writes the link into the address bar (and so the share box) when the fragment's run ends."""
    found = []
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/**/*.py"), ROOT / "app.py"]:
        if path == ROOT / "ui" / "share.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "fragment" and \
                    isinstance(node.value, ast.Name) and node.value.id == "st":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, f"st.fragment used directly (use ui.share.fragment): {found}"
    uses = sum(p.read_text(encoding="utf-8").count("@fragment")
               for p in [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/**/*.py")])
    assert uses >= 10  # the check looks at the files that really hold the fragments
