"""Reports for the xlsx tests: the Bắc Kạn seed register (examples/bac-kan-2022-h1), built once.

Reports are built with :func:`tgpl.reporting.build.build_report` from the example's JSON
Lines files, with a fixed generation time so renders are reproducible.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

from tgpl.domain import VN_TZ
from tgpl.reporting.build import build_report
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.report import Report

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "bac-kan-2022-h1"
GENERATED_AT = dt.datetime(2022, 6, 3, 9, 30, tzinfo=VN_TZ)


@functools.cache
def bac_kan_report(suppress_below: int | None = None, generated_at: dt.datetime = GENERATED_AT) -> Report:
    """The statistics six-month report 2022 of Bắc Kạn (no province profile)."""
    report, problems = build_report(
        [str(EXAMPLE / "cases.jsonl"), str(EXAMPLE / "activities.jsonl")],
        "stats:2022-H1",
        plugins=load_plugins(load_entrypoints=False),
        generated_at=generated_at,
        deadlines=True,
        suppress_below=suppress_below,
    )
    assert problems == []
    return report


def cell_text(ws: Any, max_row: int | None = None) -> str:
    """Every non-empty cell value of a worksheet (up to ``max_row``), joined by newlines."""
    out: list[str] = []
    for row in ws.iter_rows(max_row=max_row, values_only=True):
        out.extend(str(v) for v in row if v is not None)
    return "\n".join(out)
