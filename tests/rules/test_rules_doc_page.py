"""docs/rules.md: the generated catalogue is in sync with the data, and the examples run."""

from __future__ import annotations

import re
from pathlib import Path

from tgpl.rules import catalogue

PAGE = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_generated_block_has_not_drifted() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert catalogue.regenerate(text) == text, "run: python -m tgpl.rules.catalogue docs/rules.md"
    assert catalogue.main([str(PAGE), "--check"]) == 0


def test_catalogue_lists_every_rule_with_basis_and_dates() -> None:
    entries = catalogue.catalogue()
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    assert all(e.basis and e.effective_from for e in entries)
    for expected in ("eligibility/art7-2025-07/cl6a", "eligibility/art7-2018/cl7g", "rubric/tt12-2021/2đ",
                     "grade/tt12-art17", "success/TC30", "success/GC2", "sampling/tt12-art15", "territory-art26"):
        assert expected in ids
    assert "eligibility/art7-2025-07/cl7g" not in ids
    assert "eligibility/art7-2026/cl7đ" not in ids


def test_drift_is_detected(tmp_path: Path) -> None:
    stale = tmp_path / "rules.md"
    stale.write_text(f"intro\n{catalogue.BEGIN}\n| old |\n{catalogue.END}\n<!-- deadlines -->\n", encoding="utf-8")
    assert catalogue.main([str(stale), "--check"]) == 1
    assert catalogue.main([str(stale)]) == 0
    assert catalogue.main([str(stale), "--check"]) == 0
    assert "<!-- deadlines -->" in stale.read_text(encoding="utf-8")


def test_page_keeps_the_deadlines_section() -> None:
    assert "<!-- deadlines -->" in PAGE.read_text(encoding="utf-8")


def test_python_examples_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 4
    namespace: dict[str, object] = {}
    for i, block in enumerate(blocks):
        exec(compile(block, f"{PAGE.name}[{i}]", "exec"), namespace)
