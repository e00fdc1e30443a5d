"""Every ```python block in README.md and docs/*.md runs as a test.

All blocks of one page run in order in one namespace, in a temporary working directory,
so a page reads like a session. Use ```text (or another language) for anything that is
not meant to run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
_BLOCK = re.compile(r"^```python[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_blocks(page: Path) -> list[tuple[int, str]]:
    text = page.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in _BLOCK.finditer(text)]


def test_pages_exist() -> None:
    assert (ROOT / "README.md").exists()
    assert any(python_blocks(p) for p in PAGES), "the docs should have runnable examples"


@pytest.mark.parametrize("page", [p for p in PAGES if python_blocks(p)], ids=lambda p: str(p.relative_to(ROOT)))
def test_page_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TGPL_DOCS_ROOT", str(ROOT))
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for line, code in python_blocks(page):
        compiled = compile(code, f"{page.relative_to(ROOT)}:{line}", "exec")
        try:
            exec(compiled, namespace)
        except Exception as exc:  # pragma: no cover - the failure message is the point
            raise AssertionError(f"example at {page.name}:{line} failed: {exc!r}") from exc
    assert Path.cwd() == tmp_path
