"""The disclosure domain is pure Python: no Django, ninja or task imports (like the other apps' domains)."""

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[3] / "yishi" / "disclosure" / "domain"
FORBIDDEN = ("django", "ninja", "django_tasks")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_imports_no_framework() -> None:
    modules = sorted(DOMAIN.glob("*.py"))
    assert len(modules) >= 5
    for module in modules:
        bad = {name for name in _imports(module) if name.split(".")[0] in FORBIDDEN}
        assert not bad, f"{module.name} imports {bad}"
