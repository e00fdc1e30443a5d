"""Golden files of the built-in formats on the Bắc Kạn H1 2022 example.

The report is built from ``examples/bac-kan-2022-h1`` for the statistics six-month window
with a fixed generation time and the version fields pinned to ``"GOLDEN"`` (so a release
does not change the files). To regenerate after an intended change, run::

    TGPL_REGEN_GOLDEN=1 .venv/bin/pytest tests/plugins_core/test_formats_golden.py

and review the diff of ``tests/plugins_core/golden/`` before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import attrs
import pytest

from tgpl.domain import VN_TZ
from tgpl.reporting.build import build_report, render_all
from tgpl.reporting.formats import BUILTIN_FORMATS
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.report import Report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bac-kan-2022-h1"
GOLDEN = Path(__file__).resolve().parent / "golden"
STEM = "bac-kan-stats-2022-H1"
REGEN = os.environ.get("TGPL_REGEN_GOLDEN") == "1"


def _report() -> Report:
    report, problems = build_report(
        [EXAMPLE / "cases.jsonl", EXAMPLE / "activities.jsonl"], "stats:2022-H1",
        plugins=load_plugins(load_entrypoints=False),
        generated_at=dt.datetime(2022, 8, 1, 9, 0, tzinfo=VN_TZ),
    )
    assert problems == []
    meta = attrs.evolve(report.meta, tgpl_version="GOLDEN", plugins={"tgpl": "GOLDEN"})
    return attrs.evolve(report, meta=meta)


@pytest.mark.parametrize("name", sorted(BUILTIN_FORMATS))
def test_golden(name: str, tmp_path: Path) -> None:
    fmt = BUILTIN_FORMATS[name]
    result = render_all(_report(), [fmt], tmp_path, stem=STEM)
    assert result.ok
    got = result.written[name].read_bytes()
    golden = GOLDEN / f"{STEM}.{fmt.extension}"
    if REGEN:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(got)
    assert golden.exists(), f"missing {golden}; run with TGPL_REGEN_GOLDEN=1"
    assert got == golden.read_bytes(), f"{golden.name} differs; if intended, regenerate with TGPL_REGEN_GOLDEN=1"


def test_rendering_is_deterministic() -> None:
    a, b = _report(), _report()
    for fmt in BUILTIN_FORMATS.values():
        assert fmt.render(a) == fmt.render(b)


def test_golden_figures_match_the_centre_report() -> None:
    """Seed 001 (Bắc Kạn, 6 tháng đầu năm 2022): figures the example reproduces."""
    text = (GOLDEN / f"{STEM}.md").read_text(encoding="utf-8")
    for row in (
        "| Số vụ việc thụ lý trong kỳ | vụ việc | 156 |",
        "| Số vụ việc kết thúc trong kỳ | vụ việc | 154 |",
        "| Số người tham dự truyền thông | người | 1.389 |",
    ):
        assert row in text
