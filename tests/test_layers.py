"""The import directions of docs/architecture.md hold.

Walks every module under src/tgpl with ``ast`` and checks (1) which tgpl subpackages it
imports, (2) that no module reaches into another subpackage's private names.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "tgpl"

# subpackage -> the tgpl subpackages it may import (besides itself, ``tgpl`` and errors).
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "fsutil": set(),
    "domain": set(),
    "rules": {"domain"},
    "io": {"domain"},
    "privacy": {"domain", "io", "fsutil"},
    "reporting": {"domain", "rules", "io", "privacy", "fsutil"},
    "demo": {"domain", "rules", "io"},
    "integrations": {"domain", "rules", "io", "reporting"},
    "planning": {"domain", "rules", "io", "reporting", "fsutil"},
    "store": {"domain", "rules", "io"},
    "api": {"*"},
    "testing": {"*"},
    "cli": {"*"},
    "__main__": {"*"},
}
# Only these reporting modules may read files or anonymise (the statistical core may not).
REPORTING_IO_MODULES = {"build", "plugins", "formats", "engine", "engine_rules"}


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


def _subpackage(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, [a.name for a in node.names]))
    return out


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_follow_the_layers(path: Path) -> None:
    own = _subpackage(path)
    if own == "__init__":
        return
    allowed = ALLOWED[own]
    for module, _names in _imports(path):
        parts = module.split(".")
        if parts[0] != "tgpl" or len(parts) == 1:
            continue
        target = parts[1]
        if target in {own, "errors"} or "*" in allowed:
            continue
        assert target in allowed, f"{path.relative_to(SRC)} imports {module}: {own} may not import {target}"
        if own == "reporting" and target in {"io", "privacy", "fsutil"}:
            mod = path.relative_to(SRC / "reporting").parts[0].removesuffix(".py")
            assert mod in REPORTING_IO_MODULES, f"the statistical core module {mod} imports {module}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_private_names_across_subpackages(path: Path) -> None:
    own = _subpackage(path)
    for module, names in _imports(path):
        parts = module.split(".")
        if parts[0] != "tgpl" or len(parts) < 2 or parts[1] == own:
            continue
        assert not any(p.startswith("_") for p in parts[1:]), f"{path.relative_to(SRC)} imports private module {module}"
        assert not any(n.startswith("_") for n in names), f"{path.relative_to(SRC)} imports private names {names} from {module}"


def test_nothing_imports_the_cli() -> None:
    for path in _modules():
        if _subpackage(path) in {"cli", "__main__"}:
            continue
        for module, _ in _imports(path):
            assert module != "tgpl.cli", f"{path.relative_to(SRC)} imports the CLI"
